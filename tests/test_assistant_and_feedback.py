"""The channel-free core: questions, votes, pseudonyms, rate limits, uploads, and the SQL database
under it (migrations, a database that is down)."""

from __future__ import annotations

import json
import os
import stat

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

import samenspel.cli as cli
from assistant.core import IngestBusy, NotAllowed, NothingToIngest, Person, safe_filename
from infra.database import DatabaseUnavailable, open_database
from infra.pseudonym import Pseudonymizer, load_secret
from infra.ratelimit import RateLimiter
from tests.conftest import free_port

ALICE = Person("slack", "UALICE")
ADMIN = Person("slack", "UADMIN", is_admin=True)


def test_migrations_create_the_schema_from_empty_and_are_idempotent(database_url):
    url = database_url
    db = open_database(url)
    assert {"answers", "votes", "ingest_runs", "alembic_version", "survey_rounds", "survey_deliveries",
            "survey_answers", "scheduler_claims", "teams_conversations", "registry_projects",
            "registry_participation", "registry_roles", "registry_representatives"} <= set(inspect(db.engine).get_table_names())
    db.close()
    db = open_database(url)  # a restart runs the migrations again: nothing changes
    with db.engine.connect() as connection:
        assert connection.execute(text("select version_num from alembic_version")).scalar() == _head()
    db.close()


