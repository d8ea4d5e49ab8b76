"""Scratch folders for the benchmark scripts, removed when the script ends: a `make calibrate` used to
leave three stores of ~100 MB behind it, and a day of measuring filled the disk."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch_dir(prefix: str) -> Path:
    """A new temporary folder that is removed, with everything in it, when this process exits."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path
