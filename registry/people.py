"""The people in the registry: who holds which role in which body (with their chat account, the
members of a reader group), who may declare for an organisation, and erasing a person's chat id."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registry.records import Actor, RegistryError, Representative, Role
from registry.rows import active, chat_account, valid_name
from registry.tables import OrganisationRow, ParticipationRow, RepresentativeRow, RoleRow
from registry.variants import fold


class People:
    """Part of the Registry (registry.service), which gives it `_session()` (the open transaction, if
    any), `_now()` (its clock) and `_organisation_row(session, name)`."""

    # --- roles ------------------------------------------------------------------------------
    def save_role(self, person: str, role: str, body: str, actor: Actor, *, organisation: str | None = None,
                  since: date | None = None, until: date | None = None, account: str | None = None) -> bool:
        """Record a role (with the holder's chat account, when known); False when this person already
        holds it in this body with that account (nothing changes)."""
        person, role, body = valid_name(person, "persoon"), valid_name(role, "rol").lower(), valid_name(body, "orgaan")
        account = chat_account(account)
        with self._session() as session:
            organisation_id = self._organisation_row(session, organisation).id if organisation else None
            for row in self._open_roles(session, person=person, role=role, body=body):
                if until is None:
                    if account and account != row.account:
                        row.account = account
                        return True
                    return False
                row.until, row.ended_at, row.ended_by = until, self._now(), actor.who
                return True
            session.add(RoleRow(person=person, role=role, body=body, organisation_id=organisation_id, since=since,
                                until=until, recorded_at=self._now(), recorded_by=actor.who, account=account))
            return True

    def accounts_in(self, body: str, on: date | None = None) -> set[str]:
        """The chat accounts of everyone holding a role in `body` on a day (today): a reader group's members."""
        return {r.account for r in self.roles(body=body, on=on) if r.account}

    def end_role(self, person: str, role: str, body: str, actor: Actor, until: date | None = None) -> bool:
        """End a role (it stays in the history); False when nobody held it."""
        with self._session() as session:
            ended = False
            for row in self._open_roles(session, person=person, role=role.lower(), body=body):
                row.until, row.ended_at, row.ended_by, ended = until or date.today(), self._now(), actor.who, True
            return ended

    def roles(self, *, body: str | None = None, person: str | None = None, role: str | None = None,
              on: date | None = None) -> list[Role]:
        """The roles held on a day (today by default)."""
        on = on or date.today()
        with self._session() as session:
            rows = session.scalars(select(RoleRow).order_by(RoleRow.body, RoleRow.role, RoleRow.person))
            found = []
            for row in rows:
                if (row.since and row.since > on) or (row.until and row.until <= on):
                    continue
                if any(wanted is not None and fold(wanted) != fold(value)
                       for wanted, value in ((body, row.body), (person, row.person), (role, row.role))):
                    continue
                organisation = session.get(OrganisationRow, row.organisation_id) if row.organisation_id else None
                found.append(Role(row.person, row.role, row.body, organisation.name if organisation else None, row.since, row.until,
                                  row.account))
            return found

    # --- representatives --------------------------------------------------------------------
    def add_representative(self, organisation: str, channel: str, user_id: str, actor: Actor) -> bool:
        if channel not in ("slack", "teams"):
            raise RegistryError(f"kanaal '{channel}' kent geen vertegenwoordigers; kies slack of teams")
        if not user_id.strip():
            raise RegistryError("een vertegenwoordiger heeft een gebruikers-id nodig")
        try:
            with self._session() as session:
                row = self._organisation_row(session, organisation)
                listed = session.scalars(select(RepresentativeRow.id).where(
                    RepresentativeRow.organisation_id == row.id, RepresentativeRow.channel == channel,
                    RepresentativeRow.user_id == user_id.strip())).first()
                if listed is not None:
                    return False
                session.add(RepresentativeRow(organisation_id=row.id, channel=channel, user_id=user_id.strip(),
                                              added_at=self._now(), added_by=actor.who))
            return True
        except IntegrityError:
            return False  # listed at the same moment by someone else

    def remove_representative(self, organisation: str, channel: str, user_id: str) -> bool:
        with self._session() as session:
            row = session.scalars(select(RepresentativeRow).where(
                RepresentativeRow.organisation_id == self._organisation_row(session, organisation).id,
                RepresentativeRow.channel == channel, RepresentativeRow.user_id == user_id)).first()
            if row is None:
                return False
            session.delete(row)
            return True

    def representatives(self, organisation: str | None = None) -> list[Representative]:
        with self._session() as session:
            query = select(RepresentativeRow, OrganisationRow.name).join(OrganisationRow).where(active(OrganisationRow))
            if organisation is not None:
                query = query.where(RepresentativeRow.organisation_id == self._organisation_row(session, organisation).id)
            return sorted((Representative(name, r.channel, r.user_id) for r, name in session.execute(query)),
                          key=lambda r: (fold(r.organisation), r.channel, r.user_id))

    def represented_by(self, channel: str, user_id: str) -> list[str]:
        """The organisations this chat user may declare for."""
        with self._session() as session:
            return sorted(session.scalars(select(OrganisationRow.name).join(RepresentativeRow).where(
                RepresentativeRow.channel == channel, RepresentativeRow.user_id == user_id, active(OrganisationRow))))

    # --- erasure ----------------------------------------------------------------------------
    def forget_person(self, channel: str, user_id: str) -> int:
        """A person's chat id out of the registry: no longer a representative, no longer invited, and
        every change they made is kept as made through that channel by someone erased. Returns the
        number of rows touched."""
        from registry.tables import DeclarationDeliveryRow, DeclarationRoundRow

        who, erased = f"{channel}:{user_id}", f"{channel}:gewist"
        touched = 0
        with self._session() as session:
            for table, column in ((ParticipationRow, ParticipationRow.recorded_by), (RoleRow, RoleRow.recorded_by),
                                  (RoleRow, RoleRow.ended_by), (RepresentativeRow, RepresentativeRow.added_by),
                                  (DeclarationRoundRow, DeclarationRoundRow.created_by)):
                touched += session.execute(update(table).where(column == who).values({column.key: erased})).rowcount
            touched += session.execute(update(RoleRow).where(RoleRow.account == who).values(account=None)).rowcount
            touched += session.execute(delete(RepresentativeRow).where(
                RepresentativeRow.channel == channel, RepresentativeRow.user_id == user_id)).rowcount
            touched += session.execute(delete(DeclarationDeliveryRow).where(
                DeclarationDeliveryRow.channel == channel, DeclarationDeliveryRow.address == user_id)).rowcount
        return touched

    def _open_roles(self, session: Session, *, person: str, role: str, body: str) -> list[RoleRow]:
        rows = session.scalars(select(RoleRow).where(RoleRow.until.is_(None), RoleRow.role == role))
        return [r for r in rows if fold(r.person) == fold(person) and fold(r.body) == fold(body)]
