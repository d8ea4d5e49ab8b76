"""Finding a stored document from what a person types: the name `samenspel sources` shows, or the
path of the file it was read from."""

from __future__ import annotations

from pathlib import Path

from knowledge.models import DocumentInfo


class DocumentLookupError(LookupError):
    """No document, or more than one, matches; the message says which and what to type."""


def find_document(documents: dict[str, DocumentInfo], wanted: str) -> str:
    """The stored name for `wanted`: an exact name, a file path (matched on where the document was
    read from, then on its name), or a name that differs only in case or lacks its extension."""
    wanted = wanted.strip()
    if wanted in documents:
        return wanted
    path = Path(wanted).expanduser()
    resolved = str(path.resolve()) if wanted else ""
    by_origin = [d.source for d in documents.values() if d.origin and d.origin == resolved]
    if by_origin:
        return by_origin[0]
    if path.name in documents:
        return path.name
    folded = path.name.casefold()
    loose = sorted(d for d in documents if d.casefold() == folded or Path(d).stem.casefold() == folded)
    if len(loose) == 1:
        return loose[0]
    if len(loose) > 1:
        raise DocumentLookupError(f"'{wanted}' past bij meer dan één document: {', '.join(loose)}; geef de volledige naam")
    raise DocumentLookupError(f"'{wanted}' staat niet in de kennisbank (zie: samenspel sources)")
