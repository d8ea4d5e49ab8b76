"""The document catalogue: one small record per document, in a Chroma collection beside the passages.

It says which version of each document is current, so nothing has to scan every passage to know:
listing the documents, an unchanged re-ingest and a replica catching up all read a few hundred
records, whatever the number of passages. A version becomes current only when the catalogue says so,
after all its passages are stored: that is the commit point of a write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

import chromadb

_PLACEHOLDER = [1.0]  # Chroma wants a vector per record; nothing ever searches the catalogue by vector
_BATCH = 500
_READ_PAGE = 5000


@dataclass(frozen=True)
class CatalogueEntry:
    source: str
    doc_hash: str = ""  # the current version ("" while the first version is still being written)
    parts: int = 0  # passages of the current version
    title: str = ""
    origin: str = ""  # absolute path it was read from
    written: str = ""  # when the current version was written (UTC, ISO)
    extra: dict[str, str | int] = field(default_factory=dict)  # publisher, year, kind
    abbreviations: dict[str, str] = field(default_factory=dict)  # those the document defines: "AB" → "algemeen bestuur"
    pending: str = ""  # a version whose write started and has not finished
    pending_parts: int = 0
    stale: tuple[str, ...] = ()  # replaced versions whose passages may still be in the store
    audience: tuple[str, ...] = ()  # the groups it is meant for; () is everyone in the collaboration

    def metadata(self) -> dict[str, str | int]:
        return {
            "doc_hash": self.doc_hash, "parts": self.parts, "title": self.title, "origin": self.origin,
            "written": self.written, "extra": json.dumps(self.extra, ensure_ascii=False),
            "abbreviations": json.dumps(self.abbreviations, ensure_ascii=False),
            "pending": self.pending, "pending_parts": self.pending_parts, "stale": ",".join(self.stale),
            "audience": json.dumps(list(self.audience), ensure_ascii=False),
        }

    @classmethod
    def from_metadata(cls, source: str, meta: dict) -> CatalogueEntry:
        return cls(
            source, str(meta.get("doc_hash", "")), int(meta.get("parts", 0)), str(meta.get("title", "")),
            str(meta.get("origin", "")), str(meta.get("written", "")), json.loads(str(meta.get("extra") or "{}")),
            json.loads(str(meta.get("abbreviations") or "{}")), str(meta.get("pending", "")),
            int(meta.get("pending_parts", 0)), tuple(h for h in str(meta.get("stale", "")).split(",") if h),
            tuple(json.loads(str(meta.get("audience") or "[]"))),
        )

    def updated(self, **changes) -> CatalogueEntry:
        return replace(self, **changes)


class DocumentCatalogue:
    def __init__(self, client: chromadb.ClientAPI, collection_name: str) -> None:
        self._client = client
        self._name = f"{collection_name}-documents"
        self._collection = client.get_or_create_collection(self._name, embedding_function=None)

    def entries(self) -> dict[str, CatalogueEntry]:
        out: dict[str, CatalogueEntry] = {}
        offset = 0
        while True:  # a page at a time: Chroma refuses one read of 32,767 records or more
            found = self._collection.get(include=["metadatas"], limit=_READ_PAGE, offset=offset)
            for source, meta in zip(found["ids"], found["metadatas"]):
                out[source] = CatalogueEntry.from_metadata(source, meta or {})
            if len(found["ids"]) < _READ_PAGE:
                return out
            offset += _READ_PAGE

    def get(self, source: str) -> CatalogueEntry | None:
        found = self._collection.get(ids=[source], include=["metadatas"])
        return CatalogueEntry.from_metadata(source, found["metadatas"][0] or {}) if found["ids"] else None

    def put(self, entries: list[CatalogueEntry]) -> None:
        for start in range(0, len(entries), _BATCH):
            part = entries[start:start + _BATCH]
            self._collection.upsert(ids=[e.source for e in part], embeddings=[_PLACEHOLDER] * len(part),
                                    metadatas=[e.metadata() for e in part])

    def remove(self, source: str) -> None:
        self._collection.delete(ids=[source])

    def count(self) -> int:
        return self._collection.count()

    def reset(self) -> None:
        self._client.delete_collection(self._name)
        self._collection = self._client.get_or_create_collection(self._name, embedding_function=None)
