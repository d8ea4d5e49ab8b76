"""Making an overview from the live services, and sending it to the regiekamer: on demand (CLI)
or on OVERVIEW_SCHEDULE (the scheduler, once per period across replicas)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Protocol

from assistant.feedback import FeedbackStore
from assistant.history import IngestHistory
from infra.local_time import local, zone
from knowledge.models import DocumentInfo
from overview.build import OverviewFiles, write_overview
from overview.collect import collect
from registry.dates import parse_day
from registry.rounds import DeclarationRounds
from registry.service import Registry
from surveys.service import SurveyService

log = logging.getLogger(__name__)


class OverviewDeliverer(Protocol):
    channel: str

    def deliver(self, files: OverviewFiles) -> None: ...


class OverviewMaker:
    def __init__(self, *, surveys: SurveyService | None, feedback: FeedbackStore | None, history: IngestHistory | None,
                 documents: Callable[[], list[DocumentInfo]] | None, registry: Registry | None, rounds: DeclarationRounds | None,
                 min_group_size: int, show_question_text: bool, report_dir: Path, collaboration: str = "") -> None:
        self.surveys, self.feedback, self.history = surveys, feedback, history
        self.documents, self.registry, self.rounds = documents, registry, rounds
        self.min_group_size, self.show_question_text, self.report_dir = min_group_size, show_question_text, report_dir
        self.collaboration = collaboration

    def make(self, start: datetime, end: datetime, folder: Path | None = None,
             readable_by: frozenset[str] | None = frozenset()) -> OverviewFiles:
        """The overview for readers in the groups `readable_by` (frozenset(): everyone; None: all, for administrators)."""
        overview = collect(start=start, end=end, surveys=self.surveys, feedback=self.feedback, history=self.history,
                           documents=self.documents() if self.documents else None, registry=self.registry, rounds=self.rounds,
                           min_group_size=self.min_group_size, show_question_text=self.show_question_text,
                           collaboration=self.collaboration, readable_by=readable_by)
        folder = folder or self.report_dir / f"overzicht-{local(start):%Y-%m-%d}-{local(end):%Y-%m-%d}"
        return write_overview(overview, folder, self.registry)

    def make_and_deliver(self, start: datetime, end: datetime, deliverers: list[OverviewDeliverer]) -> OverviewFiles:
        files = self.make(start, end)
        for deliverer in deliverers:
            try:
                deliverer.deliver(files)
            except Exception:  # one channel failing must not keep the overview from the other
                log.exception("delivering the overview to %s failed", deliverer.channel)
        return files


def period_ending(now: datetime, days: float) -> tuple[datetime, datetime]:
    """The last `days` whole days before today (local midnights): what a scheduled overview covers."""
    end = datetime.combine(local(now).date(), time(0), tzinfo=zone())
    return end - timedelta(days=days), end


def previous_month(now: datetime) -> tuple[datetime, datetime]:
    """The last full calendar month before `now` (local time): what an overview on demand covers
    when no period is given."""
    first_of_this = local(now).date().replace(day=1)
    first_of_last = (first_of_this - timedelta(days=1)).replace(day=1)
    return datetime.combine(first_of_last, time(0), tzinfo=zone()), datetime.combine(first_of_this, time(0), tzinfo=zone())


def period_of(first: str, last: str) -> tuple[datetime, datetime]:
    """'2026-10-01', '2026-10-31' (or 1-10-2026) → [1 October 00:00, 1 November 00:00) in local time;
    ValueError with a plain message."""
    start = datetime.combine(parse_day(first), time(0), tzinfo=zone())
    end = datetime.combine(parse_day(last) + timedelta(days=1), time(0), tzinfo=zone())
    if end <= start:
        raise ValueError("--to ligt voor --from")
    return start, end
