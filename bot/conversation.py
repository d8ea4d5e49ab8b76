"""Every chat turn once, for every channel: who may do what, what a question gets back, what a
vote, a comment, a file, a re-ingest or a reflection answer leads to, and what the person is told
when something stands in the way.

It returns plain view models (`Answered`, `Notice`, `Voted`, `Ingested`, `SurveyState`); the
Slack, Teams and terminal adapters turn their events into one call here and render the result.
A new flow is written here once and rendered per channel."""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from assistant.core import Assistant, IngestBusy, NoRegistry, NotAllowed, NothingToIngest, Overview, Person, Reply, is_supported
from bot.texts import text
from infra.errors import DatabaseUnavailable
from infra.local_time import shown
from infra.settings import Settings
from ingest.documents import DocumentLookupError
from ingest.pipeline import ProgressCallback
from ingest.report import IngestReport
from knowledge.audience import AudienceError, audience_of
from knowledge.audience import shown as audience_shown
from registry.amounts import readable_amount
from registry.overview import ParticipationView
from registry.records import Actor, RegistryError, UnknownName
from registry.rounds import Choice, DeclarationRound, DeclarationRounds, Invitation, NotRepresentative
from registry.rounds import RoundClosed as DeclarationClosed
from registry.variants import BY_KEY
from surveys.service import RoundClosed, RoundInfo, SurveyError, SurveyService
from text.language import detect_language

log = logging.getLogger(__name__)

_PRUNE_WORDS = ("--prune", "opschonen")  # with a re-ingest: also remove documents whose files are gone
_PARTICIPATION_WORDS = ("deelname", "participation", "kleur")  # the matrix of who takes part in what
# "alleen voor regiekamer" (the files sent next), "notulen.pdf alleen voor regiekamer, bestuur" (that document)
_AUDIENCE = re.compile(r"^(?:(?P<document>\S+\.(?:pdf|docx|html?|md|markdown|txt))\s+)?alleen\s+voor\s+(?P<groups>.+)$", re.I)
PENDING_AUDIENCE_SECONDS = 15 * 60


@dataclass(frozen=True)
class Notice:
    """A short message for the person: an error, a refusal, a thank-you."""

    text: str
    language: str = "nl"


@dataclass(frozen=True)
class Command:
    name: str  # help | ingest | participation | audience
    prune: bool = False  # ingest: also remove documents whose files are gone
    argument: str = ""  # participation: the project or organisation ("" for every project); audience: the groups
    language: str = "nl"  # the language of the command word
    document: str = ""  # audience: the document it is for ("" for the files sent next)


@dataclass(frozen=True)
class Answered:
    """An answer (or an honest "not found") with its id for feedback, and whom to ask instead."""

    reply: Reply
    contact: str


@dataclass(frozen=True)
class Voted:
    notice: Notice
    ask_why: bool = False  # a stored 👎: the channel may ask what was missing


@dataclass(frozen=True)
class Ingested:
    report: IngestReport


@dataclass
class SurveyState:
    """A reflection round as this person sees it after their answer (or why it was not stored)."""

    info: RoundInfo | None
    answers: dict[str, int | str] = field(default_factory=dict)
    problem: str | None = None  # shown to the person; the answer was not stored
    closed: bool = False
    just_completed: bool = False

    @property
    def answered(self) -> int:
        return sum(1 for item in self.info.template.statements if item.id in self.answers) if self.info else 0

    @property
    def required(self) -> int:
        return len(self.info.template.statements) if self.info else 0


@dataclass
class DeclarationState:
    """A kleur-bekennen round as one organisation's representative sees it after their answer."""

    info: DeclarationRound | None
    organisation: str = ""
    organisation_id: int = 0
    choices: list[Choice] = field(default_factory=list)
    problem: str | None = None  # shown to the person; nothing was stored
    just_completed: bool = False  # this answer gave the last project its choice: time for a thank-you
    stored: bool = False  # this turn recorded something, so the organisation's other messages are out of date

    @property
    def closed(self) -> bool:
        return self.info is not None and self.info.status == "closed"

    @property
    def answered(self) -> int:
        return sum(1 for c in self.choices if c.chosen)

    @property
    def complete(self) -> bool:
        return bool(self.choices) and self.answered == len(self.choices)

    def thanks_lines(self) -> list[str]:
        """The thank-you once every project has a choice: what was chosen, as a receipt to keep."""
        lines = [f"Dank je wel! {self.organisation} heeft voor alle {len(self.choices)} projecten van “{self.info.title}” gekozen:"]
        for choice in self.choices:
            extra = f" ({readable_amount(choice.contribution)})" if choice.contribution else ""
            lines.append(f"• {choice.project}: {BY_KEY[choice.chosen].nl}{extra}")
        lines.append(f"Wijzigen kan tot {shown(self.info.closes_at)}, in het bericht van de ronde.")
        return lines


