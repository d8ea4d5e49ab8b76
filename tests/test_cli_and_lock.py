"""The CLI end to end (with the fake embedder swapped in) and the embedded store's lock."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

import samenspel.cli as cli
from infra.locking import StoreBusyError


@pytest.fixture
def runner(monkeypatch, fake_embeddings, analyzer):
    from samenspel.wiring import open_knowledge

    monkeypatch.setattr(cli.common, "open_core", lambda s, **kw: open_knowledge(s, embedder=fake_embeddings, analyzer=analyzer, **kw))
    return CliRunner()


def test_ingest_report_and_exit_status(runner, docs):
    ok = runner.invoke(cli.app, ["ingest", str(docs), "--json"])
    assert ok.exit_code == 0, ok.output
    summary = json.loads(ok.output)["summary"]
    assert summary["added"] == 5
    (docs / "kapot.pdf").write_bytes(b"%PDF broken")
    bad = runner.invoke(cli.app, ["ingest", str(docs)])
    assert bad.exit_code == 1
    assert "kapot.pdf" in bad.output and "mislukt" in bad.output and "ongewijzigd" in bad.output


def test_ask_retrieve_sources_remove(runner, docs):
    runner.invoke(cli.app, ["ingest", str(docs)])
    asked = runner.invoke(cli.app, ["ask", "Wat doet de regiekamer?", "--json"])
    payload = json.loads(asked.output)
    assert payload["answered"] and payload["citations"][0]["title"]
    found = json.loads(runner.invoke(cli.app, ["retrieve", "regiekamer", "--k", "2", "--json"]).output)
    assert len(found["passages"]) == 2
    assert set(found["passages"][0]) == {"text", "source", "title", "page", "section", "score"}
    sources = runner.invoke(cli.app, ["sources", "--json"])
    assert {d["source"] for d in json.loads(sources.output)["documents"]} >= {"memo.txt", "rapport.pdf"}
    assert runner.invoke(cli.app, ["remove", "memo.txt"]).exit_code == 0
    missing = runner.invoke(cli.app, ["remove", "memo.txt"])
    assert missing.exit_code == 1 and "staat niet in de kennisbank" in missing.output


def test_batch_modes_write_one_line_per_question(runner, docs, tmp_path):
    runner.invoke(cli.app, ["ingest", str(docs)])
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "question": "Wat doet de regiekamer?", "answer": "never read"}) + "\n"
        + "not json\n"
        + json.dumps({"id": "b", "question": "Hoe werkt het instapmodel?"}) + "\n",
        encoding="utf-8",
    )
    retrieved = runner.invoke(cli.app, ["retrieve", "--batch", str(batch), "--k", "3"])
    lines = [json.loads(line) for line in retrieved.stdout.splitlines() if line.startswith("{")]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert all(len(line["passages"]) <= 3 for line in lines)
    assert retrieved.exit_code == 1  # the malformed line is reported, the rest is answered
    answered = runner.invoke(cli.app, ["ask", "--batch", str(batch)])
    lines = [json.loads(line) for line in answered.stdout.splitlines() if line.startswith("{")]
    assert {"id", "answered", "answer", "citations"} <= set(lines[0])
    assert lines[0]["citations"][0]["source"]


def test_ingest_without_paths_uses_configured_folders(runner, docs, monkeypatch):
    monkeypatch.setenv("SAMENSPEL_DOCUMENT_DIRS", str(docs))
    result = runner.invoke(cli.app, ["ingest", "--json"])
    assert json.loads(result.output)["summary"]["added"] == 5
    monkeypatch.delenv("SAMENSPEL_DOCUMENT_DIRS")
    assert runner.invoke(cli.app, ["ingest"]).exit_code == 2


def test_second_process_is_refused_at_once(settings, tmp_path):
    """While one process owns the embedded store, another gets a clear refusal, not a hang."""
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time; from infra.locking import StoreLock; from pathlib import Path;"
            f"lock = StoreLock(Path({str(settings.lock_file)!r}), 1); lock.acquire(); print('held', flush=True); time.sleep(30)"
        )],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        from samenspel.wiring import open_knowledge

        started = time.monotonic()
        settings.store_lock_wait_seconds = 0.5
        with pytest.raises(StoreBusyError, match="in gebruik door een ander Samenspel-proces"):
            open_knowledge(settings)
        assert time.monotonic() - started < 3
    finally:
        holder.kill()
        holder.wait()


def test_the_overview_names_whichever_process_holds_the_store(runner, tmp_path, monkeypatch):
    from infra.settings import Settings

    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STORE_LOCK_WAIT_SECONDS", "0.5")
    lock_file = Settings().lock_file
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time; from infra.locking import StoreLock; from pathlib import Path;"
            "sys.argv = ['samenspel', 'ingest', 'stukken'];"
            f"lock = StoreLock(Path({str(lock_file)!r}), 1); lock.acquire(); print('held', flush=True); time.sleep(30)"
        )],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = runner.invoke(cli.app, ["overview", "--naar", str(tmp_path / "uit")])
        said = " ".join(result.output.split())
        assert result.exit_code == 0, said
        assert "in gebruik door een ander Samenspel-proces" in said and "samenspel ingest stukken" in said
        assert "de bot" not in said
    finally:
        holder.kill()
        holder.wait()


def test_cli_ingest_and_questions_count_in_the_overview_like_chat(runner, docs, tmp_path):
    """The README's main route leaves a trace: an ingest run and a question asked in the terminal
    are recorded as the bot records them (the question under a pseudonym, never the account name);
    a --batch run is a test, not a question anyone asked."""
    import getpass

    from sqlalchemy import select

    from assistant.feedback import FeedbackStore
    from assistant.history import IngestHistory
    from infra.tables import AnswerRow, IngestRunRow
    from samenspel.cli.common import load_settings
    from samenspel.wiring import open_database_for

    assert runner.invoke(cli.app, ["ingest", str(docs)]).exit_code == 0
    assert runner.invoke(cli.app, ["ingest", str(docs)]).exit_code == 0  # nothing new: no run for the overview
    assert runner.invoke(cli.app, ["ask", "Wat doet de regiekamer?"]).exit_code == 0
    batch = tmp_path / "q.jsonl"
    batch.write_text(json.dumps({"id": "a", "question": "Hoe werkt het instapmodel?"}) + "\n", encoding="utf-8")
    runner.invoke(cli.app, ["ask", "--batch", str(batch)])
    db = open_database_for(load_settings())
    try:
        with db.session() as session:
            runs = session.scalars(select(IngestRunRow)).all()
            asked = session.scalars(select(AnswerRow)).all()
        assert [r.trigger for r in runs] == ["cli"] and runs[0].report["summary"]["added"] == 5
        assert [(a.channel, a.question) for a in asked] == [("cli", "Wat doet de regiekamer?")]
        assert asked[0].user_pseudonym and getpass.getuser() not in asked[0].user_pseudonym
        from datetime import datetime, timedelta, timezone
        now = datetime.now(timezone.utc)
        assert len(FeedbackStore(db).items(between=(now - timedelta(hours=1), now + timedelta(hours=1)))) == 1
        assert IngestHistory(db).last().trigger == "cli"
    finally:
        db.close()


def test_demo_cleanup_removes_only_what_the_demo_made(tmp_path, monkeypatch):
    """`samenspel demo --opruimen` removes the demo's own folder, never a folder it did not make."""
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    impostor = tmp_path / "data" / "voorbeeld"
    impostor.mkdir(parents=True)
    (impostor / "eigen-notities.txt").write_text("van mij", encoding="utf-8")
    refused = CliRunner().invoke(cli.app, ["demo", "--opruimen"])
    assert refused.exit_code == 2 and "niet door de demo gemaakt" in refused.output
    assert (impostor / "eigen-notities.txt").is_file()


