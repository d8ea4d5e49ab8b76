"""English -> Dutch glossary of local-government vocabulary, so that English questions find
Dutch passages. General terms of the field only; names and loan words match as they are."""

from __future__ import annotations

import re
from functools import cache

from text.analysis import fold, tokens

_WORD = re.compile(r"[\w'-]+")

GLOSSARY: dict[str, str] = {
    "municipality": "gemeente", "municipalities": "gemeenten", "municipal": "gemeentelijke",
    "region": "regio", "regional": "regionale", "province": "provincie", "provincial": "provinciale",
    "collaboration": "samenwerking", "cooperation": "samenwerking", "partnership": "samenwerking",
    "collaborate": "samenwerken", "cooperate": "samenwerken", "agreement": "afspraak overeenkomst",
    "agreements": "afspraken", "rules": "spelregels regels", "rule": "regel", "council": "raad gemeenteraad",
    "mayor": "burgemeester", "alderman": "wethouder", "aldermen": "wethouders", "secretary": "secretaris",
    "secretaries": "secretarissen", "board": "bestuur", "executive": "bestuur", "chair": "voorzitter",
    "chairs": "voorzitter", "chairman": "voorzitter", "chairperson": "voorzitter", "member": "lid",
    "members": "leden", "table": "tafel", "tables": "tafels", "director": "directeur", "manager": "manager",
    "team": "team", "programme": "programma", "program": "programma", "project": "project", "projects": "projecten",
    "participation": "deelname participatie", "participate": "deelnemen participeren meedoen",
    "join": "instappen aansluiten", "entry": "instap", "solidarity": "solidariteit", "finance": "financiering",
    "financing": "financiering", "funding": "financiering", "budget": "budget begroting", "cost": "kosten",
    "costs": "kosten", "pay": "betalen", "contribution": "bijdrage", "role": "rol", "roles": "rollen",
    "responsibility": "verantwoordelijkheid", "responsible": "verantwoordelijk", "ownership": "eigenaarschap",
    "commitment": "commitment", "trust": "vertrouwen", "decision": "besluit", "decisions": "besluiten",
    "decide": "besluiten", "meeting": "overleg vergadering", "meetings": "overleggen vergaderingen",
    "escalation": "escalatie", "escalate": "escaleren", "level": "niveau", "first": "eerste", "second": "tweede",
    "issue": "probleem knelpunt", "issues": "problemen knelpunten", "problem": "probleem", "problems": "problemen",
    "conflict": "conflict", "tension": "spanning spanningsveld", "tensions": "spanningen spanningsvelden",
    "advice": "advies", "advise": "adviseren", "recommend": "adviseren aanbevelen", "recommendation": "aanbeveling advies",
    "propose": "voorstellen adviseren", "proposal": "voorstel", "proposes": "stelt voor adviseert",
    "conclusion": "conclusie", "conclusions": "conclusies", "report": "rapport", "research": "onderzoek",
    "analysis": "analyse", "model": "model", "plan": "plan", "implementation": "implementatie uitvoering",
    "strategy": "strategie", "strategic": "strategische", "agenda": "agenda", "growth": "groei",
    "economy": "economie", "economic": "economische", "housing": "wonen woningbouw", "homes": "woningen",
    "jobs": "banen arbeidsplaatsen", "employment": "werkgelegenheid", "mobility": "mobiliteit bereikbaarheid",
    "accessibility": "bereikbaarheid", "energy": "energie", "climate": "klimaat", "health": "gezondheid",
    "youth": "jeugd", "care": "zorg", "social": "sociale sociaal", "domain": "domein", "service": "dienst",
    "services": "diensten", "organisation": "organisatie", "organization": "organisatie", "governance": "sturing bestuur",
    "control": "sturing controle", "monitor": "monitoren", "monitoring": "monitoring", "evaluate": "evalueren",
    "evaluation": "evaluatie", "reflect": "reflecteren", "legitimacy": "legitimiteit", "effectiveness": "doeltreffendheid",
    "mean": "betekent bedoeld", "meant": "bedoeld", "meaning": "betekenis", "purpose": "doel", "goal": "doel",
    "goals": "doelen", "ambition": "ambitie", "ambitions": "ambities", "theme": "thema", "themes": "thema's",
    "who": "wie", "why": "waarom", "future": "toekomst", "history": "geschiedenis", "since": "sinds", "residents": "inwoners", "citizens": "inwoners", "partners": "partners", "stop": "stoppen",
    "new": "nieuwe", "old": "oude", "two": "twee", "three": "drie", "four": "vier", "five": "vijf", "six": "zes",
    "seven": "zeven", "eight": "acht", "nine": "negen", "ten": "tien", "hundred": "honderd",
    # the vocabulary of regulations and treaties
    "commission": "commissie", "committee": "commissie", "secretariat": "secretariaat", "treaty": "verdrag",
    "treaties": "verdragen", "arrangement": "regeling", "regulation": "regeling", "party": "partij",
    "parties": "partijen", "delegation": "delegatie", "delegations": "delegaties", "vote": "stem stemrecht",
    "votes": "stemmen", "voting": "stemming", "majority": "meerderheid", "unanimous": "eenparig unaniem",
    "unanimity": "eenparigheid", "dispute": "geschil", "disputes": "geschillen", "settle": "oplossen beslechten",
    "settled": "opgelost beslecht", "notify": "melden", "notification": "melding", "notifications": "meldingen",
    "reported": "gemeld", "liable": "aansprakelijk", "liability": "aansprakelijkheid",
    "deficit": "tekort", "deficits": "tekorten", "surplus": "batig saldo overschot", "reserve": "reserve",
    "staff": "personeel", "dismiss": "ontslaan", "amend": "wijzigen", "amendment": "wijziging",
    "dissolve": "opheffen", "dissolved": "opgeheven", "dissolution": "opheffing ontbinding", "archives": "archieven",
    "archivist": "archivaris", "supervision": "toezicht", "supervise": "toezicht", "language": "taal",
    "languages": "talen", "seat": "zetel", "seats": "zetels", "north": "noord", "south": "zuid",
    "country": "land", "countries": "landen", "state": "staat", "states": "staten",
    }


