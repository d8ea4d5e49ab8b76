"""A question is read once, in one place: what every later stage reads about it."""

from __future__ import annotations

import json

import pytest

from tests.samples import ingest_texts

DOCS = {
    "cbp.md": "# Bestuursreglement College bescherming persoonsgegevens\n\n## Artikel 3\n\n"
    "Het College bestaat uit de voorzitter en twee andere leden. Het algemeen bestuur vergadert maandelijks.\n\n"
    "## Artikel 7\n\nDe vergaderingen van het College zijn niet openbaar. Twente, Drenthe en Aruba doen mee.\n",
    "maas.md": "# Maasverdrag\n\n## Opzegging\n\nNa drie jaar kan het Verdrag door elk der Partijen worden opgezegd.\n",
    "jaarverslag.md": "# Jaarverslag\n\n" + "".join(
        f"## Kwartaal {n}\n\nIn kwartaal {n} besprak het College de begroting, de formatie en de huisvesting van het "
        f"secretariaat, en het College stelde de planning voor het volgende kwartaal vast met de directeur.\n\n"
        for n in range(1, 5)),
}


@pytest.fixture
def read(knowledge, tmp_path):
    ingest_texts(knowledge, tmp_path / "docs", DOCS)
    return knowledge.retriever.read


def test_language_terms_and_units_are_read_once(read):
    question = read("hoe vaak vergadert het algemeen bestuur?")
    assert question.language == "nl"
    assert "vergader" in " ".join(question.search_terms)
    assert question.units and all(unit.weight > 0 for unit in question.units)
    assert question.expected == "frequency"
    english = read("Can a party withdraw from the Meuse treaty?")
    assert english.language == "en"
    assert {"maas"} <= set().union(*english.name_terms)  # the Meuse is the Maas, in retrieval and answers alike


def test_an_acronym_of_a_name_a_title_writes_in_full_is_spelled_out_and_known(read):
    question = read("uit wie bestaat het CBP eigenlijk?")
    assert "College bescherming persoonsgegevens" in question.expanded
    assert question.unknown_names == ()
    assert read("wie zit het AB voor?").unknown_names == ()  # a standard abbreviation the documents spell out


def test_only_a_real_name_the_documents_never_mention_is_unknown(read):
    assert read("is het College inmiddels opgegaan in Batavialand?").unknown_names == ("Batavialand",)
    assert read("Ik heb een vraag. Welke leden heeft het College?").unknown_names == ()  # a word, capitalised by a sentence
    assert read("welke Twentse gemeenten doen mee?").unknown_names == ()  # the text says Twente
    assert read("wie beslist als een Arubaans departement weigert?").unknown_names == ()  # the text says Aruba
    assert read("Who chairs the Board of Batavialand?").unknown_names == ()  # English names may be translations


def test_two_questions_in_one_sentence_each_have_their_units(read):
    question = read("uit hoeveel leden bestaat het College en wie benoemt ze?")
    assert question.second and question.second.startswith("wie benoemt")
    assert question.second_units and all(unit.word != "College" for unit in question.second_units)


def test_the_units_weigh_rare_words_more(read):
    question = read("zijn de vergaderingen van het College openbaar?")
    weights = {unit.word: unit.weight for unit in question.units}
    assert weights["openbaar"] > weights["College"]



def test_an_everyday_word_the_documents_never_use_weighs_less_than_a_rare_one(read):
    """Neither "elkaar" nor "vacatiegeld" stands in the documents; only the second is what an answer
    must hold. Rare in a few documents is not rare: the language's own word frequencies cap a weight."""
    question = read("hoe vaak komt het College bij elkaar en wat is het vacatiegeld?")
    weights = {unit.word: unit.weight for unit in question.units}
    assert weights["elkaar"] < 0.5 * weights["vacatiegeld"]
    assert weights["vaak"] < 0.5 * weights["vacatiegeld"]

@pytest.mark.shipped_calibration
def test_the_shipped_calibration_reads_only_signals_the_code_computes(knowledge, tmp_path):
    """Every feature of knowledge/calibration.json is one the code computes: a model and the code that
    feeds it cannot drift apart unnoticed."""
    from knowledge.calibration import CALIBRATION_FILE, load_calibration

    shipped = load_calibration()
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert {"passage", "sentence", "answer"} <= set(data) and 0 < shipped.answer.threshold < 1
    ingest_texts(knowledge, tmp_path / "docs", DOCS)
    question = knowledge.retriever.read("uit wie bestaat het College bescherming persoonsgegevens?")
    ranked = knowledge.retriever.ranked(question)
    choice = knowledge.answerer.choose(question, knowledge.retriever.retrieve(question, 5))
    assert set(shipped.passage.features) <= set(ranked[0][2])
    assert set(shipped.sentence.features) <= set(choice.candidates[0].signals)
    assert set(shipped.answer.features) <= set(choice.signals)


def test_a_calibration_file_in_the_settings_replaces_the_shipped_models(settings, fake_embeddings, analyzer, tmp_path):
    """SAMENSPEL_CALIBRATION_FILE: models learned elsewhere (`train_answering.py --out`, on other resamples
    or on a training set of one's own) are the ones that answer; here one that never dares to answer."""
    from knowledge.calibration import CALIBRATION_FILE
    from samenspel.wiring import open_knowledge

    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    data["answer"]["threshold"] = 1.01
    own = tmp_path / "eigen-kalibratie.json"
    own.write_text(json.dumps(data), encoding="utf-8")
    settings.semantic_model = "none"
    settings.calibration_file = own
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer) as k:
        ingest_texts(k, tmp_path / "docs", DOCS)
        assert k.answerer.calibration.answer.threshold == 1.01
        assert not k.answerer.answer("uit wie bestaat het College bescherming persoonsgegevens?").answered
    settings.calibration_file = None
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer) as k:
        assert k.answerer.answer("uit wie bestaat het College bescherming persoonsgegevens?").answered


def test_an_unreadable_calibration_file_stops_the_command_with_a_plain_message(tmp_path, monkeypatch, capsys):
    from samenspel.cli import main

    broken = tmp_path / "kapot.json"
    broken.write_text("{niet af", encoding="utf-8")
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SEMANTIC_MODEL", "none")
    for path in (broken, tmp_path / "bestaat-niet.json"):
        monkeypatch.setenv("SAMENSPEL_CALIBRATION_FILE", str(path))
        with pytest.raises(SystemExit) as stopped:
            main(["ask", "wie is de voorzitter?"])
        assert stopped.value.code == 2
        message = " ".join(capsys.readouterr().err.split())
        assert "gekalibreerde modellen" in message and path.name in message and "Traceback" not in message


def test_empty_optional_paths_in_the_environment_mean_none(monkeypatch):
    """`.env.example` leaves them empty: that is no file, not the current folder."""
    from infra.settings import Settings

    monkeypatch.setenv("SAMENSPEL_CALIBRATION_FILE", "")
    monkeypatch.setenv("SURVEY_TEMPLATE_DIR", "")
    settings = Settings()
    assert settings.calibration_file is None and settings.survey_template_dir is None
