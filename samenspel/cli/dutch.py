"""The command line in Dutch, also where Typer speaks for itself: help panels, the help option,
value labels, usage lines and the errors of a mistyped command. Typer has no translation catalogue
for these, so they are set here, once, before the first command runs; a later Typer that renames
what is set here makes the test of this module fail rather than the CLI."""

from __future__ import annotations

import difflib
import re

PANELS = {"ARGUMENTS_PANEL_TITLE": "Argumenten", "OPTIONS_PANEL_TITLE": "Opties", "COMMANDS_PANEL_TITLE": "Opdrachten",
          "ERRORS_PANEL_TITLE": "Fout"}
HELP_TEXT = "Toon deze hulp en stop."
_LABELS = {"<bool>": None, "<str>": "<tekst>", "<path>": "<pad>", "<int>": "<getal>", "<float>": "<getal>",
           "<file>": "<bestand>", "<directory>": "<map>"}
_NO_COMMAND = re.compile(r"No such command '(?P<name>[^']*)'")
_EXTRA = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)")
_GROUP_METAVAR = "OPDRACHT [ARGUMENTEN]..."


def apply() -> None:
    """Dutch panel titles, help option and value labels for every help page from now on."""
    from typer import core, rich_utils
    from typer._click import decorators, formatting

    for name, title in PANELS.items():
        setattr(rich_utils, name, title)
    if not getattr(decorators.help_option, "dutch", False):
        english = decorators.help_option

        def help_option(param_decls):
            add = english(param_decls)

            def decorator(command):
                command = add(command)
                command.params[-1].help = HELP_TEXT
                return command

            return decorator

        help_option.dutch = True
        decorators.help_option = help_option
    write_usage = formatting.HelpFormatter.write_usage
    if not getattr(write_usage, "dutch", False):
        def dutch_usage(self, prog, args="", prefix=None):
            return write_usage(self, prog, args, "Gebruik: " if prefix is None else prefix)

        dutch_usage.dutch = True
        formatting.HelpFormatter.write_usage = dutch_usage
    display = core._TyperParameter.display_type
    if not getattr(display, "dutch", False):
        def display_type(self, ctx):
            label = display(self, ctx)
            return _LABELS.get(label, label)

        display_type.dutch = True
        core._TyperParameter.display_type = display_type


def dutch_tree(command) -> None:
    """Usage lines in Dutch: [OPTIES], OPDRACHT [ARGUMENTEN]..., on this command and every one below."""
    command.options_metavar = "[OPTIES]"
    if hasattr(command, "commands"):
        command.subcommand_metavar = _GROUP_METAVAR
        for sub in command.commands.values():
            dutch_tree(sub)


def usage_error(error) -> str:
    """A mistyped command as three plain lines: how it is used, what is wrong, where help is."""
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption

    ctx = error.ctx
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
    if isinstance(error, NoSuchOption):
        close = difflib.get_close_matches(error.option_name, error.possibilities or [], n=3) or sorted(error.possibilities or [])[:3]
        message = f"onbekende optie {error.option_name}" + (f" (bedoel je {' of '.join(close)}?)" if close else "")
    elif isinstance(error, MissingParameter):
        hint = error.param.get_error_hint() if error.param is not None else ""
        message = f"{'het argument' if error.param_type == 'argument' or getattr(error.param, 'param_type_name', '') == 'argument' else 'de optie'} {hint} ontbreekt"
    elif isinstance(error, BadParameter):
        hint = error.param.get_error_hint() if error.param is not None else ""
        message = f"ongeldige waarde voor {hint}: {_reason(error.message)}"
    elif match := _NO_COMMAND.search(error.message):
        name = match.group("name")
        known = sorted(ctx.command.commands) if ctx is not None and hasattr(ctx.command, "commands") else []
        close = difflib.get_close_matches(name, known, n=3)
        message = f"onbekende opdracht '{name}'" + (f" (bedoel je {' of '.join(close)}?)" if close else "")
    elif match := _EXTRA.search(error.message):
        message = f"te veel argumenten: {match.group('args')}"
    else:
        message = error.message
    lines.append(f"Fout: {message}")
    if ctx is not None:
        lines.append(f"Hulp: {ctx.command_path} --help")
    return "\n".join(lines)


def _reason(message: str) -> str:
    """Why a value was refused, in Dutch where Typer's reason is one of the usual ones."""
    lowered = message.lower()
    if "valid integer" in lowered:
        return "dat is geen geheel getal"
    if "valid number" in lowered or "valid float" in lowered:
        return "dat is geen getal"
    if "does not exist" in lowered:
        return "dat bestaat niet"
    if "is not one of" in lowered or "is not a valid" in lowered:
        return "die waarde kan niet"
    return message
