"""The four ways an organisation can take part in a project or coalition, as the collaboration's own
rules name them: full participation, solidarity (not taking part but paying along), the entry model
(joining later for an entry fee) and none. One place for their keys, labels and the words people use."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    key: str  # what the database stores
    nl: str
    en: str
    rule_term: str  # how the collaboration's documents name it: what a rule lookup asks for
    words: tuple[str, ...]  # what people write for it (imports, questions), folded to lower case without accents

    def label(self, language: str) -> str:
        return self.en if language == "en" else self.nl


VARIANTS: tuple[Variant, ...] = (
    Variant("volledig", "volledige deelname", "full participation", "volledige deelname",
            ("volledig", "volledige deelname", "deelname", "volledig deelnemen", "full", "full participation", "participates")),
    Variant("solidair", "solidariteit (betaalt mee)", "solidarity (pays along)", "solidariteit",
            ("solidair", "solidariteit", "meebetalen", "betaalt mee", "solidarity", "pays along")),
    Variant("instap", "instapmodel (stapt later in)", "entry model (joins later)", "instapmodel",
            ("instap", "instapmodel", "instappen", "later instappen", "entry", "entry model", "joins later")),
    Variant("geen", "geen deelname", "no participation", "geen deelname",
            ("geen", "geen deelname", "doet niet mee", "niet", "none", "no", "no participation")),
)
BY_KEY = {v.key: v for v in VARIANTS}
TAKING_PART = ("volledig", "solidair", "instap")  # every variant but "geen" commits something


def fold(value: str) -> str:
    """Lower case, accents off, punctuation to spaces, single spaces: how names and words are compared."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w&]+", " ", value).split())


def variant_of(value: str) -> Variant:
    """The variant a person or a spreadsheet means; ValueError names the four that exist."""
    folded = fold(value)
    for variant in VARIANTS:
        if folded == variant.key or folded in variant.words:
            return variant
    raise ValueError(f"onbekende vorm van deelname '{value}'; kies uit: {', '.join(v.key for v in VARIANTS)}")
