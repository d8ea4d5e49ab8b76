"""The vector store: a Chroma collection filled with our own embeddings.

Chroma's default embedding function is never used (it would download a model); every write and
query brings its own vectors. A generation stamp in the collection's metadata changes on every
write, so lexical indexes in any process know when to rebuild.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings

from ingest.models import Chunk
from knowledge.models import DocumentInfo, Passage

_RESERVED = {"source", "title", "page", "section", "ordinal", "doc_hash", "page_marks"}
_BATCH = 500


class StoreMismatchError(RuntimeError):
    """The store was filled with another embedding model; it must be rebuilt."""


def embedded_client(path: Path) -> chromadb.ClientAPI:
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def server_client(host: str, port: int) -> chromadb.ClientAPI:
    return chromadb.HttpClient(host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False))


class ChunkStore:
    def __init__(self, client: chromadb.ClientAPI, collection_name: str, embedding_model: str) -> None:
        self._client = client
        self._name = collection_name
        self._model = embedding_model
        self._collection = client.get_or_create_collection(
            collection_name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "embedding_model": embedding_model, "generation": _new_generation()},
        )
        stored_model = (self._collection.metadata or {}).get("embedding_model")
        if stored_model and stored_model != embedding_model and self._collection.count():
            raise StoreMismatchError(
                f"de kennisbank is gevuld met embeddingmodel '{stored_model}', maar ingesteld is "
                f"'{embedding_model}'; draai 'samenspel ingest --rebuild' om alles opnieuw in te lezen"
            )

    # --- reading ----------------------------------------------------------------------------
    def generation(self) -> str:
        """Changes whenever any process writes to the store."""
        collection = self._client.get_collection(self._name, embedding_function=None)
        return str((collection.metadata or {}).get("generation", ""))

    def last_ingest(self) -> str | None:
        return (self._collection_metadata() or {}).get("last_ingest")

    def count(self) -> int:
        return self._collection.count()

    def vector_search(self, embedding: list[float], k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) pairs, best first."""
        n = min(k, self.count())
        if n == 0:
            return []
        result = self._collection.query(query_embeddings=[embedding], n_results=n, include=["distances"])
        return [(cid, 1.0 - dist) for cid, dist in zip(result["ids"][0], result["distances"][0])]

    def all_passages(self) -> list[Passage]:
        passages: list[Passage] = []
        offset = 0
        while True:
            batch = self._collection.get(include=["documents", "metadatas"], limit=_BATCH * 4, offset=offset)
            passages.extend(_passages(batch))
            if len(batch["ids"]) < _BATCH * 4:
                return passages
            offset += len(batch["ids"])

    def documents(self) -> dict[str, DocumentInfo]:
        """Every ingested document with its content hash (from the chunks' own metadata)."""
        infos: dict[str, DocumentInfo] = {}
        counts: dict[tuple[str, str], int] = {}
        offset = 0
        while True:
            batch = self._collection.get(include=["metadatas"], limit=_BATCH * 4, offset=offset)
            for meta in batch["metadatas"]:
                key = (str(meta["source"]), str(meta["doc_hash"]))
                counts[key] = counts.get(key, 0) + 1
                if key[0] not in infos or counts[key] == 1:
                    extra = {k: v for k, v in meta.items() if k not in _RESERVED}
                    infos.setdefault(key[0], DocumentInfo(key[0], str(meta["title"]), key[1], 0, extra))
            if len(batch["ids"]) < _BATCH * 4:
                break
            offset += len(batch["ids"])
        return {
            source: DocumentInfo(info.source, info.title, info.doc_hash, counts[(source, info.doc_hash)], info.extra)
            for source, info in infos.items()
        }

    # --- writing ----------------------------------------------------------------------------
    def add(self, chunks: list[Chunk], embeddings: list[list[float]]) -> None:
        for start in range(0, len(chunks), _BATCH):
            part = chunks[start:start + _BATCH]
            self._collection.upsert(
                ids=[c.chunk_id for c in part],
                embeddings=embeddings[start:start + _BATCH],
                documents=[c.text for c in part],
                metadatas=[c.metadata() for c in part],
            )

    def delete_document(self, source: str, keep_hash: str | None = None) -> None:
        """Remove a document's chunks, or only those of other versions than `keep_hash`."""
        where: dict = {"source": source}
        if keep_hash is not None:
            where = {"$and": [{"source": source}, {"doc_hash": {"$ne": keep_hash}}]}
        self._collection.delete(where=where)

    def delete_version(self, source: str, doc_hash: str) -> None:
        self._collection.delete(where={"$and": [{"source": source}, {"doc_hash": doc_hash}]})

    def mark_changed(self) -> None:
        """Stamp a new generation (and the time) after a write, for every reader to see."""
        metadata = {
            "embedding_model": self._model,
            "generation": _new_generation(),
            "last_ingest": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        self._collection.modify(metadata=metadata)

    def reset(self) -> None:
        """Drop everything, e.g. to switch embedding models."""
        self._client.delete_collection(self._name)
        self._collection = self._client.get_or_create_collection(
            self._name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "embedding_model": self._model, "generation": _new_generation()},
        )

    def _collection_metadata(self) -> dict:
        return self._client.get_collection(self._name, embedding_function=None).metadata or {}


def _new_generation() -> str:
    return uuid.uuid4().hex


def _passages(batch: dict) -> list[Passage]:
    out = []
    for cid, text, meta in zip(batch["ids"], batch["documents"], batch["metadatas"]):
        page = meta.get("page")
        out.append(
            Passage(
                chunk_id=cid,
                text=text,
                source=str(meta["source"]),
                title=str(meta["title"]),
                page=int(page) if isinstance(page, int) and page > 0 else None,
                section=str(meta.get("section", "")),
                ordinal=int(meta.get("ordinal", 0)),
                extra={k: v for k, v in meta.items() if k not in _RESERVED},
                page_marks=str(meta.get("page_marks", "")),
            )
        )
    return out
