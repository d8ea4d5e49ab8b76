"""The Slack bot for real: Bolt served on 127.0.0.1, signed requests in, a mock Web API recording
what the bot sends out."""

from __future__ import annotations

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from bot.slack.app import build_slack_app
from bot.slack.server import SlackHttpServer, SlackSocketClient
from stand_ins.slack_client import SIGNING_SECRET, SlackClientSim
from stand_ins.slack_web_api import BOT_TOKEN, MockSlack

pytestmark = pytest.mark.integration


@pytest.fixture
def slack(assistant, settings, docs):
    assistant.knowledge.pipeline.ingest([docs])
    mock = MockSlack().start()
    settings.slack_signing_secret = SIGNING_SECRET
    settings.slack_bot_token = BOT_TOKEN
    settings.slack_api_url = mock.api_url
    settings.slack_admin_user_ids_raw = "UADMIN"
    settings.contact = "<#C999|regiekamer>"
    server = SlackHttpServer(build_slack_app(assistant, settings), "127.0.0.1", 0)
    port = server.start()
    yield SimpleNamespace(mock=mock, sim=SlackClientSim(f"http://127.0.0.1:{port}/slack/events"), assistant=assistant, settings=settings)
    server.stop()
    mock.stop()


def _texts(blocks: list[dict]) -> str:
    out = []
    for block in blocks:
        if "text" in block and isinstance(block["text"], dict):
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            if isinstance(element.get("text"), dict):
                out.append(element["text"]["text"])
            elif isinstance(element.get("text"), str):
                out.append(element["text"])
    return "\n".join(out)


def _buttons(blocks: list[dict]) -> dict[str, str]:
    return {e["action_id"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]}


def test_mention_is_answered_in_the_thread_with_sources_and_feedback(slack):
    status, _ = slack.sim.mention("Wat betekent solidariteit bij deelname aan een project?", ts="1700000100.000100")
    assert status == 200
    placeholder = slack.mock.wait_for("chat.postMessage")[0].args
    assert placeholder["thread_ts"] == "1700000100.000100" and placeholder["channel"] == "C1"
    assert "Even zoeken" in placeholder["text"]
    update = slack.mock.wait_for("chat.update")[0].args
    assert update["ts"] == "1700000000.000001"  # the placeholder is replaced, not a second message
    text = _texts(update["blocks"])
    assert "betaalt zij wel mee" in text
    assert "Bronnen" in text and "Spelregels" in text
    buttons = _buttons(update["blocks"])
    assert set(buttons) == {"feedback_up", "feedback_down"}
    items = slack.assistant.feedback.items()
    assert [i.answer_id for i in items] == [int(buttons["feedback_up"])]
    assert items[0].question == "Wat betekent solidariteit bij deelname aan een project?"


def test_follow_up_in_a_thread_uses_the_earlier_question(slack, monkeypatch):
    answerer = slack.assistant.knowledge.answerer
    contexts = []
    real_answer = answerer.answer
    monkeypatch.setattr(answerer, "answer", lambda q, context=None, language=None, readable_by=None: contexts.append(context) or real_answer(q, context, language, readable_by))
    slack.sim.mention("hoe werkt het instapmodel voor projecten?", ts="1700000300.000100")
    slack.mock.wait_for("chat.update")
    slack.sim.mention("en kan dat later nog?", ts="1700000301.000100", thread_ts="1700000300.000100")
    follow_up = slack.mock.wait_for("chat.update", 2)[1].args
    assert "instappen in een lopend project" in _texts(follow_up["blocks"])
    slack.sim.mention("en kan dat later nog?", ts="1700000400.000100")  # a new thread has no context
    slack.mock.wait_for("chat.update", 3)
    assert contexts == [[], ["hoe werkt het instapmodel voor projecten?"], []]


def test_direct_message_is_answered_in_the_dm(slack):
    slack.sim.dm("Hoeveel betaalt elke gemeente aan het programmateam?")
    placeholder = slack.mock.wait_for("chat.postMessage")[0].args
    assert placeholder["channel"] == "D1" and not placeholder.get("thread_ts")
    update = slack.mock.wait_for("chat.update")[0].args
    assert "2 euro per inwoner" in _texts(update["blocks"])


def test_unknown_answer_names_the_contact(slack):
    slack.sim.dm("Wat voor weer wordt het dit weekend?")
    update = slack.mock.wait_for("chat.update")[0].args
    text = _texts(update["blocks"])
    assert "Dat kan ik niet vinden" in text and "<#C999|regiekamer>" in text
    assert slack.assistant.feedback.items(unanswered_only=True)


