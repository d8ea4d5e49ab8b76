"""Integration: the real embedding model, real Chroma (embedded and server), the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS_MIXED, needs_shared

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def real_embeddings():
    from knowledge.meaning.embeddings import SentenceTransformerEmbeddings

    embeddings = SentenceTransformerEmbeddings()
    assert len(embeddings.embed_query("regiekamer")) == 384  # the bundled model loads offline
    return embeddings


def test_real_model_on_the_example_documents(settings, real_embeddings):
    from samenspel.wiring import open_knowledge

    settings.vector_weight = 0.3  # exercise the vector side too
    with open_knowledge(settings, embedder=real_embeddings) as k:
        report = k.pipeline.ingest([REPO / "samenspel" / "examples"])
        assert not report.failed and k.store.count() > 3
        answer = k.answerer.answer("Wat doet de ambtelijke regiekamer?")
        assert answer.answered
        assert "gemeentesecretarissen" in answer.text


def test_demo_command_from_a_fresh_data_dir(tmp_path):
    env = {**os.environ, "SAMENSPEL_DATA_DIR": str(tmp_path / "demo-data"), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-m", "samenspel.cli", "demo"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "regiekamer" in result.stdout.lower() and "Bronnen:" in result.stdout
    # A registry answer beside the document answer, from the fictitious example register, with the rule quoted.
    assert "Kreekdorp doet niet zelf mee aan Warmtenet Rivierenland, maar betaalt wel mee (solidariteit)" in " ".join(result.stdout.split())
    assert "Spelregel in de documenten: “Solidariteit" in " ".join(result.stdout.split())
    # Everything the demo wrote is in a folder of its own: the real data folder starts clean.
    assert sorted(p.name for p in (tmp_path / "demo-data").iterdir()) == ["voorbeeld"]
    assert (tmp_path / "demo-data" / "voorbeeld" / "reports" / "voorbeeld-overzicht" / "overzicht-regiekamer.pdf").is_file()
    removed = subprocess.run([sys.executable, "-m", "samenspel.cli", "demo", "--opruimen"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert removed.returncode == 0 and "De demo is weggehaald" in removed.stdout
    assert list((tmp_path / "demo-data").iterdir()) == []


@needs_shared
def test_shared_corpus_end_to_end(settings, real_embeddings):
    from samenspel.wiring import open_knowledge

    with open_knowledge(settings, embedder=real_embeddings) as k:
        report = k.pipeline.ingest([CORPUS_MIXED])
        assert not report.failed
        assert len(k.store.documents()) == 5
        assert k.store.documents()["003_f09de65b9d2974ba.pdf"].title.startswith("Doorontwikkeling")
        answer = k.answerer.answer("mag ik later nog instappen in een project als we nu niet meedoen?")
        assert answer.answered
        assert any(c.source == "003_f09de65b9d2974ba.pdf" and c.page for c in answer.citations)


@pytest.mark.parametrize("with_vectors", [True, False], ids=["vectors", "no-vectors"])
def test_chroma_server_mode_shared_by_two_processes(settings, chroma_server, fake_embeddings, analyzer, docs, with_vectors):
    """Two knowledge cores on one Chroma server: what one ingests, the other finds (its lexical
    index follows the store's generation), and no lock file is involved; also with the default
    vector vote off, where passages are stored without embeddings."""
    from samenspel.wiring import open_knowledge

    settings.chroma_host = "127.0.0.1"
    settings.chroma_port = chroma_server
    embedder = fake_embeddings if with_vectors else None
    with open_knowledge(settings, embedder=embedder, analyzer=analyzer) as bot, \
            open_knowledge(settings, embedder=embedder, analyzer=analyzer) as admin:
        assert bot.retriever.retrieve("regiekamer", 3) == []
        report = admin.pipeline.ingest([docs])
        assert not report.failed
        passages = bot.retriever.retrieve("instapmodel lopend project", 3)
        assert passages and passages[0].source == "artikel.html"
        assert not settings.lock_file.exists()
        admin.pipeline.remove("artikel.html")
        assert all(p.source != "artikel.html" for p in bot.retriever.retrieve("instapmodel lopend project", 3))
