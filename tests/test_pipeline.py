from ingest.pipeline import Outcome
from tests.samples import REGIEKAMER


def outcomes(report):
    return {f.source: f.outcome for f in report.files}


def test_ingest_every_format_then_skip_unchanged(knowledge, docs, fake_embeddings):
    first = knowledge.pipeline.ingest([docs])
    assert not first.failed
    assert set(outcomes(first).values()) == {Outcome.ADDED}
    assert set(knowledge.store.documents()) == {"rapport.pdf", "spelregels.docx", "artikel.html", "notitie.md", "memo.txt"}

    calls = fake_embeddings.calls
    generation = knowledge.store.generation()
    again = knowledge.pipeline.ingest([docs])
    assert set(outcomes(again).values()) == {Outcome.UNCHANGED}
    assert fake_embeddings.calls == calls  # no embedding work at all
    assert knowledge.store.generation() == generation


def test_manifest_metadata_wins(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    info = knowledge.store.documents()["notitie.md"]
    assert info.title == "Notitie uit het manifest"
    assert info.extra["publisher"] == "Testregio"
    assert knowledge.store.documents()["rapport.pdf"].title == "Rapport over rollen"


def test_changed_document_is_replaced(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    (docs / "memo.txt").write_text("Memo\n\nDe bijdrage is verhoogd naar 3 euro per inwoner.\n", encoding="utf-8")
    report = knowledge.pipeline.ingest([docs])
    assert outcomes(report)["memo.txt"] is Outcome.CHANGED
    texts = [p.text for p in knowledge.store.all_passages() if p.source == "memo.txt"]
    assert texts and all("3 euro" in t for t in texts)


def test_failed_replacement_keeps_the_old_version_findable(knowledge, docs, fake_embeddings):
    knowledge.pipeline.ingest([docs])
    (docs / "memo.txt").write_text("Memo\n\nNIEUWE VERSIE met andere inhoud.\n", encoding="utf-8")
    fake_embeddings.fail_on = "NIEUWE VERSIE"
    report = knowledge.pipeline.ingest([docs])
    assert outcomes(report)["memo.txt"] is Outcome.FAILED
    assert "onverwachte fout" in report.files[-1].detail or report.failed
    memo = [p.text for p in knowledge.store.all_passages() if p.source == "memo.txt"]
    assert memo and all("begroting" in t for t in memo)


def test_prune_removes_documents_that_are_gone(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    (docs / "memo.txt").unlink()
    kept = knowledge.pipeline.ingest([docs])
    assert "memo.txt" in knowledge.store.documents()  # without --prune nothing is removed
    assert not kept.failed
    pruned = knowledge.pipeline.ingest([docs], prune=True)
    assert outcomes(pruned)["memo.txt"] is Outcome.REMOVED
    assert "memo.txt" not in knowledge.store.documents()


def test_bad_files_fail_alone_with_clear_reasons(knowledge, docs, settings):
    bad = docs / "bad"
    bad.mkdir()
    (bad / "leeg.txt").write_bytes(b"")
    (bad / "kapot.pdf").write_bytes(b"%PDF-1.4 not really")
    (bad / "binair.txt").write_bytes(bytes(range(256)) * 40)
    (bad / "alleen-kop.md").write_text("# Alleen een kop\n", encoding="utf-8")
    big = bad / "groot.txt"
    big.write_text("x" * (settings.max_file_bytes + 1), encoding="utf-8")
    report = knowledge.pipeline.ingest([docs, docs / "bestaat-niet.pdf"])
    got = {f.source: f for f in report.files}
    assert got["leeg.txt"].detail.endswith("is leeg")
    assert "PDF" in got["kapot.pdf"].detail
    assert "tekst" in got["binair.txt"].detail
    assert "geen leesbare tekst" in got["alleen-kop.md"].detail
    assert "te groot" in got["groot.txt"].detail
    assert "bestaat niet" in got["bestaat-niet.pdf"].detail
    assert report.failed
    good = {s for s, f in got.items() if f.outcome is Outcome.ADDED}
    assert good == {"rapport.pdf", "spelregels.docx", "artikel.html", "notitie.md", "memo.txt"}
    assert set(knowledge.store.documents()) == good


def test_remove_one_document(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    assert knowledge.pipeline.remove("memo.txt")
    assert not knowledge.pipeline.remove("memo.txt")
    assert "memo.txt" not in knowledge.store.documents()


def test_passages_carry_their_citation(knowledge, docs):
    knowledge.pipeline.ingest([docs])
    passage = next(p for p in knowledge.store.all_passages() if REGIEKAMER[:40] in p.text and p.source == "rapport.pdf")
    assert passage.page == 1
    assert passage.section == "Rollen"
    assert passage.title == "Rapport over rollen"
