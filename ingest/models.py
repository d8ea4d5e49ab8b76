"""Data that crosses from loading to chunking to the store."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """One paragraph-sized piece of a document, where it sits and under which headings."""

    text: str
    page: int | None = None  # 1-based page number, for formats that have pages
    headings: tuple[str, ...] = ()  # heading path, outermost first
    is_heading: bool = False  # the block is itself a heading


@dataclass
class LoadedDocument:
    """What a loader returns: the text blocks plus what the document says about itself."""

    blocks: list[Block]
    title: str | None = None  # from the document itself (PDF title, DOCX core props, <title>, first heading)
    metadata: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    """A passage as stored and shown: short enough to read in chat, with its citation."""

    chunk_id: str
    text: str
    source: str  # the file's name, e.g. 001_51d2a70267b0a25e.pdf
    title: str
    page: int | None
    section: str  # heading path joined with " › "
    ordinal: int  # position within the document
    doc_hash: str
    extra: dict[str, str | int] = field(default_factory=dict)  # publisher, year, kind
    page_marks: str = ""  # "offset:page,..." when the chunk spans pages
    parts: int = 0  # how many passages this version of the document has: a version is complete when all are stored
    origin: str = ""  # the file's absolute path when it was ingested: tells two files of one name apart
    written: str = ""  # when this version was ingested (UTC, ISO): the newest complete version is the one shown

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata as Chroma stores it (no None values)."""
        meta: dict[str, str | int] = {
            "source": self.source,
            "title": self.title,
            "page": self.page if self.page is not None else -1,
            "section": self.section,
            "ordinal": self.ordinal,
            "doc_hash": self.doc_hash,
        }
        if self.page_marks:
            meta["page_marks"] = self.page_marks
        if self.parts:
            meta["parts"] = self.parts
        if self.origin:
            meta["origin"] = self.origin
        if self.written:
            meta["written"] = self.written
        meta.update(self.extra)
        return meta
