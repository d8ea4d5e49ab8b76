"""A Dutch-aware sentence splitter: abbreviations such as 'o.a.' and 'Prof.' do not end sentences."""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "o.a", "a.s", "bijv", "bv", "d.w.z", "e.d", "e.a", "etc", "i.p.v", "i.c.m", "incl", "excl", "m.b.t",
    "m.u.v", "t.o.v", "t.a.v", "z.g", "zgn", "ca", "nr", "blz", "pag", "p", "art", "resp", "vgl",
    "prof", "dr", "drs", "mr", "ir", "ing", "dhr", "mw", "mevr", "st", "jl", "jr", "sr",
    "e.g", "i.e", "vs", "mrs", "ms", "fig", "no",
}
_CANDIDATE = re.compile(r"[.!?…]+[\"'’”)]*\s+(?=[\"'‘“(•–]?\s*[A-ZÀ-Ý0-9])")


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences; list bullets on their own line stay separate."""
    sentences: list[str] = []
    for line in text.split("\n"):
        sentences.extend(_split_line(line))
    return [s for s in sentences if s]


def _split_line(line: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(line):
        end = match.start()
        word = line[:end].rsplit(None, 1)[-1] if line[:end].strip() else ""
        bare = word.lstrip("(\"'‘“").lower()
        if bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()):
            continue  # 'o.a. De' or an initial like 'M. Moore'
        parts.append(line[start:match.end()].strip())
        start = match.end()
    parts.append(line[start:].strip())
    return [p for p in parts if p]
