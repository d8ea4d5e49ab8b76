"""The open question sets written on texts of ../shared's archive (bench/fresh_corpus.py) must ask what
their documents say: every real question's evidence and key facts stand in its document as our loaders
read it, and every trap names no document. A question whose key fact is misspelt would count against
every build alike and hide what a change does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARCHIVE = REPO.parent / "shared" / "corpus" / "scale-laws600.tar.xz"
needs_archive = pytest.mark.skipif(not ARCHIVE.is_file(), reason="../shared/corpus is absent (it lies beside the checkout in CI)")


def _norm(text: str) -> str:
    """As ../shared/eval/score.py compares: lower case, no soft hyphens or line-end hyphens, one space."""
    text = text.lower().replace("\u00ad", "")
    return re.sub(r"\s+", " ", re.sub(r"-\s+(?=[a-z])", "", text)).strip()


@needs_archive
@pytest.mark.parametrize("which", ["fresh4"])
def test_each_question_asks_what_its_document_says(which, tmp_path):
    from bench.fresh_corpus import SETS, build
    from ingest.loaders import loader_for

    corpus = build(tmp_path / "corpus", which)
    texts = {path.name: _norm(" ".join(b.text for b in loader_for(path).load(path).blocks)) for path in corpus.iterdir()}
    questions = [json.loads(line) for line in SETS[which][1].read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len({q["id"] for q in questions}) == len(questions)
    for q in questions:
        if not q["answerable"]:
            assert q["doc"] is None and not q["key_facts"] and not q["evidence"], q["id"]
            continue
        text = texts[q["doc"]]
        assert q["key_facts"] and q["evidence"], q["id"]
        for fact in q["key_facts"]:
            assert _norm(fact) in text, (q["id"], fact)
        for evidence in q["evidence"]:
            words = re.findall(r"\w+", _norm(evidence))
            assert " ".join(words) in " ".join(re.findall(r"\w+", text)), (q["id"], evidence)
