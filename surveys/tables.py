"""The survey tables (migrations 0002 and 0005). Who was invited (by their chat address) and what was
answered (by a per-round pseudonym) live in separate tables, and no column links one to the other:
answers carry no time and no counting row id, and invitations carry no completion or reminder marks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from infra.tables import Base


class RoundRow(Base):
    __tablename__ = "survey_rounds"
    __table_args__ = (UniqueConstraint("schedule_key", name="uq_survey_rounds_schedule_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    template: Mapped[dict] = mapped_column(JSON)  # a snapshot: later edits of the file do not change history
    audience: Mapped[dict] = mapped_column(JSON)
    opens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reminders: Mapped[list] = mapped_column(JSON)  # ISO datetimes
    status: Mapped[str] = mapped_column(String(12))  # scheduled | open | closed
    schedule_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeliveryRow(Base):
    __tablename__ = "survey_deliveries"
    __table_args__ = (UniqueConstraint("round_id", "channel", "address", name="uq_survey_deliveries_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(400))  # where to send: a Slack user id, a Teams conversation
    message_ref: Mapped[dict | None] = mapped_column(JSON)  # the sent message, to update it in place
    invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ResponseRow(Base):
    """One answer. The key is (round, pseudonym, item): one answer per person per item, and no
    counting id or timestamp whose order could be matched against anything else."""

    __tablename__ = "survey_answers"
    __table_args__ = {"sqlite_with_rowid": False}

    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"), primary_key=True)
    respondent: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
