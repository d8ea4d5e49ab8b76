"""PDF files: text per page with page numbers kept; headings from font and numbering."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from ingest.errors import IngestError
from ingest.loaders.base import HeadingTracker, Loader
from ingest.models import Block, LoadedDocument
from ingest.text_utils import clean_whitespace

_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,3})\.?\s+[A-ZÀ-Ý]")
_BULLET = re.compile(r"^\s*([•◦▪·–—-])\1?\s*")
_LIGATURE_GAP = re.compile(r"(?<![A-Za-z])((?:\w*?)(?:ffi|ffl|fi|fl|ff)) (?=[a-zà-ÿ])")
_END_PUNCT = (".", "!", "?", ":", "…", ";")


class PdfLoader(Loader):
    suffixes = (".pdf",)

    def load(self, path: Path) -> LoadedDocument:
        reader = _open(path)
        tracker = HeadingTracker()
        blocks: list[Block] = []
        try:
            for number, page in enumerate(reader.pages, start=1):
                heading_lines = _heading_lines(page)
                text = page.extract_text() or ""
                blocks.extend(_page_blocks(text, number, heading_lines, tracker))
        except (PdfReadError, ValueError, KeyError) as exc:
            raise IngestError(f"{path.name} is beschadigd en kan niet gelezen worden: {exc}") from exc
        title = None
        if reader.metadata is not None and reader.metadata.title:
            title = str(reader.metadata.title).strip() or None
        return LoadedDocument(blocks=blocks, title=title or next((b.text for b in blocks if b.is_heading), None))


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")  # many "protected" PDFs only restrict printing
                _ = len(reader.pages)
            except (FileNotDecryptedError, NotImplementedError, PdfReadError) as exc:
                raise IngestError(f"{path.name} is versleuteld met een wachtwoord; lever een onbeveiligde versie aan") from exc
        _ = len(reader.pages)
        return reader
    except IngestError:
        raise
    except (FileNotDecryptedError,) as exc:
        raise IngestError(f"{path.name} is versleuteld met een wachtwoord; lever een onbeveiligde versie aan") from exc
    except Exception as exc:  # pypdf raises many types for broken files
        raise IngestError(f"{path.name} is geen leesbare PDF (beschadigd of afgebroken): {exc}") from exc


def _heading_lines(page) -> set[str]:
    """Lines set in a larger or bold font than the page's body text."""
    runs: list[tuple[float, bool, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text and text.strip():
            scale = abs(tm[0]) if tm and tm[0] else 1.0
            font = str((font_dict or {}).get("/BaseFont", ""))
            runs.append((round(font_size * scale, 1), "bold" in font.lower(), text.strip()))

    page.extract_text(visitor_text=visit)
    if not runs:
        return set()
    body = statistics.median(size for size, _, _ in runs)
    return {
        clean_whitespace(text)
        for size, bold, text in runs
        if (size > body + 0.5 or bold) and len(text) <= 90
    }


def _repair(line: str) -> str:
    return _LIGATURE_GAP.sub(r"\1", line)


def _page_blocks(text: str, page: int, heading_lines: set[str], tracker: HeadingTracker) -> list[Block]:
    lines = [_repair(line.rstrip()) for line in text.splitlines()]
    lines = [line for line in lines if line.strip()]
    if not lines:
        return []
    typical = sorted(len(line) for line in lines)[int(len(lines) * 0.75)]
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            joined = clean_whitespace("\n".join(current))
            if joined:
                blocks.append(Block(joined, page, tracker.path))
            current.clear()

    for line in lines:
        stripped = line.strip()
        if _is_heading(stripped, heading_lines):
            flush()
            level = stripped.split()[0].count(".") + 1 if _NUMBERED_HEADING.match(stripped) else 1
            tracker.enter(level, stripped)
            blocks.append(Block(stripped, page, tracker.path, is_heading=True))
            continue
        bullet = _BULLET.match(stripped)
        if bullet:
            flush()
            stripped = "• " + stripped[bullet.end():]
        current.append(stripped)
        if stripped.endswith(_END_PUNCT) and len(stripped) < 0.8 * typical:
            flush()  # a short line that closes a sentence ends its paragraph
    flush()
    return blocks


def _is_heading(line: str, heading_lines: set[str]) -> bool:
    if len(line) > 90 or line.endswith((".", ",", ";")):
        return False
    if _NUMBERED_HEADING.match(line) and len(line.split()) <= 10:
        return True
    return line in heading_lines and len(line.split()) <= 12
