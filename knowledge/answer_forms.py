"""Questions whose answer has a known form, and the test a sentence or passage must pass to have it:
"wat is een X?" wants the text that defines X; "hoe is X samengesteld?" the one that says what X
consists of; "wie zit X voor?" the one that says who chairs X. Used by retrieval (such passages rank
higher) and by the answer (such a sentence is quoted first, when it covers the question well enough)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from knowledge.analysis import DutchAnalyzer
from knowledge.composition import chair_question, composition_question, states_chair, states_composition
from knowledge.definitions import defines, definition_subject


@dataclass(frozen=True)
class AnswerForm:
    """`holds(text)`: whether a text has the form. `asking_terms`: the index terms of the words that
    ask for it (*samengesteld*, *zit … voor*); a sentence of the form answers them even though it
    seldom repeats them ("bestaat uit zeven leden")."""

    holds: Callable[[str], bool]
    asking_terms: frozenset[str] = frozenset()

    def __call__(self, text: str) -> bool:
        return self.holds(text)


def answer_form(question: str, analyzer: DutchAnalyzer) -> AnswerForm | None:
    subject = definition_subject(question)
    if subject:
        return AnswerForm(lambda text: defines(text, subject))
    composition = composition_question(question)
    if composition is not None:
        body, asking = composition  # every word of the body: "de Commissie bestaat uit" is not the schouwcommissie
        body_terms = set(analyzer.terms(body))
        return AnswerForm(lambda text: states_composition(text) and body_terms <= set(analyzer.terms(text)),
                          _asking_terms(analyzer, asking, body))
    chair = chair_question(question)
    if chair is not None:  # as above; the region's name alone says nothing about which body
        chaired, asking = chair
        chair_terms = set(analyzer.terms(chaired))
        return AnswerForm(lambda text: states_chair(text) and chair_terms <= set(analyzer.terms(text)),
                          _asking_terms(analyzer, asking, chaired))
    return None


def _asking_terms(analyzer: DutchAnalyzer, asking: str, subject: str) -> frozenset[str]:
    return frozenset(analyzer.terms(asking)) - set(analyzer.terms(subject))
