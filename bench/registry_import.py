"""How long a registry import takes as it grows: 2,000 and 10,000 rows (organisations, projects and
their choices) into a fresh SQLite database, all in one transaction. Usage: python bench/registry_import.py"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infra.database import open_database  # noqa: E402
from registry.records import Actor  # noqa: E402
from registry.service import Registry  # noqa: E402
from registry.transfer import SHEETS, Row, import_rows  # noqa: E402


def rows_for(n: int) -> list[Row]:
    organisations = [f"Gemeente {i}" for i in range(n // 5)]
    projects = [f"Project {i}" for i in range(50)]
    rows = [Row("organisaties", i + 2, {"naam": o, "soort": "gemeente"}, SHEETS["organisaties"]) for i, o in enumerate(organisations)]
    rows += [Row("projecten", i + 2, {"naam": p}, SHEETS["projecten"]) for i, p in enumerate(projects)]
    line = 2
    while len(rows) < n:
        organisation = organisations[len(rows) % len(organisations)]
        project = projects[(len(rows) // len(organisations)) % len(projects)]
        rows.append(Row("deelname", line, {"project": project, "organisatie": organisation, "vorm": "volledig"}, SHEETS["deelname"]))
        line += 1
    return rows


def main() -> None:
    for n in (2_000, 10_000):
        with tempfile.TemporaryDirectory() as folder:
            db = open_database(f"sqlite:///{folder}/register.db")
            rows = rows_for(n)
            started = time.perf_counter()
            import_rows(Registry(db), rows, Actor("bench", "import"))
            print(f"registry import of {n:,} rows: {time.perf_counter() - started:.1f} s")
            db.close()


if __name__ == "__main__":
    main()
