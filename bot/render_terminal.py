"""Answers and passages as plain terminal text (pure functions)."""

from __future__ import annotations

from knowledge.models import Answer, Passage


def render_answer(answer: Answer) -> str:
    lines = [answer.text]
    if answer.citations:
        lines.append("")
        lines.append("Bronnen:" if answer.language == "nl" else "Sources:")
        for number, c in enumerate(answer.citations, start=1):
            where = f", p. {c.page}" if c.page else ""
            section = f" — {c.section}" if c.section else ""
            lines.append(f"  [{number}] {c.title}{where}{section} ({c.source})")
    return "\n".join(lines)


def render_passages(passages: list[Passage]) -> str:
    if not passages:
        return "Geen passages gevonden."
    blocks = []
    for number, p in enumerate(passages, start=1):
        where = f", p. {p.page}" if p.page else ""
        header = f"[{number}] {p.title}{where} ({p.source}) score {p.score:.3f}"
        if p.section:
            header += f"\n    {p.section}"
        body = "\n".join("    " + line for line in p.text.splitlines())
        blocks.append(f"{header}\n{body}")
    return "\n\n".join(blocks)
