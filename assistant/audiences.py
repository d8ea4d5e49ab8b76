"""Who may read what. A group is a named set of people: chat accounts named one by one, everyone in a
Slack channel or Teams conversation, and (where the register knows their accounts) everyone holding
a role in a body. A document meant for some groups is read only by their members; in a channel, an
answer may come only from what every member of that channel may read, because all of them read it.

Group definitions live in the database and are read at every question, so a change applies at once
on every replica; who is in a channel comes from the platform, kept for a few seconds."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Protocol

from sqlalchemy import JSON, DateTime, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from infra.database import Database
from infra.tables import Base
from knowledge.audience import AudienceError, group_name

log = logging.getLogger(__name__)

PLATFORMS = ("slack", "teams")


class GroupRow(Base):
    __tablename__ = "audience_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    members: Mapped[list] = mapped_column(JSON)
    places: Mapped[list] = mapped_column(JSON)
    bodies: Mapped[list] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(200))


@dataclass(frozen=True)
class Group:
    name: str
    members: tuple[str, ...] = ()  # "slack:U123", "teams:<aad object id>"
    places: tuple[str, ...] = ()  # "slack:C0123", "teams:<conversation id>": everyone in it
    bodies: tuple[str, ...] = ()  # "bestuurlijke regiekamer": everyone holding a role in it


def account(value: str) -> str:
    """'slack:U123' or 'teams:…' as kept; refused with a plain reason when the platform is missing."""
    platform, _, ident = value.strip().partition(":")
    if platform.lower() not in PLATFORMS or not ident.strip():
        raise AudienceError(f"'{value}' is geen account of kanaal: schrijf slack:U0123ABC, slack:C0123ABC of teams:…")
    return f"{platform.lower()}:{ident.strip()}"


class GroupDirectory:
    """The groups, as administrators define them (`samenspel groep …`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> list[Group]:
        with self._db.session() as session:
            return [Group(r.name, tuple(r.members), tuple(r.places), tuple(r.bodies))
                    for r in session.scalars(select(GroupRow).order_by(GroupRow.name))]

    def get(self, name: str) -> Group | None:
        return next((g for g in self.all() if g.name == group_name(name)), None)

    def save(self, name: str, *, members: Iterable[str] = (), places: Iterable[str] = (), bodies: Iterable[str] = (),
             actor: str, replace: bool = False) -> Group:
        """Add members, places and bodies to a group (made when new); `replace` sets them instead."""
        name = group_name(name)
        members, places = [account(m) for m in members], [account(p) for p in places]
        bodies = [" ".join(b.split()) for b in bodies if b.strip()]
        with self._db.session() as session:
            row = session.scalar(select(GroupRow).where(GroupRow.name == name))
            if row is None:
                row = GroupRow(name=name, members=[], places=[], bodies=[], updated_at=_now(), updated_by=actor)
                session.add(row)
            if replace:
                row.members, row.places, row.bodies = members, places, bodies
            else:
                row.members = list(dict.fromkeys([*row.members, *members]))
                row.places = list(dict.fromkeys([*row.places, *places]))
                row.bodies = list(dict.fromkeys([*row.bodies, *bodies]))
            row.updated_at, row.updated_by = _now(), actor
            return Group(row.name, tuple(row.members), tuple(row.places), tuple(row.bodies))

    def take_out(self, name: str, *, members: Iterable[str] = (), places: Iterable[str] = (), bodies: Iterable[str] = (),
                 actor: str) -> Group | None:
        name = group_name(name)
        gone_m, gone_p = {account(m) for m in members}, {account(p) for p in places}
        gone_b = {" ".join(b.split()).lower() for b in bodies}
        with self._db.session() as session:
            row = session.scalar(select(GroupRow).where(GroupRow.name == name))
            if row is None:
                return None
            row.members = [m for m in row.members if m not in gone_m]
            row.places = [p for p in row.places if p not in gone_p]
            row.bodies = [b for b in row.bodies if b.lower() not in gone_b]
            row.updated_at, row.updated_by = _now(), actor
            return Group(row.name, tuple(row.members), tuple(row.places), tuple(row.bodies))

    def remove(self, name: str) -> bool:
        with self._db.session() as session:
            return session.execute(delete(GroupRow).where(GroupRow.name == group_name(name))).rowcount > 0

    def forget(self, channel: str, user_id: str) -> int:
        """Erase a person from every group they were named in; returns in how many."""
        who = f"{channel}:{user_id}"
        changed = 0
        with self._db.session() as session:
            for row in session.scalars(select(GroupRow)):
                if who in row.members:
                    row.members = [m for m in row.members if m != who]
                    changed += 1
        return changed


class Membership(Protocol):
    """Who is in a channel or conversation of one platform, as accounts ("slack:U123")."""

    def members(self, place: str) -> frozenset[str]: ...


class MembershipUnavailable(Exception):
    """The platform could not say who is in a place (not reachable, no access): nothing restricted is used."""


@dataclass
class Audiences:
    """Turns a question's asker and place into the groups whose documents may be used for it."""

    directory: GroupDirectory
    memberships: dict[str, Membership] = field(default_factory=dict)  # per platform
    body_members: Callable[[str], set[str]] | None = None  # the accounts holding a role in a body (the register)
    cache_seconds: float = 15.0
    clock: Callable[[], float] = time.monotonic
    _cache: dict[str, tuple[float, frozenset[str]]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def readable_by(self, channel: str, user_id: str, place: str | None = None) -> frozenset[str] | None:
        """The groups whose documents may be used: the asker's own in a direct message (`place`
        None), those every member of `place` belongs to in a channel. None (everything) only for
        the terminal, which administrators use."""
        if channel == "cli":
            return None
        groups = self.directory.all()
        if not groups:
            return frozenset()
        asker = f"{channel}:{user_id}"
        if place is None:
            return frozenset(g.name for g in groups if asker in self._members_of(g))
        try:
            readers = self._place_members(place) | {asker}
        except MembershipUnavailable as exc:
            log.warning("who is in %s is unknown (%s): only documents for everyone are used there", place, exc)
            return frozenset()
        return frozenset(g.name for g in groups if readers <= self._members_of(g))

    def members_of(self, name: str) -> frozenset[str]:
        group = self.directory.get(name)
        return self._members_of(group) if group is not None else frozenset()

    def _members_of(self, group: Group) -> frozenset[str]:
        members = set(group.members)
        for place in group.places:
            try:
                members |= self._place_members(place)
            except MembershipUnavailable as exc:
                log.warning("members of %s (group %s) unknown: %s", place, group.name, exc)
        if self.body_members is not None:
            for body in group.bodies:
                members |= self.body_members(body)
        return frozenset(members)

    def _place_members(self, place: str) -> frozenset[str]:
        now = self.clock()
        with self._lock:
            cached = self._cache.get(place)
        if cached is not None and now - cached[0] < self.cache_seconds:
            return cached[1]
        platform = place.split(":", 1)[0]
        source = self.memberships.get(platform)
        if source is None:
            raise MembershipUnavailable(f"geen verbinding met {platform}")
        members = source.members(place)
        with self._lock:
            self._cache[place] = (now, members)
        return members


def _now() -> datetime:
    return datetime.now(timezone.utc)
