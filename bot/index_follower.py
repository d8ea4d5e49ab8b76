"""A running bot follows the shared store: every few seconds it checks whether another process or
replica wrote to it, and if so brings its lexical index up to date in the background. Questions
are answered from the index it has until the new one is ready; none waits."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class IndexFollower:
    def __init__(self, retriever, every_seconds: float) -> None:
        self._retriever = retriever
        self._every = every_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._retriever.wait_for_changes = False  # from now on a question never waits for a catch-up
        self._thread = threading.Thread(target=self._run, name="index-follower", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._retriever.refresh()
            except Exception:  # the store is briefly unreachable: try again next round
                log.warning("de kennisbank is niet bereikbaar om de zoekindex bij te werken", exc_info=True)
