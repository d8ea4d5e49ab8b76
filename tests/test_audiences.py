"""Who may read what, in the core: a document meant for some groups does not exist for anyone else:
not in the search, not in how rare a word is, not among the passages close in meaning, not in the
titles and names a question is read against. A non-member's answers are those of a store without it."""

from __future__ import annotations

import shutil

import pytest

from knowledge.audience import AudienceError, audience_of, hidden_from
from tests.conftest import FakeSentenceEncoder

SECRET = ("# Conceptverdeling Zonnepark Kwelderveen\n\n"
          "## Kosten\n\nDe conceptverdeling van Zonnepark Kwelderveen kost 4,2 miljoen euro. Dijkhoven betaalt het meest, "
          "omdat de regiekamer dat zo voorstelt voordat de raden het hebben gezien.\n\n"
          "## Regiekamer\n\nDe regiekamer bespreekt de verdeelsleutel van het zonnepark in besloten vergadering.\n")
QUESTIONS = [
    "Wat kost Zonnepark Kwelderveen?",
    "Wie betaalt het meest voor het zonnepark?",
    "Conceptverdeling",
    "Wat doet de regiekamer?",
    "Hoe werkt het instapmodel?",
    "Wat staat er in de conceptverdeling over de verdeelsleutel?",
]


def _open(settings, fake_embeddings, analyzer, folder):
    from samenspel.wiring import open_knowledge

    settings.data_dir = folder
    return open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, encoder=FakeSentenceEncoder())


@pytest.fixture
def two_stores(settings, fake_embeddings, analyzer, docs, tmp_path):
    """One store with the restricted document, one without it; the same public documents in both."""
    secret = tmp_path / "besloten"
    secret.mkdir()
    (secret / "conceptverdeling.md").write_text(SECRET, encoding="utf-8")
    with_it = _open(settings.model_copy(), fake_embeddings, analyzer, tmp_path / "met")
    without = _open(settings.model_copy(), fake_embeddings, analyzer, tmp_path / "zonder")
    try:
        for k in (with_it, without):
            k.pipeline.ingest([docs])
        with_it.pipeline.ingest([secret], audience=("regiekamer",))
        yield with_it, without
    finally:
        with_it.close()
        without.close()


def test_a_non_member_finds_exactly_what_a_store_without_the_document_gives(two_stores):
    with_it, without = two_stores
    for question in QUESTIONS:
        hidden = [(p.chunk_id, round(p.score, 6)) for p in with_it.retriever.retrieve(question, 5, readable_by=frozenset({"programmateam"}))]
        absent = [(p.chunk_id, round(p.score, 6)) for p in without.retriever.retrieve(question, 5, readable_by=frozenset())]
        assert hidden == absent, question
        answer = with_it.answerer.answer(question, readable_by=frozenset())
        assert answer.text == without.answerer.answer(question, readable_by=frozenset()).text, question
        assert "Kwelderveen" not in answer.text or "Kwelderveen" in question
        assert all(p.source != "conceptverdeling.md" for p in answer.passages)
        assert all(c.source != "conceptverdeling.md" for c in answer.citations)


def test_a_member_and_an_administrator_read_it(two_stores):
    with_it, _ = two_stores
    for readers in (frozenset({"regiekamer"}), frozenset({"regiekamer", "programmateam"}), None):
        answer = with_it.answerer.answer("Wat kost Zonnepark Kwelderveen?", readable_by=readers)
        assert answer.answered and "4,2 miljoen" in answer.text and answer.citations[0].source == "conceptverdeling.md"


def test_a_top_k_is_k_readable_passages_not_fewer(two_stores):
    with_it, _ = two_stores
    everyone = with_it.retriever.retrieve("regiekamer vergadering zonnepark", 5)
    assert any(p.source == "conceptverdeling.md" for p in everyone)
    outsider = with_it.retriever.retrieve("regiekamer vergadering zonnepark", 5, readable_by=frozenset())
    assert len(outsider) == len(everyone) and all(p.source != "conceptverdeling.md" for p in outsider)


def test_narrowing_and_widening_an_audience_applies_to_the_next_question_without_reingesting(two_stores):
    with_it, _ = two_stores
    with_it.retriever.wait_for_changes = False  # as in the bot: the index catches up in the background
    question = "Wat kost Zonnepark Kwelderveen?"
    assert with_it.store.set_audience("conceptverdeling.md", ())
    assert "4,2 miljoen" in with_it.answerer.answer(question, readable_by=frozenset()).text
    assert with_it.store.set_audience("conceptverdeling.md", ("bestuur",))
    assert "4,2 miljoen" not in with_it.answerer.answer(question, readable_by=frozenset({"regiekamer"})).text
    assert "4,2 miljoen" in with_it.answerer.answer(question, readable_by=frozenset({"bestuur"})).text
    assert with_it.store.documents()["conceptverdeling.md"].audience == ("bestuur",)


