"""Structure-aware chunking: sections stay together, sentences are never cut, a small overlap
carries context across chunk boundaries, and every chunk knows its page and heading path."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ingest.models import Block
from knowledge.models import Chunk
from text.sentences import split_sentences

SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class ChunkerConfig:
    target_chars: int = 700  # a chunk is closed once it passes this size
    max_chars: int = 1200  # hard limit: nothing longer is ever stored or shown
    overlap_chars: int = 200  # at most this much of the previous chunk's tail is repeated
    min_chars: int = 200  # a smaller section is merged into the next one


@dataclass
class _Unit:
    text: str
    page: int | None
    headings: tuple[str, ...]
    paragraph_start: bool


def chunk_blocks(
    blocks: list[Block],
    *,
    source: str,
    title: str,
    doc_hash: str,
    extra: dict[str, str | int] | None = None,
    config: ChunkerConfig | None = None,
) -> list[Chunk]:
    config = config or ChunkerConfig()
    pieces = _pack(_units(blocks, config), config)
    chunks = []
    for ordinal, (units, _) in enumerate(pieces):
        text, page_marks, section_marks = _render(units)
        headings = _main_headings(units)
        chunk_id = hashlib.sha1(f"{source}\0{doc_hash}\0{ordinal}".encode()).hexdigest()[:20]
        chunks.append(
            Chunk(
                chunk_id=chunk_id,
                text=text,
                source=source,
                title=title,
                page=units[0].page,
                section=SECTION_SEPARATOR.join(headings),
                ordinal=ordinal,
                doc_hash=doc_hash,
                extra=dict(extra or {}),
                page_marks=page_marks,
                section_marks=section_marks,
            )
        )
    return chunks


def _main_headings(units: list[_Unit]) -> tuple[str, ...]:
    """The heading the chunk's text stands under: that of its largest section (a tiny section merged
    into the next one does not name the chunk)."""
    size: dict[tuple[str, ...], int] = {}
    for unit in units:
        size[unit.headings] = size.get(unit.headings, 0) + len(unit.text)
    return max(size, key=lambda h: size[h])


def _units(blocks: list[Block], config: ChunkerConfig) -> list[_Unit]:
    """Sentences (or hard-split fragments of over-long sentences) with their place in the document."""
    units: list[_Unit] = []
    repeated = _repeated_lines(blocks)
    for block in blocks:
        if block.is_heading or block.text in repeated:
            continue
        first = True
        for sentence in split_sentences(block.text):
            for fragment in _hard_split(sentence, config.max_chars // 2):
                units.append(_Unit(fragment, block.page, block.headings, first))
                first = False
    return units


REPEATED_LINE_CHARS = 100
REPEATED_LINE_TIMES = 3


def _repeated_lines(blocks: list[Block]) -> set[str]:
    """Short lines a document repeats again and again (a running header, a page footer, an export's
    "Materieel uitgewerkt per …" under every article): furniture, not text."""
    counts: dict[str, int] = {}
    for block in blocks:
        if not block.is_heading and len(block.text) <= REPEATED_LINE_CHARS:
            counts[block.text] = counts.get(block.text, 0) + 1
    return {text for text, n in counts.items() if n >= REPEATED_LINE_TIMES}


def _hard_split(sentence: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, at spaces where there are any; a single "word" longer
    than that (a base64 attachment pasted into a mail) is cut, so no passage or sentence is ever longer."""
    if len(sentence) <= limit:
        return [sentence]
    words, parts, current = [w[i:i + limit] for w in sentence.split(" ") for i in range(0, max(len(w), 1), limit)], [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > limit:
            parts.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        parts.append(current)
    return parts


def _pack(units: list[_Unit], config: ChunkerConfig) -> list[tuple[list[_Unit], int]]:
    """Greedy packing into chunks; returns (units, number of overlap units at the start)."""
    pieces: list[tuple[list[_Unit], int]] = []
    current: list[_Unit] = []
    overlap = 0

    def size(us: list[_Unit]) -> int:
        return sum(len(u.text) + 1 for u in us)

    for unit in units:
        section_changed = bool(current) and unit.headings != current[-1].headings
        fresh = size(current) - size(current[:overlap])
        if current and (
            (section_changed and fresh >= config.min_chars)
            or size(current) >= config.target_chars
            or size(current) + len(unit.text) + 1 > config.max_chars
        ):
            pieces.append((current, overlap))
            current, overlap = ([], 0) if section_changed else _tail(current, config)
        current.append(unit)
    if current and size(current) > size(current[:overlap]):
        pieces.append((current, overlap))
    return pieces


def _tail(units: list[_Unit], config: ChunkerConfig) -> tuple[list[_Unit], int]:
    """The last sentence(s) of a chunk, repeated at the start of the next for context; they begin
    where a sentence really begins, never with the tail of one ("2006, 246);")."""
    tail: list[_Unit] = []
    total = 0
    for unit in reversed(units):
        if total + len(unit.text) > config.overlap_chars:
            break
        tail.insert(0, unit)
        total += len(unit.text) + 1
    while tail and not _starts_a_sentence(tail[0]):
        tail.pop(0)
    return list(tail), len(tail)


def _starts_a_sentence(unit: _Unit) -> bool:
    first = unit.text.lstrip("\"'‘“(")[:1]
    return unit.paragraph_start or first.isupper() or first in "•§" or unit.text[:1].isdigit() and unit.paragraph_start


def _render(units: list[_Unit]) -> tuple[str, str, str]:
    """Sentences of one paragraph joined by spaces, paragraphs by a blank line; plus where each
    page starts in the text ("0:4,512:5") and where each section does, so a quote from a chunk
    spanning pages or sections cites its own page and heading."""
    out = ""
    marks: list[str] = []
    sections: list[list] = []
    page: int | None = None
    for i, unit in enumerate(units):
        if i == 0:
            out = unit.text
        elif unit.paragraph_start or unit.text.startswith("• "):
            out += "\n\n" + unit.text if not unit.text.startswith("• ") else "\n" + unit.text
        else:
            out += " " + unit.text
        if unit.page is not None and unit.page != page:
            marks.append(f"{len(out) - len(unit.text)}:{unit.page}")
            page = unit.page
        section = SECTION_SEPARATOR.join(unit.headings)
        if not sections or sections[-1][1] != section:
            sections.append([len(out) - len(unit.text), section])
    section_marks = json.dumps(sections, ensure_ascii=False) if len(sections) > 1 else ""
    return out, ",".join(marks) if len(marks) > 1 else "", section_marks
