"""Document metadata from a `manifest.json` beside the files: file stem -> {title, publisher, year, kind, voor}."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)
MANIFEST_NAME = "manifest.json"  # beside the documents it describes; itself never a document
_FIELDS = ("title", "publisher", "year", "kind")


def manifest_audience(path: Path) -> list[str] | str | None:
    """The manifest's "voor" of a file (a list of group names, or one), or None when it says nothing."""
    entries = _read_manifest(path.parent / MANIFEST_NAME)
    entry = entries.get(path.stem) or entries.get(path.name) or {}
    value = entry.get("voor") if isinstance(entry, dict) else None
    return value if isinstance(value, (str, list)) else None


def manifest_entry(path: Path) -> dict[str, str | int]:
    entries = _read_manifest(path.parent / MANIFEST_NAME)
    entry = entries.get(path.stem) or entries.get(path.name) or {}
    return {k: v for k, v in entry.items() if k in _FIELDS and isinstance(v, (str, int)) and v != ""}


@lru_cache(maxsize=64)
def _read_cached(path: Path, mtime: float) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("manifest %s is unreadable and is ignored: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _read_manifest(path: Path) -> dict[str, dict]:
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return {}
    return _read_cached(path, mtime)
