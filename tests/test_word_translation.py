"""English words the glossary lacks, matched by meaning to a Dutch word of the retrieved passages."""

from __future__ import annotations

import pytest

from knowledge.meaning.word_translation import MeaningTranslator
from tests.conftest import FakeSentenceEncoder


def test_a_close_and_clear_match_is_taken():
    translator = MeaningTranslator(FakeSentenceEncoder([{"disputes", "geschillen"}]))
    texts = ["Geschillen tussen de deelnemers worden in overleg beslecht.", "De begroting wordt jaarlijks vastgesteld."]
    assert translator.dutch_for("disputes", texts) == "geschillen"


def test_no_match_when_nothing_is_close():
    translator = MeaningTranslator(FakeSentenceEncoder())
    assert translator.dutch_for("spaceship", ["De begroting wordt jaarlijks vastgesteld door de raad."]) is None
    assert translator.dutch_for("is", ["De begroting wordt vastgesteld."]) is None  # too short to be a content word


def test_an_english_question_with_a_word_the_glossary_lacks_is_answered(settings, fake_embeddings, analyzer, tmp_path):
    from samenspel.wiring import open_knowledge

    folder = tmp_path / "gr"
    folder.mkdir()
    (folder / "gr.md").write_text(
        "# Regeling\n\n## Geschillen\n\nGeschillen tussen de deelnemers legt men voor aan een commissie van drie bemiddelaars.\n\n"
        "## Archief\n\nHet archief wordt bewaard in het gemeentehuis van de centrumgemeente.\n", encoding="utf-8")
    question = "Where do quarrels between participants go?"
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, encoder=FakeSentenceEncoder()) as knowledge:
        knowledge.pipeline.ingest([folder])
        assert not knowledge.answerer.answer(question).answered  # "quarrels" means nothing to the glossary
    meaning = FakeSentenceEncoder([{"quarrels", "geschillen"}])
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, encoder=meaning, fresh=True) as knowledge:
        knowledge.pipeline.ingest([folder])
        answer = knowledge.answerer.answer(question)
    assert answer.answered and "bemiddelaars" in answer.text


@pytest.mark.integration
def test_the_real_encoder_translates_common_governance_words():
    from knowledge.meaning.semantic import UniversalSentenceEncoder

    translator = MeaningTranslator(UniversalSentenceEncoder())
    texts = ["Geschillen tussen de deelnemers worden eerst in onderling overleg besproken.",
             "Het algemeen bestuur stelt jaarlijks de begroting vast.",
             "De leden van het dagelijks bestuur worden door het algemeen bestuur aangewezen."]
    assert translator.dutch_for("disputes", texts) == "geschillen"
    assert translator.dutch_for("budget", texts) == "begroting"


def _regeling(tmp_path):
    folder = tmp_path / "gr"
    folder.mkdir()
    (folder / "gr.md").write_text(
        "# Regeling Zandvoorde\n\n## Personeel\n\nDe rechtspositieregeling van de provincie is op het personeel "
        "van overeenkomstige toepassing.\n\n## Commissie\n\nEr is een commissie van advies, bestaande uit drie personen.\n\n"
        "## Archief\n\nHet archief wordt bewaard in het gemeentehuis van de centrumgemeente.\n", encoding="utf-8")
    return folder


def test_a_dutch_word_the_documents_never_use_is_read_as_theirs(settings, fake_embeddings, analyzer, tmp_path):
    """"Medewerkers" where the text says *personeel*; "hoeveel mensen" where it counts *personen*."""
    from samenspel.wiring import open_knowledge

    folder = _regeling(tmp_path)
    questions = ["welke rechtspositie geldt voor de medewerkers van de regeling, die van de provincie?",
                 "uit hoeveel mensen bestaat de commissie van advies?"]
    meaning = FakeSentenceEncoder([{"medewerkers", "personeel"}, {"mensen", "personen"}])
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, encoder=meaning) as knowledge:
        knowledge.pipeline.ingest([folder])
        staff, count = (knowledge.answerer.answer(q) for q in questions)
    assert staff.answered and "rechtspositieregeling van de provincie" in staff.citations[0].quote
    assert count.answered and "drie personen" in count.citations[0].quote


def test_a_question_about_a_name_the_documents_never_mention_is_not_answered(knowledge, tmp_path):
    from knowledge.question.names import unknown_names

    knowledge.pipeline.ingest([_regeling(tmp_path)])
    answer = knowledge.answerer.answer("is de commissie van advies van Zandvoorde inmiddels opgegaan in Heuvelrijk?")
    assert not answer.answered
    assert "Heuvelrijk" in answer.text
    mentioned = knowledge.retriever.mentioned
    assert unknown_names("hoeveel banen creëert Zandvoorde volgens Van der Heuvelrijk?", mentioned) == ["Heuvelrijk"]
    assert unknown_names("What does Germany pay?", mentioned) == ["Germany"]  # the answerer asks this of Dutch only
    assert knowledge.answerer.answer("Wat bewaart de centrumgemeente van Zandvoorde?").answered


def test_an_english_who_question_is_checked_against_the_dutch_of_its_verb(settings, fake_embeddings, analyzer, tmp_path):
    """"Who has to approve ...": the sentence must hold *goedkeuring*, not the English word."""
    from samenspel.wiring import open_knowledge

    folder = tmp_path / "gr"
    folder.mkdir()
    (folder / "gr.md").write_text(
        "# Overeenkomst Grensbeek\n\n## Wijzigingen\n\nWijzigingen van de verdeelsleutel behoeven de goedkeuring "
        "van de raden van de gemeenten.\n\n## Archief\n\nHet archief wordt bewaard in het gemeentehuis.\n", encoding="utf-8")
    meaning = FakeSentenceEncoder([{"approve", "goedkeuring"}])
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, encoder=meaning) as knowledge:
        knowledge.pipeline.ingest([folder])
        answer = knowledge.answerer.answer("Who has to approve a change of the verdeelsleutel?")
    assert answer.answered and "raden van de gemeenten" in answer.text
