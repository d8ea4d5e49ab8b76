"""What kind of answer a question asks for (a number, a date, a name), and whether a sentence
can give it: the cheapest guard against confidently answering the wrong thing."""

from __future__ import annotations

import re

from text.analysis import STOPWORDS, fold

_NUMBER_Q = re.compile(
    r"\b(hoeveel|hoe ?veel|hoe hoog|hoe groot|how many|how much|welk bedrag|wat kost|welk deel|welk percentage|welk aandeel|"
    r"what share|what shares|what percentage|what proportion|which share)\b"
)
_DURATION_Q = re.compile(
    r"\b(hoe lang|hoelang|binnen welke (termijn|tijd|periode)|binnen hoeveel|voor hoe lang|welke termijn|"
    r"how long|within what (time|period)|within how many|for how long)\b"
)
_DURATION = re.compile(
    r"\b(\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|veertien|dertig|"
    r"one|two|three|four|five|six|seven|eight|ten|twelve|thirty)\s+(uur|uren|dag|dagen|werkdagen|week|weken|"
    r"maand|maanden|jaar|jaren|hours?|days?|weeks?|months?|years?)\b|\b(on)?bepaalde (tijd|duur)\b|\bindefinite"
)
# What something costs or pays, anywhere in the question ("wat heeft de sluis gekost?"): an amount of money.
_AMOUNT_Q = re.compile(r"\b(gekost|kostte|kostten|wat kost|hoe duur|verdient|verdienen|salaris|salary|earns?|"
                       r"how much does .+ cost|what does .+ cost)\b")
_AMOUNT = re.compile(r"€|\beuro\b|\beur\b|\bdm\b|\bgulden|\bmiljoen|\bmiljard|\d{1,3}(?:\.\d{3})+|\bschaal\s+\d+")
# "Hoeveel <geld>", "hoe hoog is het <vacatiegeld>", "hoeveel bedraagt …": the noun (or the compound it
# ends a word of: *onkostenvergoeding*, *basisbijdrage*) or verb says an amount of money is asked.
_MONEY = ("geld", "bedrag", "bedraagt", "bedragen", "vergoeding", "bijdrage", "salaris", "loon", "kosten", "budget",
          "subsidie", "fee", "prijs", "tarief", "premie", "toelage", "uitkering", "pensioen", "contributie", "heffing")
_MONEY_Q = re.compile(r"\b(?:hoeveel|hoe hoog is (?:de|het)|wat bedraagt|wat is (?:de|het) hoogte van (?:de|het)) ([\w-]+)")
_DATE_Q = re.compile(r"\b(wanneer|welke datum|op welke dag|in welk jaar|sinds wanneer|when|what date|which year)\b")
_NAME_Q = re.compile(r"\b(wie|who|welke persoon)\b")
# "Welke meerderheid …", "which countries …": asks for one of a kind the noun names; the sentence
# that answers speaks of that noun (or a compound of it).
_WHICH_Q = re.compile(r"^(?:\w+ )?(?:welke|welk|which|what(?! (?:is|are|was|were|does|do|did|can|could|should|will|would|has|have|had|must|may|might|happens|happened|kind|sort|type|if)\b)) ([\w-]+)")
_PERSON_Q = re.compile(r"\b(naam van|name of|hoe heet|what is the name)\b")
# "Wie is de huidige voorzitter", "who is the current director": who holds it now is a person's name;
# rules say who appoints whom, not who that is today.
_NOW = re.compile(r"\b(huidige|momenteel|op dit moment|tegenwoordig|current|currently|at present)\b")
_PERSON = re.compile(r"\b[A-Z][a-zà-ÿ]+(?:\s+(?:van|de|der|den|ten|ter|'t))*\s+[A-Z][a-zà-ÿ]+")

# Numbers that name rather than count: a year, or the number of an article, member, chapter or page.
_REFERENCES = re.compile(r"\b(?:artikel|artikelen|art|lid|leden|hoofdstuk|paragraaf|onderdeel|nr|nummer|pagina|blz|p)\.?\s+\d+[a-z]?\b"
                         r"|§\s*\d+|\b(?:1[89]\d\d|20\d\d)\b(?![.,]\d)")
_NUMBER = re.compile(
    r"\d[\d.,]*|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|honderd|duizend|"
    r"miljoen|miljard|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million)\b"
)
# "Who ...?" is often answered with a role or body, not a name: "de gemeentesecretarissen".
_ROLES = ("voorzitter", "burgemeester", "burgemeesters", "wethouder", "wethouders", "secretaris", "secretarissen",
          "raad", "regiekamer", "team", "tafel", "tafels", "college", "colleges", "directeur", "manager", "bestuur",
          "gemeenten", "provincie", "commissie", "commissies", "griffier", "directie", "ambtenaar", "ambtenaren",
          "overleg", "secretariaat", "bureau", "chair", "mayor", "council", "board", "committee")
_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    r"november|december|voorjaar|najaar|zomer|winter)\b"
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w-]+|\b[A-Z]{2,}")


