"""`samenspel registry ...`: kleur bekennen: import and export the portfolio, record a choice or a
role, manage representatives, show the matrix, and write the report (chart and CSV)."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from infra.local_time import zone
from samenspel.cli.common import app, database, fail, load_settings, out

registry_app = typer.Typer(no_args_is_help=True, help="Kleur bekennen: wie doet mee aan welk project, en wie heeft welke rol.")
app.add_typer(registry_app, name="registry")

EXAMPLE_REGISTER_DIR = Path(__file__).resolve().parents[1] / "example_register"


@contextmanager
def _registry() -> Iterator:
    """The registry on the configured database, for one command."""
    from samenspel.wiring import open_registry

    with database(load_settings()) as db:
        yield open_registry(db)


def _actor():
    from registry.records import Actor

    return Actor(f"cli:{getpass.getuser()}", "cli")


@contextmanager
def _plain_errors() -> Iterator[None]:
    """What the registry refuses is said in one line (or a list for an import), with exit code 1."""
    from registry.records import RegistryError

    try:
        yield
    except (RegistryError, ValueError) as exc:
        fail(str(exc), code=1)


def _day(value: Optional[str]) -> Optional[date]:
    from registry.dates import parse_day

    if not value:
        return None
    try:
        return parse_day(value)
    except ValueError as exc:
        fail(str(exc))


def _end_of(value: Optional[str]) -> Optional[datetime]:
    """'Op 1 maart' means as it stood at the end of that day, Dutch time."""
    day = _day(value)
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone()) if day else None


@registry_app.command("import")
def registry_import(
    paths: Annotated[list[Path], typer.Argument(metavar="BESTANDEN", help="CSV- of XLSX-bestanden, of een map met CSV's (organisaties.csv, projecten.csv, …)")],
) -> None:
    """Lees organisaties, thema's, projecten, deelname, rollen en vertegenwoordigers in: alles of niets."""
    from registry.transfer import import_rows, read_rows

    files = [f for p in paths for f in (sorted(p.glob("*.csv")) + sorted(p.glob("*.xlsx")) if p.is_dir() else [p])]
    missing = [str(f) for f in files if not f.is_file()]
    if missing or not files:
        fail(f"niet gevonden: {', '.join(missing) or ', '.join(map(str, paths))}")
    with _plain_errors(), _registry() as registry:
        rows = [row for f in files for row in read_rows(f)]
        result = import_rows(registry, rows, _actor())
    counts = ", ".join(f"{n} {sheet}" for sheet, n in result.rows.items() if n)
    out.print(f"Ingelezen: {counts or 'niets'}; {result.changed} wijzigingen vastgelegd.")


@registry_app.command("export")
def registry_export(out_dir: Annotated[Path, typer.Option("--naar", "--out", help="Map voor register.xlsx en een CSV per blad")]) -> None:
    """Schrijf het register als Excel-werkboek en CSV's (inclusief de volledige geschiedenis van de deelname)."""
    from registry.transfer import write_export

    with _registry() as registry:
        files = write_export(registry, out_dir)
    out.print("Geschreven:\n" + "\n".join(f"  {f}" for f in files))


@registry_app.command("report")
def registry_report(
    out_dir: Annotated[Path, typer.Option("--naar", "--out", help="Map voor de matrix (PNG) en CSV")],
    theme: Annotated[Optional[str], typer.Option("--thema", "--theme", help="Alleen de projecten van dit thema")] = None,
    as_of: Annotated[Optional[str], typer.Option("--op", "--as-of", help="De stand op deze dag (JJJJ-MM-DD)")] = None,
    since: Annotated[Optional[str], typer.Option("--sinds", "--since", help="Ook de wijzigingen sinds deze dag")] = None,
) -> None:
    """De deelnamematrix (organisaties × projecten) als grafiek en CSV, en wat er veranderde."""
    from registry.report import write_report

    with _plain_errors(), _registry() as registry:
        files = write_report(registry, out_dir, theme=theme, as_of=_day(as_of),
                             changes_since=_end_of(since) if since else None)
    out.print("Geschreven:\n" + "\n".join(f"  {f}" for f in files))


