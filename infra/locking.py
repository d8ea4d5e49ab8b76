"""One process at a time owns an embedded Chroma directory.

A second PersistentClient on the same directory can hang for many minutes (chroma-core/chroma
issue 7040), so a second process is refused at once with a clear message instead.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from filelock import FileLock, Timeout


class StoreBusyError(RuntimeError):
    """Another process owns the embedded store; `holder` says which, as far as it is known."""

    def __init__(self, message: str, holder: str = "een ander Samenspel-proces") -> None:
        super().__init__(message)
        self.holder = holder


class StoreLock:
    def __init__(self, lock_file: Path, wait_seconds: float) -> None:
        self._lock = FileLock(str(lock_file))
        self._owner_file = lock_file.with_suffix(".owner")
        self._wait = wait_seconds

    def acquire(self) -> None:
        Path(self._lock.lock_file).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=self._wait)
        except Timeout as exc:
            holder = self._holder()
            raise StoreBusyError(self._busy_message(holder), holder) from exc
        self._owner_file.write_text(json.dumps({"pid": os.getpid(), "command": " ".join(sys.argv[:3])}), encoding="utf-8")

    def ensure_free(self) -> None:
        """Refuse at once, before any slow start-up work, when another process owns the store."""
        self.acquire()
        self.release()

    def release(self) -> None:
        if self._lock.is_locked:
            self._owner_file.unlink(missing_ok=True)
            self._lock.release()

    def _holder(self) -> str:
        """'een ander Samenspel-proces (proces 412: 'samenspel ingest docs')', or without the brackets."""
        try:
            info = json.loads(self._owner_file.read_text(encoding="utf-8"))
            return f"een ander Samenspel-proces (proces {info.get('pid')}: '{info.get('command')}')"
        except (OSError, ValueError, AttributeError):
            return "een ander Samenspel-proces"

    def _busy_message(self, holder: str) -> str:
        return (
            f"De kennisbank in {self._owner_file.parent} is in gebruik door {holder}. "
            "Wacht tot dat klaar is of stop het; laat een draaiende bot zelf opnieuw inlezen "
            "(/samenspel ingest), of zet CHROMA_HOST zodat meerdere processen één Chroma-server delen."
        )
