"""Tables as lines a person can read and a question can match: one line per row, each cell with its
column's header ("• Gemeente: Oss; Bijdrage: € 267.380"). A row on its own then says what its
numbers are, so it can be retrieved and quoted like a list item."""

from __future__ import annotations

import re

_NUMBERISH = re.compile(r"\d")
_SEPARATOR = re.compile(r"^:?-{3,}:?$")
# A value, not a label: an amount, count or percentage ("€ 267.380", "92.000", "3,5%", "-12").
_VALUE = re.compile(r"^[€$]?\s*[-+−]?\s*\d[\d.,\s]*\s*(%|euro|mln|miljoen)?$", re.I)
_YEAR = re.compile(r"^(19|20)\d\d$")


def table_lines(rows: list[list[str]], header: list[str] | None = None) -> list[str]:
    """Row lines, headers taken from `header` or guessed from the first row."""
    rows = [[" ".join(cell.split()) for cell in row] for row in rows]
    rows = [row for row in rows if any(row) and not all(_SEPARATOR.match(c) or not c for c in row)]
    if header is None and looks_like_header(rows):
        header, rows = rows[0], rows[1:]
    lines = []
    for row in rows:
        cells = [c for c in row if c]  # merged cells are one cell already (the loaders see to that)
        if header and len(header) == len(row):
            pairs = [(h, c) for h, c in zip(header, row) if c]
            text = "; ".join(f"{h.rstrip(':')}: {c}" if h and h != c else c for h, c in pairs)
        elif len(cells) == 2:
            label, value = cells
            text = f"{label} {value}" if label.endswith(":") else f"{label}: {value}"
        else:
            text = "; ".join(cells)
        if text:
            lines.append("• " + text)
    return lines


def looks_like_header(rows: list[list[str]]) -> bool:
    """A first row of labels over rows that hold values: the usual shape of a table with a header.
    A label may hold a year ("Totaal 2027", "2027": budget tables nearly always do); a value may not
    stand in the first row (then it is a row of data)."""
    if len(rows) < 2:
        return False
    first = rows[0]
    if not all(first) or any(c.endswith(":") for c in first):
        return False
    if any(_VALUE.match(c) and not _YEAR.match(c) for c in first):
        return False
    return any(_NUMBERISH.search(c) for row in rows[1:] for c in row)


def markdown_table(lines: list[str]) -> list[str] | None:
    """The row lines of a Markdown pipe table, or None when the lines are not one. The row above
    the "|---|" line is the header, unless it holds only separators itself (then there is none)."""
    if len(lines) < 2 or not all(line.strip().startswith("|") for line in lines if line.strip()):
        return None
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines if line.strip()]
    if all(_SEPARATOR.match(c) for c in rows[1]) and not all(_SEPARATOR.match(c) for c in rows[0]):
        return table_lines(rows[2:], rows[0])
    return table_lines(rows)
