"""Questions that count ("hoeveel leden heeft het DSB?", "how many members does the board have?") and
the sentences that answer them: a number right before what is counted ("een DSB met zes leden",
"twaalf Drentse gemeenten"), not any sentence that holds a number and the noun somewhere."""

from __future__ import annotations

import re

from knowledge.question.glossary import translate_terms
from text.analysis import fold

_COUNTING = re.compile(r"^(?:hoeveel|how many)\s+([\w-]+)")
_NUMBER = (r"(?:\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
           r"twintig|dertig|honderd|one|two|three|four|five|six|seven|eight|nine|ten|twelve)")


def counted_noun(question: str) -> str | None:
    """What a counting question counts, in Dutch ("leden"; "members" → *leden*), or None."""
    match = _COUNTING.search(" ".join(fold(question).split()))
    if match is None:
        return None
    noun = match.group(1)
    return translate_terms(noun).split()[0] if question.lower().startswith("how") else noun


def counts(text: str, noun: str) -> bool:
    """Whether the text gives a number of the noun: "zes leden", "twaalf Drentse gemeenten" (one word
    may stand between), or of the noun's singular ("één lid" for leden is left to the stemmer's match)."""
    stem = re.escape(noun[:-2] if noun.endswith("en") and len(noun) > 5 else noun.rstrip("s"))
    return bool(re.search(rf"\b{_NUMBER}\s+(?:[\w-]+\s+)?{stem}\w*", fold(text)))
