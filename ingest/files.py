"""Which files a run reads: folders expanded into the files a loader takes, and every path that cannot
be read (missing, unreadable, a link out of the folder, a name that is no text) reported, never a
reason to remove anything."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.loaders import supported_suffixes
from ingest.manifest import MANIFEST_NAME
from ingest.report import FileReport, Outcome


@dataclass
class Collected:
    """What a run found: the files, the paths it could not read, and the folders that were read
    completely (only documents under those may be pruned)."""

    files: list[Path] = field(default_factory=list)
    problems: list[FileReport] = field(default_factory=list)
    prunable: list[Path] = field(default_factory=list)  # resolved folders, read completely, not empty


def collect_files(paths: Iterable[Path]) -> Collected:
    """Expand folders into supported files; a missing, unreadable or empty target is reported and
    is never a reason to remove anything."""
    found = Collected()
    seen: set[Path] = set()
    suffixes = supported_suffixes()
    for path in paths:
        if path.is_dir():
            errors: list[OSError] = []
            files = []
            root = path.resolve()
            for folder, subfolders, names in os.walk(path, onerror=errors.append):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(names):
                    file = Path(folder) / name
                    if name.startswith((".", "~$")) or name == MANIFEST_NAME:  # hidden, Office's lock files, our metadata
                        continue
                    if Path(name).suffix.lower() not in suffixes:
                        found.problems.append(_skipped(file, suffixes))
                        continue
                    if not valid_name(name):
                        found.problems.append(_bad_name(file))
                        continue
                    if not file.resolve().is_relative_to(root):  # a link out of the folder: never read what lies outside
                        found.problems.append(FileReport(name, Outcome.FAILED, detail=(
                            f"{name} verwijst naar een bestand buiten {path}; alleen wat in de map zelf staat wordt ingelezen")))
                        continue
                    files.append(file)
            if errors:
                found.problems.append(FileReport(str(path), Outcome.FAILED, detail=(
                    f"map {path} is niet volledig leesbaar ({errors[0].strerror or errors[0]}: {errors[0].filename}); "
                    "onder deze map is niets opgeschoond")))
            elif files:
                found.prunable.append(path.resolve())
            for file in files:
                if file.resolve() not in seen:
                    seen.add(file.resolve())
                    found.files.append(file)
        elif path.is_file():
            if not valid_name(path.name):
                found.problems.append(_bad_name(path))
            elif path.resolve() not in seen:
                seen.add(path.resolve())
                found.files.append(path)
        else:
            found.problems.append(FileReport(path.name or str(path), Outcome.FAILED, detail=f"{path} bestaat niet (of is niet bereikbaar); er is niets verwijderd"))
    return found


def valid_name(name: str) -> bool:
    """A name the store can keep and a person can read: valid UTF-8, no control characters."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return name.isprintable()


def _skipped(path: Path, suffixes: set[str]) -> FileReport:
    kind = path.suffix.lower() or "zonder extensie"
    known = ", ".join(sorted(suffixes))
    return FileReport(path.name if valid_name(path.name) else _bad_name(path).source, Outcome.SKIPPED,
                      detail=f"bestandstype {kind} wordt niet ingelezen (wel: {known})")


def _bad_name(path: Path) -> FileReport:
    readable = path.name.encode("utf-8", "backslashreplace").decode("utf-8")
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in readable)
    return FileReport(shown, Outcome.FAILED, detail=(
        f"de bestandsnaam {shown} bevat tekens die geen gewone tekst zijn (geen UTF-8 of stuurtekens); "
        "hernoem het bestand en lees opnieuw in"))
