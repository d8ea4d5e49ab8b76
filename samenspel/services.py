"""The composition root: builds the store, embedder, retriever, answerer and pipeline from the
settings. Nothing here runs at import time; tests pass their own fakes in."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ingest.chunker import ChunkerConfig
from ingest.pipeline import IngestPipeline
from knowledge.analysis import DutchAnalyzer
from knowledge.extractive import ExtractiveAnswerer
from knowledge.lexical import LexicalIndex
from knowledge.models import Answer
from knowledge.retriever import HybridRetriever
from knowledge.semantic import SentenceEncoder, semantic_encoder
from knowledge.store import NO_VECTORS, ChunkStore, embedded_client, server_client, stored_model
from samenspel.locking import StoreLock
from samenspel.settings import Settings

if TYPE_CHECKING:  # LangChain costs a tenth of a second to import; a question with the vector vote off never needs it
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

# Measured (docs/benchmarks.md): the bundled English model and a multilingual e5-small both lower
# MRR at every weight on the Dutch dev set, so the vector vote is off until a model proves itself.
DEFAULT_VECTOR_WEIGHT = 0.0


class Answerer(Protocol):
    def answer(self, question: str, context: list[str] | None = None) -> Answer: ...


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
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "Knowledge":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def vector_weight(settings: Settings) -> float:
    if settings.vector_weight is not None:
        return settings.vector_weight
    return DEFAULT_VECTOR_WEIGHT


def open_knowledge(
    settings: Settings,
    *,
    embedder: Embeddings | None = None,
    analyzer: DutchAnalyzer | None = None,
    chat_model=None,
    encoder: SentenceEncoder | None = None,
    fresh: bool = False,
) -> Knowledge:
    """Open the store (taking the embedded store's lock) and wire everything on top of it;
    `fresh` empties the store first (a rebuild, e.g. after changing the model)."""
    lock = None
    if settings.uses_chroma_server:
        client = server_client(settings.chroma_host, settings.chroma_port)
    else:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        lock = StoreLock(settings.lock_file, settings.store_lock_wait_seconds)
        lock.acquire()
        client = embedded_client(settings.chroma_dir)
    try:
        if fresh:
            _drop_collection(client, settings.chroma_collection)
        embedder = embedder or _embedder_for(settings, stored_model(client, settings.chroma_collection))
        model_name = getattr(embedder, "name", settings.embedding_model) if embedder is not None else NO_VECTORS
        encoder = encoder or semantic_encoder(settings.semantic_model, settings.cache_dir)
        store = ChunkStore(client, settings.chroma_collection, model_name, encoder.name if encoder is not None else None)
        analyzer = analyzer or DutchAnalyzer(cache_dir=settings.cache_dir)
        if fresh:
            shutil.rmtree(settings.lexical_dir, ignore_errors=True)
        retriever = HybridRetriever(
            store, embedder, analyzer, vector_weight=vector_weight(settings), encoder=encoder,
            semantic_weight=settings.semantic_weight, semantic_neighbours=settings.semantic_neighbours,
            semantic_pool=settings.semantic_pool,
            lexical=LexicalIndex(settings.lexical_dir), lexical_lock=settings.lexical_dir.with_suffix(".lock"),
        )
        extractive = ExtractiveAnswerer(retriever, k=settings.retrieval_k, min_support=settings.answer_min_support)
        answerer: Answerer = extractive
        if chat_model is not None or settings.llm_provider != "none":
            from knowledge.llm import LLMAnswerer, build_chat_model

            answerer = LLMAnswerer(retriever, chat_model or build_chat_model(settings), extractive, k=settings.retrieval_k)
        chunker = ChunkerConfig(target_chars=settings.chunk_target_chars, max_chars=settings.chunk_max_chars)
        pipeline = IngestPipeline(
            store, embedder, encoder=encoder, max_file_bytes=settings.max_file_bytes, max_passages=settings.max_passages,
            chunker=chunker, max_prune_share=settings.prune_max_share, analyzer=analyzer,
            on_change=lambda: retriever.refresh(wait=True),
        )
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return Knowledge(settings, store, embedder, retriever, answerer, pipeline, lock)


def _embedder_for(settings: Settings, in_store: str | None) -> Embeddings | None:
    """Embed only what retrieval will use: with the vector vote off, passages get no embedding
    (an hour of CPU for a large document, for a vote that never counts). A store already filled
    with the configured model's vectors keeps getting them, so it stays consistent; an
    `ingest --rebuild` drops them."""
    if vector_weight(settings) > 0 or (in_store not in (None, NO_VECTORS) and in_store == settings.embedding_model):
        from knowledge.embeddings import SentenceTransformerEmbeddings

        return SentenceTransformerEmbeddings(settings.embedding_model, settings.embedding_device)
    return None


def _drop_collection(client, name: str) -> None:
    for collection in (name, f"{name}-sentences", f"{name}-documents", f"{name}-meaning"):
        try:
            client.delete_collection(collection)
        except Exception:  # it did not exist (chromadb raises NotFoundError or ValueError by version)
            pass
