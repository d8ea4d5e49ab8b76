"""A passage as the answer step reads it: its sentences in order, each with its index terms, whether it
opens a paragraph or list item, and its meaning when the passage carries sentence vectors.

Read once per passage (a chunk id names fixed content, so the reading keeps between questions).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from knowledge.models import Passage
from text.analysis import DutchAnalyzer
from text.sentences import is_bare_marker, is_item, split_paragraph_sentences

CACHE_SIZE = 4096


@dataclass(frozen=True)
class Sentence:
    text: str
    terms: frozenset[str]
    opens_paragraph: bool  # starts a line, a numbered member or a bullet
    item: bool  # opens a list item ("• …", "2.", "b)")
    vector: np.ndarray | None = None  # unit length, when the passage carries sentence vectors
    heading_terms: frozenset[str] = frozenset()  # the title and section it stands under


@dataclass(frozen=True)
class PassageText:
    passage: Passage
    sentences: tuple[Sentence, ...]
    title_terms: frozenset[str]


class PassageReader:
    """Reads passages into sentences once and keeps the result."""

    def __init__(self, analyzer: DutchAnalyzer) -> None:
        self._analyzer = analyzer
        self._cache: dict[str, PassageText] = {}

    def read(self, passage: Passage, vectors: np.ndarray | None = None) -> PassageText:
        cached = self._cache.get(passage.chunk_id)
        if cached is not None and (vectors is None or cached.sentences[0].vector is not None):
            # the same text, but the passage as retrieval returned it this time (its score is this question's)
            return cached if cached.passage == passage else PassageText(passage, cached.sentences, cached.title_terms)
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        texts, opens = split_paragraph_sentences(passage.text)
        rows = _vector_rows(texts, vectors)
        sentences: list[Sentence] = []
        headings: dict[str, frozenset[str]] = {}
        marker = ""
        for i, text in enumerate(texts):
            if is_bare_marker(text) and i + 1 < len(texts):
                marker = f"{marker}{text} "  # "2." and its text are one member
                continue
            vector = None if rows is None or rows[i] is None else vectors[rows[i]]
            section = passage.section_at(text)
            if section not in headings:
                headings[section] = frozenset(self._analyzer.terms(f"{passage.title} {section}"))
            sentences.append(Sentence(f"{marker}{text}", frozenset(self._analyzer.terms(text)),
                                      opens[i] or bool(marker), bool(marker) or is_item(text), vector, headings[section]))
            marker = ""
        if not sentences:
            sentences.append(Sentence(passage.text, frozenset(), True, False,
                                      heading_terms=frozenset(self._analyzer.terms(passage.heading))))
        reading = PassageText(passage, tuple(sentences), frozenset(self._analyzer.terms(passage.title)))
        self._cache[passage.chunk_id] = reading
        return reading


def _vector_rows(texts: list[str], vectors: np.ndarray | None) -> list[int | None] | None:
    """Which stored vector belongs to which sentence: vectors were kept for the sentences longer than
    two characters, in order (knowledge.meaning.sentence_vectors.sentences_of)."""
    if vectors is None or not len(vectors):
        return None
    rows: list[int | None] = []
    row = 0
    for text in texts:
        if len(text) > 2:
            rows.append(row)
            row += 1
        else:
            rows.append(None)
    if row != len(vectors):
        return None  # stored by another split: no sentence meaning rather than the wrong one
    return rows