def _head() -> str:
    """The newest migration in the folder: the schema every start must reach."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from infra.database import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def test_a_database_that_is_down_gives_a_clear_message():
    url = f"postgresql+psycopg://samenspel:geheim@127.0.0.1:{free_port()}/samenspel"
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(url)
    message = str(caught.value)
    assert "niet bereikbaar" in message and "geheim" not in message


def test_answers_are_stored_with_a_pseudonym_only(assistant, docs, database):
    assistant.knowledge.pipeline.ingest([docs])
    reply = assistant.ask("Wat doet de regiekamer?", ALICE, conversation="slack:C1:1.0")
    assert reply.answer.answered and reply.answer_id
    with database.engine.connect() as connection:
        dump = json.dumps([list(map(str, row)) for row in connection.execute(text("select * from answers"))])
    assert "UALICE" not in dump
    assert assistant.pseudonym(ALICE) in dump
    assert assistant.pseudonym(ALICE) != assistant.pseudonym(Person("teams", "UALICE"))


def test_the_answer_survives_a_database_failure(assistant, docs, monkeypatch):
    assistant.knowledge.pipeline.ingest([docs])

    def down(*_a, **_k):
        raise DatabaseUnavailable("De database is niet bereikbaar.")

    monkeypatch.setattr(assistant.feedback, "record_answer", down)
    monkeypatch.setattr(assistant.feedback, "earlier_questions", down)
    reply = assistant.ask("Wat doet de regiekamer?", ALICE, conversation="slack:C1:1.0")
    assert reply.answer.answered and reply.answer_id is None  # an answer, just without feedback buttons


def test_votes_count_once_per_person(knowledge, settings, docs, database_url):
    from assistant.core import Assistant

    db = open_database(database_url)
    assistant = Assistant(knowledge, db, settings, pseudonymize=Pseudonymizer("test-secret-of-enough-length"))
    assistant.knowledge.pipeline.ingest([docs])
    answer_id = assistant.ask("Wat doet de regiekamer?", ALICE).answer_id
    assert assistant.vote(answer_id, ALICE, 1) and assistant.vote(answer_id, ALICE, 1)
    assert assistant.vote(answer_id, Person("slack", "UBOB"), -1)
    [item] = assistant.feedback.items()
    assert (item.up, item.down) == (1, 1)
    assert not assistant.vote(999_999, ALICE, 1)
    assert assistant.feedback.earlier_questions("none") == []
    db.close()


def test_empty_question_and_rate_limit(assistant, docs):
    assistant.knowledge.pipeline.ingest([docs])
    assert assistant.ask("   ", ALICE).kind == "empty"
    clock = [0.0]
    assistant._limiter = RateLimiter(2, clock=lambda: clock[0])
    kinds = [assistant.ask("Wat doet de regiekamer?", ALICE).kind for _ in range(3)]
    assert kinds == ["answer", "answer", "limited"]
    assert assistant.ask("Wat doet de regiekamer?", Person("slack", "UBOB")).kind == "answer"  # per person
    clock[0] = 61.0
    assert assistant.ask("Wat doet de regiekamer?", ALICE).kind == "answer"


def test_only_admins_change_what_is_known(assistant, settings, tmp_path):
    with pytest.raises(NotAllowed):
        assistant.save_upload(ALICE, "x.md", b"# x")
    with pytest.raises(NotAllowed):
        assistant.ingest(ALICE)
    with pytest.raises(NothingToIngest):
        assistant.ingest(ADMIN)
    path = assistant.save_upload(ADMIN, "../../etc/notitie.md", b"# Notitie\n\nDe griffie bewaart de stukken.\n")
    assert path == settings.upload_dir / "notitie.md"
    report = assistant.ingest(ADMIN)  # no folders configured: the uploads are still re-ingested
    assert [f.source for f in report.files] == ["notitie.md"]


def test_a_second_ingest_at_the_same_time_is_refused(assistant, docs):
    assistant._ingest_lock.acquire()
    try:
        with pytest.raises(IngestBusy):
            assistant.ingest(ADMIN, [docs])
    finally:
        assistant._ingest_lock.release()


@pytest.mark.parametrize("name, safe", [("../../x.pdf", "x.pdf"), ("a/b\\c.docx", "c.docx"), (".verborgen", "verborgen"), ("", "document"), ("rapport (v2).pdf", "rapport (v2).pdf")])
def test_upload_names_are_made_safe(name, safe):
    assert safe_filename(name) == safe


def test_pseudonym_secret_is_kept_private_and_required_for_shared_databases(tmp_path):
    secret = load_secret(None, tmp_path, shared_database=False)
    assert load_secret(None, tmp_path, shared_database=False) == secret
    assert stat.S_IMODE(os.stat(tmp_path / "pseudonym.key").st_mode) == 0o600
    with pytest.raises(ValueError, match="SAMENSPEL_PSEUDONYM_SECRET"):
        load_secret(None, tmp_path, shared_database=True)
    with pytest.raises(ValueError):
        Pseudonymizer("kort")


def test_feedback_command_lists_down_votes_and_unanswered_questions(assistant, docs, settings, monkeypatch):
    assistant.knowledge.pipeline.ingest([docs])
    good = assistant.ask("Wat doet de regiekamer?", ALICE).answer_id
    assistant.vote(good, ALICE, -1)
    assistant.ask("Wat voor weer wordt het dit weekend?", ALICE)
    monkeypatch.setenv("DATABASE_URL", str(assistant.feedback._db.engine.url))
    result = CliRunner().invoke(cli.app, ["feedback", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert [i["question"] for i in payload["down"]] == ["Wat doet de regiekamer?"]
    assert [i["question"] for i in payload["unanswered"]] == ["Wat voor weer wordt het dit weekend?"]
    table = CliRunner().invoke(cli.app, ["feedback", "--unanswered"])
    assert "Vragen zonder antwoord" in table.output and "weekend" in table.output
    assert "Antwoorden met" not in table.output


def test_tokens_are_masked_in_log_records():
    import logging

    from infra.logsafety import RedactSecrets, redact

    assert redact("token xoxb-123-abc and xapp-1-A-b") == "token xoxb-*** and xapp-***"
    assert redact("Authorization: Bearer abcdefgh12345") == "Authorization: Bearer ***"
    try:
        raise RuntimeError("call with xoxb-secret-token failed")
    except RuntimeError:
        import sys

        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "using %s", ("xoxp-99-zz",), sys.exc_info())
    RedactSecrets().filter(record)
    assert "xoxp-99" not in record.getMessage() and "xoxb-secret" not in record.exc_text


def test_context_window_leaves_old_questions_out(assistant, docs, database, monkeypatch):
    from datetime import datetime, timedelta, timezone

    from infra.tables import AnswerRow

    assistant.knowledge.pipeline.ingest([docs])
    assistant.ask("hoe werkt het instapmodel?", ALICE, conversation="teams:chat-1")
    with database.session() as session:  # that question was asked two hours ago
        session.query(AnswerRow).update({AnswerRow.created_at: datetime.now(timezone.utc) - timedelta(hours=2)})
    assistant.ask("wat doet de regiekamer?", ALICE, conversation="teams:chat-1")
    window = assistant.feedback.earlier_questions("teams:chat-1", within=timedelta(minutes=30))
    assert window == ["wat doet de regiekamer?"]
    assert assistant.feedback.earlier_questions("teams:chat-1") == ["hoe werkt het instapmodel?", "wat doet de regiekamer?"]


def test_before_any_ingest_chat_says_there_are_no_documents_yet(assistant):
    from bot.texts import text

    reply = assistant.ask("Wat doet de regiekamer?", ALICE)
    assert reply.kind == "no_documents" and "nog geen documenten ingelezen" in text(reply.kind, "nl")
