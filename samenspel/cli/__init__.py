"""The `samenspel` command: one Typer app, its commands split by group (knowledge, serve, feedback,
survey, registry, overview); each command is thin and makes one call of the core."""

from __future__ import annotations

import importlib
import os
import sys

from infra.errors import DatabaseUnavailable
from infra.locking import StoreBusyError
from knowledge.errors import CalibrationFileError, RerankModelError, StoreMismatchError
from samenspel.cli.common import app, err

__all__ = ["app", "main"]

# Each group registers its commands on `app`; `samenspel --help` lists them in this order.
COMMAND_GROUPS = ("knowledge", "audiences", "serve", "feedback", "survey", "registry", "overview", "operations")
for _group in COMMAND_GROUPS:
    importlib.import_module(f"samenspel.cli.{_group}")


def main(argv: list[str] | None = None) -> None:
    """The `samenspel` command: in Dutch throughout, also where Typer itself speaks."""
    import typer.main
    from rich.markup import escape
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    from typer.exceptions import Abort, Exit

    from samenspel.cli import dutch

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    dutch.apply()
    command = typer.main.get_command(app)
    dutch.dutch_tree(command)
    try:
        code = command.main(args=argv, prog_name="samenspel", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except NoArgsIsHelpError as exc:  # `samenspel` alone, or a group without its command: the help page
        sys.stdout.write(exc.ctx.get_help() + "\n")
        sys.exit(0)
    except UsageError as exc:
        err.print(dutch.usage_error(exc), markup=False, highlight=False)
        sys.exit(exc.exit_code)
    except ClickException as exc:
        err.print(f"Fout: {exc.format_message()}", markup=False)
        sys.exit(exc.exit_code)
    except Exit as exc:
        sys.exit(exc.exit_code)
    except Abort:
        err.print("Afgebroken.")
        sys.exit(1)
    except StoreBusyError as exc:
        err.print(f"[red]Bezet:[/red] {exc}")
        sys.exit(3)
    except (StoreMismatchError, CalibrationFileError, RerankModelError) as exc:
        err.print(f"[red]Fout:[/red] {escape(str(exc))}", highlight=False)
        sys.exit(2)
    except DatabaseUnavailable as exc:  # a command that reached the database without its own message
        err.print(f"[red]Fout:[/red] {exc}")
        sys.exit(2)
    except Exception as exc:  # the edge: one plain line for the person, the trace in the log
        import logging

        logging.getLogger("samenspel").debug("command failed", exc_info=exc)
        err.print(f"Fout: er ging iets onverwachts mis ({type(exc).__name__}: {str(exc)[:200]}). "
                  "Met LOG_LEVEL=DEBUG staan de details in het logboek.", markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
