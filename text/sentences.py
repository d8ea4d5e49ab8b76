"""A Dutch-aware sentence splitter: abbreviations such as 'o.a.' and 'Prof.' do not end sentences."""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "o.a", "a.s", "bijv", "bv", "d.w.z", "e.d", "e.a", "etc", "i.p.v", "i.c.m", "incl", "excl", "m.b.t",
    "m.u.v", "t.o.v", "t.a.v", "z.g", "zgn", "ca", "nr", "blz", "pag", "p", "art", "resp", "vgl",
    "prof", "dr", "drs", "mr", "ir", "ing", "dhr", "mw", "mevr", "st", "jl", "jr", "sr",
    "e.g", "i.e", "vs", "mrs", "ms", "fig", "no",
    "stcrt", "stb", "trb", "bijl", "hfdst", "par", "afd", "jo", "ond",
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


# A numbered or lettered paragraph ("2.", "b)", "12. De ..."), or a list bullet: it starts a paragraph.
_MARKER = re.compile(r"^(?:•|\(?\d{1,3}[.)](?:\s|$)|\(?[a-z][.)])")
_BARE_MARKER = re.compile(r"^\(?(?:\d{1,3}|[a-z])[.)]$")


def is_item(sentence: str) -> bool:
    """Whether the sentence opens a list item: a bullet, or a numbered or lettered member ("b.", "2)")."""
    return bool(_MARKER.match(sentence))


def is_bare_marker(sentence: str) -> bool:
    """Whether the "sentence" is only an item's number or letter ("2.", "b)"), its text following apart."""
    return bool(_BARE_MARKER.match(sentence))


def split_paragraph_sentences(text: str) -> tuple[list[str], list[bool]]:
    """The sentences of `text`, and for each whether it starts a paragraph: it opens a line, or a
    numbered or bulleted item. A bare number ("2.") starts its paragraph, so the sentence after it does not."""
    sentences: list[str] = []
    starts: list[bool] = []
    for line in text.split("\n"):
        for k, sentence in enumerate(_split_line(line)):
            after_bare = bool(sentences) and is_bare_marker(sentences[-1])
            starts.append(not after_bare and (k == 0 or bool(_MARKER.match(sentence))))
            sentences.append(sentence)
    return sentences, starts
