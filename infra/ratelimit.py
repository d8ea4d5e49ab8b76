"""A per-person limit on questions per minute, so that one busy user (or a loop) cannot starve
everybody else of the answerer."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._per_minute = per_minute
        self._clock = clock
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one request for `key`; False when it already made `per_minute` in the last 60 s."""
        if self._per_minute <= 0:
            return True
        now = self._clock()
        with self._lock:
            recent = self._seen[key]
            while recent and now - recent[0] >= 60:
                recent.popleft()
            if len(recent) >= self._per_minute:
                return False
            recent.append(now)
            return True