# English names of the Low Countries' rivers, regions and cities that Dutch spells its own way
# (countries and languages come from CLDR, see _place_and_language_names)
EXONYMS: dict[str, str] = {
    "meuse": "maas", "rhine": "rijn", "scheldt": "schelde", "flanders": "vlaanderen", "flemish": "vlaams",
    "wallonia": "wallonië", "walloon": "waals", "brussels": "brussel", "hague": "den haag", "antwerp": "antwerpen",
    "liege": "luik", "frisia": "friesland fryslân", "frisian": "fries", "zealand": "zeeland",
}
GLOSSARY.update(EXONYMS)


@cache
def _place_and_language_names() -> dict[str, str]:
    """English names of countries, regions and languages (one word) with their Dutch names, from the
    Unicode CLDR data Babel ships: "Germany" → *Duitsland*, "French" → *Frans*."""
    from babel import Locale  # loaded on the first English question only

    english, dutch = Locale("en"), Locale("nl")
    names: dict[str, str] = {}
    for table_en, table_nl in ((english.languages, dutch.languages), (english.territories, dutch.territories)):
        names.update({fold(name): table_nl[code] for code, name in table_en.items() if code in table_nl and " " not in name})
    return names


def _dutch(word: str, capitalised: bool) -> str | None:
    """The Dutch for an English word: the glossary's, or for a capitalised word the Dutch name of the
    country, region or language it names."""
    found = GLOSSARY.get(fold(word))
    if found is None and capitalised:
        found = _place_and_language_names().get(fold(word))
    return found


def dutch_name(name: str) -> str:
    """The Dutch form of an English place name ("Meuse" → *maas*), or the name itself. Not the
    glossary's words ("Board" is a name's word, not *bestuur*) nor countries (parties, not titles)."""
    return EXONYMS.get(fold(name), name)


def expand_english(question: str) -> str:
    """The question with Dutch equivalents of its English words appended."""
    names = _capitalised(question)
    extra = [dutch for t in tokens(question) if (dutch := _dutch(t, t in names))]
    return f"{question} {' '.join(extra)}" if extra else question


def _capitalised(question: str) -> set[str]:
    """The question's capitalised words after its first, folded: the names among its words."""
    return {fold(word) for i, word in enumerate(_WORD.findall(question)) if i and word[:1].isupper()}


def english_term_groups(question: str) -> list[tuple[str, bool]]:
    """Per word of an English question, the Dutch words that may stand for it: one unit of meaning,
    so that a word with two translations does not weigh twice. Names (capitalised words after the
    first, "the Economic Board") are kept as they are, with their case. The flag says whether the
    word is translated or a name, rather than an English word the glossary does not know."""
    groups = []
    for i, word in enumerate(_WORD.findall(question)):
        name = bool(i) and word[0].isupper()
        dutch = _dutch(word, name)
        if dutch is None:
            groups.append((word, name))
        else:
            groups.append((f"{dutch} {word}" if name else dutch, True))
    return groups


def translate_terms(question: str) -> str:
    """Only the Dutch equivalents, for weighing how well a Dutch sentence answers."""
    names = _capitalised(question)
    return " ".join(_dutch(t, t in names) or t for t in tokens(fold(question)))
