"""What is embedded and lexically indexed for a passage: its text with its document context."""

from __future__ import annotations


def index_text(title: str, section: str, text: str, extra: dict | None = None) -> str:
    """Title, publisher and section name what a passage is about even when its own sentences
    do not ("volgens Berenschot ...")."""
    publisher = str((extra or {}).get("publisher", ""))
    head = " — ".join(p for p in (title, publisher, section) if p)
    return f"{head}\n{text}" if head else text
