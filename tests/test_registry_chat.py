"""The registry in chat for real: `/samenspel deelname …` and registry questions through Bolt and the
mock Slack Web API, and the same through the Teams endpoint and the mock Bot Connector."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from assistant.core import Assistant
from bot.slack.app import build_slack_app
from bot.slack.server import SlackHttpServer
from infra.pseudonym import Pseudonymizer
from registry.service import Actor, Registry
from registry.transfer import import_rows, read_rows
from samenspel.cli.registry import EXAMPLE_REGISTER_DIR
from samenspel.wiring import routed_answerer
from stand_ins.slack_client import SIGNING_SECRET, SlackClientSim
from stand_ins.slack_web_api import BOT_TOKEN, MockSlack
from tests.test_slack_bot import _texts
from tests.test_teams_bot import _auth, activity, post

pytestmark = pytest.mark.integration


@pytest.fixture
def with_registry(knowledge, database, settings):
    """The assistant as `samenspel serve` wires it: the example register in front of the example documents."""
    from samenspel.cli.common import EXAMPLES_DIR

    knowledge.pipeline.ingest([EXAMPLES_DIR])
    registry = Registry(database)
    import_rows(registry, [r for f in sorted(EXAMPLE_REGISTER_DIR.glob("*.csv")) for r in read_rows(f)], Actor("test", "import"))
    return Assistant(knowledge, database, settings, pseudonymize=Pseudonymizer("test-secret-of-enough-length"),
                     answerer=routed_answerer(knowledge, registry), registry=registry)


@pytest.fixture
def slack(with_registry, settings):
    mock = MockSlack().start()
    settings.slack_signing_secret, settings.slack_bot_token, settings.slack_api_url = SIGNING_SECRET, BOT_TOKEN, mock.api_url
    server = SlackHttpServer(build_slack_app(with_registry, settings), "127.0.0.1", 0)
    port = server.start()
    yield SimpleNamespace(mock=mock, sim=SlackClientSim(f"http://127.0.0.1:{port}/slack/events"))
    server.stop()
    mock.stop()


def test_slack_deelname_command_shows_the_matrix_privately(slack):
    status, body = slack.sim.command("deelname warmtenet")
    assert status == 200
    reply = json.loads(body)
    text = _texts(reply["blocks"])
    assert "*Deelname aan Warmtenet Rivierenland*" in text
    assert "• *Kreekdorp* — solidariteit (betaalt mee) · 1-2-2026 · € 15.000" in text
    assert "• *Veerhaven* — nog geen keuze" in text
    assert not slack.mock.of("chat.postMessage")  # shown to the asker only, in the command's own reply

    everything = _texts(json.loads(slack.sim.command("deelname")[1])["blocks"])
    assert "• *Woningbouwversneller* — Volledige deelname: Dijkhoven, Kreekdorp, Oeverstad · Solidariteit: Veerhaven" in everything

    unknown = json.loads(slack.sim.command("deelname Klimaatfabriek")[1])
    assert "“Klimaatfabriek” staat niet in het register" in unknown["text"]


def test_slack_registry_question_is_answered_from_the_register_with_sources(slack):
    slack.sim.mention("Doet Weidebroek mee aan de woningbouwversneller?", ts="1700000100.000100")
    update = slack.mock.wait_for("chat.update")[0].args
    text = _texts(update["blocks"])
    assert "Nee. Weidebroek doet niet mee aan Woningbouwversneller (geen deelname)" in text
    assert "Register van deelname en rollen" in text and "besluitenlijst bestuurlijke regiekamer" in text.lower()


@pytest.fixture
def teams(with_registry, settings, database):
    from bot.teams.app import TeamsBot
    from bot.teams.references import ConversationStore
    from bot.teams.server import TeamsServer, build_adapter
    from stand_ins.bot_connector import MockConnector

    connector = MockConnector().start()
    auth = _auth()
    agent = TeamsBot(with_registry, settings, ConversationStore(database)).build(auth.connections)
    server = TeamsServer(agent, build_adapter(auth), auth)
    port = server.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}/api/messages", connector=connector)
    server.stop()
    connector.stop()


def test_teams_deelname_message_gets_a_table_card(teams):
    post(teams.url, activity(teams, text="deelname Kreekdorp"))
    [sent] = teams.connector.wait_for_messages()
    card = sent.activity["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Deelname van Kreekdorp"
    [table] = [b for b in card["body"] if b["type"] == "Table"]
    rows = [[cell["items"][0]["text"] for cell in row["cells"]] for row in table["rows"]]
    assert rows[0] == ["Project", "Vorm", "Sinds", "Bijdrage"]
    assert ["Warmtenet Rivierenland", "solidariteit (betaalt mee)", "1-2-2026", "€ 15.000"] in rows
    assert ["Snelfietsroute Dijkpad", "nog geen keuze", "–", "–"] in rows


def test_teams_registry_question_in_english(teams):
    post(teams.url, activity(teams, text="Who chairs the ambtelijke regiekamer?"))
    [sent] = teams.connector.wait_for_messages()
    text = "\n".join(b.get("text", "") for b in sent.activity["attachments"][0]["content"]["body"] if b["type"] == "TextBlock")
    assert "B. Jansen (fictief) (Dijkhoven): chair of ambtelijke regiekamer" in text and "Sources" in text
