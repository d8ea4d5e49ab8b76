"""`make calibrate` (bench/train_answering.py) chooses the answer threshold that comes closest to the
targets on sets the model never saw: answering more than the target buys nothing when traps suffer."""

from __future__ import annotations

from bench.train_answering import best_threshold, shortfall


class _Fixed:
    """An answer model that gives each row the probability written on it."""

    def probability(self, signals: dict[str, float]) -> float:
        return signals["p"]


def _row(p: float, answerable: bool, facts: float = 1.0) -> dict:
    return {"signals": {"p": p}, "answerable": answerable, "refused": False, "facts": facts if answerable else 0.0,
            "cited": int(answerable)}


def test_shortfall_counts_only_what_falls_short_of_a_target():
    assert abs(shortfall((0.90, 0.70, 0.60)) - (0.1 + 0.05)) < 1e-9
    assert shortfall((1.0, 1.0, 1.0)) == 0


def test_the_threshold_stops_answering_traps_once_the_real_questions_are_answered_enough():
    # 10 real questions (p 0.3 … 0.9), 5 traps (p 0.2 … 0.6): a low threshold answers every real
    # question and most traps; the targets ask for both.
    rows = [_row(0.3 + 0.07 * i, True) for i in range(10)] + [_row(0.2 + 0.1 * i, False) for i in range(5)]
    threshold = best_threshold([(rows, _Fixed())])
    answered = sum(r["signals"]["p"] >= threshold for r in rows if r["answerable"]) / 10
    abstained = sum(r["signals"]["p"] < threshold for r in rows if not r["answerable"]) / 5
    assert answered >= 0.8 and abstained >= 0.6