def test_make_clean_never_touches_the_data_folder():
    """Cleaning the build is not cleaning the data: `make clean` removes the environment and caches only."""
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    dry = subprocess.run(["make", "-n", "clean"], cwd=repo, capture_output=True, text=True, check=True).stdout
    assert "rm" in dry and ".venv" in dry
    assert not any(word in ("data", "data/", "./data") or "SAMENSPEL_DATA_DIR" in word for line in dry.splitlines() for word in line.split())


def test_the_data_folder_is_the_owners_only_whatever_the_umask(tmp_path):
    """Someone else on the server cannot read survey answers, the register or the key: the data
    folder is 0700 and every file in it 0600, also when the shell's umask is 022 and for a folder
    made before by an older version."""
    import os
    import stat
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    (data / "oud").mkdir(parents=True, mode=0o755)
    (data / "oud" / "notitie.txt").write_text("x", encoding="utf-8")
    os.chmod(data / "oud" / "notitie.txt", 0o644)
    os.chmod(data, 0o755)
    docs = tmp_path / "stukken"
    docs.mkdir()
    (docs / "a.md").write_text("# Regiekamer\n\nDe regiekamer stuurt de samenwerking aan.\n", encoding="utf-8")
    env = {**os.environ, "SAMENSPEL_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    script = "import os, sys; os.umask(0o022); from samenspel.cli import app; sys.argv = ['samenspel', *sys.argv[1:]]; app()"
    for args in (["ingest", str(docs)], ["ask", "Wat doet de regiekamer?"]):
        done = subprocess.run([sys.executable, "-c", script, *args], cwd=repo, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert (data / "samenspel.db").is_file() and (data / "pseudonym.key").is_file()
    for path in [data, *data.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode & 0o077 == 0, f"{path.relative_to(tmp_path)} is {oct(mode)}"


def test_backup_and_restore_keep_what_cannot_be_rebuilt(tmp_path, monkeypatch):
    """A backup made while another connection writes is consistent; a damaged backup is refused
    before anything is overwritten; a restore into a new machine's data folder gives the same
    register and the same pseudonyms."""
    import sqlite3
    from contextlib import closing

    from infra.database import open_database
    from infra.pseudonym import pseudonymizer_from
    from registry.service import Registry
    from samenspel.cli.common import load_settings

    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "oud"))
    settings = load_settings()
    db = open_database(settings.sql_url)
    Registry(db).save_organisation("Oeverstad")
    pseudonym = pseudonymizer_from(settings)("slack", "U1")
    (settings.data_dir / "uploads").mkdir()
    (settings.data_dir / "uploads" / "besluit.pdf").write_bytes(b"%PDF-1.4 besluit")
    with closing(sqlite3.connect(settings.data_dir / "samenspel.db")) as writer:  # the bot, mid-transaction
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO registry_themes (name, description, created_at) VALUES ('Half', '', '2026-01-01')")
        made = CliRunner().invoke(cli.app, ["backup", str(tmp_path / "bewaard")])
        writer.rollback()
    db.close()
    assert made.exit_code == 0, made.output
    assert "pseudoniemsleutel" in made.output and "samenspel ingest" in " ".join(made.output.split())
    assert sorted(p.name for p in (tmp_path / "bewaard").iterdir()) == ["pseudonym.key", "samenspel-backup.json", "samenspel.db", "uploads"]
    again = CliRunner().invoke(cli.app, ["backup", str(tmp_path / "bewaard")])
    assert again.exit_code == 1 and "niet leeg" in again.output

    damaged = tmp_path / "beschadigd"
    import shutil
    shutil.copytree(tmp_path / "bewaard", damaged)
    (damaged / "uploads" / "besluit.pdf").write_bytes(b"anders")
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "nieuw"))
    refused = CliRunner().invoke(cli.app, ["restore", str(damaged)])
    assert refused.exit_code == 1 and "uploads/besluit.pdf is veranderd of beschadigd" in " ".join(refused.output.split())
    assert not (tmp_path / "nieuw" / "samenspel.db").exists()

    restored = CliRunner().invoke(cli.app, ["restore", str(tmp_path / "bewaard")])
    assert restored.exit_code == 0, restored.output
    settings = load_settings()
    db = open_database(settings.sql_url)
    try:
        assert [o.name for o in Registry(db).organisations()] == ["Oeverstad"]
        assert "Half" not in Registry(db).themes()  # the uncommitted write was not in the backup
    finally:
        db.close()
    assert pseudonymizer_from(settings)("slack", "U1") == pseudonym
    assert (settings.data_dir / "uploads" / "besluit.pdf").read_bytes() == b"%PDF-1.4 besluit"
    twice = CliRunner().invoke(cli.app, ["restore", str(tmp_path / "bewaard")])
    assert twice.exit_code == 1 and "--overschrijven" in " ".join(twice.output.split())
    replaced = CliRunner().invoke(cli.app, ["restore", str(tmp_path / "bewaard"), "--overschrijven"])
    assert replaced.exit_code == 0 and any(p.name.startswith("samenspel.db.voor-herstel-") for p in settings.data_dir.iterdir())


