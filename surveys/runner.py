"""The life of a round, driven by the clock: open it (invite everyone), remind those who have not
finished, close it (report to the steering group). Called every tick by the scheduler; all state is
in the database, so a restart loses nothing and several replicas do each step exactly once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from infra.lifecycle import run_lifecycle
from surveys.report import Report, build_report, render_report
from surveys.service import Delivery, RoundInfo, SurveyService, utcnow

log = logging.getLogger(__name__)


class Deliverer(Protocol):
    """One chat channel's way of reaching people; Slack and Teams each implement it."""

    channel: str

    def audience(self, info: RoundInfo) -> list[str]: ...

    def invite(self, info: RoundInfo, delivery: Delivery) -> dict | None: ...

    def remind(self, info: RoundInfo, delivery: Delivery) -> None: ...

    def post_report(self, report: Report, files: list[Path]) -> None: ...


class RoundRunner:
    def __init__(
        self,
        service: SurveyService,
        deliverers: list[Deliverer],
        *,
        replica: str,
        report_dir: Path,
        min_group_size: int = 5,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.service = service
        self.deliverers = deliverers
        self.replica = replica
        self.report_dir = report_dir
        self.min_group_size = min_group_size
        self.clock = clock

    def run_due(self, now: datetime | None = None) -> list[str]:
        """Do whatever is due at `now`; returns what was done, e.g. ['open 3', 'remind 2']."""
        return run_lifecycle(self.service, now or self.clock(), self.replica, label="", remind_kind="remind",
                             on_open=self._open, on_close=self._close, on_remind=self._remind)

    def _open(self, info: RoundInfo) -> None:
        for deliverer in self.deliverers:
            try:
                addresses = deliverer.audience(info)
            except Exception:
                log.exception("could not resolve the %s audience of round %s", deliverer.channel, info.id)
                continue
            for delivery in self.service.add_deliveries(info.id, deliverer.channel, addresses):
                self._safely(deliverer.channel, "invite", info.id, lambda: self.service.mark_invited(delivery.id, deliverer.invite(info, delivery)))
        log.info("round %s opened", info.id)

    def _remind(self, info: RoundInfo) -> None:
        for deliverer in self.deliverers:
            for delivery in self.service.deliveries(info.id, deliverer.channel, pending_only=True):
                self._safely(deliverer.channel, "reminder", info.id, lambda delivery=delivery: deliverer.remind(info, delivery))

    def _close(self, info: RoundInfo) -> None:
        report = build_report(self.service, info, self.min_group_size)
        folder = self.report_dir / f"ronde-{info.id}"
        files = render_report(report, folder)
        log.info("round %s closed; report in %s", info.id, folder)
        for deliverer in self.deliverers:
            self._safely(deliverer.channel, "report", info.id, lambda: deliverer.post_report(report, files))

    @staticmethod
    def _safely(channel: str, what: str, round_id: int, action: Callable[[], object]) -> None:
        """One failed message must not stop the others; it is logged with its trace."""
        try:
            action()
        except Exception:
            log.exception("%s %s for round %s failed", channel, what, round_id)
