"""What makes a candidate passage likely to answer, as a few general signals that a calibrated
linear model (knowledge/calibration.json, "passage") weighs into one score.

The signals: how well the passage's words match (BM25), how close its closest sentence comes in
meaning, how much of the question one place in it and the whole of it cover (each with its heading),
whether it holds the kind of answer asked for or the known form of such an answer, and whether its
document is the one the question names. None of them excludes a passage.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.models import Passage
from knowledge.question.answer_types import can_answer
from knowledge.question.reading import Question

PASSAGE_FEATURES = ("lex", "sem", "cos", "prox", "cover", "form", "kind", "named")


def passage_signals(question: Question, passage: Passage, *, lex: float, sem: float, cos: float,
                    places: list[frozenset[str]], terms: frozenset[str], heading: frozenset[str],
                    named: bool) -> dict[str, float]:
    """`lex`, `sem`: BM25 and meaning, min-max scaled over the candidates; `cos`: the closest
    sentence's cosine; `places`: the passage's places (a sentence and the next) as index terms."""
    typed = question.expected not in (None, "which")
    return {
        "lex": lex,
        "sem": sem,
        "cos": cos,
        "prox": max((question.coverage(place | heading) for place in places), default=0.0),
        "cover": question.coverage(terms | heading),
        "form": 1.0 if question.form is not None and question.form(passage.text, passage.heading) else 0.0,
        "kind": 1.0 if typed and can_answer(question.expected, passage.text, question.expanded) else 0.0,
        "named": 1.0 if named else 0.0,
    }


def names_title(question_names, title_terms: set[str]) -> bool:
    """Whether a title holds one of the question's names, also at the start of a compound ("maas" in
    *Maasverdrag*)."""
    flat = {t for terms in question_names for t in terms}
    return bool(flat & title_terms) or any(len(n) >= 4 and t.startswith(n) for n in flat for t in title_terms)


def min_max(values: list[float]) -> list[float]:
    low, high = min(values, default=0.0), max(values, default=0.0)
    return [(v - low) / (high - low) if high > low else 0.0 for v in values]


Scorer = Callable[[dict[str, float]], float]
