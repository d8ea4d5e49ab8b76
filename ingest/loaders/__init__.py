"""One loader per format; `loader_for` picks it by file extension."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.base import Loader
from ingest.loaders.docx import DocxLoader
from ingest.loaders.html import HtmlLoader
from ingest.loaders.markdown import MarkdownLoader
from ingest.loaders.pdf import PdfLoader
from ingest.loaders.text import TextLoader

LOADERS: tuple[Loader, ...] = (PdfLoader(), DocxLoader(), HtmlLoader(), MarkdownLoader(), TextLoader())


def supported_suffixes() -> set[str]:
    return {suffix for loader in LOADERS for suffix in loader.suffixes}


def loader_for(path: Path) -> Loader:
    suffix = path.suffix.lower()
    for loader in LOADERS:
        if suffix in loader.suffixes:
            return loader
    kinds = ", ".join(sorted(supported_suffixes()))
    raise IngestError(f"{path.name}: bestandstype '{suffix or '(geen)'}' wordt niet ondersteund (wel: {kinds})")