@registry_app.command("show")
def registry_show(
    name: Annotated[Optional[str], typer.Argument(metavar="NAAM", help="Een project of organisatie; leeg: alle projecten")] = None,
    as_of: Annotated[Optional[str], typer.Option("--op", "--as-of", help="De stand op deze dag (JJJJ-MM-DD)")] = None,
) -> None:
    """Toon wie meedoet: per project, of voor één project of organisatie."""
    from registry.overview import participation_view

    with _plain_errors(), _registry() as registry:
        view = participation_view(registry, name, as_of=_day(as_of))
    table = Table(show_header=True, header_style="bold", title=view.title)
    for column in view.columns:
        table.add_column(column)
    for row in view.rows:
        table.add_row(*row)
    out.print(table)
    if view.source:
        out.print(view.source, style="dim")


@registry_app.command("organisation")
def registry_organisation(
    name: Annotated[str, typer.Argument(metavar="NAAM", help="De naam van de organisatie")],
    kind: Annotated[str, typer.Option("--soort", "--kind", help="gemeente, provincie, waterschap, bedrijf, kennisinstelling, overig")] = "gemeente",
) -> None:
    """Voeg een organisatie toe, of wijzig haar soort."""
    with _plain_errors(), _registry() as registry:
        registry.save_organisation(name, kind)
    out.print("Vastgelegd.")


@registry_app.command("theme")
def registry_theme(name: Annotated[str, typer.Argument(metavar="NAAM", help="Het thema (de bestuurlijke tafel)")],
                   description: Annotated[str, typer.Option("--omschrijving", "--description")] = "") -> None:
    """Voeg een thema toe, of wijzig de omschrijving."""
    with _plain_errors(), _registry() as registry:
        registry.save_theme(name, description)
    out.print("Vastgelegd.")


@registry_app.command("project")
def registry_project(
    name: Annotated[str, typer.Argument(metavar="NAAM", help="De naam van het project of de coalitie")],
    theme: Annotated[Optional[str], typer.Option("--thema", "--theme")] = None,
    lead: Annotated[Optional[str], typer.Option("--trekker", "--lead", help="De organisatie die trekt")] = None,
    status: Annotated[str, typer.Option("--status", help="idee, lopend, afgerond, gestopt")] = "lopend",
    starts: Annotated[Optional[str], typer.Option("--start")] = None,
    ends: Annotated[Optional[str], typer.Option("--einde", "--end")] = None,
    decision: Annotated[str, typer.Option("--besluit", "--decision", help="Het besluit: documenttitel of link")] = "",
    page: Annotated[Optional[int], typer.Option("--pagina", "--page")] = None,
) -> None:
    """Voeg een project toe, of wijzig het (thema, trekker, status, data, besluit)."""
    with _plain_errors(), _registry() as registry:
        registry.save_project(name, theme=theme, lead=lead, status=status, starts_on=_day(starts), ends_on=_day(ends),
                              decision=decision, decision_page=page)
    out.print("Vastgelegd.")


@registry_app.command("declare")
def registry_declare(
    project: Annotated[str, typer.Argument(metavar="PROJECT", help="Het project")],
    organisation: Annotated[str, typer.Argument(metavar="ORGANISATIE", help="De organisatie")],
    variant: Annotated[str, typer.Argument(metavar="VORM", help="volledig | solidair | instap | geen")],
    since: Annotated[Optional[str], typer.Option("--sinds", "--since", help="Sinds (JJJJ-MM-DD, standaard vandaag)")] = None,
    contribution: Annotated[str, typer.Option("--bijdrage", "--contribution", help="Bedrag of verdeelsleutel")] = "",
    note: Annotated[str, typer.Option("--toelichting", "--note")] = "",
) -> None:
    """Leg vast hoe een organisatie aan een project deelneemt (de vorige keuze blijft in de geschiedenis)."""
    with _plain_errors(), _registry() as registry:
        changed = registry.declare(project, organisation, variant, _actor(), since=_day(since), contribution=contribution, note=note)
    out.print("Vastgelegd." if changed else "Dit stond al zo in het register; niets veranderd.")


