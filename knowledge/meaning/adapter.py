"""A learned turn of the question's meaning towards the sentences that answer such questions.

The sentence encoder places a question near sentences that say much the same thing; the sentence that
answers it says something else ("wie zit het bestuur voor?" against "Het bestuur wordt voorgezeten
door de burgemeester van …"). A low-rank linear map of the question's vector (q + U·(Vᵀ·q), then unit
length), learned by `make calibrate` from the open sets' questions and the sentences that hold their
evidence, moves it towards where answers lie. Only the question is turned: the stored sentence
vectors stay as they are, so no re-ingest. It belongs to one sentence encoder and is used only with it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import numpy as np

_DTYPE = np.dtype("<f2")  # half precision: the map's values are small corrections, 64 KB for rank 32


@dataclass(frozen=True, eq=False)  # arrays have no single truth value: two adapters are equal only as one object
class QuestionAdapter:
    model: str  # the sentence encoder it was learned for
    u: np.ndarray = field(repr=False)  # (dimensions, rank)
    v: np.ndarray = field(repr=False)  # (dimensions, rank)

    def apply(self, vector: np.ndarray) -> np.ndarray:
        turned = vector + self.u @ (self.v.T @ vector)
        norm = float(np.linalg.norm(turned))
        return (turned / norm).astype(np.float32) if norm else vector

    def as_json(self) -> dict:
        return {"model": self.model, "shape": list(self.u.shape),
                "u": _to_text(self.u), "v": _to_text(self.v)}

    @classmethod
    def from_json(cls, data: dict) -> QuestionAdapter:
        shape = tuple(int(n) for n in data["shape"])
        return cls(str(data["model"]), _from_text(data["u"], shape), _from_text(data["v"], shape))


def _to_text(matrix: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(matrix, dtype=_DTYPE).tobytes()).decode("ascii")


def _from_text(text: str, shape: tuple[int, ...]) -> np.ndarray:
    values = np.frombuffer(base64.b64decode(text), dtype=_DTYPE)
    if values.size != int(np.prod(shape)):
        raise ValueError(f"adapter of {values.size} values, expected {shape}")
    return values.reshape(shape).astype(np.float32)
