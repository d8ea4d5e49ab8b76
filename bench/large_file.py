"""Benchmark of one very large document: a generated HTML page of about 20 MB (tens of thousands of
passages). Reports ingest time, passages per second and peak memory (RSS), once with the passage
limit raised so that the whole page is ingested, and once with the default limit, which refuses it.

Usage: python bench/large_file.py [--mb 20]   (or: make bench-large)
Each run is a fresh process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

WORDS = (
    "regiekamer gemeente wethouder tafel project bijdrage inwoner afspraak besluit programma voortgang "
    "wonen energie bereikbaarheid werk economie verdeelsleutel begroting samenwerking opgave regio agenda"
).split()


def write_page(path: Path, megabytes: float) -> None:
    """Plain Dutch-looking paragraphs under numbered headings, until the page has the asked size."""
    rng = random.Random(7)
    target = int(megabytes * 1024 * 1024)
    with path.open("w", encoding="utf-8") as out:
        out.write("<html><head><title>Groot verslag</title></head><body><main>\n")
        written, section = 0, 0
        while written < target:
            section += 1
            parts = [f"<h2>Artikel {section}</h2>"]
            for _ in range(4):
                sentences = []
                for _ in range(3):
                    words = [rng.choice(WORDS) for _ in range(14)]
                    sentences.append(" ".join(words).capitalize() + ".")
                parts.append(f"<p>{' '.join(sentences)}</p>")
            chunk = "\n".join(parts) + "\n"
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
        out.write("</main></body></html>\n")


def run_once(page: Path, max_passages: int) -> dict:
    """One ingest in its own process; returns what it reports plus its time and peak RSS."""
    data = Path(tempfile.mkdtemp(prefix="samenspel-large-"))
    code = (
        "import json, sys, time, resource\n"
        "from pathlib import Path\n"
        "from samenspel.wiring import open_knowledge\n"
        "from infra.settings import Settings\n"
        f"settings = Settings(data_dir=Path({str(data)!r}), max_passages={max_passages}, max_file_mb=100)\n"
        "with open_knowledge(settings) as k:\n"
        "    t = time.perf_counter()\n"
        f"    report = k.pipeline.ingest([Path({str(page)!r})])\n"
        "    seconds = time.perf_counter() - t\n"
        "    f = report.files[0]\n"
        "    print(json.dumps({'outcome': f.outcome.value, 'passages': f.chunks, 'detail': f.detail[:120],\n"
        "                      'seconds': round(seconds, 1), 'stored': k.store.count(),\n"
        "                      'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "HF_HUB_OFFLINE": "1"}, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["passages"] and figures["seconds"]:
        figures["passages_per_second"] = round(figures["passages"] / figures["seconds"])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="samenspel-large-page-"))
    page = work / "groot-verslag.html"
    started = time.perf_counter()
    write_page(page, args.mb)
    print(f"page: {page.stat().st_size / 1024 / 1024:.1f} MB, written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    figures = {
        "page_mb": round(page.stat().st_size / 1024 / 1024, 1),
        "whole_page (INGEST_MAX_PASSAGES=100000)": run_once(page, 100_000),
        "default limit (INGEST_MAX_PASSAGES=10000)": run_once(page, 10_000),
        "bench_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
