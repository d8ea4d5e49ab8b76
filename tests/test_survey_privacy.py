"""What we promise about reflection rounds, checked the way an outsider would: by reading the
database itself. No column joins an answer to an invitation, and a forgotten id is nowhere."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.teams.references import ConversationStore
from infra.database import migrate, open_database
from samenspel.erasure import erase_person

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
PEOPLE = ["UALICE", "UBOB", "UCAROL", "UDAVE", "UERIN", "UFRANK"]


def _open_round(service, template, channel="slack") -> int:
    round_id = service.create_round(template, opens_at=T0, closes_at=T0 + timedelta(days=7),
                                    reminders=[T0 + timedelta(days=3)], audience={channel: {"users": PEOPLE}})
    service.set_status(round_id, "open", "scheduled")
    service.add_deliveries(round_id, channel, PEOPLE)
    return round_id


def _answer_all(service, template, round_id, user, channel="slack", minutes=0):
    for item in template.items:
        if item.type == "likert":
            service.answer(round_id, channel, user, item.id, value=4, now=T0 + timedelta(hours=1, minutes=minutes))


def dump(db) -> dict[str, list[dict]]:
    """Every row of every table, as someone with a database client would see it."""
    tables = {}
    with db.engine.connect() as connection:
        for table in inspect(db.engine).get_table_names():
            tables[table] = [dict(row._mapping) for row in connection.execute(text(f'SELECT * FROM "{table}"'))]
    return tables


def test_no_column_links_an_answer_to_an_invitation(service, template, db):
    round_id = _open_round(service, template)
    for minutes, person in enumerate(PEOPLE[:5]):  # five finish, at different moments; one never answers
        _answer_all(service, template, round_id, person, minutes=10 * minutes)
    tables = dump(db)
    answers, invitations = tables["survey_answers"], tables["survey_deliveries"]
    assert answers and invitations
    # Only round, pseudonym, item and the answer itself: no time, no counting id.
    assert set(answers[0]) == {"round_id", "respondent", "item_id", "value", "text"}
    # Try the joins: any value an answer row holds (beyond round and item) that also appears in an
    # invitation row would link the two.
    invitation_values = {str(v) for row in invitations for k, v in row.items() if k != "round_id" and v is not None}
    for row in answers:
        assert str(row["respondent"]) not in invitation_values
        assert not any(person in str(row["respondent"]) for person in PEOPLE)
        assert row["respondent"] not in {hashlib.sha256(p.encode()).hexdigest()[: len(row["respondent"])] for p in PEOPLE}
    # Who finished is not written down: a respondent's invitation looks like a non-respondent's.
    shape = {k for k in invitations[0] if k not in ("id", "address", "message_ref")}
    finished = [{k: r[k] for k in shape} for r in invitations if r["address"] in PEOPLE[:5]]
    never = [{k: r[k] for k in shape} for r in invitations if r["address"] == PEOPLE[5]]
    assert all(f == never[0] for f in finished)
    # ...but the bot itself, holding the key, still knows whom to remind.
    assert [d.address for d in service.deliveries(round_id, pending_only=True)] == [PEOPLE[5]]


def test_sqlite_answers_have_no_hidden_rowid_in_answer_order(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'samenspel.db'}")
    try:
        with db.engine.connect() as connection, pytest.raises(Exception, match="rowid"):
            connection.execute(text("SELECT rowid FROM survey_answers")).all()
    finally:
        db.close()


def _scan_sql(db, needle: str) -> list[str]:
    return [f"{table}.{column}" for table, rows in dump(db).items() for row in rows
            for column, value in row.items() if needle in str(value)]


@pytest.mark.parametrize("channel", ["slack", "teams"])
def test_forget_leaves_no_trace_of_the_id_anywhere_in_the_database(service, template, db, database_url, channel):
    first, second = _open_round(service, template, channel), _open_round(service, template, channel)
    for round_id in (first, second):
        for person in PEOPLE:
            _answer_all(service, template, round_id, person, channel)
        service.answer(round_id, channel, "UALICE", "wat-zou-helpen", text="Minder vergaderen, zegt Alice.")
    if channel == "teams":  # where the Teams bot can reach her: her ids and name
        ConversationStore(db).save("UALICE", "personal", {"user": {"id": "UALICE", "name": "Alice"}, "conversation": {"id": "a:1"}})
    registry = _registry_with_alice(db, channel)  # she represents Oeverstad, declared for it and was invited to a round
    from assistant.audiences import GroupDirectory

    GroupDirectory(db).save("regiekamer", members=[f"{channel}:UALICE", f"{channel}:UBOB"], actor="test")  # she may read its documents
    assert _scan_sql(db, "UALICE")  # the test can fail: the id is there before

    erase_person(db, service, channel, "UALICE")

    assert _scan_sql(db, "UALICE") == []
    assert [(p.variant, p.recorded_by) for p in registry.participation()] == [("solidair", f"{channel}:gewist")]  # the choice stays
    assert registry.represented_by(channel, "UALICE") == []
    assert service.answers_of(first, channel, "UALICE") == {}
    assert service.answers_of(first, channel, "UBOB")  # the others keep theirs
    assert "UBOB" in str(service.round(first).audience)
    assert GroupDirectory(db).get("regiekamer").members == (f"{channel}:UBOB",)
    if make_url(database_url).get_backend_name() == "sqlite":
        files = [Path(make_url(database_url).database + suffix) for suffix in ("", "-wal", "-journal")]
        for path in files:
            if path.exists():
                raw = path.read_bytes()
                assert b"UALICE" not in raw and b"Minder vergaderen, zegt Alice" not in raw, path


def _registry_with_alice(db, channel: str):
    from registry.records import Actor
    from registry.rounds import DeclarationRounds
    from registry.service import Registry

    registry = Registry(db)
    registry.save_organisation("Oeverstad")
    registry.save_project("Warmtenet")
    alice = Actor(f"{channel}:UALICE", channel)
    registry.add_representative("Oeverstad", channel, "UALICE", alice)
    rounds = DeclarationRounds(db, registry)
    now = datetime.now(timezone.utc)
    round_id = rounds.create(title="r", theme=None, opens_at=now, closes_at=now + timedelta(days=1), actor=alice)
    rounds.set_status(round_id, "open", expected="scheduled")
    rounds.invite_representatives(round_id, channel)
    rounds.declare(round_id, "Oeverstad", rounds.round(round_id).projects[0][0], "solidair", alice, channel=channel, user_id="UALICE")
    return registry


def test_upgrading_an_old_database_keeps_the_answers_and_drops_the_linking_columns(tmp_path):
    from alembic import command
    from alembic.config import Config

    from infra.database import MIGRATIONS_DIR

    url = f"sqlite:///{tmp_path / 'oud.db'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        connection.execute(text(
            "INSERT INTO survey_rounds (id, template_id, title, template, audience, opens_at, closes_at, reminders, status, created_at) "
            "VALUES (1, 't', 'T', '{}', '{}', '2026-12-01', '2026-12-08', '[]', 'open', '2026-12-01')"))
        connection.execute(text("INSERT INTO survey_deliveries (round_id, channel, address, completed_at, reminded) "
                                "VALUES (1, 'slack', 'UALICE', '2026-12-01 10:00:00', 1)"))
        connection.execute(text("INSERT INTO survey_responses (round_id, respondent, item_id, value, answered_at) "
                                "VALUES (1, 'abc', 'vertrouwen', 4, '2026-12-01 10:00:00')"))
    migrate(engine)
    engine.dispose()
    db = open_database(url)
    try:
        tables = dump(db)
        assert tables["survey_answers"] == [{"round_id": 1, "respondent": "abc", "item_id": "vertrouwen", "value": 4, "text": None}]
        assert "completed_at" not in tables["survey_deliveries"][0] and "reminded" not in tables["survey_deliveries"][0]
        assert "survey_responses" not in tables
    finally:
        db.close()


def test_forget_takes_the_id_out_of_the_round_reports_too(service, template, db, tmp_path):
    """A kleur-bekennen round's "what changed" says who declared; after erasure it says someone erased."""
    from registry.report import write_report

    registry = _registry_with_alice(db, "slack")
    reports = tmp_path / "reports"
    write_report(registry, reports / "kleur-bekennen-1", theme=None, changes_since=datetime.now(timezone.utc) - timedelta(days=1))
    assert "slack:UALICE" in (reports / "kleur-bekennen-1" / "wijzigingen.csv").read_text(encoding="utf-8-sig")  # can fail

    erased = erase_person(db, service, "slack", "UALICE", reports)

    assert erased.registry >= 3 and erased.reports == [reports / "kleur-bekennen-1" / "wijzigingen.csv"]
    for path in reports.rglob("*"):
        if path.is_file():
            assert b"UALICE" not in path.read_bytes(), path
    assert "slack:gewist" in (reports / "kleur-bekennen-1" / "wijzigingen.csv").read_text(encoding="utf-8-sig")
