"""The ORM view of the tables the migrations create (infra/migrations/versions)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class AnswerRow(Base):
    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(20))
    conversation: Mapped[str | None] = mapped_column(String(200))
    user_pseudonym: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    answered: Mapped[bool] = mapped_column(Boolean)
    language: Mapped[str] = mapped_column(String(8))
    method: Mapped[str] = mapped_column(String(20))
    citations: Mapped[list] = mapped_column(JSON)
    audiences: Mapped[list | None] = mapped_column(JSON, nullable=True)  # of the cited documents meant for some groups


class VoteRow(Base):
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("answer_id", "user_pseudonym", name="uq_votes_answer_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    user_pseudonym: Mapped[str] = mapped_column(String(64))
    vote: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str | None] = mapped_column(Text)  # what was missing, with a 👎 (migration 0004)


class IngestRunRow(Base):
    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    trigger: Mapped[str] = mapped_column(String(20))
    user_pseudonym: Mapped[str | None] = mapped_column(String(64))
    report: Mapped[dict] = mapped_column(JSON)
