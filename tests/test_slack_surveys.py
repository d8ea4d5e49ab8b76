"""Reflection rounds in Slack for real: invitations through the mock Web API, answers by button
and modal through signed requests to the Bolt app, reminders, and the report in the channel."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from slack_sdk import WebClient

from bot.slack.app import build_slack_app
from bot.slack.server import SlackHttpServer
from bot.slack.survey_blocks import ANSWER_ACTION, OPEN_ACTION, OPEN_CALLBACK
from bot.slack.survey_delivery import SlackDeliverer
from infra.pseudonym import Pseudonymizer
from stand_ins.slack_client import SIGNING_SECRET, SlackClientSim
from stand_ins.slack_web_api import BOT_TOKEN, MockSlack
from surveys.runner import RoundRunner
from surveys.service import SurveyService
from surveys.templates import DEFAULT_TEMPLATE, load_templates

pytestmark = pytest.mark.integration


@pytest.fixture
def round_env(assistant, settings, database, tmp_path):
    mock = MockSlack().start()
    mock.channel_members["CREGIO"] = ["U1", "U2", "UBOT", "U3"]
    settings.slack_signing_secret, settings.slack_bot_token, settings.slack_api_url = SIGNING_SECRET, BOT_TOKEN, mock.api_url
    surveys = SurveyService(database, Pseudonymizer("survey-slack-secret-1"))
    server = SlackHttpServer(build_slack_app(assistant, settings, surveys=surveys), "127.0.0.1", 0)
    port = server.start()
    deliverer = SlackDeliverer(WebClient(token=BOT_TOKEN, base_url=mock.api_url), surveys, report_channel="CSTUUR")
    runner = RoundRunner(surveys, [deliverer], replica="a", report_dir=tmp_path / "reports", min_group_size=2)
    template = load_templates()[DEFAULT_TEMPLATE]
    now = datetime.now(timezone.utc)
    round_id = surveys.create_round(template, opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(days=7),
                                    reminders=[now + timedelta(days=3)], audience={"slack": {"channel": "CREGIO"}})
    yield SimpleNamespace(mock=mock, sim=SlackClientSim(f"http://127.0.0.1:{port}/slack/events"), surveys=surveys,
                          runner=runner, round_id=round_id, template=template, now=now)
    server.stop()
    mock.stop()


def _buttons(blocks):
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def _click(env, user, item_id, value):
    invite = next(c for c in env.mock.of("chat.postMessage") if c.args["channel"] == user)
    button = next(e for e in _buttons(invite.args["blocks"]) if e["action_id"] == ANSWER_ACTION and json.loads(e["value"]) == {"r": env.round_id, "i": item_id, "v": value})
    env.sim.action(ANSWER_ACTION, button["value"], user=user, channel="D" + user[1:], message_ts="1700000000.000009")


def test_invitations_answers_reminders_and_report(round_env):
    env = round_env
    assert env.runner.run_due() == [f"open {env.round_id}"]
    invites = env.mock.wait_for("chat.postMessage", 3)
    assert sorted(c.args["channel"] for c in invites) == ["U1", "U2", "U3"]  # the channel's members, without the bot
    blocks = invites[0].args["blocks"]
    assert blocks[0]["type"] == "header" and blocks[0]["text"]["text"] == "Kwaliteit van de samenwerking"
    likert = [e for e in _buttons(blocks) if e["action_id"] == ANSWER_ACTION]
    assert len(likert) == 8 * 5 and likert[0]["text"]["text"] == "1 Helemaal oneens"
    assert [e for e in _buttons(blocks) if e["action_id"] == OPEN_ACTION]

    _click(env, "U1", "vertrouwen", 4)
    _click(env, "U1", "vertrouwen", 4)  # a double click
    updated = env.mock.wait_for("chat.update", 2)[-1].args
    assert updated["channel"] == "D1" and updated["ts"] == "1700000000.000009"
    chosen = [e for e in _buttons(updated["blocks"]) if e.get("style") == "primary"]
    assert [json.loads(e["value"]) for e in chosen] == [{"r": env.round_id, "i": "vertrouwen", "v": 4}]
    assert env.surveys.answers_of(env.round_id, "slack", "U1") == {"vertrouwen": 4}
    assert env.surveys.response_count(env.round_id) == 1

    # The open question: a modal, then the submission.
    open_button = next(e for e in _buttons(invites[0].args["blocks"]) if e["action_id"] == OPEN_ACTION)
    env.sim.action(OPEN_ACTION, open_button["value"], user="U1", channel="D1", message_ts="1700000000.000009")
    modal = env.mock.wait_for("views.open")[0].args["view"]
    assert modal["callback_id"] == OPEN_CALLBACK
    status, _ = env.sim.view_submission(OPEN_CALLBACK, modal["private_metadata"], {"answer": {"text": {"type": "plain_text_input", "value": "Minder vergaderen."}}}, user="U1")
    assert status == 200
    env.mock.wait_until("chat.update", lambda a: "Minder vergaderen" in json.dumps(a["blocks"]))
    assert env.surveys.answers_of(env.round_id, "slack", "U1")["wat-zou-helpen"] == "Minder vergaderen."

    # U2 answers every statement: a thank-you, and no reminder later.
    for item in env.template.items:
        if item.type == "likert":
            _click(env, "U2", item.id, 5)
    thanks = env.mock.wait_until("chat.postMessage", lambda a: "Dank je wel" in a.get("text", ""))
    assert thanks.args["channel"] == "D2"
    env.mock.calls.clear()
    assert env.runner.run_due(env.now + timedelta(days=3, minutes=1)) == [f"remind {env.round_id}"]
    reminded = sorted(c.args["channel"] for c in env.mock.of("chat.postMessage"))
    assert reminded == ["U1", "U3"]
    assert "Herinnering" in json.dumps(env.mock.of("chat.postMessage")[0].args["blocks"])

    # Closing: the report goes to the steering channel as images and a CSV, with the summary.
    assert env.runner.run_due(env.now + timedelta(days=7, minutes=1)) == [f"close {env.round_id}"]
    complete = env.mock.wait_for("files.completeUploadExternal")[0].args
    assert complete["channel_id"] == "CSTUUR" and "2 van 3 uitgenodigden" in complete["initial_comment"]
    uploads = env.mock.of("upload")
    assert len(uploads) == 2 and uploads[0].args["head"].startswith(b"\x89PNG")


def test_answer_after_closing_is_refused_and_the_message_says_so(round_env):
    env = round_env
    env.runner.run_due()
    env.surveys.close_now(env.round_id)
    env.runner.run_due()
    _click(env, "U1", "vertrouwen", 3)
    refusal = env.mock.wait_for("chat.postEphemeral")[0].args
    assert "gesloten" in refusal["text"]
    closed = env.mock.wait_until("chat.update", lambda a: "gesloten" in json.dumps(a["blocks"])).args
    assert not _buttons(closed["blocks"])
    assert env.surveys.answers_of(env.round_id, "slack", "U1") == {}


def test_app_home_mentions_the_open_round(round_env):
    env = round_env
    env.runner.run_due()
    env.sim.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home", "event_ts": "1.5"})
    view = env.mock.wait_for("views.publish")[0].args["view"]
    assert "Reflectieronde open" in json.dumps(view["blocks"])


def test_an_outside_probe_of_the_database_cannot_tie_answers_to_people(round_env, database):
    """Five people answer through signed Slack requests; then someone reads the database directly
    and tries every join between answers and invitations."""
    from tests.test_survey_privacy import dump

    env = round_env
    people = ["U1", "U2", "U3", "U4", "U5"]
    env.mock.channel_members["CREGIO"] = people + ["UBOT", "U6"]
    env.runner.run_due()
    env.mock.wait_for("chat.postMessage", 6)
    for person in people:
        for item in env.template.items:
            if item.type == "likert":
                _click(env, person, item.id, 3)
        env.mock.wait_until("chat.postMessage", lambda a, p=person: "Dank je wel" in a.get("text", "") and a["channel"] == "D" + p[1:])
    tables = dump(database)
    answers, invitations = tables["survey_answers"], tables["survey_deliveries"]
    assert len({a["respondent"] for a in answers}) == 5
    linkable = {str(v) for row in invitations for k, v in row.items() if k != "round_id" and v is not None}
    for row in answers:
        assert not ({str(v) for k, v in row.items() if k not in ("round_id", "item_id", "value")} & linkable)
    assert {tuple(sorted(k for k, v in r.items() if v is not None)) for r in invitations} == {
        ("address", "channel", "id", "invited_at", "message_ref", "round_id")}  # respondents and U6 alike
    assert [d.address for d in env.surveys.deliveries(env.round_id, pending_only=True)] == ["U6"]
