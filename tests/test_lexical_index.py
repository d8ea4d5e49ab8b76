"""The saved lexical index and the catalogue that keeps it in step with the store: exact BM25,
replaced a document at a time, opened from disk without analysing anything, caught up by another
replica with only what changed, and never making a question wait while it catches up."""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import chromadb
import pytest

from infra.startup_cache import cached
from knowledge.store.lexical import IndexedPassage, LexicalIndex
from knowledge.store.lexical_sync import LexicalMirror
from knowledge.models import Passage
from knowledge.store.chunk_store import ChunkStore


def _passage(source: str, ordinal: int, text: str) -> Passage:
    return Passage(f"{source}-{ordinal}", text, source, source.upper(), 1, "Hoofdstuk", ordinal)


def _doc(source: str, doc_hash: str, *texts: str):
    return {source: (doc_hash, [IndexedPassage(_passage(source, i, t), t.split()) for i, t in enumerate(texts)])}


def _bm25(query: list[str], docs: list[list[str]], k1=1.2, b=0.75) -> list[float]:
    n = len(docs)
    average = sum(len(d) for d in docs) / n
    scores = []
    for terms in docs:
        counts = Counter(terms)
        norm = k1 * (1 - b + b * len(terms) / average)
        score = 0.0
        for t in set(query):
            df = sum(t in d for d in docs)
            if counts[t]:
                score += math.log(1 + (n - df + 0.5) / (df + 0.5)) * counts[t] * (k1 + 1) / (counts[t] + norm)
        scores.append(score)
    return scores


def test_scores_are_exact_bm25_whatever_the_passage_length():
    """tantivy keeps lengths in one byte; the index re-scores its candidates exactly."""
    texts = ["regiekamer " + "woord " * 37 + "tafel", "regiekamer tafel tafel", "project " * 120 + "tafel", "iets anders"]
    index = LexicalIndex()
    index.apply([], _doc("a.md", "h1", *texts), "g1")
    expected = _bm25(["tafel", "regiekamer"], [t.split() for t in texts])
    found = dict(index.search(["tafel", "regiekamer", "tafel"], 10))
    assert set(found) == {"a.md-0", "a.md-1", "a.md-2"}
    for i in range(3):
        assert found[f"a.md-{i}"] == pytest.approx(expected[i], rel=1e-6)
    assert index.idf("onbekend") == 0.0 and index.idf("tafel") > 0


def test_a_document_is_replaced_on_its_own_and_the_index_is_saved(tmp_path):
    path = tmp_path / "lexical"
    index = LexicalIndex(path)
    index.apply([], {**_doc("a.md", "h1", "oude tekst over de tafel"), **_doc("b.md", "h1", "de regiekamer")}, "g1")
    index.apply([], _doc("a.md", "h2", "nieuwe tekst over het project"), "g2")
    assert [c for c, _ in index.search(["tafel"], 5)] == []
    assert [c for c, _ in index.search(["project"], 5)] == ["a.md-0"]
    assert index.passage_at("b.md", 0).text == "de regiekamer"

    reopened = LexicalIndex(path)  # another process, later: nothing to rebuild
    assert reopened.state.generation == "g2" and reopened.state.documents == {"a.md": "h2", "b.md": "h1"}
    assert [c for c, _ in reopened.search(["regiekamer"], 5)] == ["b.md-0"]
    reopened.apply(["b.md"], {}, "g3")
    assert reopened.search(["regiekamer"], 5) == [] and len(reopened) == 1


def test_an_index_of_another_format_starts_again(tmp_path):
    path = tmp_path / "lexical"
    LexicalIndex(path).apply([], _doc("a.md", "h1", "tafel"), "g1")
    state = json.loads((path / "state.json").read_text())
    (path / "state.json").write_text(json.dumps({**state, "format": "iets ouders"}))
    again = LexicalIndex(path)
    assert len(again) == 0 and again.state.documents == {}


class CountingAnalyzer:
    """The real analyzer, counting how often it is asked to analyse."""

    def __init__(self, analyzer) -> None:
        self._analyzer = analyzer
        self.calls = 0

    def terms(self, text: str) -> list[str]:
        self.calls += 1
        return self._analyzer.terms(text)

    def __getattr__(self, name):
        return getattr(self._analyzer, name)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_another_replica_catches_up_with_only_the_changed_document_and_no_analysis(knowledge, analyzer, tmp_path):
    docs = tmp_path / "docs"
    _write(docs, "a.md", "# A\n\nDe regiekamer houdt het overzicht over alle tafels.\n")
    _write(docs, "b.md", "# B\n\nDe energietafel werkt aan zonnepanelen op daken.\n")
    knowledge.pipeline.ingest([docs])

    counting = CountingAnalyzer(analyzer)
    replica = LexicalMirror(knowledge.store, counting, LexicalIndex(tmp_path / "replica"))
    replica.refresh()
    assert counting.calls == 0  # the terms were analysed once, at ingest, and stored with the passages
    assert set(replica.index.state.documents) == {"a.md", "b.md"}

    read: list[list[str]] = []
    real = knowledge.store.current_passages
    knowledge.store.current_passages = lambda entries=None: read.append([e.source for e in entries]) or real(entries)
    _write(docs, "b.md", "# B\n\nDe energietafel werkt nu aan het warmtenet.\n")
    knowledge.pipeline.ingest([docs])
    replica.refresh()
    assert read[-1] == ["b.md"]  # what changed, not the whole store
    hits = [chunk_id for chunk_id, _ in replica.index.search(analyzer.terms("warmtenet"), 3)]
    assert hits and {p.source for p in replica.index.passages(hits).values()} == {"b.md"}
    assert not replica.index.search(analyzer.terms("zonnepanelen"), 3)
    knowledge.pipeline.remove("a.md")
    replica.refresh()
    assert set(replica.index.state.documents) == {"b.md"} and counting.calls == 0


