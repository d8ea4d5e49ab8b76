"""English words the glossary does not know, matched by meaning to a Dutch word of the passages at
hand ("disputes" → *geschillen*, "accede" → *toetreding*), with the multilingual sentence encoder.

Only the words of the retrieved passages are candidates, so a match is always a word the answer
can hold. A match must be close (cosine ≥ 0.65) and clearly closer than the runner-up (≥ 0.05):
single words sit near a few "hub" words, and an unsure match is worse than none.
"""

from __future__ import annotations

import re

import numpy as np

from knowledge.meaning.semantic import SentenceEncoder
from text.analysis import STOPWORDS, fold

MIN_SIMILARITY = 0.65
MIN_MARGIN = 0.05
CACHE_WORDS = 50_000
_WORD = re.compile(r"[a-zà-ÿ]{4,}")


class MeaningTranslator:
    def __init__(self, encoder: SentenceEncoder) -> None:
        self._encoder = encoder
        self._vectors: dict[str, np.ndarray] = {}

    def dutch_for(self, english: str, texts: list[str], min_similarity: float = MIN_SIMILARITY) -> str | None:
        """The word of `texts` that means `english`, or None when no word is close and clear."""
        vocabulary = sorted({w for text in texts for w in _WORD.findall(fold(text)) if w not in STOPWORDS})
        if len(english) < 4 or len(vocabulary) < 2:
            return None
        matrix = self._matrix(vocabulary)
        similarities = matrix @ self._encoder.encode([english])[0]
        best, runner_up = np.argsort(-similarities)[:2]
        if similarities[best] >= min_similarity and similarities[best] - similarities[runner_up] >= MIN_MARGIN:
            return vocabulary[best]
        return None

    def _matrix(self, words: list[str]) -> np.ndarray:
        """The words' vectors, one row each; a word is encoded once and kept."""
        missing = [w for w in words if w not in self._vectors]
        if missing:
            if len(self._vectors) + len(missing) > CACHE_WORDS:
                self._vectors.clear()
            self._vectors.update(zip(missing, self._encoder.encode(missing)))
        return np.stack([self._vectors[w] for w in words])
