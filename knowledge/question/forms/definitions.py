"""Definition questions ("wat is het ONS-D?", "what is the regiekamer?") and the passages that
define their subject: the subject followed by an explanation in brackets, after a colon, or by
"is", "betekent", "staat voor". The classic answer patterns of definition questions."""

from __future__ import annotations

import re

from text.analysis import fold

_QUESTION = re.compile(
    r"^(?:wat|what)\s+(?:is|zijn|was|waren|betekent|betekenen|are|does)\s+"
    r"(?:(?:bedoeld|meant|verstaan)\s+(?:met|by|onder)\s+)?"
    r"(?:(?:het|de|een|the|a|an)\s+)?(?P<subject>.+?)"
    r"(?:\s+(?:precies|eigenlijk|nou|dan|nu|exactly|mean))*\s*\??$"
)
_MEANT = re.compile(
    r"^(?:wat|what)\s+(?:wordt|is)\s+(?:er\s+)?(?:bedoeld|meant)\s+(?:met|by)\s+"
    r"(?:(?:het|de|een|the|a|an)\s+)?(?P<subject>.+?)\s*\??$"
)
_HOLDS = re.compile(r"^wat\s+houdt\s+(?:het|de|een)?\s*(?P<subject>.+?)\s+in\s*\??$")
_SUBJECT_END = re.compile(r"\s+(?:in|of|van|bij|voor|binnen|within|for|op|uit)\s+.*$")
_QUOTES = "'\"‘’“”"
MAX_SUBJECT_WORDS = 4


def definition_subject(question: str) -> str | None:
    """The thing a definition question asks about, or None when the question is of another kind."""
    q = " ".join(fold(question).split())
    # "wat is een BGTS precies, is dat een rechtspersoon?": the first clause asks the definition.
    q = re.split(r"[,;]\s+|\?\s+", q, maxsplit=1)[0]
    for pattern, may_narrow in ((_MEANT, True), (_HOLDS, False), (_QUESTION, False)):
        match = pattern.match(q)
        if not match:
            continue
        subject = match.group("subject")
        narrowed = _SUBJECT_END.sub("", subject)
        if narrowed != subject and not may_narrow:
            return None  # "wat is de rol van het team": about the team, not a definition of "rol"
        subject = narrowed.strip(_QUOTES + " ")
        return subject if subject and len(subject.split()) <= MAX_SUBJECT_WORDS else None
    return None


def defines(text: str, subject: str) -> bool:
    """Whether the text explains the subject: "het ONS-D overleg (7 gemeentesecretarissen)",
    "Ambtelijke regiekamer: systeemverantwoordelijke ...", "De regiekamer is ...". Not when the
    subject only qualifies another word ("de voorzitter van het DSB is ...")."""
    folded = fold(text)
    name = r"(?<!\w)" + re.escape(subject) + r"(?!\w)[" + re.escape(_QUOTES) + r"]?"
    if re.search(name + r"(?:\s+\w+)?\s*[(:]", folded):
        return True
    copula = r"\s+(?:is|zijn|betekent|betekenen|staat voor|staan voor|means|stands for)\s"
    for match in re.finditer(name + copula, folded):
        if not _qualifies_another_word(folded[: match.start()].split()[-2:]):
            return True
    return False


def _qualifies_another_word(before: list[str]) -> bool:
    """"(de voorzitter) van het | van | of the" right before the subject."""
    if before and before[-1] in _OF:
        return True
    return len(before) == 2 and before[0] in _OF and before[1] in _ARTICLES


_OF = frozenset("van of voor bij binnen".split())
_ARTICLES = frozenset("de het een the a an".split())
