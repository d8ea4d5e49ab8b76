"""The history of ingest runs: when the knowledge was last refreshed, by what, and how it went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select

from infra.database import Database, as_utc
from infra.tables import IngestRunRow
from ingest.pipeline import IngestReport


@dataclass(frozen=True)
class IngestRun:
    started_at: datetime
    finished_at: datetime
    trigger: str
    summary: dict[str, int]


class IngestHistory:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, report: IngestReport, *, started_at: datetime, trigger: str, user: str | None = None) -> None:
        with self._db.session() as session:
            session.add(
                IngestRunRow(
                    started_at=started_at,
                    finished_at=datetime.now(timezone.utc),
                    trigger=trigger,
                    user_pseudonym=user,
                    report=report.as_json(),
                )
            )

    def reports(self, start: datetime, end: datetime) -> list[dict]:
        """The full reports (per file: what happened) of the runs that finished in [start, end), oldest first."""
        with self._db.session() as session:
            rows = session.scalars(select(IngestRunRow).where(IngestRunRow.finished_at >= start, IngestRunRow.finished_at < end)
                                   .order_by(IngestRunRow.finished_at))
            return [row.report for row in rows]

    def last(self) -> IngestRun | None:
        with self._db.session() as session:
            row = session.scalar(select(IngestRunRow).order_by(IngestRunRow.finished_at.desc()).limit(1))
            if row is None:
                return None
            return IngestRun(as_utc(row.started_at), as_utc(row.finished_at), row.trigger, row.report["summary"])