def test_a_redelivered_event_is_answered_once(slack):
    body = slack.sim.event_body({"type": "message", "channel_type": "im", "user": "U1", "text": "Wat doet de regiekamer?", "channel": "D1", "ts": "1.9"})
    assert slack.sim.post(body, "application/json")[0] == 200
    assert slack.sim.post(body, "application/json")[0] == 200  # Slack's retry of the same event_id
    slack.mock.wait_for("chat.update")
    time.sleep(0.5)
    assert len(slack.mock.of("chat.postMessage")) == 1


def test_own_messages_and_other_bots_are_ignored(slack):
    slack.sim.dm("Wat doet de regiekamer?", user="UBOT")
    slack.sim.dm("Wat doet de regiekamer?", bot_id="BOTHER", subtype="bot_message")
    slack.sim.dm("bewerkt", subtype="message_changed")
    time.sleep(0.5)
    assert not slack.mock.of("chat.postMessage") and not slack.mock.of("chat.update")


def test_slash_command_answers_privately_with_a_share_button(slack):
    status, body = slack.sim.command("Wat betekent solidariteit bij deelname aan een project?")
    assert status == 200 and "Even zoeken" in body
    ephemeral = slack.mock.wait_for("chat.postEphemeral")[0].args
    assert ephemeral["user"] == "U1" and ephemeral["channel"] == "C1"
    buttons = _buttons(ephemeral["blocks"])
    assert set(buttons) == {"feedback_up", "feedback_down", "share_answer"}

    slack.sim.action("share_answer", buttons["share_answer"], user="U1", response_url=f"{slack.mock.url}/response/r1")
    shared = slack.mock.wait_for("chat.postMessage")[0].args
    assert shared["channel"] == "C1"
    text = _texts(shared["blocks"])
    assert "Gedeeld door <@U1>" in text and "betaalt zij wel mee" in text
    assert "share_answer" not in _buttons(shared["blocks"])
    assert slack.mock.wait_for("response_url")[0].args["delete_original"] is True


def test_slash_command_falls_back_to_the_response_url(slack):
    slack.mock.failures["chat.postEphemeral"] = "channel_not_found"
    slack.sim.command("Wat doet de regiekamer?", channel="CPRIVATE", response_url=f"{slack.mock.url}/response/r2")
    posted = slack.mock.wait_for("response_url")[0].args
    assert posted["response_type"] == "ephemeral" and "regiekamer" in _texts(posted["blocks"]).lower()


def test_help_explains_how_to_ask_and_what_is_known(slack):
    status, body = slack.sim.command("help")
    assert status == 200
    reply = json.loads(body)
    text = _texts(reply["blocks"])
    assert "Zo stel je een vraag" in text and "5 documenten" in text


def test_votes_are_stored_once_per_person_and_can_change(slack):
    slack.sim.command("Wat doet de regiekamer?")
    answer_id = _buttons(slack.mock.wait_for("chat.postEphemeral")[0].args["blocks"])["feedback_up"]
    slack.sim.action("feedback_up", answer_id)
    slack.sim.action("feedback_up", answer_id)  # a double click
    thanks = slack.mock.wait_for("chat.postEphemeral", 3)[1].args
    assert "Dank je" in thanks["text"]
    [item] = slack.assistant.feedback.items()
    assert (item.up, item.down) == (1, 0)
    slack.sim.action("feedback_down", answer_id)
    modal = slack.mock.wait_for("views.open")[0].args["view"]
    assert modal["callback_id"] == "feedback_why"
    [item] = slack.assistant.feedback.items(down_only=True)  # the vote is stored before anything is asked
    assert (item.up, item.down) == (0, 1)
    status, _ = slack.sim.view_submission("feedback_why", modal["private_metadata"],
                                          {"why": {"text": {"type": "plain_text_input", "value": "Het ging om 2024, niet 2019."}}})
    assert status == 200
    assert "Dank je" in slack.mock.wait_for("chat.postEphemeral", 3)[2].args["text"]
    [item] = slack.assistant.feedback.items(down_only=True)
    assert item.comments == ["Het ging om 2024, niet 2019."]


@pytest.mark.parametrize(
    "tamper",
    [
        {"signature": ""},  # unsigned
        {"signature": "v0=" + "0" * 64},  # tampered
        {"timestamp": int(time.time()) - 6 * 60},  # stale: older than 5 minutes
    ],
    ids=["unsigned", "tampered", "stale"],
)
def test_requests_without_a_valid_signature_are_refused(slack, tamper):
    body = slack.sim.event_body({"type": "app_mention", "user": "U1", "text": "<@UBOT> Wat doet de regiekamer?", "channel": "C1", "ts": "1.1"})
    if "timestamp" in tamper:
        from slack_sdk.signature import SignatureVerifier

        ts = str(tamper["timestamp"])
        status, _ = slack.sim.post(body, "application/json", timestamp=tamper["timestamp"],
                                   signature=SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=ts, body=body))
    else:
        status, _ = slack.sim.post(body, "application/json", signature=tamper["signature"])
    assert status == 401
    time.sleep(0.3)
    assert not slack.mock.of("chat.postMessage")
    assert not slack.assistant.feedback.items()


