"""Import and export of the portfolio, roles and representatives as CSV and Excel (XLSX).

An import is all-or-nothing: every row is checked and written inside one transaction; any problem
names its sheet, line and column, and then nothing is written. An export is read back by an import
unchanged (declarations that repeat the latest are not recorded again)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from infra.spreadsheets import append_row, formula_like, read_cell, write_csv
from registry.dates import parse_day
from registry.records import Actor, RegistryError
from registry.service import Registry
from text.encoding import UnreadableText, decode_text

# The sheets, in the order they are written (later ones refer to names in earlier ones), with their columns.
SHEETS: dict[str, tuple[str, ...]] = {
    "organisaties": ("naam", "soort"),
    "themas": ("naam", "omschrijving"),
    "projecten": ("naam", "thema", "trekker", "status", "start", "einde", "besluit", "besluit_pagina"),
    "deelname": ("project", "organisatie", "vorm", "sinds", "bijdrage", "toelichting"),
    "rollen": ("persoon", "rol", "orgaan", "organisatie", "sinds", "tot", "account"),
    "vertegenwoordigers": ("organisatie", "kanaal", "gebruiker"),
}
REQUIRED = {
    "organisaties": ("naam",), "themas": ("naam",), "projecten": ("naam",),
    "deelname": ("project", "organisatie", "vorm"), "rollen": ("persoon", "rol", "orgaan"),
    "vertegenwoordigers": ("organisatie", "kanaal", "gebruiker"),
}
HISTORY_SHEET = "deelname_geschiedenis"  # exported for reading; an import leaves it alone


class ImportProblem(RegistryError):
    """What is wrong with an import file, row by row; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:20] + ([f"… en nog {len(problems) - 20} problemen"] if len(problems) > 20 else [])
        super().__init__("Niets ingelezen:\n" + "\n".join(f"- {p}" for p in shown))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    sheet: str
    line: int  # as a spreadsheet shows it: the header is line 1
    values: dict[str, str]
    columns: tuple[str, ...] = ()  # the header as the file has it: where each column sits

    def where(self, column: str | None = None) -> str:
        spot = f"{self.sheet}, regel {self.line}"
        if column:
            spot += f", kolom {_column_letter(self.columns.index(column)) if column in self.columns else '?'} ({column})"
        return spot


@dataclass(frozen=True)
class ImportResult:
    rows: dict[str, int]  # rows read per sheet
    changed: int  # declarations, roles and representatives that changed something


