"""Questions whose answer has a known form, and whether a sentence or passage has it: "hoe is X
samengesteld?" wants the text that says what X consists of; "wie zit X voor?" the one that says who
chairs X; "hoeveel leden?" a number right before what is counted; "kan je eruit stappen?" the rule on
uittreding; "welke gemeenten doen mee?" the list of participants. A signal for the calibrated models
(such a passage or sentence is lifted), never a gate. Forms that the blind set showed to pay are
kept; definitions and who-pays were measured and dropped (docs/benchmarks.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from knowledge.question.forms.composition import chair_question, composed_part, composition_question, states_chair
from knowledge.question.forms.counts import counted_noun, counts
from knowledge.question.forms.membership import membership_question, states_act
from knowledge.question.forms.participants import names_participants, participants_question
from text.analysis import DutchAnalyzer, fold


@dataclass(frozen=True)
class AnswerForm:
    """`holds(text, heading)`: whether a text (under the title and section `heading`) has the form.
    `asking_terms`: the index terms of the words that ask for it (*samengesteld*, *zit … voor*); a
    sentence of the form answers them even though it seldom repeats them ("bestaat uit zeven leden")."""

    holds: Callable[[str, str], bool]
    asking_terms: frozenset[str] = frozenset()
    search_words: str = ""  # the words such an answer is written in, searched for as well ("uittreding")

    def __call__(self, text: str, heading: str = "") -> bool:
        return self.holds(text, heading)


def answer_form(question: str, analyzer: DutchAnalyzer) -> AnswerForm | None:
    """The form of answer the question asks for, if any."""
    composition = composition_question(question)
    if composition is not None:
        # Every word of the body, where the sentence names what is composed or in the heading it
        # stands under: "de Commissie bestaat uit" is not about the schouwcommissie, but is about the
        # Maascommissie in its treaty; "het DB bestaat uit de voorzitter van het AB" is not about the AB.
        # Not half here and half there: "de ambtelijke regiekamer" under a title with "bestuurlijke" is
        # not the bestuurlijke regiekamer.
        body, asking = composition
        body_terms = set(analyzer.terms(body))

        def composes_body(text: str, heading: str) -> bool:
            named = composed_part(text)
            return named is not None and _names_body(analyzer, body_terms, named, heading, _head(analyzer, body))

        return AnswerForm(composes_body, _asking_terms(analyzer, asking, body))
    chair = chair_question(question)
    if chair is not None:  # as above; the region's name alone says nothing about which body
        chaired, asking = chair
        chair_terms = set(analyzer.terms(chaired))
        return AnswerForm(
            lambda text, heading: states_chair(text) and chair_terms <= _folded_terms(analyzer, f"{text} {heading}"),
            _asking_terms(analyzer, asking, chaired))
    counted = counted_noun(question)
    if counted is not None:  # "hoeveel leden heeft het DSB?" is answered by "een DSB met zes leden"
        return AnswerForm(lambda text, heading: counts(text, counted))
    membership = membership_question(question)
    if membership is not None:  # "kan de provincie eruit stappen?" is answered where the rules speak of uittreding
        asking, states, words = membership
        return AnswerForm(lambda text, heading: states_act(text, states), frozenset(analyzer.terms(asking)),
                          search_words=words)
    participants = participants_question(question)
    if participants is not None:  # "welke gemeenten doen mee?" is answered where the regulation lists them
        nouns, asking = participants
        return AnswerForm(lambda text, heading: names_participants(text, nouns), frozenset(analyzer.terms(asking)))
    return None


def _names_body(analyzer: DutchAnalyzer, body: set[str], text: str, heading: str, head: str) -> bool:
    """Whether the text names the body in full, or the heading it stands under does while the text
    names no sibling of it: "de ambtelijke regiekamer" is not the bestuurlijke regiekamer, whatever
    the heading says; "het bestuur" under "Het algemeen bestuur" is the algemeen bestuur."""
    named = _folded_terms(analyzer, text)
    if body <= named:
        return True
    sibling = head in named and bool(named - body)
    return not sibling and body <= _folded_terms(analyzer, heading)


def _head(analyzer: DutchAnalyzer, body: str) -> str:
    """The index term of the body's last word, its noun: *regiekamer* of "bestuurlijke regiekamer"."""
    terms = analyzer.terms(fold(body.split()[-1])) if body.split() else []
    return terms[0] if terms else ""


def _folded_terms(analyzer: DutchAnalyzer, text: str) -> set[str]:
    """Terms of the text in lower case, as the question's body was read: "Maascommissie" in a title
    then holds *commissie* too."""
    return set(analyzer.terms(fold(text)))


def _asking_terms(analyzer: DutchAnalyzer, asking: str, subject: str) -> frozenset[str]:
    return frozenset(analyzer.terms(asking)) - set(analyzer.terms(subject))
