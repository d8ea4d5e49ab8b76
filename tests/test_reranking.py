"""The optional cross-encoder (RERANK_MODEL): it orders the best candidates again, off by default,
and a model that cannot load stops the command with a plain message."""

from __future__ import annotations

import pytest

from knowledge.errors import RerankModelError
from knowledge.retrieval.reranking import CrossEncoderReranker, passage_for_reading, reordered


class KeywordReranker:
    """Prefers passages holding `word`; records what it was asked to read."""

    name = "keyword"

    def __init__(self, word: str) -> None:
        self.word = word
        self.calls: list[tuple[str, list[str]]] = []

    def scores(self, question, passages):
        self.calls.append((question, list(passages)))
        return [1.0 if self.word in p.lower() else 0.0 for p in passages]


def test_reordered_sorts_the_head_by_score_and_keeps_the_rest():
    assert reordered(list("abcde"), [0.1, 0.9, 0.5], 3) == list("bcade")
    assert reordered(list("abc"), [0.5, 0.5, 0.7], 3) == list("cab")  # ties keep their order
    with pytest.raises(ValueError):
        reordered(list("abc"), [0.1], 3)


def _open(settings, fake_embeddings, analyzer, docs, reranker=None):
    from samenspel.wiring import open_knowledge

    settings.semantic_model = "none"
    k = open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer, reranker=reranker)
    k.pipeline.ingest([docs])
    return k


def test_off_by_default(settings):
    from samenspel.wiring import open_knowledge

    settings.semantic_model = "none"
    with open_knowledge(settings) as k:
        assert settings.rerank_model == "" and k.retriever._reranker is None


def test_the_reranker_orders_the_best_candidates(settings, fake_embeddings, analyzer, docs):
    question = "wat doet de regiekamer?"
    with _open(settings, fake_embeddings, analyzer, docs) as plain:
        before = plain.retriever.retrieve(question, 5)
    reranker = KeywordReranker("november")
    settings.rerank_depth = 20
    with _open(settings, fake_embeddings, analyzer, docs, reranker) as k:
        after = k.retriever.retrieve(question, 5)
        answer = k.answerer.answer(question)
    assert "november" not in before[0].text  # the calibrated order puts another passage first
    assert "november" in after[0].text and after[0].source == "memo.txt"
    assert {p.chunk_id for p in after} <= {p.chunk_id for p in before} | {after[0].chunk_id}
    asked, read = reranker.calls[0]
    assert asked == question
    assert any(text.startswith("Memo financiering") and "november" in text for text in read)  # heading, then text
    assert answer.passages[0].chunk_id == after[0].chunk_id  # the answer reads the passages in the new order


def test_the_reranker_reads_only_as_deep_as_it_is_told(settings, fake_embeddings, analyzer, docs):
    reranker = KeywordReranker("november")
    settings.rerank_depth = 2
    with _open(settings, fake_embeddings, analyzer, docs, reranker) as k:
        ranked = k.retriever.ranked(k.retriever.read("wat doet de regiekamer?"))
        k.retriever.retrieve("wat doet de regiekamer?", 1)
    assert len(ranked) > 2
    assert [len(read) for _, read in reranker.calls] == [2]


def _tiny_cross_encoder(folder):
    """A real (untrained, seeded) BERT cross-encoder on disk: the loading and scoring path of a real
    model, without a download."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    folder.mkdir()
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"de het een regiekamer begroting gemeente project "
             "solidariteit programmateam november betaalt wat doet wie".split()]
    (folder / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    BertTokenizer(str(folder / "vocab.txt")).save_pretrained(folder)
    torch.manual_seed(7)
    config = BertConfig(vocab_size=len(words), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=256, num_labels=1)
    BertForSequenceClassification(config).save_pretrained(folder)
    return folder


def test_a_real_cross_encoder_from_a_folder_orders_the_passages(settings, fake_embeddings, analyzer, docs, tmp_path):
    from sentence_transformers import CrossEncoder

    model = _tiny_cross_encoder(tmp_path / "cross-encoder")
    settings.rerank_model = str(model)
    settings.rerank_depth = 20
    question = "wat doet de regiekamer?"
    with _open(settings, fake_embeddings, analyzer, docs) as k:
        k.retriever.warm_up()
        candidates = [p for p, _, _ in k.retriever.ranked(k.retriever.read(question))]
        got = k.retriever.retrieve(question, 3)
    scores = CrossEncoder(str(model)).predict([(question, passage_for_reading(p)) for p in candidates])
    expected = [candidates[i] for i in sorted(range(len(candidates)), key=lambda i: -scores[i])][:3]
    assert [p.chunk_id for p in got] == [p.chunk_id for p in expected]
    assert [p.score for p in got] == pytest.approx(sorted(scores, reverse=True)[:3], abs=1e-5)


def test_a_model_that_cannot_load_says_so_when_the_bot_warms_up(tmp_path):
    reranker = CrossEncoderReranker(str(tmp_path / "bestaat-niet"))
    with pytest.raises(RerankModelError, match="RERANK_MODEL"):
        reranker.scores("wie?", ["de voorzitter"])


def test_a_bot_answering_several_questions_at_once_loads_the_model_once(monkeypatch):
    import threading
    import time

    import sentence_transformers

    made = []

    class SlowCrossEncoder:
        def __init__(self, name, **options):
            made.append(name)
            time.sleep(0.2)

        def predict(self, pairs, **options):
            return [float(len(p)) for _, p in pairs]

    monkeypatch.setattr(sentence_transformers, "CrossEncoder", SlowCrossEncoder)
    reranker = CrossEncoderReranker("een-model")
    results = []
    threads = [threading.Thread(target=lambda: results.append(reranker.scores("wie?", ["a", "bbb"]))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == ["een-model"] and results == [[1.0, 3.0]] * 4


def test_a_model_that_cannot_load_stops_the_command_with_a_plain_message(tmp_path, monkeypatch, capsys, docs):
    from samenspel.cli import main

    monkeypatch.setenv("SEMANTIC_MODEL", "none")
    with pytest.raises(SystemExit) as ingested:
        main(["ingest", str(docs)])  # ingest never reads with the reranker
    assert ingested.value.code == 0
    capsys.readouterr()
    monkeypatch.setenv("RERANK_MODEL", str(tmp_path / "geen-model"))
    with pytest.raises(SystemExit) as stopped:
        main(["ask", "wat doet de regiekamer?"])
    assert stopped.value.code == 2
    message = " ".join(capsys.readouterr().err.split())
    assert "herordeningsmodel" in message and "geen-model" in message and "Traceback" not in message
