"""What the regiekamer overview says, gathered for one period: reflection, participation, questions,
documents and the signals where they meet. Plain data, no layout; never a user id, name or
pseudonym, and reflection figures only for groups of at least SURVEY_MIN_GROUP_SIZE."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from assistant.feedback import FeedbackItem, FeedbackStore
from assistant.history import IngestHistory
from infra.local_time import local
from knowledge.models import DocumentInfo
from registry.dates import spoken
from registry.report import Matrix, build_matrix
from registry.rounds import DeclarationRounds
from registry.service import Change, Registry
from surveys.report import Report, build_report
from surveys.service import SurveyService
from text.analysis import tokens

LOW_SCORE = 3.0  # below the scale's middle: a score the regiekamer should see
FALL = 0.3  # a fall since the previous round that counts as falling
SIGNAL_MIN_QUESTIONS = 2  # unanswered questions on a theme before it becomes a signal
TOP = 8


@dataclass
class Reflection:
    report: Report
    fallen: list[tuple[str, float, float]]  # (statement theme, before, now), largest fall first


@dataclass
class Participation:
    matrices: list[Matrix]  # one per theme (and one for projects without a theme)
    changes: list[Change]
    without_lead: list[str]
    undeclared: dict[str, list[str]]  # project → municipalities without a choice
    silent_in_rounds: dict[str, list[str]]  # round title → organisations that did not answer every project


@dataclass
class Questions:
    asked: int
    answered: int
    by_registry: int
    topics: list[tuple[str, int]]  # document title → questions that cited it
    unanswered: list[str]  # question texts (empty when OVERVIEW_SHOW_QUESTION_TEXT is off)
    unanswered_count: int
    thumbs_down: list[tuple[str, list[str]]]  # (question, comments); texts only when allowed
    thumbs_down_count: int


@dataclass
class Documents:
    added: list[str]
    changed: list[str]
    removed: list[str]
    unreached: list[str]  # titles no question's answer cited in the period
    total: int


@dataclass
class Signal:
    theme: str
    score: float | None
    fall: float | None
    questions: int

    def question(self) -> str:
        """Stated as a question for the regiekamer, not as a verdict."""
        how = []
        if self.score is not None and self.score < LOW_SCORE:
            how.append(f"scoort laag in de reflectie ({_num(self.score)})")
        if self.fall is not None and self.fall >= FALL:
            how.append(f"daalde met {_num(self.fall)} sinds de vorige ronde")
        return (f"“{self.theme}” {' en '.join(how)}, en {self.questions} vragen over dit thema kon Samenspel niet "
                f"beantwoorden. Is dit iets voor de agenda van de regiekamer?")


@dataclass
class Overview:
    start: datetime
    end: datetime
    reflection: Reflection | None = None
    participation: Participation | None = None
    questions: Questions | None = None
    documents: Documents | None = None
    signals: list[Signal] = field(default_factory=list)
    show_question_text: bool = True

    def highlights(self) -> list[str]:
        """What stands out, for the cover page and the chat message: at most five short lines."""
        lines = []
        if self.reflection:
            report = self.reflection.report
            if report.too_small:
                lines.append(f"Reflectie: {report.respondents} antwoorden, te weinig om resultaten te tonen.")
            else:
                rate = f"{round(100 * report.response_rate)}%" if report.response_rate is not None else "?"
                lines.append(f"Reflectie “{report.info.title}”: respons {rate}.")
                if self.reflection.fallen:
                    theme, before, now = self.reflection.fallen[0]
                    lines.append(f"Grootste daling: {theme} van {_num(before)} naar {_num(now)}.")
        if self.participation:
            moved = len(self.participation.changes)
            lines.append(f"Deelname: {moved} wijziging{'en' if moved != 1 else ''}; "
                         f"{len(self.participation.without_lead)} project(en) zonder trekker.")
        if self.questions:
            q = self.questions
            lines.append(f"Vragen: {q.asked} gesteld, {q.answered} beantwoord, {q.unanswered_count} niet.")
        for signal in self.signals[:1]:
            lines.append(f"Signaal: {signal.theme}.")
        return lines[:5]


def collect(*, start: datetime, end: datetime, surveys: SurveyService | None, feedback: FeedbackStore | None,
            history: IngestHistory | None, documents: list[DocumentInfo] | None, registry: Registry | None,
            rounds: DeclarationRounds | None, min_group_size: int, show_question_text: bool) -> Overview:
    """Every section that has data for the period; a section without data stays None (and is left out)."""
    overview = Overview(start, end, show_question_text=show_question_text)
    if surveys is not None:
        overview.reflection = _reflection(surveys, start, end, min_group_size)
    if registry is not None:
        overview.participation = _participation(registry, rounds, start, end)
    items: list[FeedbackItem] = feedback.items(between=(start, end)) if feedback is not None else []
    if items:
        overview.questions = _questions(items, show_question_text)
    if history is not None and documents is not None:
        overview.documents = _documents(history.reports(start, end), documents, items)
    overview.signals = _signals(overview.reflection, [i for i in items if not i.answered])
    return overview


def _reflection(surveys: SurveyService, start: datetime, end: datetime, minimum: int) -> Reflection | None:
    """The latest round that closed in the period (else the latest closed before it: the current picture)."""
    closed = [r for r in surveys.rounds("closed") if r.closes_at < end]
    if not closed:
        return None
    in_period = [r for r in closed if r.closes_at >= start]
    report = build_report(surveys, (in_period or closed)[-1], minimum)
    fallen = []
    if len(report.trend) >= 2 and not report.too_small:
        before, now = report.trend[-2].means, report.trend[-1].means
        themes = {i.item_id: i.theme for i in report.items}
        for item_id, value in now.items():
            if value is not None and before.get(item_id) is not None and before[item_id] - value > 0:
                fallen.append((themes.get(item_id, item_id), before[item_id], value))
        fallen.sort(key=lambda f: f[2] - f[1])
    return Reflection(report, fallen[:3])


def _participation(registry: Registry, rounds: DeclarationRounds | None, start: datetime, end: datetime) -> Participation | None:
    projects = registry.projects()
    if not projects:
        return None
    last_day = last_day_of(end)
    themes = sorted({p.theme for p in projects if p.theme})
    matrices = [build_matrix(registry, theme=t, as_of=last_day) for t in themes]
    if any(p.theme is None for p in projects):
        loose = build_matrix(registry, as_of=last_day)
        names = [p.name for p in projects if p.theme is None]
        matrices.append(Matrix(names, loose.organisations, {k: v for k, v in loose.cells.items() if k[1] in names}, loose.as_of, None))
    running = [p for p in projects if p.status in ("idee", "lopend")]
    municipalities = [o.name for o in registry.organisations() if o.kind == "gemeente"]
    declared = {(d.project, d.organisation) for d in registry.participation(as_of=last_day)}
    undeclared = {p.name: [m for m in municipalities if (p.name, m) not in declared] for p in running}
    silent = {}
    if rounds is not None:
        for info in rounds.rounds("closed"):
            if start <= info.closes_at < end:
                silent[info.title] = rounds.silent_organisations(info.id)
    return Participation(matrices, registry.net_changes(start, end),
                         [p.name for p in running if not p.lead], {k: v for k, v in undeclared.items() if v}, silent)


def _questions(items: list[FeedbackItem], show_text: bool) -> Questions:
    topics = Counter(title for item in items for title in item.documents if item.answered)
    unanswered = [i for i in items if not i.answered]
    down = [i for i in items if i.down > 0]
    return Questions(
        asked=len(items), answered=sum(i.answered for i in items), by_registry=sum(i.method == "registry" for i in items),
        topics=topics.most_common(TOP),
        unanswered=[i.question for i in unanswered][:20] if show_text else [],
        unanswered_count=len(unanswered),
        thumbs_down=[(i.question, i.comments) for i in down][:20] if show_text else [],
        thumbs_down_count=len(down),
    )


def _documents(reports: list[dict], documents: list[DocumentInfo], items: list[FeedbackItem]) -> Documents | None:
    outcomes: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
    for report in reports:
        for file in report.get("files", []):
            if file["outcome"] in outcomes and file["source"] not in outcomes[file["outcome"]]:
                outcomes[file["outcome"]].append(file["source"])
    reached = {title for item in items for title in item.documents}
    current = [d for d in documents if d.complete]
    unreached = sorted(d.title for d in current if d.title not in reached) if items else []
    if not (any(outcomes.values()) or current):
        return None
    return Documents(outcomes["added"], outcomes["changed"], outcomes["removed"], unreached, len(current))


def _signals(reflection: Reflection | None, unanswered: list[FeedbackItem]) -> list[Signal]:
    """Where a low or falling reflection score meets unanswered questions on the same theme: the
    theme's words (its label) in the question or in what it came closest to."""
    if reflection is None or reflection.report.too_small or not unanswered:
        return []
    fallen = {theme: before - now for theme, before, now in reflection.fallen}
    signals = []
    for item in reflection.report.items:
        if not item.on_scale or item.hidden or item.mean is None:
            continue
        fall = fallen.get(item.theme)
        if item.mean >= LOW_SCORE and (fall is None or fall < FALL):
            continue
        words = {w for w in tokens(item.theme) if len(w) > 3}
        hits = sum(1 for q in unanswered if words & {w for w in tokens(" ".join([q.question, *q.documents])) if len(w) > 3})
        if hits >= SIGNAL_MIN_QUESTIONS:
            signals.append(Signal(item.theme, item.mean, fall, hits))
    return sorted(signals, key=lambda s: -s.questions)


def _num(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def last_day_of(end: datetime) -> date:
    """The last whole day of a period that ends (exclusively) at `end`, in local time."""
    return local(end - timedelta(seconds=1)).date()


def period_label(start: datetime, end: datetime) -> str:
    """'1 oktober 2026 t/m 31 oktober 2026' for the period [start, end)."""
    return f"{spoken(local(start).date())} t/m {spoken(last_day_of(end))}"
