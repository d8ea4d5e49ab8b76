"""The composition root: the one place that builds the application's objects from the settings:
the knowledge core (store, embedder, retriever, answerer, pipeline), the assistant, the reflection
rounds and their database. Nothing here runs at import time; tests pass their own fakes in."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.knowledge import Answerer, Knowledge
from infra.locking import StoreLock
from infra.settings import Settings
from ingest.chunker import ChunkerConfig
from ingest.isolation import shared_worker
from ingest.pipeline import IngestPipeline
from knowledge.answering.extractive import ExtractiveAnswerer
from knowledge.calibration import Calibration, load_calibration
from knowledge.store.lexical import LexicalIndex
from knowledge.retrieval.reranking import CrossEncoderReranker, Reranker
from knowledge.retrieval.retriever import HybridRetriever
from knowledge.meaning.semantic import SentenceEncoder, semantic_encoder
from knowledge.store.chunk_store import NO_VECTORS, ChunkStore, embedded_client, server_client, stored_model
from text.analysis import DutchAnalyzer

if TYPE_CHECKING:  # LangChain and SQLAlchemy cost a tenth of a second each; a CLI question needs neither
    from langchain_core.embeddings import Embeddings

    from assistant.core import Assistant
    from assistant.routing import RoutedAnswerer
    from infra.database import Database
    from overview.service import OverviewMaker
    from registry.rounds import DeclarationRounds
    from registry.service import Registry
    from surveys.service import SurveyService

log = logging.getLogger(__name__)


def open_knowledge(
    settings: Settings,
    *,
    embedder: Embeddings | None = None,
    analyzer: DutchAnalyzer | None = None,
    chat_model=None,
    encoder: SentenceEncoder | None = None,
    fresh: bool = False,
    calibration: Calibration | None = None,
    reranker: Reranker | None = None,
) -> Knowledge:
    """Open the store (taking the embedded store's lock) and wire everything on top of it;
    `fresh` empties the store first (a rebuild, e.g. after changing the model); `calibration`
    replaces the shipped calibrated models (tests use fixed ones that retraining does not move), as
    does SAMENSPEL_CALIBRATION_FILE (models learned elsewhere: `bench/train_answering.py --out`)."""
    if calibration is None and settings.calibration_file is not None:
        calibration = load_calibration(settings.calibration_file)  # before the store's lock: a bad file fails first
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
            store, embedder, analyzer, vector_weight=settings.vector_weight, encoder=encoder,
            semantic_neighbours=settings.semantic_neighbours,
            semantic_pool=settings.semantic_pool,
            lexical=LexicalIndex(settings.lexical_dir), lexical_lock=settings.lexical_dir.with_suffix(".lock"),
            calibration=calibration,
            reranker=reranker or (CrossEncoderReranker(settings.rerank_model, settings.embedding_device)
                                  if settings.rerank_model else None),
            rerank_depth=settings.rerank_depth,
        )
        extractive = ExtractiveAnswerer(retriever, k=settings.retrieval_k, budget=settings.answer_quote_chars,
                                        calibration=calibration)
        answerer: Answerer = extractive
        if chat_model is not None or settings.llm_provider != "none":
            from knowledge.answering.llm import LLMAnswerer, build_chat_model

            answerer = LLMAnswerer(retriever, chat_model or build_chat_model(settings), extractive, k=settings.retrieval_k)
        chunker = ChunkerConfig(target_chars=settings.chunk_target_chars, max_chars=settings.chunk_max_chars)
        pipeline = IngestPipeline(
            store, embedder, encoder=encoder, max_file_bytes=settings.max_file_bytes, max_passages=settings.max_passages,
            chunker=chunker, max_prune_share=settings.prune_max_share, analyzer=analyzer,
            on_change=lambda: retriever.refresh(wait=True),
            parser=shared_worker(settings.parser_timeout_seconds, settings.parser_memory_mb * 1024 * 1024),
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
    if settings.vector_weight > 0 or (in_store not in (None, NO_VECTORS) and in_store == settings.embedding_model):
        from knowledge.meaning.embeddings import SentenceTransformerEmbeddings

        return SentenceTransformerEmbeddings(settings.embedding_model, settings.embedding_device)
    return None


def _drop_collection(client, name: str) -> None:
    for collection in (name, f"{name}-sentences", f"{name}-documents", f"{name}-meaning"):
        try:
            client.delete_collection(collection)
        except Exception:  # it did not exist (chromadb raises NotFoundError or ValueError by version)
            pass


@dataclass
class Services:
    """What the chat channels and the scheduler work with, on one database connection pool."""

    assistant: Assistant
    surveys: SurveyService
    rounds: DeclarationRounds
    db: Database

    def close(self) -> None:
        self.db.close()


def open_database_for(settings: Settings) -> Database:
    """The database, migrated to the current schema (raises DatabaseUnavailable with a plain reason)."""
    from infra.database import open_database

    return open_database(settings.sql_url)


def open_surveys(settings: Settings, db: Database | None = None) -> SurveyService:
    """Reflection rounds on the database, with the pseudonym key from the settings."""
    from infra.pseudonym import pseudonymizer_from
    from surveys.service import SurveyService

    return SurveyService(db or open_database_for(settings), pseudonymizer_from(settings))


def open_services(settings: Settings, knowledge: Knowledge) -> Services:
    """The assistant and the reflection rounds for a serving process; one database for both."""
    db = open_database_for(settings)
    try:
        assistant = open_assistant(settings, knowledge, db)
        return Services(assistant, open_surveys(settings, db), open_rounds(db, assistant.registry), db)
    except BaseException:
        db.close()
        raise


def open_assistant(settings: Settings, knowledge: Knowledge, db: Database | None = None) -> Assistant:
    """The assistant on top of the knowledge core: database (migrated), pseudonym key, rate limit."""
    from assistant.audiences import Audiences, GroupDirectory
    from assistant.core import Assistant
    from infra.pseudonym import pseudonymizer_from

    db = db or open_database_for(settings)
    registry = open_registry(db)
    audiences = Audiences(GroupDirectory(db), body_members=registry.accounts_in, cache_seconds=settings.audience_cache_seconds)
    return Assistant(knowledge, db, settings, pseudonymize=pseudonymizer_from(settings),
                     answerer=routed_answerer(knowledge, registry), registry=registry, audiences=audiences)


def open_registry(db: Database) -> Registry:
    """Who takes part in what, and who holds which role: the registry on the shared database."""
    from registry.service import Registry

    return Registry(db)


def open_overview(settings: Settings, db: Database, documents=None) -> OverviewMaker:
    """The regiekamer overview over everything on the database; `documents` lists the knowledge
    base (None: the documents section is left out)."""
    from assistant.feedback import FeedbackStore
    from assistant.history import IngestHistory
    from overview.service import OverviewMaker

    registry = open_registry(db)
    return OverviewMaker(surveys=open_surveys(settings, db), feedback=FeedbackStore(db), history=IngestHistory(db),
                         documents=documents, registry=registry, rounds=open_rounds(db, registry),
                         min_group_size=settings.survey_min_group_size, show_question_text=settings.overview_show_question_text,
                         report_dir=settings.report_dir, collaboration=settings.overview_collaboration)


def open_rounds(db: Database, registry: Registry | None = None) -> DeclarationRounds:
    """Kleur-bekennen rounds on the registry's database."""
    from registry.rounds import DeclarationRounds

    return DeclarationRounds(db, registry or open_registry(db))


def routed_answerer(knowledge: Knowledge, registry: Registry) -> RoutedAnswerer:
    """The registry answers who takes part and who holds a role; the documents answer the rest."""
    from assistant.routing import RoutedAnswerer
    from registry.answers import RegistryAnswerer

    return RoutedAnswerer(RegistryAnswerer(registry), knowledge.answerer)
