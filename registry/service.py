"""The registry on the SQL database: organisations, themes, projects and who takes part how (the
people in it, roles and representatives, in registry.people). Participation is append-only: a declaration is a new row, numbered per project and
organisation, so the state on any moment and every change since can be read back, and two writers
at once collide on the number instead of both landing (the second re-reads and tries again)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from infra.database import Database, as_utc
from registry.amounts import readable_amount
from registry.records import (
    Actor,
    Change,
    Names,
    Organisation,
    Participation,
    Project,
    RegistryError,
)
from registry.people import People
from registry.rows import active, by_name, known, of_active, remember, valid_name
from registry.tables import OrganisationRow, ParticipationRow, ProjectRow, RoleRow, ThemeRow
from registry.variants import fold, variant_of

ORGANISATION_KINDS = ("gemeente", "provincie", "waterschap", "bedrijf", "kennisinstelling", "overig")
PROJECT_STATUSES = ("idee", "lopend", "afgerond", "gestopt")
_RETRIES = 20  # a declaration that collides with another writer re-reads and tries again, after a short random wait


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def today() -> date:
    """Today in the collaboration's time zone, by the same clock as every recorded change."""
    from infra.local_time import local

    return local(utcnow()).date()


class Registry(People):
    def __init__(self, db: Database) -> None:
        self._db = db
        self._local = threading.local()  # the open transaction of this thread, if any

    @property
    def db(self) -> Database:
        return self._db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything done inside is written together or not at all: an import of a whole file."""
        with self._db.session() as session:
            self._local.session = session
            try:
                yield
            finally:
                self._local.session = None

    def _now(self) -> datetime:
        return utcnow()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        current = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        with self._db.session() as session:
            yield session

    # --- names ------------------------------------------------------------------------------
    def names(self) -> Names:
        with self._session() as session:
            organisations = list(session.scalars(select(OrganisationRow.name).where(active(OrganisationRow))))
            projects = list(session.scalars(select(ProjectRow.name).where(active(ProjectRow))))
            themes = list(session.scalars(select(ThemeRow.name).where(active(ThemeRow))))
            bodies = list(session.scalars(select(RoleRow.body).distinct()))
            persons = list(session.scalars(select(RoleRow.person).distinct()))
        return Names(organisations, projects, themes, bodies, persons)

    def organisations(self) -> list[Organisation]:
        with self._session() as session:
            return [Organisation(r.id, r.name, r.kind)
                    for r in session.scalars(select(OrganisationRow).where(active(OrganisationRow)).order_by(OrganisationRow.name))]

    def projects(self, theme: str | None = None) -> list[Project]:
        with self._session() as session:
            query = select(ProjectRow).where(active(ProjectRow)).order_by(ProjectRow.name)
            if theme is not None:
                query = query.where(ProjectRow.theme_id == self._theme_row(session, theme).id)
            return [self._project(session, r) for r in session.scalars(query)]

    def project(self, name: str) -> Project:
        with self._session() as session:
            return self._project(session, self._project_row(session, name))

    def organisation_name(self, organisation_id: int) -> str:
        with self._session() as session:
            row = session.get(OrganisationRow, organisation_id)
            if row is None:
                raise RegistryError("Die organisatie staat niet (meer) in het register.")
            return row.name

    def themes(self) -> list[str]:
        with self._session() as session:
            return list(session.scalars(select(ThemeRow.name).where(active(ThemeRow)).order_by(ThemeRow.name)))

    def theme_descriptions(self) -> dict[str, str]:
        """Every theme with its description, by name."""
        with self._session() as session:
            return {r.name: r.description or "" for r in session.scalars(select(ThemeRow).where(active(ThemeRow)).order_by(ThemeRow.name))}

    # --- the portfolio ----------------------------------------------------------------------
    def save_organisation(self, name: str, kind: str = "gemeente") -> None:
        name, kind = valid_name(name, "organisatie"), fold(kind) or "gemeente"
        if kind not in ORGANISATION_KINDS:
            raise RegistryError(f"onbekende soort organisatie '{kind}'; kies uit: {', '.join(ORGANISATION_KINDS)}")
        with self._session() as session:
            row = by_name(session, OrganisationRow, name)
            if row is None:
                row = OrganisationRow(name=name, kind=kind, created_at=utcnow())
                session.add(row)
                remember(session, row)
            else:
                row.kind, row.removed_at, row.removed_by = kind, None, None  # saving a removed name brings it back

    def save_theme(self, name: str, description: str | None = "") -> bool:
        """Add a theme or change its description (None keeps the description it has); True when
        something changed."""
        name = valid_name(name, "thema")
        with self._session() as session:
            row = by_name(session, ThemeRow, name)
            if row is None:
                row = ThemeRow(name=name, description=description or "", created_at=utcnow())
                session.add(row)
                remember(session, row)
                return True
            if row.removed_at is not None:
                row.removed_at, row.removed_by = None, None
                row.description = row.description if description is None else description
                return True
            if description is None or (row.description or "") == description:
                return False
            row.description = description
            return True

    def save_project(self, name: str, *, theme: str | None = None, lead: str | None = None, status: str = "lopend",
                     starts_on: date | None = None, ends_on: date | None = None, decision: str = "",
                     decision_page: int | None = None) -> None:
        name, status = valid_name(name, "project"), fold(status) or "lopend"
        if status not in PROJECT_STATUSES:
            raise RegistryError(f"onbekende status '{status}'; kies uit: {', '.join(PROJECT_STATUSES)}")
        with self._session() as session:
            values = dict(
                theme_id=self._theme_row(session, theme).id if theme else None,
                lead_id=self._organisation_row(session, lead).id if lead else None,
                status=status, starts_on=starts_on, ends_on=ends_on, decision=decision or "", decision_page=decision_page,
                updated_at=utcnow(),
            )
            row = by_name(session, ProjectRow, name)
            if row is None:
                row = ProjectRow(name=name, created_at=utcnow(), **values)
                session.add(row)
                remember(session, row)
            else:
                for key, value in {**values, "removed_at": None, "removed_by": None}.items():
                    setattr(row, key, value)

    def remove(self, kind: str, name: str, actor: Actor) -> str:
        """Take an organisation, project or theme out of the registry: it no longer shows, is no longer
        asked about and answers no question, but its history stays (and is exported). A theme's
        projects stay, without the theme. Returns the name as the registry spelled it."""
        table = {"organisatie": OrganisationRow, "project": ProjectRow, "thema": ThemeRow}.get(kind)
        if table is None:
            raise RegistryError(f"onbekende soort '{kind}'; kies uit: organisatie, project, thema")
        with self._session() as session:
            row = known(session, table, name, kind)
            row.removed_at, row.removed_by = utcnow(), actor.who
            if table is ThemeRow:
                session.execute(update(ProjectRow).where(ProjectRow.theme_id == row.id).values(theme_id=None))
            return row.name

    # --- participation ----------------------------------------------------------------------
    def declare(self, project: str, organisation: str, variant: str, actor: Actor, *, since: date | None = None,
                contribution: str = "", note: str = "", round_id: int | None = None) -> bool:
        """Record how an organisation takes part; False when it repeats the latest declaration
        (a double click or a retry), which is then not recorded again. In a round, confirming an
        unchanged choice is recorded once, so the round knows the organisation answered; a confirmation
        keeps the day the choice took effect (its "since"), and records when it was confirmed."""
        key = variant_of(variant).key
        contribution = readable_amount(contribution or "")
        for attempt in range(_RETRIES):
            try:
                with self._session() as session:
                    project_row = self._project_row(session, project)
                    organisation_row = self._organisation_row(session, organisation)
                    latest = session.scalars(
                        select(ParticipationRow)
                        .where(ParticipationRow.project_id == project_row.id, ParticipationRow.organisation_id == organisation_row.id)
                        .order_by(ParticipationRow.seq.desc()).limit(1)
                    ).first()
                    if latest is not None and (latest.variant, readable_amount(latest.contribution), latest.note) == (key, contribution, note or "") \
                            and (since is None or latest.since == since) and (round_id is None or latest.round_id == round_id):
                        return False  # a repeat; in a round, the first confirmation of an unchanged choice still counts
                    if since is None:  # the same variant goes on from the day it took effect; a new one starts today
                        since = latest.since if latest is not None and latest.variant == key and latest.since else today()
                    session.add(ParticipationRow(
                        project_id=project_row.id, organisation_id=organisation_row.id, seq=(latest.seq + 1) if latest else 1,
                        variant=key, since=since, contribution=contribution, note=note or "",
                        recorded_at=utcnow(), recorded_by=actor.who, via=actor.via, round_id=round_id,
                    ))
                return True
            except IntegrityError:  # another writer took this number: read their declaration and decide again
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
        raise RegistryError("Het register is druk; probeer het zo nog eens.")

    def participation(self, *, project: str | None = None, organisation: str | None = None, theme: str | None = None,
                      as_of: date | None = None, known_at: datetime | None = None) -> list[Participation]:
        """Per project and organisation the choice in force on `as_of` (today by default): the latest
        declaration whose "since" had come by then; with `known_at`, only what had been recorded by
        that moment (so a period's overview stays what it was when a later one builds on it).
        Sorted by project and organisation."""
        with self._session() as session:
            latest = select(
                ParticipationRow.project_id, ParticipationRow.organisation_id, func.max(ParticipationRow.seq).label("seq")
            )
            if as_of is not None:
                latest = latest.where(ParticipationRow.since <= as_of)
            if known_at is not None:
                latest = latest.where(ParticipationRow.recorded_at <= known_at)
            latest = latest.group_by(ParticipationRow.project_id, ParticipationRow.organisation_id).subquery()
            query = select(ParticipationRow).join(
                latest,
                (ParticipationRow.project_id == latest.c.project_id)
                & (ParticipationRow.organisation_id == latest.c.organisation_id)
                & (ParticipationRow.seq == latest.c.seq),
            )
            if project is not None:
                query = query.where(ParticipationRow.project_id == self._project_row(session, project).id)
            if organisation is not None:
                query = query.where(ParticipationRow.organisation_id == self._organisation_row(session, organisation).id)
            if theme is not None:
                theme_id = self._theme_row(session, theme).id
                query = query.where(ParticipationRow.project_id.in_(select(ProjectRow.id).where(ProjectRow.theme_id == theme_id)))
            query = of_active(query)
            rows = [self._participation(session, r) for r in session.scalars(query)]
        return sorted(rows, key=lambda p: (fold(p.project), fold(p.organisation)))

    def changes(self, since: datetime, until: datetime | None = None) -> list[Change]:
        """Every declaration recorded in the period, with the variant it replaced, oldest first."""
        with self._session() as session:
            query = of_active(select(ParticipationRow).where(ParticipationRow.recorded_at > since)).order_by(
                ParticipationRow.recorded_at, ParticipationRow.id)
            if until is not None:
                query = query.where(ParticipationRow.recorded_at <= until)
            changes = []
            for row in session.scalars(query):
                before = session.scalar(select(ParticipationRow.variant).where(
                    ParticipationRow.project_id == row.project_id, ParticipationRow.organisation_id == row.organisation_id,
                    ParticipationRow.seq == row.seq - 1))
                changes.append(Change(self._participation(session, row), before))
            return changes

    def net_changes(self, since: datetime, until: datetime | None = None, *, round_id: int | None = None) -> list[Change]:
        """What changed over the period, per organisation and project: what stood before the period
        (first) against what stands at its end (last); a click back and forth that ends where it began
        is no change, and neither is an import that records a situation for the first time. With
        `round_id`, only declarations made in that round count."""
        net: dict[tuple[str, str], Change] = {}
        for change in self.changes(since, until):
            if round_id is not None and change.now.round_id != round_id:
                continue
            key = (change.now.project, change.now.organisation)
            first = net.get(key)
            net[key] = Change(change.now, first.before if first is not None else change.before)
        return [c for c in net.values()
                if c.before != c.now.variant and not (c.before is None and c.now.via == "import")]

    def history(self, project: str, organisation: str) -> list[Participation]:
        with self._session() as session:
            rows = session.scalars(select(ParticipationRow).where(
                ParticipationRow.project_id == self._project_row(session, project).id,
                ParticipationRow.organisation_id == self._organisation_row(session, organisation).id,
            ).order_by(ParticipationRow.seq))
            return [self._participation(session, r) for r in rows]

    def every_declaration(self) -> list[tuple[Participation, datetime | None]]:
        """Every declaration ever recorded, with when its project or organisation was removed from
        the registry (None while both are in it): the history an export keeps."""
        with self._session() as session:
            found = []
            for row in session.scalars(select(ParticipationRow).order_by(ParticipationRow.project_id, ParticipationRow.organisation_id,
                                                                       ParticipationRow.seq)):
                project, organisation = session.get(ProjectRow, row.project_id), session.get(OrganisationRow, row.organisation_id)
                removed = [as_utc(m) for m in (project.removed_at, organisation.removed_at) if m is not None]
                found.append((self._participation(session, row), min(removed) if removed else None))
        return sorted(found, key=lambda f: (fold(f[0].project), fold(f[0].organisation), f[0].recorded_at))

    # --- rows to values ---------------------------------------------------------------------
    def _organisation_row(self, session: Session, name: str) -> OrganisationRow:
        return known(session, OrganisationRow, name, "organisatie")

    def _project_row(self, session: Session, name: str) -> ProjectRow:
        return known(session, ProjectRow, name, "project")

    def _theme_row(self, session: Session, name: str) -> ThemeRow:
        return known(session, ThemeRow, name, "thema")

    @staticmethod
    def _project(session: Session, row: ProjectRow) -> Project:
        theme = session.get(ThemeRow, row.theme_id) if row.theme_id else None
        lead = session.get(OrganisationRow, row.lead_id) if row.lead_id else None
        lead = lead if lead is not None and lead.removed_at is None else None
        return Project(row.id, row.name, theme.name if theme else None, lead.name if lead else None, row.status,
                       row.starts_on, row.ends_on, row.decision, row.decision_page)

    @staticmethod
    def _participation(session: Session, row: ParticipationRow) -> Participation:
        return Participation(
            session.get(ProjectRow, row.project_id).name, session.get(OrganisationRow, row.organisation_id).name,
            row.variant, row.since, row.contribution, row.note, as_utc(row.recorded_at), row.recorded_by, row.via, row.round_id,
        )


