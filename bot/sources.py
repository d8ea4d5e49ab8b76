"""Numbered sources for every renderer: quotes from the same place share one line ("[1, 2] ...")."""

from __future__ import annotations

from knowledge.models import Citation


def grouped_sources(citations: list[Citation]) -> list[tuple[str, Citation]]:
    """(numbers, citation) per distinct place (document, page, section), in order of first use."""
    groups: dict[tuple, tuple[list[int], Citation]] = {}
    for number, citation in enumerate(citations, start=1):
        key = (citation.source, citation.title, citation.page, citation.section)
        groups.setdefault(key, ([], citation))[0].append(number)
    return [(", ".join(map(str, numbers)), citation) for numbers, citation in groups.values()]


def place(citation: Citation) -> str:
    """'Title, p. 6 — Section'."""
    return citation.label() + (f" — {citation.section}" if citation.section else "")


RELATED_QUOTE_CHARS = 220


def related_lines(citations: list[Citation]) -> list[str]:
    """'“The sentence…” — Title, p. 6 — Section': where to read on when there is no answer."""
    lines = []
    for citation in citations:
        quote = citation.quote if len(citation.quote) <= RELATED_QUOTE_CHARS else citation.quote[:RELATED_QUOTE_CHARS - 1].rstrip() + "…"
        lines.append(f"“{quote}” — {place(citation)}")
    return lines
