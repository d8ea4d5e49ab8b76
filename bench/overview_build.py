"""How long the regiekamer overview takes to build, and its memory: the seeded database of the
overview tests (two reflection rounds, five questions with votes, a registry with changes, an
ingest run), built twice in one process (the first loads matplotlib and reportlab).

    make bench-overview
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import registry.service as registry_service  # noqa: E402
from infra.database import open_database  # noqa: E402
from tests.test_overview import START, _build, seed  # noqa: E402


def main() -> int:
    registry_service.utcnow = lambda: START + timedelta(days=5)  # the seeded changes fall in the period
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{folder}/bench.db")
        try:
            data = seed(db)
            timings = []
            for run in ("first", "second"):
                started = time.perf_counter()
                _, files = _build(data, Path(folder) / run)
                timings.append(time.perf_counter() - started)
            pages = len(__import__("pypdf").PdfReader(str(files.pdf)).pages)
        finally:
            db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"overview build: first {timings[0]:.2f} s, second {timings[1]:.2f} s; {pages} pages; peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
