"""Ingest must lose nothing: a missing or unmounted folder never empties the store, a killed write
never leaves half a document, and two files of one name never replace each other."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

import samenspel.cli as cli
from ingest.pipeline import WRITE_BATCH, Outcome


def outcomes(report):
    return {f.source: f.outcome for f in report.files}


def long_document(path: Path, paragraphs: int, marker: str = "versie een") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(
        f"Paragraaf {i} ({marker}). De regiekamer bespreekt project {i} en legt de afspraak vast in het verslag. "
        f"Elke gemeente draagt bij naar rato van het aantal inwoners, zo staat in artikel {i}."
        for i in range(paragraphs)
    )
    path.write_text(f"# Groot document\n\n{body}\n", encoding="utf-8")
    return path


# --- 1. pruning removes only what is provably gone ------------------------------------------------
def test_prune_of_a_missing_folder_removes_nothing(knowledge, docs, tmp_path):
    knowledge.pipeline.ingest([docs])
    before = set(knowledge.store.documents())
    report = knowledge.pipeline.ingest([tmp_path / "niet-gekoppeld"], prune=True)
    assert report.failed
    assert "bestaat niet" in report.files[0].detail
    assert set(knowledge.store.documents()) == before


def test_cli_prune_of_a_missing_folder_keeps_the_store(monkeypatch, fake_embeddings, analyzer, docs, tmp_path):
    from samenspel.wiring import open_knowledge

    monkeypatch.setattr(cli.common, "open_core", lambda s, **kw: open_knowledge(s, embedder=fake_embeddings, analyzer=analyzer, **kw))
    runner = CliRunner()
    assert runner.invoke(cli.app, ["ingest", str(docs)]).exit_code == 0
    result = runner.invoke(cli.app, ["ingest", str(tmp_path / "MISSING"), "--prune", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["summary"]["removed"] == 0
    listed = runner.invoke(cli.app, ["sources", "--json"])
    assert len(json.loads(listed.output)["documents"]) == 5


def test_prune_only_touches_documents_under_the_folders_given(knowledge, docs, tmp_path):
    other = tmp_path / "andere-map"
    long_document(other / "besluit.md", 3)
    knowledge.pipeline.ingest([docs, other])
    (docs / "memo.txt").unlink()
    report = knowledge.pipeline.ingest([docs], prune=True)
    assert outcomes(report)["memo.txt"] is Outcome.REMOVED
    assert "besluit.md" in knowledge.store.documents()  # not under docs/: never a prune candidate


def test_an_empty_folder_is_no_reason_to_remove(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    for f in docs.iterdir():
        if f.is_file():
            f.unlink()
    report = knowledge.pipeline.ingest([docs], prune=True, force=True)
    assert report.count(Outcome.REMOVED) == 0
    assert len(knowledge.store.documents()) == 5


def test_an_unreadable_folder_is_an_error_and_removes_nothing(knowledge, docs, monkeypatch):
    knowledge.pipeline.ingest([docs])
    (docs / "memo.txt").unlink()
    real_walk = os.walk

    def walk_with_an_unreadable_subfolder(top, onerror=None, **kw):
        if onerror:
            onerror(PermissionError(13, "Permission denied", str(Path(top) / "vertrouwelijk")))
        yield from real_walk(top, onerror=onerror, **kw)

    monkeypatch.setattr("ingest.files.os.walk", walk_with_an_unreadable_subfolder)
    report = knowledge.pipeline.ingest([docs], prune=True)
    assert report.failed and "niet volledig leesbaar" in report.files[0].detail
    assert "memo.txt" in knowledge.store.documents()


def test_prune_refuses_to_remove_more_than_the_share_without_force(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    for name in ("memo.txt", "notitie.md", "artikel.html"):
        (docs / name).unlink()
    refused = knowledge.pipeline.ingest([docs], prune=True)
    assert refused.failed and refused.refused
    assert "Opschonen geweigerd: 3 van de 5" in refused.notes[0]
    assert {f.source for f in refused.files if f.outcome is Outcome.KEPT} == {"memo.txt", "notitie.md", "artikel.html"}
    assert len(knowledge.store.documents()) == 5
    forced = knowledge.pipeline.ingest([docs], prune=True, force=True)
    assert forced.count(Outcome.REMOVED) == 3
    assert set(knowledge.store.documents()) == {"rapport.pdf", "spelregels.docx"}


# --- 2. a killed write never leaves half a document -----------------------------------------------
_KILL_AFTER_FIRST_BATCH = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from knowledge.store.chunk_store import ChunkStore
    from samenspel.wiring import open_knowledge
    from infra.settings import Settings

    real_add = ChunkStore.add
    def add_then_die(self, chunks, *args):
        real_add(self, chunks, *args)
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9 after the first batch is on disk
    ChunkStore.add = add_then_die
    with open_knowledge(Settings(data_dir=Path(sys.argv[1]))) as knowledge:
        knowledge.pipeline.ingest([Path(sys.argv[2])])
    """
)


