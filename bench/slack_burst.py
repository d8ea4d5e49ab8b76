"""Slack responsiveness: a burst of concurrent mentions against the real Bolt app on 127.0.0.1
(knowledge core on ../shared/corpus/mixed, mock Slack Web API). Reports ack latency (Slack wants
< 3 s) and the time until each answer replaced its placeholder.

Usage: python bench/slack_burst.py [--mentions 50]   (or: make bench-slack)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from bench.scratch import scratch_dir  # noqa: E402  (after the path is set)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "mixed")
    parser.add_argument("--questions", type=Path, default=SHARED / "eval" / "dev.jsonl")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    from bot.slack.app import build_slack_app
    from bot.slack.server import SlackHttpServer
    from infra.settings import Settings
    from samenspel.wiring import open_assistant, open_knowledge
    from stand_ins.slack_client import SIGNING_SECRET, SlackClientSim
    from stand_ins.slack_web_api import BOT_TOKEN, MockSlack

    questions = [json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    work = scratch_dir("samenspel-slack-bench-")
    mock = MockSlack().start()
    settings = Settings(
        data_dir=work / "data", slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
        slack_api_url=mock.api_url, rate_limit_per_minute=0,
    )
    with open_knowledge(settings) as knowledge:
        knowledge.pipeline.ingest([args.corpus])
        knowledge.retriever.refresh()
        assistant = open_assistant(settings, knowledge)
        server = SlackHttpServer(build_slack_app(assistant, settings), "127.0.0.1", 0)
        port = server.start()
        sim = SlackClientSim(f"http://127.0.0.1:{port}/slack/events")
        sim.mention("opwarmen", ts="1.0")
        mock.wait_for("chat.update")
        mock.calls.clear()

        def mention(i: int) -> float:
            started = time.monotonic()
            status, _ = sim.mention(questions[i % len(questions)], user=f"U{i}", ts=f"1700002000.{i:06d}")
            assert status == 200
            return time.monotonic() - started

        burst_started = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.mentions) as pool:
            acks = sorted(pool.map(mention, range(args.mentions)))
        updates = mock.wait_for("chat.update", args.mentions, timeout=300)
        all_answered = time.monotonic() - burst_started
        server.stop()
    mock.stop()
    figures = {
        "mentions": args.mentions,
        "ack_p50_ms": round(statistics.median(acks) * 1000, 1),
        "ack_p95_ms": round(acks[int(0.95 * (len(acks) - 1))] * 1000, 1),
        "ack_max_ms": round(acks[-1] * 1000, 1),
        "answered": len(updates),
        "errors": sum("Sorry" in u.args["text"] for u in updates),
        "all_answered_seconds": round(all_answered, 2),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
