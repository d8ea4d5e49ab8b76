"""PDF files: text per page with page numbers kept; headings from font and numbering, paragraphs
from the white space between lines."""

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
from text.analysis import STOPWORDS

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
            pages = [(page, page.extract_text() or "") for page in reader.pages]
            furniture = _furniture([text for _, text in pages])
            for number, (page, text) in enumerate(pages, start=1):
                layout = _layout(page)
                text = _without_furniture(text, furniture)
                blocks.extend(_page_blocks(text, number, layout, tracker))
        except (PdfReadError, ValueError, KeyError) as exc:
            raise IngestError(f"{path.name} is beschadigd en kan niet gelezen worden: {exc}") from exc
        title = None
        if reader.metadata is not None and reader.metadata.title:
            title = str(reader.metadata.title).strip() or None
        return LoadedDocument(blocks=blocks, title=title or next((b.text for b in blocks if b.is_heading), None))


EDGE_LINES = 2  # a running header or footer stands in a page's first or last lines
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,4}(?:\s*(?:/|van|of)\s*\d{1,4})?(?:\s*[-–—])?\s*$", re.I)


def _edge_key(line: str) -> str:
    """A line as headers and footers repeat it: digits (the page number) and spacing left out."""
    return re.sub(r"\d+", "#", "".join(line.split()).lower())


def _furniture(pages: list[str]) -> set[str]:
    """Lines that stand at the top or bottom of many pages (a running header or footer, "Pagina 3
    van 40"): furniture of the layout, not text. Seen on at least three pages and 40% of them."""
    if len(pages) < 3:
        return set()
    counts: dict[str, int] = {}
    for text in pages:
        lines = [line for line in text.splitlines() if line.strip()]
        for key in {_edge_key(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]}:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, n in counts.items() if n >= max(3, 0.4 * len(pages)) and key}


def _without_furniture(text: str, furniture: set[str]) -> str:
    """The page's text without its running header, footer and page number (in its first or last lines)."""
    lines = [line for line in text.splitlines() if line.strip()]
    edges = set(range(min(EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - EDGE_LINES), len(lines)))
    return "\n".join(line for i, line in enumerate(lines)
                     if not (i in edges and (_PAGE_NUMBER.match(line) or _edge_key(line) in furniture)))


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


class _Layout:
    """What the fonts and positions of a page say about its lines: which are set as headings, and
    which start a paragraph (more white space above them than between the lines of a paragraph)."""

    def __init__(self, headings: set[str], paragraph_starts: set[str]) -> None:
        self.headings = headings
        self.paragraph_starts = paragraph_starts

    def starts_paragraph(self, line: str) -> bool:
        return _line_key(line) in self.paragraph_starts


def _line_key(line: str) -> str:
    """Lines compared without spaces: the text layer and the text runs space words differently."""
    return "".join(line.split()).lower()[:40]


def _layout(page) -> _Layout:
    runs: list[tuple[float, bool, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text and text.strip():
            scale = abs(tm[0]) if tm and tm[0] else 1.0
            font = str((font_dict or {}).get("/BaseFont", ""))
            y = (tm[5] if tm else 0.0) * (cm[3] if cm and cm[3] else 1.0) + (cm[5] if cm else 0.0)
            runs.append((round(font_size * scale, 1), "bold" in font.lower(), y, text.strip()))

    page.extract_text(visitor_text=visit)
    if not runs:
        return _Layout(set(), set())
    body = statistics.median(size for size, _, _, _ in runs)
    headings = {clean_whitespace(text) for size, bold, _, text in runs if (size > body + 0.5 or bold) and len(text) <= 90}
    return _Layout(headings, _paragraph_starts([(y, text) for _, _, y, text in runs]))


def _paragraph_starts(runs: list[tuple[float, str]]) -> set[str]:
    """Lines with clearly more space above them than the page's usual line spacing."""
    lines: list[tuple[float, str]] = []  # runs on one baseline form one line
    for y, text in runs:
        if lines and abs(lines[-1][0] - y) < 1.0:
            lines[-1] = (lines[-1][0], f"{lines[-1][1]} {text}")
        else:
            lines.append((y, text))
    steps = [above - below for (above, _), (below, _) in zip(lines, lines[1:]) if above > below]
    if len(steps) < 3:
        return set()
    spacing = sorted(steps)[len(steps) // 4]  # the spacing inside paragraphs: most steps, and the smaller ones
    return {
        _line_key(text)
        for (above, _), (below, text) in zip(lines, lines[1:])
        if above - below > 1.35 * spacing
    }


def _repair(line: str) -> str:
    return _LIGATURE_GAP.sub(r"\1", line)


def _page_blocks(text: str, page: int, layout: _Layout, tracker: HeadingTracker) -> list[Block]:
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
                blocks.append(Block(joined, page, tracker.body_path()))
            current.clear()

    for i, line in enumerate(lines):
        stripped = line.strip()
        if _is_heading(stripped, layout.headings):
            flush()
            level = stripped.split()[0].count(".") + 1 if _NUMBERED_HEADING.match(stripped) else 1
            tracker.enter(level, stripped)
            blocks.append(Block(stripped, page, tracker.path, is_heading=True))
            continue
        if layout.starts_paragraph(stripped):
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if _is_run_in_heading(stripped, following, layout):
                flush()
                tracker.enter(_RUN_IN_LEVEL, stripped)
                blocks.append(Block(stripped, page, tracker.path, is_heading=True))
                continue
            if current and current[-1].endswith(_END_PUNCT):
                flush()  # white space after a finished sentence; a scan also leaves some mid-sentence
        bullet = _BULLET.match(stripped)
        if bullet:
            flush()
            stripped = "• " + stripped[bullet.end():]
        current.append(stripped)
        if stripped.endswith(_END_PUNCT) and len(stripped) < 0.8 * typical:
            flush()  # a short line that closes a sentence ends its paragraph
    flush()
    return blocks


# Words a heading does not end on but a wrapped line often does (besides the stop words).
_OPEN_ENDINGS = frozenset("binnen buiten tussen onder boven naast via per sinds vanuit rond rondom tijdens zoals".split())
_RUN_IN_LEVEL = 9  # below every numbered heading; the next heading of any kind replaces it


def _is_run_in_heading(line: str, following: str, layout: _Layout) -> bool:
    """A short line set apart above, with a new sentence right under it: a heading in the body
    font ("Hoofdopgave verbeteren ..." above "Wij zien ..."). The first line of a paragraph looks
    alike, but it breaks off mid-sentence: on a hyphen, a small word (de, van, en) or a name."""
    words = line.split()
    last = words[-1] if words else ""
    return (
        bool(following)
        and line[:1].isupper()
        and following[:1].isupper()
        and 2 <= len(words) <= 9
        and not line.endswith(_END_PUNCT + (",", "-"))
        and last.lower() not in STOPWORDS | _OPEN_ENDINGS
        and not last[:1].isupper()
        and not layout.starts_paragraph(following)
    )


def _is_heading(line: str, heading_lines: set[str]) -> bool:
    if len(line) > 90 or line.endswith((".", ",", ";")):
        return False
    if _NUMBERED_HEADING.match(line) and len(line.split()) <= 10:
        return True
    return line in heading_lines and len(line.split()) <= 12
