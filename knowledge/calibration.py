"""The knowledge core's calibrated decisions, each a logistic regression over a few general signals:
which passages come first (`passage`), which sentence answers (`sentence`), and whether to answer at
all (`answer`).

The weights are learned by `bench/train_answering.py` from the open question sets and stored in
`calibration.json` beside this module, with the figures that chose them. At run time each decision is
a dot product: no learning library is loaded.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from knowledge.errors import CalibrationFileError
from knowledge.meaning.adapter import QuestionAdapter

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class LinearModel:
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5  # a probability at or above this says yes

    def logit(self, values: dict[str, float]) -> float:
        return self.bias + sum(w * values.get(name, 0.0) for name, w in zip(self.features, self.weights))

    def probability(self, values: dict[str, float]) -> float:
        z = self.logit(values)
        return 1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0

    def says_yes(self, values: dict[str, float]) -> bool:
        return self.probability(values) >= self.threshold

    def as_json(self) -> dict:
        return {"features": list(self.features), "weights": [round(w, 6) for w in self.weights],
                "bias": round(self.bias, 6), "threshold": round(self.threshold, 4)}

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        return cls(tuple(data["features"]), tuple(float(w) for w in data["weights"]), float(data["bias"]),
                   float(data.get("threshold", 0.5)))


@dataclass(frozen=True)
class Calibration:
    passage: LinearModel  # how likely a passage holds the answer (retrieval's order)
    sentence: LinearModel  # how likely a sentence's window holds the answer
    answer: LinearModel  # how likely the documents answer the question at all
    adapter: QuestionAdapter | None = None  # the question's meaning turned towards answering sentences


@functools.cache
def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """The models of `path` (the shipped ones by default: `bench/train_answering.py --out` writes others,
    learned on other resamples or another training set; SAMENSPEL_CALIBRATION_FILE names them)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        adapter = QuestionAdapter.from_json(data["adapter"]) if data.get("adapter") else None
        return Calibration(LinearModel.from_json(data["passage"]), LinearModel.from_json(data["sentence"]),
                           LinearModel.from_json(data["answer"]), adapter)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CalibrationFileError(f"de gekalibreerde modellen in {path} zijn niet te lezen ({exc})") from exc
