"""An in-memory BM25 index over the same chunks as the vector store.

It is rebuilt from the store's own texts whenever the store's generation changes, so the two
never disagree, across processes and restarts alike.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from knowledge.analysis import DutchAnalyzer


class LexicalIndex:
    def __init__(self, analyzer: DutchAnalyzer, k1: float = 1.2, b: float = 0.75) -> None:
        self._analyzer = analyzer
        self._k1 = k1
        self._b = b
        self._postings: dict[str, list[tuple[int, int]]] = {}
        self._lengths: list[int] = []
        self._ids: list[str] = []
        self._avg_length = 0.0
        self._idf: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def build(self, documents: Iterable[tuple[str, str]]) -> None:
        """Index (id, text) pairs, replacing whatever was indexed before."""
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        ids, lengths = [], []
        for position, (doc_id, text) in enumerate(documents):
            terms = self._analyzer.terms(text)
            ids.append(doc_id)
            lengths.append(len(terms))
            for term, count in Counter(terms).items():
                postings[term].append((position, count))
        self._postings = dict(postings)
        self._ids, self._lengths = ids, lengths
        self._avg_length = (sum(lengths) / len(lengths)) if lengths else 0.0
        n = len(ids)
        self._idf = {
            term: math.log(1 + (n - len(plist) + 0.5) / (len(plist) + 0.5)) for term, plist in self._postings.items()
        }

    def max_idf(self) -> float:
        """The weight of a term seen in one passage only (the rarest possible)."""
        n = len(self._ids)
        return math.log(1 + (n - 0.5) / 1.5) if n else 0.0

    def idf(self, term: str) -> float:
        return self._idf.get(term, 0.0)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """The k best (id, score) pairs; repeated query terms count once."""
        scores: dict[int, float] = defaultdict(float)
        for term in set(self._analyzer.terms(query)):
            idf = self._idf.get(term)
            if idf is None:
                continue
            for position, tf in self._postings[term]:
                norm = self._k1 * (1 - self._b + self._b * self._lengths[position] / self._avg_length)
                scores[position] += idf * tf * (self._k1 + 1) / (tf + norm)
        best = sorted(scores.items(), key=lambda item: -item[1])[:k]
        return [(self._ids[position], score) for position, score in best]
