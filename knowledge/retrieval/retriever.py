"""Hybrid retrieval: BM25 over Dutch-analysed text, re-ranked by what sentences mean, and
optionally fused with vector similarity.

The lexical side carries the ranking: the embedding models that install offline add noise on Dutch
text, so the vector vote is off unless RETRIEVAL_VECTOR_WEIGHT is set (measured: docs/benchmarks.md).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.audience import hidden_from
from knowledge.calibration import Calibration, load_calibration
from knowledge.models import Passage
from knowledge.question.abbreviations import AbbreviationExpander
from knowledge.question.reading import Question, QuestionReader
from knowledge.retrieval.ranking import min_max, names_title, passage_signals
from knowledge.retrieval.reranking import Reranker, passage_for_reading, reordered
from knowledge.store.chunk_store import ChunkStore
from knowledge.store.lexical import LexicalIndex
from knowledge.store.lexical_sync import LexicalMirror
from text.analysis import DutchAnalyzer
from text.sentences import split_sentences

if TYPE_CHECKING:  # only for annotations: importing LangChain costs a tenth of a second
    from langchain_core.embeddings import Embeddings

    from knowledge.meaning.semantic import SentenceEncoder

RRF_K = 60
SOURCES_READ_WHOLE = 2  # the documents of this many best matches are searched by meaning throughout
WINDOW_CACHE_SIZE = 4096  # passages whose sentence terms are kept between questions
RESOLVE_FROM = 10  # a word the documents never use is read as a word of this many best candidates


class HybridRetriever:
    def __init__(
        self,
        store: ChunkStore,
        embedder: Embeddings,
        analyzer: DutchAnalyzer,
        *,
        vector_weight: float = 0.0,
        candidates: int = 40,
        encoder: SentenceEncoder | None = None,
        semantic_neighbours: int = 5,
        semantic_pool: int = 150,
        lexical: LexicalIndex | None = None,
        lexical_lock: Path | None = None,
        calibration: Calibration | None = None,
        reranker: Reranker | None = None,
        rerank_depth: int = 10,
    ) -> None:
        self.calibration = calibration or load_calibration()  # the calibrated models in use (swapped while they are learned)
        self._store = store
        self._embedder = embedder
        self._analyzer = analyzer
        self._vector_weight = vector_weight
        self._candidates = candidates
        self._encoder = encoder
        self._semantic_neighbours = semantic_neighbours
        self._semantic_pool = semantic_pool  # BM25's wider matches among which passages close in meaning are sought
        self._reranker = reranker  # an optional cross-encoder that orders the best candidates again
        self._rerank_depth = rerank_depth
        self._sentence_terms: dict[str, tuple] = {}
        self._mirror = LexicalMirror(store, analyzer, lexical if lexical is not None else LexicalIndex(), lexical_lock)
        self._readers_for: tuple[str, str | None] | None = None
        self._readers: dict[frozenset[str], QuestionReader] = {}  # per set of hidden documents, for this generation
        self._audiences: dict[str, tuple[str, ...]] = {}
        self._entries: list = []
        self.wait_for_changes = True  # a bot answers from the index it has while it catches up: False

    @property
    def analyzer(self) -> DutchAnalyzer:
        return self._analyzer

    @property
    def lexical(self) -> LexicalIndex:
        """The lexical index as of the last refresh (every question refreshes once, at its start)."""
        return self._mirror.index

    @property
    def embedder(self) -> Embeddings:
        return self._embedder

    @property
    def encoder(self) -> SentenceEncoder | None:
        """The sentence encoder (meaning across wording and language), when one is configured."""
        return self._encoder

    def refresh(self, wait: bool | None = None) -> None:
        """Bring the lexical index up to date when the store changed (in this process or another);
        `wait` overrides `wait_for_changes` (an ingest in this process waits for its own change)."""
        self._mirror.refresh(wait=self.wait_for_changes if wait is None else wait)

    def read(self, text: str, context: list[str] | tuple[str, ...] = (), language: str | None = None,
             readable_by: frozenset[str] | None = None) -> Question:
        """The question read once against the documents as indexed now (see knowledge.question), as
        a reader in the groups `readable_by` sees them (None: one who may read everything)."""
        reader, hidden = self._reader_for(readable_by)
        question = reader.read(text, context, language)
        return dataclasses.replace(question, hidden=hidden) if hidden else question

    def _reader_for(self, readable_by: frozenset[str] | None) -> tuple[QuestionReader, frozenset[str]]:
        """The question reader of what these readers may see: names, titles, abbreviations and how rare
        a word is come from their documents only, so not even "never mentioned" tells of the others."""
        self.refresh()
        # Who may read what follows the store at once (a narrowed audience applies to the next
        # question, also while the index catches up in the background); the readers follow both.
        generation = (self._mirror.index.state.generation, self._mirror.latest)
        if generation != self._readers_for:
            self._readers = {}
            self._entries = list(self._store.catalogue.entries().values())
            self._audiences = {e.source: e.audience for e in self._entries if e.audience}
            self._readers_for = generation
        hidden = hidden_from(self._audiences, readable_by)
        reader = self._readers.get(hidden)
        if reader is None:
            view = self._mirror.index.view(hidden)
            entries = [e for e in self._entries if e.source not in hidden]
            reader = QuestionReader(
                self._analyzer, view, mentioned=lambda word: self._mentioned_in(view, word),
                used=lambda word: self._used_in(view, word),
                abbreviations=AbbreviationExpander(lambda: _defined_abbreviations(entries)),
                titles=[entry.title for entry in entries],
                encoder=self._encoder if self._store.semantic_model else None, adapt=self._adapted)
            if len(self._readers) >= 32:
                self._readers.clear()
            self._readers[hidden] = reader
        return reader, hidden

    def _adapted(self, vector):
        """The question's meaning turned by the calibrated adapter, when it was learned for this encoder
        (read at each question: the calibration can be swapped while it is learned)."""
        adapter = self.calibration.adapter
        if adapter is None or self._encoder is None or adapter.model != self._encoder.name:
            return vector
        return adapter.apply(vector)

    @property
    def audiences(self) -> dict[str, tuple[str, ...]]:
        """The documents meant for some groups only, with those groups (as of the last question)."""
        return self._audiences

    def view(self, question: Question):
        """The lexical index as the asker of `question` sees it."""
        return self._mirror.index.view(question.hidden)

    def warm_up(self) -> None:
        """Build the index and load the sentence model now, not on a person's first question."""
        self.refresh()
        if self._encoder is not None:
            self._encoder.encode(["opwarmen"])
        if self._reranker is not None:
            self._reranker.scores("opwarmen", ["opwarmen"])  # a model that cannot load fails now, not on a question

    def following(self, passage: Passage) -> Passage | None:
        """The next passage of the same document: where a quote cut off by a chunk boundary goes on."""
        return self._mirror.index.passage_at(passage.source, passage.ordinal + 1)

    def resolve(self, question: Question, passages: list[Passage]) -> Question:
        """The question's words the documents never use, read as the passages' words closest in meaning."""
        reader = self._readers.get(question.hidden)
        if reader is None:
            return question
        return reader.resolve(question, [p.text for p in passages])

    def sentence_vectors(self, passages: list[Passage]) -> dict:
        """The stored meaning of each sentence of the passages (chunk id → unit vectors, one row per sentence)."""
        return self._mirror.index.meanings([], [p.chunk_id for p in passages], 0)

    def mentioned(self, word: str) -> bool:
        """Whether any passage holds one of the word's index terms; a word without any (such as the
        "Van" of "Van der Kraan") says nothing either way and counts as mentioned."""
        return self._mentioned_in(self._mirror.index, word)

    def _mentioned_in(self, index, word: str) -> bool:
        terms = self._analyzer.terms(word)
        return not terms or any(index.idf(t) > 0 for t in terms)

    def _used_in(self, index, word: str) -> bool:
        terms = self._analyzer.terms(word)
        return bool(terms) and all(index.idf(t) > 0 for t in terms)

    def retrieve(self, question: Question | str, k: int = 5, language: str | None = None,
                 readable_by: frozenset[str] | None = None) -> list[Passage]:
        """The k passages that best answer the question (read here when given as text)."""
        if isinstance(question, str):
            if not question.strip():
                return []
            question = self.read(question, language=language, readable_by=readable_by)
        ranked = self.ranked(question)
        if self._reranker is not None and ranked:
            ranked = self._reranked(question, ranked, k)
        if self._vector_weight > 0 and ranked:
            vector = self._store.vector_search(self._embedder.embed_query(question.expanded), self._candidates, question.hidden)
            fused = fuse([[(p.chunk_id, s) for p, s, _ in ranked], vector], [1.0 - self._vector_weight, self._vector_weight])
            found = {p.chunk_id: p for p, _, _ in ranked}
            found.update(self.view(question).passages(c for c, _ in fused[:k] if c not in found))
            # a vector hit of a version no longer current is not shown
            return [_with_score(found[c], s) for c, s in fused[:k] if c in found]
        return [_with_score(p, s) for p, s, _ in ranked[:k]]

    def _reranked(self, question: Question, ranked: list[tuple[Passage, float, dict[str, float]]],
                  k: int) -> list[tuple[Passage, float, dict[str, float]]]:
        """The best candidates in the reranker's order, each with the reranker's score."""
        depth = max(self._rerank_depth, k)
        scores = self._reranker.scores(question.text, [passage_for_reading(p) for p, _, _ in ranked[:depth]])
        rescored = [(p, score, signals) for (p, _, signals), score in zip(ranked[:depth], scores)]
        return reordered(rescored, scores, depth) + ranked[depth:]

    def ranked(self, question: Question) -> list[tuple[Passage, float, dict[str, float]]]:
        """Every candidate passage with its score and the signals it was scored on, best first."""
        self.refresh()
        index = self.view(question)
        if not len(index) or not question.search_terms and question.vector is None:
            return []
        terms = list(question.search_terms)
        found = index.search_passages(terms, self._candidates)
        bm25 = {passage.chunk_id: score for passage, score in found}
        passages = {passage.chunk_id: passage for passage, _ in found}
        cosines: dict[str, float] = {}
        if question.vector is not None:
            cosines = self._by_meaning(question.vector, terms, list(bm25), passages, index, question.hidden)
        ids = list(passages)
        lex = dict(zip(ids, min_max([bm25.get(c, 0.0) for c in ids])))
        floor = min(cosines.values(), default=0.0)
        sem = dict(zip(ids, min_max([cosines.get(c, floor) for c in ids])))
        nearest = sorted(ids, key=lambda c: -(lex[c] + sem[c]))[:RESOLVE_FROM]
        question = self.resolve(question, [passages[c] for c in nearest])
        model = self.calibration.passage
        out = []
        for chunk_id in ids:
            passage = passages[chunk_id]
            places, passage_terms, heading, title = self._places(passage)
            signals = passage_signals(question, passage, lex=lex[chunk_id], sem=sem[chunk_id], cos=cosines.get(chunk_id, 0.0),
                                      places=places, terms=passage_terms, heading=heading,
                                      named=bool(question.name_terms) and names_title(question.name_terms, title))
            out.append((passage, model.logit(signals), signals))
        out.sort(key=lambda item: -item[1])
        return out

    def _by_meaning(self, query, terms: list[str], ranking: list[str], passages: dict[str, Passage], index,
                    hidden: frozenset[str]) -> dict[str, float]:
        """How close in meaning each candidate's closest sentence comes to the question, after adding
        the passages closest in meaning from a wider pool of BM25's matches and the documents they
        come from, which may share only a word with the question: "wie betaalt een tekort" ~ "de
        deelnemers dragen het nadelig saldo". A question that shares no word at all starts from the
        passages closest in meaning overall."""
        if self._store.meaning is not None:
            present = set(ranking)
            near = [c for c in self._store.meaning.nearest(query, self._semantic_neighbours * 2, hidden) if c not in present]
            passages.update(index.passages(near))
            ranking = ranking + [c for c in near if c in passages][: self._semantic_neighbours]
        # The documents the best matches come from are read whole (up to the pool size): a question
        # that names the arrangement finds the place in it that says what it asks, in other words.
        sources = [passages[c].source for c in ranking[:SOURCES_READ_WHOLE] if c in passages]
        meanings = index.meanings(terms, ranking, self._semantic_pool, sources)
        best = {chunk_id: float((vectors @ query).max()) for chunk_id, vectors in meanings.items() if len(vectors)}
        present = set(ranking)
        nearest = sorted((c for c in best if c not in present), key=lambda c: -best[c])[: self._semantic_neighbours]
        passages.update(index.passages(nearest))
        for chunk_id in list(passages):
            if chunk_id not in present and chunk_id not in nearest and chunk_id not in ranking:
                del passages[chunk_id]  # read for its meaning only, not close enough to be a candidate
        return best

    def _places(self, passage: Passage) -> tuple[list[frozenset[str]], frozenset[str], frozenset[str], set[str]]:
        """A passage's places (a sentence and the next), all its terms, its heading's and its title's
        terms; a chunk id names fixed content, so they keep."""
        cached = self._sentence_terms.get(passage.chunk_id)
        if cached is None:
            if len(self._sentence_terms) >= WINDOW_CACHE_SIZE:
                self._sentence_terms.clear()
            sentences = [frozenset(self._analyzer.terms(s)) for s in split_sentences(passage.text)] or [frozenset()]
            places = [a | b for a, b in zip(sentences, sentences[1:] + [frozenset()])]
            cached = (places, frozenset().union(*sentences), frozenset(self._analyzer.terms(passage.heading)),
                      set(self._analyzer.terms(passage.title)))
            self._sentence_terms[passage.chunk_id] = cached
        return cached


def _defined_abbreviations(entries) -> dict[str, str]:
    """The abbreviations the documents define themselves, found at ingest (first definition wins)."""
    out: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: e.source):
        for short, long in entry.abbreviations.items():
            out.setdefault(short, long)
    return out


def fuse(rankings: list[list[tuple[str, float]]], weights: list[float]) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion: robust to the rankers' incomparable score scales."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, (item, _) in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def _with_score(passage: Passage, score: float) -> Passage:
    return dataclasses.replace(passage, score=score)
