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


def quote_intro(language: str, title: str, page: int | None, section: str = "") -> str:
    """"Volgens “Titel”, Artikel 5 (p. 3)": where the quote stands, short enough to read in chat."""
    where = _short(title, TITLE_CHARS)
    part = section.rsplit(" › ", 1)[-1].strip() if section else ""
    if part and part != title and len(part) <= SECTION_CHARS:
        where = f"“{where}”, {part}"
    else:
        where = f"“{where}”"
    pages = f" (p. {page})" if page else ""
    return f"According to {where}{pages}" if language == "en" else f"Volgens {where}{pages}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
