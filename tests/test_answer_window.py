"""The quote is one contiguous window of the text around the answering sentence, grown along the
text's own units (paragraph or member, a list with its lead-in) within a length budget."""

from __future__ import annotations

import json

from knowledge.answering.passage_text import PassageReader
from knowledge.answering.window import QUOTE_BUDGET, ReadSentence, window
from knowledge.models import Passage
from text.analysis import DutchAnalyzer

ANALYZER = DutchAnalyzer(lexicon={})


def _reading(text: str, section_marks: str = "") -> list[ReadSentence]:
    passage = Passage("p1", text, "r.md", "Regeling", None, "Artikel 1", section_marks=section_marks)
    read = PassageReader(ANALYZER).read(passage)
    return [ReadSentence(s, passage, passage.section_at(s.text)) for s in read.sentences]


def _index(reading: list[ReadSentence], start: str) -> int:
    return next(i for i, r in enumerate(reading) if r.text.startswith(start))


def test_a_lead_in_brings_its_list_and_stops_at_the_next_paragraph():
    reading = _reading("De regio werkt met drie spelregels voor elk project dat de bestuurlijke tafel samen met de "
                       "gemeenten en het programmateam opzet:\n• Wie meedoet, betaalt naar rato van het inwonertal mee.\n"
                       "• Wie niet meedoet, kan uit solidariteit toch bijdragen aan het project.\n"
                       "• Wie later instapt, betaalt een instapfee die de regiekamer vaststelt.\n\n"
                       "Iets heel anders over de begroting van het programmateam in het volgende jaar, dat hier niet bij hoort.")
    quote = window(reading, 0).quote
    assert "solidariteit" in quote and "instapfee" in quote
    assert "begroting" not in quote  # the list is long enough to answer: the next paragraph stays out


def test_an_item_is_quoted_with_the_lead_in_that_announced_it():
    reading = _reading("De partijen dragen de overige kosten volgens deze verdeelsleutel:\n• Nederland: 40%\n• België: 35%\n"
                       "• Frankrijk: 25%")
    quote = window(reading, _index(reading, "• België")).quote
    assert quote.startswith("De partijen dragen de overige kosten") and "35%" in quote


def test_a_sentence_that_leans_back_brings_the_one_before():
    reading = _reading("De gemeentesecretarissen spreken samen een basispakket af. "
                       "Daarop aanvullend nemen gemeenten een pluspakket af.\n\nLos daarvan.")
    assert window(reading, 1).quote.startswith("De gemeentesecretarissen")
    inside = _reading("De bijdrage van de provincie stijgt jaarlijks met de loon- en prijsstijgingen.\n\n"
                      "De gemeenten volgen in deze de provincie bij de aanpassing van hun bijdragen.")
    assert window(inside, 1).quote.startswith("De bijdrage van de provincie")


def test_a_member_that_fits_is_quoted_to_its_end_and_the_next_member_stays_out():
    reading = _reading("1. De Commissie besluit met eenparigheid van stemmen, in aanwezigheid van de meerderheid der "
                       "delegaties van de Verdragsluitende Partijen. Het reglement van orde wordt aangenomen in aanwezigheid "
                       "van alle delegaties. Elke delegatie heeft één stem. Afwezigheid geldt als stemonthouding.\n"
                       "2. De werktalen zijn Nederlands en Frans.")
    quote = window(reading, 0).quote
    assert quote.startswith("1. De Commissie") and quote.endswith("Afwezigheid geldt als stemonthouding.")
    assert "werktalen" not in quote  # a member long enough to answer: the next member stays out
    short = _reading("1. Het algemeen bestuur bestaat uit zeven leden.\n2. De raad van Zandvoorde wijst drie leden aan.")
    assert "drie leden" in window(short, 0).quote  # a short member reads on into the next of its article


def test_the_chairs_name_one_sentence_before_is_in_the_quote():
    reading = _reading("Het voorzitterschap rouleert jaarlijks tussen de partijen. De partij die voorzit, wijst een van "
                       "haar leden aan als voorzitter van de commissie. De voorzitter is geen woordvoerder van zijn delegatie.")
    assert window(reading, 2).quote.startswith("Het voorzitterschap rouleert")