class Conversation:
    def __init__(self, assistant: Assistant, settings: Settings, surveys: SurveyService | None = None,
                 rounds: DeclarationRounds | None = None) -> None:
        self.assistant = assistant
        self.settings = settings
        self.surveys = surveys
        self.rounds = rounds
        self._pending_audience: dict[tuple[str, str], tuple[tuple[str, ...], float]] = {}  # "alleen voor …" per administrator
        self._pending_lock = threading.Lock()

    # --- who --------------------------------------------------------------------------------
    def person(self, channel: str, user_id: str) -> Person:
        """The person as this channel knows them; administrators are listed per channel."""
        admins = {"slack": self.settings.slack_admin_user_ids, "teams": self.settings.teams_admin_aad_ids}.get(channel, set())
        return Person(channel, user_id, bool(user_id) and user_id in admins)

    @staticmethod
    def command_of(message: str) -> Command | None:
        """A message that is a command rather than a question: "help"/"hulp" shows what the bot
        knows; "inlezen"/"ingest" (optionally "--prune"/"opschonen") re-reads the documents."""
        words = message.lower().split()
        if words in (["help"], ["hulp"]):
            return Command("help")
        if words and words[0] in _PARTICIPATION_WORDS and "?" not in message:  # "deelname Zwijndrecht"; a question stays one
            return Command("participation", argument=" ".join(message.split()[1:]),
                           language="en" if words[0] == "participation" else "nl")
        meant = _AUDIENCE.match(message.strip())  # "alleen voor regiekamer", "notulen.pdf alleen voor regiekamer, bestuur"
        if meant and "?" not in message:
            return Command("audience", argument=meant.group("groups"), document=meant.group("document") or "")
        rest = [w for w in words if w not in _PRUNE_WORDS]  # "inlezen gaat niet goed" is a question
        if rest in (["ingest"], ["inlezen"], ["opnieuw", "inlezen"]):
            return Command("ingest", prune=len(rest) < len(words))
        return None

    @staticmethod
    def language_of(question: str) -> str:
        """The language to say "looking it up" or "something went wrong" in, before there is an answer."""
        return detect_language(question) if question.strip() else "nl"

    # --- asking -----------------------------------------------------------------------------
    def ask(self, question: str, person: Person, thread: str | None = None,
            context_window: timedelta | None = None, place: str | None = None) -> Answered | Notice:
        """One question; `thread` gives the earlier questions of the same conversation as context;
        `place` is the channel or conversation whose members all read the answer (None: in private).
        The question's language is detected here, once, and passed all the way down."""
        language = self.language_of(question)
        try:
            reply = self.assistant.ask(question, person, thread, context_window, language=language, place=place)
        except Exception:
            log.exception("answering a question from %s failed", person.channel)
            return Notice(text("error", language), language)
        if reply.kind != "answer":
            return Notice(text(reply.kind, reply.language), reply.language)
        return Answered(reply, self.settings.contact_in(reply.language))

    def participation(self, name: str = "", language: str = "nl") -> ParticipationView | Notice:
        """The matrix for a project or an organisation (or every project), or why it cannot be shown."""
        try:
            return self.assistant.participation(name or None, language)
        except UnknownName as exc:
            return Notice(text("registry_unknown", language, name=exc.name,
                               close=", ".join(exc.close) if exc.close else text("registry_none_close", language)), language)
        except NoRegistry:
            return Notice(text("registry_missing", language), language)
        except Exception:
            log.exception("showing participation failed")
            return Notice(text("error", language), language)

    def help(self, person: Person | None = None, place: str | None = None) -> Overview:
        """What the bot knows (documents, last change), for the help message: the documents those
        who will see it may read (`person` in private, everyone in `place`)."""
        return self.assistant.overview(person, place)

    # --- feedback ---------------------------------------------------------------------------
    def vote(self, answer_id: object, person: Person, up: bool) -> Voted:
        try:
            stored = self.assistant.vote(int(answer_id), person, 1 if up else -1)
        except (TypeError, ValueError):
            return Voted(Notice(text("vote_gone")))
        except DatabaseUnavailable:
            log.exception("storing a vote failed")
            return Voted(Notice(text("error")))
        if not stored:
            return Voted(Notice(text("vote_gone")))
        return Voted(Notice(text("thanks_up" if up else "thanks_down")), ask_why=not up)

    def comment(self, answer_id: object, person: Person, comment: str) -> Notice:
        """What was missing, after a 👎; an empty comment is simply not stored."""
        try:
            if comment.strip():
                self.assistant.comment(int(answer_id), person, comment)
        except (TypeError, ValueError):
            return Notice(text("vote_gone"))
        except DatabaseUnavailable:
            log.exception("storing a feedback comment failed")
            return Notice(text("error"))
        return Notice(text("thanks_down"))

    # --- what the bot knows -----------------------------------------------------------------
    def refuse_change(self, person: Person) -> Notice | None:
        """Only administrators add documents or re-ingest; nothing changes for anyone else."""
        return None if person.is_admin else Notice(text("not_admin"))

    def refuse_file(self, person: Person, name: str, size: int | None = None) -> Notice | None:
        """Why a file sent in chat is not taken, before it is downloaded; None when it may come in."""
        refused = self.refuse_change(person)
        if refused:
            return refused
        if not is_supported(name):
            return Notice(text("file_unsupported", name=name))
        if size is not None and size > self.settings.max_file_bytes:
            return Notice(text("file_too_large", name=name, limit=f"{self.settings.max_file_mb:g}"))
        return None

    def download_failed(self, name: str, reason: str) -> Notice:
        return Notice(text("file_download_failed", name=name, reason=reason))

    def save_upload(self, person: Person, name: str, data: bytes) -> Path:
        return self.assistant.save_upload(person, name, data)

    def set_audience(self, person: Person, command: Command) -> Notice:
        """'alleen voor GROEP …': who the files this administrator sends next (for a quarter of an
        hour) are meant for, or, with a document named first, who that document is meant for now."""
        refused = self.refuse_change(person)
        if refused:
            return refused
        try:
            audience = audience_of(command.argument)
            if command.document:
                name = self.assistant.set_audience(person, command.document, audience)
                return Notice(text("audience_document", name=name, groups=audience_shown(audience)))
        except (AudienceError, DocumentLookupError) as exc:
            return Notice(text("audience_refused", reason=str(exc)))
        with self._pending_lock:
            self._pending_audience[(person.channel, person.user_id)] = (audience, time.monotonic() + PENDING_AUDIENCE_SECONDS)
        return Notice(text("audience_next", groups=audience_shown(audience), minutes=PENDING_AUDIENCE_SECONDS // 60))

    def _audience_for_uploads(self, person: Person) -> tuple[str, ...] | None:
        with self._pending_lock:
            audience, until = self._pending_audience.get((person.channel, person.user_id), (None, 0.0))
        return audience if time.monotonic() < until else None

    def ingest(self, person: Person, paths: list[Path] | None = None, *, prune: bool = False,
               progress: ProgressCallback | None = None) -> Ingested | Notice:
        """Ingest the given files (sent in chat: for whom 'alleen voor …' said), or every configured
        folder and earlier upload."""
        try:
            audience = self._audience_for_uploads(person) if paths is not None else None
            return Ingested(self.assistant.ingest(person, paths, prune=prune, progress=progress, audience=audience))
        except NotAllowed:
            return Notice(text("not_admin"))
        except IngestBusy:
            return Notice(text("ingest_busy"))
        except NothingToIngest:
            return Notice(text("nothing_to_ingest"))
        except Exception:
            log.exception("ingest from %s failed", person.channel)
            return Notice(text("ingest_failed"))

    # --- reflection rounds ------------------------------------------------------------------
    def survey(self, round_id: int, person: Person) -> SurveyState:
        """The round with this person's answers so far."""
        info = self.surveys.round(round_id)
        return SurveyState(info, self.surveys.answers_of(round_id, person.channel, person.user_id))

    def answer_survey(self, round_id: object, person: Person, answers: dict[str, object]) -> SurveyState:
        """Store every answer given on a whole card (Teams): a scale value or a text per item;
        an item left empty is left as it was."""
        def store(info: RoundInfo) -> bool:
            completed = False
            for item in info.template.items:
                raw = answers.get(item.id)
                if raw in (None, ""):
                    continue
                value, written = (int(raw), None) if item.on_scale else (None, str(raw))
                completed = self.surveys.answer(info.id, person.channel, person.user_id, item.id,
                                                value=value, text=written).just_completed or completed
            return completed

        return self._answering(round_id, person, store)

    def answer_survey_item(self, round_id: object, person: Person, item_id: str, *, value: int | None = None,
                           written: str | None = None) -> SurveyState:
        """Store one answer (Slack: a button, or the text of a modal; an empty text clears it)."""
        return self._answering(round_id, person, lambda info: self.surveys.answer(
            info.id, person.channel, person.user_id, item_id, value=value, text=written).just_completed)

    def _answering(self, round_id: object, person: Person, store: Callable[[RoundInfo], bool]) -> SurveyState:
        """Store first, then show the round as the database holds it: what the person sees is
        what was stored. A closed round, a wrong value or a database error is told, not raised."""
        try:
            info = self.surveys.round(int(round_id))
        except (TypeError, ValueError, SurveyError):
            return SurveyState(None, problem=text("round_gone"))
        try:
            completed_now = store(info)
        except RoundClosed as exc:
            return SurveyState(self.surveys.round(info.id), problem=str(exc), closed=True)
        except (SurveyError, ValueError) as exc:
            return SurveyState(info, problem=str(exc))
        except Exception:
            log.exception("storing a survey answer failed")
            return SurveyState(info, problem=text("error"))
        state = self.survey(info.id, person)
        state.just_completed = completed_now
        return state

    # --- kleur-bekennen rounds --------------------------------------------------------------
    def declaration(self, round_id: object, organisation_id: object, problem: str | None = None) -> DeclarationState:
        """The round's projects with this organisation's answers so far."""
        return declaration_state(self.rounds, round_id, organisation_id, problem)

    def declare(self, round_id: object, organisation_id: object, person: Person, answers: dict[int, dict[str, str]]) -> DeclarationState:
        """Store the answers given (per project id: variant, and optionally contribution and note),
        then show the round as the database holds it. Refusals are told, not raised; nothing is stored then."""
        state = self.declaration(round_id, organisation_id)
        if state.info is None:
            return state
        actor = Actor(f"{person.channel}:{person.user_id}", person.channel)
        stored = False
        try:
            for project_id, answer in answers.items():
                if not answer.get("variant"):
                    continue
                stored = self.rounds.declare(state.info.id, state.organisation, int(project_id), answer["variant"], actor,
                                             channel=person.channel, user_id=person.user_id, is_admin=person.is_admin,
                                             contribution=answer.get("contribution"), note=answer.get("note")) or stored
        except (DeclarationClosed, NotRepresentative, RegistryError, ValueError) as exc:
            return self.declaration(state.info.id, state.organisation_id, problem=str(exc))
        except Exception:
            log.exception("storing a kleur-bekennen answer failed")
            return self.declaration(state.info.id, state.organisation_id, problem=text("error"))
        after = self.declaration(state.info.id, state.organisation_id)
        return dataclasses.replace(after, stored=stored, just_completed=stored and after.complete and not state.complete)

    def fellow_messages(self, state: DeclarationState, channel: str, address: str) -> list[Invitation]:
        """The organisation's other invitation messages in this round on `channel` (another
        representative's), to redraw after `address` changed a choice; only those that were sent."""
        if self.rounds is None or state.info is None:
            return []
        return [i for i in self.rounds.invitations(state.info.id, channel)
                if i.organisation == state.organisation and i.address != address and i.message_ref]

    def confirm_unchanged(self, round_id: object, organisation_id: object, person: Person) -> DeclarationState:
        """Every project not yet answered in this round keeps the choice it had before: one click."""
        state = self.declaration(round_id, organisation_id)
        keep = {c.project_id: {"variant": c.before} for c in state.choices if c.chosen is None and c.before}
        return self.declare(round_id, organisation_id, person, keep) if state.info else state


def declaration_state(rounds: DeclarationRounds | None, round_id: object, organisation_id: object,
                      problem: str | None = None) -> DeclarationState:
    """What one organisation's message shows: for chat turns and for the scheduler's invitations alike."""
    try:
        info = rounds.round(int(round_id))
        organisation = rounds.registry.organisation_name(int(organisation_id))
    except (TypeError, ValueError, RegistryError, AttributeError):
        return DeclarationState(None, problem=text("round_gone"))
    return DeclarationState(info, organisation, int(organisation_id), rounds.choices(info.id, organisation), problem)