def test_a_question_does_not_wait_while_the_index_catches_up(knowledge, analyzer, tmp_path):
    docs = tmp_path / "docs"
    _write(docs, "a.md", "# A\n\nDe regiekamer houdt het overzicht.\n")
    knowledge.pipeline.ingest([docs])
    mirror = LexicalMirror(knowledge.store, analyzer, LexicalIndex(tmp_path / "replica"))
    mirror.refresh()

    _write(docs, "b.md", "# B\n\nDe energietafel werkt aan de warmtetransitie.\n")
    knowledge.pipeline.ingest([docs])
    release = threading.Event()
    real = knowledge.store.current_passages
    knowledge.store.current_passages = lambda entries=None: release.wait(30) and real(entries)
    started = time.monotonic()
    mirror.refresh(wait=False)
    assert time.monotonic() - started < 0.5
    assert mirror.index.search(analyzer.terms("regiekamer"), 3)  # the old index answers meanwhile
    assert not mirror.index.search(analyzer.terms("warmtetransitie"), 3)
    release.set()
    deadline = time.monotonic() + 20
    while not mirror.index.search(analyzer.terms("warmtetransitie"), 3):
        assert time.monotonic() < deadline, "the background catch-up never finished"
        time.sleep(0.05)


def test_chroma_keeps_no_full_text_index_and_the_catalogue_lists_documents(knowledge, settings, tmp_path):
    """Nothing uses Chroma's trigram index, so passages are stored where it does not build one."""
    _write(tmp_path / "docs", "a.md", "# A\n\nDe regiekamer houdt het overzicht over alle tafels.\n")
    knowledge.pipeline.ingest([tmp_path / "docs"])
    with sqlite3.connect(settings.chroma_dir / "chroma.sqlite3") as db:
        assert db.execute("select count(*) from embedding_fulltext_search").fetchone()[0] == 0
    assert knowledge.store.catalogue.entries()["a.md"].doc_hash == knowledge.store.documents()["a.md"].doc_hash
    assert "regiekamer" in knowledge.store.all_passages()[0].text


def test_a_store_from_before_the_catalogue_is_listed_once_from_its_passages(tmp_path):
    client = chromadb.PersistentClient(str(tmp_path / "chroma"))
    old = client.get_or_create_collection("oud", embedding_function=None, metadata={"embedding_model": "none"})
    meta = {"source": "a.md", "title": "A", "page": -1, "section": "", "doc_hash": "h1", "parts": 2}
    old.upsert(ids=["a1", "a2", "x1"], embeddings=[[1.0]] * 3,
               documents=["Het algemeen bestuur (AB) besluit.", "Het AB vergadert.", "half"],
               metadatas=[{**meta, "ordinal": 0}, {**meta, "ordinal": 1},
                          {**meta, "ordinal": 0, "doc_hash": "h0", "parts": 5, "written": "2020"}])
    store = ChunkStore(client, "oud", "none")
    info = store.documents()["a.md"]
    assert info.doc_hash == "h1" and info.complete and info.chunks == 2 and info.stale == ("h0",)
    assert [p.text for p in store.all_passages()] == ["Het algemeen bestuur (AB) besluit.", "Het AB vergadert."]
    assert store.catalogue.entries()["a.md"].abbreviations == {"AB": "algemeen bestuur"}


def test_the_startup_cache_builds_once_and_rebuilds_a_damaged_file(tmp_path):
    path = tmp_path / "cache" / "woorden.pickle"
    built = []
    assert cached(path, lambda: built.append(1) or {"tafel": 4.2}) == {"tafel": 4.2}
    assert cached(path, lambda: built.append(1) or {"anders": 1.0}) == {"tafel": 4.2}
    assert len(built) == 1
    path.write_bytes(b"geen pickle")
    assert cached(path, lambda: built.append(1) or {"nieuw": 1.0}) == {"nieuw": 1.0}
    assert len(built) == 2
