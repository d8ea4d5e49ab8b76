"""`samenspel feedback`: what people thought of the answers, for the administrators."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer
from rich.table import Table

from samenspel.cli.common import app, database, load_settings, out


@app.command()
def feedback(
    down: Annotated[bool, typer.Option("--omlaag", "--down", help="Alleen antwoorden met 👎")] = False,
    unanswered: Annotated[bool, typer.Option("--onbeantwoord", "--unanswered", help="Alleen vragen die de bot niet kon beantwoorden")] = False,
    days: Annotated[Optional[int], typer.Option("--dagen", "--days", help="Alleen de laatste N dagen")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Vragen met 👎 en vragen zonder antwoord: waar de documenten of de bot tekortschieten."""
    from assistant.feedback import FeedbackStore

    with database(load_settings()) as db:
        store = FeedbackStore(db)
        sections = []
        if down or not unanswered:
            sections.append(("Antwoorden met 👎", store.items(down_only=True, days=days)))
        if unanswered or not down:
            sections.append(("Vragen zonder antwoord", store.items(unanswered_only=True, days=days)))
    if as_json:
        keys = {"Antwoorden met 👎": "down", "Vragen zonder antwoord": "unanswered"}
        sys.stdout.write(json.dumps({keys[t]: [i.as_json() for i in items] for t, items in sections}, ensure_ascii=False, indent=2) + "\n")
        return
    for title, items in sections:
        out.print(f"\n[bold]{title}[/bold] ({len(items)})")
        if not items:
            out.print("  (geen)")
            continue
        table = Table(show_header=True, header_style="bold")
        for column in ("Wanneer", "Kanaal", "Vraag", "Antwoord", "Bronnen", "👍", "👎", "Wat ontbrak"):
            table.add_column(column)
        for i in items:
            answer = i.answer if len(i.answer) <= 160 else i.answer[:159] + "…"
            table.add_row(i.asked_at.strftime("%Y-%m-%d %H:%M"), i.channel, i.question, answer, "; ".join(i.sources),
                          str(i.up), str(i.down), " / ".join(i.comments))
        out.print(table)
