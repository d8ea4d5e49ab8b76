"""Who may read what, tried from outside: signed Slack requests and Bot Connector activities against
the real apps. A member and a non-member ask the same question in a direct message and in a
channel; the non-member's answer, "Misschien helpt dit", the help, the App Home, a shared answer and
the feedback lists show no trace of the restricted document; a change of membership applies to the
next question."""

from __future__ import annotations

import json
import time
from types import SimpleNamespace

import pytest

from bot.slack.app import build_slack_app
from bot.slack.server import SlackHttpServer
from stand_ins.slack_client import SIGNING_SECRET, SlackClientSim
from stand_ins.slack_web_api import BOT_TOKEN, MockSlack

pytestmark = pytest.mark.integration

SECRET = ("# Conceptverdeling Zonnepark Kwelderveen\n\n"
          "## Kosten\n\nDe conceptverdeling van Zonnepark Kwelderveen kost 4,2 miljoen euro; Dijkhoven betaalt het meest.\n")
TRACES = ("4,2 miljoen", "Dijkhoven", "Conceptverdeling", "conceptverdeling.md")
QUESTION = "Wat kost Zonnepark Kwelderveen?"


def _restricted(assistant, tmp_path) -> None:
    folder = tmp_path / "besloten"
    folder.mkdir()
    (folder / "conceptverdeling.md").write_text(SECRET, encoding="utf-8")
    assistant.knowledge.pipeline.ingest([folder], audience=("regiekamer",))
    assistant.audiences.directory.save("regiekamer", members=["slack:UMEMBER", "teams:aad-member"],
                                       places=["slack:CREGIE"], actor="test")


def _no_trace(text: str) -> bool:
    return not any(t in text for t in TRACES)


@pytest.fixture
def slack(assistant, settings, docs, tmp_path):
    assistant.knowledge.pipeline.ingest([docs])
    _restricted(assistant, tmp_path)
    mock = MockSlack().start()
    # As in Slack, the bot is a member of the channels it answers in (it is no reader); the group's own
    # channel is public, its members readable without the bot in it.
    mock.channel_members.update({"CREGIE": ["UCHAIR", "UBOARD"], "CALL": ["UMEMBER", "UOTHER", "UBOT"],
                                 "CPROJ": ["UMEMBER", "UCHAIR", "UBOT"]})
    mock.failing_channels.add("CGONE")
    settings.slack_signing_secret = SIGNING_SECRET
    settings.slack_bot_token = BOT_TOKEN
    settings.slack_api_url = mock.api_url
    settings.slack_admin_user_ids_raw = "UADMIN"
    server = SlackHttpServer(build_slack_app(assistant, settings), "127.0.0.1", 0)
    port = server.start()
    yield SimpleNamespace(mock=mock, sim=SlackClientSim(f"http://127.0.0.1:{port}/slack/events"), assistant=assistant)
    server.stop()
    mock.stop()


def _answer_text(slack, count: int) -> str:
    return json.dumps(slack.mock.wait_for("chat.update", count)[count - 1].args["blocks"], ensure_ascii=False)


def test_slack_a_member_reads_it_in_private_a_non_member_gets_no_trace(slack):
    slack.sim.dm(QUESTION, user="UMEMBER", channel="DMEMBER", ts="1.1")
    assert "4,2 miljoen" in _answer_text(slack, 1)
    slack.sim.dm(QUESTION, user="UOTHER", channel="DOTHER", ts="1.2")
    assert _no_trace(_answer_text(slack, 2))
    slack.sim.dm("Wat staat er in de conceptverdeling?", user="UOTHER", channel="DOTHER", ts="1.3")  # its title
    assert _no_trace(_answer_text(slack, 3))


def test_slack_a_channel_answer_uses_only_what_every_member_may_read(slack):
    slack.sim.mention(QUESTION, user="UMEMBER", channel="CALL", ts="2.1")  # UOTHER reads along
    assert _no_trace(_answer_text(slack, 1))
    slack.sim.mention(QUESTION, user="UCHAIR", channel="CREGIE", ts="2.2")  # the group's own channel
    assert "4,2 miljoen" in _answer_text(slack, 2)
    slack.sim.mention(QUESTION, user="UCHAIR", channel="CPROJ", ts="2.3")  # one named member, one through the group's channel
    assert "4,2 miljoen" in _answer_text(slack, 3)
    slack.mock.channel_members["CPROJ"].append("UOTHER")  # someone joins: the next question already knows
    slack.sim.mention(QUESTION, user="UCHAIR", channel="CPROJ", ts="2.4")
    assert _no_trace(_answer_text(slack, 4))
    slack.mock.channel_members["CREGIE"].remove("UCHAIR")  # the chair leaves the group's channel
    slack.mock.channel_members["CPROJ"].remove("UOTHER")
    slack.sim.mention(QUESTION, user="UCHAIR", channel="CPROJ", ts="2.5")
    assert _no_trace(_answer_text(slack, 5))


