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
    # 20 real questions (p 0.45 … 0.96), 10 traps (p 0.15 … 0.56): a low threshold answers every real
    # question and most traps; the targets ask for both.
    rows = [_row(0.45 + 0.027 * i, True) for i in range(20)] + [_row(0.15 + 0.045 * i, False) for i in range(10)]
    threshold = best_threshold([(rows, _Fixed())])
    answered = sum(r["signals"]["p"] >= threshold for r in rows if r["answerable"]) / 20
    abstained = sum(r["signals"]["p"] < threshold for r in rows if not r["answerable"]) / 10
    assert answered >= 0.85 and abstained >= 0.8


def test_one_question_moved_does_not_move_the_threshold():
    """Near its bottom the held-out shortfall is flat, and its single lowest point jumps by 0.04 when one
    question moves (0.44 → 0.48 here, one trap's probability 0.135 → 0.42; blind's answered moved with such
    jumps); the median of the choices on resampled questions stays."""
    import numpy as np

    rng = np.random.default_rng(0)
    rows = [_row(round(float(rng.beta(4, 2)), 3), True, 0.8) for _ in range(40)]
    rows += [_row(round(float(rng.beta(2, 3)), 3), False) for _ in range(15)]
    moved = [dict(r) for r in rows]
    moved[40] = _row(0.42, False)
    threshold = best_threshold([(rows, _Fixed())])
    assert best_threshold([(moved, _Fixed())]) == threshold
    assert best_threshold([(rows, _Fixed())]) == threshold  # the same resamples every run
    assert 0.40 <= threshold <= 0.52


def _question(right: dict[str, float], others: list[dict[str, float]]) -> list[tuple[dict, int]]:
    return [(right, 1)] + [(signals, 0) for signals in others]


def test_the_pairwise_models_are_the_mean_of_fits_on_resampled_questions(monkeypatch):
    """Learned from some 130 questions, one fit follows a handful of them; the model shipped is the mean
    of BAGS fits, each on the questions drawn again with replacement, and a second run gives the same."""
    import numpy as np

    import bench.train_answering as training

    questions = [_question({"near": 0.9, "rank": 0.5}, [{"near": 0.2, "rank": 0.5}]) for _ in range(12)]
    questions += [_question({"near": 0.1, "rank": 1.0}, [{"near": 0.9, "rank": 0.5}]) for _ in range(3)]
    samples, original = [], training._fit_pairwise

    def fit(sample, features):
        samples.append(sample)
        return original(sample, features)

    monkeypatch.setattr(training, "_fit_pairwise", fit)
    bagged = training.fit_pairwise(questions, ("near", "rank"))
    assert len(samples) == training.BAGS
    assert all(len(sample) == len(questions) and all(q in questions for q in sample) for sample in samples)
    assert any(sample != questions for sample in samples)  # drawn again, not the same list each time
    monkeypatch.undo()
    expected = np.mean([original(sample, ("near", "rank")) for sample in samples], axis=0)
    assert np.allclose(bagged.weights, expected)
    assert bagged.weights == training.fit_pairwise(questions, ("near", "rank")).weights
    assert bagged.weights != training.fit_pairwise(questions, ("near", "rank"), seed=12).weights  # other resamples
    assert bagged.weights[0] > 0  # most questions: the sentence that covers the question answers