def test_a_question_before_any_ingest_says_to_ingest_first(runner):
    empty = runner.invoke(cli.app, ["ask", "Wat doet de regiekamer?"])
    assert empty.exit_code == 1 and "nog geen documenten ingelezen" in empty.output and "samenspel ingest" in empty.output


def test_a_re_ingest_lists_what_changed_and_the_totals_not_every_unchanged_file(runner, docs):
    runner.invoke(cli.app, ["ingest", str(docs)])
    (docs / "memo.txt").write_text("De regiekamer vergadert voortaan maandelijks.\n", encoding="utf-8")
    again = runner.invoke(cli.app, ["ingest", str(docs)], env={"COLUMNS": "200"})
    assert again.exit_code == 0
    assert "memo.txt" in again.output and "bijgewerkt" in again.output
    assert "rapport.pdf" not in again.output  # unchanged: only counted
    assert "Totaal: 1 bijgewerkt, 4 ongewijzigd." in again.output and "--uitgebreid" in again.output
    every = runner.invoke(cli.app, ["ingest", str(docs), "--uitgebreid"], env={"COLUMNS": "200"})
    assert "rapport.pdf" in every.output and "Totaal: 5 ongewijzigd." in every.output


def test_a_reflection_round_can_be_tried_in_the_terminal(tmp_path, monkeypatch):
    """`samenspel survey proef`: the statements in the terminal, answers stored as chat stores them
    (under a pseudonym), a wrong value asked again, and others can join the same trial round."""
    from samenspel.cli.common import load_settings
    from samenspel.wiring import open_database_for, open_surveys

    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("getpass.getuser", lambda: "wethouder-a")
    statements = 8
    first = CliRunner().invoke(cli.app, ["survey", "proef"], input="7\n4\n" + "3\n" * (statements - 1) + "Meer samen doen.\n")
    assert first.exit_code == 0, first.output
    assert "Kies een van 1, 2, 3, 4, 5" in first.output and "9 antwoord(en) opgeslagen" in first.output
    assert "samenspel survey proef --ronde 1" in first.output
    monkeypatch.setattr("getpass.getuser", lambda: "wethouder-b")
    second = CliRunner().invoke(cli.app, ["survey", "proef", "--ronde", "1"], input="\n" * (statements + 1))
    assert second.exit_code == 0 and "0 antwoord(en) opgeslagen" in second.output
    settings = load_settings()
    db = open_database_for(settings)
    try:
        service = open_surveys(settings, db)
        [info] = service.rounds()
        assert info.title.endswith("(proef)") and info.status == "open"
        assert len(service.deliveries(info.id)) == 2 and service.response_count(info.id) == 1
        assert service.answers_of(info.id, "cli", "wethouder-a")["afspraken-nakomen"] == 3
        from sqlalchemy import text
        with db.session() as session:
            dumped = " ".join(str(row) for table in ("survey_answers",)
                              for row in session.execute(text(f"SELECT * FROM {table}")))
        assert "wethouder-a" not in dumped
    finally:
        db.close()
