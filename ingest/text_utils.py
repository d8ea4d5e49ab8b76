"""Small text clean-ups shared by the loaders: whitespace, hyphenation, headings."""

from __future__ import annotations

import re

_SOFT_HYPHEN = "\u00ad"
_HYPHEN_BREAK = re.compile(r"(\w)-\n(?=[a-zà-ÿ])")  # "conclude-\nren" -> "concluderen"
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n")
_END_PUNCT = ".,;:!?…"


def clean_whitespace(text: str) -> str:
    """Join a hard-wrapped paragraph into one line, repairing words broken across lines."""
    text = text.replace(_SOFT_HYPHEN, "")
    text = _HYPHEN_BREAK.sub(r"\1", text)
    text = text.replace("\n", " ")
    return _SPACES.sub(" ", text).strip()


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines; each paragraph is returned with its original line breaks."""
    return [p.strip("\n") for p in _BLANK_LINES.split(text) if p.strip()]


def looks_like_heading(paragraph: str) -> bool:
    """A single short line without closing punctuation, starting with a capital or number.

    Plain text and PDF text carry no markup, so this is the best structural signal they give.
    """
    if "\n" in paragraph.strip():
        return False
    line = paragraph.strip()
    if not (2 <= len(line) <= 80) or line[-1] in _END_PUNCT:
        return False
    if len(line.split()) > 10:
        return False
    first = line[0]
    return first.isupper() or first.isdigit() or first == "§"
