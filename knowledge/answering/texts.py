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


def quote_intro(language: str, title: str, page: int | None) -> str:
    if language == "en":
        return f"According to “{title}”" + (f" (p. {page})" if page else "")
    return f"Volgens “{title}”" + (f" (p. {page})" if page else "")
