"""Abbreviations in questions, spelled out the way the documents spell them.

Officials type "het AB", "de GR", "wie zit het DB voor?" where the text says *algemeen bestuur*,
*gemeenschappelijke regeling*, *dagelijks bestuur*. Two sources, both general:
- the field's standard abbreviations of Dutch public administration (below), and
- the pairs the documents define themselves, "Internationale Gezondheidsregeling (IGR)", found with
  the Schwartz–Hearst algorithm (the `abbreviations` package).
An abbreviation is only replaced when the documents never use it: where they do, it already matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# General knowledge of Dutch public administration: bodies, laws and offices every collaboration has.
STANDARD_ABBREVIATIONS: dict[str, str] = {
    "AB": "algemeen bestuur",
    "DB": "dagelijks bestuur",
    "GR": "gemeenschappelijke regeling",
    "Wgr": "Wet gemeenschappelijke regelingen",
    "WGR": "Wet gemeenschappelijke regelingen",
    "Awb": "Algemene wet bestuursrecht",
    "GS": "gedeputeerde staten",
    "PS": "provinciale staten",
    "B&W": "burgemeester en wethouders",
    "BenW": "burgemeester en wethouders",
    "OR": "ondernemingsraad",
    "VNG": "Vereniging van Nederlandse Gemeenten",
    "IPO": "Interprovinciaal Overleg",
    "BZK": "Binnenlandse Zaken en Koninkrijksrelaties",
    "RvC": "raad van commissarissen",
    "RvT": "raad van toezicht",
    "MT": "managementteam",
    "IGS": "intergemeentelijke samenwerking",
    "ISV": "intergemeentelijke samenwerkingsverband",
}

_ABBREVIATION = re.compile(r"(?<![\w&])[A-Z][A-Za-z&]{1,7}(?![\w&])")


class AbbreviationExpander:
    """Spells out abbreviations in a question that the indexed documents do not use themselves.

    The documents' own definitions are looked for only when a question holds an abbreviation that
    the documents do not use, and then once per version of the index: most questions never pay for it.
    """

    def __init__(self, defined: dict[str, str] | Callable[[], dict[str, str]] | None = None) -> None:
        self._defined = defined if callable(defined) else (lambda: defined or {})
        self._harvested: dict[str, str] | None = None

    def _lookup(self, short: str) -> str | None:
        """The documents' own definition first (they may mean something else by it), then the standard."""
        if self._harvested is None:
            self._harvested = self._defined()
        return self._harvested.get(short) or STANDARD_ABBREVIATIONS.get(short)

    def expand(self, question: str, used_by_documents: Callable[[str], bool]) -> str:
        def spell_out(match: re.Match) -> str:
            short = match.group(0)
            # Exact case, and at least two capitals unless it is a standard one ("Wgr"): "Who" and
            # "Wie" are words; "WHO" and "AB" are abbreviations.
            if sum(c.isupper() for c in short) < 2 and short not in STANDARD_ABBREVIATIONS:
                return short
            if used_by_documents(short):
                return short
            return self._lookup(short) or short

        return _ABBREVIATION.sub(spell_out, question)
