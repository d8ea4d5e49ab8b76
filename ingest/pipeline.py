"""Incremental ingest: hash each document, skip unchanged ones, replace changed ones without a
moment in which they cannot be found, and remove documents that are gone (with prune)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.chunker import ChunkerConfig, chunk_blocks
from ingest.errors import IngestError
from ingest.loaders import loader_for, supported_suffixes
from ingest.manifest import manifest_entry
from knowledge.store import ChunkStore

if TYPE_CHECKING:  # only for annotations: importing LangChain costs a tenth of a second
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)


class Outcome(str, Enum):
    ADDED = "toegevoegd"
    CHANGED = "bijgewerkt"
    UNCHANGED = "ongewijzigd"
    FAILED = "mislukt"
    REMOVED = "verwijderd"


@dataclass
class FileReport:
    source: str
    outcome: Outcome
    chunks: int = 0
    detail: str = ""


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.files if f.outcome is outcome)

    @property
    def failed(self) -> bool:
        return self.count(Outcome.FAILED) > 0

    def as_json(self) -> dict:
        return {
            "files": [
                {"source": f.source, "outcome": f.outcome.name.lower(), "chunks": f.chunks, "detail": f.detail}
                for f in self.files
            ],
            "summary": {o.name.lower(): self.count(o) for o in Outcome},
        }


ProgressCallback = Callable[[str, int, int], None]  # (file name, done, total)


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileReport]]:
    """Expand folders into supported files; report paths that do not exist or are not supported."""
    files: list[Path] = []
    problems: list[FileReport] = []
    suffixes = supported_suffixes()
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if candidate.is_file() and candidate.suffix.lower() in suffixes and not candidate.name.startswith("."):
                    files.append(candidate)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(FileReport(path.name or str(path), Outcome.FAILED, detail=f"{path} bestaat niet"))
    return files, problems


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


class IngestPipeline:
    def __init__(
        self,
        store: ChunkStore,
        embedder: Embeddings,
        *,
        max_file_bytes: int = 50 * 1024 * 1024,
        chunker: ChunkerConfig | None = None,
    ) -> None:
        self._store = store
        self._embedder = embedder
        self._max_bytes = max_file_bytes
        self._chunker = chunker or ChunkerConfig()

    def ingest(self, paths: Iterable[Path], *, prune: bool = False, progress: ProgressCallback | None = None) -> IngestReport:
        files, problems = collect_files(paths)
        report = IngestReport(files=list(problems))
        known = self._store.documents()
        names = [f.name for f in files]
        duplicates = {n for n in names if names.count(n) > 1}
        changed_store = False
        for done, path in enumerate(files, start=1):
            if progress:
                progress(path.name, done - 1, len(files))
            if path.name in duplicates:
                report.files.append(FileReport(path.name, Outcome.FAILED, detail=f"dubbele bestandsnaam ({path}); hernoem een van beide"))
                continue
            file_report = self._ingest_file(path, known)
            changed_store |= file_report.outcome in (Outcome.ADDED, Outcome.CHANGED)
            report.files.append(file_report)
        if progress:
            progress("", len(files), len(files))
        if prune:
            present = set(names)
            for source in sorted(set(known) - present):
                self._store.delete_document(source)
                report.files.append(FileReport(source, Outcome.REMOVED, known[source].chunks))
                changed_store = True
        if changed_store:
            self._store.mark_changed()
        return report

    def remove(self, source: str) -> bool:
        if source not in self._store.documents():
            return False
        self._store.delete_document(source)
        self._store.mark_changed()
        return True

    def _ingest_file(self, path: Path, known: dict) -> FileReport:
        """One file; any failure is reported for this file alone and leaves the store as it was."""
        doc_hash = ""
        try:
            data = self._read(path)
            doc_hash = content_hash(data)
            previous = known.get(path.name)
            if previous is not None and previous.doc_hash == doc_hash:
                return FileReport(path.name, Outcome.UNCHANGED, previous.chunks)
            chunks = self._chunk(path, doc_hash)
            embeddings = self._embedder.embed_documents([index_text(c.title, c.section, c.text, c.extra) for c in chunks])
            self._store.add(chunks, embeddings)
            # Only now, with the new version fully in, does the old one go.
            self._store.delete_document(path.name, keep_hash=doc_hash)
            outcome = Outcome.ADDED if previous is None else Outcome.CHANGED
            return FileReport(path.name, outcome, len(chunks))
        except IngestError as exc:
            return FileReport(path.name, Outcome.FAILED, detail=str(exc))
        except Exception as exc:  # the edge of one file: log it, report it, go on with the rest
            log.exception("ingest of %s failed", path)
            if doc_hash:
                self._rollback(path.name, doc_hash, known)
            return FileReport(path.name, Outcome.FAILED, detail=f"onverwachte fout: {exc}")

    def _rollback(self, source: str, doc_hash: str, known: dict) -> None:
        previous = known.get(source)
        if previous is not None and previous.doc_hash == doc_hash:
            return
        try:
            self._store.delete_version(source, doc_hash)
        except Exception:  # pragma: no cover - the store itself is down
            log.exception("could not roll back partial ingest of %s", source)

    def _read(self, path: Path) -> bytes:
        size = path.stat().st_size
        if size == 0:
            raise IngestError(f"{path.name} is leeg")
        if size > self._max_bytes:
            raise IngestError(
                f"{path.name} is te groot ({size / 1024 / 1024:.1f} MB; de grens is "
                f"{self._max_bytes / 1024 / 1024:.0f} MB, in te stellen met INGEST_MAX_FILE_MB)"
            )
        return path.read_bytes()

    def _chunk(self, path: Path, doc_hash: str):
        document = loader_for(path).load(path)
        if not any(b.text.strip() for b in document.blocks if not b.is_heading):
            raise IngestError(f"{path.name} bevat geen leesbare tekst (leeg, of een scan zonder tekstlaag)")
        meta = manifest_entry(path)
        title = str(meta.pop("title", "") or document.title or path.stem)
        extra = {**{k: v for k, v in document.metadata.items() if isinstance(v, (str, int))}, **meta}
        chunks = chunk_blocks(document.blocks, source=path.name, title=title, doc_hash=doc_hash, extra=extra, config=self._chunker)
        if not chunks:
            raise IngestError(f"{path.name} bevat geen leesbare tekst")
        return chunks


def index_text(title: str, section: str, text: str, extra: dict | None = None) -> str:
    """What is embedded and lexically indexed: the passage with its document context.

    Title, publisher and section name what a passage is about even when its own sentences
    do not ("volgens Berenschot ...").
    """
    publisher = str((extra or {}).get("publisher", ""))
    head = " — ".join(p for p in (title, publisher, section) if p)
    return f"{head}\n{text}" if head else text
