"""Types of the knowledge core: the chunk as the store keeps it, and what crosses to the channels."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


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
    section_marks: str = ""  # JSON [[offset, section], ...] when the chunk spans sections
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
        if self.section_marks:
            meta["section_marks"] = self.section_marks
        if self.parts:
            meta["parts"] = self.parts
        if self.origin:
            meta["origin"] = self.origin
        if self.written:
            meta["written"] = self.written
        meta.update(self.extra)
        return meta


@dataclass(frozen=True)
class Passage:
    """A stored chunk as retrieval returns it."""

    chunk_id: str
    text: str
    source: str  # the ingested file's name
    title: str
    page: int | None
    section: str
    ordinal: int = 0
    score: float = 0.0
    extra: dict[str, str | int] = field(default_factory=dict)  # publisher, year, kind
    page_marks: str = ""  # "offset:page,..." when the passage spans pages
    section_marks: str = ""  # JSON [[offset, section], ...] when the passage spans sections

    @property
    def heading(self) -> str:
        """Title and section: what every sentence of the passage stands under."""
        return f"{self.title} {self.section}"

    def page_at(self, quote: str) -> int | None:
        """The page on which `quote` (a piece of this passage) begins."""
        if not self.page_marks:
            return self.page
        offset = max(self.text.find(quote), 0)
        page = self.page
        for mark in self.page_marks.split(","):
            start, number = mark.split(":")
            if int(start) <= offset:
                page = int(number)
        return page

    def section_at(self, quote: str) -> str:
        """The section under which `quote` (a piece of this passage) stands: a passage that merged a
        short article into the next cites each by its own heading."""
        if not self.section_marks:
            return self.section
        offset = max(self.text.find(quote), 0)
        section = self.section
        for start, name in json.loads(self.section_marks):
            if start <= offset:
                section = name
        return section

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "source": self.source,
            "title": self.title,
            "page": self.page,
            "section": self.section,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Citation:
    source: str
    title: str
    page: int | None
    quote: str  # the words from the document the answer rests on
    section: str = ""

    def label(self) -> str:
        return f"{self.title}, p. {self.page}" if self.page else self.title


@dataclass
class Answer:
    """What both answerers return: the text, what it rests on, and whether it answered at all."""

    text: str
    citations: list[Citation]
    answered: bool
    language: str = "nl"
    passages: list[Passage] = field(default_factory=list)  # what retrieval found, for follow-ups and debugging
    method: str = "extractive"  # extractive | llm
    # When there is no answer: the places that came closest, shown as "Misschien helpt dit", so a
    # person can read on. They are no answer: `answered` stays False and they are no citations.
    related: list[Citation] = field(default_factory=list)
    unknown_name: str = ""  # a name of the question the documents never mention, when that is why there is no answer

    def as_json(self) -> dict:
        return {
            "answered": self.answered,
            "answer": self.text,
            "citations": [
                {"source": c.source, "title": c.title, "page": c.page, "quote": c.quote, "section": c.section}
                for c in self.citations
            ],
            "language": self.language,
            "method": self.method,
            "related": [
                {"source": c.source, "title": c.title, "page": c.page, "quote": c.quote, "section": c.section}
                for c in self.related
            ],
        }


@dataclass(frozen=True)
class DocumentInfo:
    """One ingested document as the store knows it."""

    source: str
    title: str
    doc_hash: str
    chunks: int
    extra: dict[str, str | int] = field(default_factory=dict)
    origin: str = ""  # absolute path of the file it was read from ("" for documents ingested before this was kept)
    complete: bool = True  # every passage of this version is stored
    stale: tuple[str, ...] = ()  # hashes of other (older or unfinished) versions still in the store
    audience: tuple[str, ...] = ()  # the groups it is meant for; () is everyone in the collaboration

    def as_json(self) -> dict:
        return asdict(self)
