"""What the regiekamer overview says, gathered for one period: reflection, participation, questions,
documents and the signals where they meet. Plain data, no layout; never a user id, name or
pseudonym, and reflection figures only for groups of at least SURVEY_MIN_GROUP_SIZE."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from assistant.feedback import FeedbackItem, FeedbackStore
from assistant.history import IngestHistory
from infra.local_time import local
from knowledge.models import DocumentInfo
from overview.period import last_day_of
from registry.dates import spoken
from registry.records import Change
from registry.report import Matrix, build_matrix
from registry.rounds import DeclarationRounds
from registry.service import Registry
from registry.variants import VARIANTS
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
    in_period: bool = True  # False: no round closed in the period; this is the latest before it

    @property
    def lowest(self) -> tuple[str, float] | None:
        """The statement with the lowest mean that may be shown (none for a hidden group)."""
        shown_items = [i for i in self.report.items if i.on_scale and not i.hidden and i.mean is not None and i.theme != "Spanningsveld"]
        if self.report.too_small or not shown_items:
            return None
        worst = min(shown_items, key=lambda i: i.mean)
        return worst.theme, worst.mean

    @property
    def rate_before(self) -> float | None:
        return self.report.trend[-2].response_rate if len(self.report.trend) >= 2 else None


@dataclass
class Figure:
    """One key figure on the first page: what it is, its value, and its direction since before."""

    label: str
    value: str
    detail: str = ""
    change: str = ""  # "▲ 12 procentpunt sinds de vorige ronde"
    tone: str = "neutral"  # good | bad | neutral: the colour of the change


@dataclass
class Participation:
    matrix: Matrix  # every project × organisation, as recorded by the period's end
    counts: dict[str, int]  # variant → choices for running projects at the period's end; "" → no choice yet
    counts_before: dict[str, int]  # the same at the period's start (the previous overview's end)
    changes: list[Change]  # net, per organisation and project
    without_lead: list[str]
    undeclared: dict[str, list[str]]  # municipality → running projects it has no choice for yet (one list)
    silent_in_rounds: dict[str, list[str]]  # round title → organisations that did not answer every project
    unreachable: list[str] = field(default_factory=list)  # organisations without a representative: no round reaches them


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
    before: tuple[int, int] | None = None  # (asked, not answered) in the previous period of the same length


@dataclass
class Documents:
    added: list[str]
    changed: list[str]
    removed: list[str]
    unreached: list[str]  # titles no question's answer cited in the period
    total: int
    before: int | None = None  # documents added or changed in the previous period


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
    collaboration: str = ""  # the collaboration's name, at the top of page 1
    made_on: date | None = None

    def figures(self) -> list[Figure]:
        """The key figures of page 1, each with its direction since the previous period (or round)."""
        return [_response_figure(self.reflection), _lowest_figure(self.reflection), _fallen_figure(self.reflection),
                _participation_figure(self.participation, self.start), _questions_figure(self.questions),
                _documents_figure(self.documents)]

    def agenda(self) -> list[str]:
        """What needs the regiekamer's attention, most pressing first; at most six lines."""
        lines = [s.question() for s in self.signals]
        if self.reflection and not self.reflection.report.too_small:
            lines += [f"“{theme}” daalde van {_num(before)} naar {_num(now)} in de reflectie." for theme, before, now in self.reflection.fallen
                      if before - now >= FALL and theme not in {s.theme for s in self.signals}][:2]
        if self.participation:
            part = self.participation
            for title, silent in part.silent_in_rounds.items():
                if silent:
                    lines.append(f"Niet (volledig) geantwoord in kleur bekennen “{title}”: {', '.join(silent)}.")
            if part.unreachable:
                lines.append(f"Zonder vertegenwoordiger, dus niet te vragen: {', '.join(part.unreachable)}.")
            if part.undeclared:
                projects = {p for names in part.undeclared.values() for p in names}
                lines.append(f"Nog geen keuze vastgelegd: {len(part.undeclared)} gemeente(n) bij {len(projects)} project(en) "
                             f"({', '.join(sorted(part.undeclared)[:4])}{' …' if len(part.undeclared) > 4 else ''}).")
            if part.without_lead:
                lines.append(f"Zonder trekker: {', '.join(part.without_lead)}.")
        if self.questions and self.questions.thumbs_down_count:
            q = self.questions
            lines.append(f"{q.thumbs_down_count} antwoord{'en' if q.thumbs_down_count != 1 else ''} kreeg een duim omlaag: "
                         "kijk welk document of welke afspraak ontbreekt.")
        return lines[:6]

    def highlights(self) -> list[str]:
        """The key figures as lines, for the chat message beside the PDF."""
        return [f"{f.label}: {f.value}{' (' + f.detail + ')' if f.detail else ''}{' — ' + f.change if f.change else ''}"
                for f in self.figures() if f.value != "–"]


