"""The question adapter: a learned turn of the question's meaning towards the sentences that answer,
kept in the calibration file, used only with the encoder it was learned for, learned by `make
calibrate` the same way every run."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from knowledge.calibration import CALIBRATION_FILE, load_calibration
from knowledge.errors import CalibrationFileError
from knowledge.meaning.adapter import QuestionAdapter
from tests.conftest import TEST_CALIBRATION, FakeSentenceEncoder


def _adapter(model: str, dimensions: int = 64, rank: int = 4, seed: int = 3) -> QuestionAdapter:
    rng = np.random.default_rng(seed)
    u, v = (rng.normal(0, 0.3, (dimensions, rank)).astype(np.float16).astype(np.float32) for _ in range(2))
    return QuestionAdapter(model, u, v)


def test_the_adapter_keeps_its_values_through_the_calibration_file(tmp_path):
    adapter = _adapter("use-multilingual-v3")
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    data["adapter"] = adapter.as_json()
    path = tmp_path / "kalibratie.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_calibration(path).adapter
    assert load_calibration(path) != load_calibration(CALIBRATION_FILE)  # compared without asking arrays for a truth value
    assert loaded.model == "use-multilingual-v3"
    assert np.array_equal(loaded.u, adapter.u) and np.array_equal(loaded.v, adapter.v)
    vector = np.ones(64, dtype=np.float32) / 8
    turned = loaded.apply(vector)
    assert abs(float(np.linalg.norm(turned)) - 1.0) < 1e-5 and not np.allclose(turned, vector)

    data["adapter"]["shape"] = [64, 5]  # values that do not fill the shape: a broken file, said plainly
    broken = tmp_path / "kapot.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CalibrationFileError):
        load_calibration(broken)


def test_the_question_is_turned_only_for_the_encoder_it_was_learned_for(settings, fake_embeddings, analyzer):
    from samenspel.wiring import open_knowledge

    encoder = FakeSentenceEncoder()
    question = "wie zit het bestuur voor?"
    with open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, encoder=encoder) as k:
        plain = encoder.encode([question])[0]
        own = _adapter(encoder.name)
        k.retriever.calibration = dataclasses.replace(TEST_CALIBRATION, adapter=own)
        assert np.allclose(k.retriever.read(question).vector, own.apply(plain))
        k.retriever.calibration = dataclasses.replace(TEST_CALIBRATION, adapter=_adapter("another-encoder"))
        assert np.allclose(k.retriever.read(question).vector, plain)
        k.retriever.calibration = TEST_CALIBRATION
        assert np.allclose(k.retriever.read(question).vector, plain)


def _rows(rng, turn: np.ndarray, count: int):
    """Questions whose answering sentence lies in a fixed other direction than the question itself,
    among sentences that resemble the question more."""
    rows = []
    for _ in range(count):
        q = rng.normal(size=16).astype(np.float32)
        q /= np.linalg.norm(q)
        answer = turn @ q + 0.1 * rng.normal(size=16)
        echoes = [q + 0.9 * rng.normal(size=16) for _ in range(6)]  # say what the question says, answer nothing
        x = np.array([answer, *echoes], dtype=np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        rows.append((q, x, np.array([1] + [0] * 6)))
    return rows


def test_make_calibrate_learns_a_turn_towards_answering_sentences_the_same_way_every_run():
    from bench.train_answering import fit_adapter, meaning_mrr

    rng = np.random.default_rng(5)
    turn, _ = np.linalg.qr(rng.normal(size=(16, 16)))
    learned_from, held_out = _rows(rng, turn, 60), _rows(rng, turn, 30)
    adapter = fit_adapter(learned_from, "fake-sentences")
    again = fit_adapter(learned_from, "fake-sentences")
    assert meaning_mrr(held_out, adapter) > meaning_mrr(held_out) + 0.2
    assert np.array_equal(adapter.u, again.u) and np.array_equal(adapter.v, again.v)
