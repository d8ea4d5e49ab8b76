"""Contributions as people read them: "15000", "€15.000,-" and "15.000 euro" all become "€ 15.000".
A contribution that is not a plain amount ("naar rato van inwoners", "€ 2 per inwoner") and one
whose separators are ambiguous ("15,000") are kept exactly as typed: better unformatted than wrong."""

from __future__ import annotations

import re
from decimal import Decimal

_CURRENCY = re.compile(r"^\s*(?:€|eur(?:o)?\b)?\s*(?P<number>[\d.,\s]+?)\s*(?:,-|,—|\.-)?\s*(?:€|eur(?:o|os)?)?\s*$", re.IGNORECASE)
_AMBIGUOUS = re.compile(r"^\d{1,3},\d{3}$")  # 15,000: fifteen in Dutch, fifteen thousand in English


def parse_amount(text: str) -> Decimal | None:
    """The amount in euros when `text` is nothing but an amount (Dutch separators), else None."""
    from babel.numbers import NumberFormatError, parse_decimal

    match = _CURRENCY.match(text or "")
    if not match:
        return None
    number = re.sub(r"\s+", "", match.group("number"))
    if not number or not number[0].isdigit() or _AMBIGUOUS.match(number):
        return None
    try:
        return parse_decimal(number, locale="nl", strict=True)
    except (NumberFormatError, ValueError):
        return None


def readable_amount(text: str, language: str = "nl") -> str:
    """'€ 15.000' (nl) or '€15,000' (en) for an amount; anything else unchanged."""
    from babel.numbers import format_currency

    value = parse_amount(text)
    if value is None:
        return (text or "").strip()
    whole = value == value.to_integral_value()
    pattern = ("¤ #,##0" if language != "en" else "¤#,##0") + ("" if whole else ".00")
    return format_currency(value, "EUR", format=pattern, locale="en" if language == "en" else "nl", currency_digits=False)
