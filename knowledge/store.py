"""The vector store: a Chroma collection filled with our own embeddings.

Chroma's default embedding function is never used (it would download a model); every write and
query brings its own vectors. A generation stamp in the collection's metadata changes on every
write, so lexical indexes in any process know when to rebuild.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings

from ingest.models import Chunk
from knowledge.errors import StoreMismatchError
from knowledge.models import DocumentInfo, Passage
from knowledge.sentence_index import SentenceIndex

_RESERVED = {"source", "title", "page", "section", "ordinal", "doc_hash", "page_marks", "parts", "origin", "written"}
_BATCH = 500

# The store's "model" when the vector vote is off: passages are stored with a one-number placeholder
# instead of an embedding nobody queries (Chroma wants a vector per record). Turning the vote on
# later asks for `samenspel ingest --rebuild`, like any change of model.
NO_VECTORS = "none"
_PLACEHOLDER = [1.0]


def embedded_client(path: Path) -> chromadb.ClientAPI:
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def server_client(host: str, port: int) -> chromadb.ClientAPI:
    return chromadb.HttpClient(host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False))


class ChunkStore:
    def __init__(self, client: chromadb.ClientAPI, collection_name: str, embedding_model: str,
                 sentences: SentenceIndex | None = None) -> None:
        self.sentences = sentences  # sentence vectors, kept in step with the passages
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
        """The passages of each document's current version: the newest complete one. A version whose
        write was cut off (a killed ingest) is never shown half, nor an old one beside its successor."""
        batches = list(self._pages(["documents", "metadatas"]))
        complete = {(source, found[0].doc_hash)
                    for source, found in _versions(m for batch in batches for m in batch["metadatas"]).items() if found[0].complete}
        passages: list[Passage] = []
        for batch in batches:
            passages.extend(p for p, meta in zip(_passages(batch), batch["metadatas"])
                            if (str(meta["source"]), str(meta["doc_hash"])) in complete)
        return passages

    def documents(self) -> dict[str, DocumentInfo]:
        """Every document in the store, by name: its complete version (if any), where it was read
        from, and any other versions still present (an unfinished write, or a replaced version)."""
        infos = {}
        for source, found in _versions(m for batch in self._pages(["metadatas"]) for m in batch["metadatas"]).items():
            current = found[0]
            meta = current.meta
            infos[source] = DocumentInfo(
                source, str(meta["title"]), current.doc_hash, current.count, {k: v for k, v in meta.items() if k not in _RESERVED},
                origin=str(meta.get("origin", "")), complete=current.complete, stale=tuple(v.doc_hash for v in found[1:]),
            )
        return infos

    def _pages(self, include: list[str]):
        offset = 0
        while True:
            batch = self._collection.get(include=include, limit=_BATCH * 4, offset=offset)
            yield batch
            if len(batch["ids"]) < _BATCH * 4:
                return
            offset += len(batch["ids"])

    @property
    def stores_vectors(self) -> bool:
        return self._model != NO_VECTORS

    # --- writing ----------------------------------------------------------------------------
    def add(self, chunks: list[Chunk], embeddings: list[list[float]] | None) -> None:
        """Write passages (an upsert: writing a version again finishes what a killed run left)."""
        if embeddings is None:
            if self.stores_vectors:
                raise ValueError(f"de kennisbank bewaart vectoren van '{self._model}'; geef embeddings mee")
            embeddings = [_PLACEHOLDER] * len(chunks)
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
        if self.sentences is not None:
            self.sentences.delete(where)

    def delete_version(self, source: str, doc_hash: str) -> None:
        where = {"$and": [{"source": source}, {"doc_hash": doc_hash}]}
        self._collection.delete(where=where)
        if self.sentences is not None:
            self.sentences.delete(where)

    def set_origin(self, source: str, doc_hash: str, origin: str) -> None:
        """Record where a version was read from (a moved file, or one ingested before this was kept)."""
        found = self._collection.get(where={"$and": [{"source": source}, {"doc_hash": doc_hash}]}, include=["metadatas"])
        if found["ids"]:
            self._collection.update(ids=found["ids"], metadatas=[{**m, "origin": origin} for m in found["metadatas"]])

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
        if self.sentences is not None:
            self.sentences.reset()
        self._client.delete_collection(self._name)
        self._collection = self._client.get_or_create_collection(
            self._name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "embedding_model": self._model, "generation": _new_generation()},
        )

    def _collection_metadata(self) -> dict:
        return self._client.get_collection(self._name, embedding_function=None).metadata or {}


def stored_model(client: chromadb.ClientAPI, collection_name: str) -> str | None:
    """The model an existing, non-empty collection was filled with (None for a new or empty one)."""
    try:
        collection = client.get_collection(collection_name, embedding_function=None)
    except Exception:  # chromadb raises NotFoundError / ValueError depending on version
        return None
    if not collection.count():
        return None
    return (collection.metadata or {}).get("embedding_model")


@dataclass
class _Version:
    doc_hash: str
    count: int  # passages stored
    meta: dict  # the metadata of one of them
    complete: bool = False
    written: str = ""


def _versions(metadatas) -> dict[str, list[_Version]]:
    """Each document's versions in the store, the newest complete one first. A version is complete
    when all the passages it announced (`parts`) are stored; one written before that was kept counts
    as complete."""
    versions: dict[tuple[str, str], _Version] = {}
    for meta in metadatas:
        key = (str(meta["source"]), str(meta["doc_hash"]))
        if key in versions:
            versions[key].count += 1
        else:
            versions[key] = _Version(key[1], 1, meta, written=str(meta.get("written", "")))
    by_source: dict[str, list[_Version]] = defaultdict(list)
    for (source, _), version in versions.items():
        parts = version.meta.get("parts")
        version.complete = not isinstance(parts, int) or version.count >= parts
        by_source[source].append(version)
    for found in by_source.values():
        found.sort(key=lambda v: (v.complete, v.written, v.count), reverse=True)
    return by_source


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
