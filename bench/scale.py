"""How Samenspel grows with the corpus: 10, 100 and 600 real Dutch regulations.

Unpacks `../shared/corpus/scale-laws600.tar.xz` into a temporary folder and, for each size, measures
with the real CLI in fresh processes: ingest time and passages per second, peak RSS, disk, an
unchanged re-ingest, a cold question (process start to answer); and in one process: a replica
catching up after one document changed, and warm questions (retrieve + answer) p50 / p95.

Usage: python bench/scale.py [--sizes 10,100,600] [--archive PATH]   (or: make bench-scale)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARCHIVE = REPO.parent / "shared" / "corpus" / "scale-laws600.tar.xz"
CLI = [sys.executable, "-m", "samenspel.cli"]

# Questions of the kind officials ask of any regulation; only their timing counts here.
QUESTIONS = [
    "Wie is bevoegd om een besluit te nemen?",
    "Wanneer treedt de regeling in werking?",
    "Welke sancties gelden bij overtreding?",
    "Hoe hoog is de vergoeding?",
    "Wat is het doel van deze wet?",
    "Wie houdt toezicht op de naleving?",
    "Binnen welke termijn moet een aanvraag worden ingediend?",
    "Kan bezwaar worden gemaakt tegen het besluit?",
    "Wat wordt verstaan onder een bestuursorgaan?",
    "Hoe wordt de bijdrage berekend?",
    "Who decides on the application?",
    "Wat gebeurt er met de gegevens van de aanvrager?",
    "Welke minister is verantwoordelijk?",
    "Hoe lang is de vergunning geldig?",
    "Wie benoemt de leden van de commissie?",
    "Hoeveel leden heeft de raad?",
    "Wanneer vervalt de subsidie?",
    "Wie betaalt de kosten van het onderzoek?",
    "Mag de gemeente een heffing opleggen?",
    "Wat moet in het jaarverslag staan?",
]


def timed_child(args: list[str], cwd: Path, env: dict) -> tuple[float, int, str]:
    """A command in a fresh process: (seconds, its own peak RSS in MB (wait4 on its pid), stdout)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out_chunks: list[str] = []
    err_chunks: list[str] = []
    readers = [threading.Thread(target=lambda f=f, sink=sink: sink.append(f.read()))
               for f, sink in ((process.stdout, out_chunks), (process.stderr, err_chunks))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{''.join(err_chunks)[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024, "".join(out_chunks)


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1024 / 1024


def measure(size: int, laws: list[Path], work: Path) -> dict:
    docs = work / f"docs{size}"
    docs.mkdir()
    for law in laws[:size]:
        shutil.copy(law, docs / law.name)
    data = work / f"data{size}"
    env = {**os.environ, "SAMENSPEL_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": str(REPO)}
    result: dict = {"documents": size}

    seconds, rss, _ = timed_child([*CLI, "ingest", str(docs)], work, env)
    passages = passage_count(data)
    result.update(ingest_s=round(seconds, 1), passages=passages, passages_per_s=round(passages / seconds, 1), ingest_rss_mb=rss)
    result["disk_mb"] = round(disk_mb(data) - disk_mb(data / "cache"), 1)  # the start-up cache is the same at any size
    result["chroma_mb"] = round(disk_mb(data / "chroma"), 1)
    result["lexical_mb"] = round(disk_mb(data / "lexical"), 1)

    reingest = [timed_child([*CLI, "ingest", str(docs)], work, env)[0] for _ in range(2)]
    result["unchanged_reingest_s"] = round(min(reingest), 2)

    cold = [timed_child([*CLI, "ask", QUESTIONS[i]], work, env) for i in range(3)]
    result["cold_question_s"] = round(statistics.median(c[0] for c in cold), 2)
    result["cold_question_rss_mb"] = max(c[1] for c in cold)

    code = f"import json, sys; sys.path.insert(0, {str(REPO / 'bench')!r}); from scale import in_process; print(json.dumps(in_process({str(data)!r}, {str(docs)!r})))"
    _, rss, out = timed_child([sys.executable, "-c", code], work, env)
    result.update(json.loads(out.strip().splitlines()[-1]))
    result["in_process_rss_mb"] = rss
    return result


def passage_count(data: Path) -> int:
    code = ("from pathlib import Path; from samenspel.wiring import open_knowledge; from infra.settings import Settings\n"
            f"with open_knowledge(Settings(data_dir=Path({str(data)!r}))) as k: print(k.store.count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}).stdout
    return int(out.strip().splitlines()[-1])


def in_process(data_dir: str, docs_dir: str) -> dict:
    """Warm questions, and a second replica's index catching up after one document changed."""
    from infra.settings import Settings
    from knowledge.store.lexical import LexicalIndex
    from knowledge.store.lexical_sync import LexicalMirror
    from samenspel.wiring import open_knowledge

    settings = Settings(data_dir=Path(data_dir))
    with open_knowledge(settings) as knowledge:
        knowledge.retriever.warm_up()
        for question in QUESTIONS[:3]:
            knowledge.answerer.answer(question)
        times = []
        for _ in range(3):
            for question in QUESTIONS:
                start = time.perf_counter()
                knowledge.answerer.answer(question)
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        replica_dir = Path(tempfile.mkdtemp()) / "replica"
        shutil.copytree(settings.lexical_dir, replica_dir)  # another replica's index, up to date before the change
        changed = sorted(Path(docs_dir).iterdir())[0]
        changed.write_text(changed.read_text(encoding="utf-8") + "\n\nArtikel 999\n\nDeze bepaling is voor de meting toegevoegd.\n",
                           encoding="utf-8")
        start = time.perf_counter()
        knowledge.pipeline.ingest([changed])
        write_s = time.perf_counter() - start
        replica = LexicalMirror(knowledge.store, knowledge.retriever.analyzer, LexicalIndex(replica_dir))
        start = time.perf_counter()
        replica.refresh()
        refresh_s = time.perf_counter() - start
        assert replica.index.search(knowledge.retriever.analyzer.terms("voor de meting toegevoegd"), 1), "change not seen"
    return {
        "warm_p50_ms": round(statistics.median(times), 1),
        "warm_p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "change_one_document_s": round(write_s, 2),
        "replica_refresh_s": round(refresh_s, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,600")
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    args = parser.parse_args()
    if not args.archive.exists():
        raise SystemExit(f"{args.archive} ontbreekt: deze meting heeft ../shared/corpus nodig")
    work = Path(tempfile.mkdtemp(prefix="samenspel-scale-"))
    with tarfile.open(args.archive) as archive:
        archive.extractall(work / "corpus", filter="data")
    laws = sorted((work / "corpus").rglob("*.md"))
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, laws, work)
        rows.append(row)
        print(json.dumps(row), flush=True)
    keys = list(rows[0])
    print("\n| figure | " + " | ".join(f"{r['documents']} docs" for r in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for key in keys[1:]:
        print(f"| {key} | " + " | ".join(str(r.get(key, "")) for r in rows) + " |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
