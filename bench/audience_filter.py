"""Benchmark of the audience filter (issue 26): what leaving restricted documents out of the search
costs per question, and that a reader who may read everything gets exactly today's passages.

On ../shared/corpus/mixed with the real models, every question of dev.jsonl is retrieved (k 5) as:
- an administrator (None: everything),
- a reader of every group (the same documents, through the group rule),
- an outsider, for whom two of the five documents are meant for a group they are not in.
Reports the warm retrieval time per question (p50, p95) of each, the added milliseconds, whether the
first two give identical results, and how many restricted passages the outsider was given (0).

Usage: python bench/audience_filter.py   (or: make bench-audience)
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from bench.scratch import scratch_dir  # noqa: E402  (after the path is set)

ROUNDS = 3  # each question this many times per reader: the median is what a warm bot sees


def main() -> int:
    from infra.settings import Settings
    from samenspel.wiring import open_knowledge

    corpus, questions_file = SHARED / "corpus" / "mixed", SHARED / "eval" / "dev.jsonl"
    if not corpus.is_dir():
        print(f"{corpus} is not there: this benchmark needs ../shared", file=sys.stderr)
        return 2
    questions = [json.loads(line)["question"] for line in questions_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    settings = Settings(data_dir=scratch_dir("samenspel-audience-"))
    with open_knowledge(settings) as knowledge:
        knowledge.pipeline.ingest([corpus])
        documents = sorted(knowledge.store.documents())
        restricted = documents[:2]
        for source in restricted:
            knowledge.store.set_audience(source, ("regiekamer",))
        retriever = knowledge.retriever
        readers = {"administrator (everything)": None, "member of every group": frozenset({"regiekamer"}),
                   "outsider (2 of 5 documents hidden)": frozenset()}
        for question in questions[:3]:  # warm up the models and every reader's question reader
            for groups in readers.values():
                retriever.retrieve(question, 5, readable_by=groups)
        leaked = 0  # restricted passages the outsider was given (must stay 0)
        timings: dict[str, list[float]] = {name: [] for name in readers}
        results: dict[str, list[list[str]]] = {name: [] for name in readers}
        for question in questions:
            for name, groups in readers.items():
                seconds = []
                for _ in range(ROUNDS):
                    started = time.perf_counter()
                    found = retriever.retrieve(question, 5, readable_by=groups)
                    seconds.append(time.perf_counter() - started)
                timings[name].append(statistics.median(seconds) * 1000)
                results[name].append([p.chunk_id for p in found])
                if groups == frozenset():
                    leaked += sum(p.source in restricted for p in found)

    def quantiles(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1)}

    base = statistics.median(timings["administrator (everything)"])
    figures = {
        "questions": len(questions),
        "documents": len(documents),
        "restricted": restricted,
        "per reader": {name: quantiles(values) for name, values in timings.items()},
        "added p50 ms (outsider vs administrator)": round(statistics.median(timings["outsider (2 of 5 documents hidden)"]) - base, 1),
        "member sees what the administrator sees": results["member of every group"] == results["administrator (everything)"],
        "restricted passages given to the outsider": leaked,
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
