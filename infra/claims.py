"""Exactly one replica does each piece of scheduled work: a unique (kind, key) row is the claim.
Shared by the reflection rounds, the kleur-bekennen rounds and the nightly re-ingest."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, Integer, String, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from infra.database import Database
from infra.tables import Base


class ClaimRow(Base):
    """One row per piece of scheduled work (migration 0002)."""

    __tablename__ = "scheduler_claims"
    __table_args__ = (UniqueConstraint("kind", "key", name="uq_scheduler_claims_work"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200))
    claimed_by: Mapped[str] = mapped_column(String(100))
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def claim(db: Database, kind: str, key: str, by: str) -> bool:
    """True for the one caller that claims this work first; False for every other, ever."""
    try:
        with db.session() as session:
            session.add(ClaimRow(kind=kind, key=key, claimed_by=by, claimed_at=datetime.now(timezone.utc)))
        return True
    except IntegrityError:
        return False
