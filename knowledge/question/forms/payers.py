"""Questions about who pays ("wie betaalt de verbetering?", "wie draait op voor de tekorten?", "who
pays for the dykes?") and the sentences that answer them. Rules put who pays in set phrases
("komen ten laste van", "voor rekening van", "worden gedragen door", "aansprakelijk naar rato"),
seldom with the verb *betalen* the question uses, so the phrase is what finds the answer."""

from __future__ import annotations

import re

from text.analysis import fold

_QUESTIONS = [
    re.compile(r"^(?P<asking>wie\s+(?:betaalt|betalen|bekostigt|bekostigen|financiert|financieren|draagt|dragen"
               r"|draait|draaien|moet|moeten)\b(?:\s+(?:er|op|voor|de|het|kosten|van|betalen|opdraaien))*)\s*(?P<subject>.*)$"),
    re.compile(r"^(?P<asking>voor\s+wiens\s+rekening\s+(?:komt|komen|is|zijn))\s*(?P<subject>.*)$"),
    re.compile(r"^(?P<asking>(?:who|which\s+\w+)\s+(?:pays?|bears?|funds?|finances?|covers?)\b(?:\s+(?:for|the|costs?|of))*)\s*(?P<subject>.*)$"),
]
_PAYING = re.compile(
    r"\b(?:betaalt|betalen|bekostigt|bekostigen|financiert|financieren|opdraaien|rekening|pays?|funds?|finances?)\b"
    r"|\b(?:draagt|dragen|bears?|covers?)\b.*\b(?:kosten|lasten|tekort\w*|costs?|deficits?)\b"  # not "draagt de verantwoordelijkheid"
    r"|\b(?:draait|draaien)\s+(?:er\s+)?op\b"
)
_STATES = re.compile(
    r"\bten\s+laste\s+(?:van|komen|komt)\b|\bvoor\s+(?:de\s+)?rekening\s+van\b|\b(?:wordt|worden)\s+gedragen\s+door\b"
    r"|\b(?:draagt|dragen)\s+(?:de|alle|het)\s+(?:kosten|tekort|lasten)\b|\b(?:betaalt|betalen|bekostigt|bekostigen|vergoedt|vergoeden)\b"
    r"|\b(?:financieel\s+)?aansprakelijk\b|\bverdeelsleutel\b|\bnaar\s+rato\b|\b(?:wordt|worden)\s+(?:als\s+volgt\s+)?verdeeld\b"
    r"|\bis\s+borne\s+by\b|\bare\s+borne\s+by\b|\bshall\s+pay\b"
)


def payer_question(question: str) -> tuple[str, str] | None:
    """What is paid for, and the words that ask who pays ("wie betaalt"), or None for a question of
    another kind. "Wie moet ..." only asks who pays when paying is what follows ("wie moet dat betalen")."""
    q = " ".join(fold(question).rstrip(" ?").split())
    for pattern in _QUESTIONS:
        match = pattern.match(q)
        if match and _PAYING.search(q):
            return match.group("subject"), match.group("asking")
    return None


def states_payer(text: str) -> bool:
    """Whether the text says who pays or bears a cost ("komen voor de helft ten laste van ...")."""
    return bool(_STATES.search(fold(text)))
