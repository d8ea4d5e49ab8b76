"""The Teams bot for real: the aiohttp endpoint on 127.0.0.1, activities POSTed to it, and a mock
Bot Connector (serviceUrl) recording the replies and proactive sends."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
import zipfile
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration, ConnectionManager

from bot.teams import cards
from bot.teams.app import TeamsBot
from bot.teams.auth import TeamsAuth, TeamsConfigError, teams_auth
from bot.teams.package import build_package
from bot.teams.references import ConversationStore
from bot.teams.server import TeamsServer, build_adapter
from bot.teams.survey_delivery import TeamsDeliverer
from infra.pseudonym import Pseudonymizer
from stand_ins.bot_connector import FakeTokenProvider, MockConnector
from surveys.runner import RoundRunner
from surveys.service import SurveyService
from surveys.templates import DEFAULT_TEMPLATE, load_templates

pytestmark = pytest.mark.integration
ADMIN = "aad-admin"


def _auth(anonymous: bool = True) -> TeamsAuth:
    config = AgentAuthConfiguration(anonymous_allowed=True) if anonymous else AgentAuthConfiguration(
        client_id="app-123", client_secret="geheim", tenant_id="tenant-1", anonymous_allowed=False)
    connections = ConnectionManager(provider_factory=lambda _c: FakeTokenProvider(), connections_configurations={"SERVICE_CONNECTION": config})
    return TeamsAuth(connections, config, "app-123", anonymous=anonymous)


@pytest.fixture
def teams(assistant, settings, database, docs, tmp_path):
    assistant.knowledge.pipeline.ingest([docs])
    settings.teams_admin_aad_ids_raw = ADMIN
    settings.contact = "de regiekamer (regiekamer@regio.nl)"
    connector = MockConnector().start()
    conversations = ConversationStore(database)
    surveys = SurveyService(database, Pseudonymizer("teams-survey-secret-1"))
    auth = _auth()
    agent = TeamsBot(assistant, settings, conversations, surveys).build(auth.connections)
    adapter = build_adapter(auth)
    server = TeamsServer(agent, adapter, auth)
    port = server.start()
    deliverer = TeamsDeliverer(adapter, auth.app_id, server.loop, conversations, surveys)
    runner = RoundRunner(surveys, [deliverer], replica="a", report_dir=tmp_path / "reports", min_group_size=2)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}/api/messages", connector=connector, assistant=assistant,
                          conversations=conversations, surveys=surveys, runner=runner)
    server.stop()
    connector.stop()


_ids = iter(range(1, 10_000))


def activity(env, kind="message", *, text=None, user="aad-1", conversation="a:personal-1", conversation_type="personal", **extra) -> dict:
    out = {
        "type": kind, "id": f"act-{next(_ids)}", "channelId": "msteams", "serviceUrl": env.connector.url,
        "timestamp": datetime.now(timezone.utc).isoformat(),
        "from": {"id": f"29:{user}", "aadObjectId": user, "name": "Wethouder"},
        "recipient": {"id": "28:bot", "name": "Samenspel"},
        "conversation": {"id": conversation, "conversationType": conversation_type, "tenantId": "tenant-1"},
        **extra,
    }
    if text is not None:
        out["text"] = text
    return out


def post(url: str, body, headers: dict | None = None) -> tuple[int, str]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def invoke(env, verb: str, data: dict, user="aad-1") -> tuple[int, dict]:
    body = activity(env, "invoke", user=user, name="adaptiveCard/action",
                    value={"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"})
    status, text = post(env.url, body)
    return status, json.loads(text) if text else {}


def _card_text(card: dict) -> str:
    return "\n".join(b.get("text", "") for b in card["body"] if b["type"] == "TextBlock")


def test_personal_question_gets_an_answer_card(teams):
    question = activity(teams, text="Wat betekent solidariteit bij deelname aan een project?")
    status, _ = post(teams.url, question)
    assert status in (200, 202)
    [sent] = teams.connector.wait_for_messages()
    assert sent.path == f"/v3/conversations/a:personal-1/activities/{question['id']}"
    assert any(s.activity.get("type") == "typing" for s in teams.connector.sent)
    card = sent.activity["attachments"][0]["content"]
    text = _card_text(card)
    assert "betaalt zij wel mee" in text and "Bronnen" in text and "Spelregels" in text
    verbs = [(a["verb"], a["data"]["vote"]) for a in card["actions"]]
    assert verbs == [("feedback", 1), ("feedback", -1)]
    [item] = teams.assistant.feedback.items()
    assert item.channel == "teams" and card["actions"][0]["data"]["answer"] == item.answer_id


def test_channel_mention_and_follow_up_in_the_same_conversation(teams, monkeypatch):
    answerer = teams.assistant.knowledge.answerer
    contexts, real = [], answerer.answer
    monkeypatch.setattr(answerer, "answer", lambda q, context=None, language=None, readable_by=None: contexts.append(context) or real(q, context, language, readable_by))
    mention = {"type": "mention", "text": "<at>Samenspel</at>", "mentioned": {"id": "28:bot", "name": "Samenspel"}}
    thread = "19:kanaal@thread.tacv2;messageid=1700"
    post(teams.url, activity(teams, text="<at>Samenspel</at> hoe werkt het instapmodel voor projecten?", conversation=thread,
                             conversation_type="channel", entities=[mention]))
    teams.connector.wait_for_messages(1)
    post(teams.url, activity(teams, text="<at>Samenspel</at> en kan dat later nog?", conversation=thread,
                             conversation_type="channel", entities=[mention]))
    [_, second] = teams.connector.wait_for_messages(2)
    assert "instappen in een lopend project" in _card_text(second.activity["attachments"][0]["content"])
    assert contexts == [[], ["hoe werkt het instapmodel voor projecten?"]]


def test_feedback_is_stored_once_per_person(teams):
    post(teams.url, activity(teams, text="Wat doet de regiekamer?"))
    card = teams.connector.wait_for_messages()[0].activity["attachments"][0]["content"]
    answer_id = card["actions"][0]["data"]["answer"]
    for _ in range(2):
        status, body = invoke(teams, "feedback", {"answer": answer_id, "vote": -1})
        assert status == 200 and body["statusCode"] == 200 and "Dank je" in body["value"]
    [item] = teams.assistant.feedback.items(down_only=True)
    assert (item.up, item.down) == (0, 1)
    status, body = invoke(teams, "feedback", {"vote": "x"})
    assert status == 200 and body["statusCode"] == 400


def test_install_stores_the_reference_and_welcomes(teams):
    update = activity(teams, "conversationUpdate", membersAdded=[{"id": "28:bot"}, {"id": "29:aad-9"}], user="aad-9",
                      conversation="a:personal-9")
    status, _ = post(teams.url, update)
    assert status in (200, 202)
    reference = teams.conversations.get("aad-9")
    assert reference["conversation"]["id"] == "a:personal-9" and reference["serviceUrl"] == teams.connector.url
    welcome = teams.connector.wait_for_messages()[0].activity["attachments"][0]["content"]
    assert "Zo stel je een vraag" in _card_text(welcome)


def test_survey_cards_are_sent_proactively_and_answers_recorded(teams):
    for user in ("aad-1", "aad-2"):
        post(teams.url, activity(teams, "conversationUpdate", membersAdded=[{"id": "28:bot"}], user=user, conversation=f"a:personal-{user}"))
    teams.connector.wait_for_messages(2)
    teams.connector.sent.clear()
    now = datetime.now(timezone.utc)
    template = load_templates()[DEFAULT_TEMPLATE]
    round_id = teams.surveys.create_round(template, opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(days=7),
                                          reminders=[now + timedelta(days=3)], audience={"teams": {"all": True}})
    assert teams.runner.run_due() == [f"open {round_id}"]
    sent = teams.connector.wait_for_messages(2)
    assert sorted(s.path.split("/")[3] for s in sent) == ["a:personal-aad-1", "a:personal-aad-2"]
    assert all(s.authorization == "Bearer test-token" for s in sent)
    survey = sent[0].activity["attachments"][0]["content"]
    choices = [b for b in survey["body"] if b["type"] == "Input.ChoiceSet"]
    assert len(choices) == 8 and choices[0]["choices"][0]["title"] == "1 Helemaal oneens"

    answers = {i.id: "4" for i in template.items if i.type == "likert"}
    answers["wat-zou-helpen"] = "Vaker samen op pad."
    status, body = invoke(teams, "survey", {"round": round_id, **answers}, user="aad-1")
    assert status == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Dank je wel" in _card_text(body["value"])
    stored = teams.surveys.answers_of(round_id, "teams", "aad-1")
    assert stored["vertrouwen"] == 4 and stored["wat-zou-helpen"] == "Vaker samen op pad."
    invoke(teams, "survey", {"round": round_id, **answers}, user="aad-1")  # sent twice: still one answer per item
    assert teams.surveys.response_count(round_id) == 1

    teams.connector.sent.clear()
    assert teams.runner.run_due(now + timedelta(days=3, minutes=1)) == [f"remind {round_id}"]
    [reminder] = teams.connector.wait_for_messages(1)
    assert reminder.path.split("/")[3] == "a:personal-aad-2"
    assert "Herinnering" in _card_text(reminder.activity["attachments"][0]["content"])


def test_admin_attachment_is_ingested_and_others_are_refused(teams):
    teams.connector.files["kas.md"] = "# Kascommissie\n\nDe kascommissie controleert jaarlijks de regionale begroting.\n".encode()
    attachment = {"contentType": "application/vnd.microsoft.teams.file.download.info", "name": "kas.md",
                  "content": {"downloadUrl": f"{teams.connector.url}files/kas.md", "fileType": "md"}}
    post(teams.url, activity(teams, text="", user="aad-1", attachments=[attachment]))
    refusal = teams.connector.wait_for_messages(1)[0].activity["attachments"][0]["content"]
    assert "Alleen beheerders" in _card_text(refusal) and teams.connector.downloads == []

    post(teams.url, activity(teams, text="", user=ADMIN, conversation="a:personal-admin", attachments=[attachment]))
    deadline = time.monotonic() + 30
    while not any("Klaar met inlezen" in _card_text(c) for c in teams.connector.cards()) and time.monotonic() < deadline:
        time.sleep(0.05)
    report = next(c for c in teams.connector.cards() if "Klaar met inlezen" in _card_text(c))
    assert "kas.md" in _card_text(report) and "toegevoegd" in _card_text(report)
    answer = teams.assistant.knowledge.answerer.answer("Wie controleert de regionale begroting?")
    assert answer.answered and answer.citations[0].source == "kas.md"


def test_an_attachment_holding_a_credential_is_refused_and_not_kept(teams):
    secret = "postgresql://samenspel:Geheim-Wachtwoord-77@db.example.nl:5432/samenspel"
    teams.connector.files["koppeling.md"] = f"# Koppeling\n\nDe database staat op {secret}.\n".encode()
    attachment = {"contentType": "application/vnd.microsoft.teams.file.download.info", "name": "koppeling.md",
                  "content": {"downloadUrl": f"{teams.connector.url}files/koppeling.md", "fileType": "md"}}
    post(teams.url, activity(teams, text="", user=ADMIN, conversation="a:personal-admin", attachments=[attachment]))
    deadline = time.monotonic() + 30
    while not any("Klaar met inlezen" in _card_text(c) for c in teams.connector.cards()) and time.monotonic() < deadline:
        time.sleep(0.05)
    report = next(c for c in teams.connector.cards() if "Klaar met inlezen" in _card_text(c))
    assert "koppeling.md" in _card_text(report) and "mislukt" in _card_text(report)
    assert "koppeling.md" not in teams.assistant.knowledge.store.documents()
    assert not (teams.assistant.settings.upload_dir / "koppeling.md").exists()


def test_failure_inside_becomes_a_friendly_card(teams, monkeypatch, caplog):
    def broken(*_a, **_k):
        raise RuntimeError("kapotte index")

    monkeypatch.setattr(teams.assistant.knowledge.answerer, "answer", broken)
    with caplog.at_level(logging.ERROR):
        post(teams.url, activity(teams, text="Wat doet de regiekamer?"))
        card = teams.connector.wait_for_messages()[0].activity["attachments"][0]["content"]
    assert "Sorry, er ging iets mis" in _card_text(card)
    assert "kapotte index" not in json.dumps(teams.connector.sent[-1].activity)
    assert any(r.exc_info for r in caplog.records)


def test_malformed_activities_get_a_4xx_and_do_nothing(teams):
    assert post(teams.url, b"geen json")[0] == 400
    assert post(teams.url, {"type": "message", "text": "hoi"})[0] == 400  # no conversation
    for body in ({}, [], {"type": "message"}, "tekst", {"type": 3, "conversation": "x"}):
        status, text_ = post(teams.url, body)
        assert status == 400 and "Traceback" not in text_, body
    time.sleep(0.3)
    assert teams.connector.sent == []


def test_with_auth_on_requests_without_a_valid_token_get_401(assistant, settings, database):
    connector = MockConnector().start()
    auth = _auth(anonymous=False)
    agent = TeamsBot(assistant, settings, ConversationStore(database)).build(auth.connections)
    server = TeamsServer(agent, build_adapter(auth), auth)
    url = f"http://127.0.0.1:{server.start()}/api/messages"
    try:
        env = SimpleNamespace(connector=connector)
        body = activity(env, text="Wat doet de regiekamer?")
        assert post(url, body)[0] == 401
        assert post(url, body, {"Authorization": "Basic abc"})[0] == 401
        assert post(url, body, {"Authorization": "Bearer niet.een.token"})[0] == 401
        with urllib.request.urlopen(url.replace("/api/messages", "/healthz"), timeout=10) as health:
            assert health.status == 200
        time.sleep(0.3)
        assert connector.sent == [] and not assistant.feedback.items()
    finally:
        server.stop()
        connector.stop()


def test_teams_refuses_to_start_without_credentials_or_explicit_anonymous(settings, caplog):
    with pytest.raises(TeamsConfigError, match="TEAMS_APP_ID"):
        teams_auth(settings, environ={})
    settings.teams_app_id = "app-1"
    with pytest.raises(TeamsConfigError, match="TEAMS_APP_PASSWORD"):
        teams_auth(settings, environ={})
    settings.teams_app_password, settings.teams_tenant_id = "geheim", "t1"
    auth = teams_auth(settings, environ={})
    assert not auth.anonymous and auth.configuration.CLIENT_ID == "app-1" and not auth.configuration.ANONYMOUS_ALLOWED
    settings.teams_app_id = None
    sdk = teams_auth(settings, environ={"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "app-2",
                                        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "s",
                                        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": "t"})
    assert sdk.app_id == "app-2" and not sdk.anonymous
    settings.teams_allow_anonymous = True
    with caplog.at_level(logging.WARNING):
        assert teams_auth(settings, environ={}).anonymous
    assert "WITHOUT authentication" in caplog.text


def test_app_package_has_manifest_and_icons(tmp_path):
    from PIL import Image

    path = build_package("11111111-2222-3333-4444-555555555555", tmp_path / "app.zip", website="https://www.regio.nl/samenspel")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        archive.extractall(tmp_path / "x")
    assert manifest["bots"][0]["botId"] == manifest["id"] == "11111111-2222-3333-4444-555555555555"
    assert manifest["bots"][0]["supportsFiles"] and set(manifest["bots"][0]["scopes"]) == {"personal", "team", "groupChat"}
    assert Image.open(tmp_path / "x" / "color.png").size == (192, 192)
    outline = Image.open(tmp_path / "x" / "outline.png")
    assert outline.size == (32, 32) and outline.mode == "RGBA"
    assert manifest["developer"]["privacyUrl"] == "https://www.regio.nl/samenspel/privacy"
    assert "example.org" not in json.dumps(manifest)


@pytest.mark.parametrize("app_id, website, complaint", [
    ("mijn-bot", "https://www.regio.nl", "geen geldige app-id"),
    ("", "https://www.regio.nl", "app-id"),
    ("11111111-2222-3333-4444-555555555555", "", "https-adres voor TEAMS_APP_WEBSITE"),
    ("11111111-2222-3333-4444-555555555555", "http://www.regio.nl", "https-adres"),
])
def test_app_package_refuses_what_teams_would_refuse(tmp_path, app_id, website, complaint):
    from bot.teams.package import PackageError

    with pytest.raises(PackageError, match=complaint):
        build_package(app_id, tmp_path / "app.zip", website=website)
    assert not (tmp_path / "app.zip").exists()


def test_cards_as_data():
    from knowledge.models import Answer, Citation

    answer = Answer("Volgens “Rapport” (p. 6): “De regiekamer stuurt.” [1]", [Citation("r.pdf", "Rapport", 6, "q", "Rollen")] * 2, True)
    card = cards.answer_card(answer, 5, "x")
    assert card["version"] == "1.5" and card["body"][2]["text"] == "[1, 2] Rapport, p. 6 — Rollen"
    unknown = cards.answer_card(Answer("Dat kan ik niet vinden in de documenten.", [], False), None, "de griffie")
    assert "Vraag het gerust aan de griffie." in _card_text(unknown) and "actions" not in unknown


def test_admin_types_inlezen_to_reingest_the_folders(teams, settings, tmp_path):
    folder = tmp_path / "regio-docs"
    folder.mkdir()
    (folder / "agenda.md").write_text("# Agenda\n\nDe regionale agenda wordt elk voorjaar herijkt.\n", encoding="utf-8")
    settings.document_dirs_raw = str(folder)
    post(teams.url, activity(teams, text="inlezen", user="aad-1"))
    assert "Alleen beheerders" in _card_text(teams.connector.wait_for_messages(1)[0].activity["attachments"][0]["content"])
    post(teams.url, activity(teams, text="inlezen", user=ADMIN, conversation="a:personal-admin"))
    deadline = time.monotonic() + 30
    while not any("Klaar met inlezen" in _card_text(c) for c in teams.connector.cards()) and time.monotonic() < deadline:
        time.sleep(0.05)
    report = next(c for c in teams.connector.cards() if "Klaar met inlezen" in _card_text(c))
    assert "agenda.md" in _card_text(report)


def test_round_report_goes_to_the_steering_conversation(teams, database, tmp_path):
    steering = "19:regiekamer@thread.tacv2"
    post(teams.url, activity(teams, "conversationUpdate", membersAdded=[{"id": "28:bot"}], conversation=steering, conversation_type="channel"))
    time.sleep(0.3)
    assert teams.conversations.get(steering) is not None
    deliverer = teams.runner.deliverers[0]
    deliverer._report_conversation = steering
    now = datetime.now(timezone.utc)
    template = load_templates()[DEFAULT_TEMPLATE]
    round_id = teams.surveys.create_round(template, opens_at=now - timedelta(days=8), closes_at=now - timedelta(minutes=1),
                                          audience={"teams": {"users": []}})
    teams.connector.sent.clear()
    assert teams.runner.run_due() == [f"open {round_id}", f"close {round_id}"]  # a round that is over at once
    [report] = teams.connector.wait_for_messages(1)
    assert report.path.split("/")[3] == steering
    card = report.activity["attachments"][0]["content"]
    assert "is gesloten" in card["body"][0]["text"]
    assert len(json.dumps(report.activity)) < 28_000  # Teams' message size limit
    assert any(b["type"] == "FactSet" for b in card["body"]) or "minder dan" in card["body"][0]["text"]


def test_report_card_shows_means_and_hides_small_groups():
    from surveys.report import ItemResult, Report
    from surveys.service import RoundInfo

    template = load_templates()[DEFAULT_TEMPLATE]
    now = datetime.now(timezone.utc)
    info = RoundInfo(3, template.title, template, "closed", now, now, [], {})
    items = [ItemResult("vertrouwen", "t", "Vertrouwen", "likert", 6, 3.5, {}, False),
             ItemResult("regie", "t", "Regie", "likert", 4, None, {}, True),
             ItemResult("wat-zou-helpen", "t", "Open vraag", "open", 6, None, {}, False, texts=["x"])]
    card = cards.report_card(Report(info, 8, 6, 5, items, [], []))
    [facts] = [b["facts"] for b in card["body"] if b["type"] == "FactSet"]
    assert facts == [{"title": "Vertrouwen", "value": "3,5 (n=6)"}, {"title": "Regie", "value": "te weinig antwoorden"}]
