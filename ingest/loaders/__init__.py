"""One loader per format; `loader_for` picks it by file extension.

A loader's module (and its library: pypdf, python-docx, BeautifulSoup) is imported only when a file
of its kind is actually read, so a re-ingest that finds nothing changed starts fast.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.base import Loader

_REGISTRY: dict[str, str] = {  # suffix -> "module:Class"
    ".pdf": "ingest.loaders.pdf:PdfLoader",
    ".docx": "ingest.loaders.docx:DocxLoader",
    ".html": "ingest.loaders.html:HtmlLoader",
    ".htm": "ingest.loaders.html:HtmlLoader",
    ".md": "ingest.loaders.markdown:MarkdownLoader",
    ".markdown": "ingest.loaders.markdown:MarkdownLoader",
    ".txt": "ingest.loaders.text:TextLoader",
    ".text": "ingest.loaders.text:TextLoader",
}


def supported_suffixes() -> set[str]:
    return set(_REGISTRY)


@cache
def _load(target: str) -> Loader:
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)()


def loader_for(path: Path) -> Loader:
    suffix = path.suffix.lower()
    target = _REGISTRY.get(suffix)
    if target is None:
        kinds = ", ".join(sorted(supported_suffixes()))
        raise IngestError(f"{path.name}: bestandstype '{suffix or '(geen)'}' wordt niet ondersteund (wel: {kinds})")
    return _load(target)
