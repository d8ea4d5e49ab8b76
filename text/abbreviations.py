"""The abbreviations a text defines itself ("Internationale Gezondheidsregeling (IGR)"), found with
the Schwartz–Hearst algorithm (the `abbreviations` package): read once per document at ingest."""

from __future__ import annotations

import logging
from collections.abc import Iterable


def harvest(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviation → definition pairs that the texts define themselves ("… bestuur (AB)")."""
    from abbreviations import schwartz_hearst

    logging.getLogger("abbreviations").setLevel(logging.ERROR)
    pairs: dict[str, str] = {}
    for text in texts:
        if "(" not in text:
            continue
        try:
            found = schwartz_hearst.extract_abbreviation_definition_pairs(doc_text=text)
        except (ValueError, IndexError):  # the algorithm gives up on odd brackets; that text defines nothing
            continue
        for short, long in found.items():
            if sum(c.isupper() for c in short) >= 2 and len(long.split()) >= 1 and len(long) > len(short):
                pairs.setdefault(short, " ".join(long.split()))
    return pairs
