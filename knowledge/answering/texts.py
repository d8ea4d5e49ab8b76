"""The fixed sentences the answerers say, in Dutch and English."""

from __future__ import annotations

NOT_FOUND = {
    "nl": "Dat kan ik niet vinden in de documenten. Probeer je vraag anders te formuleren.",
    "en": "I can't find that in the documents. Try rephrasing your question.",
}


def not_found(language: str) -> str:
    return NOT_FOUND.get(language, NOT_FOUND["nl"])


def unknown_name(language: str, name: str) -> str:
    if language == "en":
        return f"The documents never mention “{name}”, so I can't answer that from them."
    return f"De documenten noemen “{name}” nergens, dus daar kan ik geen antwoord uit halen."


TITLE_CHARS = 60  # a long title is cut in the answer's source line; the citation keeps it whole
SECTION_CHARS = 40


def quote_intro(language: str, title: str, page: int | None, section: str = "", again: bool = False) -> str:
    """"Volgens “Titel”, Artikel 5 (p. 3)": where the quote stands, short enough to read in chat; `again`
    for a further quote of the document just named: "Ook in Artikel 9 (p. 4)" (the title once is enough)."""
    part = section.rsplit(" › ", 1)[-1].strip() if section else ""
    part = part if part and part != title and len(part) <= SECTION_CHARS else ""
    pages = f" (p. {page})" if page else ""
    if again:
        if part:
            return f"Also in {part}{pages}" if language == "en" else f"Ook in {part}{pages}"
        if page:
            return f"Also on p. {page}" if language == "en" else f"Ook op p. {page}"
        return "Also" if language == "en" else "Ook"
    where = f"“{_short(title, TITLE_CHARS)}”" + (f", {part}" if part else "")
    return f"According to {where}{pages}" if language == "en" else f"Volgens {where}{pages}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
