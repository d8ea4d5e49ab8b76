"""The small rules the extractive answerer leans on: English term units, answer types, quote windows."""

from knowledge.answer_types import can_answer
from knowledge.extractive import _quote
from knowledge.glossary import english_term_groups


def test_english_words_become_one_unit_each_and_names_stay():
    groups = dict(english_term_groups("What does the Board propose with the Economic Board?"))
    assert groups["voorstellen adviseren"] is True  # two translations, one unit of meaning
    assert groups["bestuur Board"] is True  # a capitalised name keeps its own spelling as well
    assert groups["What"] is False  # not translated and no name: weighs half when unknown


def test_sentence_initial_article_is_no_name():
    question = "Who chairs the Economic Board?"
    assert not can_answer("name", "• Het opblazen van de Economic Board als platform.", question)
    assert can_answer("name", "De Economic Board wordt voorgezeten door Jan Jansen.", question)


def test_quote_continues_after_a_colon_or_a_relevant_sentence():
    long_opening = "De centrale opgave is meer te profiteren van de groei in het land en de regio als geheel, " * 3
    sentences = [long_opening.strip() + " Dit vraagt om:", "Een groter woningaanbod.", "Iets anders."]
    assert "woningaanbod" in _quote(sentences, 0, [False, False, False])
    plain = [long_opening.strip() + ".", "Een groter woningaanbod.", "Iets anders."]
    assert _quote(plain, 0, [False, False, False]) == plain[0]
    assert "woningaanbod" in _quote(plain, 0, [False, True, False])


def test_when_question_answered_without_repeating_its_verb(knowledge, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "vereniging.md").write_text(
        "# De vereniging\n\nDe vereniging van gemeenten begon in 1921 met het samen inkopen van kolen.\n",
        encoding="utf-8",
    )
    knowledge.pipeline.ingest([folder])
    answer = knowledge.answerer.answer("sinds wanneer bestaat de vereniging van gemeenten?")
    assert answer.answered
    assert "1921" in answer.text


def test_terminal_answer_groups_sources_and_names_the_contact():
    from bot.render_terminal import render_answer
    from knowledge.models import Answer, Citation

    citations = [Citation("r.pdf", "Rapport", 6, "a", "Rollen"), Citation("r.pdf", "Rapport", 6, "b", "Rollen"),
                 Citation("s.docx", "Spelregels", None, "c")]
    shown = render_answer(Answer("Volgens ...", citations, True), "de griffie")
    assert "  [1, 2] Rapport, p. 6 — Rollen (r.pdf)" in shown and "  [3] Spelregels (s.docx)" in shown
    assert "griffie" not in shown
    unknown = render_answer(Answer("Dat kan ik niet vinden in de documenten.", [], False), "de griffie")
    assert unknown.endswith("Vraag het gerust aan de griffie.")
