"""Hybrid retrieval: BM25 over Dutch-analysed text fused with vector similarity.

The lexical side carries the ranking: the embedding models that install offline add noise on Dutch
text, so the vector vote is off unless RETRIEVAL_VECTOR_WEIGHT is set (measured: docs/benchmarks.md).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from ingest.pipeline import index_text
from ingest.sentences import split_sentences
from knowledge.abbreviations import AbbreviationExpander, harvest
from knowledge.analysis import DutchAnalyzer
from knowledge.definitions import defines, definition_subject
from knowledge.glossary import expand_english
from knowledge.language import detect_language
from knowledge.lexical import LexicalIndex
from knowledge.models import Passage
from knowledge.store import ChunkStore

if TYPE_CHECKING:  # only for annotations: importing LangChain costs a tenth of a second
    from langchain_core.embeddings import Embeddings

    from knowledge.semantic import SentenceEncoder

RRF_K = 60


class HybridRetriever:
    def __init__(
        self,
        store: ChunkStore,
        embedder: Embeddings,
        analyzer: DutchAnalyzer,
        *,
        vector_weight: float = 0.35,
        candidates: int = 40,
        proximity_weight: float = 1.0,
        definition_weight: float = 0.5,
        encoder: SentenceEncoder | None = None,
        semantic_weight: float = 0.5,
        semantic_neighbours: int = 5,
    ) -> None:
        self._store = store
        self._embedder = embedder
        self._analyzer = analyzer
        self._vector_weight = vector_weight
        self._candidates = candidates
        self._proximity_weight = proximity_weight
        self._definition_weight = definition_weight
        self._encoder = encoder
        self._semantic_weight = semantic_weight
        self._semantic_neighbours = semantic_neighbours
        self._sentence_terms: dict[str, list[set[str]]] = {}
        self._lexical = LexicalIndex(analyzer)
        self._passages: dict[str, Passage] = {}
        self._by_place: dict[tuple[str, int], str] = {}
        self._generation: str | None = None
        self._abbreviations = AbbreviationExpander()
        self._lock = threading.Lock()

    @property
    def analyzer(self) -> DutchAnalyzer:
        return self._analyzer

    @property
    def lexical(self) -> LexicalIndex:
        self.refresh()
        return self._lexical

    @property
    def embedder(self) -> Embeddings:
        return self._embedder

    @property
    def encoder(self) -> SentenceEncoder | None:
        """The sentence encoder (meaning across wording and language), when one is configured."""
        return self._encoder

    def refresh(self) -> None:
        """Rebuild the lexical index when the store changed (in this process or another)."""
        generation = self._store.generation()
        if generation == self._generation:
            return
        with self._lock:
            if generation == self._generation:
                return
            passages = self._store.all_passages()
            self._lexical.build(
                (p.chunk_id, index_text(p.title, p.section, p.text, p.extra)) for p in passages
            )
            self._passages = {p.chunk_id: p for p in passages}
            self._by_place = {(p.source, p.ordinal): p.chunk_id for p in passages}
            self._sentence_terms = {}
            self._abbreviations = AbbreviationExpander(lambda texts=[p.text for p in passages]: harvest(texts))
            self._generation = generation

    def warm_up(self) -> None:
        """Build the index and load the sentence model now, not on a person's first question."""
        self.refresh()
        if self._encoder is not None:
            self._encoder.encode(["opwarmen"])

    def following(self, passage: Passage) -> Passage | None:
        """The next passage of the same document: where a quote cut off by a chunk boundary goes on."""
        self.refresh()
        chunk_id = self._by_place.get((passage.source, passage.ordinal + 1))
        return self._passages.get(chunk_id) if chunk_id else None

    def expand(self, question: str) -> str:
        """The question with abbreviations the documents spell out in full ("het AB" → "het algemeen
        bestuur"); what both retrieval and the answer's support are measured on."""
        self.refresh()
        return self._abbreviations.expand(question, self._used_by_documents)

    def _used_by_documents(self, word: str) -> bool:
        terms = self._analyzer.terms(word)
        return bool(terms) and all(self._lexical.idf(t) > 0 for t in terms)

    def retrieve(self, query: str, k: int = 5) -> list[Passage]:
        self.refresh()
        if not self._passages or not query.strip():
            return []
        asked = query
        query = self.expand(query)
        subject = definition_subject(query)
        if detect_language(query) == "en":
            query = expand_english(query)  # the documents are Dutch
        lexical = self._lexical.search(query, self._candidates)
        if self._encoder is not None and self._semantic_weight > 0 and self._store.sentences is not None:
            lexical = self._by_meaning(asked, lexical)
        if self._proximity_weight > 0:
            lexical = self._by_proximity(query, lexical)
        if subject and self._definition_weight > 0:
            lexical = self._definitions_first(subject, lexical)
        if self._vector_weight > 0:
            vector = self._store.vector_search(self._embedder.embed_query(query), self._candidates)
            fused = fuse([lexical, vector], [1.0 - self._vector_weight, self._vector_weight])
        else:
            fused = fuse([lexical], [1.0])
        out = []
        for chunk_id, score in fused[:k]:
            passage = self._passages.get(chunk_id)
            if passage is not None:
                out.append(_with_score(passage, score))
        return out


    def _by_meaning(self, question: str, ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """Re-rank BM25's candidates by what their closest sentence means (min-max BM25 + w · min-max
        cosine), after adding the passages of the sentences nearest in meaning that share no word
        with the question: "wie betaalt een tekort" ~ "de deelnemers dragen het nadelig saldo"."""
        sentences = self._store.sentences
        query = self._encoder.encode([question])[0]
        present = {chunk_id for chunk_id, _ in ranking}
        nearest = [c for c in sentences.nearest_passages(query, self._semantic_neighbours * 2) if c in self._passages and c not in present]
        ranking = ranking + [(chunk_id, 0.0) for chunk_id in nearest[: self._semantic_neighbours]]
        if not ranking:
            return ranking
        best = sentences.best_match([chunk_id for chunk_id, _ in ranking], query)
        floor = min(best.values(), default=0.0)
        lexical = _min_max([score for _, score in ranking])
        meaning = _min_max([best.get(chunk_id, floor) for chunk_id, _ in ranking])
        rescored = [(chunk_id, lex + self._semantic_weight * sem) for (chunk_id, _), lex, sem in zip(ranking, lexical, meaning)]
        return sorted(rescored, key=lambda item: -item[1])

    def _by_proximity(self, query: str, ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """Re-rank BM25's candidates by how much of the question one place in the passage covers
        (two adjacent sentences): a passage that answers holds the question's words together,
        not scattered over unrelated sentences."""
        if not ranking:
            return ranking
        weights = {t: self._lexical.idf(t) for t in set(self._analyzer.terms(query))}
        weights = {t: w for t, w in weights.items() if w > 0}
        total = sum(weights.values())
        top = ranking[0][1] or 1.0
        if not total:
            return ranking
        rescored = []
        for chunk_id, score in ranking:
            windows = self._windows(chunk_id)
            best = max((sum(w for t, w in weights.items() if t in window) for window in windows), default=0.0)
            rescored.append((chunk_id, score / top + self._proximity_weight * best / total))
        return sorted(rescored, key=lambda item: -item[1])

    def _definitions_first(self, subject: str, ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """For "wat is het ONS-D?": lift the passages that explain the subject ("het ONS-D overleg
        (7 gemeentesecretarissen)") above those that only mention it."""
        if not ranking:
            return ranking
        top = ranking[0][1] or 1.0
        rescored = [
            (chunk_id, score / top + (self._definition_weight if defines(self._passages[chunk_id].text, subject) else 0.0))
            for chunk_id, score in ranking
        ]
        return sorted(rescored, key=lambda item: -item[1])

    def _windows(self, chunk_id: str) -> list[set[str]]:
        cached = self._sentence_terms.get(chunk_id)
        if cached is None:
            passage = self._passages[chunk_id]
            sentences = [set(self._analyzer.terms(s)) for s in split_sentences(passage.text)] or [set()]
            heading = set(self._analyzer.terms(f"{passage.title} {passage.section}"))
            cached = [a | b | heading for a, b in zip(sentences, sentences[1:] + [set()])]
            self._sentence_terms[chunk_id] = cached
        return cached


def _min_max(values: list[float]) -> list[float]:
    low, high = min(values), max(values)
    return [(v - low) / (high - low) if high > low else 0.0 for v in values]


def fuse(rankings: list[list[tuple[str, float]]], weights: list[float]) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion: robust to the rankers' incomparable score scales."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, (item, _) in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def _with_score(passage: Passage, score: float) -> Passage:
    return Passage(
        chunk_id=passage.chunk_id,
        text=passage.text,
        source=passage.source,
        title=passage.title,
        page=passage.page,
        section=passage.section,
        ordinal=passage.ordinal,
        score=score,
        extra=passage.extra,
        page_marks=passage.page_marks,
    )
