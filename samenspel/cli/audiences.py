"""`samenspel voor …` and `samenspel groep …`: who a document is meant for, and who is in a group.
A document without a group is for everyone in the collaboration; in Slack and Teams a restricted
document is used only for its groups' members (in a channel: only when every member is one)."""

from __future__ import annotations

import getpass
from typing import Annotated, Optional

import typer
from rich.table import Table

from samenspel.cli import common
from samenspel.cli.common import app, database, fail, load_settings, out

group_app = typer.Typer(no_args_is_help=True, help="Groepen: voor wie een document bedoeld is (leden, kanalen, organen).")
app.add_typer(group_app, name="groep")

MEMBER = typer.Option("--lid", "--member", metavar="ACCOUNT", help="Een persoon: slack:U0123ABC of teams:<AAD-id>")
PLACE = typer.Option("--kanaal", "--channel", metavar="KANAAL", help="Iedereen in een kanaal: slack:C0123ABC of teams:<gesprek-id>")
BODY = typer.Option("--orgaan", "--body", metavar="ORGAAN", help="Iedereen met een rol in dit orgaan (uit het register)")


@app.command("voor")
def meant_for(
    document: Annotated[str, typer.Argument(metavar="DOCUMENT", help="Naam zoals 'samenspel sources' die toont, of het pad")],
    groups: Annotated[list[str], typer.Argument(metavar="GROEP", help="Een of meer groepen, of 'iedereen'")],
) -> None:
    """Zet voor wie een document bedoeld is, zonder het opnieuw in te lezen."""
    from knowledge.audience import AudienceError, audience_of, shown

    try:
        audience = audience_of(groups)
    except AudienceError as exc:
        fail(str(exc))
    settings = load_settings()
    with common.open_core(settings) as knowledge:
        name = common.document_named(knowledge, document)
        knowledge.store.set_audience(name, audience)
        unknown = _unknown_groups(settings, audience)
    out.print(f"{name} is nu voor: {shown(audience)}.", markup=False)
    if unknown:
        out.print(f"Let op: de groep {', '.join(unknown)} bestaat nog niet; tot je hem maakt (samenspel groep zet …) "
                  "ziet in Slack en Teams niemand dit document.", markup=False)


def _unknown_groups(settings, audience: tuple[str, ...]) -> list[str]:
    from assistant.audiences import GroupDirectory

    with database(settings) as db:
        known = {g.name for g in GroupDirectory(db).all()}
    return [g for g in audience if g not in known]


@group_app.command("lijst")
def list_groups() -> None:
    """Toon de groepen en wie erin zit."""
    from assistant.audiences import GroupDirectory

    with database(load_settings()) as db:
        groups = GroupDirectory(db).all()
    if not groups:
        out.print("Er zijn nog geen groepen. Maak er een met: samenspel groep zet regiekamer --lid slack:U0123ABC")
        return
    table = Table(show_header=True, header_style="bold")
    for column in ("Groep", "Leden", "Kanalen", "Organen"):
        table.add_column(column, overflow="fold")
    for g in groups:
        table.add_row(g.name, "\n".join(g.members) or "—", "\n".join(g.places) or "—", "\n".join(g.bodies) or "—")
    out.print(table)


@group_app.command("zet")
def set_group(
    name: Annotated[str, typer.Argument(metavar="GROEP")],
    members: Annotated[Optional[list[str]], MEMBER] = None,
    places: Annotated[Optional[list[str]], PLACE] = None,
    bodies: Annotated[Optional[list[str]], BODY] = None,
    replace: Annotated[bool, typer.Option("--vervang", "--replace", help="Vervang de leden, kanalen en organen in plaats van toevoegen")] = False,
) -> None:
    """Maak een groep, of voeg leden, kanalen of organen toe."""
    from assistant.audiences import GroupDirectory
    from knowledge.audience import AudienceError

    with database(load_settings()) as db:
        try:
            group = GroupDirectory(db).save(name, members=members or [], places=places or [], bodies=bodies or [],
                                            actor=f"cli:{getpass.getuser()}", replace=replace)
        except AudienceError as exc:
            fail(str(exc))
    out.print(f"Groep {group.name}: {len(group.members)} leden, {len(group.places)} kanalen, {len(group.bodies)} organen. "
              "Dit geldt meteen, ook voor een draaiende bot.", markup=False)


@group_app.command("haal-weg")
def take_out(
    name: Annotated[str, typer.Argument(metavar="GROEP")],
    members: Annotated[Optional[list[str]], MEMBER] = None,
    places: Annotated[Optional[list[str]], PLACE] = None,
    bodies: Annotated[Optional[list[str]], BODY] = None,
) -> None:
    """Haal leden, kanalen of organen uit een groep."""
    from assistant.audiences import GroupDirectory
    from knowledge.audience import AudienceError

    with database(load_settings()) as db:
        try:
            group = GroupDirectory(db).take_out(name, members=members or [], places=places or [], bodies=bodies or [],
                                                actor=f"cli:{getpass.getuser()}")
        except AudienceError as exc:
            fail(str(exc))
    if group is None:
        fail(f"groep {name} bestaat niet (zie: samenspel groep lijst)", code=1)
    out.print(f"Groep {group.name}: {len(group.members)} leden, {len(group.places)} kanalen, {len(group.bodies)} organen.", markup=False)


@group_app.command("verwijder")
def remove_group(name: Annotated[str, typer.Argument(metavar="GROEP")]) -> None:
    """Verwijder een groep. Documenten voor alleen deze groep ziet daarna in Slack en Teams niemand meer."""
    from assistant.audiences import GroupDirectory
    from knowledge.audience import AudienceError

    with database(load_settings()) as db:
        try:
            removed = GroupDirectory(db).remove(name)
        except AudienceError as exc:
            fail(str(exc))
    if not removed:
        fail(f"groep {name} bestaat niet (zie: samenspel groep lijst)", code=1)
    out.print(f"Groep {name} is verwijderd.", markup=False)
