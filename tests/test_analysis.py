import pytest

from text.language import detect_language


@pytest.mark.parametrize(
    "word,parts",
    [
        ("samenwerkingsovereenkomst", ("samenwerking", "overeenkomst")),
        ("regiekamer", ("regie", "kamer")),
        ("solidariteitsprincipe", ("solidariteit", "principe")),
        ("controleren", ()),  # a word in its own right
        ("bestuurlijke", ()),  # a suffix is no part
    ],
)
def test_compound_splitting(analyzer, word, parts):
    assert analyzer.split_compound(word) == parts


def test_compound_parts_are_index_terms(analyzer):
    terms = analyzer.terms("de samenwerkingsovereenkomst")
    assert analyzer.stem("overeenkomst") in terms
    assert analyzer.stem("samenwerking") in terms
    assert "de" not in terms


def test_derived_nouns_also_index_the_word_they_come_from(analyzer):
    """"rechtspersoonlijkheid" answers "is het een rechtspersoon?"; "bevoegdheid" meets "bevoegd"."""
    assert analyzer.stem("rechtspersoon") in analyzer.terms("rechtspersoonlijkheid")
    assert analyzer.stem("bevoegd") in analyzer.terms("bevoegdheid")
    assert analyzer.terms("wettelijk") == [analyzer.stem("wettelijk")]  # "wet" is too short a base


def test_names_are_not_split(analyzer):
    assert analyzer.terms("Berenschot") == [analyzer.stem("berenschot")]


def test_hyphenated_acronyms_survive(analyzer):
    terms = analyzer.terms("Wat is het ONS-D?")
    assert "onsd" in terms


def test_diacritics_fold(analyzer):
    assert analyzer.terms("creëren") == analyzer.terms("creeren")


@pytest.mark.parametrize("question, language", [
    ("Wie is de voorzitter van de tafel?", "nl"), ("Who chairs the regiekamer?", "en"),
    # function words leave these open; the n-gram model reads them as Dutch
    ("Hoeveel draagt Molenrade bij in 2027?", "nl"), ("Hoeveel betaalt Molenrade in 2027?", "nl"),
    ("Budget 2027 Molenrade", "nl"),  # no evidence either way: Dutch
    ("How much does Molenrade pay in 2027?", "en"), ("Until when does the damage scheme run?", "en"),
])
def test_language_detection(question, language):
    assert detect_language(question) == language


def test_abbreviations_in_capitals_are_terms_even_when_they_spell_an_english_word(analyzer):
    """WHO, OR (ondernemingsraad), IT: in a Dutch text these are names, not function words."""
    assert "who" in analyzer.terms("Het incident wordt aan de WHO gemeld.")
    assert "or" in analyzer.terms("De OR geeft advies.")
    assert not {"who", "or"} & set(analyzer.terms("who decides or not"))  # in lower case they are function words
    assert "de" not in analyzer.terms("ARTIKEL 1 DE REGELING")  # a Dutch function word stays one


def test_the_stems_are_those_the_calibrated_models_were_learned_on(analyzer):
    """knowledge/calibration.json was learned on Snowball 3's Dutch stems; PyStemmer 2 stems Dutch the
    old way (now `dutch_porter`), which would feed the models other terms than they were learned on."""
    assert analyzer.stem("vergaderingen") == "vergader"
    assert analyzer.stem("leden") == "leed" and analyzer.stem("jaren") == "jaar"  # dutch_porter: "led", "jar"


def test_a_compound_written_once_for_several_first_parts_holds_each_whole_compound(analyzer):
    """Rules write "reis- en verblijfkosten" for reiskosten and verblijfkosten: a question about the
    *reiskosten* finds it. Only where the last word splits (its last part is then known), and a word
    broken at the end of a line ("samen- werking") is no such list."""
    stem = analyzer.stem
    assert stem("reiskosten") in analyzer.terms("De reis- en verblijfkosten komen voor rekening van Nederland.")
    assert stem("investeringsbegroting") in analyzer.terms("in de investerings- en exploitatiebegroting")
    listed = analyzer.terms("surveillance-, detectie- en responsesystemen")
    assert stem("surveillancesystemen") in listed and stem("detectiesystemen") in listed
    assert analyzer.terms("de samen- werking") == analyzer.terms("de samen werking")
