"""Keeps a process's lexical index in step with the shared store, a changed document at a time.

Every replica (and the CLI) has its own index on its own disk. When the store's generation moves,
the catalogue says which documents changed; only their passages are read, with the terms the ingest
stored, and replaced in the index. A bot keeps answering from the index it has while that happens
(`wait=False`); a one-off command waits, so it never answers from an older state than the store's.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path

from filelock import FileLock

from knowledge.store.catalogue import CatalogueEntry
from knowledge.store.lexical import IndexedPassage, LexicalIndex
from knowledge.store.chunk_store import ChunkStore, StoredPassage
from knowledge.store.text_for_index import index_text
from text.analysis import ANALYSIS_VERSION, DutchAnalyzer

log = logging.getLogger(__name__)
DOCUMENTS_PER_READ = 25  # documents read from the store at a time while catching up: memory stays flat
PASSAGES_PER_READ = 5000  # and no more passages than this at a time, unless one document alone has more


class LexicalMirror:
    def __init__(self, store: ChunkStore, analyzer: DutchAnalyzer, index: LexicalIndex,
                 lock_file: Path | None = None) -> None:
        self._store = store
        self._analyzer = analyzer
        self.index = index
        self._lock_file = lock_file  # other processes on this disk may keep the same index
        self._seen: str | None = None  # the store generation this process's index is known to match
        self.latest: str | None = None  # the store generation seen at the last refresh
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def refresh(self, wait: bool = True) -> None:
        """Catch up with the store if it changed. With `wait=False`, and an index to answer from,
        the catching up happens in the background and this returns at once."""
        generation = self._store.generation()
        self.latest = generation  # the store as of this question, also while the index still catches up
        if generation == self._seen:
            return
        if not wait and self._seen is not None:
            with self._lock:
                if self._worker is None or not self._worker.is_alive():
                    self._worker = threading.Thread(target=self._catch_up_logged, args=(generation,), daemon=True,
                                                    name="lexical-refresh")
                    self._worker.start()
            return
        self._catch_up(generation)

    def _catch_up_logged(self, generation: str) -> None:
        try:
            self._catch_up(generation)
        except Exception:  # the edge of a background refresh: keep serving the index we have
            log.exception("bijwerken van de zoekindex is mislukt; de vorige blijft in gebruik")

    def _catch_up(self, generation: str) -> None:
        """Bring the index to what the catalogue says is current. The first time in a process the
        catalogue is compared even when the stamps agree: a run cut off between committing a
        document and stamping the store (or an index written by an older version) is repaired,
        so what `sources` lists is what search finds."""
        with self._lock, self._file_lock():
            state = self.index.reread_state()
            first = self._seen is None
            if state.generation == generation and not first:  # another process on this disk did the work
                self.index.reload()
                self._seen = generation
                return
            entries = self._store.catalogue.entries()
            wanted = {s: e.doc_hash for s, e in entries.items() if e.doc_hash}
            removed = [s for s in state.documents if s not in wanted]
            changed = [entries[s] for s, h in wanted.items() if state.documents.get(s) != h]
            if state.generation == generation and not (removed or changed):
                self.index.reload()
                self._seen = generation
                return
            self.index.apply(removed, self._passages_of(changed), generation)
            self._seen = generation
            if removed or changed:
                log.info("zoekindex bijgewerkt: %d documenten vervangen, %d verwijderd", len(changed), len(removed))

    def _passages_of(self, changed: list[CatalogueEntry]) -> Iterator[tuple[str, str, list[IndexedPassage]]]:
        """The changed documents' passages, read a group of documents at a time: at most
        DOCUMENTS_PER_READ documents and about PASSAGES_PER_READ passages (a large document alone)."""
        for group in _groups(changed):
            by_source: dict[str, list[StoredPassage]] = defaultdict(list)
            for stored in self._store.current_passages(group):
                by_source[stored.passage.source].append(stored)
            for entry in group:
                yield entry.source, entry.doc_hash, [IndexedPassage(p.passage, self._terms(p), p.sentence_vectors)
                                                     for p in by_source[entry.source]]

    def _terms(self, stored: StoredPassage) -> list[str]:
        """The terms the ingest stored; only passages written before that (or by another analysis) are analysed now."""
        if stored.terms is not None and stored.terms_version == ANALYSIS_VERSION:
            return list(stored.terms)
        p = stored.passage
        return self._analyzer.terms(index_text(p.title, p.section, p.text, p.extra))

    def _file_lock(self):
        if self._lock_file is None:
            return nullcontext()
        self._lock_file.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self._lock_file))


def _groups(entries: list[CatalogueEntry]) -> Iterator[list[CatalogueEntry]]:
    group: list[CatalogueEntry] = []
    size = 0
    for entry in entries:
        if group and (len(group) >= DOCUMENTS_PER_READ or size + entry.parts > PASSAGES_PER_READ):
            yield group
            group, size = [], 0
        group.append(entry)
        size += entry.parts
    if group:
        yield group