def _ingest_and_get_killed(settings, path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _KILL_AFTER_FIRST_BATCH, str(settings.data_dir), str(path)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(Path(cli.__file__).parents[2])},
    )
    assert result.returncode == -9, result.stderr


@pytest.mark.integration
def test_a_killed_ingest_leaves_no_half_document_and_the_next_one_completes_it(settings, tmp_path, analyzer):
    from samenspel.wiring import open_knowledge

    big = long_document(tmp_path / "stukken" / "groot.md", 1600)
    _ingest_and_get_killed(settings, big)

    with open_knowledge(settings, analyzer=analyzer) as knowledge:
        info = knowledge.store.documents()["groot.md"]
        assert not info.complete and info.chunks == WRITE_BATCH  # half of it is on disk...
        assert not [p for p in knowledge.store.all_passages() if p.source == "groot.md"]  # ...but never shown
        assert knowledge.retriever.retrieve("regiekamer project afspraak") == []
        report = knowledge.pipeline.ingest([big])
        assert outcomes(report)["groot.md"] is Outcome.CHANGED  # not "ongewijzigd": the hash alone proves nothing
        info = knowledge.store.documents()["groot.md"]
        assert info.complete and not info.stale
        shown = [p for p in knowledge.store.all_passages() if p.source == "groot.md"]
        assert len(shown) == info.chunks > WRITE_BATCH
        assert outcomes(knowledge.pipeline.ingest([big]))["groot.md"] is Outcome.UNCHANGED


@pytest.mark.integration
def test_a_killed_replacement_keeps_the_old_version_until_the_new_one_is_whole(settings, tmp_path, analyzer):
    from samenspel.wiring import open_knowledge

    big = long_document(tmp_path / "stukken" / "groot.md", 1600)
    with open_knowledge(settings, analyzer=analyzer) as knowledge:
        knowledge.pipeline.ingest([big])
        first = knowledge.store.documents()["groot.md"]
    long_document(big, 1600, marker="versie twee")
    _ingest_and_get_killed(settings, big)

    with open_knowledge(settings, analyzer=analyzer) as knowledge:
        shown = [p for p in knowledge.store.all_passages() if p.source == "groot.md"]
        assert len(shown) == first.chunks and all("versie een" in p.text for p in shown)
        knowledge.pipeline.ingest([big])
        shown = [p for p in knowledge.store.all_passages() if p.source == "groot.md"]
        assert shown and all("versie twee" in p.text for p in shown)
        assert not knowledge.store.documents()["groot.md"].stale


# --- 3. one name, two files --------------------------------------------------------------------------
def test_the_same_name_in_two_folders_never_replaces_the_other(knowledge, tmp_path):
    first = long_document(tmp_path / "gemeente-a" / "besluit.md", 3, marker="van gemeente A")
    second = long_document(tmp_path / "gemeente-b" / "besluit.md", 3, marker="van gemeente B")
    knowledge.pipeline.ingest([first.parent])
    report = knowledge.pipeline.ingest([second.parent])
    assert outcomes(report)["besluit.md"] is Outcome.FAILED
    assert str(first.resolve()) in report.files[0].detail and "hernoem" in report.files[0].detail
    assert all("gemeente A" in p.text for p in knowledge.store.all_passages())
    both = knowledge.pipeline.ingest([first.parent, second.parent])
    assert [f.outcome for f in both.files] == [Outcome.FAILED, Outcome.FAILED]
    assert "gemeente-b" in both.files[0].detail


