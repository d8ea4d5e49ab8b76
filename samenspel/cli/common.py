"""What every command group of the `samenspel` command shares: the Typer app, the consoles, the
settings (read once per command, which also sets the time zone and log safety), opening the
knowledge core, and failing with a plain message."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console

from infra.local_time import use_timezone
from infra.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Samenspel: vragen over de samenwerking, met bronnen.")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"
DEMO_QUESTION = "Wat is de rol van de regiekamer?"
DEMO_REGISTRY_QUESTION = "Doet Kreekdorp mee aan het Warmtenet?"  # answered from the fictitious example register


def load_settings() -> Settings:
    from infra.logsafety import install
    from infra.private import keep_private

    settings = Settings()
    install(settings.log_level)
    use_timezone(settings.timezone)
    keep_private(settings.data_dir)
    return settings


DEMO_FOLDER = "voorbeeld"  # inside the data folder; everything the demo writes, and nothing else
DEMO_MARKER = "VOORBEELD-LEESMIJ.txt"


def demo_settings(settings: Settings) -> Settings:
    """The demo's own data: a folder of its own in the data folder, its own SQLite database and the
    embedded store, whatever DATABASE_URL or CHROMA_HOST say, so nothing fictitious ever lands beside
    the collaboration's real documents, register or answers."""
    return settings.model_copy(update={"data_dir": settings.data_dir / DEMO_FOLDER, "database_url": None, "chroma_host": None,
                                       "pseudonym_secret": None, "document_dirs_raw": ""})


def open_core(settings: Settings, *, fresh: bool = False):
    if not settings.uses_chroma_server:  # a busy store is refused before the slow imports, not after
        from infra.locking import StoreLock

        StoreLock(settings.lock_file, settings.store_lock_wait_seconds).ensure_free()
    from samenspel.wiring import open_knowledge

    return open_knowledge(settings, fresh=fresh)


@contextmanager
def database(settings: Settings):
    """The SQL database for one command, closed after it; a database that is down is one plain line."""
    from infra.database import DatabaseUnavailable
    from samenspel.wiring import open_database_for

    try:
        db = open_database_for(settings)
    except DatabaseUnavailable as exc:
        fail(str(exc))
    try:
        yield db
    finally:
        db.close()


def fail(message: str, code: int = 2) -> None:
    err.print(f"[red]Fout:[/red] {message}")
    raise typer.Exit(code)


def document_named(knowledge, wanted: str) -> str:
    """The stored name of the document `wanted` names (a name as `sources` shows it, or a path); else
    a plain refusal that says where to look."""
    from ingest.documents import DocumentLookupError, find_document

    try:
        return find_document(knowledge.store.documents(), wanted)
    except DocumentLookupError as exc:
        fail(str(exc), code=1)
