"""Data that crosses from loading to chunking: blocks of text and what a document says about itself."""

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
