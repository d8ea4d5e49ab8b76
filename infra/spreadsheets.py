"""Writing CSV and Excel files that people open in Excel, without formula injection.

A cell that starts with "=", "+", "-" or "@" is a formula to Excel: a name such as
`=HYPERLINK("http://…")` would run when the export is opened. Every CSV and workbook Samenspel
writes goes through here: such cells are written as text (a CSV cell gets a leading apostrophe, which
Excel shows as text and our own import takes off again; a workbook cell is stored as a string). A
plain number ("-0,3", "+5") stays a number.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\s*\d[\d.,]*\s*%?$")


def formula_like(value: object) -> bool:
    """Whether Excel would read the text as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value)


def text_cell(value: object) -> object:
    """A CSV cell as text: a leading apostrophe before what Excel would take for a formula."""
    return f"'{value}" if formula_like(value) else value


def read_cell(value: str) -> str:
    """A cell of a CSV we wrote, back as it was (the apostrophe that kept it text taken off)."""
    return value[1:] if value.startswith("'") and formula_like(value[1:]) else value


def write_csv(path: Path, rows: Iterable[Sequence[object]]) -> Path:
    """Semicolons, quotes where needed and a BOM, as Dutch Excel reads them; formulas written as text."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        for row in rows:
            writer.writerow([text_cell(cell) for cell in row])
    return path


def append_row(worksheet, row: Sequence[object]) -> None:
    """One row of a workbook sheet, every formula-like text stored as a string."""
    worksheet.append(list(row))
    for cell in worksheet[worksheet.max_row]:
        if formula_like(cell.value):
            cell.data_type = "s"
