"""Answers and passages as plain terminal text (pure functions)."""

from __future__ import annotations

from bot.sources import grouped_sources, place, related_lines
from bot.texts import text
from knowledge.models import Answer, Passage


def render_answer(answer: Answer, contact: str = "") -> str:
    lines = [answer.text]
    if not answer.answered and answer.related:
        lines.append("")
        lines.append(f"{text('maybe_helpful', answer.language)}:")
        lines.extend(f"  • {line} ({c.source})" for line, c in zip(related_lines(answer.related), answer.related))
    if not answer.answered and contact:
        lines.append(text("ask_instead", answer.language, contact=contact))
    if answer.citations:
        lines.append("")
        lines.append(f"{text('sources', answer.language)}:")
        for numbers, citation in grouped_sources(answer.citations):
            lines.append(f"  [{numbers}] {place(citation)} ({citation.source})")
    return "\n".join(lines)


def render_passages(passages: list[Passage]) -> str:
    if not passages:
        return "Geen passages gevonden."
    blocks = []
    for number, p in enumerate(passages, start=1):
        where = f", p. {p.page}" if p.page else ""
        header = f"[{number}] {p.title}{where} ({p.source})"  # the rank is the number; fusion scores mean nothing to a reader
        if p.section:
            header += f"\n    {p.section}"
        body = "\n".join("    " + line for line in p.text.splitlines())
        blocks.append(f"{header}\n{body}")
    return "\n\n".join(blocks)
