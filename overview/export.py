"""The overview's numbers for those who want them: one sheet per section in overzicht.xlsx, and
the same as CSV files (semicolons and a BOM, as Dutch Excel reads them)."""

from __future__ import annotations

from pathlib import Path

from infra.spreadsheets import append_row, write_csv
from overview.collect import Overview
from overview.period import period_label
from registry.variants import BY_KEY


def overview_tables(overview: Overview) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {"periode": [["van", "tot en met"], period_label(overview.start, overview.end).split(" t/m ")]}
    if overview.reflection and not overview.reflection.report.too_small:
        report = overview.reflection.report
        rows = [["thema", "stelling", "antwoorden", "gemiddelde"]]
        rows += [[i.theme, i.text, str(i.n), "" if i.hidden or i.mean is None else _num(i.mean)] for i in report.items if i.on_scale]
        tables["reflectie"] = rows
    elif overview.reflection:
        tables["reflectie"] = [["respondenten", "minimum"], [str(overview.reflection.report.respondents), str(overview.reflection.report.min_group_size)]]
    if overview.participation:
        matrix = overview.participation.matrix
        rows = [["project", "organisatie", "vorm"]]
        for project in matrix.projects:
            rows += [[project, organisation, BY_KEY[v].nl if (v := matrix.cells.get((organisation, project))) else "nog geen keuze"]
                     for organisation in matrix.organisations]
        tables["deelname"] = rows
        tables["deelname_wijzigingen"] = [["project", "organisatie", "was", "werd"]] + [
            [c.now.project, c.now.organisation, BY_KEY[c.before].nl if c.before else "", BY_KEY[c.now.variant].nl]
            for c in overview.participation.changes]
    if overview.questions:
        q = overview.questions
        tables["vragen"] = [["gesteld", "beantwoord", "uit het register", "niet beantwoord", "duim omlaag"],
                            [str(q.asked), str(q.answered), str(q.by_registry), str(q.unanswered_count), str(q.thumbs_down_count)]]
        tables["vragen_per_document"] = [["document", "vragen"]] + [[t, str(n)] for t, n in q.topics]
        if q.unanswered:
            tables["niet_beantwoord"] = [["vraag"]] + [[text] for text in q.unanswered]
    if overview.documents:
        d = overview.documents
        rows = [["wat", "document"]]
        for label, names in (("toegevoegd", d.added), ("bijgewerkt", d.changed), ("verwijderd", d.removed), ("niet bereikt", d.unreached)):
            rows += [[label, name] for name in names]
        tables["documenten"] = rows
    if overview.signals:
        tables["signalen"] = [["thema", "score", "daling", "onbeantwoorde vragen"]] + [
            [s.theme, "" if s.score is None else _num(s.score), "" if s.fall is None else _num(s.fall), str(s.questions)]
            for s in overview.signals]
    return tables


def write_tables(overview: Overview, folder: Path) -> list[Path]:
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    tables = overview_tables(overview)
    book = Workbook()
    book.remove(book.active)
    written = []
    for name, rows in tables.items():
        sheet = book.create_sheet(name[:31])
        for row in rows:
            append_row(sheet, row)
        written.append(write_csv(folder / f"{name}.csv", rows))
    workbook = folder / "overzicht.xlsx"
    book.save(workbook)
    return [workbook, *written]


def _num(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")
