"""Benchmark of the hostile and broken files of issue 25, each beside one good file: how long the
ingest takes, what the report says, the peak memory of the ingest process and of its parser worker,
and whether the good file is still read. The files are generated (nothing large lives in the repo).

Usage: python bench/hostile_files.py   (or: make bench-hostile)
Each case runs in a fresh process, so the peak RSS figures are its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.hostile import billion_laughs_docx, looping_pdf, nested_html, zip_bomb_docx  # noqa: E402

GOOD = "# Regiekamer\n\nDe regiekamer vergadert elke maand over de voortgang van de projecten.\n"


def _one_token(path: Path) -> Path:
    path.write_text("# Bijlage\n\n" + "QUJD" * (2 * 1024 * 1024 // 4) + "\n", encoding="utf-8")
    return path


def _control_characters(path: Path) -> Path:
    path.write_bytes(bytes(range(1, 9)) * (10 * 1024 * 1024 // 8))
    return path


def _name_not_utf8(folder: Path) -> Path:
    path = Path(os.fsdecode(os.fsencode(folder) + b"/verslag-\xff.txt"))
    path.write_text(GOOD, encoding="utf-8")
    return path


CASES = {
    "DOCX zip bomb (document.xml inflates to 2 GB)": lambda folder: zip_bomb_docx(folder / "bom.docx", 2048),
    "HTML nested 5 MB deep (div/li)": lambda folder: nested_html(folder / "diep.html", 180_000),
    "PDF whose page tree loops": lambda folder: looping_pdf(folder / "lus.pdf"),
    "DOCX billion laughs": lambda folder: billion_laughs_docx(folder / "lach.docx"),
    "file name that is not UTF-8": _name_not_utf8,
    "2 MB text of one token": lambda folder: _one_token(folder / "bijlage.md"),
    "10 MB of control characters": lambda folder: _control_characters(folder / "stuur.txt"),
}


def run_case(name: str) -> dict:
    work = Path(tempfile.mkdtemp(prefix="samenspel-hostile-"))
    folder = work / "stukken"
    folder.mkdir()
    (folder / "goed.md").write_text(GOOD, encoding="utf-8")
    hostile = CASES[name](folder)
    size_mb = hostile.stat().st_size / 1024 / 1024
    code = (
        "import json, resource, time\n"
        "from pathlib import Path\n"
        "from samenspel.wiring import open_knowledge\n"
        "from infra.settings import Settings\n"
        f"settings = Settings(data_dir=Path({str(work / 'data')!r}))\n"
        "with open_knowledge(settings) as k:\n"
        "    t = time.perf_counter()\n"
        f"    report = k.pipeline.ingest([Path({str(folder)!r})])\n"
        "    seconds = time.perf_counter() - t\n"
        "    other = [f for f in report.files if f.source != 'goed.md']\n"
        "    good = [f for f in report.files if f.source == 'goed.md']\n"
        "    figures = {'seconds': round(seconds, 1), 'good_file': good[0].outcome.value if good else 'missing',\n"
        "               'hostile': [f'{f.outcome.value}: {f.detail[:110]}' for f in other],\n"
        "               'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}\n"
        "from ingest.isolation import _close_all\n"
        "_close_all()  # the parser worker ends, so its peak is counted among the children\n"
        "figures['worker_peak_rss_mb'] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
        "print(json.dumps(figures))\n"
    )
    try:
        result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                                env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=900)
        if result.returncode != 0:
            return {"file_mb": round(size_mb, 2), "error": result.stderr.strip().splitlines()[-1:]}
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        return {"file_mb": round(size_mb, 2), **figures}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    figures = {}
    for name in CASES:
        started = time.perf_counter()
        figures[name] = run_case(name)
        print(f"{name}: {time.perf_counter() - started:.0f} s in all", file=sys.stderr)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
