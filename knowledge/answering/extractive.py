"""The default answerer, no LLM needed: a window of the text around the sentence that answers best,
quoted with its source and page, or an honest "I can't find that".

Three steps, each general: every sentence of the retrieved passages is scored by the calibrated
sentence model; the best one's window is quoted (a second only when it adds what the first lacks);
one calibrated decision says whether the documents answer the question at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.calibration import Calibration, load_calibration
from knowledge.answering.candidates import Candidate, candidates
from knowledge.answering.decision import decision_signals
from knowledge.answering.passage_text import PassageReader, PassageText
from knowledge.answering.texts import not_found, quote_intro, unknown_name
from knowledge.answering.window import QUOTE_BUDGET, ReadSentence, Window, window
from knowledge.models import Answer, Citation, Passage
from knowledge.question.reading import Question
from knowledge.retrieval.ranking import names_title
from knowledge.retrieval.retriever import HybridRetriever

READ_ON_PASSAGES = 2  # a window may read on this many passages into the document
RELATED_PLACES = 3  # "Misschien helpt dit": this many places, each its best sentence
CLOSE_GAP = 1.0  # a sentence scoring this much (logit) below the best answers nearly as well: quoted with it
SECOND_WINDOW_GAP = 2.0  # a second window's sentence scores at most this much (logit) below the best
SECOND_WINDOW_BUDGET = 250  # characters of the second quote: the first carries the answer
SECOND_PART_COVERED = 0.5  # a second question is answered where this much of it is covered


@dataclass
class Choice:
    """What the answer rests on: the windows quoted and the signals of the decision to answer."""

    windows: list[tuple[Window, Candidate]]
    signals: dict[str, float]
    candidates: list[Candidate]
    answers: bool = False  # the calibrated decision: the documents answer the question


class ExtractiveAnswerer:
    def __init__(self, retriever: HybridRetriever, *, k: int = 5, calibration: Calibration | None = None,
                 budget: int = QUOTE_BUDGET) -> None:
        self._retriever = retriever
        self._k = k
        self.calibration = calibration or load_calibration()  # the calibrated models in use (swapped while they are learned)
        self._budget = budget
        self._reader = PassageReader(retriever.analyzer)

    def answer(self, question: str, context: list[str] | None = None, language: str | None = None,
               readable_by: frozenset[str] | None = None) -> Answer:
        """Answer `question`; `context` holds earlier questions of the same conversation; only the
        documents the groups `readable_by` may read exist for it (None: all)."""
        read = self._retriever.read(question, context or (), language, readable_by)
        passages = self._retriever.retrieve(read, self._k)
        return self.answer_from(read, passages)

    def answer_from(self, question: Question | str, passages: list[Passage], language: str | None = None) -> Answer:
        if isinstance(question, str):
            question = self._retriever.read(question, language=language)
        choice = self.choose(question, passages)
        language = question.language
        if choice is None or not choice.answers:
            related = _related(choice.candidates) if choice is not None else []
            unknown = question.unknown_names[0] if question.unknown_names else ""
            text = unknown_name(language, unknown) if unknown else not_found(language)
            return Answer(text, [], answered=False, language=language, passages=passages, related=related, unknown_name=unknown)
        lines, citations = [], []
        for number, (win, _) in enumerate(choice.windows, start=1):
            p = win.passage
            again = number > 1 and p.source == choice.windows[number - 2][0].passage.source
            lines.append(f"{quote_intro(language, p.title, win.page, win.section, again)}: “{win.quote}” [{number}]")
            citations.append(Citation(p.source, p.title, win.page, win.quote, win.section))
        return Answer("\n".join(lines), citations, answered=True, language=language, passages=passages)

    # --- choosing -------------------------------------------------------------------------------
    def choose(self, question: Question, passages: list[Passage], fallback: bool = True) -> Choice | None:
        """The windows to quote, the signals of the decision to answer and the decision; None without
        candidates. A question that names a collaboration is answered from the documents about it
        ("het AB van Letterhoeke", not the look-alike regulation of Nieuw Land): first those whose title
        holds the name, then, when they hold no answer, those that mention it (without `fallback`, the
        first level's choice: what the answer model decides on before any fallback, for learning it)."""
        question, scored = self.scored(question, passages)
        if not scored:
            return None
        levels = sorted({c.signals["named"] for c in scored}, reverse=True)
        if len(levels) > 1:
            levels = [level for level in levels if level > 0]  # the documents about the names, when there are any
        first_choice = None
        for level in levels:
            ranked = sorted((c for c in scored if c.signals["named"] == level), key=lambda c: -c.score)
            choice = self._choice(question, ranked)
            if choice.answers or not fallback:
                return choice
            first_choice = first_choice or choice
        return first_choice

    def scored(self, question: Question, passages: list[Passage]) -> tuple[Question, list[Candidate]]:
        """Every sentence of the passages as a candidate, scored by the sentence model; the question with
        the words the documents never use read as the passages' closest words."""
        if not passages:
            return question, []
        question = self._retriever.resolve(question, passages)
        vectors = self._retriever.sentence_vectors(passages) if question.vector is not None else {}
        readings = [self._reader.read(p, vectors.get(p.chunk_id)) for p in passages]
        scored = candidates(question, readings, self._named(question, passages))
        model = self.calibration.sentence
        for candidate in scored:
            candidate.score = model.logit(candidate.signals)
        return question, scored

    def _choice(self, question: Question, ranked: list[Candidate]) -> Choice:
        best = ranked[0]
        first = self.window_for(best, question, close=_close_to(ranked, best))
        windows = [(first, best)]
        second = self._second_part(question, ranked, first, best) or self._second(question, ranked, first, best)
        if second is not None:
            windows.append(second)
        signals = decision_signals(question, best, first, self._retriever.analyzer, self._retriever.lexical)
        # A name the documents never mention (not a common word, not the acronym of a name they write
        # in full) cannot be answered about from them, however well the other words match.
        answers = not question.unknown_names and self.calibration.answer.says_yes(signals)
        return Choice(windows, signals, ranked, answers)

    def window_for(self, candidate: Candidate, question: Question | None = None, budget: int | None = None,
                   close: set[tuple[str, str]] | None = None) -> Window:
        """The window quoted for a candidate; with the question, the sentences before the answering one
        that share its words are quoted too; with `close` (source, sentence) pairs, those nearby that
        answer nearly as well."""
        reading = self._read_on(candidate.reading)
        relevant = None
        if question is not None:
            title = candidate.reading.title_terms
            relevant = [question.coverage(r.sentence.terms - title) > 0 for r in reading]
        near = [(r.passage.source, r.text) in close for r in reading] if close else None
        return window(reading, candidate.index, budget or self._budget, relevant, near)

    def _read_on(self, reading: PassageText) -> list[ReadSentence]:
        """The passage's sentences and those of the next passages of its document, without the overlap
        the chunker repeats: a list announced at a passage's end goes on there."""
        out = [ReadSentence(s, reading.passage, reading.passage.section_at(s.text)) for s in reading.sentences]
        seen = {s.text for s in reading.sentences}
        current = reading.passage
        for _ in range(READ_ON_PASSAGES):
            current = self._retriever.following(current)
            if current is None:
                break
            for s in self._reader.read(current).sentences:
                if s.text not in seen:
                    seen.add(s.text)
                    out.append(ReadSentence(s, current, current.section_at(s.text)))
        return out

    def _second(self, question: Question, ranked: list[Candidate], first: Window,
                best: Candidate) -> tuple[Window, Candidate] | None:
        """A short second window from the close runner-up in another place: a fact often stands where
        the question's words do not (measured on every set, blind included: more key facts, answers
        still under 700 characters at the median)."""
        for candidate in ranked[1:6]:
            if candidate.score < best.score - SECOND_WINDOW_GAP:
                break
            if candidate.passage.source == best.passage.source and abs(candidate.passage.ordinal - best.passage.ordinal) <= 1:
                continue
            if candidate.sentence in first.quote:
                continue
            return self.window_for(candidate, question, SECOND_WINDOW_BUDGET), candidate
        return None

    def _second_part(self, question: Question, ranked: list[Candidate], first: Window,
                     best: Candidate) -> tuple[Window, Candidate] | None:
        """For two questions in one ("uit hoeveel leden bestaat de commissie en wie benoemt ze?"), the
        place in the same document that answers the second, when the first window does not."""
        if not question.second_units:
            return None
        covered = self._terms_of(first)
        if question.coverage(covered, question.second_units) >= SECOND_PART_COVERED:
            return None
        same = [c for c in ranked if c.passage.source == best.passage.source and c.sentence not in first.quote]
        scored = [(question.coverage(c.window_terms, question.second_units), c) for c in same]
        share, candidate = max(scored, key=lambda item: (item[0], item[1].score), default=(0.0, None))
        if candidate is None or share < SECOND_PART_COVERED:
            return None
        return self.window_for(candidate, question), candidate

    def _terms_of(self, win: Window) -> frozenset[str]:
        return frozenset(self._retriever.analyzer.terms(win.quote))

    # --- what the question's words stand for ----------------------------------------------------
    def _named(self, question: Question, passages: list[Passage]) -> dict[str, float]:
        """Per document: 1 when its title holds a name the question uses ("het AB van Letterhoeke"),
        0.5 when it mentions every proper name a Dutch question uses ("projecten in Drenthe"), else 0."""
        if not question.name_terms:
            return {}
        analyzer = self._retriever.analyzer
        lexical = self._retriever.lexical
        out: dict[str, float] = {}
        for p in passages:
            if p.source in out:
                continue
            if names_title(question.name_terms, set(analyzer.terms(p.title))):
                out[p.source] = 1.0
            elif question.proper_name_terms and all(lexical.mentions(p.source, t) for t in question.proper_name_terms):
                out[p.source] = 0.5
            else:
                out[p.source] = 0.0
        return out


def _close_to(ranked: list[Candidate], best: Candidate) -> set[tuple[str, str]]:
    """The sentences that score within CLOSE_GAP of the best: nearly as likely to be the answer."""
    return {(c.passage.source, c.sentence) for c in ranked if c is not best and c.score >= best.score - CLOSE_GAP}


def _related(ranked: list[Candidate]) -> list[Citation]:
    """The best sentence of each of the closest passages, for a person to read on when there is no answer."""
    out: list[Citation] = []
    seen: set[tuple[str, int]] = set()
    for c in ranked:
        key = (c.passage.source, c.passage.ordinal)
        if key in seen or c.signals["near"] < 0.15:
            continue
        seen.add(key)
        out.append(Citation(c.passage.source, c.passage.title, c.passage.page_at(c.sentence), c.sentence, c.passage.section))
        if len(out) == RELATED_PLACES:
            break
    return out
