"""The life of a round driven by the clock, the same for reflection and kleur-bekennen rounds: open
what is due (scheduled → open), close what is over (open → closed), and send one reminder when
reminder moments have passed. Every step is a compare-and-set or a claim in the database, so with
several replicas and after restarts each happens exactly once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol


class RoundStore(Protocol):
    def rounds(self, status: str | None = None) -> list[Any]: ...  # each with id, opens_at, closes_at, reminders

    def round(self, round_id: int) -> Any: ...

    def set_status(self, round_id: int, status: str, expected: str) -> bool: ...

    def claim(self, kind: str, key: str, by: str) -> bool: ...


def run_lifecycle(store: RoundStore, now: datetime, replica: str, *, label: str, remind_kind: str,
                  on_open: Callable[[Any], None], on_close: Callable[[Any], None], on_remind: Callable[[Any], None],
                  on_tick: Callable[[Any], None] | None = None) -> list[str]:
    """Do what is due at `now`; returns what was done, e.g. ['open 3', 'remind 2'] (with `label` before each)."""
    done: list[str] = []
    for info in store.rounds("scheduled"):
        if info.opens_at <= now and store.set_status(info.id, "open", "scheduled"):
            on_open(store.round(info.id))
            done.append(f"{label}open {info.id}")
    for info in store.rounds("open"):
        if info.closes_at <= now:
            if store.set_status(info.id, "closed", "open"):
                on_close(store.round(info.id))
                done.append(f"{label}close {info.id}")
            continue
        if on_tick is not None:
            on_tick(info)
        # Claim every passed reminder, but send one: after downtime people get one nudge, not three.
        claimed = [r for r in info.reminders if r <= now and store.claim(remind_kind, f"{info.id}@{r.isoformat()}", replica)]
        if claimed:
            on_remind(info)
            done.append(f"{label}remind {info.id}")
    return done