def test_a_window_never_runs_into_the_next_article():
    text = "Aan de leden wordt een vergoeding toegekend.\n\nDe commissie bewaart haar archief in goede staat."
    marks = json.dumps([[0, "Artikel 7 Vergoeding"], [text.index("De commissie"), "Artikel 8 Archief"]])
    reading = _reading(text, marks)
    win = window(reading, 0)
    assert "archief" not in win.quote
    assert win.section == "Artikel 7 Vergoeding"
    assert window(reading, 1).section == "Artikel 8 Archief"  # cited by the heading it stands under


def test_a_window_is_contiguous_and_within_its_budget():
    text = " ".join(f"Zin nummer {i} gaat over de samenwerking tussen de gemeenten van de regio." for i in range(40))
    reading = _reading(text)
    win = window(reading, 20)
    assert len(win.quote) <= QUOTE_BUDGET
    assert win.quote == " ".join(r.text for r in reading[win.start:win.end + 1])  # nothing left out between


def test_the_window_reads_on_into_the_next_passage_without_the_overlap():
    from knowledge.answering.extractive import ExtractiveAnswerer

    first = Passage("a1", "Inleiding. De regio kent twee spelregels:", "r.md", "R", None, "", ordinal=0)
    second = Passage("a2", "De regio kent twee spelregels:\n• Wie meedoet, betaalt mee.\n• Wie niet meedoet, blijft welkom aan tafel.",
                     "r.md", "R", None, "", ordinal=1)

    class Neighbours:
        analyzer = ANALYZER
        encoder = None

        def following(self, passage):
            return second if passage is first else None

    answerer = ExtractiveAnswerer(Neighbours())
    reading = answerer._read_on(PassageReader(ANALYZER).read(first))
    assert [r.text for r in reading] == ["Inleiding.", "De regio kent twee spelregels:", "• Wie meedoet, betaalt mee.",
                                         "• Wie niet meedoet, blijft welkom aan tafel."]
    assert "blijft welkom" in window(reading, 1).quote


def test_a_member_before_that_answers_nearly_as_well_is_quoted_with_the_best():
    reading = _reading("1. Het bestuur bestaat uit vijf leden die door de deelnemende organisaties worden voorgedragen.\n"
                       "2. De staatssecretaris benoemt de voorzitter van het bestuur.\n"
                       "3. Het bestuur benoemt uit zijn leden een plaatsvervangend voorzitter. Het bestuur vergadert ten "
                       "minste viermaal per jaar in een openbare vergadering.")
    best = _index(reading, "3. Het bestuur benoemt")
    assert not window(reading, best).quote.startswith("2.")  # a numbered member of its own: alone it stays out
    close = [r.text.startswith("2.") for r in reading]
    quote = window(reading, best, close=close).quote
    assert quote.startswith("2. De staatssecretaris benoemt") and "plaatsvervangend voorzitter" in quote
    assert "1. Het bestuur bestaat" not in quote  # not close: stays out


def test_a_close_member_after_the_window_is_taken_in_and_what_does_not_fit_stays_out():
    reading = _reading("1. De commissie kiest uit haar midden een plaatsvervangend voorzitter, die de voorzitter bij "
                       "afwezigheid vervangt en dan al diens bevoegdheden heeft.\n"
                       "2. De leden en de plaatsvervangende leden voldoen aan de eisen die de wet en de regeling van de "
                       "gemeente stellen aan leden van een adviescommissie.\n"
                       "3. De voorzitter heeft de hoedanigheid van meester in de rechten.\n"
                       "4. " + "Een lange bepaling over iets anders. " * 20)
    best = _index(reading, "1. De commissie")
    assert "meester in de rechten" not in window(reading, best).quote
    close = [r.text.startswith("3.") for r in reading]
    quote = window(reading, best, close=close).quote
    assert "meester in de rechten" in quote and "Een lange bepaling" not in quote
    far = [r.text.startswith("Een lange") for r in reading]  # too long for the budget: the window stays as it was
    assert window(reading, best, 300, close=far).quote == window(reading, best, 300).quote


def test_a_kept_reading_carries_the_passage_as_retrieved_this_time():
    """A chunk id names fixed text, so its sentences are read once; its score belongs to each question."""
    from dataclasses import replace

    reader = PassageReader(ANALYZER)
    passage = Passage("p1", "Het bestuur vergadert elk kwartaal. De voorzitter leidt de vergadering.", "r.md", "Regeling",
                      None, "Artikel 1", score=2.5)
    first = reader.read(passage)
    again = reader.read(replace(passage, score=-1.0))
    assert again.sentences is first.sentences  # not read again
    assert (first.passage.score, again.passage.score) == (2.5, -1.0)

