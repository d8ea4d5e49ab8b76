"""The conversation core, channel-free: every decision the Slack and Teams adapters used to make
each on their own (who is an administrator, what a failed question or vote says, which files are
refused, what an ingest's obstacles are called, how a reflection answer is stored and shown)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from assistant.core import IngestBusy, NotAllowed, NothingToIngest, Reply
from bot.conversation import Answered, Command, Conversation, Ingested, Notice
from bot.texts import text
from infra.database import DatabaseUnavailable, open_database
from infra.pseudonym import Pseudonymizer
from ingest.report import IngestReport
from knowledge.models import Answer
from surveys.service import SurveyService, utcnow


class FakeAssistant:
    """Records the calls; each method does what the test sets, including failing."""

    def __init__(self) -> None:
        self.reply: Reply | Exception = Reply(Answer("Volgens de spelregels …", [], True, "nl"), answer_id=7)
        self.stored = True
        self.vote_error: Exception | None = None
        self.ingest_error: Exception | None = None
        self.calls: list[tuple] = []

    def ask(self, question, person, conversation=None, context_window=None, language=None, place=None):
        self.calls.append(("ask", question, person, conversation, context_window, language))
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply

    def vote(self, answer_id, person, vote):
        self.calls.append(("vote", answer_id, vote))
        if self.vote_error:
            raise self.vote_error
        return self.stored

    def comment(self, answer_id, person, comment):
        self.calls.append(("comment", answer_id, comment))
        if self.vote_error:
            raise self.vote_error
        return True

    def ingest(self, person, paths=None, *, prune=False, progress=None, audience=None):
        self.calls.append(("ingest", paths, prune))
        if self.ingest_error:
            raise self.ingest_error
        return IngestReport()


@pytest.fixture
def core(settings) -> tuple[Conversation, FakeAssistant]:
    settings.slack_admin_user_ids_raw = "UADMIN"
    settings.teams_admin_aad_ids_raw = "aad-admin"
    assistant = FakeAssistant()
    return Conversation(assistant, settings), assistant


def test_administrators_are_listed_per_channel(core):
    conversation, _ = core
    assert conversation.person("slack", "UADMIN").is_admin
    assert not conversation.person("teams", "UADMIN").is_admin  # a Slack id means nothing in Teams
    assert conversation.person("teams", "aad-admin").is_admin
    assert not conversation.person("slack", "").is_admin


def test_a_question_gets_an_answer_with_whom_to_ask_or_a_notice(core, settings):
    conversation, assistant = core
    person = conversation.person("slack", "U1")
    turn = conversation.ask("Wat doet de regiekamer?", person, "slack:C1:1.0", timedelta(minutes=30))
    assert isinstance(turn, Answered) and turn.reply.answer_id == 7 and turn.contact == settings.contact_in("nl")
    assert assistant.calls[-1] == ("ask", "Wat doet de regiekamer?", person, "slack:C1:1.0", timedelta(minutes=30), "nl")

    assistant.reply = Reply(Answer("", [], False, "en"), kind="limited")
    assert conversation.ask("What now?", person) == Notice(text("limited", "en"), "en")

    assistant.reply = RuntimeError("the store is gone")
    failed = conversation.ask("What does the regiekamer do?", person)
    assert failed == Notice(text("error", "en"), "en")  # told in the question's language, never the exception


def test_a_vote_is_thanked_and_a_down_vote_asks_why(core):
    conversation, assistant = core
    person = conversation.person("slack", "U1")
    up = conversation.vote("7", person, up=True)
    assert up.notice.text == text("thanks_up") and not up.ask_why
    assert assistant.calls[-1] == ("vote", 7, 1)
    down = conversation.vote(7, person, up=False)
    assert down.notice.text == text("thanks_down") and down.ask_why
    assistant.stored = False
    assert conversation.vote(7, person, up=True).notice.text == text("vote_gone")
    assert conversation.vote("not-a-number", person, up=True).notice.text == text("vote_gone")
    assistant.vote_error = DatabaseUnavailable("down")
    gone = conversation.vote(7, person, up=False)
    assert gone.notice.text == text("error") and not gone.ask_why
    assert conversation.comment(7, person, "de bron ontbrak").text == text("error")


def test_an_empty_comment_is_not_stored(core):
    conversation, assistant = core
    assert conversation.comment(7, conversation.person("slack", "U1"), "   ").text == text("thanks_down")
    assert not [c for c in assistant.calls if c[0] == "comment"]


def test_commands_are_told_from_questions():
    command_of = Conversation.command_of
    assert command_of("hulp").name == "help" and command_of("Help").name == "help"
    assert command_of("hulp bij de begroting?") is None  # a question that starts with the word
    assert command_of("inlezen") == Command("ingest") and command_of("opnieuw inlezen") == Command("ingest")
    assert command_of("ingest --prune") == Command("ingest", prune=True)
    assert command_of("inlezen opschonen") == Command("ingest", prune=True)
    assert command_of("inlezen gaat niet goed, wat nu?") is None
    assert command_of("Wat doet de regiekamer?") is None and command_of("") is None


def test_files_are_refused_before_they_are_fetched(core, settings):
    conversation, _ = core
    admin, other = conversation.person("slack", "UADMIN"), conversation.person("slack", "U1")
    assert conversation.refuse_file(other, "regels.pdf").text == text("not_admin")
    assert conversation.refuse_file(admin, "foto.png").text == text("file_unsupported", name="foto.png")
    too_large = conversation.refuse_file(admin, "groot.pdf", settings.max_file_bytes + 1)
    assert too_large.text == text("file_too_large", name="groot.pdf", limit=f"{settings.max_file_mb:g}")
    assert conversation.refuse_file(admin, "regels.pdf", 1000) is None
    assert conversation.refuse_change(other).text == text("not_admin")
    assert conversation.refuse_change(admin) is None


@pytest.mark.parametrize("error, key", [(NotAllowed(), "not_admin"), (IngestBusy(), "ingest_busy"),
                                        (NothingToIngest(), "nothing_to_ingest"), (OSError("disk"), "ingest_failed")])
def test_what_stands_in_the_way_of_an_ingest_is_told_plainly(core, error, key):
    conversation, assistant = core
    admin = conversation.person("teams", "aad-admin")
    assert isinstance(conversation.ingest(admin, [Path("a.md")], prune=True), Ingested)
    assert assistant.calls[-1] == ("ingest", [Path("a.md")], True)
    assistant.ingest_error = error
    assert conversation.ingest(admin) == Notice(text(key))


def test_a_reflection_answer_is_stored_then_shown_as_stored(settings, template, tmp_path):
    surveys = SurveyService(open_database(f"sqlite:///{tmp_path / 'db.sqlite'}"), Pseudonymizer("conversation-test-secret"))
    now = utcnow()
    round_id = surveys.create_round(template, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7))
    surveys.set_status(round_id, "open", "scheduled")
    conversation = Conversation(FakeAssistant(), settings, surveys)
    person = conversation.person("teams", "aad-1")
    statements = template.statements

    first = conversation.answer_survey(round_id, person, {statements[0].id: "4", "unknown-item": "5"})
    assert first.problem is None and first.answers == {statements[0].id: 4}
    assert (first.answered, first.required, first.just_completed) == (1, len(statements), False)

    rest = {item.id: "3" for item in statements[1:]}
    done = conversation.answer_survey(str(round_id), person, rest)
    assert done.just_completed and done.answered == done.required

    wrong = conversation.answer_survey_item(round_id, person, statements[0].id, value=99)
    assert wrong.problem and wrong.answers == {} and not wrong.closed
    assert conversation.survey(round_id, person).answers[statements[0].id] == 4  # nothing changed

    assert conversation.answer_survey("nonsense", person, {}).problem == text("round_gone")
    surveys.close_now(round_id)
    closed = conversation.answer_survey_item(round_id, person, statements[0].id, value=5)
    assert closed.closed and closed.problem and closed.info.id == round_id