def test_a_moved_file_keeps_its_place_in_the_store(knowledge, tmp_path):
    first = long_document(tmp_path / "oud" / "besluit.md", 3)
    knowledge.pipeline.ingest([first])
    moved = tmp_path / "nieuw" / "besluit.md"
    moved.parent.mkdir()
    first.rename(moved)
    report = knowledge.pipeline.ingest([moved.parent])
    assert outcomes(report)["besluit.md"] is Outcome.UNCHANGED and "verplaatst" in report.files[0].detail
    assert knowledge.store.documents()["besluit.md"].origin == str(moved.resolve())


def test_a_same_named_file_elsewhere_says_whose_place_it_takes_when_the_original_is_gone(knowledge, tmp_path):
    first = tmp_path / "oud" / "notulen.md"
    first.parent.mkdir()
    first.write_text("# Notulen regiekamer\n\nDe regiekamer besloot tot een fietsroute.\n", encoding="utf-8")
    knowledge.pipeline.ingest([first.parent])
    first.unlink()
    other = tmp_path / "nieuw" / "notulen.md"
    other.parent.mkdir()
    other.write_text("# Notulen programmateam\n\nHet programmateam besprak de begroting.\n", encoding="utf-8")
    report = knowledge.pipeline.ingest([other.parent])
    [line] = report.files
    assert line.outcome is Outcome.CHANGED and str(first.resolve()) in line.detail and "bestaat niet meer" in line.detail
    assert knowledge.store.documents()["notulen.md"].origin == str(other.resolve())


# --- 4. large files: bounded batches, a passage limit, no unused embeddings ------------------------
def test_passages_are_embedded_and_written_in_bounded_batches(knowledge, tmp_path, fake_embeddings):
    sizes = []
    real = fake_embeddings.embed_documents
    fake_embeddings.embed_documents = lambda texts: sizes.append(len(texts)) or real(texts)
    progress = []
    knowledge.pipeline.ingest([long_document(tmp_path / "groot.md", 1600)], progress=lambda what, *_: progress.append(what))
    assert len(sizes) > 1 and max(sizes) <= WRITE_BATCH
    assert any("passages" in p for p in progress)


def test_a_document_over_the_passage_limit_is_refused_with_a_clear_message(settings, fake_embeddings, analyzer, tmp_path):
    from samenspel.wiring import open_knowledge

    settings.max_passages = 20
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer) as knowledge:
        report = knowledge.pipeline.ingest([long_document(tmp_path / "groot.md", 100)])
        assert "te lang" in report.files[0].detail and "INGEST_MAX_PASSAGES" in report.files[0].detail
        assert knowledge.store.count() == 0


def test_without_a_vector_vote_nothing_is_embedded(settings, analyzer, docs, monkeypatch):
    from samenspel.wiring import open_knowledge

    def no_model(*_args, **_kw):
        raise AssertionError("the embedding model must not load while the vector vote is off")

    monkeypatch.setattr("knowledge.meaning.embeddings.SentenceTransformerEmbeddings._load", no_model)
    with open_knowledge(settings, analyzer=analyzer) as knowledge:
        assert knowledge.embedder is None
        assert not knowledge.pipeline.ingest([docs]).failed
        assert knowledge.retriever.retrieve("Wie zit de regiekamer voor?")
    settings.vector_weight = 0.3
    from knowledge.store.chunk_store import StoreMismatchError

    with pytest.raises(StoreMismatchError, match="--rebuild"):
        open_knowledge(settings, analyzer=analyzer)


