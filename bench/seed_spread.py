"""How much of a figure is luck: the calibrated models learned on other resamples of the same questions
(`bench/train_answering.py --seed N --out FILE`), each scored on the blind set (aggregates only) and on
fresh2 and fresh3 (held out from the three models; the question adapter learns from them) and fresh4
(held out from everything), with the mean and the range per figure.

Blind's 60 questions and the ~130 that the models learn from make every figure move a little when the
resamples change: before a step is kept or dropped, its mean over a few seeds is what to compare
(docs/benchmarks.md, session 14). The shipped models (knowledge/calibration.json) are not touched: each
seed's models go to a temporary file that SAMENSPEL_CALIBRATION_FILE points the CLI at.

Usage: python bench/seed_spread.py [--seeds 11,12,13] [--sets blind1,fresh2,fresh3,fresh4]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.scratch import scratch_dir  # noqa: E402  (after the path is set)

FIGURES = (("hit@5", ("retrieval", "hit@5")), ("MRR", ("retrieval", "mrr")), ("answered", ("answers", "answered_rate")),
           ("abstain", ("answers", "abstain_rate")), ("key facts", ("answers", "key_fact_recall")),
           ("cited", ("answers", "cited_gold_doc")), ("chars p50", ("answers", "answer_chars_p50")))


def figures_of(result: dict) -> dict[str, float]:
    """The figures of one run_bench / blind result, flat."""
    out = {}
    for label, (group, key) in FIGURES:
        value = (result.get(group) or {}).get(key)
        if isinstance(value, (int, float)):
            out[label] = float(value)
    return out


def spread(rows: list[dict[str, float]]) -> dict[str, tuple[float, float, float]]:
    """Per figure: mean, lowest and highest over the seeds' rows."""
    labels = [label for label, _ in FIGURES if all(label in row for row in rows)]
    return {label: (sum(row[label] for row in rows) / len(rows), min(row[label] for row in rows),
                    max(row[label] for row in rows)) for label in labels} if rows else {}


def table(name: str, per_seed: dict[int, dict[str, float]]) -> str:
    labels = [label for label, _ in FIGURES]
    lines = [f"| {name} | " + " | ".join(labels) + " |", "|---|" + "---|" * len(labels)]
    for seed, row in per_seed.items():
        lines.append(f"| seed {seed} | " + " | ".join(_number(row.get(label)) for label in labels) + " |")
    summary = spread(list(per_seed.values()))
    lines.append("| mean (range) | " + " | ".join(
        f"{_number(summary[label][0])} ({_number(summary[label][1])}–{_number(summary[label][2])})" if label in summary else ""
        for label in labels) + " |")
    return "\n".join(lines)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f}" if value >= 10 else f"{value:.3f}"


def held_out_corpora(sets: list[str], work: Path) -> dict[str, tuple[Path, Path]]:
    """Each named open set's corpus and questions (a fresh set's corpus made once, in `work`)."""
    from bench.fresh_corpus import build
    from bench.run_bench import SETS, questions_file

    out = {}
    for name in sets:
        if name == "blind1":
            continue
        corpus = SETS[name][0]
        out[name] = (corpus if corpus is not None else build(work / name, name), questions_file(name, work))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="11,12,13")
    parser.add_argument("--sets", default="blind1,fresh2,fresh3,fresh4", help="blind1 and any of bench/run_bench.py's sets")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    sets = args.sets.split(",")
    work = scratch_dir("samenspel-seeds-")
    corpora = held_out_corpora(sets, work)
    results: dict[str, dict[int, dict[str, float]]] = {name: {} for name in sets}
    for seed in seeds:
        models = work / f"calibration-{seed}.json"
        learning = {k: v for k, v in os.environ.items() if k != "SAMENSPEL_CALIBRATION_FILE"}  # learns from the shipped start
        subprocess.run([sys.executable, str(REPO / "bench" / "train_answering.py"), "--seed", str(seed), "--out", str(models)],
                       cwd=REPO, check=True, capture_output=True, text=True, env=learning)
        os.environ["SAMENSPEL_CALIBRATION_FILE"] = str(models)  # for every CLI and benchmark process below
        from bench.run_bench import _blind

        if "blind1" in sets:
            blind = _blind()
            if blind is not None:
                results["blind1"][seed] = figures_of(blind)
        for name, (corpus, questions) in corpora.items():
            done = subprocess.run([sys.executable, str(REPO / "bench" / "run_bench.py"), "--corpus", str(corpus),
                                   "--questions", str(questions)], cwd=REPO, check=True, capture_output=True, text=True)
            results[name][seed] = figures_of(json.loads(done.stdout))
        print(f"seed {seed}: " + json.dumps({name: rows.get(seed) for name, rows in results.items()}), file=sys.stderr)
    for name, per_seed in results.items():
        if per_seed:
            print(table(name, per_seed) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
