"""Hybrid retrieval: BM25 over Dutch-analysed text, re-ranked by what sentences mean, and
optionally fused with vector similarity.

The lexical side carries the ranking: the embedding models that install offline add noise on Dutch
text, so the vector vote is off unless RETRIEVAL_VECTOR_WEIGHT is set (measured: docs/benchmarks.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.question.abbreviations import AbbreviationExpander
from knowledge.question.forms.answer_forms import answer_form
from knowledge.question.glossary import expand_english
from knowledge.store.lexical import LexicalIndex
from knowledge.store.lexical_sync import LexicalMirror
from knowledge.models import Passage
from knowledge.store.chunk_store import ChunkStore
from text.analysis import DutchAnalyzer
from text.language import detect_language
from text.sentences import split_sentences

if TYPE_CHECKING:  # only for annotations: importing LangChain costs a tenth of a second
    from langchain_core.embeddings import Embeddings

    from knowledge.meaning.semantic import SentenceEncoder

RRF_K = 60
SOURCES_READ_WHOLE = 2  # the documents of this many best matches are searched by meaning throughout
WINDOW_CACHE_SIZE = 4096  # passages whose sentence terms are kept between questions


class HybridRetriever:
    def __init__(
        self,
        store: ChunkStore,
        embedder: Embeddings,
        analyzer: DutchAnalyzer,
        *,
        vector_weight: float = 0.0,
        candidates: int = 40,
        proximity_weight: float = 1.0,
        definition_weight: float = 0.5,
        encoder: SentenceEncoder | None = None,
        semantic_weight: float = 0.5,
        semantic_neighbours: int = 5,
        semantic_pool: int = 150,
        lexical: LexicalIndex | None = None,
        lexical_lock: Path | None = None,
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
        self._semantic_pool = semantic_pool  # BM25's wider matches among which passages close in meaning are sought
        self._sentence_terms: dict[str, list[set[str]]] = {}
        self._mirror = LexicalMirror(store, analyzer, lexical if lexical is not None else LexicalIndex(), lexical_lock)
        self._abbreviations_for: str | None = None
        self._abbreviations = AbbreviationExpander()
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
        generation = self._mirror.index.state.generation
        if generation != self._abbreviations_for:
            catalogue = self._store.catalogue
            self._abbreviations = AbbreviationExpander(lambda: _defined_abbreviations(catalogue.entries().values()))
            self._abbreviations_for = generation

    def warm_up(self) -> None:
        """Build the index and load the sentence model now, not on a person's first question."""
        self.refresh()
        if self._encoder is not None:
            self._encoder.encode(["opwarmen"])

    def following(self, passage: Passage) -> Passage | None:
        """The next passage of the same document: where a quote cut off by a chunk boundary goes on."""
        return self._mirror.index.passage_at(passage.source, passage.ordinal + 1)

    def expand(self, question: str) -> str:
        """The question with abbreviations the documents spell out in full ("het AB" → "het algemeen
        bestuur"); what both retrieval and the answer's support are measured on."""
        self.refresh()
        return self._expand(question)

    def _expand(self, question: str) -> str:
        return self._abbreviations.expand(question, self._used_by_documents)

    def mentioned(self, word: str) -> bool:
        """Whether any passage holds one of the word's index terms; a word without any (such as the
        "Van" of "Van der Kraan") says nothing either way and counts as mentioned."""
        terms = self._analyzer.terms(word)
        return not terms or any(self._mirror.index.idf(t) > 0 for t in terms)

    def _used_by_documents(self, word: str) -> bool:
        terms = self._analyzer.terms(word)
        return bool(terms) and all(self._mirror.index.idf(t) > 0 for t in terms)

    def retrieve(self, query: str, k: int = 5, language: str | None = None) -> list[Passage]:
        """The k passages that best answer the query; `language` is the question's, if known."""
        self.refresh()
        index = self._mirror.index
        if not len(index) or not query.strip():
            return []
        asked = query
        query = self._expand(query)
        form = answer_form(query, self._analyzer) if self._definition_weight > 0 else None  # before the English glossary
        if (language or detect_language(query)) == "en":
            query = expand_english(query)  # the documents are Dutch
        terms = self._analyzer.terms(query)
        if form is not None and form.search_words:  # "eruit stappen": the rules say *uittreding*
            terms += self._analyzer.terms(form.search_words)
        found = index.search_passages(terms, self._candidates)
        lexical = [(passage.chunk_id, score) for passage, score in found]
        passages = {passage.chunk_id: passage for passage, _ in found}
        if self._encoder is not None and self._semantic_weight > 0 and self._store.semantic_model:
            lexical = self._by_meaning(asked, terms, lexical, passages)
        if self._proximity_weight > 0:
            lexical = self._by_proximity(query, lexical, passages)
        if form is not None:
            lexical = self._answer_form_first(form, lexical, passages)
        if self._vector_weight > 0:
            vector = self._store.vector_search(self._embedder.embed_query(query), self._candidates)
            fused = fuse([lexical, vector], [1.0 - self._vector_weight, self._vector_weight])
        else:
            fused = fuse([lexical], [1.0])
        found = {**passages, **index.passages(c for c, _ in fused[:k] if c not in passages)}
        out = []
        for chunk_id, score in fused[:k]:
            passage = found.get(chunk_id)  # a vector hit of a version no longer current is not shown
            if passage is not None:
                out.append(_with_score(passage, score))
        return out


    def _by_meaning(self, question: str, terms: list[str], ranking: list[tuple[str, float]],
                    passages: dict[str, Passage]) -> list[tuple[str, float]]:
        """Re-rank BM25's candidates by what their closest sentence means (min-max BM25 + w · min-max
        cosine), after adding the passages closest in meaning from a wider pool of BM25's matches
        and the documents they come from, which may share only a word with the question: "wie betaalt
        een tekort" ~ "de deelnemers dragen het nadelig saldo". A question that shares no word at all
        starts from the passages closest in meaning overall."""
        index = self._mirror.index
        query = self._encoder.encode([question])[0]
        if self._store.meaning is not None:
            present = {chunk_id for chunk_id, _ in ranking}
            near = [c for c in self._store.meaning.nearest(query, self._semantic_neighbours * 2) if c not in present]
            passages.update(index.passages(near))
            ranking = ranking + [(chunk_id, 0.0) for chunk_id in near if chunk_id in passages][: self._semantic_neighbours]
        # The documents the best matches come from are read whole (up to the pool size): a question
        # that names the arrangement finds the place in it that says what it asks, in other words.
        sources = [passages[chunk_id].source for chunk_id, _ in ranking[:SOURCES_READ_WHOLE] if chunk_id in passages]
        meanings = index.meanings(terms, [chunk_id for chunk_id, _ in ranking], self._semantic_pool, sources)
        best = {chunk_id: float((vectors @ query).max()) for chunk_id, vectors in meanings.items() if len(vectors)}
        present = {chunk_id for chunk_id, _ in ranking}
        nearest = sorted((c for c in best if c not in present), key=lambda c: -best[c])[: self._semantic_neighbours]
        passages.update(index.passages(nearest))
        ranking = ranking + [(chunk_id, 0.0) for chunk_id in nearest if chunk_id in passages]
        if not ranking:
            return ranking
        floor = min(best.values(), default=0.0)
        lexical = _min_max([score for _, score in ranking])
        meaning = _min_max([best.get(chunk_id, floor) for chunk_id, _ in ranking])
        rescored = [(chunk_id, lex + self._semantic_weight * sem) for (chunk_id, _), lex, sem in zip(ranking, lexical, meaning)]
        return sorted(rescored, key=lambda item: -item[1])

    def _by_proximity(self, query: str, ranking: list[tuple[str, float]],
                      passages: dict[str, Passage]) -> list[tuple[str, float]]:
        """Re-rank BM25's candidates by how much of the question one place in the passage covers
        (two adjacent sentences): a passage that answers holds the question's words together,
        not scattered over unrelated sentences."""
        if not ranking:
            return ranking
        weights = {t: self._mirror.index.idf(t) for t in set(self._analyzer.terms(query))}
        weights = {t: w for t, w in weights.items() if w > 0}
        total = sum(weights.values())
        top = ranking[0][1] or 1.0
        if not total:
            return ranking
        rescored = []
        for chunk_id, score in ranking:
            windows = self._windows(passages[chunk_id])
            best = max((sum(w for t, w in weights.items() if t in window) for window in windows), default=0.0)
            rescored.append((chunk_id, score / top + self._proximity_weight * best / total))
        return sorted(rescored, key=lambda item: -item[1])

    def _answer_form_first(self, holds, ranking: list[tuple[str, float]],
                           passages: dict[str, Passage]) -> list[tuple[str, float]]:
        """For a question whose answer has a known form, lift the passages that hold it: "wat is het
        ONS-D?" → the passage that explains the term ("het ONS-D overleg (7 gemeentesecretarissen)");
        "hoe is het AB samengesteld?" → the one that says what the body consists of."""
        if not ranking:
            return ranking
        top = ranking[0][1] or 1.0
        rescored = [(chunk_id, score / top + (self._definition_weight if holds(passages[chunk_id].text, passages[chunk_id].heading) else 0.0))
                    for chunk_id, score in ranking]
        return sorted(rescored, key=lambda item: -item[1])

    def _windows(self, passage: Passage) -> list[set[str]]:
        """A passage's places (a sentence and the next) as sets of terms; a chunk id names fixed content."""
        cached = self._sentence_terms.get(passage.chunk_id)
        if cached is None:
            if len(self._sentence_terms) >= WINDOW_CACHE_SIZE:
                self._sentence_terms.clear()
            sentences = [set(self._analyzer.terms(s)) for s in split_sentences(passage.text)] or [set()]
            heading = set(self._analyzer.terms(passage.heading))
            cached = [a | b | heading for a, b in zip(sentences, sentences[1:] + [set()])]
            self._sentence_terms[passage.chunk_id] = cached
        return cached


def _defined_abbreviations(entries) -> dict[str, str]:
    """The abbreviations the documents define themselves, found at ingest (first definition wins)."""
    out: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: e.source):
        for short, long in entry.abbreviations.items():
            out.setdefault(short, long)
    return out


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
