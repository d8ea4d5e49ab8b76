"""Word documents: heading styles give the section path; tables are read row by row."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.errors import IngestError
from ingest.loaders.base import HeadingTracker, Loader, first_heading
from ingest.models import Block, LoadedDocument
from ingest.tables import table_lines
from ingest.text_utils import clean_whitespace

_HEADING_STYLE = re.compile(r"^(heading|kop)\s*(\d)$", re.I)
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # a real Word document unpacks to a few MB; a zip bomb to gigabytes
MAX_RATIO = 200  # unpacked size over packed size: text compresses tenfold, a bomb a thousandfold


def _check_unpacked_size(path: Path) -> None:
    """Refuse a zip bomb by what its directory says, before anything is unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(f"{path.name} is geen geldig Word-bestand (.docx): {exc}") from exc
    packed = max(path.stat().st_size, 1)
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 20 * 1024 * 1024 and unpacked / packed > MAX_RATIO):
        packed_mb = f"{packed / 1024 / 1024:.1f}".replace(".", ",")
        raise IngestError(f"{path.name} pakt uit tot {unpacked / 1024 / 1024:.0f} MB (van {packed_mb} MB): "
                          "dat is geen gewoon Word-document (een 'zipbom'?); niet ingelezen")


class DocxLoader(Loader):
    suffixes = (".docx",)

    def load(self, path: Path) -> LoadedDocument:
        _check_unpacked_size(path)
        try:
            document = docx.Document(str(path))
        except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
            raise IngestError(f"{path.name} is geen geldig Word-bestand (.docx): {exc}") from exc
        blocks = list(_blocks(document))
        core = document.core_properties
        metadata: dict[str, str | int] = {}
        if core.author:
            metadata["author"] = core.author
        return LoadedDocument(blocks=blocks, title=(core.title or "").strip() or first_heading(blocks), metadata=metadata)


def _blocks(document: DocxDocument):
    tracker = HeadingTracker()
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = clean_whitespace(item.text)
            if not text:
                continue
            level = _heading_level(item)
            if level:
                tracker.enter(level, text)
                yield Block(text, None, tracker.path, is_heading=True)
            elif item.style is not None and "list" in (item.style.name or "").lower():
                yield Block("• " + text, None, tracker.body_path())
            else:
                yield Block(text, None, tracker.body_path())
        elif isinstance(item, Table):
            rows = [_row_texts(row) for row in item.rows]
            header = None
            if len(rows) > 1 and _repeats_as_header(item.rows[0]):  # Word's own "repeat as header row"
                header, rows = rows[0], rows[1:]
            for line in table_lines(rows, header):
                yield Block(line, None, tracker.body_path())


def _row_texts(row) -> list[str]:
    """The row's cell texts by column; a merged cell comes back once per column it spans, so only its
    first column keeps the text (two cells that merely hold the same amount both keep it)."""
    seen: set[int] = set()
    texts = []
    for cell in row.cells:
        texts.append("" if id(cell._tc) in seen else clean_whitespace(cell.text))
        seen.add(id(cell._tc))
    return texts


def _repeats_as_header(row) -> bool:
    properties = row._tr.trPr
    return properties is not None and any(child.tag.endswith("}tblHeader") for child in properties)


def _heading_level(paragraph: Paragraph) -> int | None:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.lower() == "title":
        return 1
    match = _HEADING_STYLE.match(name.strip())
    return int(match.group(2)) if match else None
