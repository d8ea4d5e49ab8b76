"""Which questions the registry answers (exactly, never guessing) and which go to the documents,
on the fictitious example register that `make demo` shows."""

from __future__ import annotations

import pytest

from knowledge.models import Answer, Citation
from registry.answers import RegistryAnswerer
from registry.records import Actor
from registry.service import Registry
from registry.transfer import import_rows, read_rows
from samenspel.cli.registry import EXAMPLE_REGISTER_DIR


@pytest.fixture
def example(database) -> Registry:
    registry = Registry(database)
    rows = [row for f in sorted(EXAMPLE_REGISTER_DIR.glob("*.csv")) for row in read_rows(f)]
    import_rows(registry, rows, Actor("test", "import"))
    return registry


@pytest.mark.parametrize("question, language, expected", [
    ("Doet Kreekdorp mee aan het Warmtenet?", "nl", "betaalt wel mee (solidariteit)"),
    ("Doet Oeverstad mee aan de woningbouwversneller?", "nl", "Ja. Oeverstad doet volledig mee"),
    ("Doet Weidebroek mee aan de Woningbouwversneller?", "nl", "Nee. Weidebroek doet niet mee"),
    ("Neemt Veerhaven deel aan het warmtenet?", "nl", "Veerhaven heeft voor Warmtenet Rivierenland nog geen keuze"),
    ("Aan welke projecten doet Dijkhoven mee?", "nl", "Deelname van Dijkhoven"),
    ("Welke gemeenten doen mee aan de Woningbouwversneller?", "nl", "Volledige deelname: Dijkhoven"),
    ("Wie betalen solidair mee aan het warmtenet?", "nl", "solidariteit (betaalt mee) bij Warmtenet Rivierenland: Kreekdorp"),
    ("Wie zitten in het instapmodel van het warmtenet?", "nl", "Weidebroek"),
    ("Wie zit de ambtelijke regiekamer voor?", "nl", "B. Jansen (fictief) (Dijkhoven): voorzitter van ambtelijke regiekamer"),
    ("Wie is voorzitter van de bestuurlijke regiekamer?", "nl", "A. de Wit (fictief)"),
    ("Wie is trekker van het Warmtenet?", "nl", "Trekker van Warmtenet Rivierenland: Oeverstad"),
    ("Who takes part in the Woningbouwversneller?", "en", "Full participation: Dijkhoven"),
    ("Does Kreekdorp take part in the warmtenet?", "en", "pays along (solidarity)"),
    ("Who chairs the ambtelijke regiekamer?", "en", "chair of ambtelijke regiekamer"),
    ("Which projects does Weidebroek participate in?", "en", "Participation of Weidebroek"),
])
def test_registry_questions_are_answered_from_the_registry(example, question, language, expected):
    answer = RegistryAnswerer(example).answer(question, language)
    assert answer is not None and answer.answered, question
    assert expected in answer.text


@pytest.mark.parametrize("question, expected", [
    ("Doet Kreekdorp mee aan de Klimaatfabriek?", "Project 'Klimaatfabriek' staat niet in het register. Bekende projecten:"),
    ("Doet Kreekdorp mee aan de Woningbouwversnelling?", "Project 'Woningbouwversnelling' staat niet in het register. Bedoel je: Woningbouwversneller?"),
    ("Doet Gouda mee aan het warmtenet?", "Organisatie 'Gouda' staat niet in het register."),
])
def test_an_unknown_name_is_said_to_be_unknown_never_guessed(example, question, expected):
    answer = RegistryAnswerer(example).answer(question, "nl")
    assert answer is not None and not answer.answered
    assert answer.text.startswith(expected)


@pytest.mark.parametrize("question", [
    "Wat is de rol van de regiekamer?",
    "Wat is solidariteit?",
    "Hoe werkt het instapmodel bij het warmtenet?",
    "Wat kost het warmtenet?",
    "Hoe is de bestuurlijke regiekamer samengesteld?",
    "Wie beslist over het starten van een project?",
    "Wat betekent kleur bekennen?",
    "What is the entry model?",
    "Who decides when a table cannot agree?",
    "Kan een gemeente uit de regeling stappen?",
])
def test_other_questions_go_to_the_documents(example, question):
    assert RegistryAnswerer(example).answer(question, "nl") is None


def test_an_empty_registry_answers_nothing(database):
    assert RegistryAnswerer(Registry(database)).answer("Doet Kreekdorp mee aan het Warmtenet?") is None


