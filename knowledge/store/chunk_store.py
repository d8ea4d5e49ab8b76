"""The vector store: a Chroma collection filled with our own embeddings, and the document catalogue
that says which version of each document is current.

Chroma's default embedding function is never used (it would download a model); every write and
query brings its own vectors. A generation stamp in the collection's metadata changes on every
write, so lexical indexes in any process know when to catch up.

A passage's text is kept in its metadata, not as Chroma's "document": Chroma builds a trigram
full-text index over documents that nothing here uses (a third of the disk at 600 documents), and
its local backend builds it whatever the collection's schema says. A passage's analysed terms are
stored with it, so no index built from the store runs the Dutch analysis again.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from knowledge.store.catalogue import CatalogueEntry, DocumentCatalogue
from knowledge.errors import StoreMismatchError
from knowledge.store.meaning_index import MeaningIndex
from knowledge.models import Chunk, DocumentInfo, Passage
from knowledge.meaning.sentence_vectors import from_text, pack, to_text

_RESERVED = {"source", "title", "page", "section", "ordinal", "doc_hash", "page_marks", "section_marks", "parts", "origin", "written",
             "text", "terms", "terms_version", "sentence_vectors"}
log = logging.getLogger(__name__)
_BATCH = 500
READ_PAGE = 5000  # records per read: Chroma refuses a read of 32,767 records or more ("too many SQL variables")
_SOURCES_PER_READ = 50  # documents fetched in one request when reading many versions

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


@dataclass(frozen=True)
class StoredPassage:
    """A passage with what the ingest stored beside it: its version and its analysed terms."""

    passage: Passage
    doc_hash: str
    terms: tuple[str, ...] | None  # None when written before terms were stored
    terms_version: str = ""
    sentence_vectors: bytes | None = None  # the meaning of each sentence (knowledge.meaning.sentence_vectors)


class ChunkStore:
    def __init__(self, client: chromadb.ClientAPI, collection_name: str, embedding_model: str,
                 semantic_model: str | None = None) -> None:
        self.semantic_model = semantic_model  # the sentence encoder whose vectors the passages carry (None: none)
        self.meaning = MeaningIndex(client, collection_name) if semantic_model else None
        self._client = client
        self._name = collection_name
        self._model = embedding_model
        self._collection = client.get_or_create_collection(
            collection_name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", **self._metadata(_new_generation())},
        )
        metadata = self._collection.metadata or {}
        stored_model = metadata.get("embedding_model")
        if stored_model and stored_model != embedding_model and self._collection.count():
            raise StoreMismatchError(
                f"de kennisbank is gevuld met embeddingmodel '{stored_model}', maar ingesteld is "
                f"'{embedding_model}'; draai 'samenspel ingest --rebuild' om alles opnieuw in te lezen"
            )
        stored_semantic = metadata.get("semantic_model") or None
        if self._collection.count() and stored_semantic and stored_semantic != (semantic_model or "none"):
            raise StoreMismatchError(
                f"de zinnen in de kennisbank zijn gecodeerd met '{stored_semantic}', maar ingesteld is "
                f"'{semantic_model or 'none'}'; draai 'samenspel ingest --rebuild'"
            )
        self.catalogue = DocumentCatalogue(client, collection_name)
        if not self.catalogue.count() and self._collection.count():
            self._catalogue_from_passages()

    @property
    def name(self) -> str:
        return self._name

    # --- reading ----------------------------------------------------------------------------
    def generation(self) -> str:
        """Changes whenever any process writes to the store."""
        collection = self._client.get_collection(self._name, embedding_function=None)
        return str((collection.metadata or {}).get("generation", ""))

    def last_ingest(self) -> str | None:
        return (self._collection_metadata() or {}).get("last_ingest")

    def count(self) -> int:
        return self._collection.count()

    def vector_search(self, embedding: list[float], k: int, hidden: frozenset[str] = frozenset()) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) pairs, best first, leaving out the `hidden` documents in the search itself."""
        n = min(k, self.count())
        if n == 0:
            return []
        where = {"source": {"$nin": sorted(hidden)}} if hidden else None
        result = self._collection.query(query_embeddings=[embedding], n_results=n, include=["distances"], where=where)
        return [(cid, 1.0 - dist) for cid, dist in zip(result["ids"][0], result["distances"][0])]

    def documents(self) -> dict[str, DocumentInfo]:
        """Every document in the store, by name, from the catalogue: its current version, where it
        was read from, and any other versions still present (an unfinished write, or a replaced one)."""
        infos = {}
        for source, entry in self.catalogue.entries().items():
            if entry.doc_hash:
                stale = tuple(h for h in dict.fromkeys((entry.pending, *entry.stale)) if h and h != entry.doc_hash)
                infos[source] = DocumentInfo(source, entry.title, entry.doc_hash, entry.parts, dict(entry.extra),
                                             origin=entry.origin, complete=True, stale=stale, audience=entry.audience)
            elif entry.pending:  # the first version was cut off: shown nowhere, finished by the next ingest
                infos[source] = DocumentInfo(source, entry.title, entry.pending, self._count(source, entry.pending),
                                             dict(entry.extra), origin=entry.origin, complete=False, audience=entry.audience)
        return infos

    def current_passages(self, entries: list[CatalogueEntry] | None = None) -> list[StoredPassage]:
        """The passages of the current versions (of all documents, or of `entries`) with their
        analysed terms, read a group of documents at a time through the metadata index, and a
        page of records at a time (Chroma refuses one read of 32,767 records or more)."""
        wanted = [e for e in (entries if entries is not None else self.catalogue.entries().values()) if e.doc_hash]
        out: list[StoredPassage] = []
        for start in range(0, len(wanted), _SOURCES_PER_READ):
            group = {e.source: e.doc_hash for e in wanted[start:start + _SOURCES_PER_READ]}
            versions = [{"$and": [{"source": source}, {"doc_hash": doc_hash}]} for source, doc_hash in group.items()]
            where = {"$or": versions} if len(versions) > 1 else versions[0]
            for found in self._pages(where, ["documents", "metadatas"]):
                out.extend(p for p in _stored_passages(found) if group.get(p.passage.source) == p.doc_hash)
        out.sort(key=lambda p: (p.passage.source, p.passage.ordinal))
        return out

    def _pages(self, where: dict | None, include: list[str]) -> Iterator[dict]:
        """The records that match, READ_PAGE at a time."""
        offset = 0
        while True:
            found = self._collection.get(where=where, include=include, limit=READ_PAGE, offset=offset)
            if found["ids"]:
                yield found
            if len(found["ids"]) < READ_PAGE:
                return
            offset += READ_PAGE

    def all_passages(self) -> list[Passage]:
        """The passages of each document's current version. A version whose write was cut off (a
        killed ingest) is never shown half, nor an old one beside its successor."""
        return [p.passage for p in self.current_passages()]

    def _count(self, source: str, doc_hash: str) -> int:
        return sum(len(found["ids"]) for found in self._pages({"$and": [{"source": source}, {"doc_hash": doc_hash}]}, []))

    @property
    def stores_vectors(self) -> bool:
        return self._model != NO_VECTORS

    # --- writing ----------------------------------------------------------------------------
    def begin_version(self, chunk: Chunk, audience: tuple[str, ...] | None = None) -> None:
        """Note in the catalogue that a version's write starts: if it is cut off, the next ingest
        knows to finish it, and until then the current version stays the one shown. `audience`
        (None: keep what it was) is set here, before any passage of the version can be found."""
        entry = self.catalogue.get(chunk.source) or CatalogueEntry(chunk.source, title=chunk.title, origin=chunk.origin,
                                                                  extra=dict(chunk.extra))
        changed = audience is not None and tuple(audience) != entry.audience
        if audience is not None:
            entry = entry.updated(audience=tuple(audience))
        self.catalogue.put([entry.updated(pending=chunk.doc_hash, pending_parts=chunk.parts)])
        if changed and entry.doc_hash:
            self.mark_changed()  # the current version's readers change now, not when the new one is in

    def add(self, chunks: list[Chunk], embeddings: list[list[float]] | None, terms: list[list[str]] | None = None,
            terms_version: str = "", sentence_vectors: list[np.ndarray] | None = None) -> None:
        """Write passages (an upsert: writing a version again finishes what a killed run left), with
        their analysed terms and the meaning of each of their sentences."""
        if embeddings is None:
            if self.stores_vectors:
                raise ValueError(f"de kennisbank bewaart vectoren van '{self._model}'; geef embeddings mee")
            embeddings = [_PLACEHOLDER] * len(chunks)
        metadatas = []
        for i, chunk in enumerate(chunks):
            meta = {**chunk.metadata(), "text": chunk.text}
            if terms is not None:
                meta["terms"] = " ".join(terms[i])
                meta["terms_version"] = terms_version
            if sentence_vectors is not None:
                meta["sentence_vectors"] = to_text(pack(sentence_vectors[i]))
            metadatas.append(meta)
        if sentence_vectors is not None and self.meaning is not None:  # before the passages: a complete version has it all
            self.meaning.add([(c.chunk_id, c.source, c.doc_hash, v) for c, v in zip(chunks, sentence_vectors)])
        for start in range(0, len(chunks), _BATCH):
            self._collection.upsert(
                ids=[c.chunk_id for c in chunks[start:start + _BATCH]],
                embeddings=embeddings[start:start + _BATCH],
                metadatas=metadatas[start:start + _BATCH],
            )

    def commit_version(self, chunk: Chunk, abbreviations: dict[str, str]) -> None:
        """Make a fully written version the current one (the commit point of a write), then
        remove the version it replaces."""
        entry = self.catalogue.get(chunk.source) or CatalogueEntry(chunk.source)
        replaced = tuple(h for h in dict.fromkeys((entry.doc_hash, *entry.stale)) if h and h != chunk.doc_hash)
        self.catalogue.put([entry.updated(
            doc_hash=chunk.doc_hash, parts=chunk.parts, title=chunk.title, origin=chunk.origin, written=chunk.written,
            extra=dict(chunk.extra), abbreviations=abbreviations, pending="", pending_parts=0, stale=replaced,
        )])
        self.mark_changed()  # every reader sees each committed document, also when the run is cut off after it
        for doc_hash in replaced:
            self.delete_version(chunk.source, doc_hash)

    def delete_document(self, source: str) -> None:
        """Remove a document: first from the catalogue (so it is no longer shown), then its passages."""
        self.catalogue.remove(source)
        self.mark_changed()
        self._collection.delete(where={"source": source})
        if self.meaning is not None:
            self.meaning.delete({"source": source})

    def delete_version(self, source: str, doc_hash: str) -> None:
        """Remove one version's passages (a replaced or an unfinished one), never the current one."""
        entry = self.catalogue.get(source)
        if entry is not None and entry.doc_hash == doc_hash:
            raise ValueError(f"versie {doc_hash} van {source} is de huidige")
        where = {"$and": [{"source": source}, {"doc_hash": doc_hash}]}
        self._collection.delete(where=where)
        if self.meaning is not None:
            self.meaning.delete(where)
        if entry is not None and (doc_hash in entry.stale or entry.pending == doc_hash):
            pending = "" if entry.pending == doc_hash else entry.pending
            if not entry.doc_hash and not pending:
                self.catalogue.remove(source)  # a first version that never finished: nothing is left
            else:
                self.catalogue.put([entry.updated(stale=tuple(h for h in entry.stale if h != doc_hash), pending=pending,
                                                  pending_parts=entry.pending_parts if pending else 0)])

    def set_origin(self, source: str, origin: str) -> None:
        """Record where a document was read from (a moved file, or one ingested before this was kept)."""
        entry = self.catalogue.get(source)
        if entry is not None:
            self.catalogue.put([entry.updated(origin=origin)])

    def set_audience(self, source: str, audience: tuple[str, ...]) -> bool:
        """Who a document is meant for (() is everyone); every reader, in every process, follows at
        its next question. False when the document is not in the store."""
        entry = self.catalogue.get(source)
        if entry is None:
            return False
        if entry.audience != tuple(audience):
            self.catalogue.put([entry.updated(audience=tuple(audience))])
            self.mark_changed()
        return True

    def audiences(self) -> dict[str, tuple[str, ...]]:
        """The documents meant for some groups only, with those groups."""
        return {source: entry.audience for source, entry in self.catalogue.entries().items() if entry.audience}

    def close(self) -> None:
        """Let go of the embedded store's database and index files (a server client: its connection)."""
        try:
            self._client.close()
        except Exception as exc:  # already closed, or a client without close(): nothing more to release
            log.debug("closing the Chroma client: %s", exc)

    def mark_changed(self) -> None:
        """Stamp a new generation (and the time) after a write, for every reader to see."""
        self._collection.modify(metadata=self._metadata(_new_generation(),
                                                        last_ingest=datetime.now(timezone.utc).isoformat(timespec="seconds")))

    def _metadata(self, generation: str, **more: str) -> dict:
        return {"embedding_model": self._model, "semantic_model": self.semantic_model or "none",
                "generation": generation, **more}

    def reset(self) -> None:
        """Drop everything, e.g. to switch embedding models."""
        self.catalogue.reset()
        if self.meaning is not None:
            self.meaning.reset()
        self._client.delete_collection(self._name)
        self._collection = self._client.get_or_create_collection(
            self._name, embedding_function=None, metadata={"hnsw:space": "cosine", **self._metadata(_new_generation())},
        )

    def _collection_metadata(self) -> dict:
        return self._client.get_collection(self._name, embedding_function=None).metadata or {}

    # --- a store from before the catalogue ----------------------------------------------------
    def _catalogue_from_passages(self) -> None:
        """List the documents of a store written before the catalogue existed, once, from their passages."""
        from text.abbreviations import harvest

        ids = self._collection.get(include=[])["ids"]
        metadatas = []
        for start in range(0, len(ids), _BATCH * 4):
            metadatas.extend(self._collection.get(ids=ids[start:start + _BATCH * 4], include=["metadatas"])["metadatas"])
        entries = []
        for source, found in _versions(metadatas).items():
            current = next((v for v in found if v.complete), None)
            meta = (current or found[0]).meta
            extra = {k: v for k, v in meta.items() if k not in _RESERVED}
            if current is None:
                entries.append(CatalogueEntry(source, title=str(meta["title"]), origin=str(meta.get("origin", "")),
                                              extra=extra, pending=found[0].doc_hash, pending_parts=int(meta.get("parts") or 0)))
                continue
            texts = [p.passage.text for p in self.current_passages([CatalogueEntry(source, current.doc_hash)])]
            entries.append(CatalogueEntry(
                source, current.doc_hash, current.count, str(meta["title"]), str(meta.get("origin", "")), current.written,
                extra, harvest(texts), stale=tuple(v.doc_hash for v in found if v is not current),
            ))
        self.catalogue.put(entries)


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
    """Each document's versions among the passages, the newest complete one first. A version is
    complete when all the passages it announced (`parts`) are stored; one written before that was
    kept counts as complete."""
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


def _stored_passages(batch: dict) -> list[StoredPassage]:
    out = []
    documents = batch.get("documents") or [None] * len(batch["ids"])
    for cid, document, meta in zip(batch["ids"], documents, batch["metadatas"]):
        page = meta.get("page")
        terms = meta.get("terms")
        passage = Passage(
            chunk_id=cid,
            text=str(meta.get("text") or document or ""),
            source=str(meta["source"]),
            title=str(meta["title"]),
            page=int(page) if isinstance(page, int) and page > 0 else None,
            section=str(meta.get("section", "")),
            ordinal=int(meta.get("ordinal", 0)),
            extra={k: v for k, v in meta.items() if k not in _RESERVED},
            page_marks=str(meta.get("page_marks", "")),
            section_marks=str(meta.get("section_marks", "")),
        )
        vectors = meta.get("sentence_vectors")
        out.append(StoredPassage(passage, str(meta["doc_hash"]), tuple(str(terms).split()) if terms is not None else None,
                                 str(meta.get("terms_version", "")), from_text(str(vectors)) if vectors else None))
    return out
