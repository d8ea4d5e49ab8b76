"""The registry on SQLite and PostgreSQL: append-only participation (state on a date, what changed),
roles that end without being deleted, representatives, all-or-nothing imports with line and column,
export read back unchanged, the report, and two writers at once."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from registry.records import Actor, RegistryError, UnknownName
from registry.service import Registry
from registry.tables import ParticipationRow
from registry.transfer import ImportProblem, import_rows, read_rows, write_export

ADMIN = Actor("cli:beheer", "cli")


@pytest.fixture
def registry(db) -> Registry:
    r = Registry(db)
    for name in ("Oeverstad", "Dijkhoven", "Kreekdorp"):
        r.save_organisation(name)
    r.save_organisation("Provincie Rivierland", "provincie")
    r.save_theme("Energie")
    r.save_project("Warmtenet Rivierenland", theme="Energie", lead="Oeverstad", decision="Besluitenlijst 12-1-2026", decision_page=2)
    r.save_project("Woningbouwversneller")
    return r


def test_a_changed_choice_is_a_new_row_and_the_old_state_stays_readable(registry, db):
    registry.declare("Warmtenet Rivierenland", "Dijkhoven", "volledig", ADMIN, since=date(2026, 1, 1))
    first = datetime.now(timezone.utc)
    registry.declare("Warmtenet Rivierenland", "Dijkhoven", "solidariteit", Actor("slack:U1", "slack"), contribution="€ 5.000",
                     since=date(2026, 3, 1))

    assert [p.variant for p in registry.participation(project="Warmtenet Rivierenland")] == ["solidair"]
    assert [p.variant for p in registry.participation(project="Warmtenet Rivierenland", as_of=date(2026, 2, 1))] == ["volledig"]
    assert registry.participation(project="Warmtenet Rivierenland", as_of=date(2025, 12, 31)) == []
    history = registry.history("Warmtenet Rivierenland", "Dijkhoven")
    assert [(h.variant, h.recorded_by, h.via) for h in history] == [("volledig", "cli:beheer", "cli"), ("solidair", "slack:U1", "slack")]
    changes = registry.changes(first - timedelta(seconds=5))
    assert [(c.before, c.now.variant) for c in changes][-1] == ("volledig", "solidair")
    with db.session() as session:  # nothing was overwritten in the table itself
        assert session.scalar(select(func.count()).select_from(ParticipationRow)) == 2


def test_a_repeated_choice_is_not_recorded_twice(registry):
    assert registry.declare("Woningbouwversneller", "Kreekdorp", "instap", ADMIN) is True
    assert registry.declare("Woningbouwversneller", "kreekdorp", "instapmodel", ADMIN) is False  # a double click
    assert len(registry.history("Woningbouwversneller", "Kreekdorp")) == 1


def test_unknown_names_and_variants_are_refused_with_close_names(registry):
    with pytest.raises(UnknownName, match="Bedoel je: Warmtenet Rivierenland"):
        registry.declare("Warmtenet Rivierland", "Oeverstad", "volledig", ADMIN)
    with pytest.raises(ValueError, match="volledig, solidair, instap, geen"):
        registry.declare("Woningbouwversneller", "Oeverstad", "half", ADMIN)
    assert registry.participation() == []


def test_two_writers_at_once_lose_nothing_and_duplicate_nothing(registry):
    """Two representatives of one organisation click at the same moment, many times over."""
    variants = ["volledig", "solidair", "instap", "geen"]
    errors = []

    def click(who: str, offset: int) -> None:
        try:
            for i in range(12):
                registry.declare("Warmtenet Rivierenland", "Oeverstad", variants[(i + offset) % 4], Actor(who, "slack"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=click, args=(f"slack:U{n}", n)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    history = registry.history("Warmtenet Rivierenland", "Oeverstad")
    assert all(a.variant != b.variant for a, b in zip(history, history[1:]))  # no duplicate in a row
    assert registry.participation(project="Warmtenet Rivierenland")[0].variant == history[-1].variant


def test_roles_end_without_being_deleted(registry):
    registry.save_role("A. de Wit", "voorzitter", "bestuurlijke regiekamer", ADMIN, organisation="Oeverstad", since=date(2026, 1, 1))
    assert registry.save_role("A. de Wit", "Voorzitter", "Bestuurlijke regiekamer", ADMIN) is False
    assert [r.person for r in registry.roles(body="bestuurlijke regiekamer", role="voorzitter")] == ["A. de Wit"]
    assert registry.end_role("A. de Wit", "voorzitter", "bestuurlijke regiekamer", ADMIN, date(2026, 6, 1))
    assert registry.roles(body="bestuurlijke regiekamer", on=date(2026, 7, 1)) == []
    assert [r.person for r in registry.roles(body="bestuurlijke regiekamer", on=date(2026, 3, 1))] == ["A. de Wit"]


def test_representatives(registry):
    assert registry.add_representative("Oeverstad", "slack", "U1", ADMIN)
    assert not registry.add_representative("Oeverstad", "slack", "U1", ADMIN)
    assert registry.represented_by("slack", "U1") == ["Oeverstad"]
    assert registry.represented_by("teams", "U1") == []
    with pytest.raises(RegistryError):
        registry.add_representative("Oeverstad", "fax", "U1", ADMIN)
    assert registry.remove_representative("Oeverstad", "slack", "U1")
    assert registry.represented_by("slack", "U1") == []


def _csv(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_an_import_with_one_bad_row_writes_nothing_and_names_line_and_column(registry, tmp_path):
    path = _csv(tmp_path, "deelname.csv", "project;organisatie;vorm;sinds\n"
                "Woningbouwversneller;Oeverstad;volledig;2026-03-01\n"
                "Woningbouwversneller;Dijkhoven;half;2026-03-01\n"
                "Woningbouwversneller;Atlantis;volledig;2026-03-01\n"
                "Woningbouwversneller;Kreekdorp;solidair;1 maart\n")
    with pytest.raises(ImportProblem) as caught:
        import_rows(registry, read_rows(path), ADMIN)
    problems = caught.value.problems
    assert problems[0].startswith("deelname, regel 3, kolom C (vorm)")
    assert problems[1].startswith("deelname, regel 4, kolom B (organisatie)")
    assert problems[2].startswith("deelname, regel 5, kolom D (sinds)")
    assert registry.participation() == []  # the good row was not written either


def test_an_import_of_a_new_project_and_its_choices_in_one_workbook(registry, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "projecten"
    book.active.append(["naam", "thema", "trekker"])
    book.active.append(["Snelfietsroute", "Energie", "Kreekdorp"])
    sheet = book.create_sheet("deelname")
    sheet.append(["project", "organisatie", "vorm", "sinds"])
    sheet.append(["Snelfietsroute", "Kreekdorp", "Volledige deelname", datetime(2026, 4, 1)])
    book.save(tmp_path / "portfolio.xlsx")

    result = import_rows(registry, read_rows(tmp_path / "portfolio.xlsx"), ADMIN)
    assert result.rows["projecten"] == 1 and result.changed == 1
    [found] = registry.participation(project="Snelfietsroute")
    assert (found.variant, found.since) == ("volledig", date(2026, 4, 1))


def test_broken_files_are_refused_plainly(registry, tmp_path):
    (tmp_path / "kapot.xlsx").write_bytes(b"this is no workbook")
    with pytest.raises(ImportProblem, match="geen leesbaar Excel-bestand"):
        read_rows(tmp_path / "kapot.xlsx")
    with pytest.raises(ImportProblem, match="kolom 'vorm' ontbreekt"):
        read_rows(_csv(tmp_path, "deelname.csv", "project;organisatie\nA;B\n"))
    with pytest.raises(ImportProblem, match="alleen .csv en .xlsx"):
        read_rows(_csv(tmp_path, "deelname.pdf", "x"))


def test_export_reads_back_unchanged(registry, tmp_path, database_url):
    from infra.database import open_database

    registry.declare("Warmtenet Rivierenland", "Dijkhoven", "solidair", ADMIN, since=date(2026, 2, 1), contribution="€ 15.000")
    registry.save_role("B. Jansen", "voorzitter", "ambtelijke regiekamer", ADMIN, organisation="Dijkhoven", since=date(2026, 1, 1))
    registry.add_representative("Dijkhoven", "teams", "aad-1", ADMIN)
    files = write_export(registry, tmp_path / "export")
    assert (tmp_path / "export" / "register.xlsx") in files

    again = import_rows(registry, read_rows(tmp_path / "export" / "register.xlsx"), ADMIN)
    assert again.changed == 0  # the same registry: nothing new recorded

    other_db = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        other = Registry(other_db)
        import_rows(other, [r for f in sorted((tmp_path / "export").glob("*.csv")) for r in read_rows(f)], ADMIN)
        assert [(p.project, p.organisation, p.variant, p.contribution) for p in other.participation()] == \
            [(p.project, p.organisation, p.variant, p.contribution) for p in registry.participation()]
        assert other.roles() == registry.roles()
        assert other.representatives() == registry.representatives()
    finally:
        other_db.close()


def test_report_writes_a_readable_chart_and_an_excel_friendly_csv(registry, tmp_path):
    from PIL import Image

    from registry.report import write_report

    registry.declare("Warmtenet Rivierenland", "Oeverstad", "volledig", ADMIN)
    registry.declare("Warmtenet Rivierenland", "Kreekdorp", "geen", ADMIN)
    files = write_report(registry, tmp_path / "rapport", changes_since=datetime.now(timezone.utc) - timedelta(hours=1))
    names = {f.name for f in files}
    assert names == {"deelname.csv", "deelname.png", "wijzigingen.csv"}
    raw = (tmp_path / "rapport" / "deelname.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right with the BOM
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "organisatie;Warmtenet Rivierenland;Woningbouwversneller"
    assert "Oeverstad;volledige deelname;nog geen keuze" in lines
    assert "Dijkhoven;nog geen keuze;nog geen keuze" in lines
    image = Image.open(tmp_path / "rapport" / "deelname.png").convert("L")
    assert image.width > 600 and len(image.getcolors(maxcolors=1 << 20)) > 8  # drawn, with distinct greys


def test_the_migration_downgrades_and_upgrades_cleanly(database_url):
    from alembic import command
    from alembic.config import Config

    from infra.database import MIGRATIONS_DIR, create_db_engine, migrate

    engine = create_db_engine(database_url)
    try:
        migrate(engine)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")  # below both registry migrations
        with engine.connect() as connection:
            assert "registry_participation" not in _tables(connection)
        migrate(engine)
        with engine.connect() as connection:
            assert "registry_participation" in _tables(connection)
    finally:
        engine.dispose()


def _tables(connection) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(connection).get_table_names())




def test_quoted_cells_survive_the_csv_round_trip_and_an_unchanged_reimport_changes_nothing(registry, tmp_path):
    registry.declare("Warmtenet Rivierenland", "Dijkhoven", "volledig", ADMIN, contribution="€ 7.500",
                     note='zie "Nota Fietsroute", p. 3; akkoord raad')
    write_export(registry, tmp_path / "export")
    rows = [r for f in sorted((tmp_path / "export").glob("*.csv")) for r in read_rows(f)]
    [row] = [r for r in rows if r.sheet == "deelname" and r.values["organisatie"] == "Dijkhoven"]
    assert row.values["toelichting"] == 'zie "Nota Fietsroute", p. 3; akkoord raad'
    assert import_rows(registry, rows, ADMIN).changed == 0
    [now] = registry.participation(organisation="Dijkhoven")
    assert now.note == 'zie "Nota Fietsroute", p. 3; akkoord raad' and len(registry.history("Warmtenet Rivierenland", "Dijkhoven")) == 1
    brought = tmp_path / "deelname.csv"  # someone's own file: commas, a quoted cell with a comma and quotes in it
    brought.write_text('project,organisatie,vorm,toelichting\nWarmtenet Rivierenland,Kreekdorp,geen,"niet nu, ""later"" wel"\n',
                       encoding="utf-8")
    [mine] = read_rows(brought)
    assert mine.values["toelichting"] == 'niet nu, "later" wel'


@pytest.mark.parametrize("encoding, delimiter", [
    ("utf-16", "\t"),  # Excel's "Unicode-tekst"
    ("utf-8-sig", ";"), ("cp1252", ";"), ("mac_roman", ";"),  # an older Windows or Mac Excel
])
def test_a_csv_in_any_encoding_excel_writes_is_read_without_mojibake(registry, tmp_path, encoding, delimiter):
    brought = tmp_path / "organisaties.csv"
    lines = [["naam", "soort"], ["Coëvorden", "gemeente"], ["Regio ’s-Hertogenbosch", "overig"]]
    brought.write_bytes("\r\n".join(delimiter.join(line) for line in lines).encode(encoding))
    rows = read_rows(brought)
    assert [r.values["naam"] for r in rows] == ["Coëvorden", "Regio ’s-Hertogenbosch"]
    import_rows(registry, rows, ADMIN)
    assert {"Coëvorden", "Regio ’s-Hertogenbosch"} <= {o.name for o in registry.organisations()}


def test_a_csv_that_is_not_text_is_refused_plainly(tmp_path):
    brought = tmp_path / "organisaties.csv"
    brought.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(ImportProblem, match="organisaties.csv .*tekst"):
        read_rows(brought)


def test_theme_descriptions_go_out_and_come_back(registry, tmp_path):
    assert registry.save_theme("Energie", "Warmte, zon en netten")
    write_export(registry, tmp_path / "export")
    assert registry.save_theme("Energie", "") is True  # emptied by hand …
    result = import_rows(registry, read_rows(tmp_path / "export" / "register.xlsx"), ADMIN)
    assert registry.theme_descriptions()["Energie"] == "Warmte, zon en netten"  # … and read back from the export
    assert result.changed == 1
    no_column = tmp_path / "themas.csv"
    no_column.write_text("naam\nEnergie\n", encoding="utf-8")
    assert import_rows(registry, read_rows(no_column), ADMIN).changed == 0
    assert registry.theme_descriptions()["Energie"] == "Warmte, zon en netten"  # a sheet without the column keeps it


def test_a_name_that_starts_like_a_formula_is_refused_and_written_cells_are_text(registry, tmp_path):
    from openpyxl import load_workbook

    bad = tmp_path / "organisaties.csv"
    bad.write_text('naam;soort\nZandvoorde;gemeente\n=HYPERLINK("http://x.example");gemeente\n', encoding="utf-8")
    with pytest.raises(ImportProblem) as refused:
        read_rows(bad)
    assert "organisaties, regel 3, kolom A (naam)" in str(refused.value) and "formule" in str(refused.value)
    with pytest.raises(RegistryError, match="formule"):
        registry.save_organisation("@SUM(1)")
    registry.declare("Warmtenet Rivierenland", "Kreekdorp", "solidair", ADMIN, contribution="+31 6 1234", note="=1+1 uit de begroting")
    write_export(registry, tmp_path / "export")
    sheet = load_workbook(tmp_path / "export" / "register.xlsx")["deelname"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=1+1 uit de begroting"]
    assert cells and all(c.data_type == "s" for c in cells)  # text, not a formula
    text = (tmp_path / "export" / "deelname.csv").read_text(encoding="utf-8-sig")
    assert "'=1+1 uit de begroting" in text and "'+31 6 1234" in text
    rows = [r for f in sorted((tmp_path / "export").glob("*.csv")) for r in read_rows(f)]
    assert import_rows(registry, rows, ADMIN).changed == 0  # reads back as it was
    [now] = registry.participation(organisation="Kreekdorp")
    assert (now.note, now.contribution) == ("=1+1 uit de begroting", "+31 6 1234")


def test_every_csv_and_workbook_we_write_keeps_formulas_as_text(tmp_path):
    from openpyxl import Workbook

    from infra.spreadsheets import append_row, write_csv

    path = write_csv(tmp_path / "t.csv", [["naam", "trend"], ["@cmd", "-0,3"], ["-2+3", "12"]])
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["naam;trend", "'@cmd;-0,3", "'-2+3;12"]
    book = Workbook()
    append_row(book.active, ["=SUM(A1)", "-0,3", 5])
    assert [c.data_type for c in book.active[1]] == ["s", "s", "n"]


def test_what_changed_is_the_net_change_per_organisation_and_project(registry):
    """First → last over the period: a click back and forth is no change, nor is "was" ever "werd",
    and an import that records an existing situation lists nothing. The full log stays available."""
    from registry.report import changes_text

    importer, clicker = Actor("import:register.xlsx", "import"), Actor("slack:U1", "slack")
    registry.declare("Warmtenet Rivierenland", "Oeverstad", "volledig", importer)
    registry.declare("Warmtenet Rivierenland", "Dijkhoven", "geen", importer)
    start = datetime.now(timezone.utc)
    registry.declare("Woningbouwversneller", "Oeverstad", "volledig", importer)  # an import of what already was
    for variant in ("solidair", "geen", "volledig"):  # back where it began
        registry.declare("Warmtenet Rivierenland", "Oeverstad", variant, clicker)
    for variant in ("solidair", "instap"):
        registry.declare("Warmtenet Rivierenland", "Dijkhoven", variant, clicker)
    registry.declare("Warmtenet Rivierenland", "Kreekdorp", "solidair", clicker)  # a first choice, made in chat
    net = registry.net_changes(start)
    assert [(c.now.organisation, c.before, c.now.variant) for c in net] == [
        ("Dijkhoven", "geen", "instap"), ("Kreekdorp", None, "solidair")]
    assert all(c.before != c.now.variant for c in net)
    assert "Oeverstad" not in changes_text(net)
    assert len(registry.changes(start)) == 7  # every click is still there for the CSV


@pytest.mark.parametrize("typed, nl, en", [
    ("15000", "€ 15.000", "€15,000"), ("€15.000,-", "€ 15.000", "€15,000"), ("15.000 euro", "€ 15.000", "€15,000"),
    ("EUR 7500,50", "€ 7.500,50", "€7,500.50"),
    ("naar rato van inwoners", "naar rato van inwoners", "naar rato van inwoners"),
    ("15,000", "15,000", "15,000"),  # fifteen or fifteen thousand: kept as typed rather than guessed
])
def test_amounts_are_written_as_people_read_them(typed, nl, en):
    from registry.amounts import readable_amount

    assert (readable_amount(typed), readable_amount(typed, "en")) == (nl, en)


def test_a_contribution_typed_as_a_bare_number_reads_as_an_amount_everywhere(registry):
    from registry.answers import RegistryAnswerer
    from registry.overview import participation_view

    registry.declare("Warmtenet Rivierenland", "Kreekdorp", "solidair", ADMIN, contribution="15000", since=date(2026, 2, 1))
    assert registry.declare("Warmtenet Rivierenland", "Kreekdorp", "solidair", ADMIN, contribution="€ 15.000") is False  # the same amount
    view = participation_view(registry, "Warmtenet Rivierenland")
    assert ["Kreekdorp", "solidariteit (betaalt mee)", "1 februari 2026", "€ 15.000", ""] in view.rows
    answer = RegistryAnswerer(registry).answer("Doet Kreekdorp mee aan het warmtenet?")
    assert "bijdrage: € 15.000" in answer.text and "15000" not in answer.text


def test_the_matrix_says_where_it_comes_from_and_per_which_day(registry):
    from registry.overview import participation_view
    from registry.service import today

    registry.declare("Warmtenet Rivierenland", "Kreekdorp", "volledig", ADMIN, since=date(2026, 2, 1))
    now = participation_view(registry)
    assert now.source.startswith("Bron: het deelnameregister (kleur bekennen) · stand per ")
    from registry.dates import spoken
    assert f"stand per {spoken(today())}" in now.source and f"laatst bijgewerkt {spoken(today())}" in now.source
    earlier = participation_view(registry, "Kreekdorp", as_of=date(2026, 1, 15), language="en")
    assert earlier.source == "Source: the participation register (kleur bekennen) · as of 15 January 2026"


def test_an_organisation_project_or_theme_can_be_removed_and_its_history_stays_in_the_export(registry, tmp_path):
    from registry.answers import RegistryAnswerer
    from registry.transfer import export_tables

    registry.declare("Warmtenet Rivierenland", "Kreekdorp", "solidair", ADMIN, contribution="€ 15.000")
    registry.declare("Woningbouwversneller", "Kreekdorp", "volledig", ADMIN)
    registry.add_representative("Kreekdorp", "slack", "U7", ADMIN)
    assert registry.remove("project", "warmtenet rivierenland", ADMIN) == "Warmtenet Rivierenland"
    assert [p.name for p in registry.projects()] == ["Woningbouwversneller"]
    assert [d.project for d in registry.participation()] == ["Woningbouwversneller"]
    assert "Warmtenet Rivierenland" not in registry.names().projects
    with pytest.raises(UnknownName):
        registry.declare("Warmtenet Rivierenland", "Oeverstad", "volledig", ADMIN)
    answer = RegistryAnswerer(registry).answer("Doet Kreekdorp mee aan het Warmtenet Rivierenland?")
    assert answer is None or "solidair" not in answer.text

    registry.remove("organisatie", "Kreekdorp", ADMIN)
    assert "Kreekdorp" not in [o.name for o in registry.organisations()] and registry.participation() == []
    assert registry.represented_by("slack", "U7") == [] and registry.representatives() == []
    registry.remove("thema", "Energie", ADMIN)
    assert registry.themes() == []

    tables = export_tables(registry)
    assert [row[0] for row in tables["projecten"][1:]] == ["Woningbouwversneller"]
    assert all(row[0] != "Kreekdorp" for row in tables["organisaties"][1:])
    history = tables["deelname_geschiedenis"]
    assert history[0][-1] == "uit_register_op"
    kept = {(row[0], row[1], row[2]) for row in history[1:] if row[-1]}
    assert kept == {("Warmtenet Rivierenland", "Kreekdorp", "solidair"), ("Woningbouwversneller", "Kreekdorp", "volledig")}

    registry.save_project("Warmtenet Rivierenland", theme=None)  # saving the name again brings it back, history and all
    registry.save_organisation("Kreekdorp")
    assert [d.variant for d in registry.participation(project="Warmtenet Rivierenland")] == ["solidair"]
    with pytest.raises(RegistryError, match="kies uit: organisatie, project, thema"):
        registry.remove("persoon", "A. de Wit", ADMIN)


def test_a_large_import_is_still_all_or_nothing(db):
    """Thousands of rows in one transaction (bench/registry_import.py times it: linear); one bad row
    at the very end still writes nothing and is named by sheet, line and column."""
    from bench.registry_import import rows_for
    from registry.transfer import SHEETS, Row

    registry = Registry(db)
    rows = rows_for(3000)
    rows.append(Row("deelname", 9999, {"project": "Project 1", "organisatie": "Gemeente 1", "vorm": "half"}, SHEETS["deelname"]))
    with pytest.raises(ImportProblem, match="deelname, regel 9999, kolom C"):
        import_rows(registry, rows, ADMIN)
    assert registry.organisations() == [] and registry.participation() == []
    import_rows(registry, rows[:-1], ADMIN)
    assert len(registry.organisations()) == 600 and len(registry.participation()) == 3000 - 650


def test_a_role_holders_chat_account_goes_out_and_comes_back(registry, tmp_path):
    assert registry.save_role("A. de Wit", "voorzitter", "Bestuurlijke regiekamer", ADMIN, account="slack:UWIT")
    assert registry.accounts_in("bestuurlijke regiekamer") == {"slack:UWIT"}
    write_export(registry, tmp_path / "export")
    rows = read_rows(tmp_path / "export" / "register.xlsx")
    assert import_rows(registry, rows, ADMIN).changed == 0
    assert [r.account for r in registry.roles(body="Bestuurlijke regiekamer")] == ["slack:UWIT"]
    with pytest.raises(RegistryError, match="geen chataccount"):
        registry.save_role("B. Bos", "lid", "Bestuurlijke regiekamer", ADMIN, account="UBOS")