class _Documents:
    """A fake document answerer: knows the rule for solidarity, nothing else."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def answer(self, question, context=None, language=None, readable_by=None) -> Answer:
        self.asked.append(question)
        if "solidariteit" in question.lower():
            quote = "• Volledige deelname: levert mensen en geld. • Solidariteit: doet zelf niet mee, maar betaalt wel mee."
            return Answer("…", [Citation("spelregels.md", "Spelregels", 2, quote)], True, "nl")
        return Answer("Dat weet ik niet.", [], False, language or "nl")


def test_the_routed_answer_cites_the_register_the_decision_and_the_rule(example):
    from assistant.routing import RoutedAnswerer

    documents = _Documents()
    answer = RoutedAnswerer(RegistryAnswerer(example), documents).answer("Doet Kreekdorp mee aan het Warmtenet?")
    assert answer.method == "registry" and answer.answered
    assert [c.source for c in answer.citations] == ["register", "besluit", "spelregels.md"]
    assert answer.citations[1].page == 2
    assert answer.citations[2].quote == "Solidariteit: doet zelf niet mee, maar betaalt wel mee."  # the item, not the list
    assert "Spelregel in de documenten: “Solidariteit" in answer.text

    other = RoutedAnswerer(RegistryAnswerer(example), documents).answer("Wat is de rol van de regiekamer?")
    assert other.method != "registry" and documents.asked[-1] == "Wat is de rol van de regiekamer?"


def test_with_the_database_down_questions_still_get_document_answers(example, database):
    from assistant.routing import RoutedAnswerer
    from infra.errors import DatabaseUnavailable

    class _Down:
        def answer(self, question, language="nl"):
            raise DatabaseUnavailable("De database is niet bereikbaar.")

    answer = RoutedAnswerer(_Down(), _Documents()).answer("Doet Kreekdorp mee aan het Warmtenet?")
    assert answer.text == "Dat weet ik niet."


def test_a_question_about_a_past_day_gets_the_choice_in_force_that_day(example):
    from datetime import date

    from registry.dates import date_in

    example.declare("Warmtenet Rivierenland", "Kreekdorp", "volledig", Actor("cli:beheer", "cli"), since=date(2026, 6, 1))
    then = RegistryAnswerer(example).answer("Deed Kreekdorp op 1 maart 2026 mee aan het Warmtenet?", "nl")
    assert then.text.startswith("Op 1 maart 2026, volgens het register:") and "betaalt wel mee (solidariteit)" in then.text
    before = RegistryAnswerer(example).answer("Doet Kreekdorp mee aan het Warmtenet per 1-1-2026?", "nl")
    assert "nog geen keuze" in before.text  # the example register starts on 1 February 2026
    now = RegistryAnswerer(example).answer("Doet Kreekdorp mee aan het Warmtenet?", "nl")
    assert "Ja. Kreekdorp doet volledig mee" in now.text and "sinds 1 juni 2026" in now.text
    assert date_in("Who took part as of March 1, 2026?") == date(2026, 3, 1)
    assert date_in("Doet Kreekdorp mee?") is None


def test_an_unknown_project_without_an_organisation_is_said_to_be_not_in_the_register(example):
    """"Wie doet mee aan het Zwembad?": the documents never name it either; the register says it does
    not know the project and which projects come close, rather than "de documenten noemen … nergens"."""
    from assistant.routing import RoutedAnswerer

    class _NeverNamed(_Documents):
        def answer(self, question, context=None, language=None, readable_by=None):
            self.asked.append(question)
            name = "Zwembad Rivierenland" if "Zwembad" in question else "Woningbouwversnelling"
            return Answer(f"De documenten noemen “{name}” nergens.", [], False, language or "nl", unknown_name=name)

    routed = RoutedAnswerer(RegistryAnswerer(example), _NeverNamed())
    answer = routed.answer("Wie doet er mee aan het Zwembad Rivierenland?")
    assert answer.method == "registry" and not answer.answered
    assert answer.text.startswith("Project 'Zwembad Rivierenland' staat niet in het register. Bedoel je: Warmtenet Rivierenland?")
    close = routed.answer("Welke gemeenten doen mee aan de Woningbouwversnelling?")
    assert close.text.startswith("Project 'Woningbouwversnelling' staat niet in het register. Bedoel je: Woningbouwversneller?")
    documents = _Documents()  # the documents answer (or refuse) without an unknown name: their answer stands
    assert RoutedAnswerer(RegistryAnswerer(example), documents).answer("Wie doet er mee aan het Zwembad?").text == "Dat weet ik niet."
