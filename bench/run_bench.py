"""Benchmark of the knowledge core on ../shared: ingest, re-ingest, retrieval and answer quality
(scored by ../shared/eval/score.py), warm question latency and peak memory.

By default every open question set runs, each on its own corpus, and is reported side by side with
the blind set's aggregate figures (../shared/eval/blind.py): dev.jsonl on corpus/mixed, dev2.jsonl on
corpus/legal, bench/fresh on eight other governance texts from ../shared's archive, bench/fresh2 on five more,
bench/fresh3, new questions on dev's five reports and articles, and bench/fresh4 on three more texts of
the archive (the three calibrated models never learn from fresh2, fresh3 and fresh4, the question adapter
learns from fresh2 and fresh3: their answers can be read; fresh4 and blind are wholly unseen). A gain on one
that costs another, or that blind does not share, is overfitting, not progress. Each set runs in its
own process, so memory figures are its own.

Usage: python bench/run_bench.py                                  (or: make bench)
       python bench/run_bench.py --corpus DIR --questions FILE   (one set)
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from bench.scratch import scratch_dir  # noqa: E402  (after the path is set)


SETS = {
    "dev": (SHARED / "corpus" / "mixed", SHARED / "eval" / "dev.jsonl"),
    "dev2": (SHARED / "corpus" / "legal", SHARED / "eval" / "dev2.jsonl"),
    "fresh": (None, REPO / "bench" / "fresh" / "questions.jsonl"),  # corpus made by bench/fresh_corpus.py
    "fresh2": (None, REPO / "bench" / "fresh2" / "questions.jsonl"),  # held out from the three models (the question adapter learns from it)
    "fresh3": (SHARED / "corpus" / "mixed", REPO / "bench" / "fresh3" / "questions.jsonl"),  # new questions, dev's reports
    "fresh4": (None, REPO / "bench" / "fresh4" / "questions.jsonl"),  # held out from everything, the question adapter too
}
TEXTS = SHARED / "corpus" / "text"  # the plain text of corpus/mixed that fresh3's evidence points into


def questions_file(name: str, work: Path) -> Path:
    """The questions of set `name` as score.py reads them (see `readable_questions`)."""
    return readable_questions(SETS[name][1], work)


def readable_questions(path: Path, work: Path) -> Path:
    """A question file as score.py reads it. fresh3 keeps no text of ../shared's documents, only where
    its evidence stands in them (`evidence_at`: character spans of corpus/text/<doc>); such evidence is
    read from there into a copy in `work`; any other file is read as it is."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not any("evidence_at" in q for q in lines):
        return path
    for q in lines:
        spans = q.pop("evidence_at", [])
        text = (TEXTS / q["doc"]).read_text(encoding="utf-8") if spans else ""
        q["evidence"] = [text[start:end] for start, end in spans]
    work.mkdir(parents=True, exist_ok=True)
    out = work / f"{path.parent.name}-{path.name}"
    out.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in lines), encoding="utf-8")
    return out


