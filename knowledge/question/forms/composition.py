"""Questions about who a body consists of ("hoe is het AB samengesteld?", "wie zitten er in het DB?",
"who sits on the committee?") and the sentences that answer them: "X bestaat uit ...", "X is
samengesteld uit ...", "een commissie van vier leden". The words of such a question (*samengesteld*,
*zitten*) are seldom the words of the answer, so the answer's form is what finds it."""

from __future__ import annotations

import re

from text.analysis import fold

_ARTICLE = r"(?:(?:het|de|een|the)\s+)?"
_QUESTIONS = [
    re.compile(rf"^hoe\s+(?:is|zijn|wordt|worden)\s+{_ARTICLE}(?P<subject>.+?)\s+samengesteld\b"),
    re.compile(rf"^(?:wie|welke\s+\w+)\s+(?:zitten|zit|zetelen|zetelt)\s+(?:er\s+)?(?:in|aan)\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^(?:uit\s+wie|waaruit|uit\s+hoeveel\s+\w+)\s+(?:bestaat|bestaan)\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^wat\s+is\s+de\s+samenstelling\s+van\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^who\s+(?:sits|sit|are|is)\s+(?:on|in)\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^who\s+are\s+the\s+members\s+of\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^(?:what\s+is\s+the\s+composition\s+of|how\s+is)\s+{_ARTICLE}(?P<subject>.+?)(?:\s+composed)?$"),
    # Seats: "heeft elke gemeente een zetel in het AB?", "hoeveel zetels heeft het DB?", "a seat on the board"
    re.compile(rf"^(?P<pre>.*?)\b(?:zetels?|seats?)\s+(?:in|aan|op|on)\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^hoeveel\s+zetels\s+(?:heeft|hebben|telt|tellen)\s+{_ARTICLE}(?P<subject>.+)$"),
]
_COUNTED = re.compile(r"\bhoeveel\s+\w+")
_CLAUSE_END = re.compile(r"\s*(?:[?,;]|\s+en\s+|\s+and\s+).*$")
_NUMBER = r"(?:\d+|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)"
_COMPOSED = re.compile(
    rf"\b(?:bestaat|bestaan|bestaande)\s+uit\b|\b(?:is|zijn|wordt|worden)\s+samengesteld\s+uit\b|(?P<counted>\b(?:van|uit)\s+{_NUMBER}\s+leden\b)"
)
MAX_SUBJECT_WORDS = 5

_CHAIR_QUESTIONS = [
    re.compile(rf"^wie\s+(?:is|wordt|zijn|worden)\s+(?:er\s+)?(?:de\s+)?voorzitter\s+van\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^wie\s+(?:zit|zitten)\s+{_ARTICLE}(?P<subject>.+?)\s+voor\b"),  # the separable verb voorzitten
    re.compile(rf"^who\s+(?:chairs|presides\s+over)\s+{_ARTICLE}(?P<subject>.+)$"),
    re.compile(rf"^who\s+is\s+(?:the\s+)?(?:chair|chairman|chairwoman|chairperson)\s+of\s+{_ARTICLE}(?P<subject>.+)$"),
]
_CHAIRED = re.compile(
    r"\bvoorzitterschap\b|\bvoorgezeten\s+door\b|\b(?:kiest|kiezen|benoemt|benoemen|wijst|wijzen)\b[^.;]*\bvoorzitter\b"
    r"|\bvoorzitter\b[^.;]*\b(?:gekozen|benoemd|aangewezen)\b|\b(?:is|wordt|zijn|worden)\s+(?:tevens\s+)?voorzitter\b"
    r"|\bals\s+voorzitter\b"
)
_QUALIFIER = re.compile(r"\s+(?:van|of)\s+.*$")  # "het DB van Letterhoeke": the body is the DB


def composition_subject(question: str) -> str | None:
    """The body (without "van <organisation>") a composition question asks about, or None for a
    question of another kind."""
    found = composition_question(question)
    return found[0] if found else None


def composition_question(question: str) -> tuple[str, str] | None:
    """The body a composition question asks about, and the words that ask it ("hoe is ...
    samengesteld"), which the answer's form stands for; None for a question of another kind."""
    return _asked(question, _QUESTIONS)


def chair_body(question: str) -> str | None:
    """The body (without "van <organisation>") whose chair the question asks for, or None."""
    found = chair_question(question)
    return found[0] if found else None


def chair_question(question: str) -> tuple[str, str] | None:
    """The body whose chair is asked for, and the words that ask it ("wie zit ... voor")."""
    return _asked(question, _CHAIR_QUESTIONS)


def _asked(question: str, patterns: list[re.Pattern]) -> tuple[str, str] | None:
    q = " ".join(fold(question).split())
    for pattern in patterns:
        match = pattern.match(q)
        if match:
            subject = _CLAUSE_END.sub("", match.group("subject"))
            begin = match.end("pre") if "pre" in pattern.groupindex else 0  # "hebben de gemeenten een zetel in": only "zetel in" asks
            asking = f"{q[begin: match.start('subject')]} {q[match.end('subject'): match.end()]}"
            asking = _COUNTED.sub("", asking)  # "uit hoeveel mensen": what is counted, the answer must say itself
            subject = _QUALIFIER.sub("", subject).strip()
            if subject and len(subject.split()) <= MAX_SUBJECT_WORDS:
                return subject, asking
            return None
    return None


def states_chair(text: str) -> bool:
    """Whether the text says who chairs something (not what the chair does)."""
    return bool(_CHAIRED.search(fold(text)))


def states_composition(text: str) -> bool:
    """Whether the text says what something consists of ("... bestaat uit zeven leden")."""
    return composed_part(text) is not None


def composed_part(text: str) -> str | None:
    """The part of the text that names what is composed, if it says what something consists of:
    the words before "bestaat uit" ("het dagelijks bestuur bestaat uit de voorzitter van het algemeen
    bestuur" is about the dagelijks bestuur), or the whole text for "een commissie van 4 leden
    (schouwcommissie)", where the name may follow."""
    folded = fold(text)
    match = _COMPOSED.search(folded)
    if match is None:
        return None
    return folded if match.group("counted") else folded[: match.start()]
