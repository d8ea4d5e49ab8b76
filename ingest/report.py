"""What an ingest run reports, per file and as a whole (light: the CLI imports it before any store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Outcome(str, Enum):
    ADDED = "toegevoegd"
    CHANGED = "bijgewerkt"
    UNCHANGED = "ongewijzigd"
    FAILED = "mislukt"
    REMOVED = "verwijderd"
    KEPT = "niet verwijderd"  # a prune would have removed it, but was refused
    SKIPPED = "overgeslagen"  # in the folder, but of a kind we do not read (an image, a spreadsheet)


@dataclass
class FileReport:
    source: str
    outcome: Outcome
    chunks: int = 0
    detail: str = ""
    audience: tuple[str, ...] = ()  # who the document is meant for (): everyone), so lists of runs keep to it


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the whole run needs to say (a refused prune)
    refused: bool = False  # a prune was refused: nothing was removed

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.files if f.outcome is outcome)

    @property
    def quiet(self) -> bool:
        """Nothing happened that a reader of the overview would want to know: every file was as before
        (or of a kind we do not read), and the run has nothing to say."""
        return not (self.notes or self.refused) and all(f.outcome in (Outcome.UNCHANGED, Outcome.SKIPPED) for f in self.files)

    @property
    def failed(self) -> bool:
        return self.refused or self.count(Outcome.FAILED) > 0

    def as_json(self) -> dict:
        return {
            "files": [
                {"source": f.source, "outcome": f.outcome.name.lower(), "chunks": f.chunks, "detail": f.detail,
                 **({"audience": list(f.audience)} if f.audience else {})}
                for f in self.files
            ],
            "summary": {o.name.lower(): self.count(o) for o in Outcome},
            "notes": self.notes,
        }
