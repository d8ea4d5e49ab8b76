"""Which language a question is in: Dutch unless it is clearly English."""

from __future__ import annotations

from text.analysis import tokens

_ENGLISH = frozenset(
    "the what who whom which when where why how is are was were does do did can could should would "
    "of to in for with about this that these those there and or a an it its they their be been please "
    "tell explain mean meant happen chairs going weather".split()
)
_DUTCH = frozenset(
    "de het een wat wie welke wanneer waar waarom hoe is zijn was waren doet doen kan kunnen moet moeten "
    "van voor met over dit dat deze die er en of ik we wij ze zij hun mag mogen nog ook niet geen".split()
)


def detect_language(text: str) -> str:
    words = tokens(text)
    english = sum(w in _ENGLISH for w in words)
    dutch = sum(w in _DUTCH for w in words)
    return "en" if english > dutch else "nl"
