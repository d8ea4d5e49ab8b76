"""Questions about who takes part ("welke gemeenten doen mee aan X?", "wie nemen deel aan de regeling?",
"who are the parties to the treaty?") and the text that answers them: a regulation names its
participants where it defines them ("c. de gemeenten: de gemeenten Lelystad, Dronten, Urk en
Zeewolde;", "de partners: de minister, de provincie, ..."), seldom beside the words *meedoen* or
*deelnemen* the question uses."""

from __future__ import annotations

import re

from text.analysis import fold

_ASKS = re.compile(
    r"^(?:(?:welke|which)\s+(?P<noun>[\w-]+)|wie|who)\b.*?(?P<asking>\b(?:doen|doet)\s+(?:er\s+)?(?:allemaal\s+)?mee\b"
    r"|\b(?:nemen|neemt)\s+(?:er\s+)?(?:allemaal\s+)?deel\b|\bdeelnemen\b|\bparticiperen\b|\bparticipeert\b"
    r"|\b(?:zijn|is)\s+(?:er\s+)?(?:lid|aangesloten|partij)\b|\btake\s+part\b|\bparticipate\b"
    r"|\bare\s+(?:the\s+)?(?:members|parties|participants)\b)"
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
    return any(_LISTS.search(folded[m.end():]) for noun in nouns for m in _defining(noun).finditer(folded))


# After the noun and its colon or bracket: at least three items, "a, b en c" or "a, b, c", in one clause.
_LISTS = re.compile(r"^[^.;:()]{1,80}?,[^.;:()]{1,80}?(?:,|\s(?:en|and)\s)[^.;:()]{1,80}")


def _defining(noun: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(noun) + r"\s*[:(]\s*")
