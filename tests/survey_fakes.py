"""A deliverer that records what it would send: the runner's tests need no chat channel."""

from __future__ import annotations

import threading
from pathlib import Path

from surveys.service import Delivery, RoundInfo


class RecordingDeliverer:
    channel = "slack"

    def __init__(self, people: list[str], fail_for: set[str] = frozenset()) -> None:
        self.people = people
        self.fail_for = set(fail_for)
        self.invites: list[tuple[int, str]] = []
        self.reminders: list[tuple[int, str]] = []
        self.reports: list[tuple[int, str, list[Path]]] = []
        self._lock = threading.Lock()

    def audience(self, info: RoundInfo) -> list[str]:
        return list(self.people)

    def invite(self, info: RoundInfo, delivery: Delivery) -> dict:
        if delivery.address in self.fail_for:
            raise RuntimeError(f"cannot reach {delivery.address}")
        with self._lock:
            self.invites.append((info.id, delivery.address))
        return {"channel": "D" + delivery.address, "ts": "1.0"}

    def remind(self, info: RoundInfo, delivery: Delivery) -> None:
        with self._lock:
            self.reminders.append((info.id, delivery.address))

    def post_report(self, report, files: list[Path]) -> None:
        with self._lock:
            self.reports.append((report.info.id, report.summary(), files))
