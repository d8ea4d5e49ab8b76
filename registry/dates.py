"""Dates as people write and read them, in Dutch and English: "1 maart 2026", "1-3-2026",
"on 1 March". Month names come from the CLDR data that Babel ships, not from a list by hand."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from registry.variants import fold


def spoken(day: date | None, language: str = "nl") -> str:
    """'1 maart 2026' / '1 March 2026'."""
    if day is None:
        return "?"
    from babel.dates import format_date

    return format_date(day, format="d MMMM y", locale="en" if language == "en" else "nl")


def parse_day(value: str) -> date:
    """A day as people type it in a command or a spreadsheet: 2026-03-01, 1-3-2026 or 1/3/2026;
    ValueError with an example otherwise."""
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{value}' is geen datum; schrijf bijvoorbeeld 2026-03-01 of 1-3-2026")


def date_in(question: str, today: date | None = None) -> date | None:
    """The day a question asks about ("op 1 maart", "per 1-3-2026", "as of 1 March 2026"), or None.
    A day without a year is the last such day up to today."""
    today = today or date.today()
    text = fold(question)
    if match := re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", question):
        return _safe(int(match[1]), int(match[2]), int(match[3]))
    if match := re.search(r"\b(\d{1,2})[-/](\d{1,2})[-/](\d{4})\b", question):
        return _safe(int(match[3]), int(match[2]), int(match[1]))
    months = _months()
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    match = re.search(rf"\b(\d{{1,2}}) ({names})\b(?: (\d{{4}}))?", text) or re.search(rf"\b({names}) (\d{{1,2}})\b(?:,? (\d{{4}}))?", text)
    if not match:
        return None
    first, second, year = match.groups()
    day, month = (int(first), months[second]) if first.isdigit() else (int(second), months[first])
    if year:
        return _safe(int(year), month, day)
    found = _safe(today.year, month, day)
    return found if found is None or found <= today else _safe(today.year - 1, month, day)


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    from babel.dates import get_month_names

    months: dict[str, int] = {}
    for locale in ("nl", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                if len(fold(name)) >= 3:
                    months[fold(name).rstrip(".")] = number
    return months


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
