"""Shared fixtures: every test gets its own data dir, a clean environment and fast fakes."""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infra.settings import Settings
from text.analysis import DutchAnalyzer, load_dutch_lexicon

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS_MIXED = SHARED / "corpus" / "mixed"
DEV_SET = SHARED / "eval" / "dev.jsonl"
needs_shared = pytest.mark.skipif(
    not CORPUS_MIXED.is_dir(), reason="../shared/corpus is absent (it lies beside the checkout in CI)"
)

_ENV_PREFIXES = ("SAMENSPEL_", "CHROMA_", "LLM_", "OPENAI_", "AZURE_", "EMBEDDING_", "INGEST_", "CHUNK_", "RETRIEVAL_", "RERANK_", "ANSWER_", "STORE_",
                 "SLACK_", "DATABASE_", "RATE_", "TEAMS_", "SURVEY_")


class FakeEmbeddings:
    """Deterministic bag-of-words vectors: texts sharing words are close. No model, no download."""

    name = "fake-embeddings"
    dimensions = 64

    def __init__(self) -> None:
        self.calls = 0
        self.fail_on: str | None = None  # raise when a text contains this

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in re.findall(r"\w+", text.lower()):
            slot = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions
            vector[slot] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        if self.fail_on and any(self.fail_on in t for t in texts):
            raise RuntimeError("embedding service failed")
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def _test_calibration():
    """Fixed, readable weights for the calibrated models, so tests of the answer step's mechanics do
    not move when `make calibrate` learns new ones (their quality is measured by `make bench`)."""
    from knowledge.calibration import Calibration, LinearModel

    passage = LinearModel(("lex", "sem", "prox", "cover", "form", "kind", "named"),
                          (2.0, 1.0, 1.0, 1.0, 1.5, 1.0, 1.0), 0.0)
    sentence = LinearModel(("own", "near", "cos", "rank", "kind", "form"), (1.0, 2.0, 0.5, 1.5, 1.0, 1.5), 0.0)
    answer = LinearModel(("window", "document", "english", "typed", "type_in_window", "anchored"),
                         (4.0, 2.0, 1.0, -1.0, 0.5, 0.5), -2.5, threshold=0.5)
    return Calibration(passage, sentence, answer)


TEST_CALIBRATION = _test_calibration()


@pytest.fixture(autouse=True)
def fixed_calibration(request, monkeypatch):
    """Every test runs on TEST_CALIBRATION unless it is marked `shipped_calibration`."""
    if request.node.get_closest_marker("shipped_calibration") is None:
        monkeypatch.setattr("knowledge.retrieval.retriever.load_calibration", lambda: TEST_CALIBRATION)
        monkeypatch.setattr("knowledge.answering.extractive.load_calibration", lambda: TEST_CALIBRATION)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """No test sees the developer's environment, .env or ./data."""
    for key in list(os.environ):
        if key.startswith(_ENV_PREFIXES):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("SAMENSPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture(scope="session")
def analyzer() -> DutchAnalyzer:
    return DutchAnalyzer(load_dutch_lexicon())


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def fake_embeddings() -> FakeEmbeddings:
    return FakeEmbeddings()


class FakeSentenceEncoder:
    """Deterministic meaning for unit tests: words in one of `synonyms`' groups share a slot."""

    name = "fake-sentences"

    def __init__(self, synonyms: list[set[str]] | None = None) -> None:
        self._slot = {word: i for i, group in enumerate(synonyms or []) for word in group}
        self.calls = 0

    def encode(self, texts: list[str]):
        import numpy as np

        self.calls += 1
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                slot = self._slot.get(word, 8 + int(hashlib.md5(word.encode()).hexdigest(), 16) % 56)
                out[row, slot] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


@pytest.fixture
def knowledge(settings, fake_embeddings, analyzer):
    """The knowledge core with fakes and without the semantic re-ranking (tests of it pass an encoder)."""
    from samenspel.wiring import open_knowledge

    settings.semantic_model = "none"
    k = open_knowledge(settings, embedder=fake_embeddings, analyzer=analyzer)
    yield k
    k.close()


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the whole run, started by the tests themselves."""
    from tests.postgres import TempPostgres, why_unavailable

    reason = why_unavailable()
    if reason:
        pytest.skip(reason)
    server = TempPostgres().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Each SQL test runs on SQLite and on a real PostgreSQL server, on a fresh empty database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'samenspel.db'}"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def db(database_url):
    """A migrated database on SQLite and on PostgreSQL (through `database_url`)."""
    from infra.database import open_database

    database = open_database(database_url)
    yield database
    database.close()


@pytest.fixture
def service(db):
    """The survey service on that database, with a fixed pseudonym key."""
    from infra.pseudonym import Pseudonymizer
    from surveys.service import SurveyService

    return SurveyService(db, Pseudonymizer("survey-test-secret-123"))


@pytest.fixture
def template():
    from surveys.templates import DEFAULT_TEMPLATE, load_templates

    return load_templates()[DEFAULT_TEMPLATE]


@pytest.fixture
def database(tmp_path):
    from infra.database import open_database

    db = open_database(f"sqlite:///{tmp_path / 'samenspel.db'}")
    yield db
    db.close()


@pytest.fixture
def assistant(knowledge, database, settings):
    from assistant.audiences import Audiences, GroupDirectory
    from assistant.core import Assistant
    from registry.service import Registry
    from infra.pseudonym import Pseudonymizer

    return Assistant(knowledge, database, settings, pseudonymize=Pseudonymizer("test-secret-of-enough-length"),
                     audiences=Audiences(GroupDirectory(database), body_members=Registry(database).accounts_in, cache_seconds=0))


@pytest.fixture
def docs(tmp_path) -> Path:
    """A folder with small documents in every supported format."""
    from tests.samples import write_samples

    folder = tmp_path / "docs"
    write_samples(folder)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    """A real Chroma server on 127.0.0.1, started from the chromadb package's own CLI; yields its port."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        pytest.skip("the chroma CLI of the chromadb package is not installed")
    port = free_port()
    process = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    deadline = time.monotonic() + 60
    while True:
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)).heartbeat()
            break
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("chroma server did not start")
            time.sleep(0.3)
    yield port
    process.terminate()
    process.wait(timeout=20)
