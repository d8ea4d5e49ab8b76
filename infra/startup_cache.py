"""Objects that are slow to build and never change between runs (a word list, a tokenizer),
kept as a pickle in the data folder so that a one-off command starts in a fraction of the time.

The cache is only ever a shortcut: a missing, unreadable or outdated file is built again, and the
file's name carries the version of what it was built from.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def cached(path: Path, build: Callable[[], T]) -> T:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception:  # a damaged or foreign file: build it again
        log.warning("cachebestand %s is onleesbaar; het wordt opnieuw gemaakt", path)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:  # a read-only data folder: start slowly, but start
        log.warning("kan cachebestand %s niet schrijven", path)
    return value
