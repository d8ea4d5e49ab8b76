"""Questions about who takes part ("welke gemeenten doen mee aan X?", "wie nemen deel aan de regeling?",
"who are the parties to the treaty?", "welke gemeenten horen bij de Drechtsteden?") and the text that
answers them: a regulation names its participants where it defines them ("c. de gemeenten: de
gemeenten Lelystad, Dronten, Urk en Zeewolde;", "de partners: de minister, de provincie, ..."), a
report where it lists them ("Dordrecht, Papendrecht, Zwijndrecht, Sliedrecht en Alblasserdam"),
seldom beside the words *meedoen* or *horen bij* the question uses."""

from __future__ import annotations

import re

from text.analysis import fold

_ASKS = re.compile(
    r"^(?:(?:welke|which)\s+(?P<noun>[\w-]+)|wie|who)\b.*?(?P<asking>\b(?:doen|doet)\s+(?:er\s+)?(?:allemaal\s+)?mee\b"
    r"|\b(?:nemen|neemt)\s+(?:er\s+)?(?:allemaal\s+)?deel\b|\bdeelnemen\b|\bparticiperen\b|\bparticipeert\b"
    r"|\b(?:zijn|is)\s+(?:er\s+)?(?:lid|aangesloten|partij)\b|\btake\s+part\b|\bparticipate\b"
    r"|\bare\s+(?:the\s+)?(?:members|parties|participants)\b"
    r"|\b(?:horen|hoort|behoren|behoort)\s+(?:er\s+)?(?:allemaal\s+)?(?:bij|tot)\b|\bmaken\s+(?:er\s+)?deel\s+uit\b"
    r"|\bwerken\s+(?:er\s+)?samen\b|\bbelong\s+to\b|\bare\s+part\s+of\b|\bwork\s+together\b)"
)
# The words a regulation uses for all its participants together.
PARTICIPANT_NOUNS = ("deelnemers", "partners", "partijen", "leden", "deelnemende partijen", "participants", "parties")


def participants_question(question: str) -> tuple[tuple[str, ...], str] | None:
    """The nouns a defining text may use for the participants asked about (the question's own noun,
    "gemeenten", first), and the words that ask it ("doen mee"); None for a question of another kind."""
    match = _ASKS.search(" ".join(fold(question).split()))
    if match is None:
        return None
    noun = match.group("noun")
    return ((noun, *PARTICIPANT_NOUNS) if noun else PARTICIPANT_NOUNS), match.group("asking")


def names_participants(text: str, nouns: tuple[str, ...]) -> bool:
    """Whether the text defines one of the nouns by listing them ("de gemeenten: de gemeenten
    Lelystad, Dronten, Urk en Zeewolde"); a colon in running text ("gemeenten: wij zien drie
    manieren") lists nothing."""
    folded = fold(text)
    if any(_LISTS.search(folded[m.end():]) for noun in nouns for m in _defining(noun).finditer(folded)):
        return True
    # "Dordrecht, Papendrecht, Zwijndrecht en Sliedrecht.": a sentence that is a list of names (not the
    # recitals, which name every party among many other words)
    listed = _NAMES.search(text)
    return bool(listed) and len(listed.group(0)) >= 0.6 * len(text.strip(" .;•"))


# After the noun and its colon or bracket: at least three items, "a, b en c" or "a, b, c", in one clause.
_LISTS = re.compile(r"^[^.;:()]{1,80}?,[^.;:()]{1,80}?(?:,|\s(?:en|and)\s)[^.;:()]{1,80}")


# Four or more names in a row, "A, B, C en D": the participants themselves, wherever they are listed.
_NAME = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
_NAMES = re.compile(rf"{_NAME}(?:\s*,\s*{_NAME}){{2,}}\s*,?\s+(?:en|and)\s+{_NAME}")


def _defining(noun: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(noun) + r"\s*[:(]\s*")