def test_slack_a_group_change_applies_to_the_next_question(slack):
    slack.sim.dm(QUESTION, user="UMEMBER", channel="DMEMBER", ts="3.1")
    assert "4,2 miljoen" in _answer_text(slack, 1)
    slack.assistant.audiences.directory.take_out("regiekamer", members=["slack:UMEMBER"], actor="test")
    slack.sim.dm(QUESTION, user="UMEMBER", channel="DMEMBER", ts="3.2")
    assert _no_trace(_answer_text(slack, 2))


def test_slack_a_private_answer_is_not_shared_where_not_everyone_may_read_it(slack):
    slack.sim.command(QUESTION, user="UMEMBER", channel="CALL")
    ephemeral = slack.mock.wait_for("chat.postEphemeral")[0].args
    assert "4,2 miljoen" in json.dumps(ephemeral["blocks"], ensure_ascii=False)  # only the asker sees it
    share = next(e for b in ephemeral["blocks"] for e in b.get("elements", []) if e.get("action_id") == "share_answer")
    slack.sim.action("share_answer", share["value"], user="UMEMBER", channel="CALL", response_url=f"{slack.mock.url}/response/r1")
    refusal = slack.mock.wait_for("response_url")[0].args
    assert "deel ik hier niet" in refusal["text"] and refusal["response_type"] == "ephemeral"
    time.sleep(0.3)
    assert not slack.mock.of("chat.postMessage")


def test_slack_help_app_home_and_feedback_lists_keep_to_the_rule(slack):
    slack.sim.event({"type": "app_home_opened", "user": "UOTHER", "channel": "DOTHER", "tab": "home", "event_ts": "4.1"})
    assert _no_trace(json.dumps(slack.mock.wait_for("views.publish")[0].args["view"], ensure_ascii=False))
    slack.sim.event({"type": "app_home_opened", "user": "UMEMBER", "channel": "DMEMBER", "tab": "home", "event_ts": "4.2"})
    assert "Conceptverdeling" in json.dumps(slack.mock.wait_for("views.publish", 2)[1].args["view"], ensure_ascii=False)
    status, body = slack.sim.command("help", user="UOTHER", channel="CALL")
    assert status == 200 and _no_trace(body)
    slack.sim.dm(QUESTION, user="UMEMBER", channel="DMEMBER", ts="4.3")
    slack.mock.wait_for("chat.update")
    feedback = slack.assistant.feedback
    assert any("4,2 miljoen" in i.answer for i in feedback.items())  # the administrator's list: everything
    assert all(_no_trace(i.answer + " ".join(i.documents)) for i in feedback.items(readable_by=frozenset()))
    assert any("4,2 miljoen" in i.answer for i in feedback.items(readable_by=frozenset({"regiekamer"})))


def test_slack_holders_of_a_role_in_a_body_read_its_documents_while_they_hold_it(slack, database):
    from registry.records import Actor
    from registry.service import Registry

    registry = Registry(database)
    registry.save_role("A. de Wit", "voorzitter", "Bestuurlijke Regiekamer", Actor("cli:beheer", "cli"), account="slack:UCHAIR2")
    slack.assistant.audiences.directory.save("bestuur", bodies=["bestuurlijke regiekamer"], actor="test")
    slack.assistant.knowledge.store.set_audience("conceptverdeling.md", ("bestuur",))
    slack.sim.dm(QUESTION, user="UCHAIR2", channel="DCHAIR2", ts="6.1")
    assert "4,2 miljoen" in _answer_text(slack, 1)  # no second list to keep: the register says who sits there
    registry.end_role("A. de Wit", "voorzitter", "Bestuurlijke Regiekamer", Actor("cli:beheer", "cli"))
    slack.sim.dm(QUESTION, user="UCHAIR2", channel="DCHAIR2", ts="6.2")
    assert _no_trace(_answer_text(slack, 2))


def test_slack_a_channel_whose_members_cannot_be_read_gets_only_what_is_for_everyone(slack):
    slack.sim.mention(QUESTION, user="UMEMBER", channel="CGONE", ts="5.1")  # Slack answers channel_not_found
    assert _no_trace(_answer_text(slack, 1))


# --- Teams ---------------------------------------------------------------------------------------
@pytest.fixture
def teams(assistant, settings, database, docs, tmp_path):
    from microsoft_agents.hosting.core import ConnectionManager
    from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration

    from bot.teams.app import TeamsBot
    from bot.teams.auth import TeamsAuth
    from bot.teams.membership import TeamsMembership
    from bot.teams.references import ConversationStore
    from bot.teams.server import TeamsServer, build_adapter
    from stand_ins.bot_connector import FakeTokenProvider, MockConnector

    assistant.knowledge.pipeline.ingest([docs])
    _restricted(assistant, tmp_path)
    connector = MockConnector().start()
    config = AgentAuthConfiguration(anonymous_allowed=True)
    connections = ConnectionManager(provider_factory=lambda _c: FakeTokenProvider(), connections_configurations={"SERVICE_CONNECTION": config})
    auth = TeamsAuth(connections, config, "app-123", anonymous=True)
    conversations = ConversationStore(database)
    agent = TeamsBot(assistant, settings, conversations).build(auth.connections)
    adapter = build_adapter(auth)
    server = TeamsServer(agent, adapter, auth)
    port = server.start()
    assistant.audiences.memberships["teams"] = TeamsMembership(adapter, auth.app_id, server.loop, conversations)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}/api/messages", connector=connector, assistant=assistant)
    server.stop()
    connector.stop()


