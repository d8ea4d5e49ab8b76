"""Where the bot can reach people in Teams later: the conversation reference of every personal
chat (keyed by the person's Entra/AAD object id) and of every channel or group chat it is in."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from infra.database import Database
from infra.tables import Base


class ConversationRow(Base):
    __tablename__ = "teams_conversations"
    __table_args__ = (UniqueConstraint("key", name="uq_teams_conversations_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(20))  # personal | channel | groupChat
    reference: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ConversationStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, key: str, kind: str, reference: dict) -> None:
        with self._db.session() as session:
            row = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
            if row is None:
                session.add(ConversationRow(key=key, kind=kind, reference=reference, updated_at=datetime.now(timezone.utc)))
            else:
                row.kind, row.reference, row.updated_at = kind, reference, datetime.now(timezone.utc)

    def get(self, key: str) -> dict | None:
        with self._db.session() as session:
            row = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
            return dict(row.reference) if row else None

    def personal_keys(self) -> list[str]:
        with self._db.session() as session:
            return list(session.scalars(select(ConversationRow.key).where(ConversationRow.kind == "personal").order_by(ConversationRow.id)))

    def forget(self, key: str) -> bool:
        """Erase where a person can be reached (their reference holds their ids and name)."""
        with self._db.session() as session:
            return session.execute(delete(ConversationRow).where(ConversationRow.key == key)).rowcount > 0
