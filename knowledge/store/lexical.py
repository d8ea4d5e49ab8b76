"""The lexical index: BM25 over the passages' analysed terms, in a tantivy index on disk.

Saved, not rebuilt: a process opens it in milliseconds, and a changed document is replaced on its
own. Beside it, `state.json` records which version of each document it holds and the store
generation it matches, so a process knows whether it must catch up, and with which documents.
It also holds each passage's text and citation data, so a question needs no trip to Chroma for them.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import tantivy

from knowledge.models import Passage
from knowledge.meaning.sentence_vectors import unpack
from text.analysis import ANALYSIS_VERSION

FORMAT = f"tantivy-2/analysis-{ANALYSIS_VERSION}"  # another format (or analysis) starts a new index
_WRITER_HEAP = 32_000_000  # tantivy buffers this much before it writes a segment
_STATE = "state.json"
_PLACE = "\x1f"
CANDIDATE_FACTOR = 3  # tantivy's candidates per passage asked for, re-scored exactly  # between a document's name and a passage's position in the "place" key


@dataclass(frozen=True)
class IndexedPassage:
    passage: Passage
    terms: list[str]  # analysed, as stored at ingest
    meaning: bytes | None = None  # packed sentence vectors, when a sentence encoder is configured


log = logging.getLogger(__name__)


@dataclass
class IndexState:
    generation: str = ""  # the store generation the index matched when it was last brought up to date
    documents: dict[str, str] = field(default_factory=dict)  # document name → the version indexed
    lengths: dict[str, int] = field(default_factory=dict)  # document name → terms in all its passages

    @property
    def total_length(self) -> int:
        return sum(self.lengths.values())


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("chunk_id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("source", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("place", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("terms", tokenizer_name="whitespace", index_option="freq")  # already analysed
    builder.add_bytes_field("data", stored=True)
    builder.add_bytes_field("counts", stored=True)  # term → count, and "#" → length: for exact BM25
    builder.add_bytes_field("meaning", stored=True)  # the passage's sentence vectors (knowledge.meaning.sentence_vectors)
    return builder.build()


class LexicalIndex:
    """Index terms are given, not derived: the Dutch analysis ran once, at ingest.

    tantivy finds the candidates; their exact BM25 (k1 1.2, b 0.75) is then computed from the term
    counts stored with each passage, because tantivy keeps passage lengths in one byte, which moves
    close scores around.
    """

    def __init__(self, path: Path | None = None, k1: float = 1.2, b: float = 0.75) -> None:
        self._k1 = k1
        self._b = b
        self._schema = _schema()
        self._path = path
        if path is None:
            self._index = tantivy.Index(self._schema)
            self._state = IndexState()
        else:
            self._state = _read_state(path)
            if self._state is None or not tantivy.Index.exists(str(path)):
                self._start_again(path)  # another format, or a half-made index
            try:
                self._open(path)
            except Exception as exc:  # derived data: a damaged index is rebuilt from the store, not fatal
                log.warning("de zoekindex in %s is beschadigd (%s); hij wordt opnieuw opgebouwd uit de kennisbank", path, exc)
                self._start_again(path)
                self._open(path)
            return
        self._index.config_reader(reload_policy="Manual")
        self.reload()

    def _open(self, path: Path) -> None:
        """Open the index on disk and check that it reads: a search, and as many passages as its state says."""
        self._index = tantivy.Index(self._schema, path=str(path))
        self._index.config_reader(reload_policy="Manual")
        self.reload()
        self._searcher.search(self._index.parse_query("x", ["terms"]), 1)
        if self._state.documents and self._count == 0:
            raise ValueError("de index is leeg, maar zou documenten moeten bevatten")

    def _start_again(self, path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)
        self._state = IndexState()

    # --- reading ----------------------------------------------------------------------------
    @property
    def state(self) -> IndexState:
        return self._state

    def __len__(self) -> int:
        return self._count

    def search(self, terms: Iterable[str], k: int) -> list[tuple[str, float]]:
        """The k best (chunk id, BM25 score) pairs; a repeated term counts once."""
        return [(passage.chunk_id, score) for passage, score in self.search_passages(terms, k)]

    def search_passages(self, terms: Iterable[str], k: int) -> list[tuple[Passage, float]]:
        """The k best passages with their BM25 scores, read once from the index."""
        return self._scored(terms, k, frozenset(), self.idf, self._count, self._average_length)

    def _scored(self, terms: Iterable[str], k: int, hidden: frozenset[str], idf, count: int,
                average: float) -> list[tuple[Passage, float]]:
        """BM25 over the passages outside `hidden`, with the word weights and lengths of those passages."""
        unique = sorted(set(terms))
        if not unique or not count:
            return []
        query = self._without(self._query(unique), hidden)
        searcher = self._searcher
        average = average or 1.0
        scored = []
        for _, address in searcher.search(query, k * CANDIDATE_FACTOR).hits:
            doc = searcher.doc(address)
            counts = json.loads(doc["counts"][0])
            norm = self._k1 * (1 - self._b + self._b * counts["#"] / average)
            score = sum(idf(t) * tf * (self._k1 + 1) / (tf + norm) for t in unique if (tf := counts.get(t)))
            scored.append((doc, score))
        scored.sort(key=lambda item: -item[1])
        return [(_passage(doc["chunk_id"][0], doc["data"][0]), score) for doc, score in scored[:k]]

    def view(self, hidden: Iterable[str]) -> LexicalIndex | IndexView:
        """The index as a reader who may not read the `hidden` documents sees it (itself when none are)."""
        hidden = frozenset(hidden).intersection(self._state.documents)
        return IndexView(self, hidden) if hidden and self._count else self

    def idf(self, term: str) -> float:
        """BM25's weight of a term (0 for a term no passage holds)."""
        cached = self._idf.get(term)
        if cached is None:
            cached = _idf(self._count, self._searcher.doc_freq("terms", term))
            self._idf[term] = cached
        return cached

    def mentions(self, source: str, terms: Iterable[str]) -> bool:
        """Whether some passage of the document `source` holds any of `terms`."""
        unique = sorted(set(terms))
        if not unique or not self._count:
            return False
        query = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, tantivy.Query.term_query(self._schema, "source", source, index_option="basic")),
            (tantivy.Occur.Must, self._query(unique)),
        ])
        return bool(self._searcher.search(query, 1).hits)

    def max_idf(self) -> float:
        """The weight of a term seen in one passage only (the rarest possible)."""
        return _max_idf(self._count)

    def meanings(self, terms: Iterable[str], chunk_ids: Iterable[str], pool: int,
                 sources: Iterable[str] = (), hidden: frozenset[str] = frozenset()) -> dict[str, np.ndarray]:
        """The sentence vectors of the given passages, of the `pool` passages that best match the
        terms, and of (up to `pool`) passages of each of `sources`: where retrieval looks for
        passages that say the same thing in other words. Bounded work per question, whatever the
        size of the corpus."""
        searcher = self._searcher
        out: dict[str, np.ndarray] = {}
        unique = sorted(set(terms))
        queries = [self._query(unique)] if unique else []
        queries += [self._source_query([s]) for s in dict.fromkeys(sources) if s not in hidden]
        for query in queries if pool and self._count else []:
            for _, address in searcher.search(self._without(query, hidden), pool).hits:
                doc = searcher.doc(address)
                if doc["meaning"] and doc["chunk_id"][0] not in out:
                    out[doc["chunk_id"][0]] = unpack(doc["meaning"][0])
        for chunk_id in chunk_ids:
            if chunk_id not in out:
                doc = self._doc(searcher, "chunk_id", chunk_id)
                if doc is not None and doc["meaning"] and not (hidden and json.loads(doc["data"][0])["source"] in hidden):
                    out[chunk_id] = unpack(doc["meaning"][0])
        return out

    def passages(self, chunk_ids: Iterable[str]) -> dict[str, Passage]:
        searcher = self._searcher
        out = {}
        for chunk_id in dict.fromkeys(chunk_ids):
            passage = self._find(searcher, "chunk_id", chunk_id)
            if passage is not None:
                out[chunk_id] = passage
        return out

    def passage_at(self, source: str, ordinal: int) -> Passage | None:
        return self._find(self._searcher, "place", f"{source}{_PLACE}{ordinal}")

    def _find(self, searcher, field_name: str, value: str) -> Passage | None:
        doc = self._doc(searcher, field_name, value)
        return _passage(doc["chunk_id"][0], doc["data"][0]) if doc is not None else None

    def _doc(self, searcher, field_name: str, value: str):
        hits = searcher.search(tantivy.Query.term_query(self._schema, field_name, value, index_option="basic"), 1).hits
        return searcher.doc(hits[0][1]) if hits else None

    def _source_query(self, sources: Iterable[str]):
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "source", s, index_option="basic")) for s in sources])

    def _without(self, query, hidden: frozenset[str]):
        """The query, with the passages of the `hidden` documents left out of its matches."""
        if not hidden:
            return query
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.MustNot, self._source_query(sorted(hidden)))])

    def _query(self, terms: list[str]):
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "terms", t, index_option="freq")) for t in terms]
        )

    # --- writing ----------------------------------------------------------------------------
    def apply(self, removed: Iterable[str], added: dict[str, tuple[str, list[IndexedPassage]]]
              | Iterable[tuple[str, str, list[IndexedPassage]]], generation: str) -> None:
        """Drop documents, put (new versions of) others in, and record the generation this matches.
        `added` gives each document's name, version and passages: a dict, or an iterable that is
        read as it goes (memory stays at one batch of documents, however many changed)."""
        removed = list(removed)
        items = ((s, h, p) for s, (h, p) in added.items()) if isinstance(added, dict) else added
        documents = {s: h for s, h in self._state.documents.items() if s not in removed}
        lengths = {s: n for s, n in self._state.lengths.items() if s in documents}
        writer = None
        for source in removed:
            writer = writer or self._index.writer(heap_size=_WRITER_HEAP, num_threads=1)
            writer.delete_documents_by_term("source", source)
        for source, doc_hash, passages in items:
            writer = writer or self._index.writer(heap_size=_WRITER_HEAP, num_threads=1)
            writer.delete_documents_by_term("source", source)
            for item in passages:
                passage, terms = item.passage, item.terms
                fields = dict(chunk_id=passage.chunk_id, source=source, place=f"{source}{_PLACE}{passage.ordinal}",
                              terms=" ".join(terms), data=_data(passage),
                              counts=json.dumps({**Counter(terms), "#": len(terms)}).encode("utf-8"))
                if item.meaning:
                    fields["meaning"] = item.meaning
                writer.add_document(tantivy.Document(**fields))
            documents[source] = doc_hash
            lengths[source] = sum(len(item.terms) for item in passages)
        if writer is not None:
            writer.commit()
            writer.wait_merging_threads()
        self._state = IndexState(generation, documents, lengths)
        if self._path is not None:
            _write_state(self._path, self._state)
        self.reload()

    def reload(self) -> None:
        """See what was committed, in this process or another; a search under way keeps its searcher."""
        self._index.reload()
        searcher = self._index.searcher()
        self._idf: dict[str, float] = {}
        self._count = searcher.num_docs
        self._average_length = self._state.total_length / self._count if self._count else 0.0
        self._searcher = searcher

    def reread_state(self) -> IndexState:
        """The state another process on this disk may have written since."""
        if self._path is not None:
            self._state = _read_state(self._path) or self._state
        return self._state


