"""The `samenspel` command: one Typer app, its commands split by group (knowledge, serve, feedback,
survey, registry, overview); each command is thin and makes one call of the core."""

from __future__ import annotations

import importlib
import os
import sys

from infra.errors import DatabaseUnavailable
from infra.locking import StoreBusyError
from knowledge.errors import StoreMismatchError
from samenspel.cli.common import app, err

__all__ = ["app", "main"]

# Each group registers its commands on `app`; `samenspel --help` lists them in this order.
COMMAND_GROUPS = ("knowledge", "serve", "feedback", "survey", "registry", "overview", "operations")
for _group in COMMAND_GROUPS:
    importlib.import_module(f"samenspel.cli.{_group}")


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        app()
    except StoreBusyError as exc:
        err.print(f"[red]Bezet:[/red] {exc}")
        sys.exit(3)
    except StoreMismatchError as exc:
        err.print(f"[red]Fout:[/red] {exc}")
        sys.exit(2)
    except DatabaseUnavailable as exc:  # a command that reached the database without its own message
        err.print(f"[red]Fout:[/red] {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