def collect(*, start: datetime, end: datetime, surveys: SurveyService | None, feedback: FeedbackStore | None,
            history: IngestHistory | None, documents: list[DocumentInfo] | None, registry: Registry | None,
            rounds: DeclarationRounds | None, min_group_size: int, show_question_text: bool, collaboration: str = "",
            made_on: date | None = None, readable_by: frozenset[str] | None = frozenset()) -> Overview:
    """Every section that has data for the period; a section without data stays None (and is left
    out). Each figure is also read for the previous period of the same length, as that period's
    own overview read it, so two overviews in a row tell one story. Documents meant for groups
    other than `readable_by`, and questions answered from them, are not in it (frozenset(): for
    everyone; None: everything, for administrators)."""
    hidden = {d.source for d in documents or [] if not _readable(d.audience, readable_by)}
    documents = [d for d in documents if d.source not in hidden] if documents is not None else None
    overview = Overview(start, end, show_question_text=show_question_text, collaboration=collaboration,
                        made_on=made_on or local(datetime.now().astimezone()).date())
    before = start - (end - start)
    if surveys is not None:
        overview.reflection = _reflection(surveys, start, end, min_group_size)
    if registry is not None:
        overview.participation = _participation(registry, rounds, start, end)
    items: list[FeedbackItem] = feedback.items(between=(start, end), readable_by=readable_by) if feedback is not None else []
    if items:
        earlier = feedback.items(between=(before, start), readable_by=readable_by)
        overview.questions = _questions(items, show_question_text)
        overview.questions.before = (len(earlier), sum(not i.answered for i in earlier)) if earlier else None
    if history is not None and documents is not None:
        overview.documents = _documents(_visible(history.reports(start, end), hidden, readable_by), documents, items)
        if overview.documents is not None:
            earlier_runs = _visible(history.reports(before, start), hidden, readable_by)
            overview.documents.before = sum(1 for what in _touched(earlier_runs).values() if what != "removed")
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
    return Reflection(report, fallen[:3], bool(in_period))


def _participation(registry: Registry, rounds: DeclarationRounds | None, start: datetime, end: datetime) -> Participation | None:
    """The registry as it was recorded by the period's end (and, for the direction, by its start)."""
    projects = registry.projects()
    if not projects:
        return None
    running = [p for p in projects if p.status in ("idee", "lopend")]
    municipalities = [o.name for o in registry.organisations() if o.kind == "gemeente"]

    def counts(at: datetime) -> tuple[dict[str, int], set[tuple[str, str]]]:
        declared = registry.participation(as_of=last_day_of(at), known_at=at)
        pairs = {(d.project, d.organisation): d.variant for d in declared if d.project in {p.name for p in running}}
        tally = Counter(pairs.values())
        tally[""] = sum(1 for p in running for m in municipalities if (p.name, m) not in pairs)
        return dict(tally), set(pairs)

    now, declared = counts(end)
    then, _ = counts(start)
    undeclared: dict[str, list[str]] = {}
    for municipality in municipalities:
        missing = [p.name for p in running if (p.name, municipality) not in declared]
        if missing:
            undeclared[municipality] = missing
    silent, unreachable = {}, []
    if rounds is not None:
        for info in rounds.rounds("closed"):
            if start <= info.closes_at < end:
                silent[info.title] = rounds.silent_organisations(info.id)
        unreachable = rounds.unreachable_organisations() if silent else []
    return Participation(build_matrix(registry, as_of=last_day_of(end), known_at=end), now, then, registry.net_changes(start, end),
                         [p.name for p in running if not p.lead], undeclared, silent, unreachable)


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


def _readable(audience, readable_by: frozenset[str] | None) -> bool:
    return readable_by is None or not audience or bool(readable_by.intersection(audience))


def _visible(reports: list[dict], hidden: set[str], readable_by: frozenset[str] | None) -> list[dict]:
    """Ingest runs without the files the overview's readers may not know of (by their audience then or now)."""
    return [{**r, "files": [f for f in r.get("files", []) if f["source"] not in hidden and _readable(f.get("audience"), readable_by)]}
            for r in reports]


def _touched(reports: list[dict]) -> dict[str, str]:
    """Per file the last thing that happened to it in these ingest runs (added, changed, removed)."""
    outcome: dict[str, str] = {}
    for report in reports:
        for file in report.get("files", []):
            if file["outcome"] in ("added", "changed", "removed"):
                # a file added and then changed in one period is still new to the reader
                outcome[file["source"]] = "added" if outcome.get(file["source"]) == "added" and file["outcome"] == "changed" else file["outcome"]
    return outcome


def _documents(reports: list[dict], documents: list[DocumentInfo], items: list[FeedbackItem]) -> Documents | None:
    titles = {d.source: d.title for d in documents}
    touched = _touched(reports)
    named = {kind: [titles.get(source) or source for source, what in touched.items() if what == kind] for kind in ("added", "changed", "removed")}
    reached = {title for item in items for title in item.documents}
    current = [d for d in documents if d.complete]
    unreached = sorted(d.title for d in current if d.title not in reached) if items else []
    if not (touched or current):
        return None
    return Documents(named["added"], named["changed"], named["removed"], unreached, len(current))