@pytest.mark.parametrize("body, content_type", [
    ("dit is geen json", "application/json"),
    ("[1, 2", "application/json"),
    ("payload=%7Bkapot", "application/x-www-form-urlencoded"),
], ids=["not-json", "cut-json", "broken-payload"])
def test_a_signed_request_that_is_not_slack_is_a_400_and_nothing_happens(slack, body, content_type, caplog):
    status, _ = slack.sim.post(body, content_type)  # correctly signed, but not a Slack request
    assert status == 400
    assert "Traceback" not in caplog.text
    status, _ = slack.sim.mention("Wat doet de regiekamer?", ts="1700000900.000100")  # the app keeps working
    assert status == 200
    slack.mock.wait_for("chat.postMessage", 1)


def test_non_admin_cannot_ingest(slack, tmp_path):
    folder = tmp_path / "nieuw"
    folder.mkdir()
    (folder / "extra.md").write_text("# Extra\n\nDe waterschappen doen ook mee.\n", encoding="utf-8")
    slack.settings.document_dirs_raw = str(folder)
    before = slack.assistant.knowledge.store.count()
    status, body = slack.sim.command("ingest", user="U1")
    assert status == 200 and "Alleen beheerders" in body
    slack.mock.add_file("F1", "extra.md", b"# Extra\n\nNog meer.\n")
    slack.sim.event({"type": "file_shared", "file_id": "F1", "user_id": "U1", "channel_id": "D1", "event_ts": "1.2"})
    refusal = slack.mock.wait_for("chat.postMessage")[0].args
    assert "Alleen beheerders" in refusal["text"]
    time.sleep(0.3)
    assert not slack.mock.of("files.info") and not slack.mock.of("download")
    assert slack.assistant.knowledge.store.count() == before


def test_admin_reingests_the_document_folders_with_a_report(slack, tmp_path):
    folder = tmp_path / "nieuw"
    folder.mkdir()
    (folder / "extra.md").write_text("# Waterschap\n\nHet waterschap schuift aan bij de tafel over klimaatadaptatie.\n", encoding="utf-8")
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4 dit is geen echte pdf")
    slack.settings.document_dirs_raw = str(folder)
    status, body = slack.sim.command("ingest", user="UADMIN")
    assert status == 200 and "inlezen" in body.lower()
    status_message = slack.mock.wait_for("chat.postMessage")[0].args
    assert status_message["channel"] == "UADMIN"  # progress goes to the admin's DM
    report = slack.mock.wait_until("chat.update", lambda a: "Klaar" in a["text"]).args
    text = _texts(report["blocks"])
    assert "extra.md" in text and "toegevoegd" in text
    assert "kapot.pdf" in text and "mislukt" in text
    assert slack.assistant.knowledge.retriever.retrieve("waterschap klimaatadaptatie", 1)[0].source == "extra.md"


def test_admin_sends_a_file_in_a_dm_and_it_is_ingested(slack):
    slack.mock.add_file("F2", "afspraken.md", "# Afspraken\n\nDe kascommissie controleert jaarlijks de regionale begroting.\n".encode())
    slack.sim.event({"type": "file_shared", "file_id": "F2", "user_id": "UADMIN", "channel_id": "DADMIN", "event_ts": "1.3"})
    report = slack.mock.wait_until("chat.update", lambda a: "Klaar" in a["text"]).args
    assert "afspraken.md" in _texts(report["blocks"]) and "toegevoegd" in _texts(report["blocks"])
    download = slack.mock.of("download")[0]
    assert download.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert (slack.settings.upload_dir / "afspraken.md").is_file()  # kept for the next re-ingest
    answer = slack.assistant.knowledge.answerer.answer("Wie controleert de regionale begroting?")
    assert answer.answered and answer.citations[0].source == "afspraken.md"


