"""The period an overview covers, [start, end), as its readers say it: "1 oktober 2026 t/m 31 oktober 2026"."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from infra.local_time import local
from registry.dates import spoken


def last_day_of(end: datetime) -> date:
    """The last whole day of a period that ends (exclusively) at `end`, in local time."""
    return local(end - timedelta(seconds=1)).date()


def period_label(start: datetime, end: datetime) -> str:
    """'1 oktober 2026 t/m 31 oktober 2026' for the period [start, end)."""
    return f"{spoken(local(start).date())} t/m {spoken(last_day_of(end))}"
