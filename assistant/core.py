"""The core every chat channel calls: ask a question, vote on an answer, ingest documents, say
what is known. It knows no channel; Slack, Teams and the CLI turn their events into these calls."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from assistant.audiences import Audiences
from assistant.feedback import FeedbackStore
from assistant.history import IngestHistory
from assistant.knowledge import Answerer, Knowledge
from infra.database import Database, DatabaseUnavailable
from infra.pseudonym import Pseudonymizer
from infra.ratelimit import RateLimiter
from infra.settings import Settings
from ingest.loaders import supported_suffixes
from ingest.pipeline import IngestReport, ProgressCallback
from ingest.report import Outcome
from knowledge.models import Answer, DocumentInfo
from registry.overview import ParticipationView, participation_view
from registry.service import Registry
from text.language import detect_language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Person:
    """Who is asking, as the channel knows them; the id is pseudonymised before it is stored."""

    channel: str  # slack | teams | cli | schedule
    user_id: str
    is_admin: bool = False


@dataclass
class Reply:
    answer: Answer
    answer_id: int | None = None  # what feedback buttons refer to; None when nothing was stored
    kind: str = "answer"  # answer | empty | limited | no_documents

    @property
    def language(self) -> str:
        return self.answer.language


@dataclass(frozen=True)
class Overview:
    documents: list[DocumentInfo]
    last_change: datetime | None  # when the knowledge base last changed, by any process


class NoRegistry(Exception):
    """This assistant runs without the participation registry."""


class NotAllowed(Exception):
    """Only administrators may change what the bot knows."""


class IngestBusy(Exception):
    """An ingest is already running in this process."""


class NothingToIngest(Exception):
    """No document folders are configured and nothing was uploaded."""


class Assistant:
    def __init__(
        self,
        knowledge: Knowledge,
        db: Database,
        settings: Settings,
        *,
        pseudonymize: Pseudonymizer,
        limiter: RateLimiter | None = None,
        answerer: Answerer | None = None,
        registry: Registry | None = None,
        audiences: Audiences | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.answerer = answerer or knowledge.answerer  # the registry in front of the documents, when wired
        self.registry = registry
        self.audiences = audiences  # who may read what; without it a chat reader reads only what is for everyone
        self.settings = settings
        self.db = db
        self.feedback = FeedbackStore(db)
        self.history = IngestHistory(db)
        self._pseudonymize = pseudonymize
        self._limiter = limiter or RateLimiter(settings.rate_limit_per_minute)
        self._ingest_lock = threading.Lock()

    def pseudonym(self, person: Person) -> str:
        return self._pseudonymize(person.channel, person.user_id)

    def readable_by(self, person: Person, place: str | None = None) -> frozenset[str] | None:
        """The groups whose documents may be used for what `person` is shown: in private (`place`
        None) their own, in a channel or conversation those of every member. None: everything (the
        terminal, for administrators)."""
        if person.channel == "cli":
            return None
        if self.audiences is None:
            return frozenset()
        return self.audiences.readable_by(person.channel, person.user_id, place)

    def ask(self, question: str, person: Person, conversation: str | None = None, context_window: timedelta | None = None,
            language: str | None = None, place: str | None = None) -> Reply:
        """Answer one question; `conversation` (a thread) gives the earlier questions as context,
        limited to the last `context_window` where a conversation has no threads. `language` is the
        question's, when the channel already knows it (it is detected once per question). `place`
        is the channel or conversation everyone of which reads the answer (None: only the asker)."""
        question = question.strip()
        language = language or (detect_language(question) if question else "nl")
        if not question:
            return Reply(Answer("", [], False, language), kind="empty")
        user = self.pseudonym(person)
        if not self._limiter.allow(user):
            return Reply(Answer("", [], False, language), kind="limited")
        context: list[str] = []
        if conversation:
            try:
                context = self.feedback.earlier_questions(conversation, within=context_window)
            except DatabaseUnavailable:
                log.exception("earlier questions unavailable; answering without them")
        readable_by = self.readable_by(person, place)
        answer = self.answerer.answer(question, context=context, language=language, readable_by=readable_by)
        if not answer.answered and not self._any_readable(readable_by):  # not "I can't find it": there is nothing (for them) yet
            return Reply(answer, kind="no_documents")
        try:
            answer_id = self.feedback.record_answer(
                channel=person.channel, conversation=conversation, user=user, question=question, answer=answer,
                audiences=self._audiences_of(answer),
            )
        except DatabaseUnavailable:
            log.exception("answer not stored; it is given without feedback buttons")
            answer_id = None
        return Reply(answer, answer_id)

    def vote(self, answer_id: int, person: Person, vote: int) -> bool:
        return self.feedback.vote(answer_id, self.pseudonym(person), vote)

    def comment(self, answer_id: int, person: Person, comment: str) -> bool:
        return self.feedback.comment(answer_id, self.pseudonym(person), comment)

    def stored_answer(self, answer_id: int, person: Person | None = None, place: str | None = None) -> tuple[str, Answer] | None:
        """The stored question and answer; with `person` (and `place`), only when everyone who would
        see it there may read every document it quotes (else None, as if it were gone)."""
        stored = self.feedback.answer(answer_id)
        if stored is None or person is None:
            return stored
        readers = self.readable_by(person, place)
        if readers is not None and not all(readers.intersection(a) for a in self.feedback.audiences(answer_id)):
            return None
        return stored

    def set_audience(self, person: Person, document: str, audience: tuple[str, ...]) -> str:
        """Who a document is meant for, from now on, without re-ingesting (administrators only); the
        document's stored name. DocumentLookupError when no document is called that."""
        from ingest.documents import find_document

        self._require_admin(person)
        name = find_document(self.knowledge.store.documents(), document)
        self.knowledge.store.set_audience(name, audience)
        return name

    def _any_readable(self, readers: frozenset[str] | None) -> bool:
        """Whether any document is in the store that these readers may read (as if the rest were not there)."""
        if self.knowledge.store.count() == 0:
            return False
        if readers is None:
            return True
        return any(d.complete and (not d.audience or readers.intersection(d.audience))
                   for d in self.knowledge.store.documents().values())

    def _audiences_of(self, answer: Answer) -> list[list[str]]:
        """The audiences of the documents an answer quotes that are not meant for everyone."""
        audiences = self.knowledge.retriever.audiences  # as the question was read: no second catalogue read
        sources = dict.fromkeys([c.source for c in answer.citations] + [p.source for p in answer.passages or []])
        return [list(audiences[s]) for s in sources if s in audiences]

    def overview(self, person: Person | None = None, place: str | None = None) -> Overview:
        """What the bot knows, as `person` (in `place`) may see it; everything without a person."""
        store = self.knowledge.store
        readers = self.readable_by(person, place) if person is not None else None
        documents = sorted((d for d in store.documents().values() if d.complete
                            and (readers is None or not d.audience or readers.intersection(d.audience))),
                           key=lambda d: d.title.lower())
        stamp = store.last_ingest()
        return Overview(documents, datetime.fromisoformat(stamp) if stamp else None)

    def participation(self, name: str | None = None, language: str = "nl") -> ParticipationView:
        """Who takes part in what: for a project, an organisation, or every project. UnknownName
        (with close names) for a name the registry does not hold; NoRegistry when none is wired."""
        if self.registry is None:
            raise NoRegistry()
        return participation_view(self.registry, name, language=language)

    def save_upload(self, person: Person, filename: str, data: bytes) -> Path:
        """Keep a document sent in chat under the data dir, where every re-ingest finds it again."""
        self._require_admin(person)
        name = safe_filename(filename)
        self.settings.upload_dir.mkdir(parents=True, exist_ok=True)
        path = self.settings.upload_dir / name
        partial = path.with_name(f".{name}.part")
        partial.write_bytes(data)
        if path.is_file():  # kept until the new version is in, so a refused upload does not lose the old one
            path.replace(_previous_upload(path))
        partial.replace(path)
        return path

    def _settle_uploads(self, paths: list[Path], report: IngestReport) -> None:
        """A sent file that was refused (a credential, a broken file) is not kept: the earlier version
        of that name comes back, or nothing stays, so no re-ingest finds it again."""
        failed = {f.source for f in report.files if f.outcome is Outcome.FAILED}
        for path in paths:
            if path.parent != self.settings.upload_dir:
                continue
            previous = _previous_upload(path)
            if path.name in failed:
                if previous.is_file():
                    previous.replace(path)
                else:
                    path.unlink(missing_ok=True)
            else:
                previous.unlink(missing_ok=True)

    def ingest(
        self,
        person: Person,
        paths: list[Path] | None = None,
        *,
        prune: bool = False,
        progress: ProgressCallback | None = None,
        audience: tuple[str, ...] | None = None,
    ) -> IngestReport:
        """Ingest the given files, or the configured folders plus earlier uploads; `audience`: who
        the given files are meant for (None: what they had, or everyone when new)."""
        self._require_admin(person)
        targets = paths if paths is not None else self.ingest_targets()
        if not targets:
            raise NothingToIngest()
        if not self._ingest_lock.acquire(blocking=False):
            raise IngestBusy()
        try:
            started = datetime.now(timezone.utc)
            report = self.knowledge.pipeline.ingest(targets, prune=prune, progress=progress, audience=audience)
            if paths is not None:
                self._settle_uploads(paths, report)
            try:
                self.history.record(report, started_at=started, trigger=person.channel, user=self.pseudonym(person))
            except DatabaseUnavailable:
                log.exception("ingest run not recorded in the history")
            return report
        finally:
            self._ingest_lock.release()

    def ingest_targets(self) -> list[Path]:
        targets = list(self.settings.document_dirs)
        if self.settings.upload_dir.is_dir():
            targets.append(self.settings.upload_dir)
        return targets

    def _require_admin(self, person: Person) -> None:
        if not person.is_admin:
            raise NotAllowed()


def _previous_upload(path: Path) -> Path:
    return path.with_name(f".{path.name}.vorige")  # hidden: an ingest of the folder never reads it


def safe_filename(filename: str) -> str:
    """A plain file name: no folders, no hidden files, nothing a shell or a path would trip over."""
    name = Path(filename.replace("\\", "/")).name
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .")
    return name or "document"


def is_supported(filename: str) -> bool:
    return Path(filename).suffix.lower() in supported_suffixes()
