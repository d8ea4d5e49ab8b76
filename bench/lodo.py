"""Leave-one-document-out figures for the numbers that were calibrated on the dev sets.

For each document of both corpora, the value is chosen on the questions about the *other*
documents, then scored on the held-out document's questions. Summed over all documents, that is
how the calibration would do on documents it never saw. Calibrated numbers:
- RETRIEVAL_SEMANTIC_WEIGHT (objective: MRR), and
- ANSWER_MIN_SUPPORT (objective: the mean of answered_rate and abstain_rate). Unanswerable questions
  have no document; they are spread over the folds in turn.

Usage: python bench/lodo.py   (or: make bench-lodo)
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(SHARED / "eval"))

SETS = {"dev": ("mixed", "dev.jsonl"), "dev2": ("legal", "dev2.jsonl")}
SEMANTIC_WEIGHTS = [0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0]
MIN_SUPPORTS = [0.2, 0.25, 0.28, 0.3, 0.32, 0.35, 0.4, 0.45]


def main() -> int:
    import score  # ../shared/eval/score.py

    from infra.settings import Settings
    from samenspel.wiring import open_knowledge

    rows = []  # (set, fold, question, reciprocal rank per weight, answered per min support)
    for name, (corpus, questions_file) in SETS.items():
        questions = [json.loads(line) for line in (SHARED / "eval" / questions_file).read_text(encoding="utf-8").splitlines() if line.strip()]
        work = Path(tempfile.mkdtemp(prefix="samenspel-lodo-"))
        with open_knowledge(Settings(data_dir=work / "data")) as knowledge:
            knowledge.pipeline.ingest([SHARED / "corpus" / corpus])
            retriever, answerer = knowledge.retriever, knowledge.answerer
            unanswerable = 0
            for q in questions:
                rr = {}
                if q["answerable"]:
                    for weight in SEMANTIC_WEIGHTS:
                        retriever._semantic_weight = weight
                        passages = retriever.retrieve(q["question"], 5)
                        rank = next((i + 1 for i, p in enumerate(passages) if score.passage_hits(p.text, q["evidence"])), None)
                        rr[weight] = 1 / rank if rank else 0.0
                    retriever._semantic_weight = knowledge.settings.semantic_weight
                answered = {}
                for support in MIN_SUPPORTS:
                    answerer._min_support = support
                    answered[support] = answerer.answer(q["question"]).answered
                answerer._min_support = knowledge.settings.answer_min_support
                fold = q["doc"] if q["answerable"] else None
                if fold is None:
                    documents = sorted({x["doc"] for x in questions if x["answerable"]})
                    fold = documents[unanswerable % len(documents)]
                    unanswerable += 1
                rows.append((name, f"{name}:{fold}", q, rr, answered))

    folds = sorted({r[1] for r in rows})
    chosen_weights, chosen_supports = {}, {}
    held_out = defaultdict(lambda: {"rr": [], "answered": [], "abstained": []})
    for fold in folds:
        train = [r for r in rows if r[1] != fold]
        chosen_weights[fold] = max(SEMANTIC_WEIGHTS, key=lambda w: sum(r[3][w] for r in train if r[2]["answerable"]))
        chosen_supports[fold] = max(MIN_SUPPORTS, key=lambda s: _balanced(train, s))
        for name, row_fold, q, rr, answered in rows:
            if row_fold != fold:
                continue
            if q["answerable"]:
                held_out[name]["rr"].append(rr[chosen_weights[fold]])
                held_out[name]["answered"].append(answered[chosen_supports[fold]])
            else:
                held_out[name]["abstained"].append(not answered[chosen_supports[fold]])

    figures = {}
    for name, got in held_out.items():
        figures[name] = {
            "lodo_mrr": round(sum(got["rr"]) / len(got["rr"]), 3),
            "lodo_hit@5": round(sum(r > 0 for r in got["rr"]) / len(got["rr"]), 3),
            "lodo_answered_rate": round(sum(got["answered"]) / len(got["answered"]), 3),
            "lodo_abstain_rate": round(sum(got["abstained"]) / len(got["abstained"]), 3),
        }
    figures["semantic_weight_chosen_per_fold"] = sorted(set(chosen_weights.values()))
    figures["min_support_chosen_per_fold"] = sorted(set(chosen_supports.values()))
    print(json.dumps(figures, indent=2))
    return 0


def _balanced(rows, support: float) -> float:
    answerable = [r for r in rows if r[2]["answerable"]]
    unanswerable = [r for r in rows if not r[2]["answerable"]]
    answered = sum(r[4][support] for r in answerable) / max(len(answerable), 1)
    abstained = sum(not r[4][support] for r in unanswerable) / max(len(unanswerable), 1)
    return (answered + abstained) / 2


if __name__ == "__main__":
    sys.exit(main())
