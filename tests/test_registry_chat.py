"""The registry in chat for real: `/samenspel deelname …` and registry questions through Bolt and the
mock Slack Web API, and the same through the Teams endpoint and the mock Bot Connector."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from assistant.core import Assistant
from bot.slack.app import build_slack_app
from bot.slack.server import SlackHttpServer
from infra.pseudonym import Pseudonymizer
from registry.records import Actor
from registry.round_runner import DeclarationRunner
from registry.rounds import DeclarationRounds
from registry.service import Registry
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
def rounds(with_registry, database) -> DeclarationRounds:
    return DeclarationRounds(database, with_registry.registry)


@pytest.fixture
def slack(with_registry, settings, rounds):
    mock = MockSlack().start()
    settings.slack_signing_secret, settings.slack_bot_token, settings.slack_api_url = SIGNING_SECRET, BOT_TOKEN, mock.api_url
    server = SlackHttpServer(build_slack_app(with_registry, settings, rounds=rounds), "127.0.0.1", 0)
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
    assert "• *Kreekdorp* — solidariteit (betaalt mee) · 1 februari 2026 · € 15.000" in text
    assert "• *Veerhaven* — nog geen keuze" in text
    assert reply["blocks"][-1]["type"] == "context" and "Bron: het deelnameregister (kleur bekennen) · stand per " in text
    assert not slack.mock.of("chat.postMessage")  # shown to the asker only, in the command's own reply

    everything = _texts(json.loads(slack.sim.command("deelname")[1])["blocks"])
    assert "• *Woningbouwversneller* — Volledige deelname: Dijkhoven, Kreekdorp, Oeverstad · Solidariteit: Veerhaven" in everything

    unknown = json.loads(slack.sim.command("deelname Klimaatfabriek")[1])
    assert "“Klimaatfabriek” staat niet in het register" in unknown["text"]


def test_slack_deelname_in_a_direct_message(slack):
    """As in Teams, the word alone in a DM shows the matrix (no 'looking it up' placeholder first)."""
    slack.sim.dm("deelname Oeverstad")
    posted = slack.mock.wait_for("chat.postMessage")[0].args
    assert "*Deelname van Oeverstad*" in _texts(posted["blocks"]) and not slack.mock.of("chat.update")


def test_slack_registry_question_is_answered_from_the_register_with_sources(slack):
    slack.sim.mention("Doet Weidebroek mee aan de woningbouwversneller?", ts="1700000100.000100")
    update = slack.mock.wait_for("chat.update")[0].args
    text = _texts(update["blocks"])
    assert "Nee. Weidebroek doet niet mee aan Woningbouwversneller (geen deelname)" in text
    assert "Register van deelname en rollen" in text and "besluitenlijst bestuurlijke regiekamer" in text.lower()


@pytest.fixture
def teams(with_registry, settings, database, rounds):
    from bot.teams.app import TeamsBot
    from bot.teams.references import ConversationStore
    from bot.teams.server import TeamsServer, build_adapter
    from bot.teams.survey_delivery import TeamsSender
    from stand_ins.bot_connector import MockConnector

    connector = MockConnector().start()
    auth = _auth()
    conversations = ConversationStore(database)
    agent = TeamsBot(with_registry, settings, conversations, rounds=rounds, app_id=auth.app_id).build(auth.connections)
    adapter = build_adapter(auth)
    server = TeamsServer(agent, adapter, auth)
    port = server.start()
    sender = TeamsSender(adapter, auth.app_id, server.loop, conversations)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}/api/messages", connector=connector, sender=sender)
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
    assert ["Warmtenet Rivierenland", "solidariteit (betaalt mee)", "1 februari 2026", "€ 15.000"] in rows
    assert ["Snelfietsroute Dijkpad", "nog geen keuze", "–", "–"] in rows
    assert card["body"][-1]["text"].startswith("Bron: het deelnameregister (kleur bekennen) · stand per ")


def test_teams_registry_question_in_english(teams):
    post(teams.url, activity(teams, text="Who chairs the ambtelijke regiekamer?"))
    [sent] = teams.connector.wait_for_messages()
    text = "\n".join(b.get("text", "") for b in sent.activity["attachments"][0]["content"]["body"] if b["type"] == "TextBlock")
    assert "B. Jansen (fictief) (Dijkhoven): chair of ambtelijke regiekamer" in text and "Sources" in text


def _energy_round(rounds: DeclarationRounds) -> int:
    now = datetime.now(timezone.utc)
    return rounds.create(title="Energie 2026", theme="Energie", opens_at=now - timedelta(minutes=1),
                         closes_at=now + timedelta(days=14), actor=Actor("cli:beheer", "cli"))


def test_slack_kleur_bekennen_round_from_invitation_to_result(slack, rounds, settings, tmp_path):
    from slack_sdk import WebClient

    from bot.slack import kleur_blocks
    from bot.slack.kleur_delivery import SlackKleurDeliverer

    rounds.registry.add_representative("Kreekdorp", "slack", "U1", Actor("cli:beheer", "cli"))
    round_id = _energy_round(rounds)
    deliverer = SlackKleurDeliverer(WebClient(token=BOT_TOKEN, base_url=slack.mock.api_url), rounds, "CREGIE")
    runner = DeclarationRunner(rounds, [deliverer], replica="a", report_dir=tmp_path)
    assert runner.run_due() == [f"kleur open {round_id}"]
    invitation = slack.mock.wait_for("chat.postMessage")[0].args
    assert invitation["channel"] == "U1"
    text = _texts(invitation["blocks"])
    assert "Kleur bekennen: Energie 2026" in text and "Namens *Kreekdorp*" in text and "eerder: solidariteit" in text
    [menu] = [b["accessory"] for b in invitation["blocks"] if b.get("accessory", {}).get("action_id") == kleur_blocks.CHOICE_ACTION]
    stop = next(o["value"] for o in menu["options"] if o["text"]["text"] == "geen deelname")

    slack.sim.select(kleur_blocks.CHOICE_ACTION, stop, user="U9")  # not a representative: refused, nothing stored
    [refused] = slack.mock.wait_for("chat.postEphemeral")
    assert refused.args["user"] == "U9" and "Je bent geen vertegenwoordiger van Kreekdorp" in refused.args["text"]
    redrawn = _texts(slack.mock.wait_for("chat.update")[0].args["blocks"])  # as stored, without the refusal
    assert "geen vertegenwoordiger" not in redrawn and "Namens *Kreekdorp*" in redrawn
    assert [p.variant for p in rounds.registry.participation(organisation="Kreekdorp", project="Warmtenet Rivierenland")] == ["solidair"]

    slack.sim.select(kleur_blocks.CHOICE_ACTION, stop, user="U1")
    updated = slack.mock.wait_for("chat.update", 2)[1].args
    assert "✅ geen deelname · eerder: solidariteit" in _texts(updated["blocks"])
    assert [p.variant for p in rounds.registry.participation(organisation="Kreekdorp", project="Warmtenet Rivierenland")] == ["geen"]

    rounds.close_now(round_id)
    assert runner.run_due() == [f"kleur close {round_id}"]
    done = slack.mock.wait_for("files.completeUploadExternal")[0].args
    assert done["channel_id"] == "CREGIE"
    assert "Kreekdorp – Warmtenet Rivierenland: solidariteit (betaalt mee) → geen deelname" in done["initial_comment"]


def test_teams_kleur_bekennen_card_answers_every_project_at_once(teams, rounds, tmp_path):
    from bot.teams.kleur_delivery import TeamsKleurDeliverer
    from tests.test_teams_bot import invoke

    rounds.registry.add_representative("Weidebroek", "teams", "aad-1", Actor("cli:beheer", "cli"))
    post(teams.url, activity(teams, "conversationUpdate", membersAdded=[{"id": "28:bot"}], user="aad-1", conversation="a:personal-aad-1"))
    teams.connector.wait_for_messages(1)
    teams.connector.sent.clear()
    round_id = _energy_round(rounds)
    runner = DeclarationRunner(rounds, [TeamsKleurDeliverer(teams.sender, rounds)], replica="a", report_dir=tmp_path)
    assert runner.run_due() == [f"kleur open {round_id}"]
    [sent] = teams.connector.wait_for_messages(1)
    assert sent.path.startswith("/v3/conversations/a:personal-aad-1/")
    card = sent.activity["attachments"][0]["content"]
    [choices] = [b for b in card["body"] if b["type"] == "Input.ChoiceSet"]
    project = choices["id"][1:]

    status, body = invoke(teams, "kleur", {"round": round_id, "organisation": _org_id(rounds, "Weidebroek"),
                                           f"p{project}": "volledig", f"c{project}": "€ 40.000"}, user="aad-2")
    # told to the sender as a message; the card (the representative's) is not redrawn with the refusal
    assert status == 200 and body["statusCode"] == 400 and body["type"] == "application/vnd.microsoft.activity.message"
    assert "Je bent geen vertegenwoordiger van Weidebroek" in body["value"]
    status, body = invoke(teams, "kleur", {"round": round_id, "organisation": _org_id(rounds, "Weidebroek"),
                                           f"p{project}": "volledig", f"c{project}": "€ 40.000"}, user="aad-1")
    assert status == 200 and "✅ volledige deelname · eerder: instapmodel (stapt later in)" in json.dumps(body, ensure_ascii=False)
    [now] = rounds.registry.participation(organisation="Weidebroek", project="Warmtenet Rivierenland")
    assert (now.variant, now.contribution, now.recorded_by, now.via) == ("volledig", "€ 40.000", "teams:aad-1", "teams")


def _org_id(rounds: DeclarationRounds, name: str) -> int:
    return next(o.id for o in rounds.registry.organisations() if o.name == name)


def test_slack_contribution_and_note_through_the_form(slack, rounds, tmp_path):
    from slack_sdk import WebClient

    from bot.slack import kleur_blocks
    from bot.slack.kleur_delivery import SlackKleurDeliverer

    rounds.registry.add_representative("Veerhaven", "slack", "U1", Actor("cli:beheer", "cli"))
    round_id = _energy_round(rounds)
    DeclarationRunner(rounds, [SlackKleurDeliverer(WebClient(token=BOT_TOKEN, base_url=slack.mock.api_url), rounds)],
                      replica="a", report_dir=tmp_path).run_due()
    invitation = slack.mock.wait_for("chat.postMessage")[0].args
    details = next(e["value"] for b in invitation["blocks"] if b["type"] == "actions" for e in b["elements"]
                   if e["action_id"] == kleur_blocks.DETAILS_ACTION)
    slack.sim.action(kleur_blocks.DETAILS_ACTION, details, user="U1", channel="D1")
    modal = slack.mock.wait_for("views.open")[0].args["view"]
    modal = json.loads(modal) if isinstance(modal, str) else modal
    assert modal["callback_id"] == kleur_blocks.DETAILS_CALLBACK
    values = {"variant": {"variant": {"type": "static_select", "selected_option": {"value": json.dumps({"v": "solidair"})}}},
              "contribution": {"text": {"type": "plain_text_input", "value": "€ 7.500"}},
              "note": {"text": {"type": "plain_text_input", "value": "Besluit raad 12 november"}}}
    status, _ = slack.sim.view_submission(kleur_blocks.DETAILS_CALLBACK, modal["private_metadata"], values, user="U1")
    assert status == 200
    updated = _texts(slack.mock.wait_for("chat.update")[0].args["blocks"])
    assert "✅ solidariteit (betaalt mee)" in updated and "bijdrage € 7.500" in updated and "Besluit raad 12 november" in updated
    [now] = rounds.registry.participation(organisation="Veerhaven", project="Warmtenet Rivierenland")
    assert (now.variant, now.contribution, now.note, now.round_id) == ("solidair", "€ 7.500", "Besluit raad 12 november", round_id)


def test_slack_fellow_representatives_see_the_change_get_thanked_and_lose_the_menus_at_close(slack, rounds, tmp_path):
    """Two representatives of one organisation: when one chooses, the other's message follows (and
    says by whom); the one whose choice completes the organisation is thanked with the choices; at
    close every invitation message loses its menus at once."""
    from slack_sdk import WebClient

    from bot.slack import kleur_blocks
    from bot.slack.kleur_delivery import SlackKleurDeliverer

    for user in ("U1", "U2"):
        rounds.registry.add_representative("Kreekdorp", "slack", user, Actor("cli:beheer", "cli"))
    round_id = _energy_round(rounds)
    runner = DeclarationRunner(rounds, [SlackKleurDeliverer(WebClient(token=BOT_TOKEN, base_url=slack.mock.api_url), rounds)],
                               replica="a", report_dir=tmp_path)
    runner.run_due()
    sent = {c.args["channel"]: c.args for c in slack.mock.wait_for("chat.postMessage", 2)}
    refs = {i.address: i.message_ref for i in rounds.invitations(round_id, "slack")}
    ts = {user: refs[user]["ts"] for user in ("U1", "U2")}
    [menu] = [b["accessory"] for b in sent["U1"]["blocks"] if b.get("accessory", {}).get("action_id") == kleur_blocks.CHOICE_ACTION]
    stop = next(o["value"] for o in menu["options"] if o["text"]["text"] == "geen deelname")

    slack.sim.select(kleur_blocks.CHOICE_ACTION, stop, user="U1", channel=refs["U1"]["channel"], message_ts=ts["U1"])
    updates = {c.args["ts"]: c.args for c in slack.mock.wait_for("chat.update", 2)}
    assert set(updates) == {ts["U1"], ts["U2"]}
    fellow = _texts(updates[ts["U2"]]["blocks"])
    assert "✅ geen deelname" in fellow and "Bijgewerkt door <@U1>" in fellow
    assert "Bijgewerkt door" not in _texts(updates[ts["U1"]]["blocks"])
    thanks = slack.mock.wait_for("chat.postMessage", 3)[2].args
    assert thanks["channel"] == refs["U1"]["channel"]
    assert "Dank je wel! Kreekdorp heeft voor alle 1 projecten van “Energie 2026” gekozen" in thanks["text"]
    assert "• Warmtenet Rivierenland: geen deelname" in thanks["text"]

    slack.sim.select(kleur_blocks.CHOICE_ACTION, stop, user="U1", channel=refs["U1"]["channel"], message_ts=ts["U1"])  # a double click
    time.sleep(0.3)
    assert len(slack.mock.of("chat.update")) == 3 and len(slack.mock.of("chat.postMessage")) == 3  # only its own message redrawn

    rounds.close_now(round_id)
    before = len(slack.mock.of("chat.update"))
    runner.run_due()
    closed = [c.args for c in slack.mock.wait_for("chat.update", before + 2)[before:]]
    assert {c["ts"] for c in closed} == {ts["U1"], ts["U2"]}
    for message in closed:
        assert not [b for b in message["blocks"] if b.get("accessory") or b["type"] == "actions"]
        assert "Deze ronde is gesloten" in _texts(message["blocks"])


def test_teams_fellow_representatives_see_the_change_a_stale_card_undoes_nothing_and_close_locks_every_card(teams, rounds, tmp_path):
    from bot.teams.kleur_delivery import TeamsKleurDeliverer
    from tests.test_teams_bot import invoke

    for user in ("aad-1", "aad-2"):
        rounds.registry.add_representative("Weidebroek", "teams", user, Actor("cli:beheer", "cli"))
        post(teams.url, activity(teams, "conversationUpdate", membersAdded=[{"id": "28:bot"}], user=user, conversation=f"a:personal-{user}"))
    teams.connector.wait_for_messages(2)
    teams.connector.sent.clear()
    round_id = _energy_round(rounds)
    runner = DeclarationRunner(rounds, [TeamsKleurDeliverer(teams.sender, rounds)], replica="a", report_dir=tmp_path)
    runner.run_due()
    teams.connector.wait_for_messages(2)
    refs = {i.address: i.message_ref for i in rounds.invitations(round_id, "teams")}
    assert all(ref and ref["activity_id"] for ref in refs.values())
    organisation = _org_id(rounds, "Weidebroek")
    project = rounds.round(round_id).projects[0][0]

    status, body = invoke(teams, "kleur", {"round": round_id, "organisation": organisation, f"p{project}": "volledig"}, user="aad-1")
    assert status == 200 and body["statusCode"] == 200
    [update] = teams.connector.wait_for_updates(1)
    assert update.path == f"/v3/conversations/a:personal-aad-2/activities/{refs['aad-2']['activity_id']}"
    fellow = update.activity["attachments"][0]["content"]
    fellow_text = json.dumps(fellow, ensure_ascii=False)
    assert "Bijgewerkt door Wethouder" in fellow_text and "✅ volledige deelname" in fellow_text
    thanks = [s for s in teams.connector.messages() if "Dank je wel! Weidebroek heeft voor alle" in json.dumps(s.activity, ensure_ascii=False)]
    assert len(thanks) == 1 and "Warmtenet Rivierenland: volledige deelname" in json.dumps(thanks[0].activity, ensure_ascii=False)

    invoke(teams, "kleur", {"round": round_id, "organisation": organisation, f"p{project}": "geen"}, user="aad-1")
    stale = next(a["data"] for a in fellow["actions"] if not a["data"].get("keep"))  # aad-2's card still shows volledig
    status, body = invoke(teams, "kleur", {**stale, f"p{project}": "volledig", f"c{project}": "", f"n{project}": ""}, user="aad-2")
    assert status == 200
    [now] = rounds.registry.participation(organisation="Weidebroek", project="Warmtenet Rivierenland")
    assert now.variant == "geen"  # the stale card sent back unchanged undid nothing

    rounds.close_now(round_id)
    before = len(teams.connector.updates())
    runner.run_due()
    closed = teams.connector.wait_for_updates(before + 2)[before:]
    assert {u.path.split("/")[3] for u in closed} == {"a:personal-aad-1", "a:personal-aad-2"}
    for u in closed:
        content = u.activity["attachments"][0]["content"]
        assert not [b for b in content["body"] if b["type"].startswith("Input.")] and not content.get("actions")
        assert "Deze ronde is gesloten" in json.dumps(content, ensure_ascii=False)


def test_the_rule_beside_a_register_answer_comes_only_from_what_the_asker_may_read(with_registry, database):
    from assistant.audiences import Audiences, GroupDirectory
    from assistant.core import Person

    with_registry.audiences = Audiences(GroupDirectory(database), cache_seconds=0)
    question = "Doet Oeverstad mee aan de woningbouwversneller?"
    with_registry.knowledge.store.set_audience("spelregels-projecten-voorbeeld.md", ("regiekamer",))
    outsider = with_registry.ask(question, Person("slack", "UOTHER"))
    assert "Oeverstad doet volledig mee" in outsider.answer.text  # the register answers everyone
    assert "Spelregel in de documenten" not in outsider.answer.text
    assert all("spelregels" not in c.source for c in outsider.answer.citations)
    with_registry.audiences.directory.save("regiekamer", members=["slack:UMEMBER"], actor="test")
    member = with_registry.ask(question, Person("slack", "UMEMBER"))
    assert "Spelregel in de documenten" in member.answer.text
