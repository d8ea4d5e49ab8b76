"""Questions whose answer has a known form, and the test a sentence or passage must pass to have it:
"wat is een X?" wants the text that defines X; "hoe is X samengesteld?" the one that says what X
consists of. Used by retrieval (such passages rank
higher) and by the answer (such a sentence is quoted first, when it covers the question well enough)."""

from __future__ import annotations

from collections.abc import Callable

from knowledge.analysis import DutchAnalyzer
from knowledge.composition import chair_body, composition_subject, states_chair, states_composition
from knowledge.definitions import defines, definition_subject


def answer_form(question: str, analyzer: DutchAnalyzer) -> Callable[[str], bool] | None:
    subject = definition_subject(question)
    if subject:
        return lambda text: defines(text, subject)
    body = composition_subject(question)
    if body is not None:
        body_terms = set(analyzer.terms(body))
        return lambda text: states_composition(text) and bool(body_terms & set(analyzer.terms(text)))
    chaired = chair_body(question)
    if chaired:  # every word of the body itself: the region's name alone says nothing about which body
        chair_terms = set(analyzer.terms(chaired))
        return lambda text: states_chair(text) and chair_terms <= set(analyzer.terms(text))
    return None
