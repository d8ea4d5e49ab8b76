"""The one interface every format loader implements, and helpers they share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from ingest.errors import IngestError
from ingest.models import Block, LoadedDocument
from ingest.text_utils import clean_whitespace, looks_like_heading, split_paragraphs


class Loader(ABC):
    """Reads one file format into blocks with page and heading information."""

    suffixes: tuple[str, ...] = ()

    @abstractmethod
    def load(self, path: Path) -> LoadedDocument:
        """Read the file; raise IngestError with a plain reason when it cannot be read."""


def read_utf8(path: Path) -> str:
    """Read a text file strictly as UTF-8 (a BOM is allowed), so mojibake never gets indexed."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{path.name} is geen UTF-8-tekst (onleesbaar teken op positie {exc.start}); "
            "sla het bestand op als UTF-8 en probeer opnieuw"
        ) from exc


class HeadingTracker:
    """Keeps the current heading path while walking a document top to bottom."""

    def __init__(self) -> None:
        self._path: list[tuple[int, str]] = []

    def enter(self, level: int, title: str) -> None:
        while self._path and self._path[-1][0] >= level:
            self._path.pop()
        self._path.append((level, title))

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(title for _, title in self._path)


def blocks_from_plain_text(
    text: str, page: int | None = None, tracker: HeadingTracker | None = None
) -> list[Block]:
    """Blocks from unmarked text: paragraphs split on blank lines, short lone lines as headings."""
    tracker = tracker or HeadingTracker()
    blocks: list[Block] = []
    for paragraph in split_paragraphs(text):
        cleaned = clean_whitespace(paragraph)
        if not cleaned:
            continue
        if looks_like_heading(paragraph):
            tracker.enter(1, cleaned)
            blocks.append(Block(cleaned, page, tracker.path, is_heading=True))
        else:
            blocks.append(Block(cleaned, page, tracker.path))
    return blocks


def first_heading(blocks: list[Block]) -> str | None:
    return next((b.text for b in blocks if b.is_heading), None)


