"""The knowledge core as the assistant uses it: store, retriever, answerer and ingest pipeline,
built by the composition root (`samenspel.wiring.open_knowledge`) and closed as one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from infra.locking import StoreLock
from infra.settings import Settings
from ingest.pipeline import IngestPipeline
from knowledge.models import Answer
from knowledge.retrieval.retriever import HybridRetriever
from knowledge.store.chunk_store import ChunkStore

if TYPE_CHECKING:  # LangChain costs a tenth of a second to import
    from langchain_core.embeddings import Embeddings


class Answerer(Protocol):
    def answer(self, question: str, context: list[str] | None = None, language: str | None = None,
               readable_by: frozenset[str] | None = None) -> Answer: ...


@dataclass
class Knowledge:
    settings: Settings
    store: ChunkStore
    embedder: Embeddings | None  # None while the vector vote is off: nothing is embedded
    retriever: HybridRetriever
    answerer: Answerer
    pipeline: IngestPipeline
    _lock: StoreLock | None = field(default=None, repr=False)

    def close(self) -> None:
        """Release the store's files (a process that opens it again does not pile up open files) and its lock."""
        self.store.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "Knowledge":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