class IndexView:
    """The index as one reader sees it: the documents they may not read are not there at all, not
    in a search, not in how rare a word is, not among the passages close in meaning. Filtered in the
    search itself, so a top k is k passages the reader may read."""

    def __init__(self, index: LexicalIndex, hidden: frozenset[str]) -> None:
        self._index = index
        self.hidden = hidden
        self._hidden_query = index._source_query(sorted(hidden))
        searcher = index._searcher
        self._count = max(0, index._count - searcher.search(self._hidden_query, 1, count=True).count)
        state = index.state
        visible = state.total_length - sum(state.lengths.get(s, 0) for s in hidden)
        self._average_length = visible / self._count if self._count else 0.0
        self._idf: dict[str, float] = {}

    @property
    def state(self) -> IndexState:
        return self._index.state

    def __len__(self) -> int:
        return self._count

    def idf(self, term: str) -> float:
        cached = self._idf.get(term)
        if cached is None:
            index = self._index
            df = index._searcher.doc_freq("terms", term)
            if df:
                both = tantivy.Query.boolean_query([
                    (tantivy.Occur.Must, tantivy.Query.term_query(index._schema, "terms", term, index_option="freq")),
                    (tantivy.Occur.Must, self._hidden_query)])
                df -= index._searcher.search(both, 1, count=True).count
            cached = _idf(self._count, df)
            self._idf[term] = cached
        return cached

    def max_idf(self) -> float:
        return _max_idf(self._count)

    def search_passages(self, terms: Iterable[str], k: int) -> list[tuple[Passage, float]]:
        return self._index._scored(terms, k, self.hidden, self.idf, self._count, self._average_length)

    def mentions(self, source: str, terms: Iterable[str]) -> bool:
        return source not in self.hidden and self._index.mentions(source, terms)

    def meanings(self, terms: Iterable[str], chunk_ids: Iterable[str], pool: int,
                 sources: Iterable[str] = ()) -> dict[str, np.ndarray]:
        return self._index.meanings(terms, chunk_ids, pool, sources, hidden=self.hidden)

    def passages(self, chunk_ids: Iterable[str]) -> dict[str, Passage]:
        return {c: p for c, p in self._index.passages(chunk_ids).items() if p.source not in self.hidden}

    def passage_at(self, source: str, ordinal: int) -> Passage | None:
        return None if source in self.hidden else self._index.passage_at(source, ordinal)


