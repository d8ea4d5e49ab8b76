"""English -> Dutch glossary of local-government vocabulary, so that English questions find
Dutch passages. General terms of the field only; names and loan words match as they are."""

from __future__ import annotations

import re

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
    }


def expand_english(question: str) -> str:
    """The question with Dutch equivalents of its English words appended."""
    extra = [GLOSSARY[t] for t in tokens(question) if t in GLOSSARY]
    return f"{question} {' '.join(extra)}" if extra else question


def english_term_groups(question: str) -> list[tuple[str, bool]]:
    """Per word of an English question, the Dutch words that may stand for it: one unit of meaning,
    so that a word with two translations does not weigh twice. Names (capitalised words after the
    first, "the Economic Board") are kept as they are, with their case. The flag says whether the
    word is translated or a name, rather than an English word the glossary does not know."""
    groups = []
    for i, word in enumerate(_WORD.findall(question)):
        dutch = GLOSSARY.get(fold(word))
        name = bool(i) and word[0].isupper()
        if dutch is None:
            groups.append((word, name))
        else:
            groups.append((f"{dutch} {word}" if name else dutch, True))
    return groups


def translate_terms(question: str) -> str:
    """Only the Dutch equivalents, for weighing how well a Dutch sentence answers."""
    return " ".join(GLOSSARY.get(t, t) for t in tokens(fold(question)))
