"""Incremental ingest: hash each document, skip unchanged ones, replace changed ones without a
moment in which they cannot be found, and remove documents that are gone (with prune)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.chunker import ChunkerConfig, chunk_blocks
from ingest.errors import IngestError
from ingest.files import Collected, collect_files
from ingest.isolation import ParserWorker
from ingest.loaders import loader_for
from ingest.manifest import MANIFEST_NAME, manifest_audience, manifest_entry
from ingest.report import FileReport, IngestReport, Outcome
from ingest.secrets import credentials_in
from knowledge.audience import AudienceError, audience_of, shown
from knowledge.meaning.sentence_vectors import sentences_of
from knowledge.models import Chunk, DocumentInfo
from knowledge.store.chunk_store import ChunkStore
from knowledge.store.text_for_index import index_text
from text.abbreviations import harvest
from text.analysis import ANALYSIS_VERSION, DutchAnalyzer

if TYPE_CHECKING:  # only for annotations: importing LangChain costs a tenth of a second
    from langchain_core.embeddings import Embeddings

    from knowledge.meaning.semantic import SentenceEncoder

log = logging.getLogger(__name__)


ProgressCallback = Callable[[str, int, int], None]  # (what is being read, files done, files in all)


class DiskFull(Exception):
    """Writing is impossible: the run stops (what is in stays), and nothing tries to write a rollback."""


def _disk_full(exc: BaseException) -> bool:
    """A full disk, however the layer below says it (OSError ENOSPC, SQLite's 'database or disk is full')."""
    import errno

    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        if "disk is full" in str(exc).lower() or "no space left" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _with_audience(report: FileReport, store: ChunkStore) -> FileReport:
    """The report line with the document's audience, as the store now has it."""
    if report.outcome in (Outcome.FAILED, Outcome.SKIPPED):
        return report
    entry = store.catalogue.get(report.source)
    return replace(report, audience=entry.audience) if entry is not None and entry.audience else report


def _audience_for(path: Path, given: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The manifest's "voor" for this file, else the audience given for the run (None: keep)."""
    listed = manifest_audience(path)
    if listed is None:
        return given
    try:
        return audience_of(listed)
    except AudienceError as exc:
        raise IngestError(f"{MANIFEST_NAME} bij {path.name}: {exc}") from exc


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


# Passages are embedded and written this many at a time: memory stays flat whatever the file size.
WRITE_BATCH = 256


class IngestPipeline:
    def __init__(
        self,
        store: ChunkStore,
        embedder: Embeddings | None,
        *,
        encoder: SentenceEncoder | None = None,
        max_file_bytes: int = 50 * 1024 * 1024,
        max_passages: int = 10_000,
        chunker: ChunkerConfig | None = None,
        max_prune_share: float = 0.5,
        analyzer: DutchAnalyzer | None = None,
        on_change: Callable[[], object] | None = None,
        parser: ParserWorker | None = None,
    ) -> None:
        self._store = store
        self._parser = parser  # reads files in a worker with a time and memory limit; None: in this process
        self._analyzer = analyzer  # terms are analysed once, here, and stored with each passage
        self._on_change = on_change  # e.g. bring this process's lexical index up to date
        self._embedder = embedder  # None: the vector vote is off, so nothing is embedded
        self._encoder = encoder if store.semantic_model else None  # sentence meaning, for retrieval
        self._max_bytes = max_file_bytes
        self._max_passages = max_passages
        self._chunker = chunker or ChunkerConfig()
        self._max_prune_share = max_prune_share

    def ingest(
        self,
        paths: Iterable[Path],
        *,
        prune: bool = False,
        force: bool = False,
        allow_secrets: bool = False,
        progress: ProgressCallback | None = None,
        audience: tuple[str, ...] | None = None,
    ) -> IngestReport:
        """Ingest files and folders. With `prune`, documents that were read from a folder given
        here and are gone from it are removed, but never more than `max_prune_share` of the store
        unless `force`. `audience` is who the files are meant for (a manifest's "voor" of a file
        goes first; None keeps what a known document had, and a new one is for everyone)."""
        found = collect_files(paths)
        report = IngestReport(files=list(found.problems))
        known = self._store.documents()
        names = [f.name for f in found.files]
        duplicates = {n for n in names if names.count(n) > 1}
        changed_store = full = False
        for done, path in enumerate(found.files, start=1):
            if progress:
                progress(path.name, done - 1, len(found.files))
            if path.name in duplicates:
                others = ", ".join(str(f) for f in found.files if f.name == path.name and f != path)
                report.files.append(FileReport(path.name, Outcome.FAILED, detail=(
                    f"dezelfde bestandsnaam staat ook in {others}; documenten heten in de kennisbank naar hun "
                    "bestandsnaam, dus geen van beide is ingelezen: hernoem er een")))
                continue
            try:
                file_report = self._ingest_file(path, known, lambda what: progress and progress(what, done - 1, len(found.files)),
                                                allow_secrets=allow_secrets, audience=audience)
            except DiskFull:
                report.files.append(FileReport(path.name, Outcome.FAILED, detail="de schijf is vol; niet (helemaal) ingelezen"))
                report.notes.append("De schijf is vol: het inlezen is gestopt. Wat al was ingelezen blijft; maak ruimte vrij en "
                                    "lees opnieuw in, dan wordt het onderbroken document afgemaakt.")
                report.refused = full = True
                break
            changed_store |= file_report.outcome in (Outcome.ADDED, Outcome.CHANGED)
            report.files.append(_with_audience(file_report, self._store))
        if progress:
            progress("", len(found.files), len(found.files))
        if prune and not full:
            changed_store |= self._prune(report, known, set(names), found, force=force)
        if changed_store:
            try:
                self._changed()
            except Exception as exc:
                if not _disk_full(exc):
                    raise
        return report

    def remove(self, source: str) -> bool:
        if source not in self._store.documents():
            return False
        self._store.delete_document(source)
        self._changed()
        return True

    def _changed(self) -> None:
        self._store.mark_changed()
        if self._on_change is not None:
            self._on_change()

    def _prune(self, report: IngestReport, known: dict[str, DocumentInfo], present: set[str], found: Collected, *, force: bool) -> bool:
        """Remove what is gone from the folders that were read completely, and nothing else."""
        gone = sorted(
            (d for d in known.values() if d.source not in present and d.origin and _under(d.origin, found.prunable)),
            key=lambda d: d.source,
        )
        if not gone:
            return False
        limit = self._max_prune_share * len(known)
        if len(gone) > limit and not force:
            report.refused = True
            report.notes.append(
                f"Opschonen geweigerd: {len(gone)} van de {len(known)} documenten zouden verdwijnen, meer dan "
                f"{self._max_prune_share:.0%} van de kennisbank. Staat een map niet op zijn plek (niet gekoppeld)? "
                "Er is niets verwijderd; is het zo bedoeld, gebruik dan --toch."
            )
            report.files.extend(FileReport(d.source, Outcome.KEPT, d.chunks, f"zou verwijderd worden (uit {d.origin})") for d in gone)
            return False
        for document in gone:
            self._store.delete_document(document.source)
            report.files.append(FileReport(document.source, Outcome.REMOVED, document.chunks, f"niet meer in {Path(document.origin).parent}",
                                           audience=document.audience))
        return True

    def _ingest_file(self, path: Path, known: dict[str, DocumentInfo], progress: Callable[[str], object], *,
                     allow_secrets: bool = False, audience: tuple[str, ...] | None = None) -> FileReport:
        """One file; any failure is reported for this file alone and leaves the store as it was."""
        doc_hash = ""
        try:
            audience = _audience_for(path, audience)
            data = self._read(path)
            doc_hash = content_hash(data)
            origin = str(path.resolve())
            previous = known.get(path.name)
            if previous is not None and previous.origin and previous.origin != origin and Path(previous.origin).exists():
                raise IngestError(
                    f"er staat al een ander document met de naam {path.name} in de kennisbank (uit {previous.origin}); "
                    "het is niet vervangen: hernoem een van beide"
                )
            if previous is not None and previous.complete and previous.doc_hash == doc_hash:
                notes = [self._tidy(previous, origin)]
                if audience is not None and audience != previous.audience:
                    self._store.set_audience(path.name, audience)
                    notes.append(f"nu voor: {shown(audience)}")
                return FileReport(path.name, Outcome.UNCHANGED, previous.chunks, "; ".join(n for n in notes if n))
            chunks = self._chunk(path, doc_hash, origin, allow_secrets=allow_secrets)
            self._store.begin_version(chunks[0], audience if audience is not None else (None if previous else ()))
            self._write(path.name, chunks, progress)
            # Only now, with the new version fully in, is it the current one, and does the old one go.
            self._store.commit_version(chunks[0], harvest(c.text for c in chunks))
            if previous is None:
                return FileReport(path.name, Outcome.ADDED, len(chunks))
            moved = previous.origin and previous.origin != origin  # the old file is gone (else refused above)
            return FileReport(path.name, Outcome.CHANGED, len(chunks), (
                f"vervangt het document {path.name} dat uit {previous.origin} kwam (dat bestand bestaat niet meer); "
                "was dat een ander document, hernoem dit bestand en lees opnieuw in") if moved else "")
        except IngestError as exc:
            return FileReport(path.name, Outcome.FAILED, detail=str(exc))
        except Exception as exc:  # the edge of one file: log it, report it, go on with the rest
            if _disk_full(exc):  # no rollback: it would have to write too; the next ingest finishes the version
                log.error("ingest of %s stopped: disk full", path)
                raise DiskFull() from exc
            log.exception("ingest of %s failed", path)
            if doc_hash:
                self._rollback(path.name, doc_hash, known)
            return FileReport(path.name, Outcome.FAILED, detail=f"onverwachte fout: {exc}")

    def _write(self, name: str, chunks: list[Chunk], progress: Callable[[str], object]) -> None:
        """Embed (when the vector vote is on) and write in bounded batches, with progress."""
        for start in range(0, len(chunks), WRITE_BATCH):
            part = chunks[start:start + WRITE_BATCH]
            vectors = None
            if self._embedder is not None:
                vectors = self._embedder.embed_documents([index_text(c.title, c.section, c.text, c.extra) for c in part])
            meanings = self._sentence_vectors(part) if self._encoder is not None else None
            terms = None
            if self._analyzer is not None:
                terms = [self._analyzer.terms(index_text(c.title, c.section, c.text, c.extra)) for c in part]
            self._store.add(part, vectors, terms, ANALYSIS_VERSION, meanings)
            if len(chunks) > WRITE_BATCH:
                progress(f"{name}: {min(start + WRITE_BATCH, len(chunks))}/{len(chunks)} passages")

    def _sentence_vectors(self, chunks: list[Chunk]) -> list:
        """Per passage, the meaning of each of its sentences (a matrix, one row per sentence)."""
        sentences = [sentences_of(c.text) for c in chunks]
        vectors = self._encoder.encode([s for group in sentences for s in group])
        out, start = [], 0
        for group in sentences:
            out.append(vectors[start:start + len(group)])
            start += len(group)
        return out

    def _tidy(self, current: DocumentInfo, origin: str) -> str:
        """An unchanged document: drop leftovers of other versions, and note where it lives now."""
        notes = []
        if current.stale:
            for doc_hash in current.stale:
                self._store.delete_version(current.source, doc_hash)
            self._changed()
            notes.append("onvolledige of oude versie opgeruimd")
        if current.origin != origin:
            self._store.set_origin(current.source, origin)
            if current.origin:
                notes.append(f"verplaatst van {current.origin}")
        return "; ".join(notes)

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

    def _chunk(self, path: Path, doc_hash: str, origin: str, *, allow_secrets: bool = False) -> list[Chunk]:
        document = self._parser.load(path) if self._parser is not None else loader_for(path).load(path)
        if not any(b.text.strip() for b in document.blocks if not b.is_heading):
            raise IngestError(f"{path.name} bevat geen leesbare tekst (leeg, of een scan zonder tekstlaag)")
        if not allow_secrets:
            found = credentials_in(line for b in document.blocks for line in b.text.splitlines())
            if found:
                kinds = ", ".join(dict.fromkeys(kind for _, kind in found))
                raise IngestError(f"{path.name} bevat iets wat op een wachtwoord of sleutel lijkt ({kinds}); niet ingelezen, "
                                  "want alles wat is ingelezen kan iedereen die iets vraagt te zien krijgen. Haal het eruit, "
                                  "of lees het toch in met --geheimen-toestaan")
        meta = manifest_entry(path)
        title = str(meta.pop("title", "") or document.title or path.stem)
        extra = {**{k: v for k, v in document.metadata.items() if isinstance(v, (str, int))}, **meta}
        chunks = chunk_blocks(document.blocks, source=path.name, title=title, doc_hash=doc_hash, extra=extra, config=self._chunker)
        if not chunks:
            raise IngestError(f"{path.name} bevat geen leesbare tekst")
        if len(chunks) > self._max_passages:
            raise IngestError(
                f"{path.name} is te lang: {_dutch_int(len(chunks))} passages, de grens is {_dutch_int(self._max_passages)} "
                "(in te stellen met INGEST_MAX_PASSAGES); splits het document in delen"
            )
        written = datetime.now(UTC).isoformat(timespec="microseconds")
        return [replace(c, parts=len(chunks), origin=origin, written=written) for c in chunks]


def _dutch_int(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _under(origin: str, folders: list[Path]) -> bool:
    path = Path(origin)
    return any(path.is_relative_to(folder) for folder in folders)