def _response_figure(reflection: Reflection | None) -> Figure:
    if reflection is None:
        return Figure("Respons reflectie", "–", "nog geen reflectieronde gesloten")
    report = reflection.report
    when = "" if reflection.in_period else " (geen nieuwe ronde in deze periode)"
    if report.response_rate is None:
        return Figure("Respons reflectie", "–", f"“{report.info.title}”{when}")
    rate = round(100 * report.response_rate)
    change, tone = "", "neutral"
    if reflection.rate_before is not None:
        delta = rate - round(100 * reflection.rate_before)
        change, tone = _arrow(delta, "procentpunt", "sinds de vorige ronde"), _tone(delta)
    return Figure("Respons reflectie", f"{rate}%", f"{report.respondents} van {report.invited} · “{report.info.title}”{when}", change, tone)


def _lowest_figure(reflection: Reflection | None) -> Figure:
    lowest = reflection.lowest if reflection else None
    if lowest is None:
        why = "te weinig antwoorden om te tonen" if reflection and reflection.report.too_small else "geen reflectiecijfers"
        return Figure("Laagste stelling", "–", why)
    theme, mean = lowest
    before = next((b for t, b, _ in reflection.fallen if t == theme), None)
    change = _arrow(mean - before, "", "sinds de vorige ronde", decimals=True) if before is not None else ""
    return Figure("Laagste stelling", _num(mean), theme, change, "bad" if mean < LOW_SCORE else "neutral")


def _fallen_figure(reflection: Reflection | None) -> Figure:
    if reflection is None or reflection.report.too_small or len(reflection.report.trend) < 2:
        return Figure("Sterkst gedaald", "–", "nog geen vorige ronde om mee te vergelijken" if reflection else "geen reflectiecijfers")
    if not reflection.fallen:
        return Figure("Sterkst gedaald", "geen", "geen stelling daalde sinds de vorige ronde", tone="good")
    theme, before, now = reflection.fallen[0]
    return Figure("Sterkst gedaald", f"−{_num(before - now)}", f"{theme}: {_num(before)} → {_num(now)}",
                  tone="bad" if before - now >= FALL else "neutral")


def _participation_figure(part: Participation | None, start: datetime) -> Figure:
    if part is None:
        return Figure("Deelname aan projecten", "–", "het register is nog leeg")
    chosen = sum(n for variant, n in part.counts.items() if variant)
    total = chosen + part.counts.get("", 0)
    detail = " · ".join(f"{part.counts[v.key]} {v.nl.split(' (')[0]}" for v in VARIANTS if part.counts.get(v.key))
    before = sum(n for variant, n in part.counts_before.items() if variant)
    moved = len(part.changes)
    change = f"{moved} wijziging{'en' if moved != 1 else ''}; {_arrow(chosen - before, 'keuze(s)', 'sinds ' + spoken(local(start).date()))}"
    return Figure("Deelname aan projecten", f"{chosen} van {total}", f"keuzes vastgelegd · {detail}" if detail else "keuzes vastgelegd",
                  change, _tone(chosen - before))


def _questions_figure(questions: Questions | None) -> Figure:
    if questions is None:
        return Figure("Vragen aan Samenspel", "0", "geen vragen in deze periode")
    q = questions
    change = _arrow(q.asked - q.before[0], "", "sinds de vorige periode") if q.before else "geen vragen in de vorige periode"
    return Figure("Vragen aan Samenspel", str(q.asked), f"gesteld · {q.unanswered_count} niet beantwoord", change)


def _documents_figure(documents: Documents | None) -> Figure:
    if documents is None:
        return Figure("Documenten", "–", "geen gegevens over de documenten")
    d = documents
    new = len(d.added) + len(d.changed)
    change = _arrow(new - d.before, "", "sinds de vorige periode") if d.before is not None else ""
    return Figure("Documenten", str(new), f"nieuw of bijgewerkt ({len(d.added)} nieuw, {len(d.changed)} bijgewerkt) · {d.total} in totaal", change)


def _arrow(delta: float, unit: str, since: str, *, decimals: bool = False) -> str:
    """'▲ 12 procentpunt sinds de vorige ronde', '▼ 2,0 …', '= gelijk …'."""
    if abs(delta) < (0.05 if decimals else 0.5):
        return f"= gelijk {since}"
    amount = _num(abs(delta)) if decimals else str(round(abs(delta)))
    return f"{'▲' if delta > 0 else '▼'} {amount}{' ' + unit if unit else ''} {since}"


def _tone(delta: float) -> str:
    return "good" if delta > 0 else "bad" if delta < 0 else "neutral"


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