def test_a_reingest_keeps_the_audience_unless_told_and_a_manifest_names_it_per_file(knowledge, tmp_path):
    folder = tmp_path / "stukken"
    folder.mkdir()
    (folder / "notulen.md").write_text("# Notulen\n\nDe regiekamer besloot tot een fietsroute.\n", encoding="utf-8")
    (folder / "open.md").write_text("# Open\n\nIedereen mag dit lezen over de fietsroute.\n", encoding="utf-8")
    knowledge.pipeline.ingest([folder], audience=("regiekamer",))
    knowledge.pipeline.ingest([folder])  # a nightly re-ingest without --voor keeps it
    assert knowledge.store.documents()["notulen.md"].audience == ("regiekamer",)
    (folder / "manifest.json").write_text('{"notulen": {"voor": ["Regiekamer", "programmateam"]}, "open": {"voor": "iedereen"}}',
                                          encoding="utf-8")
    report = knowledge.pipeline.ingest([folder])
    documents = knowledge.store.documents()
    assert documents["notulen.md"].audience == ("programmateam", "regiekamer") and documents["open.md"].audience == ()
    assert any("nu voor: programmateam, regiekamer" in f.detail for f in report.files)
    (folder / "manifest.json").write_text('{"notulen": {"voor": ["regie/kamer"]}}', encoding="utf-8")
    [bad] = [f for f in knowledge.pipeline.ingest([folder]).files if f.source == "notulen.md"]
    assert "kan geen groepsnaam zijn" in bad.detail
    assert knowledge.store.documents()["notulen.md"].audience == ("programmateam", "regiekamer")  # nothing changed


def test_group_names_and_the_rule():
    assert audience_of(["Regiekamer", " regiekamer ", "Programma team"]) == ("programma team", "regiekamer")
    assert audience_of("regiekamer, iedereen") == ()
    with pytest.raises(AudienceError):
        audience_of(["<script>"])
    audiences = {"a.md": ("regiekamer",), "b.md": ("bestuur", "regiekamer")}
    assert hidden_from(audiences, None) == frozenset()
    assert hidden_from(audiences, frozenset()) == {"a.md", "b.md"}
    assert hidden_from(audiences, frozenset({"bestuur"})) == {"a.md"}


def test_cli_ingest_for_a_group_shows_it_and_changes_it_without_reingesting(monkeypatch, fake_embeddings, analyzer, tmp_path):
    from typer.testing import CliRunner

    import samenspel.cli as cli
    from samenspel.wiring import open_knowledge

    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(cli.common, "open_core", lambda s, **kw: open_knowledge(s, embedder=fake_embeddings, analyzer=analyzer, **kw))
    folder = tmp_path / "besloten"
    folder.mkdir()
    (folder / "conceptverdeling.md").write_text(SECRET, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli.app, ["ingest", str(folder), "--voor", "regiekamer"]).exit_code == 0
    assert "voor: regiekamer" in runner.invoke(cli.app, ["sources"]).output
    changed = runner.invoke(cli.app, ["voor", "conceptverdeling.md", "bestuur", "regiekamer"])
    assert changed.exit_code == 0 and "bestuur, regiekamer" in changed.output and "bestaat nog niet" in changed.output
    assert runner.invoke(cli.app, ["groep", "zet", "bestuur", "--lid", "slack:U1", "--kanaal", "slack:C9"]).exit_code == 0
    listed = runner.invoke(cli.app, ["groep", "lijst"]).output
    assert "bestuur" in listed and "slack:U1" in listed and "slack:C9" in listed
    assert runner.invoke(cli.app, ["groep", "zet", "bestuur", "--lid", "U1"]).exit_code == 2  # no platform: refused plainly
    asked = runner.invoke(cli.app, ["ask", "Wat kost Zonnepark Kwelderveen?"]).output
    assert "4,2 miljoen" in asked and "tellen alle documenten mee" in " ".join(asked.split())
    assert runner.invoke(cli.app, ["voor", "conceptverdeling.md", "iedereen"]).exit_code == 0
    assert "voor: iedereen" in runner.invoke(cli.app, ["sources"]).output
    shutil.rmtree(tmp_path / "data")