@registry_app.command("role")
def registry_role(
    person: Annotated[str, typer.Argument(metavar="PERSOON", help="Naam zoals de persoon getoond wil worden")],
    role: Annotated[str, typer.Argument(metavar="ROL", help="voorzitter, lid, trekker, portefeuillehouder, secretaris, …")],
    body: Annotated[str, typer.Argument(metavar="ORGAAN", help="Het orgaan: bestuurlijke regiekamer, een tafel, een project")],
    organisation: Annotated[Optional[str], typer.Option("--organisatie", "--organisation")] = None,
    since: Annotated[Optional[str], typer.Option("--sinds", "--since")] = None,
    until: Annotated[Optional[str], typer.Option("--tot", "--until", help="Beëindig de rol op deze dag")] = None,
    account: Annotated[Optional[str], typer.Option("--account", metavar="ACCOUNT",
                                                   help="Het chataccount van de persoon (slack:U… of teams:…): leest de stukken voor dit orgaan")] = None,
) -> None:
    """Leg een rol vast, of beëindig haar met --tot."""
    with _plain_errors(), _registry() as registry:
        if until and not since:
            changed = registry.end_role(person, role, body, _actor(), _day(until))
        else:
            changed = registry.save_role(person, role, body, _actor(), organisation=organisation, since=_day(since), until=_day(until),
                                         account=account)
    out.print("Vastgelegd." if changed else "Dit stond al zo in het register; niets veranderd.")


@registry_app.command("representative")
def registry_representative(
    organisation: Annotated[str, typer.Argument(metavar="ORGANISATIE", help="De organisatie")],
    channel: Annotated[str, typer.Argument(metavar="KANAAL", help="slack of teams")],
    user_id: Annotated[str, typer.Argument(metavar="GEBRUIKER", help="Slack-gebruikers-id (U…) of Teams-id (AAD object id)")],
    remove: Annotated[bool, typer.Option("--verwijder", "--remove")] = False,
) -> None:
    """Wie mag namens een organisatie kleur bekennen (toevoegen, of met --verwijder weghalen)."""
    with _plain_errors(), _registry() as registry:
        if remove:
            changed = registry.remove_representative(organisation, channel, user_id)
        else:
            changed = registry.add_representative(organisation, channel, user_id, _actor())
    out.print("Gedaan." if changed else "Niets veranderd.")


@registry_app.command("remove")
def registry_remove(
    kind: Annotated[str, typer.Argument(metavar="SOORT", help="organisatie, project of thema")],
    name: Annotated[str, typer.Argument(metavar="NAAM", help="De naam zoals het register die kent")],
) -> None:
    """Haal een organisatie, project of thema uit het register; de geschiedenis blijft (ook in de export)."""
    with _plain_errors(), _registry() as registry:
        removed = registry.remove(kind.strip().lower(), name, _actor())
    out.print(f"{removed} staat niet meer in het register. De geschiedenis blijft bewaard (registry export, "
              f"blad deelname_geschiedenis); opnieuw toevoegen met dezelfde naam haalt het terug.")


@registry_app.command("changes")
def registry_changes(since: Annotated[str, typer.Option("--sinds", "--since", help="Sinds deze dag (JJJJ-MM-DD)")]) -> None:
    """Wat er in de deelname veranderde sinds een dag: per organisatie en project van de eerste naar de laatste keuze."""
    from registry.report import changes_text

    with _plain_errors(), _registry() as registry:
        out.print(changes_text(registry.net_changes(_end_of(since))), markup=False)
    out.print("(Elke afzonderlijke wijziging staat in de export: samenspel registry export, blad deelname_geschiedenis.)")


round_app = typer.Typer(no_args_is_help=True, help="Kleur-bekennen-rondes: starten, volgen, sluiten.")
registry_app.add_typer(round_app, name="round")


@contextmanager
def _rounds() -> Iterator:
    from samenspel.wiring import open_rounds

    with _registry() as registry:
        yield open_rounds(registry.db, registry)


