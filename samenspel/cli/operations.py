"""`samenspel backup | restore`: keeping what cannot be rebuilt (database, pseudonym key, chat
uploads), and putting it back after a checked restore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samenspel.cli.common import app, err, fail, load_settings, out


@app.command("backup")
def backup(folder: Annotated[Path, typer.Argument(metavar="MAP", help="Een nieuwe, lege map voor de back-up")]) -> None:
    """Maak een back-up van wat niet opnieuw te maken is: de database, de pseudoniemsleutel en de geüploade documenten."""
    from infra.backup import BackupError
    from infra.backup import backup as make_backup

    settings = load_settings()
    try:
        done = make_backup(data_dir=settings.data_dir, sql_url=settings.sql_url, key_configured=bool(settings.pseudonym_secret),
                           target=folder)
    except BackupError as exc:
        fail(str(exc), code=1)
    out.print(f"Back-up gemaakt in {done.folder}: {', '.join(done.files)}.")
    if done.key_included:
        err.print("[yellow]Let op:[/yellow] de back-up bevat de pseudoniemsleutel. Bewaar hem even veilig als de database "
                  "zelf: wie beide heeft, kan pseudoniemen aan personen koppelen.")
    for note in done.notes:
        err.print(f"[yellow]Let op:[/yellow] {note}")
    out.print("De kennisbank zit er niet in: die bouw je na herstel opnieuw op met samenspel ingest.")


@app.command("restore")
def restore(
    folder: Annotated[Path, typer.Argument(metavar="MAP", help="De map van een back-up")],
    replace: Annotated[bool, typer.Option("--overschrijven", "--replace", help="Vervang de huidige database en sleutel (die blijven ernaast bewaard)")] = False,
) -> None:
    """Zet een back-up terug, na controle; stop eerst de bot."""
    from infra.backup import BackupError
    from infra.backup import restore as put_back
    from infra.locking import StoreBusyError, StoreLock

    settings = load_settings()
    if not settings.uses_chroma_server:
        try:
            StoreLock(settings.lock_file, settings.store_lock_wait_seconds).ensure_free()
        except StoreBusyError as exc:
            fail(f"{exc} Stop de bot voordat je een back-up terugzet.", code=1)
    try:
        restored = put_back(source=folder, data_dir=settings.data_dir, sql_url=settings.sql_url, replace=replace)
    except BackupError as exc:
        fail(str(exc), code=1)
    out.print(f"Teruggezet: {', '.join(restored)}.")
    out.print("Bouw nu de kennisbank opnieuw op: samenspel ingest (met je documentmappen).")
