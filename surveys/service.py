"""Rounds, deliveries and responses: the survey domain's core, on the SQL database.

Privacy by construction: a response row holds a per-round pseudonym (an HMAC of the round, the
channel and the user id), never the id, and no time; the delivery row holds only the address the
invitation went to. Whether someone finished is worked out with the pseudonym key when a reminder
is due, and stored nowhere, so someone who reads the database cannot join answers to people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from infra.claims import claim
from infra.database import Database, as_utc
from infra.pseudonym import Pseudonymizer
from surveys.tables import DeliveryRow, ResponseRow, RoundRow
from surveys.templates import Template


class SurveyError(Exception):
    """A request the survey cannot take; the message is meant for the person who made it."""


class RoundClosed(SurveyError):
    pass


@dataclass(frozen=True)
class RoundInfo:
    id: int
    title: str
    template: Template
    status: str
    opens_at: datetime
    closes_at: datetime
    reminders: list[datetime]
    audience: dict


@dataclass(frozen=True)
class Delivery:
    id: int
    round_id: int
    channel: str
    address: str
    message_ref: dict | None
    completed: bool


@dataclass(frozen=True)
class Progress:
    answered: int
    required: int
    completed: bool  # every statement answered (the open question is optional)
    just_completed: bool  # this answer completed it: the moment to say thank you


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class SurveyService:
    def __init__(self, db: Database, pseudonymize: Pseudonymizer) -> None:
        self._db = db
        self._pseudonymize = pseudonymize

    # --- rounds ---------------------------------------------------------------------------
    def create_round(
        self,
        template: Template,
        *,
        opens_at: datetime,
        closes_at: datetime,
        reminders: list[datetime] | None = None,
        audience: dict | None = None,
        schedule_key: str | None = None,
    ) -> int | None:
        """A new round; None when a round for this schedule key exists already (another replica)."""
        if closes_at <= opens_at:
            raise SurveyError("Een ronde moet sluiten na het openen.")
        reminders = sorted(r for r in (reminders or []) if opens_at < r < closes_at)
        row = RoundRow(
            template_id=template.id,
            title=template.title,
            template=template.model_dump(mode="json"),
            audience=audience or {},
            opens_at=opens_at,
            closes_at=closes_at,
            reminders=[r.isoformat() for r in reminders],
            status="scheduled",
            schedule_key=schedule_key,
            created_at=utcnow(),
        )
        try:
            with self._db.session() as session:
                session.add(row)
                session.flush()
                return row.id
        except IntegrityError:
            return None

    def round(self, round_id: int) -> RoundInfo:
        with self._db.session() as session:
            row = session.get(RoundRow, round_id)
            if row is None:
                raise SurveyError(f"Ronde {round_id} bestaat niet.")
            return _info(row)

    def rounds(self, status: str | None = None) -> list[RoundInfo]:
        with self._db.session() as session:
            query = select(RoundRow).order_by(RoundRow.opens_at, RoundRow.id)
            if status:
                query = query.where(RoundRow.status == status)
            return [_info(r) for r in session.scalars(query)]

    def earlier_rounds(self, info: RoundInfo) -> list[RoundInfo]:
        """Closed rounds of the same template that opened before this one, oldest first: the trend."""
        with self._db.session() as session:
            rows = session.scalars(
                select(RoundRow)
                .where(RoundRow.template_id == info.template.id, RoundRow.status == "closed", RoundRow.opens_at < info.opens_at)
                .order_by(RoundRow.opens_at)
            )
            return [_info(r) for r in rows]

    def set_status(self, round_id: int, status: str, expected: str) -> bool:
        """Move a round on (scheduled → open → closed) once; False when it was not in `expected`."""
        stamp = {"open": {"opened_at": utcnow()}, "closed": {"closed_at": utcnow()}}.get(status, {})
        with self._db.session() as session:
            result = session.execute(
                update(RoundRow).where(RoundRow.id == round_id, RoundRow.status == expected).values(status=status, **stamp)
            )
            return result.rowcount == 1

    def close_now(self, round_id: int, now: datetime | None = None) -> None:
        """Bring the closing time forward; the scheduler closes and reports it on its next tick."""
        now = now or utcnow()
        with self._db.session() as session:
            row = session.get(RoundRow, round_id)
            if row is None:
                raise SurveyError(f"Ronde {round_id} bestaat niet.")
            if row.status == "closed":
                raise SurveyError(f"Ronde {round_id} is al gesloten.")
            row.closes_at = min(as_utc(row.closes_at), now)
            if as_utc(row.opens_at) > now:
                row.opens_at = now

    # --- claims: exactly one replica does each piece of scheduled work ------------------------
    def claim(self, kind: str, key: str, by: str) -> bool:
        return claim(self._db, kind, key, by)

    # --- deliveries -------------------------------------------------------------------------
    def add_deliveries(self, round_id: int, channel: str, addresses: list[str]) -> list[Delivery]:
        """Register who is invited (idempotent: a person is added once per round and channel)."""
        with self._db.session() as session:
            known = set(
                session.scalars(select(DeliveryRow.address).where(DeliveryRow.round_id == round_id, DeliveryRow.channel == channel))
            )
            for address in dict.fromkeys(addresses):
                if address not in known:
                    session.add(DeliveryRow(round_id=round_id, channel=channel, address=address))
        return self.deliveries(round_id, channel)

    def deliveries(self, round_id: int, channel: str | None = None, *, pending_only: bool = False) -> list[Delivery]:
        """Who was invited; `completed` is derived from the answers with the pseudonym key."""
        with self._db.session() as session:
            query = select(DeliveryRow).where(DeliveryRow.round_id == round_id).order_by(DeliveryRow.id)
            if channel:
                query = query.where(DeliveryRow.channel == channel)
            rows = list(session.scalars(query))
        finished = self._finished(round_id) if rows else set()
        found = [_delivery(r, self.respondent(round_id, r.channel, r.address) in finished) for r in rows]
        return [d for d in found if not d.completed] if pending_only else found

    def mark_invited(self, delivery_id: int, message_ref: dict | None) -> None:
        with self._db.session() as session:
            session.execute(update(DeliveryRow).where(DeliveryRow.id == delivery_id).values(invited_at=utcnow(), message_ref=message_ref))

    def delivery_for(self, round_id: int, channel: str, address: str) -> Delivery | None:
        with self._db.session() as session:
            row = session.scalar(
                select(DeliveryRow).where(DeliveryRow.round_id == round_id, DeliveryRow.channel == channel, DeliveryRow.address == address)
            )
        if row is None:
            return None
        return _delivery(row, self.respondent(round_id, channel, address) in self._finished(round_id))

    def _finished(self, round_id: int) -> set[str]:
        """The pseudonyms that answered every statement of a round."""
        info = self.round(round_id)
        required = {i.id for i in info.template.statements}
        answered: dict[str, set[str]] = {}
        with self._db.session() as session:
            for respondent, item_id in session.execute(
                select(ResponseRow.respondent, ResponseRow.item_id).where(ResponseRow.round_id == round_id)
            ):
                answered.setdefault(respondent, set()).add(item_id)
        return {r for r, items in answered.items() if required <= items}

    # --- responses ---------------------------------------------------------------------------
    def respondent(self, round_id: int, channel: str, user_id: str) -> str:
        return self._pseudonymize(f"survey-{round_id}:{channel}", user_id)

    def answer(
        self,
        round_id: int,
        channel: str,
        user_id: str,
        item_id: str,
        *,
        value: int | None = None,
        text: str | None = None,
        now: datetime | None = None,
    ) -> Progress:
        """Store one answer (a second click or a retried request replaces, never adds) and commit
        it before returning, so the person is told only what is really stored."""
        now = now or utcnow()
        info = self.round(round_id)
        if info.status != "open" or now >= info.closes_at:
            raise RoundClosed("Deze ronde is gesloten; je antwoord is niet meer opgeslagen.")
        item = info.template.item(item_id)
        if item is None:
            raise SurveyError("Deze vraag hoort niet bij de ronde.")
        if item.on_scale:
            if value not in info.template.scale.values:
                raise SurveyError("Kies een waarde op de schaal.")
            text = None
        else:
            text = (text or "").strip()[:2000]
            value = None
        respondent = self.respondent(round_id, channel, user_id)
        before = self._progress(info, respondent)
        self._upsert(round_id, respondent, item_id, value, text)
        after = self._progress(info, respondent)
        return Progress(after.answered, after.required, after.completed, after.completed and not before.completed)

    def _upsert(self, round_id: int, respondent: str, item_id: str, value: int | None, text: str | None) -> None:
        for _attempt in range(2):  # two clicks at once: the loser of the insert race updates instead
            try:
                with self._db.session() as session:
                    row = session.scalar(
                        select(ResponseRow).where(
                            ResponseRow.round_id == round_id, ResponseRow.respondent == respondent, ResponseRow.item_id == item_id
                        )
                    )
                    if row is None:
                        session.add(ResponseRow(round_id=round_id, respondent=respondent, item_id=item_id, value=value, text=text))
                    else:
                        row.value, row.text = value, text
                return
            except IntegrityError:
                continue
        raise SurveyError("Je antwoord kon niet worden opgeslagen; probeer het nog eens.")

    def answers_of(self, round_id: int, channel: str, user_id: str) -> dict[str, int | str]:
        respondent = self.respondent(round_id, channel, user_id)
        with self._db.session() as session:
            rows = session.scalars(select(ResponseRow).where(ResponseRow.round_id == round_id, ResponseRow.respondent == respondent))
            return {r.item_id: (r.value if r.value is not None else r.text or "") for r in rows}

    def responses(self, round_id: int) -> list[tuple[str, str, int | None, str | None]]:
        """(respondent, item, value, text) of a round: what reports aggregate."""
        with self._db.session() as session:
            rows = session.execute(
                select(ResponseRow.respondent, ResponseRow.item_id, ResponseRow.value, ResponseRow.text).where(ResponseRow.round_id == round_id)
            )
            return [tuple(r) for r in rows]

    def forget(self, channel: str, user_id: str) -> int:
        """Erase everything a person answered in any round, their invitations, and their id from
        every round's stored audience. Returns the number of answers erased."""
        removed = 0
        with self._db.session() as session:
            for row in session.scalars(select(RoundRow)):
                respondent = self.respondent(row.id, channel, user_id)
                removed += session.execute(
                    delete(ResponseRow).where(ResponseRow.round_id == row.id, ResponseRow.respondent == respondent)
                ).rowcount
                audience = without_person(row.audience or {}, channel, user_id)
                if audience != row.audience:
                    row.audience = audience
            session.execute(delete(DeliveryRow).where(DeliveryRow.channel == channel, DeliveryRow.address == user_id))
        return removed

    def response_count(self, round_id: int) -> int:
        with self._db.session() as session:
            return session.scalar(select(func.count(func.distinct(ResponseRow.respondent))).where(ResponseRow.round_id == round_id)) or 0

    def _progress(self, info: RoundInfo, respondent: str) -> Progress:
        required = {i.id for i in info.template.statements}
        with self._db.session() as session:
            answered = set(
                session.scalars(
                    select(ResponseRow.item_id).where(ResponseRow.round_id == info.id, ResponseRow.respondent == respondent)
                )
            )
        done = len(required & answered)
        return Progress(done, len(required), done == len(required), False)


def _info(row: RoundRow) -> RoundInfo:
    return RoundInfo(
        id=row.id,
        title=row.title,
        template=Template.model_validate(row.template),
        status=row.status,
        opens_at=as_utc(row.opens_at),
        closes_at=as_utc(row.closes_at),
        reminders=[datetime.fromisoformat(r) for r in row.reminders],
        audience=row.audience or {},
    )


def _delivery(row: DeliveryRow, completed: bool) -> Delivery:
    return Delivery(row.id, row.round_id, row.channel, row.address, row.message_ref, completed)


def without_person(audience: dict, channel: str, user_id: str) -> dict:
    """A round's audience with one person's id taken out of its list of people."""
    spec = audience.get(channel)
    if not isinstance(spec, dict) or user_id not in spec.get("users", []):
        return audience
    return {**audience, channel: {**spec, "users": [u for u in spec["users"] if u != user_id]}}