def test_a_sent_file_holding_a_credential_is_refused_and_not_kept(slack):
    earlier = b"# Afspraken\n\nDe kascommissie controleert jaarlijks de regionale begroting.\n"
    slack.mock.add_file("F5", "afspraken.md", earlier)
    slack.sim.event({"type": "file_shared", "file_id": "F5", "user_id": "UADMIN", "channel_id": "DADMIN", "event_ts": "1.5"})
    slack.mock.wait_until("chat.update", lambda a: "Klaar" in a["text"])
    token = "xoxb-" + "1234567890-1234567890123-" + "AbCdEfGhIjKlMnOpQrStUvWx"
    slack.mock.add_file("F6", "afspraken.md", f"# Afspraken\n\nDe koppeling gebruikt SLACK_BOT_TOKEN={token}.\n".encode())
    slack.sim.event({"type": "file_shared", "file_id": "F6", "user_id": "UADMIN", "channel_id": "DADMIN", "event_ts": "1.6"})
    report = slack.mock.wait_until("chat.update", lambda a: "Klaar" in a["text"] and "mislukt" in _texts(a["blocks"])).args
    assert "afspraken.md" in _texts(report["blocks"])
    kept = slack.settings.upload_dir / "afspraken.md"
    assert kept.read_bytes() == earlier  # the refused version is not kept; the earlier one is back
    assert not [p for p in slack.settings.upload_dir.iterdir() if token.encode() in p.read_bytes()]
    answer = slack.assistant.knowledge.answerer.answer("Welk token gebruikt de koppeling?")
    assert token not in answer.text


def test_unsupported_file_is_refused_with_a_reason(slack):
    slack.mock.add_file("F3", "foto.png", b"\x89PNG....")
    slack.sim.event({"type": "file_shared", "file_id": "F3", "user_id": "UADMIN", "channel_id": "DADMIN", "event_ts": "1.4"})
    update = slack.mock.wait_for("chat.update")[-1].args
    assert "foto.png" in update["text"] and "bestandstype" in update["text"]
    assert not slack.mock.of("download")


def test_app_home_shows_what_the_bot_knows(slack):
    slack.sim.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home", "event_ts": "1.5"})
    view = slack.mock.wait_for("views.publish")[0].args
    assert view["user_id"] == "U1"
    text = _texts(view["view"]["blocks"])
    assert "Wat ik weet" in text and "Spelregels" in text and "Laatst ingelezen" in text


def test_failure_in_the_core_becomes_a_friendly_message(slack, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("store exploded")

    monkeypatch.setattr(slack.assistant.knowledge.answerer, "answer", broken)
    with caplog.at_level(logging.ERROR):
        slack.sim.mention("Wat doet de regiekamer?")
        update = slack.mock.wait_for("chat.update")[0].args
    assert "Sorry, er ging iets mis" in update["text"]
    assert any("store exploded" in (r.exc_text or "") or r.exc_info for r in caplog.records)
    assert BOT_TOKEN not in caplog.text


def test_rate_limit_answers_politely(slack):
    from infra.ratelimit import RateLimiter

    slack.assistant._limiter = RateLimiter(2)
    for i in range(3):
        slack.sim.dm("Wat doet de regiekamer?", ts=f"1700000500.00010{i}")
    updates = slack.mock.wait_for("chat.update", 3)
    texts = sorted(u.args["text"] for u in updates)
    assert sum("veel vragen" in t for t in texts) == 1


def test_burst_of_fifty_mentions_is_acked_fast_and_all_answered(slack):
    def mention(i: int) -> tuple[int, float]:
        started = time.monotonic()
        status, _ = slack.sim.mention("Wat doet de regiekamer?", user=f"U{i}", ts=f"1700001000.{i:06d}")
        return status, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(mention, range(50)))
    assert all(status == 200 for status, _ in results)
    assert max(seconds for _, seconds in results) < 3.0
    updates = slack.mock.wait_for("chat.update", 50, timeout=60)
    assert all("regiekamer" in u.args["text"].lower() and "Sorry" not in u.args["text"] for u in updates)
    assert len(slack.assistant.feedback.items()) == 50


def test_socket_mode_acks_and_answers(assistant, settings, docs):
    assistant.knowledge.pipeline.ingest([docs])
    mock = MockSlack().start()
    settings.slack_bot_token, settings.slack_api_url = BOT_TOKEN, mock.api_url
    client = SlackSocketClient(build_slack_app(assistant, settings), "xapp-test")
    try:
        client.start()
        mock.wait_for_socket()
        envelope = {
            "envelope_id": "env-1",
            "type": "events_api",
            "accepts_response_payload": False,
            "payload": {
                "type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": "Ev1", "event_time": 1,
                "event": {"type": "app_mention", "user": "U1", "text": "<@UBOT> Wat doet de regiekamer?", "channel": "C1", "ts": "1.7"},
            },
        }
        mock.send_over_socket(envelope)
        update = mock.wait_for("chat.update")[0].args
        assert "regiekamer" in update["text"].lower()
        assert any(frame.get("envelope_id") == "env-1" for frame in mock.socket_frames)
        assert mock.of("apps.connections.open")[0].headers["Authorization"] == "Bearer xapp-test"
    finally:
        client.stop()
        mock.stop()
