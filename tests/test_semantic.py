"""Meaning next to words: sentence vectors beside the passages re-rank BM25's candidates and bring in
passages that share no word with the question; they live and die with their passages."""

from __future__ import annotations

import pytest

from tests.conftest import FakeSentenceEncoder

PARAPHRASE = [{"stappen", "uittreding", "uittreden"}, {"eruit", "regeling"}]


def _docs(tmp_path):
    folder = tmp_path / "regelingen"
    folder.mkdir()
    (folder / "regeling.md").write_text(
        "# Regeling\n\n## Uittreding\n\nUittreding is mogelijk met ingang van het tweede kalenderjaar na het besluit.\n\n"
        "## Begroting\n\nDe gemeente stelt jaarlijks de begroting vast en zendt die aan de raad. "
        "Een gemeente die de begroting niet kan betalen, meldt dat aan de raad van de gemeente.\n\n"
        "## Raad\n\nDe raad van elke gemeente kan wensen en bedenkingen indienen bij de gemeente.\n", encoding="utf-8")
    return folder


@pytest.fixture
def semantic(settings, fake_embeddings, analyzer):
    from samenspel.wiring import open_knowledge

    encoder = FakeSentenceEncoder(PARAPHRASE)
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, encoder=encoder) as k:
        yield k


def test_a_passage_that_shares_no_word_is_found_by_meaning(semantic, tmp_path):
    semantic.pipeline.ingest([_docs(tmp_path)])
    passages = semantic.retriever.retrieve("Eruit stappen?", 3)  # no word of it is in the documents
    assert passages and passages[0].section_at("Uittreding is mogelijk").endswith("Uittreding")


def test_sentence_vectors_go_with_their_passages(semantic, tmp_path):
    """Stored with each passage (one vector per sentence), in the shared store and the lexical index."""
    from knowledge.meaning.sentence_vectors import sentences_of, unpack

    folder = _docs(tmp_path)
    semantic.pipeline.ingest([folder])
    stored = semantic.store.current_passages()
    assert stored and all(len(unpack(p.sentence_vectors)) == len(sentences_of(p.passage.text)) for p in stored)
    index = semantic.retriever.lexical
    ids = [p.passage.chunk_id for p in stored]
    assert set(index.meanings([], ids, pool=0)) == set(ids)
    semantic.pipeline.remove("regeling.md")
    assert semantic.retriever.lexical.meanings(semantic.retriever.analyzer.terms("raad begroting"), ids, pool=10) == {}


def test_changing_the_sentence_model_asks_for_a_rebuild(settings, fake_embeddings, analyzer, tmp_path):
    from knowledge.errors import StoreMismatchError
    from samenspel.wiring import open_knowledge

    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, encoder=FakeSentenceEncoder()) as k:
        k.pipeline.ingest([_docs(tmp_path)])
    other = FakeSentenceEncoder()
    other.name = "another-model"
    with pytest.raises(StoreMismatchError, match="--rebuild"):
        open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, encoder=other)
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, encoder=other, fresh=True) as k:
        assert k.store.count() == 0


@pytest.mark.integration
def test_the_real_multilingual_model_bridges_wording_and_language(settings, analyzer, tmp_path):
    """The bundled Universal Sentence Encoder: an English question about Dutch text, and a Dutch
    paraphrase, both reach the passage that answers."""
    from samenspel.wiring import open_knowledge

    folder = tmp_path / "gr"
    folder.mkdir()
    sections = {
        "Geschillen": "Geschillen tussen de deelnemers worden eerst in onderling overleg besproken. Lukt dat niet binnen "
                      "drie maanden, dan beslist een commissie van drie bemiddelaars, door de deelnemers benoemd.",
        "Financiën": "De deelnemers zijn naar rato van hun inwonertal aansprakelijk wanneer het vermogen van het openbaar "
                     "lichaam ontoereikend is. Zij storten het ontbrekende bedrag binnen zes weken op de rekening.",
        "Archief": "Het archief wordt bewaard in het gemeentehuis van de centrumgemeente en is openbaar. Inzage is "
                   "mogelijk op werkdagen, na een afspraak met de archivaris van de centrumgemeente.",
        "Vergaderingen": "Het algemeen bestuur vergadert ten minste twee keer per jaar in het openbaar. De agenda en de "
                         "stukken liggen een week vooraf ter inzage in elk gemeentehuis van de deelnemers.",
    }
    (folder / "gr.md").write_text("# Gemeenschappelijke regeling\n\n" + "".join(f"## {t}\n\n{b}\n\n" for t, b in sections.items()),
                                  encoding="utf-8")
    settings.chunk_target_chars = 150  # one passage per section
    with open_knowledge(settings, analyzer=analyzer) as knowledge:
        knowledge.pipeline.ingest([folder])
        assert knowledge.store.count() == 4
        english = knowledge.retriever.retrieve("How are disputes settled?", 1)
        assert english[0].section.endswith("Geschillen")
        dutch = knowledge.retriever.retrieve("Hoe vaak komt men samen?", 1)  # "samenkomen" for "vergaderen"
        assert dutch[0].section.endswith("Vergaderingen")
