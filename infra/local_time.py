"""Times as the people of the collaboration read them: in its time zone (SAMENSPEL_TIMEZONE).

Every renderer and report shows times through `shown`/`local`; the composition root sets the zone
from the one settings object (`use_timezone`), so no module names a zone of its own."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from infra.settings import DEFAULT_TIMEZONE

_zone = ZoneInfo(DEFAULT_TIMEZONE)


def use_timezone(name: str) -> None:
    global _zone
    _zone = ZoneInfo(name)


def zone() -> ZoneInfo:
    return _zone


def local(moment: datetime) -> datetime:
    """The moment in local time; a naive moment is taken as UTC, as the database stores it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(_zone)


def shown(moment: datetime) -> str:
    """"30-11-2026 14:05": how a time appears in chat and in reports."""
    return local(moment).strftime("%d-%m-%Y %H:%M")
