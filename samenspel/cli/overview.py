"""`samenspel overview`: the regiekamer overview for a period, as a PDF and tables, on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from samenspel.cli.common import app, database, err, fail, load_settings, out


@app.command("overview")
def overview(
    first: Annotated[Optional[str], typer.Option("--van", "--from", help="Eerste dag (JJJJ-MM-DD); standaard de eerste van vorige maand")] = None,
    last: Annotated[Optional[str], typer.Option("--tot", "--to", help="Laatste dag, inbegrepen (JJJJ-MM-DD); standaard de laatste van vorige maand")] = None,
    out_dir: Annotated[Optional[Path], typer.Option("--naar", "--out", help="Map voor de PDF en de tabellen; standaard in SAMENSPEL_REPORT_DIR")] = None,
    without_documents: Annotated[bool, typer.Option("--zonder-documenten", "--without-documents", help="Sla het deel over de documenten over")] = False,
    audience: Annotated[Optional[list[str]], typer.Option("--voor", "--for", metavar="GROEP",
                                                          help="Neem ook documenten (en vragen erover) voor deze groep mee; standaard alleen wat voor iedereen is")] = None,
) -> None:
    """Maak het overzicht voor de regiekamer: reflectie, deelname, vragen, documenten en signalen.
    Zonder --from en --to: de vorige volledige maand."""
    from datetime import datetime, timezone

    from overview.service import period_of, previous_month
    from samenspel.wiring import open_overview

    from knowledge.audience import AudienceError, audience_of

    try:
        readable_by = frozenset(audience_of(audience)) if audience else frozenset()
    except AudienceError as exc:
        fail(str(exc))
    settings = load_settings()
    if (first is None) != (last is None):
        fail("geef --van en --tot samen, of geen van beide (dan de vorige volledige maand)")
    try:
        start, end = period_of(first, last) if first else previous_month(datetime.now(timezone.utc))
    except ValueError as exc:
        fail(str(exc))
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        fail(f"{out_dir} is een bestand, geen map; geef met --naar een (nieuwe) map op")
    documents = None if without_documents else _documents(settings)
    with database(settings) as db:
        files = open_overview(settings, db, documents).make(start, end, out_dir, readable_by=readable_by)
    out.print(files.summary, markup=False)
    out.print("\nGeschreven:\n" + "\n".join(f"  {f}" for f in files.files))


def _documents(settings):
    """The knowledge base's documents; when a running bot holds the store, the overview goes without them."""
    from infra.locking import StoreBusyError
    from samenspel.cli import common

    try:
        with common.open_core(settings) as knowledge:
            documents = [d for d in knowledge.store.documents().values() if d.complete]
    except StoreBusyError as busy:
        err.print(f"Let op: de kennisbank is in gebruik door {busy.holder}; het overzicht gaat zonder het deel over documenten.",
                  markup=False)
        return None
    return lambda: documents