# --- 4. what sources lists is what search finds, after any interruption ------------------------------
def _tarief_docs(folder: Path, euro: dict[str, int]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, amount in euro.items():
        (folder / f"{name}.md").write_text(f"# Tarief {name}\n\nHet tarief voor de {name}dienst is {amount} euro per uur.\n",
                                           encoding="utf-8")


def _found(knowledge, name: str) -> str:
    """The text search finds for this document's own question ('' when it finds nothing of it)."""
    hits = [p for p in knowledge.retriever.retrieve(f"tarief {name}dienst per uur", 5) if p.source == f"{name}.md"]
    return hits[0].text if hits else ""


@pytest.mark.parametrize("cut_after", [1, 3, 5])
def test_an_ingest_cut_off_after_any_document_leaves_search_on_what_sources_lists(settings, fake_embeddings, analyzer, tmp_path,
                                                                                  monkeypatch, cut_after):
    """Ctrl-C (or a kill) in the middle of a run: each document committed before it is found, with its
    new text, by a fresh process and by one that kept running; a re-run finishes the rest."""
    from knowledge.store.chunk_store import ChunkStore
    from samenspel.wiring import open_knowledge

    settings.semantic_model = "none"
    names = ["haven", "bibliotheek", "zwembad", "parkeer", "afval", "markt"]
    docs = tmp_path / "stukken"
    _tarief_docs(docs, {n: 12 for n in names[:3]})
    running = open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer)  # a bot with its own mirror
    try:
        running.pipeline.ingest([docs])
        assert "12 euro" in _found(running, "haven")
    finally:
        running.close()
    _tarief_docs(docs, {**{n: 30 for n in names[:3]}, **{n: 30 for n in names[3:]}})  # three changed, three new

    commit = ChunkStore.commit_version
    done = []

    def commit_then_interrupt(self, chunk, abbreviations):
        commit(self, chunk, abbreviations)
        done.append(chunk.source)
        if len(done) == cut_after:
            raise KeyboardInterrupt

    monkeypatch.setattr(ChunkStore, "commit_version", commit_then_interrupt)
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer) as cut:
        with pytest.raises(KeyboardInterrupt):
            cut.pipeline.ingest([docs])
    monkeypatch.setattr(ChunkStore, "commit_version", commit)

    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer) as fresh:
        listed = fresh.store.documents()
        for name in names:
            source = f"{name}.md"
            if source in done:
                assert "30 euro" in _found(fresh, name), (source, done)  # committed: found, with its new text
            elif source in listed:
                assert "12 euro" in _found(fresh, name)  # not reached: the old version, whole
            else:
                assert _found(fresh, name) == ""
        report = fresh.pipeline.ingest([docs])
        assert sum(f.outcome is Outcome.UNCHANGED for f in report.files) == cut_after
        assert all("30 euro" in _found(fresh, n) for n in names)


def test_a_bot_that_keeps_running_follows_each_committed_document_of_another_process(settings, fake_embeddings, analyzer,
                                                                                     tmp_path, monkeypatch):
    """The store's stamp moves with every committed document, so a running process's index follows
    an ingest elsewhere that is cut off before its end."""
    from knowledge.store.chunk_store import ChunkStore
    from knowledge.store.lexical import LexicalIndex
    from knowledge.store.lexical_sync import LexicalMirror
    from samenspel.wiring import open_knowledge

    settings.semantic_model = "none"
    docs = tmp_path / "stukken"
    _tarief_docs(docs, {"haven": 12})
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer) as k:
        k.pipeline.ingest([docs])
        bot = LexicalMirror(k.store, analyzer, LexicalIndex(tmp_path / "bot-index"))
        bot.refresh()
        _tarief_docs(docs, {"haven": 30, "markt": 30})
        commit = ChunkStore.commit_version

        def once(self, chunk, abbreviations):
            commit(self, chunk, abbreviations)
            raise KeyboardInterrupt

        monkeypatch.setattr(ChunkStore, "commit_version", once)
        with pytest.raises(KeyboardInterrupt):
            k.pipeline.ingest([docs])
        bot.refresh()
        current = {source: d.doc_hash for source, d in k.store.documents().items() if d.complete}
        assert bot.index.state.documents == current


@pytest.mark.integration
def test_a_document_of_more_passages_than_chroma_reads_at_once_is_searchable(settings, analyzer, tmp_path):
    """Chroma refuses one read of 32,767 records or more: the index reads a page at a time."""
    from knowledge.models import Chunk
    from knowledge.store.lexical import LexicalIndex
    from knowledge.store.lexical_sync import LexicalMirror
    from samenspel.wiring import open_knowledge

    settings.semantic_model = "none"
    parts = 33_000
    with open_knowledge(settings, analyzer=analyzer) as k:
        chunks = [Chunk(f"groot-{i}", f"Regel {i} van het grote verslag." + (" Het geheime woord is kwartelkoning." if i == parts - 7 else ""),
                        "groot.txt", "Groot verslag", None, "", i, "h1", parts=parts, origin=str(tmp_path / "groot.txt"))
                  for i in range(parts)]
        k.store.begin_version(chunks[0])
        for start in range(0, parts, 5000):
            k.store.add(chunks[start:start + 5000], None)
        k.store.commit_version(chunks[0], {})
        assert k.store.documents()["groot.txt"].chunks == parts
        mirror = LexicalMirror(k.store, analyzer, LexicalIndex(tmp_path / "index"))
        mirror.refresh()
        assert mirror.index.state.documents == {"groot.txt": "h1"}
        assert any("kwartelkoning" in p.text for p in k.retriever.retrieve("kwartelkoning", 3))


