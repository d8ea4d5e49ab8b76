"""bench/classify.py: each open-set question's class, and what a change moved."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bench.classify import changes, classify, explain
from tests.conftest import needs_shared

SCORE_PY = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


def _score():
    spec = importlib.util.spec_from_file_location("score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EVIDENCE = "Het algemeen bestuur bestaat uit zeven leden die door de raden worden aangewezen."
QUESTION = {"id": "q1", "answerable": True, "evidence": [EVIDENCE], "key_facts": ["zeven leden"]}
OTHER = {"text": "De voorzitter wordt door het algemeen bestuur uit zijn midden gekozen voor vier jaar."}


@needs_shared
def test_each_question_gets_the_class_of_where_it_ended_up():
    score = _score()
    right = {"text": EVIDENCE}
    assert classify(QUESTION, [right], {"answered": True, "answer": "“… bestaat uit zeven leden …”"}, score) == "ok"
    assert classify(QUESTION, [right], {"answered": True, "answer": "“De voorzitter …”"}, score) == "window-miss"
    assert classify(QUESTION, [OTHER, right], {"answered": True, "answer": "“De voorzitter …”"}, score) == "lower@2"
    assert classify(QUESTION, [OTHER], {"answered": True, "answer": "“De voorzitter …”"}, score) == "retrieval-miss"
    assert classify(QUESTION, [OTHER, OTHER, right], {"answered": False}, score) == "refused@3"
    assert classify(QUESTION, [OTHER], {"answered": False}, score) == "refused@None"
    trap = {**QUESTION, "answerable": False, "key_facts": []}
    assert classify(trap, [right], {"answered": True, "answer": "x"}, score) == "trap-answered"
    assert classify(trap, [right], {"answered": False}, score) == "trap-ok"


def test_changes_lists_only_the_questions_whose_class_moved():
    old = {"dev": {"d1": "ok", "d2": "trap-answered"}, "dev2": {"l1": "refused@1"}}
    new = {"dev": {"d1": "ok", "d2": "trap-ok"}, "fresh": {"f1": "ok"}}
    assert changes(old, new) == [("dev", "d2", "trap-answered", "trap-ok")]


@needs_shared
def test_a_case_is_explained_down_to_the_passage_that_holds_the_evidence():
    score = _score()
    right = {"text": EVIDENCE, "title": "Regeling", "section": "Artikel 3", "page": 2}
    lines = explain({**QUESTION, "question": "uit hoeveel leden bestaat het AB?"}, [OTHER, OTHER, right, OTHER],
                    {"answered": False}, "refused@3", score)
    assert lines[0] == "== q1 refused@3: uit hoeveel leden bestaat het AB?"
    assert lines[1] == "   key facts: ['zeven leden']"
    assert [line[:4] for line in lines[2:5]] == ["   1", "   2", "  *3"]  # down to the evidence, not past it
    assert "[Regeling › Artikel 3 › 2]" in lines[4]
    assert lines[-1] == "   answer: (refused)"
    unfound = explain({**QUESTION, "question": "?"}, [OTHER, OTHER, OTHER], {"answered": True, "answer": "“x”"}, "retrieval-miss", score)
    assert len(unfound) == 2 + 2 + 1 and unfound[-1] == "   answer: “x”"  # the first two passages when none holds it


@needs_shared
def test_the_held_out_set_on_the_seed_documents_asks_what_they_say(tmp_path):
    """bench/fresh3 keeps no text of ../shared, only where its evidence stands; read from there, every real
    question's evidence is a passage of its document that holds its key facts, so a miss is the product's,
    not the set's; its traps name no document."""
    import json

    from bench.run_bench import SETS, questions_file

    stored = [json.loads(line) for line in SETS["fresh3"][1].read_text(encoding="utf-8").splitlines() if line.strip()]
    assert not any("evidence" in q for q in stored)
    score = _score()
    questions = score.load(questions_file("fresh3", tmp_path))
    assert len({q["id"] for q in questions}) == len(questions) >= 40
    for q in questions:
        if not q["answerable"]:
            assert q["doc"] is None and not q["evidence"] and not q["key_facts"]
            continue
        assert q["evidence"] and all(len(e.split()) >= 5 for e in q["evidence"]), q["id"]
        held = score.norm(" ".join(q["evidence"]))
        assert any(score.norm(fact) in held for fact in q["key_facts"]), q["id"]


@needs_shared
def test_a_question_file_without_stored_evidence_is_read_as_it_is(tmp_path):
    from bench.run_bench import SETS, readable_questions

    assert readable_questions(SETS["dev"][1], tmp_path) == SETS["dev"][1]
    assert readable_questions(SETS["fresh3"][1], tmp_path).parent == tmp_path