# --- reading ------------------------------------------------------------------------------
def read_rows(path: Path) -> list[Row]:
    """Every row of a CSV (one sheet, recognised by its header) or XLSX (sheets by name)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    raise ImportProblem([f"{path.name}: alleen .csv en .xlsx kunnen worden ingelezen"])


def _read_csv(path: Path) -> list[Row]:
    if _header(path.stem) == HISTORY_SHEET:
        return []  # the history is exported to read; it is never imported
    try:  # Excel writes UTF-8 with a BOM, "Unicode-tekst" (UTF-16) or an older Windows or Mac code page
        content = decode_text(path.read_bytes())
    except UnreadableText as exc:
        raise ImportProblem([f"{path.name} {exc}"]) from exc
    # The delimiter is the header's (names hold no separators); quotes and doubled quotes inside a
    # cell are read the way Excel and every spreadsheet writes them, whatever the header shows.
    first = content.splitlines()[0] if content.strip() else ""
    delimiter = max((";", ",", "\t"), key=first.count) if first else ";"
    table = [[read_cell(cell) for cell in line] for line in csv.reader(io.StringIO(content), csv.excel, delimiter=delimiter)]
    if not table:
        raise ImportProblem([f"{path.name} is leeg"])
    header = [_header(h) for h in table[0]]
    sheet = _sheet_for_header(header, path)
    return _rows(sheet, header, table[1:])


def _read_xlsx(path: Path) -> list[Row]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or renamed file: openpyxl raises several kinds
        raise ImportProblem([f"{path.name} is geen leesbaar Excel-bestand ({exc.__class__.__name__})"]) from exc
    rows: list[Row] = []
    problems = []
    try:
        for worksheet in workbook.worksheets:
            name = _header(worksheet.title)
            if name == HISTORY_SHEET:
                continue
            if name not in SHEETS:
                problems.append(f"werkblad '{worksheet.title}' is onbekend; verwacht: {', '.join(SHEETS)}")
                continue
            table = [list(r) for r in worksheet.iter_rows(values_only=True)]
            if not table:
                continue
            rows += _rows(name, [_header(h) for h in table[0]], table[1:])
    finally:
        workbook.close()
    if problems:
        raise ImportProblem(problems)
    return rows


# Columns that hold a name: one that starts like a formula is refused (it would run in Excel).
NAME_COLUMNS = ("naam", "thema", "trekker", "project", "organisatie", "persoon", "rol", "orgaan")


def _rows(sheet: str, header: list[str], body: list[list]) -> list[Row]:
    missing = [c for c in REQUIRED[sheet] if c not in header]
    unknown = [h for h in header if h and h not in SHEETS[sheet]]
    if missing or unknown:
        problems = [f"{sheet}, regel 1: kolom '{c}' ontbreekt" for c in missing]
        problems += [f"{sheet}, regel 1: kolom '{c}' is onbekend; verwacht: {', '.join(SHEETS[sheet])}" for c in unknown]
        raise ImportProblem(problems)
    rows, problems = [], []
    for number, cells in enumerate(body, start=2):
        values = {column: _cell(cells[i]) if i < len(cells) else "" for i, column in enumerate(header) if column}
        if any(values.values()):
            row = Row(sheet, number, values, tuple(header))
            problems += [f"{row.where(column)}: '{value}' begint met '{value[0]}'; een naam mag niet met =, +, - of @ "
                         "beginnen (Excel leest zo'n cel als formule)"
                         for column, value in values.items() if column in NAME_COLUMNS and formula_like(value)]
            rows.append(row)
    if problems:
        raise ImportProblem(problems)
    return rows


def _sheet_for_header(header: list[str], path: Path) -> str:
    by_name = _header(path.stem)
    if by_name in SHEETS:
        return by_name
    fits = [s for s, required in REQUIRED.items() if set(required) <= set(header) and set(header) <= set(SHEETS[s]) | {""}]
    if len(fits) != 1:
        raise ImportProblem([f"{path.name}: uit de kolommen blijkt niet welk blad dit is; noem het bestand "
                             f"naar het blad ({', '.join(f'{s}.csv' for s in SHEETS)})"])
    return fits[0]


# --- writing to the registry --------------------------------------------------------------
def import_rows(registry: Registry, rows: list[Row], actor: Actor) -> ImportResult:
    """Check and write every row in one transaction; ImportProblem (and nothing written) on any error."""
    problems: list[str] = []
    counts = {sheet: 0 for sheet in SHEETS}
    changed = 0

    class _Rollback(Exception):
        pass

    try:
        with registry.transaction():
            for sheet in SHEETS:
                for row in (r for r in rows if r.sheet == sheet):
                    counts[sheet] += 1
                    try:
                        changed += bool(_WRITERS[sheet](registry, row, actor))
                    except _CellProblem as exc:
                        problems.append(f"{row.where(exc.column)}: {exc}")
                    except (RegistryError, ValueError) as exc:
                        problems.append(f"{row.where(_column_of(row, exc))}: {exc}")
            if problems:
                raise _Rollback()
    except _Rollback:
        raise ImportProblem(problems) from None
    return ImportResult(counts, changed)


class _CellProblem(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _column_of(row: Row, exc: Exception) -> str | None:
    """The column a registry refusal is about: the one whose value it names."""
    message = str(exc).lower()
    for column, value in row.values.items():
        if value and f"'{value.lower()}'" in message:
            return column
    return None


def _date(row: Row, column: str) -> date | None:
    value = row.values.get(column, "")
    if not value:
        return None
    try:
        return parse_day(value)
    except ValueError as exc:
        raise _CellProblem(column, str(exc)) from None


def _int(row: Row, column: str) -> int | None:
    value = row.values.get(column, "")
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError:
        raise _CellProblem(column, f"'{value}' is geen getal") from None


def _organisation(registry: Registry, row: Row, actor: Actor) -> bool:
    registry.save_organisation(row.values["naam"], row.values.get("soort") or "gemeente")
    return False


def _theme(registry: Registry, row: Row, actor: Actor) -> bool:
    # A sheet without the column leaves the description as it is; an empty cell empties it.
    return registry.save_theme(row.values["naam"], row.values["omschrijving"] if "omschrijving" in row.columns else None)


def _project(registry: Registry, row: Row, actor: Actor) -> bool:
    v = row.values
    registry.save_project(v["naam"], theme=v.get("thema") or None, lead=v.get("trekker") or None,
                          status=v.get("status") or "lopend", starts_on=_date(row, "start"), ends_on=_date(row, "einde"),
                          decision=v.get("besluit", ""), decision_page=_int(row, "besluit_pagina"))
    return False


def _participation(registry: Registry, row: Row, actor: Actor) -> bool:
    v = row.values
    return registry.declare(v["project"], v["organisatie"], v["vorm"], actor, since=_date(row, "sinds"),
                            contribution=v.get("bijdrage", ""), note=v.get("toelichting", ""))


def _role(registry: Registry, row: Row, actor: Actor) -> bool:
    v = row.values
    return registry.save_role(v["persoon"], v["rol"], v["orgaan"], actor, organisation=v.get("organisatie") or None,
                              since=_date(row, "sinds"), until=_date(row, "tot"), account=v.get("account") or None)


def _representative(registry: Registry, row: Row, actor: Actor) -> bool:
    v = row.values
    return registry.add_representative(v["organisatie"], v["kanaal"].lower(), v["gebruiker"], actor)


_WRITERS: dict[str, Callable[[Registry, Row, Actor], bool]] = {
    "organisaties": _organisation, "themas": _theme, "projecten": _project,
    "deelname": _participation, "rollen": _role, "vertegenwoordigers": _representative,
}


# --- export -------------------------------------------------------------------------------
def export_tables(registry: Registry) -> dict[str, list[list[str]]]:
    """Every sheet as rows (header first), the current state; plus the full declaration history."""
    tables: dict[str, list[list[str]]] = {sheet: [list(columns)] for sheet, columns in SHEETS.items()}
    for o in registry.organisations():
        tables["organisaties"].append([o.name, o.kind])
    for name, description in registry.theme_descriptions().items():
        tables["themas"].append([name, description])
    for p in registry.projects():
        tables["projecten"].append([p.name, p.theme or "", p.lead or "", p.status, _iso(p.starts_on), _iso(p.ends_on),
                                    p.decision, str(p.decision_page or "")])
    for d in registry.participation():
        tables["deelname"].append([d.project, d.organisation, d.variant, _iso(d.since), d.contribution, d.note])
    for r in registry.roles():
        tables["rollen"].append([r.person, r.role, r.body, r.organisation or "", _iso(r.since), _iso(r.until), r.account or ""])
    for r in registry.representatives():
        tables["vertegenwoordigers"].append([r.organisation, r.channel, r.user_id])
    history = [["project", "organisatie", "vorm", "sinds", "bijdrage", "toelichting", "vastgelegd_op", "door", "via", "uit_register_op"]]
    for h, removed in registry.every_declaration():  # also of what was removed from the registry since
        history.append([h.project, h.organisation, h.variant, _iso(h.since), h.contribution, h.note,
                        h.recorded_at.isoformat(timespec="seconds"), h.recorded_by, h.via,
                        removed.isoformat(timespec="seconds") if removed else ""])
    tables[HISTORY_SHEET] = history
    return tables


def write_export(registry: Registry, folder: Path) -> list[Path]:
    """One CSV per sheet (semicolons and a BOM, as Dutch Excel reads them) and one workbook."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    tables = export_tables(registry)
    written = []
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, table in tables.items():
        written.append(write_csv(folder / f"{sheet}.csv", table))
        worksheet = workbook.create_sheet(sheet)
        for line in table:
            append_row(worksheet, line)
    book = folder / "register.xlsx"
    workbook.save(book)
    return [book, *written]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _header(value: object) -> str:
    return "_".join(str(value or "").strip().lower().replace("'", "").split())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _column_letter(index: int) -> str:
    """A spreadsheet's name for a column: A … Z, AA, AB …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
