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


class DocxLoader(Loader):
    suffixes = (".docx",)

    def load(self, path: Path) -> LoadedDocument:
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
            rows = [[clean_whitespace(c.text) for c in row.cells] for row in item.rows]
            for line in table_lines(rows):
                yield Block(line, None, tracker.body_path())


def _heading_level(paragraph: Paragraph) -> int | None:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.lower() == "title":
        return 1
    match = _HEADING_STYLE.match(name.strip())
    return int(match.group(2)) if match else None
