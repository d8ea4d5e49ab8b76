"""`samenspel slack` as a real process: it starts, answers a signed request, owns the store (a CLI
ingest next to it is refused at once), and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stand_ins.slack_client import SIGNING_SECRET, SlackClientSim, wait_until_serving
from stand_ins.slack_web_api import BOT_TOKEN, MockSlack
from tests.conftest import free_port

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[1]


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SAMENSPEL_", "DATABASE_"))}
    env.update(SAMENSPEL_DATA_DIR=str(tmp_path / "data"), HF_HUB_OFFLINE="1", PYTHONPATH=str(REPO), **extra)
    return env


def test_slack_refuses_to_start_without_a_signing_secret(tmp_path):
    done = subprocess.run([sys.executable, "-m", "samenspel.cli", "slack"], env=_env(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN),
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2
    assert "SLACK_SIGNING_SECRET" in done.stderr


def test_slack_process_serves_and_owns_the_store(tmp_path):
    mock = MockSlack().start()
    port = free_port()
    env = _env(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=mock.api_url,
               SLACK_HOST="127.0.0.1", SLACK_PORT=str(port), STORE_LOCK_WAIT_SECONDS="1")
    process = subprocess.Popen([sys.executable, "-m", "samenspel.cli", "slack"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_serving(process, port, process.stderr.read)
        SlackClientSim(f"http://127.0.0.1:{port}/slack/events").dm("Wat doet de regiekamer?")
        update = mock.wait_for("chat.update", timeout=60)[0].args
        assert "nog geen documenten ingelezen" in update["text"]  # the store is still empty

        started = time.monotonic()
        ingest = subprocess.run([sys.executable, "-m", "samenspel.cli", "ingest", str(tmp_path)], env=env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=120)
        assert ingest.returncode == 3
        assert "in gebruik" in ingest.stderr.lower() or "bezet" in ingest.stderr.lower()
        assert time.monotonic() - started < 60
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        finally:
            mock.stop()
    assert process.returncode == 0


def test_teams_refuses_to_start_without_credentials(tmp_path):
    done = subprocess.run([sys.executable, "-m", "samenspel.cli", "teams"], env=_env(tmp_path), capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 2
    assert "TEAMS_APP_ID" in done.stderr and "TEAMS_ALLOW_ANONYMOUS" in done.stderr
