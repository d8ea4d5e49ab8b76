"""Plain text files."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders.base import Loader, blocks_from_plain_text, first_heading, read_text
from ingest.models import LoadedDocument


class TextLoader(Loader):
    suffixes = (".txt", ".text")

    def load(self, path: Path) -> LoadedDocument:
        blocks = blocks_from_plain_text(read_text(path))
        return LoadedDocument(blocks=blocks, title=first_heading(blocks))
