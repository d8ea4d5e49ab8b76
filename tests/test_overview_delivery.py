"""The regiekamer overview delivered and scheduled: the PDF and workbook uploaded through the mock
Slack Web API, the summary card through the mock Bot Connector, once per period with two replicas,
and `samenspel overview` on demand."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from overview.build import OverviewFiles
from samenspel.scheduler import _RUNTIMES, Runtime, scheduled_overview
from tests.test_overview import AMS, END, START, _build, seed

pytestmark = pytest.mark.integration


def _files(database, tmp_path, monkeypatch) -> OverviewFiles:
    import registry.service as service

    monkeypatch.setattr(service, "utcnow", lambda: START + timedelta(days=5))
    _, files = _build(seed(database), tmp_path)
    return files


def test_slack_gets_the_pdf_and_the_workbook_with_the_summary(database, tmp_path, monkeypatch):
    from slack_sdk import WebClient

    from bot.slack.overview_delivery import SlackOverviewDeliverer
    from stand_ins.slack_web_api import BOT_TOKEN, MockSlack

    files = _files(database, tmp_path, monkeypatch)
    mock = MockSlack().start()
    try:
        SlackOverviewDeliverer(WebClient(token=BOT_TOKEN, base_url=mock.api_url), "CREGIE").deliver(files)
        names = sorted(call.args["filename"] for call in mock.wait_for("files.getUploadURLExternal", 2))
        done = mock.wait_for("files.completeUploadExternal")[0].args
    finally:
        mock.stop()
    assert names == ["overzicht-regiekamer.pdf", "overzicht.xlsx"]
    assert done["channel_id"] == "CREGIE"
    assert done["initial_comment"].startswith("Overzicht voor de regiekamer, 1 oktober 2026 t/m 31 oktober 2026.")
    assert "Voor de agenda:\n• “Afspraken nakomen” scoort laag" in done["initial_comment"]


def test_teams_gets_the_summary_card(database, tmp_path, monkeypatch):
    from bot.teams.overview_delivery import TeamsOverviewDeliverer

    files = _files(database, tmp_path, monkeypatch)
    sent = []
    TeamsOverviewDeliverer(SimpleNamespace(send=lambda key, card: sent.append((key, card))), "19:regiekamer").deliver(files)
    [(key, card)] = sent
    text = "\n".join(b["text"] for b in card["body"])
    assert key == "19:regiekamer" and "Vragen aan Samenspel: 5 (gesteld · 3 niet beantwoord)" in text and "overzicht-regiekamer.pdf" in text


def test_teams_summary_card_through_the_bot_connector(database, tmp_path, monkeypatch):
    """The real proactive send: the stored conversation, the adapter, the mock Bot Connector."""
    from bot.teams.overview_delivery import TeamsOverviewDeliverer
    from bot.teams.references import ConversationStore
    from bot.teams.server import TeamsServer, build_adapter
    from bot.teams.survey_delivery import TeamsSender
    from stand_ins.bot_connector import MockConnector
    from tests.test_teams_bot import _auth

    files = _files(database, tmp_path, monkeypatch)
    connector = MockConnector().start()
    conversations = ConversationStore(database)
    conversations.save("19:regiekamer", "channel", {
        "bot": {"id": "28:bot"}, "conversation": {"id": "19:regiekamer", "conversationType": "channel"},
        "channelId": "msteams", "serviceUrl": connector.url})
    auth = _auth()
    from microsoft_agents.hosting.core import AgentApplication, MemoryStorage

    adapter = build_adapter(auth)
    server = TeamsServer(AgentApplication(storage=MemoryStorage(), connection_manager=auth.connections), adapter, auth)
    server.start()
    try:
        TeamsOverviewDeliverer(TeamsSender(adapter, auth.app_id, server.loop, conversations), "19:regiekamer").deliver(files)
        [message] = connector.wait_for_messages(1)
    finally:
        server.stop()
        connector.stop()
    assert message.path.startswith("/v3/conversations/19:regiekamer/activities")
    card = message.activity["attachments"][0]["content"]
    assert card["body"][0]["text"].startswith("Overzicht voor de regiekamer")


def test_the_schedule_sends_one_overview_per_period_with_two_replicas(database_url, tmp_path):
    from infra.database import open_database
    from infra.pseudonym import Pseudonymizer
    from surveys.service import SurveyService

    made = []
    moment = datetime(2026, 11, 1, 7, 0, tzinfo=timezone.utc)
    names = [f"overview-{r}" for r in "ab"]
    databases = []
    for name, replica, delay in zip(names, "ab", (0, 25)):
        db = open_database(database_url)
        databases.append(db)
        service = SurveyService(db, Pseudonymizer("scheduler-test-secret"))
        _RUNTIMES[name] = Runtime(service, None, None, None, replica, timezone.utc, lambda d=delay: moment + timedelta(minutes=d),
                                  overview=lambda now, r=replica: made.append((r, now)))
    try:
        for name in names:  # b fires 25 minutes late: still the same period
            scheduled_overview(name, "0 8 1 * *")
        scheduled_overview(names[1], "0 8 1 * *")  # and once more after a restart
    finally:
        for name in names:
            _RUNTIMES.pop(name)
        for db in databases:
            db.close()
    assert [r for r, _ in made] == ["a"]


def test_the_period_of_a_scheduled_overview_is_whole_local_days():
    from infra.local_time import use_timezone
    from overview.service import period_ending, period_of

    use_timezone("Europe/Amsterdam")
    start, end = period_ending(datetime(2026, 11, 1, 7, 0, tzinfo=timezone.utc), 31)
    assert (start.isoformat(), end.isoformat()) == ("2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00")
    assert period_of("2026-10-01", "2026-10-31") == (START, END)
    with pytest.raises(ValueError, match="geen datum; schrijf bijvoorbeeld 2026-03-01"):
        period_of("1 oktober", "2026-10-31")


def test_samenspel_overview_on_demand(tmp_path, monkeypatch, settings):
    import registry.service as service
    import samenspel.cli as cli
    from infra.database import open_database

    monkeypatch.setattr(service, "utcnow", lambda: START + timedelta(days=5))
    db = open_database(settings.sql_url)
    seed(db)
    db.close()
    runner = CliRunner()
    result = runner.invoke(cli.app, ["overview", "--from", "2026-10-01", "--to", "2026-10-31", "--out", str(tmp_path / "uit"),
                                     "--zonder-documenten"])
    assert result.exit_code == 0, result.output
    assert "Overzicht voor de regiekamer, 1 oktober 2026 t/m 31 oktober 2026." in result.output
    assert (tmp_path / "uit" / "overzicht-regiekamer.pdf").stat().st_size > 20_000
    assert (tmp_path / "uit" / "tabellen" / "overzicht.xlsx").is_file()
    bad = runner.invoke(cli.app, ["overview", "--from", "2026-10-31", "--to", "2026-10-01", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "--to ligt voor --from" in bad.output


def test_without_a_period_the_overview_covers_the_previous_full_month(tmp_path, settings):
    import samenspel.cli as cli
    from overview.period import period_label
    from overview.service import previous_month

    assert previous_month(datetime(2027, 1, 15, 9, tzinfo=timezone.utc)) == (
        datetime(2026, 12, 1, tzinfo=AMS), datetime(2027, 1, 1, tzinfo=AMS))
    assert previous_month(datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc))[0] == datetime(2026, 11, 1, tzinfo=AMS)  # 1 Dec in NL
    result = CliRunner().invoke(cli.app, ["overview", "--zonder-documenten"])
    assert result.exit_code == 0, result.output
    start, end = previous_month(datetime.now(timezone.utc))
    assert f"Overzicht voor de regiekamer, {period_label(start, end)}." in result.output
    assert str(settings.report_dir) in result.output or "overzicht-" in result.output
    half = CliRunner().invoke(cli.app, ["overview", "--from", "2026-10-01"])
    assert half.exit_code == 2 and "geef --van en --tot samen" in half.output
