"""The registry's records as the rest of the code sees them: who did what (Actor), organisations,
projects, participations and their changes, roles, representatives, every name a question can use, and
the errors a person gets to read. Plain values, no database: the service (registry/service.py) makes them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime

from registry.variants import fold


class RegistryError(Exception):
    """A request the registry cannot take; the message is meant for the person who made it."""


class UnknownName(RegistryError):
    def __init__(self, kind: str, name: str, close: list[str]) -> None:
        hint = f" Bedoel je: {', '.join(close)}?" if close else ""
        super().__init__(f"{kind.capitalize()} '{name}' staat niet in het register.{hint}")
        self.kind, self.name, self.close = kind, name, close


@dataclass(frozen=True)
class Actor:
    """Who changes the registry and through what: kept with every change."""

    who: str  # "slack:U123", "teams:29:abc", "cli:jan", "import:portfolio.xlsx"
    via: str  # slack | teams | cli | import | ronde


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str
    kind: str


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    theme: str | None
    lead: str | None  # the trekker organisation
    status: str
    starts_on: date | None
    ends_on: date | None
    decision: str
    decision_page: int | None


@dataclass(frozen=True)
class Participation:
    project: str
    organisation: str
    variant: str  # a key of registry.variants
    since: date | None
    contribution: str
    note: str
    recorded_at: datetime
    recorded_by: str
    via: str
    round_id: int | None = None


@dataclass(frozen=True)
class Change:
    """A declaration with the variant it replaced (None: the organisation was not listed before)."""

    now: Participation
    before: str | None


@dataclass(frozen=True)
class Role:
    person: str
    role: str
    body: str
    organisation: str | None
    since: date | None
    until: date | None
    account: str | None = None  # the holder's chat account ("slack:U123"): who reads a body's documents


@dataclass(frozen=True)
class Representative:
    organisation: str
    channel: str
    user_id: str


@dataclass(frozen=True)
class Names:
    """Every name a question can refer to, for routing questions to the registry."""

    organisations: list[str]
    projects: list[str]
    themes: list[str]
    bodies: list[str]  # bodies roles are held in (regiekamers, tafels, projects)
    persons: list[str]


def close_names(name: str, candidates: list[str], n: int = 3) -> list[str]:
    """The names someone probably meant: close in spelling, or sharing a word."""
    folded = {fold(c): c for c in candidates}
    found = [folded[f] for f in difflib.get_close_matches(fold(name), list(folded), n=n, cutoff=0.6)]
    words = {w for w in fold(name).split() if len(w) > 3}
    found += [c for f, c in folded.items() if words & set(f.split()) and c not in found]
    return found[:n]