def expected_type(question: str) -> str | None:
    """Judged on the opening words only: 'who ... when there are issues' asks for a who, not a when;
    except what something cost, which the verb says wherever it stands."""
    if _AMOUNT_Q.search(fold(question)):
        return "amount"
    q = " ".join(fold(question).split()[:5])
    money = _MONEY_Q.search(q)
    if money and money.group(1).endswith(_MONEY):
        return "amount"
    if _PERSON_Q.search(q):
        return "person"
    if _FREQUENCY_Q.search(q):
        return "frequency"
    if _DURATION_Q.search(q):
        return "duration"
    if _NUMBER_Q.search(q):
        return "number"
    if _DATE_Q.search(q):
        return "date"
    if _NAME_Q.search(q):
        return "person" if _NOW.search(fold(question)) else "name"
    if _WHICH_Q.search(q):
        return "which"
    return None


def can_answer(kind: str | None, sentence: str, question: str = "") -> bool:
    """Whether the sentence holds something of the asked kind that the question did not already say."""
    if kind in (None, "which"):  # a which-question is judged by its noun (focus), not by a kind of word
        return True
    asked = set(fold(question).replace("?", " ").split())
    if kind == "number":  # a quantity: not a year, nor the number of an article, member or page
        numbers = {m.group(0) for m in _NUMBER.finditer(_REFERENCES.sub(" ", fold(sentence)))}
        if _ONE.search(sentence.lower()):  # "één stem": the accents make the article a number
            numbers.add("één")
        return bool(numbers - asked)
    if kind == "date":
        return bool(_DATE.search(fold(sentence)))
    if kind == "amount":
        return bool(_AMOUNT.search(fold(sentence)))
    if kind == "frequency":  # "eenmaal per jaar", "zes keer per jaar", "maandelijks"
        return bool(_FREQUENCY.search(fold(sentence)))
    if kind == "duration":  # "binnen 24 uur", "voor onbepaalde tijd"
        return bool(_DURATION.search(fold(sentence)))
    if kind == "person":
        return any(m.group(0).lower() not in fold(question) for m in _PERSON.finditer(sentence))
    names = {m.group(0).lower() for m in _NAME.finditer(sentence.lstrip("•-–*·> \t"))} - STOPWORDS
    roles = {w for w in re.findall(r"\w+", fold(sentence)) if any(w.endswith(r) for r in _ROLES)}
    return bool(names - asked) or bool(roles - asked)


def focus_words(question: str) -> list[str]:
    """The words right after the question word: what a 'hoeveel'/'wie'/'wanneer' question is about.

    'hoeveel medewerkers werken er ...' -> ['medewerkers']
    """
    which = _WHICH_Q.search(fold(question))
    if which and expected_type(question) == "which":
        return [which.group(1)]
    counted = _HOW_MANY.search(fold(question))
    if counted:  # 'how many staff ...' -> ['staff']
        return [counted.group(1)]
    words = re.findall(r"[\w-]+", fold(question))
    for i, word in enumerate(words):
        if word in _QUESTION_WORDS:
            # A verb that carries no content ('wie zit er aan tafel', 'wie heeft ...') is no focus:
            # analysis drops it from every passage, so no sentence could ever hold it.
            return [w for w in words[i + 1:i + 4] if w not in _FILLER and w not in STOPWORDS][:1]
    return []


# "Hoe vaak vergadert …", "how often": asks for a frequency, which a sentence says in few ways.
_FREQUENCY_Q = re.compile(r"\b(?:hoe vaak|hoe dikwijls|hoeveel keer|how often|how many times)\b")
_FREQUENCY = re.compile(
    r"\b(?:\w+maal|\w+ keer|\d+ (?:maal|keer)|(?:een|twee|drie|vier|vijf|zes|acht|tien|twaalf) (?:maal|keer))"
    r"(?: per| in| elke| ieder)? (?:\w+ )?(?:jaar|maand|week|kwartaal|dag|vergadering)\b"
    r"|\b(?:jaarlijks|maandelijks|wekelijks|dagelijks|halfjaarlijks|tweejaarlijks|vierjaarlijks|driemaandelijks|"
    r"per (?:jaar|maand|week|kwartaal)|elk(?:e)? (?:jaar|maand|week|kwartaal)|ieder(?:e)? (?:jaar|maand|week|kwartaal)|"
    r"zo (?:vaak|dikwijls) als|once|twice|annually|monthly|weekly|a year|per year|a month)\b"
)
_ONE = re.compile(r"\b(?:één|eén|ééne)\b")
_HOW_MANY = re.compile(r"\bhow (?:many|much) ([\w-]+)")
_QUESTION_WORDS = {"hoeveel", "wanneer", "wie", "who", "when", "datum", "jaar", "bedrag"}
_FILLER = {"is", "zijn", "was", "waren", "er", "de", "het", "een", "the", "a", "an", "are", "were", "did", "does", "do",
           "gaat", "wordt", "worden", "zal", "zou", "zouden", "moet", "moeten", "kan", "kunnen", "many", "much"}
