"""Two real bot processes (replicas) on one Chroma server and one PostgreSQL database, each with its
own disk: a document ingested elsewhere is answered by both within a bounded time, and a changed
document is caught up by replacing that document alone, without a rebuild."""

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
CAUGHT_UP_WITHIN = 30  # seconds: what we promise for a replica to see another's ingest


class Replica:
    def __init__(self, name: str, tmp_path: Path, shared_env: dict) -> None:
        self.mock = MockSlack().start()
        self.port = free_port()
        self.log = tmp_path / f"{name}.log"
        env = {**shared_env, "SAMENSPEL_DATA_DIR": str(tmp_path / name), "SCHEDULER_REPLICA": name,
               "SLACK_API_URL": self.mock.api_url,
               "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_HOST": "127.0.0.1",
               "SLACK_PORT": str(self.port)}
        with self.log.open("w") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "samenspel.cli", "slack"], env=env, cwd=tmp_path,
                                            stdout=log, stderr=subprocess.STDOUT, text=True)
        self.slack = SlackClientSim(f"http://127.0.0.1:{self.port}/slack/events")
        self._asked = 0

    def wait_until_up(self) -> None:
        wait_until_serving(self.process, self.port, self.log.read_text)

    def ask(self, question: str) -> str:
        """A direct message; the answer is the bot's next update of its "thinking" message."""
        seen = len(self.mock.of("chat.update"))
        self._asked += 1
        self.slack.dm(question, ts=f"17000003{self._asked:02d}.000100")
        deadline = time.monotonic() + 60
        while len(self.mock.of("chat.update")) <= seen:
            assert time.monotonic() < deadline, "no answer"
            time.sleep(0.05)
        return self.mock.of("chat.update")[seen].args["text"]

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        finally:
            self.mock.stop()


def _until_answered(replica: Replica, question: str, expected: str, *, present: bool = True) -> float:
    started = time.monotonic()
    while True:
        answer = replica.ask(question)
        if (expected in answer) == present:
            return time.monotonic() - started
        assert time.monotonic() - started < CAUGHT_UP_WITHIN, f"not caught up after {CAUGHT_UP_WITHIN} s: {answer}"
        time.sleep(0.5)


def test_two_replicas_follow_one_store(tmp_path, chroma_server, postgres_server):
    shared = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SAMENSPEL_", "DATABASE_", "CHROMA_"))}
    shared.update(HF_HUB_OFFLINE="1", PYTHONPATH=str(REPO), CHROMA_HOST="127.0.0.1", CHROMA_PORT=str(chroma_server),
                  DATABASE_URL=postgres_server.new_database(), SAMENSPEL_PSEUDONYM_SECRET="replica-test-" + "x" * 32,
                  INDEX_FOLLOW_SECONDS="1", SEMANTIC_MODEL="none", LOG_LEVEL="INFO")
    first, second = Replica("een", tmp_path, shared), Replica("twee", tmp_path, shared)
    try:
        first.wait_until_up()
        second.wait_until_up()
        assert "nog geen documenten ingelezen" in second.ask("Wie zit de warmtetafel voor?")  # the shared store is still empty

        docs = tmp_path / "docs"
        docs.mkdir()
        (docs / "tafels.md").write_text("# Tafels\n\nDe warmtetafel wordt voorgezeten door wethouder Jansen van Molenwaard.\n",
                                        encoding="utf-8")
        admin = {**shared, "SAMENSPEL_DATA_DIR": str(tmp_path / "beheer")}
        done = subprocess.run([sys.executable, "-m", "samenspel.cli", "ingest", str(docs)], env=admin, cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        for replica in (first, second):
            _until_answered(replica, "Wie zit de warmtetafel voor?", "Jansen")

        (docs / "tafels.md").write_text("# Tafels\n\nDe warmtetafel wordt voorgezeten door wethouder De Vries van Molenwaard.\n",
                                        encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "samenspel.cli", "ingest", str(docs)], env=admin, cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        _until_answered(second, "Wie zit de warmtetafel voor?", "De Vries")

        # Who may read it: narrowed on the administrator's machine, followed by both replicas; the
        # group made there (one database) lets the asker (U1) read it again on both.
        def cli(*words: str) -> None:
            done = subprocess.run([sys.executable, "-m", "samenspel.cli", *words], env=admin, cwd=tmp_path,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr

        cli("voor", "tafels.md", "regiekamer")
        for replica in (first, second):
            _until_answered(replica, "Wie zit de warmtetafel voor?", "De Vries", present=False)
        cli("groep", "zet", "regiekamer", "--lid", "slack:U1")
        for replica in (first, second):
            assert "De Vries" in replica.ask("Wie zit de warmtetafel voor?")  # a group change applies at once
    finally:
        codes = [first.stop(), second.stop()]
    assert codes == [0, 0]
    log = (tmp_path / "twee.log").read_text()
    assert "zoekindex bijgewerkt: 1 documenten vervangen" in log  # one document replaced, no rebuild


def test_replicas_starting_together_migrate_one_new_database(postgres_server):
    """Four processes' worth of start-ups at once on an empty PostgreSQL database: they take turns."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from infra.database import open_database

    url = postgres_server.new_database()
    barrier = Barrier(4)

    def start():
        barrier.wait()
        database = open_database(url)
        database.close()

    with ThreadPoolExecutor(4) as pool:
        for future in [pool.submit(start) for _ in range(4)]:
            future.result(timeout=120)