ROWS = [  # (label, path into the figures)
    ("retrieval hit@5", ("retrieval", "hit@5")), ("retrieval MRR", ("retrieval", "mrr")),
    ("hit@1", ("retrieval", "hit@1")), ("answered_rate", ("answers", "answered_rate")),
    ("abstain_rate", ("answers", "abstain_rate")), ("key_fact_recall", ("answers", "key_fact_recall")),
    ("cited_gold_doc", ("answers", "cited_gold_doc")), ("answer chars p50", ("answers", "answer_chars_p50")),
    ("warm retrieve p50 ms", ("retrieve_p50_ms",)),
    ("warm answer p50 ms", ("answer_p50_ms",)), ("ingest s", ("ingest_seconds",)),
    ("re-ingest CLI s", ("reingest_cli_seconds",)), ("peak RSS MB", ("peak_rss_mb",)),
    ("`samenspel ask` peak RSS MB", ("cli_peak_rss_mb",)),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--questions", type=Path)
    parser.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    args = parser.parse_args()
    if args.corpus is None and args.questions is None:
        return both_sets()
    args.corpus = args.corpus or SETS["dev"][0]
    args.questions = args.questions or SETS["dev"][1]
    return one_set(args)


def both_sets() -> int:
    """Each set in a fresh process of this script; then one table with the sets side by side."""
    results = {}
    work = scratch_dir("samenspel-questions-")
    for name, (corpus, _) in SETS.items():
        questions = questions_file(name, work)
        if corpus is None:
            from bench.fresh_corpus import build

            corpus = build(scratch_dir("samenspel-fresh-") / "corpus", name)
        if not corpus.is_dir():
            print(f"corpus not found: {corpus}", file=sys.stderr)
            return 2
        done = subprocess.run([sys.executable, __file__, "--corpus", str(corpus), "--questions", str(questions)],
                              capture_output=True, text=True, check=True)
        results[name] = json.loads(done.stdout)
    blind = _blind()
    if blind is not None:
        results["blind1"] = blind
    print(_configuration())
    print("| figure | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    for label, path in ROWS:
        values = []
        for figures in results.values():
            value = figures
            for key in path:
                value = value.get(key, "") if isinstance(value, dict) else ""
            values.append(str(value))
        print(f"| {label} | " + " | ".join(values) + " |")
    print(json.dumps(results, indent=2))
    return 0


def _configuration() -> str:
    """What the figures were measured with, where the environment changes it (the runs inherit it)."""
    from infra.settings import Settings

    settings = Settings()
    models = str(settings.calibration_file) if settings.calibration_file else "knowledge/calibration.json"
    reranker = f"{settings.rerank_model} (depth {settings.rerank_depth})" if settings.rerank_model else "off"
    return f"Calibrated models: {models}; reranker (RERANK_MODEL): {reranker}\n"


def one_set(args) -> int:
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    from infra.settings import Settings
    from samenspel.wiring import open_knowledge

    work = scratch_dir("samenspel-bench-")
    settings = Settings(data_dir=work / "data")
    figures: dict[str, object] = {}

    with open_knowledge(settings) as k:
        started = time.perf_counter()
        report = k.pipeline.ingest([args.corpus])
        figures["ingest_seconds"] = round(time.perf_counter() - started, 2)
        figures["ingest_failed"] = sum(f.outcome.name == "FAILED" for f in report.files)
        figures["chunks"] = k.store.count()
        started = time.perf_counter()
        again = k.pipeline.ingest([args.corpus])
        figures["reingest_seconds"] = round(time.perf_counter() - started, 3)
        figures["reingest_unchanged"] = sum(f.outcome.name == "UNCHANGED" for f in again.files)

        args.questions = readable_questions(args.questions, work)
        questions = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
        k.retriever.retrieve("opwarmen", 5)  # warm: index built, model loaded
        latencies = []
        for q in questions:
            started = time.perf_counter()
            k.retriever.retrieve(q["question"], 5)
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        figures["retrieve_p50_ms"] = round(statistics.median(latencies), 1)
        figures["retrieve_p95_ms"] = round(latencies[int(0.95 * (len(latencies) - 1))], 1)
        answer_ms = []
        for q in questions:
            started = time.perf_counter()
            k.answerer.answer(q["question"])
            answer_ms.append((time.perf_counter() - started) * 1000)
        figures["answer_p50_ms"] = round(statistics.median(answer_ms), 1)
        figures["question_p50_ms"] = figures["answer_p50_ms"]  # the answerer retrieves too: one whole question

    # Quality through the real CLI batch modes, exactly as an evaluator runs them.
    env_data = {"SAMENSPEL_DATA_DIR": str(settings.data_dir), "HF_HUB_OFFLINE": "1"}
    retrieved = _cli(["retrieve", "--batch", str(args.questions), "--k", "5"], env_data)
    answered = _cli(["ask", "--batch", str(args.questions)], env_data)
    out = work / "out"
    out.mkdir()
    (out / "retrieved.jsonl").write_text(retrieved, encoding="utf-8")
    (out / "answers.jsonl").write_text(answered, encoding="utf-8")
    figures["retrieval"] = _score(args.scorer, "retrieval", args.questions, out / "retrieved.jsonl")
    figures["answers"] = _score(args.scorer, "answers", args.questions, out / "answers.jsonl")
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    # The largest of the `samenspel retrieve/ask --batch` processes: what a person's CLI question costs.
    figures["cli_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    started = time.perf_counter()
    _cli(["ingest", str(args.corpus)], env_data)
    figures["reingest_cli_seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(figures, indent=2))
    return 0


def _blind() -> dict | None:
    """The blind set's aggregate figures, as ../shared/eval/blind.py prints them (it never shows more)."""
    script = SHARED / "eval" / "blind.py"
    if not script.is_file():
        return None
    done = subprocess.run([sys.executable, str(script), "--samenspel", str(Path(sys.executable).with_name("samenspel"))],
                          cwd=REPO, capture_output=True, text=True, check=False)
    rows = [line for line in done.stdout.splitlines() if line.startswith("[")]
    if not rows:
        return None
    figures = json.loads(rows[-1])[0]
    return {"retrieval": {"hit@5": figures.get("retrieval_hit@5"), "mrr": figures.get("retrieval_mrr"),
                          "hit@1": figures.get("retrieval_hit@1")},
            "answers": {k: figures.get(k) for k in ("answered_rate", "abstain_rate", "key_fact_recall", "cited_gold_doc",
                                                    "answer_chars_p50")}}


def _cli(arguments: list[str], env: dict[str, str]) -> str:
    import os

    result = subprocess.run(
        [sys.executable, "-m", "samenspel.cli", *arguments], cwd=REPO, env={**os.environ, **env},
        capture_output=True, text=True, check=False,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"samenspel {' '.join(arguments)} failed: {result.stderr}")
    return result.stdout


def _score(scorer: Path, kind: str, questions: Path, results: Path) -> dict:
    result = subprocess.run([sys.executable, str(scorer), kind, str(questions), str(results)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


if __name__ == "__main__":
    sys.exit(main())
