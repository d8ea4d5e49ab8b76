"""Kleur-bekennen rounds: the regiekamer asks every organisation, through its representatives, how it
takes part in each project of a theme (or of the whole portfolio). One answer per organisation per
project counts (the latest; every change is kept in the registry's history); organisations that have
not answered every project are reminded; at close the matrix is final and reported.

All state is in the database: opening and closing are compare-and-set on the status, reminders are
claimed, invitations are unique per round, organisation and address. Restarts and replicas lose and
duplicate nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from infra.claims import claim
from infra.database import Database, as_utc
from registry.records import Actor, RegistryError
from registry.service import Registry, utcnow
from registry.tables import DeclarationDeliveryRow, DeclarationRoundRow, OrganisationRow, ParticipationRow
from registry.variants import variant_of


class RoundClosed(RegistryError):
    pass


class NotRepresentative(RegistryError):
    pass


@dataclass(frozen=True)
class DeclarationRound:
    id: int
    title: str
    theme: str | None
    projects: list[tuple[int, str]]  # (id, name), as asked when the round was made
    status: str
    opens_at: datetime
    closes_at: datetime
    reminders: list[datetime]


@dataclass(frozen=True)
class Invitation:
    id: int
    round_id: int
    organisation_id: int
    organisation: str
    channel: str
    address: str
    message_ref: dict | None


@dataclass(frozen=True)
class Choice:
    """An organisation's answer for one project in this round, beside what stood before."""

    project_id: int
    project: str
    chosen: str | None  # the variant chosen in this round; None: not yet
    before: str | None  # the latest variant from before the round
    contribution: str = ""
    note: str = ""


