"""An optional second reader of the best candidates: a cross-encoder reads the question and each
passage together and orders them again.

The calibrated order (words, sentence meaning, the text's headings) is what this machine can compute
offline; a cross-encoder reads meaning across wording in a way those signals cannot ("wie zit het DB
voor" ~ "het dagelijks bestuur wordt voorgezeten door"). None ships inside a PyPI package, so it is
off by default: RERANK_MODEL names one a deployment can download or has on disk (a multilingual one
for Dutch documents, e.g. `cross-encoder/mmarco-mMiniLMv2-L12-H384-v1`). It costs a forward pass per
candidate: measure it with `make bench` before turning it on.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from knowledge.errors import RerankModelError
from knowledge.models import Passage

log = logging.getLogger(__name__)

T = TypeVar("T")


class Reranker(Protocol):
    name: str

    def scores(self, question: str, passages: Sequence[str]) -> list[float]:
        """How well each passage answers the question: higher is better, one score per passage."""
        ...


def passage_for_reading(passage: Passage) -> str:
    """What the reranker reads of a passage: the heading it stands under, then its text (an article's
    text often does not repeat what the article is about)."""
    heading = passage.heading.strip()
    return f"{heading}\n{passage.text}" if heading else passage.text


def reordered(items: list[T], scores: Sequence[float], depth: int) -> list[T]:
    """The first `depth` items in order of their score (ties keep their order), the rest as they were."""
    head = items[:depth]
    if len(scores) != len(head):
        raise ValueError(f"{len(scores)} scores for {len(head)} passages")
    order = sorted(range(len(head)), key=lambda i: -scores[i])
    return [head[i] for i in order] + items[depth:]


class CrossEncoderReranker:
    """A sentence-transformers cross-encoder, loaded on first use (or by `load` when a bot starts),
    from a folder on disk or, where the deployment can download, by its name on the Hugging Face hub."""

    def __init__(self, model_name: str, device: str = "cpu", batch_size: int = 16, max_length: int = 512) -> None:
        self.name = model_name
        self._device = device
        self._batch_size = batch_size
        self._max_length = max_length
        self._model = None
        self._loading = threading.Lock()  # a bot answers several questions at once: the model loads once

    def load(self) -> None:
        with self._loading:
            if self._model is None:
                self._model = self._loaded()
                log.info("reranker %s loaded", self.name)

    def _loaded(self):
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        try:
            from sentence_transformers import CrossEncoder

            local = Path(self.name).exists()
            return CrossEncoder(self.name, device=self._device, max_length=self._max_length,
                                local_files_only=local or os.environ.get("HF_HUB_OFFLINE") == "1")
        except Exception as exc:  # a missing folder, no network, a model that is no cross-encoder
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            raise RerankModelError(
                f"het herordeningsmodel '{self.name}' (RERANK_MODEL) kan niet geladen worden: {reason}. "
                "Zet RERANK_MODEL leeg om zonder te werken, of wijs een map met het model aan.") from exc

    def scores(self, question: str, passages: Sequence[str]) -> list[float]:
        if not passages:
            return []
        self.load()
        predicted = self._model.predict([(question, p) for p in passages], batch_size=self._batch_size,
                                        show_progress_bar=False, convert_to_numpy=True)
        return [float(s) for s in predicted]
