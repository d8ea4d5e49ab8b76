"""The one interface every format loader implements, and helpers they share."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from pathlib import Path

from ingest.errors import IngestError
from ingest.models import Block, LoadedDocument
from ingest.text_utils import clean_whitespace, looks_like_heading, split_paragraphs
from text.encoding import UnreadableText, decode_text


class Loader(ABC):
    """Reads one file format into blocks with page and heading information."""

    suffixes: tuple[str, ...] = ()

    @abstractmethod
    def load(self, path: Path) -> LoadedDocument:
        """Read the file; raise IngestError with a plain reason when it cannot be read."""


def read_text(path: Path) -> str:
    """A text file's text in whatever encoding it was saved (UTF-8, UTF-16, a Windows or Mac code
    page); binary or undecidable bytes are refused, so mojibake and junk never get indexed."""
    try:
        return decode_text(path.read_bytes())
    except UnreadableText as exc:
        raise IngestError(f"{path.name} {exc}") from exc


# Dutch regulations (gemeenschappelijke regelingen, verdragen, verordeningen) are built of chapters
# and articles. Whatever levels a format gives them, an article sits under its chapter, and the short
# line right after "Hoofdstuk IV" or "Artikel 12" is its title.
_CHAPTER = re.compile(r"^(?:(hoofdstuk|titel|afdeling|paragraaf|deel|chapter)\s+[\divxlc]+[a-z]?\b\.?|§\s*\d+[a-z]?\b)", re.I)
_ARTICLE = re.compile(r"^(artikel|article|art\.)\s+\d+[a-z]*\b\.?", re.I)


class HeadingTracker:
    """Keeps the current heading path while walking a document top to bottom."""

    def __init__(self) -> None:
        self._path: list[tuple[float, str]] = []
        self._numbered_open = False  # the last thing seen was "Hoofdstuk IV" or "Artikel 12", no text yet

    def enter(self, level: float, title: str) -> None:
        numbered = bool(_CHAPTER.match(title) or _ARTICLE.match(title))
        if self._numbered_open and not numbered and self._path:
            last_level, last = self._path[-1]
            self._path[-1] = (last_level, f"{last} {title}")  # "Hoofdstuk IV De taken van het algemeen bestuur"
            self._numbered_open = False
            return
        if _ARTICLE.match(title):
            chapter = next((lvl for lvl, t in reversed(self._path) if _CHAPTER.match(t)), None)
            if chapter is not None:
                level = chapter + 0.5  # under its chapter, whatever level the format gave it
        while self._path and self._path[-1][0] >= level:
            self._path.pop()
        self._path.append((level, title))
        self._numbered_open = numbered

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(title for _, title in self._path)

    def body_path(self) -> tuple[str, ...]:
        """The path for a block of text: after text, the next heading is no title of the last one."""
        self._numbered_open = False
        return self.path


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
            blocks.append(Block(cleaned, page, tracker.body_path()))
    return blocks


TITLE_CHARS = 250  # a first paragraph longer than this is no title


def first_heading(blocks: list[Block]) -> str | None:
    """The document's title as its text gives it: the first heading that is not a numbered label
    ("§ 1", "Artikel 3", "Hoofdstuk II"), unless a paragraph comes before it, as in regulations whose
    long name heads the text."""
    for block in blocks:
        if block.is_heading and not (_CHAPTER.match(block.text) or _ARTICLE.match(block.text)):
            return block.text
        if not block.is_heading or _CHAPTER.match(block.text) or _ARTICLE.match(block.text):
            first = blocks[0]
            return first.text if not first.is_heading and len(first.text) <= TITLE_CHARS else None
    return None


