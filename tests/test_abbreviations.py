"""Abbreviations in questions: the field's standard ones and those the documents define themselves,
spelled out only where the documents do not use the short form."""

from __future__ import annotations

from knowledge.question.abbreviations import AbbreviationExpander
from text.abbreviations import harvest


def test_pairs_the_documents_define_are_harvested():
    found = harvest([
        "Er is een overlegorgaan, de Benelux-groepering voor territoriale samenwerking (BGTS), met rechtspersoonlijkheid.",
        "Zonder haakjes is er niets te vinden.",
        "Een (kapotte haak zonder einde",
    ])
    assert found == {"BGTS": "Benelux-groepering voor territoriale samenwerking"}


def test_only_abbreviations_the_documents_do_not_use_are_spelled_out():
    expander = AbbreviationExpander({"BGTS": "Benelux-groepering voor territoriale samenwerking"})
    documents_use = {"BGTS"}.__contains__
    assert expander.expand("Wie zit het DB voor?", documents_use) == "Wie zit het dagelijks bestuur voor?"
    assert expander.expand("Wat is een BGTS?", documents_use) == "Wat is een BGTS?"
    assert expander.expand("Hoeveel AB-leden zijn er?", lambda w: False) == "Hoeveel algemeen bestuur-leden zijn er?"


def test_ordinary_words_are_not_taken_for_abbreviations():
    expander = AbbreviationExpander({"WHO": "World Health Organisation"})
    assert expander.expand("Who chairs the AB?", lambda w: False) == "Who chairs the algemeen bestuur?"
    assert expander.expand("Of de GRoot?", lambda w: False) == "Of de GRoot?"


def test_retrieval_finds_the_spelled_out_body(knowledge, tmp_path):
    folder = tmp_path / "gr"
    folder.mkdir()
    (folder / "regeling.md").write_text(
        "# Regeling\n\n## Dagelijks bestuur\n\nHet dagelijks bestuur bestaat uit de voorzitter en twee leden.\n\n"
        "## Financiën\n\nDe deelnemers betalen een bijdrage naar rato van het aantal inwoners.\n", encoding="utf-8")
    knowledge.pipeline.ingest([folder])
    passages = knowledge.retriever.retrieve("Uit wie bestaat het DB?", 1)
    assert passages and "dagelijks bestuur bestaat" in passages[0].text


def test_the_documents_are_only_searched_for_definitions_when_a_question_needs_them():
    searched = []
    expander = AbbreviationExpander(lambda: searched.append(1) or {"AB": "Ambtelijk Beraad"})
    assert expander.expand("Wie is de voorzitter?", lambda w: False) == "Wie is de voorzitter?"
    assert searched == []
    assert expander.expand("Wie zit het AB voor?", lambda w: False) == "Wie zit het Ambtelijk Beraad voor?"  # their own meaning first
    expander.expand("En het DB?", lambda w: False)
    assert searched == [1]
