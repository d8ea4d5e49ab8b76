"""Backing up what cannot be rebuilt, and putting it back. The SQL database (survey answers, the
register, feedback, ingest history), the pseudonym key and the documents sent in chat cannot be
made again; the vector store, the lexical index and the caches can (`samenspel ingest`), so they
are left out. A SQLite database is copied with SQLite's online backup API, consistent while the
bot keeps writing; PostgreSQL is backed up with its own `pg_dump`. Every file is listed with its
checksum, so a restore can tell a damaged or incomplete backup before it overwrites anything."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

MANIFEST = "samenspel-backup.json"
DATABASE_FILE = "samenspel.db"
KEY_FILE = "pseudonym.key"
UPLOADS = "uploads"
FORMAT = 1


class BackupError(Exception):
    """Said to the administrator as it is; nothing was overwritten."""


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    files: list[str]
    key_included: bool
    notes: list[str]


def sqlite_path(sql_url: str) -> Path | None:
    """The file of a sqlite:/// URL; None for any other database."""
    prefix = "sqlite:///"
    return Path(sql_url[len(prefix):]) if sql_url.startswith(prefix) else None


def backup(*, data_dir: Path, sql_url: str, key_configured: bool, target: Path) -> BackupResult:
    """Write a backup into `target` (new or empty): the database, the key (unless it is configured
    in the environment, which is then said), the chat uploads, and the manifest with checksums."""
    database = sqlite_path(sql_url)
    if database is None:
        raise BackupError("De database is PostgreSQL: maak daarvan een back-up met pg_dump (zie de handleiding); "
                          "samenspel backup bewaart alleen een SQLite-database.")
    if not database.is_file():
        raise BackupError(f"Er is nog geen database om te bewaren ({database}).")
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is niet leeg; kies een nieuwe map, zodat er geen oude back-up wordt overschreven.")
    target.mkdir(parents=True, exist_ok=True)
    os.chmod(target, 0o700)
    _copy_sqlite(database, target / DATABASE_FILE)
    files = [DATABASE_FILE]
    notes = []
    key = data_dir / KEY_FILE
    if key.is_file():
        shutil.copyfile(key, target / KEY_FILE)
        os.chmod(target / KEY_FILE, 0o600)
        files.append(KEY_FILE)
    elif key_configured:
        notes.append("De pseudoniemsleutel staat in SAMENSPEL_PSEUDONYM_SECRET; bewaar die apart en even veilig.")
    uploads = data_dir / UPLOADS
    if uploads.is_dir():
        for path in sorted(p for p in uploads.rglob("*") if p.is_file()):
            relative = path.relative_to(data_dir)
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)
            files.append(relative.as_posix())
    manifest = {
        "format": FORMAT, "made_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "schema": _schema_revision(target / DATABASE_FILE),
        "files": {name: _sha256(target / name) for name in files},
        "not_included": "de kennisbank (Chroma), de woordindex en de caches: na herstel opnieuw opbouwen met samenspel ingest",
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return BackupResult(target, files, KEY_FILE in files, notes)


def check(source: Path) -> dict:
    """The manifest of a complete, undamaged backup; BackupError saying what is wrong otherwise."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} is geen back-up van Samenspel ({MANIFEST} ontbreekt).")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = dict(manifest["files"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{MANIFEST} is beschadigd ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Deze back-up heeft een onbekende vorm ({manifest.get('format')}); gebruik een passende versie van Samenspel.")
    for name, digest in files.items():
        path = source / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            raise BackupError(f"{MANIFEST} noemt een bestand buiten de back-up ({name}).")
        if not path.is_file():
            raise BackupError(f"Het bestand {name} ontbreekt in de back-up.")
        if _sha256(path) != digest:
            raise BackupError(f"Het bestand {name} is veranderd of beschadigd sinds de back-up (controlegetal klopt niet).")
    try:
        with closing(sqlite3.connect(f"file:{source / DATABASE_FILE}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"De database in de back-up is geen leesbare SQLite-database ({exc}).") from exc
    if result != "ok":
        raise BackupError(f"De database in de back-up is beschadigd ({result}).")
    known = sorted(p.name.split("_", 1)[0] for p in (Path(__file__).resolve().parent / "migrations" / "versions").glob("[0-9]*.py"))
    schema = manifest.get("schema")
    if schema and known and schema > known[-1]:
        raise BackupError(f"Deze back-up komt van een nieuwere versie van Samenspel (schema {schema}); werk Samenspel eerst bij.")
    return manifest


def restore(*, source: Path, data_dir: Path, sql_url: str, replace: bool) -> list[str]:
    """Put a checked backup back. What is there now is kept beside it (renamed), never deleted;
    without `replace`, an existing database or a different key is refused. Returns what was put back."""
    manifest = check(source)
    database = sqlite_path(sql_url)
    if database is None:
        raise BackupError("De database is PostgreSQL: zet die terug met pg_restore (zie de handleiding).")
    key_now = data_dir / KEY_FILE
    if not replace:
        if database.is_file():
            raise BackupError(f"Er staat al een database ({database}); herstel met --overschrijven (de huidige blijft ernaast bewaard).")
        if key_now.is_file() and (source / KEY_FILE).is_file() and key_now.read_bytes() != (source / KEY_FILE).read_bytes():
            raise BackupError("Er staat al een andere pseudoniemsleutel; herstel met --overschrijven (de huidige blijft ernaast bewaard).")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    data_dir.mkdir(parents=True, exist_ok=True)
    restored = []
    for name in manifest["files"]:
        target = database if name == DATABASE_FILE else data_dir / name
        # A database's write-ahead log goes aside with it: left behind, SQLite would replay it into the restored file.
        companions = [target.with_name(target.name + suffix) for suffix in ("-wal", "-shm")] if name == DATABASE_FILE else []
        for existing in [target, *companions]:
            if existing.exists():
                existing.rename(existing.with_name(f"{existing.name}.voor-herstel-{stamp}"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target)
        os.chmod(target, 0o600)
        restored.append(name)
    return restored


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while another process writes."""
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, not a WAL beside it
    os.chmod(target, 0o600)


def _schema_revision(database: Path) -> str | None:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
    return row[0] if row else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
