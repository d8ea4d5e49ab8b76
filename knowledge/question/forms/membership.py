"""Questions about joining or leaving ("kan de provincie eruit stappen?", "hoe stap je als gemeente uit
de GR?", "kan een andere organisatie aansluiten?", "which countries may accede?") and the sentences
that answer them. Regulations and treaties say it with their own nouns, *uittreding*, *opzegging*,
*toetreding*, seldom with the question's verbs, so the act, not the words, finds the answer."""

from __future__ import annotations

import re

from text.analysis import fold

# "stap (je als gemeente) uit": a separable verb around its object; not "stappen", which is also the
# noun ("welke stappen volgen uit het besluit")
_GAP = r"(?:\s+[\w'-]+){0,6}?\s+"
_LEAVING_QUESTION = re.compile(
    rf"\b(?:eruit|uit)\s+(?:stappen|stapt|stap|treden|treedt|gaan|gaat)\b|\buitstappen\b|\buittred\w*|\buit{_GAP}(?:te\s+)?(?:stappen|treden)\b"
    rf"|\b(?:stap|stapt|treed|treedt){_GAP}(?:er)?uit\b|\bopzeg\w*|\bzeg(?:t|gen)?{_GAP}op\b(?=\s*(?:[?.!,]|$))|\bstoppen\s+met\b"
    r"|\bleave\b|\bleaving\b|\bwithdraw\w*|\bexit\b|\bopt\s+out\b|\bpull\s+out\b|\bdenounce\w*|\bterminate\b"
)
_LEAVING = re.compile(r"\buittred\w*|\buitgetreden\b|\bopzeg\w*|\bopgezegd\b|\bwithdraw\w*|\bdenunciation\b")
_JOINING_QUESTION = re.compile(
    rf"\baansluiten\b|\bsluit\w*{_GAP}aan\b|\binstappen\b|\b(?:stap|stapt){_GAP}in\b|\btoetred\w*"
    rf"|\b(?:treed|treedt|treden){_GAP}toe\b|\blid\s+worden\b|\berbij\s+(?:komen|aansluiten)\b"
    r"|\bjoin(?:s|ed|ing)?\b|\baccede\w*|\baccession\b|\bbecome\s+(?:a\s+)?(?:member|party)\b"
)
# Not *aansluiting* or *aansluitend* ("aansluiting op werk"): only the verb joins.
_JOINING = re.compile(r"\btoetred\w*|\btoe\s+te\s+treden\b|\btoegetreden\b|\btreedt\s+toe\b|\btreden\s+toe\b"
                      r"|\baansluiten\b|\binstap\w*|\baccession\b|\baccede\w*")


_ACTS = ((_LEAVING_QUESTION, _LEAVING, "uittreding uittreden opzegging opzeggen"),
         (_JOINING_QUESTION, _JOINING, "toetreding toetreden"))


def membership_question(question: str) -> tuple[str, re.Pattern, str] | None:
    """The words that ask about leaving or joining ("eruit stappen", "aansluiten"), the pattern a
    sentence that answers it holds, and the nouns and verbs rules use for the act (to search for);
    None for a question of another kind."""
    q = " ".join(fold(question).split())
    for asking, states, words in _ACTS:
        match = asking.search(q)
        if match:  # the verb and its particle ask it, not the words between them ("stap je als gemeente uit")
            found = match.group(0).split()
            return " ".join(dict.fromkeys([found[0], found[-1]])), states, words
    return None


def states_act(text: str, states: re.Pattern) -> bool:
    """Whether the text speaks of the act asked about (*uittreding*, *toetreding*)."""
    return bool(states.search(fold(text)))
