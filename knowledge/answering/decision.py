"""The one decision whether to answer at all, made from a few general signals of the best window and
its document by the calibrated answer model (knowledge/calibration.json, "answer").

The signals: how much of the question the quoted window and its heading cover, how much the whole
document covers (a trap's words are often all there, the asked fact is not), whether the question is
English (its translated words cover less), whether it asks for a kind of answer (a number, a date, a
name …), whether that kind stands in the window, and in a sentence that is about the question,
and whether what the question asks about ("hoeveel medewerkers") stands in such a sentence at all.
"""

from __future__ import annotations

from knowledge.answering.candidates import Candidate
from knowledge.answering.window import Window
from knowledge.question.answer_types import can_answer
from knowledge.question.reading import Question
from knowledge.store.lexical import LexicalIndex
from text.analysis import DutchAnalyzer
from text.sentences import split_sentences


def decision_signals(question: Question, best: Candidate, first: Window, analyzer: DutchAnalyzer,
                     lexical: LexicalIndex) -> dict[str, float]:
    heading = best.reading.sentences[best.index].heading_terms
    window_terms = frozenset(analyzer.terms(first.quote)) | heading
    if best.signals["form"] and question.form is not None:
        window_terms |= question.form.asking_terms  # "bestaat uit" answers "samengesteld"
    document = sum(u.weight for u in question.units if lexical.mentions(best.passage.source, u.terms))
    typed = question.expected not in (None, "which")
    title = best.reading.title_terms
    # each quoted sentence's terms, and whether it holds an answer of the asked kind (any, when none is asked)
    sentences = [(frozenset(analyzer.terms(sentence)), not typed or can_answer(question.expected, sentence, question.expanded))
                 for sentence in split_sentences(first.quote)]
    anchored = typed and any(kind and question.coverage(terms - title) > 0 for terms, kind in sentences)
    focus = frozenset(t for t in question.focus_terms if lexical.idf(t) > 0)  # what is asked about, in the documents' words
    held = bool(focus) and any(kind and holds_focus(focus, terms) for terms, kind in sentences)
    return {
        "window": question.coverage(window_terms),
        "document": document / question.total_weight,
        "english": 1.0 if question.language == "en" else 0.0,
        "typed": 1.0 if typed else 0.0,
        "type_in_window": 1.0 if typed and can_answer(question.expected, first.quote, question.expanded) else 0.0,
        "anchored": 1.0 if anchored else 0.0,  # the asked kind stands in a sentence about the question
        # what the question asks about ("hoeveel *medewerkers*") stands in no sentence of the quote that
        # holds the asked kind: the quote is about the subject, not about what is asked of it
        "focus_missing": 1.0 if focus and not held else 0.0,
    }


def holds_focus(focus: frozenset[str], terms: frozenset[str]) -> bool:
    """The focus term itself, or a compound built on it ('regeling' in *rechtspositieregeling*)."""
    return bool(focus & terms) or any(len(f) >= 5 and (t.startswith(f) or t.endswith(f)) for f in focus for t in terms if t != f)
