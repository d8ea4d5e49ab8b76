"""Which language a question is in: Dutch unless it is clearly English. Function words settle the
clear cases at no cost; a question they leave open ("Hoeveel draagt Molenrade bij in 2027?" has one
English-looking "in" and no listed Dutch word) goes to py3langid's character n-gram model, limited
to Dutch and English, which must find English clearly more likely before the answer turns English."""

from __future__ import annotations

from functools import cache

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
CLEAR = 2  # this many more function words of one language settle it
ENGLISH_MARGIN = 5.0  # log-probability by which the model must prefer English


def detect_language(text: str) -> str:
    words = tokens(text)
    english = sum(w in _ENGLISH for w in words)
    dutch = sum(w in _DUTCH for w in words)
    if abs(english - dutch) >= CLEAR or not words:
        return "en" if english > dutch else "nl"
    scores = dict(_identifier().rank(text))
    return "en" if scores["en"] - scores["nl"] > ENGLISH_MARGIN else "nl"


@cache
def _identifier():
    """py3langid's model (in its wheel), loaded on first need: about a third of a second."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(["nl", "en"])
    return identifier