_STATUS = {"scheduled": "gepland", "open": "open", "closed": "gesloten"}


@round_app.command("start")
def round_start(
    theme: Annotated[Optional[str], typer.Option("--thema", "--theme", help="Alleen de projecten van dit thema (standaard REGISTRY_ROUND_THEME, anders alles)")] = None,
    days: Annotated[Optional[float], typer.Option("--dagen", "--days", help="Dagen open (standaard REGISTRY_ROUND_DAYS)")] = None,
    reminders: Annotated[Optional[str], typer.Option("--herinneringen", "--reminders", help="Dagen na opening, bv. '7,12'")] = None,
    title: Annotated[Optional[str], typer.Option("--titel", "--title")] = None,
) -> None:
    """Open een ronde: de draaiende bot stuurt elke vertegenwoordiger binnen een halve minuut het bericht."""
    from infra.local_time import shown
    from registry.planning import plan_declaration_round
    from registry.service import utcnow

    settings = load_settings()
    reminder_days = [float(d) for d in reminders.split(",") if d.strip()] if reminders else None
    with _plain_errors(), _rounds() as rounds:
        round_id = plan_declaration_round(rounds, settings, opens_at=utcnow(), actor=_actor(), theme=theme, days=days,
                                          reminder_days=reminder_days, title=title)
        info = rounds.round(round_id)
        representatives = len(rounds.registry.representatives())
        unreachable = rounds.unreachable_organisations()
    out.print(f"Ronde {info.id} “{info.title}”: {len(info.projects)} projecten, open tot {shown(info.closes_at)}; "
              f"herinneringen: {', '.join(shown(r) for r in info.reminders) or 'geen'}.")
    if not representatives:
        out.print("[yellow]Let op:[/yellow] er zijn nog geen vertegenwoordigers; voeg ze toe met samenspel registry representative.")
    elif unreachable:
        out.print(f"[yellow]Let op:[/yellow] niemand kan antwoorden voor {', '.join(unreachable)}: zij hebben geen "
                  "vertegenwoordiger. Voeg er een toe met samenspel registry representative.")


@round_app.command("list")
def round_list() -> None:
    """Alle rondes, met wie al voor elk project koos."""
    from infra.local_time import shown

    with _rounds() as rounds:
        table = Table(show_header=True, header_style="bold")
        for column in ("Ronde", "Titel", "Status", "Sluit", "Projecten", "Gekozen", "Nog niet", "Niet te vragen"):
            table.add_column(column)
        unreachable = ", ".join(rounds.unreachable_organisations()) or "–"
        for info in rounds.rounds():
            table.add_row(str(info.id), info.title, _STATUS.get(info.status, info.status), shown(info.closes_at), str(len(info.projects)),
                          ", ".join(rounds.complete_organisations(info.id)) or "–", ", ".join(rounds.silent_organisations(info.id)) or "–",
                          unreachable)
    out.print(table)
    if unreachable != "–":
        out.print(f"Niet te vragen: geen vertegenwoordiger voor {unreachable}.")


@round_app.command("close")
def round_close(round_id: Annotated[int, typer.Argument(metavar="RONDE", help="Het rondenummer (zie: samenspel registry round list)")]) -> None:
    """Sluit een ronde nu; de bot zet de definitieve matrix met wat veranderde in het kanaal van de regiekamer."""
    with _plain_errors(), _rounds() as rounds:
        rounds.close_now(round_id)
    out.print(f"Ronde {round_id} sluit bij de volgende tik van de planner (binnen een halve minuut).")


def import_example(registry) -> bool:
    """The fictitious example portfolio, for the demo; False when the registry already holds projects."""
    from registry.transfer import import_rows, read_rows

    if registry.projects():
        return False
    rows = [row for f in sorted(EXAMPLE_REGISTER_DIR.glob("*.csv")) for row in read_rows(f)]
    from registry.records import Actor

    import_rows(registry, rows, Actor("voorbeeld", "import"))
    return True


__all__ = ["import_example", "registry_app", "typer"]