# --- 5. nothing from outside the folder, no credentials ---------------------------------------------
def test_a_link_out_of_the_folder_is_refused_and_the_good_file_beside_it_is_read(knowledge, tmp_path):
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "wachtwoorden.txt").write_text("Het beheerwachtwoord staat in de kluis van de griffie.\n", encoding="utf-8")
    folder = tmp_path / "stukken"
    folder.mkdir()
    (folder / "goed.md").write_text("# Regiekamer\n\nDe regiekamer vergadert maandelijks.\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside / "wachtwoorden.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    report = knowledge.pipeline.ingest([folder])
    results = outcomes(report)
    assert results["link.txt"] is Outcome.FAILED and results["passwd.txt"] is Outcome.FAILED
    assert "buiten" in next(f.detail for f in report.files if f.source == "link.txt")
    assert results["goed.md"] is Outcome.ADDED
    assert not any("kluis" in p.text or "root:" in p.text for p in knowledge.store.all_passages())


@pytest.mark.parametrize("secret", [
    "SLACK_BOT_TOKEN=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "DATABASE_URL=postgresql+psycopg://samenspel:Geheim!wachtwoord@db.regio.nl:5432/samenspel",
    "-----BEGIN RSA PRIVATE KEY-----",
    "https://beheer:Sterk2026@intranet.regio.nl/stukken",
])
def test_a_document_holding_a_credential_is_refused_unless_allowed(knowledge, tmp_path, secret):
    folder = tmp_path / "stukken"
    folder.mkdir()
    (folder / "notulen.md").write_text(f"# Notulen\n\nDe koppeling werkt.\n\n{secret}\n", encoding="utf-8")
    (folder / "besluit.md").write_text("# Besluit\n\nHet tarief is 30 euro per uur.\n", encoding="utf-8")
    report = knowledge.pipeline.ingest([folder])
    refused = next(f for f in report.files if f.source == "notulen.md")
    assert refused.outcome is Outcome.FAILED and "wachtwoord of sleutel" in refused.detail and "--geheimen-toestaan" in refused.detail
    assert outcomes(report)["besluit.md"] is Outcome.ADDED
    assert outcomes(knowledge.pipeline.ingest([folder], allow_secrets=True))["notulen.md"] is Outcome.ADDED


def test_ordinary_documents_are_not_taken_for_credentials(knowledge, docs):
    assert Outcome.FAILED not in outcomes(knowledge.pipeline.ingest([docs])).values()


# --- 6. hostile and broken files: a plain reason, bounded time and memory, the good file still read ---
def _plain(detail: str) -> bool:
    return "Traceback" not in detail and "onverwachte fout" not in detail


def test_hostile_files_are_refused_plainly_in_seconds_and_the_good_file_is_read(knowledge, tmp_path):
    import resource
    import time

    from tests.hostile import billion_laughs_docx, looping_pdf, nested_html, zip_bomb_docx

    folder = tmp_path / "stukken"
    folder.mkdir()
    (folder / "goed.md").write_text("# Regiekamer\n\nDe regiekamer vergadert maandelijks.\n", encoding="utf-8")
    zip_bomb_docx(folder / "bom.docx")
    billion_laughs_docx(folder / "lachen.docx")
    looping_pdf(folder / "lus.pdf")
    nested_html(folder / "diep.html")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    report = knowledge.pipeline.ingest([folder])
    took = time.monotonic() - started
    results = {f.source: f for f in report.files}
    assert results["goed.md"].outcome is Outcome.ADDED and results["diep.html"].outcome is Outcome.ADDED
    for name in ("bom.docx", "lachen.docx", "lus.pdf"):
        assert results[name].outcome is Outcome.FAILED and _plain(results[name].detail), results[name]
    assert re.search(r"pakt uit tot 60\d MB \(van 0,\d MB\)", results["bom.docx"].detail)
    assert took < 60, took
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 500 * 1024  # KB: this process never unpacked the bomb


def test_a_parser_that_runs_too_long_is_stopped_and_the_next_file_is_read(tmp_path):
    from ingest.errors import IngestError
    from ingest.isolation import ParserWorker

    (tmp_path / "a.md").write_text("# Titel\n\nTekst.\n", encoding="utf-8")
    worker = ParserWorker(timeout_seconds=0.001, memory_bytes=0)  # no worker starts and reads this fast
    try:
        with pytest.raises(IngestError, match="duurde langer dan"):
            worker.load(tmp_path / "a.md")
        worker.timeout_seconds = 60
        assert worker.load(tmp_path / "a.md").blocks  # a fresh worker takes over
    finally:
        worker.close()


def test_the_worker_reads_a_relative_path_from_the_callers_folder_wherever_it_started(tmp_path, monkeypatch):
    from ingest.isolation import ParserWorker

    (tmp_path / "elders").mkdir()
    (tmp_path / "hier").mkdir()
    (tmp_path / "hier" / "a.md").write_text("# Titel\n\nTekst.\n", encoding="utf-8")
    worker = ParserWorker(timeout_seconds=60, memory_bytes=0)
    try:
        monkeypatch.chdir(tmp_path / "elders")
        (tmp_path / "elders" / "b.md").write_text("# B\n\nTekst.\n", encoding="utf-8")
        assert worker.load(Path("b.md")).blocks  # the worker starts here ...
        monkeypatch.chdir(tmp_path / "hier")
        assert worker.load(Path("a.md")).blocks  # ... and is asked from another folder later
    finally:
        worker.close()


def test_a_file_name_that_is_not_text_is_refused_plainly(knowledge, tmp_path):
    folder = tmp_path / "stukken"
    folder.mkdir()
    (folder / "goed.md").write_text("# Regiekamer\n\nDe regiekamer vergadert maandelijks.\n", encoding="utf-8")
    os.close(os.open(os.fsencode(folder) + b"/verslag-\xff.txt", os.O_CREAT | os.O_WRONLY))
    (folder / "kleur\x1b[31m.txt").write_text("rood", encoding="utf-8")
    report = knowledge.pipeline.ingest([folder])
    bad = [f for f in report.files if f.outcome is Outcome.FAILED]
    assert len(bad) == 2 and all("hernoem het bestand" in f.detail and "\x1b" not in f.source for f in bad)
    assert outcomes(report)["goed.md"] is Outcome.ADDED and set(knowledge.store.documents()) == {"goed.md"}


def test_a_file_of_a_kind_we_do_not_read_gets_a_line_and_is_no_failure(knowledge, tmp_path):
    folder = tmp_path / "stukken"
    folder.mkdir()
    (folder / "goed.md").write_text("# Regiekamer\n\nDe regiekamer vergadert maandelijks.\n", encoding="utf-8")
    (folder / "organogram.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (folder / "~$goed.docx").write_bytes(b"lock")  # Word's lock file beside an open document: not a document
    (folder / ".DS_Store").write_bytes(b"\x00")
    report = knowledge.pipeline.ingest([folder])
    got = outcomes(report)
    assert got == {"goed.md": Outcome.ADDED, "organogram.png": Outcome.SKIPPED}
    [png] = [f for f in report.files if f.source == "organogram.png"]
    assert ".png wordt niet ingelezen" in png.detail and ".pdf" in png.detail
    assert not report.failed


def test_a_title_with_terminal_escapes_is_shown_harmlessly(monkeypatch, fake_embeddings, analyzer, tmp_path):
    from samenspel.wiring import open_knowledge

    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(cli.common, "open_core", lambda s, **kw: open_knowledge(s, embedder=fake_embeddings, analyzer=analyzer, **kw))
    folder = tmp_path / "stukken"
    folder.mkdir()
    (folder / "[bold]opmaak.md").write_text(
        "# Verslag \x1b[2J\x1b[31mrood\u202e\n\nDe regiekamer vergadert elke maand over de voortgang van de projecten.\n",
        encoding="utf-8")
    runner = CliRunner()
    ingested = runner.invoke(cli.app, ["ingest", str(folder)])
    assert "[bold]opmaak.md" in ingested.output  # a name is shown as it is, never read as markup
    listed = runner.invoke(cli.app, ["sources"]).output
    assert "Verslag" in listed and "\x1b" not in listed and "\u202e" not in listed


def test_what_comes_from_a_file_cannot_steer_the_terminal():
    from text.encoding import printable

    assert printable("a\x1b[31mb\u202ec\nd\te é") == "a\\x1b[31mb\\u202ec\nd\te é"


def test_one_endless_token_becomes_bounded_passages(knowledge, tmp_path):
    folder = tmp_path / "stukken"
    folder.mkdir()
    (folder / "bijlage.txt").write_text("Bijlage bij de mail.\n\n" + "QUJD" * 500_000 + "\n", encoding="utf-8")
    report = knowledge.pipeline.ingest([folder])
    assert outcomes(report)["bijlage.txt"] is Outcome.ADDED
    assert max(len(p.text) for p in knowledge.store.all_passages()) <= 1200


# --- 7. damage the product repairs itself ------------------------------------------------------------
def test_a_full_disk_stops_the_ingest_plainly_keeps_what_is_in_and_the_next_run_finishes(knowledge, tmp_path, monkeypatch):
    import errno

    from knowledge.store.chunk_store import ChunkStore

    folder = tmp_path / "stukken"
    _tarief_docs(folder, {"haven": 30, "markt": 30, "zwembad": 30})
    add = ChunkStore.add
    calls = []

    def add_until_full(self, chunks, *args, **kwargs):
        calls.append(chunks[0].source)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return add(self, chunks, *args, **kwargs)

    monkeypatch.setattr(ChunkStore, "add", add_until_full)
    report = knowledge.pipeline.ingest([folder])
    assert report.refused and any("De schijf is vol" in n for n in report.notes)
    assert [f.outcome for f in report.files] == [Outcome.ADDED, Outcome.FAILED]  # stopped at once, nothing after it tried
    assert "30 euro" in _found(knowledge, "haven")  # what was in stays findable
    monkeypatch.setattr(ChunkStore, "add", add)
    again = knowledge.pipeline.ingest([folder])
    assert outcomes(again) == {"haven.md": Outcome.UNCHANGED, "markt.md": Outcome.CHANGED, "zwembad.md": Outcome.ADDED}  # markt: the cut-off version finished
    assert all(d.complete for d in knowledge.store.documents().values())


def test_a_damaged_search_index_is_rebuilt_with_one_line_and_answers_stay_right(settings, fake_embeddings, analyzer, tmp_path, caplog):
    from samenspel.wiring import open_knowledge

    settings.semantic_model = "none"
    _tarief_docs(tmp_path / "stukken", {"haven": 30})
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer) as k:
        k.pipeline.ingest([tmp_path / "stukken"])
    index_files = [p for p in settings.lexical_dir.rglob("*") if p.is_file() and p.name != "state.json"]
    assert index_files
    for path in index_files:  # garble every file of the index
        path.write_bytes(b"\x00kapot" * 10)
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer) as k:
        assert "30 euro" in _found(k, "haven")
    assert any("zoekindex" in r.getMessage() and "opnieuw opgebouwd" in r.getMessage() for r in caplog.records)


def test_the_start_up_cache_is_checked_and_cannot_run_code(tmp_path, caplog):
    import hashlib
    import pickle

    from infra.startup_cache import MAGIC, cached

    path = tmp_path / "lexicon.pickle"
    assert cached(path, lambda: {"regiekamer": 3.2}) == {"regiekamer": 3.2}
    path.write_bytes(path.read_bytes()[:-3] + b"xyz")  # garbled: the checksum tells
    assert cached(path, lambda: {"regiekamer": 3.2}) == {"regiekamer": 3.2}
    planted = tmp_path / "planted"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {planted}",))

    payload = pickle.dumps(Exploit())
    path.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)  # a valid checksum, a hostile body
    assert cached(path, lambda: {"veilig": 1.0}) == {"veilig": 1.0}
    assert not planted.exists()
    assert sum("onbruikbaar" in r.getMessage() for r in caplog.records) == 2


def test_a_cache_that_cannot_be_written_leaves_nothing_behind(tmp_path, monkeypatch):
    import errno

    from infra import startup_cache

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(startup_cache.os, "replace", full)
    assert startup_cache.cached(tmp_path / "c.pickle", lambda: [1, 2]) == [1, 2]
    assert list(tmp_path.iterdir()) == []