def _idf(n: int, df: int) -> float:
    """BM25's weight of a term held by `df` of `n` passages (0 for a term none holds)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5)) if df > 0 and n else 0.0


def _max_idf(n: int) -> float:
    return _idf(n, 1)


def _data(passage: Passage) -> bytes:
    return json.dumps({
        "text": passage.text, "source": passage.source, "title": passage.title, "page": passage.page,
        "section": passage.section, "ordinal": passage.ordinal, "extra": passage.extra, "page_marks": passage.page_marks,
        "section_marks": passage.section_marks,
    }, ensure_ascii=False).encode("utf-8")


def _passage(chunk_id: str, data: bytes) -> Passage:
    d = json.loads(data)
    return Passage(chunk_id, d["text"], d["source"], d["title"], d["page"], d["section"], d["ordinal"],
                   extra=d["extra"], page_marks=d["page_marks"], section_marks=d.get("section_marks", ""))


def _read_state(path: Path) -> IndexState | None:
    try:
        raw = json.loads((path / _STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if raw.get("format") != FORMAT:
        return None
    return IndexState(str(raw.get("generation", "")), dict(raw.get("documents", {})), dict(raw.get("lengths", {})))


def _write_state(path: Path, state: IndexState) -> None:
    """Written after the commit it describes, atomically: a crash in between leaves an older state,
    and the next catch-up simply does that work again."""
    tmp = path / f"{_STATE}.tmp"
    tmp.write_text(json.dumps({"format": FORMAT, "generation": state.generation, "documents": state.documents,
                               "lengths": state.lengths}),
                   encoding="utf-8")
    os.replace(tmp, path / _STATE)
