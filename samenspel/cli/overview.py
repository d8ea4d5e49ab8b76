"""`samenspel overview`: the regiekamer overview for a period, as a PDF and tables, on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samenspel.cli.common import app, database, err, fail, load_settings, out


@app.command("overview")
def overview(
    first: Annotated[str, typer.Option("--from", help="Eerste dag (JJJJ-MM-DD)")],
    last: Annotated[str, typer.Option("--to", help="Laatste dag, inbegrepen (JJJJ-MM-DD)")],
    out_dir: Annotated[Path, typer.Option("--out", help="Map voor de PDF en de tabellen")],
    without_documents: Annotated[bool, typer.Option("--zonder-documenten", help="Sla het deel over de documenten over")] = False,
) -> None:
    """Maak het overzicht voor de regiekamer: reflectie, deelname, vragen, documenten en signalen."""
    from overview.service import period_of
    from samenspel.wiring import open_overview

    settings = load_settings()
    try:
        start, end = period_of(first, last)
    except ValueError as exc:
        fail(str(exc))
    documents = None if without_documents else _documents(settings)
    with database(settings) as db:
        files = open_overview(settings, db, documents).make(start, end, out_dir)
    out.print(files.summary, markup=False)
    out.print("\nGeschreven:\n" + "\n".join(f"  {f}" for f in files.files))


def _documents(settings):
    """The knowledge base's documents; when a running bot holds the store, the overview goes without them."""
    from infra.locking import StoreBusyError
    from samenspel.cli import common

    try:
        with common.open_core(settings) as knowledge:
            documents = [d for d in knowledge.store.documents().values() if d.complete]
    except StoreBusyError:
        err.print("[yellow]Let op:[/yellow] de kennisbank is in gebruik door de bot; het overzicht gaat zonder het deel over documenten.")
        return None
    return lambda: documents
