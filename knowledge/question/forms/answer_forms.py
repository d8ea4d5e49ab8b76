"""Questions whose answer has a known form, and the test a sentence or passage must pass to have it:
"wat is een X?" wants the text that defines X; "hoe is X samengesteld?" the one that says what X
consists of; "wie zit X voor?" the one that says who chairs X. Used by retrieval (such passages rank
higher) and by the answer (such a sentence is quoted first, when it covers the question well enough)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from knowledge.question.forms.composition import (
    appoints_members,
    chair_question,
    composed_part,
    composition_question,
    speaks_of_chair,
    states_chair,
)
from knowledge.question.forms.counts import counted_noun, counts
from knowledge.question.forms.definitions import defines, definition_subject
from knowledge.question.glossary import translate_terms
from knowledge.question.forms.membership import membership_question, states_act
from knowledge.question.forms.participants import names_participants, participants_question
from knowledge.question.forms.payers import payer_question, states_payer
from text.analysis import DutchAnalyzer, fold


@dataclass(frozen=True)
class AnswerForm:
    """`holds(text, heading)`: whether a text (under the title and section `heading`) has the form.
    `asking_terms`: the index terms of the words that ask for it (*samengesteld*, *zit … voor*); a
    sentence of the form answers them even though it seldom repeats them ("bestaat uit zeven leden")."""

    holds: Callable[[str, str], bool]
    asking_terms: frozenset[str] = frozenset()
    required: bool = False  # only a sentence of this form answers (who chairs X: one that says who chairs X)
    continues: Callable[[str], bool] | None = None  # a following sentence that says more of the same
    search_words: str = ""  # the words such an answer is written in, searched for as well ("uittreding")


    def __call__(self, text: str, heading: str = "") -> bool:
        return self.holds(text, heading)


def answer_form(question: str, analyzer: DutchAnalyzer,
                mentioned: Callable[[str], bool] | None = None) -> AnswerForm | None:
    """The form of answer the question asks for, if any. `mentioned` tells whether the documents use
    a word: a form is only required when they use every word of what it is about (an English body
    such as "the tables" cannot be found in Dutch sentences, so its form cannot decide)."""
    subject = definition_subject(question)
    if subject:
        forms = _singular_forms(subject)  # "wat zijn de bestuurlijke tafels?": "De bestuurlijke tafel is ..."
        return AnswerForm(lambda text, heading: any(defines(text, form) for form in forms))
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

        return AnswerForm(composes_body, _asking_terms(analyzer, asking, body), continues=appoints_members)
    chair = chair_question(question)
    if chair is not None:  # as above; the region's name alone says nothing about which body
        chaired, asking = chair
        chair_terms = set(analyzer.terms(chaired))
        return AnswerForm(
            lambda text, heading: states_chair(text) and chair_terms <= _folded_terms(analyzer, f"{text} {heading}"),
            _asking_terms(analyzer, asking, chaired),
            required=mentioned is not None and all(mentioned(word) for word in chaired.split()),
            continues=speaks_of_chair)
    payer = payer_question(question)
    if payer is not None:  # "wie betaalt ..." is answered by "... komen ten laste van ...", about what is paid for
        paid, asking = payer
        paid_terms = set(analyzer.terms(f"{paid} {translate_terms(paid)}"))  # "the secretariat": *secretariaat*

        def says_who_pays(text: str, heading: str) -> bool:
            # the document's own name ("een tekort van Letterhoeke" in Letterhoeke's rules) says nothing of what is paid for
            about = paid_terms - _folded_terms(analyzer, heading)
            return states_payer(text) and (not about or bool(about & _folded_terms(analyzer, text)))

        return AnswerForm(says_who_pays, _asking_terms(analyzer, asking, paid))
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


def _singular_forms(subject: str) -> list[str]:
    """The subject, and its last word without a Dutch or English plural ending (tafels → tafel,
    gemeenten → gemeente): a definition is written in the singular more often than not."""
    head, _, last = subject.rpartition(" ")
    forms = [subject]
    if len(last) > 4 and last.endswith("s"):
        forms.append(last[:-1])
    if len(last) > 5 and last.endswith("en"):
        forms += [last[:-1], last[:-2]]
    return [subject] + [f"{head} {form}".strip() for form in forms[1:]]


def _folded_terms(analyzer: DutchAnalyzer, text: str) -> set[str]:
    """Terms of the text in lower case, as the question's body was read: "Maascommissie" in a title
    then holds *commissie* too."""
    return set(analyzer.terms(fold(text)))


def _asking_terms(analyzer: DutchAnalyzer, asking: str, subject: str) -> frozenset[str]:
    return frozenset(analyzer.terms(asking)) - set(analyzer.terms(subject))