def _teams_answer(teams, count: int) -> str:
    return json.dumps(teams.connector.wait_for_messages(count)[count - 1].activity, ensure_ascii=False)


def test_teams_private_and_channel_answers_keep_to_the_rule(teams):
    from tests.test_teams_bot import activity, post

    post(teams.url, activity(teams, text=QUESTION, user="aad-member", conversation="a:personal-member"))
    assert "4,2 miljoen" in _teams_answer(teams, 1)
    post(teams.url, activity(teams, text=QUESTION, user="aad-other", conversation="a:personal-other"))
    assert _no_trace(_teams_answer(teams, 2))
    channel = "19:regie@thread.tacv2"
    teams.connector.members[channel] = ["aad-member"]
    mention = {"type": "mention", "text": "<at>Samenspel</at>", "mentioned": {"id": "28:bot", "name": "Samenspel"}}
    asked = dict(text=f"<at>Samenspel</at> {QUESTION}", user="aad-member", conversation_type="channel", entities=[mention])
    post(teams.url, activity(teams, conversation=f"{channel};messageid=1", **asked))
    assert "4,2 miljoen" in _teams_answer(teams, 3)  # only members of the group read along
    teams.connector.members[channel].append("aad-other")  # someone joins the team
    post(teams.url, activity(teams, conversation=f"{channel};messageid=2", **asked))
    assert _no_trace(_teams_answer(teams, 4))


def test_slack_an_administrator_says_who_a_sent_file_is_for(slack):
    slack.sim.dm("alleen voor regiekamer", user="UADMIN", channel="DADMIN", ts="7.1")
    said = slack.mock.wait_for("chat.postMessage")[-1].args["text"]
    assert "komende 15 minuten" in said and "regiekamer" in said
    slack.mock.add_file("F7", "verdeling.md", "# Verdeling\n\nDe verdeling van de warmtekosten is nog geheim.\n".encode())
    slack.sim.event({"type": "file_shared", "file_id": "F7", "user_id": "UADMIN", "channel_id": "DADMIN", "event_ts": "7.2"})
    slack.mock.wait_until("chat.update", lambda a: "Klaar" in a["text"])
    assert slack.assistant.knowledge.store.documents()["verdeling.md"].audience == ("regiekamer",)
    slack.sim.dm("verdeling.md alleen voor iedereen", user="UADMIN", channel="DADMIN", ts="7.3")
    slack.mock.wait_until("chat.postMessage", lambda a: "verdeling.md is nu voor: iedereen" in a["text"])
    assert slack.assistant.knowledge.store.documents()["verdeling.md"].audience == ()
    slack.sim.dm("conceptverdeling.md alleen voor iedereen", user="UOTHER", channel="DOTHER", ts="7.4")  # not an administrator
    slack.mock.wait_until("chat.postMessage", lambda a: "beheerder" in a["text"].lower())
    assert slack.assistant.knowledge.store.documents()["conceptverdeling.md"].audience == ("regiekamer",)


def test_teams_an_attachment_with_alleen_voor_is_meant_for_that_group(teams):
    from tests.test_teams_bot import activity, post

    teams.assistant.settings.teams_admin_aad_ids_raw = "aad-admin"
    teams.connector.files["verdeling.md"] = "# Verdeling\n\nDe verdeling van de warmtekosten is nog geheim.\n".encode()
    attachment = {"contentType": "application/vnd.microsoft.teams.file.download.info", "name": "verdeling.md",
                  "content": {"downloadUrl": f"{teams.connector.url}files/verdeling.md", "fileType": "md"}}
    post(teams.url, activity(teams, text="alleen voor regiekamer", user="aad-admin", conversation="a:personal-admin",
                             attachments=[attachment]))
    deadline = time.monotonic() + 30
    while "verdeling.md" not in teams.assistant.knowledge.store.documents() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert teams.assistant.knowledge.store.documents()["verdeling.md"].audience == ("regiekamer",)


def test_a_reader_of_a_store_holding_only_restricted_documents_hears_that_there_are_none_yet(assistant, tmp_path):
    from assistant.core import Person

    _restricted(assistant, tmp_path)  # the only document, for the regiekamer
    outsider = assistant.ask(QUESTION, Person("slack", "UOTHER"))
    assert outsider.kind == "no_documents"  # as in an empty store: nothing says something is there
    member = assistant.ask(QUESTION, Person("slack", "UMEMBER"))
    assert member.kind == "answer" and "4,2 miljoen" in member.answer.text