class DeclarationRounds:
    def __init__(self, db: Database, registry: Registry) -> None:
        self._db = db
        self.registry = registry

    # --- rounds -----------------------------------------------------------------------------
    def create(self, *, title: str, theme: str | None, opens_at: datetime, closes_at: datetime,
               reminders: list[datetime] | None = None, schedule_key: str | None = None, actor: Actor) -> int | None:
        """A new round over the theme's projects (every current project without a theme); None
        when a round for this schedule key exists already (another replica made it)."""
        if closes_at <= opens_at:
            raise RegistryError("Een ronde moet sluiten na het openen.")
        projects = [p for p in self.registry.projects(theme) if p.status in ("idee", "lopend")]
        if not projects:
            raise RegistryError(f"Er zijn geen lopende projecten{' in thema ' + theme if theme else ''} om naar te vragen.")
        row = DeclarationRoundRow(
            title=title, theme=theme, projects=[{"id": p.id, "name": p.name} for p in projects],
            opens_at=opens_at, closes_at=closes_at,
            reminders=[r.isoformat() for r in sorted(r for r in (reminders or []) if opens_at < r < closes_at)],
            status="scheduled", schedule_key=schedule_key, created_at=utcnow(), created_by=actor.who,
        )
        try:
            with self._db.session() as session:
                session.add(row)
                session.flush()
                return row.id
        except IntegrityError:
            return None

    def round(self, round_id: int) -> DeclarationRound:
        with self._db.session() as session:
            row = session.get(DeclarationRoundRow, round_id)
            if row is None:
                raise RegistryError(f"Ronde {round_id} bestaat niet.")
            return _round(row)

    def rounds(self, status: str | None = None) -> list[DeclarationRound]:
        with self._db.session() as session:
            query = select(DeclarationRoundRow).order_by(DeclarationRoundRow.opens_at, DeclarationRoundRow.id)
            if status:
                query = query.where(DeclarationRoundRow.status == status)
            return [_round(r) for r in session.scalars(query)]

    def set_status(self, round_id: int, status: str, expected: str) -> bool:
        """Compare-and-set: True for the one caller that moved the round on."""
        with self._db.session() as session:
            values = {"status": status, **({"closed_at": utcnow()} if status == "closed" else {})}
            moved = session.execute(update(DeclarationRoundRow).where(
                DeclarationRoundRow.id == round_id, DeclarationRoundRow.status == expected).values(**values))
            return moved.rowcount == 1

    def close_now(self, round_id: int) -> None:
        """Let the next tick close it (and report): the closing time moves to now."""
        with self._db.session() as session:
            row = session.get(DeclarationRoundRow, round_id)
            if row is None:
                raise RegistryError(f"Ronde {round_id} bestaat niet.")
            if row.status == "closed":
                raise RoundClosed(f"Ronde {round_id} is al gesloten.")
            now = utcnow()
            row.closes_at = min(as_utc(row.closes_at), now)
            row.opens_at = min(as_utc(row.opens_at), now)

    def claim(self, kind: str, key: str, by: str) -> bool:
        return claim(self._db, kind, key, by)

    # --- invitations ------------------------------------------------------------------------
    def invite_representatives(self, round_id: int, channel: str) -> list[Invitation]:
        """One invitation per representative per organisation on this channel. Returns only those this
        call added: the unique key lets exactly one replica add (and so send) each, at opening or for
        a representative listed mid-round."""
        wanted = [(r.organisation, r.user_id) for r in self.registry.representatives() if r.channel == channel]
        with self._db.session() as session:
            ids = {name: id_ for id_, name in session.execute(select(OrganisationRow.id, OrganisationRow.name))}
            known = {(d.organisation_id, d.address) for d in session.scalars(select(DeclarationDeliveryRow).where(
                DeclarationDeliveryRow.round_id == round_id, DeclarationDeliveryRow.channel == channel))}
        added = set()
        for organisation, address in wanted:
            if (ids[organisation], address) in known:
                continue
            try:
                with self._db.session() as session:
                    session.add(DeclarationDeliveryRow(round_id=round_id, organisation_id=ids[organisation], channel=channel, address=address))
                added.add((organisation, address))
            except IntegrityError:
                pass  # another replica added it at the same moment: that replica sends it
        return [i for i in self.invitations(round_id, channel) if (i.organisation, i.address) in added]

    def invitations(self, round_id: int, channel: str | None = None, *, pending_only: bool = False) -> list[Invitation]:
        """Who was asked; `pending_only`: those whose organisation has not answered every project yet."""
        with self._db.session() as session:
            query = select(DeclarationDeliveryRow, OrganisationRow.name).join(OrganisationRow).where(
                DeclarationDeliveryRow.round_id == round_id).order_by(DeclarationDeliveryRow.id)
            if channel:
                query = query.where(DeclarationDeliveryRow.channel == channel)
            found = [Invitation(d.id, d.round_id, d.organisation_id, name, d.channel, d.address, d.message_ref)
                     for d, name in session.execute(query)]
        if pending_only:
            done = set(self.complete_organisations(round_id))
            found = [i for i in found if i.organisation not in done]
        return found

    def mark_invited(self, invitation_id: int, message_ref: dict | None) -> None:
        with self._db.session() as session:
            row = session.get(DeclarationDeliveryRow, invitation_id)
            row.invited_at, row.message_ref = utcnow(), message_ref

    def invitation_for(self, round_id: int, organisation: str, channel: str, address: str) -> Invitation | None:
        return next((i for i in self.invitations(round_id, channel) if i.organisation == organisation and i.address == address), None)

    # --- answers ----------------------------------------------------------------------------
    def may_declare(self, channel: str, user_id: str, organisation: str, *, is_admin: bool = False) -> bool:
        return is_admin or organisation in self.registry.represented_by(channel, user_id)

    def declare(self, round_id: int, organisation: str, project_id: int, variant: str, actor: Actor, *,
                channel: str, user_id: str, is_admin: bool = False, contribution: str | None = None,
                note: str | None = None) -> bool:
        """One answer in a round. Only the organisation's representatives (or an administrator) may
        give it; a closed round or a project outside the round is refused; nothing changes then."""
        info = self.round(round_id)
        if info.status != "open":
            raise RoundClosed("Deze ronde is gesloten; je keuze is niet meer opgeslagen. Vraag de regiekamer als er iets moet veranderen.")
        if not self.may_declare(channel, user_id, organisation, is_admin=is_admin):
            raise NotRepresentative(f"Je bent geen vertegenwoordiger van {organisation}; je keuze is niet opgeslagen. "
                                    "Een beheerder kan je toevoegen.")
        project = dict(info.projects).get(project_id)
        if project is None:
            raise RegistryError("Dat project hoort niet bij deze ronde.")
        current = self.choices(round_id, organisation)
        mine = next(c for c in current if c.project_id == project_id)
        key = variant_of(variant).key
        # The contribution and note belong to the choice they were given with: another variant starts
        # without them ("geen deelname" does not keep the € 20.000 of an earlier solidarity).
        same = key == (mine.chosen or mine.before)
        return self.registry.declare(
            project, organisation, key, actor, round_id=round_id,
            contribution=(mine.contribution if same else "") if contribution is None else contribution,
            note=(mine.note if same else "") if note is None else note,
        )

    def choices(self, round_id: int, organisation: str) -> list[Choice]:
        """Per project of the round: what this organisation chose in it, and what stood before."""
        info = self.round(round_id)
        with self._db.session() as session:
            organisation_id = session.scalar(select(OrganisationRow.id).where(OrganisationRow.name == organisation))
            choices = []
            for project_id, name in info.projects:
                rows = list(session.scalars(select(ParticipationRow).where(
                    ParticipationRow.project_id == project_id, ParticipationRow.organisation_id == organisation_id,
                ).order_by(ParticipationRow.seq)))
                in_round = [r for r in rows if r.round_id == round_id]
                before = [r for r in rows if r.round_id != round_id and (not in_round or r.seq < in_round[0].seq)]
                latest = rows[-1] if rows else None
                choices.append(Choice(project_id, name, in_round[-1].variant if in_round else None,
                                      before[-1].variant if before else None,
                                      latest.contribution if latest else "", latest.note if latest else ""))
            return choices

    def complete_organisations(self, round_id: int) -> list[str]:
        """Organisations that answered every project of the round."""
        info = self.round(round_id)
        wanted = {project_id for project_id, _ in info.projects}
        with self._db.session() as session:
            answered: dict[str, set[int]] = {}
            for organisation, project_id in session.execute(
                select(OrganisationRow.name, ParticipationRow.project_id).join(OrganisationRow, OrganisationRow.id == ParticipationRow.organisation_id)
                .where(ParticipationRow.round_id == round_id)
            ):
                answered.setdefault(organisation, set()).add(project_id)
        return sorted(o for o, projects in answered.items() if wanted <= projects)

    def unreachable_organisations(self) -> list[str]:
        """Organisations nobody can ask: they have no representative on any channel, so no round reaches them."""
        represented = {r.organisation for r in self.registry.representatives()}
        return sorted(o.name for o in self.registry.organisations() if o.name not in represented)

    def silent_organisations(self, round_id: int) -> list[str]:
        """Organisations with representatives that have not answered every project: whom to remind, and name at close."""
        invited = {i.organisation for i in self.invitations(round_id)}
        return sorted(invited - set(self.complete_organisations(round_id)))


def default_reminders(opens_at: datetime, closes_at: datetime, days: list[float]) -> list[datetime]:
    return [opens_at + timedelta(days=d) for d in days if opens_at + timedelta(days=d) < closes_at]


def _round(row: DeclarationRoundRow) -> DeclarationRound:
    return DeclarationRound(
        row.id, row.title, row.theme, [(p["id"], p["name"]) for p in row.projects], row.status,
        as_utc(row.opens_at), as_utc(row.closes_at), [datetime.fromisoformat(r) for r in row.reminders],
    )

