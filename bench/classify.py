"""Where each open-set question ends up, and what a change moved: the per-question view that `make
bench`'s averages hide.

Each question of the open sets (dev, dev2, fresh, fresh2, fresh3, fresh4) gets one class from the real `samenspel
retrieve/ask --batch` output, scored with ../shared/eval/score.py's own functions:

- `ok`: answered with every key fact; `window-miss`: answered, the first passage held the evidence,
  the quote lacks a key fact; `lower@r`: answered without every key fact, the evidence first at rank r;
  `retrieval-miss`: answered, no passage of the five held the evidence;
- `refused@r` (`refused@None`): a real question refused, its evidence first at rank r (nowhere);
- `trap-ok` / `trap-answered`: a question the documents cannot answer, refused / answered.

Each corpus is ingested once into WORK (kept between runs: a change to ingest needs a fresh WORK).
With `--against OLD.json` it prints every question whose class changed and the counts per set; blind
stays out (only its aggregates may be read: ../shared/eval/blind.py). With `--explain lower,refused`
it also prints, for every question whose class starts so, its key facts, the passages down to the
first that holds the evidence (the first two when none does) and the answer.

Usage: python bench/classify.py --work DIR --out NEW.json [--against OLD.json] [--sets dev,fresh2]
       [--explain window,lower]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(SHARED / "eval"))


def classify(question: dict, passages: list[dict], answer: dict, score) -> str:
    """One question's class (see the module's docstring); `score` is ../shared/eval/score.py."""
    found = evidence_at(question, passages, score)
    rank = None if found is None else found + 1
    if not question.get("answerable"):
        return "trap-answered" if answer.get("answered") else "trap-ok"
    if not answer.get("answered"):
        return f"refused@{rank}"
    text = score.norm(answer.get("answer") or "")
    facts = question.get("key_facts") or []
    if all(score.norm(f) in text for f in facts):
        return "ok"
    if rank is None:
        return "retrieval-miss"
    return "window-miss" if rank == 1 else f"lower@{rank}"


def evidence_at(question: dict, passages: list[dict], score) -> int | None:
    """The index of the first passage that holds the question's evidence, or None."""
    return next((i for i, p in enumerate(passages) if score.passage_hits(p.get("text", ""), question["evidence"])), None)


def explain(question: dict, passages: list[dict], answer: dict, cls: str, score, width: int = 260) -> list[str]:
    """A question's case as lines to read: what was asked and must be said, the passages down to the
    one that holds the evidence (marked *), and what was answered."""
    rank = evidence_at(question, passages, score)
    lines = [f"== {question['id']} {cls}: {question['question']}", f"   key facts: {question.get('key_facts') or []}"]
    for i, p in enumerate(passages[:max(2, (rank or 0) + 1)]):
        place = " › ".join(str(v) for v in (p.get("title", "")[:40], p.get("section") or "", p.get("page") or "") if v)
        lines.append(f"  {'*' if i == rank else ' '}{i + 1} [{place}] {p.get('text', '')[:width]!r}")
    said = (answer.get("answer") or "") if answer.get("answered") else "(refused)"
    lines.append(f"   answer: {said[:3 * width]}")
    return lines


def changes(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[tuple[str, str, str, str]]:
    """(set, question id, old class, new class) for every question whose class changed."""
    return [(name, qid, old[name][qid], cls) for name, classes in new.items() if name in old
            for qid, cls in classes.items() if old[name].get(qid, cls) != cls]


def main() -> int:
    from bench.run_bench import SETS, questions_file as readable

    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--against", type=Path)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--explain", default="", help="classes to print case by case, by their start: window,lower,refused")
    args = parser.parse_args()
    import score

    wanted = tuple(c for c in args.explain.split(",") if c)
    result: dict[str, dict[str, str]] = {}
    for name in args.sets.split(","):
        corpus = SETS[name][0]
        questions_file = readable(name, args.work)
        data = args.work / name / "data"
        if not data.exists():
            _ingest(corpus, name, args.work / name, data)
        env = {"SAMENSPEL_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}  # on top of this process's environment
        retrieved = {r["id"]: r["passages"] for r in _batch(["retrieve", "--batch", str(questions_file), "--k", "10"], env)}
        answered = {a["id"]: a for a in _batch(["ask", "--batch", str(questions_file)], env)}
        questions = score.load(questions_file)
        result[name] = {q["id"]: classify(q, retrieved.get(q["id"], [])[:5], answered.get(q["id"], {}), score) for q in questions}
        for q in questions:
            if wanted and result[name][q["id"]].startswith(wanted):
                print("\n".join(explain(q, retrieved.get(q["id"], []), answered.get(q["id"], {}), result[name][q["id"]], score)))
        counts = Counter(result[name].values())
        print(f"{name}: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if args.against:
        for name, qid, before, after in changes(json.loads(args.against.read_text(encoding="utf-8")), result):
            print(f"  {name} {qid}: {before} -> {after}")
    return 0


def _ingest(corpus: Path | None, name: str, work: Path, data: Path) -> None:
    from infra.settings import Settings
    from samenspel.wiring import open_knowledge

    if corpus is None:  # a fresh set: its corpus is made from ../shared's archive
        from bench.fresh_corpus import build

        corpus = build(work / "corpus", name)
    with open_knowledge(Settings(data_dir=data)) as knowledge:
        knowledge.pipeline.ingest([corpus])


def _batch(arguments: list[str], env: dict[str, str]) -> list[dict]:
    from bench.run_bench import _cli

    return [json.loads(line) for line in _cli(arguments, env).splitlines() if line.strip()]


if __name__ == "__main__":
    sys.exit(main())
