"""Every sentence of the retrieved passages as a candidate answer, described by a few general signals:
how much of the question it and its neighbours cover, how close its meaning is, whether it holds the
kind of answer asked for, where retrieval ranked its passage. The calibrated sentence model turns the
signals into one score; nothing here refuses a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.answering.passage_text import PassageText
from knowledge.models import Passage
from knowledge.question.answer_types import can_answer
from knowledge.question.reading import Question

MIN_SENTENCE_CHARS = 25  # a shorter sentence only answers as a list item or table row


@dataclass
class Candidate:
    reading: PassageText
    rank: int  # of its passage in retrieval
    index: int  # of the sentence in its passage
    signals: dict[str, float]
    score: float = 0.0  # the sentence model's logit
    window_terms: frozenset[str] = field(default_factory=frozenset)

    @property
    def passage(self) -> Passage:
        return self.reading.passage

    @property
    def sentence(self) -> str:
        return self.reading.sentences[self.index].text


def candidates(question: Question, readings: list[PassageText], named: dict[str, float]) -> list[Candidate]:
    """The candidates of every passage, in retrieval order. `named`: per source, whether the document is
    about the names the question uses (1: its title holds one, 0.5: it mentions them all, 0: neither)."""
    out: list[Candidate] = []
    for rank, reading in enumerate(readings):
        sentences = reading.sentences
        for i, sentence in enumerate(sentences):
            lead = _lead_in(reading, i)
            if len(sentence.text) < MIN_SENTENCE_CHARS and lead is None and not sentence.item:
                continue
            has_form = question.form is not None and question.form(sentence.text, reading.passage.heading)
            # a sentence of the asked form answers the words that ask for it ("bestaat uit" for "samengesteld")
            own_terms = sentence.terms | reading.title_terms | (question.form.asking_terms if has_form else frozenset())
            neighbours = [s for s in sentences[max(0, i - 1):i + 2] if s.heading_terms == sentence.heading_terms]  # same section
            near_terms = own_terms.union(*(s.terms for s in neighbours), sentence.heading_terms)
            if lead is not None:
                near_terms |= sentences[lead].terms  # "• Gemeente Uden: 35%" is about what its lead-in announced
            nearby = " ".join(s.text for s in sentences[i:i + 2] if s.heading_terms == sentence.heading_terms)
            cos = float(sentence.vector @ question.vector) if sentence.vector is not None and question.vector is not None else 0.0
            kind = question.expected not in (None, "which")
            has_kind = kind and can_answer(question.expected, nearby, question.expanded)
            signals = {
                "own": question.coverage(own_terms),
                "near": question.coverage(near_terms),
                "cos": cos,
                "rank": 1.0 / (1 + rank),
                "kind": 1.0 if has_kind else 0.0,
                "form": 1.0 if has_form else 0.0,
                "named": named.get(reading.passage.source, 0.0),
            }
            out.append(Candidate(reading, rank, i, signals, window_terms=frozenset(near_terms)))
    return out


def _lead_in(reading: PassageText, i: int) -> int | None:
    sentences = reading.sentences
    if not sentences[i].item:
        return None
    j = i - 1
    while j >= 0 and sentences[j].item and not sentences[j].text.rstrip().endswith(":"):
        j -= 1
    return j if j >= 0 and sentences[j].text.rstrip().endswith(":") else None
