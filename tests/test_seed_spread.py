"""bench/seed_spread.py: the same models learned on other resamples, each run scored, summed up as a
mean and a range per figure (how much of a figure is luck)."""

from __future__ import annotations

from bench.seed_spread import figures_of, spread, table
from tests.conftest import needs_shared


def _result(answered: float, chars: int) -> dict:
    return {"retrieval": {"hit@5": 0.833, "mrr": 0.592}, "answers": {"answered_rate": answered, "answer_chars_p50": chars},
            "ingest_seconds": 4.0}


def test_the_figures_of_a_run_are_read_flat_and_only_those_it_has():
    assert figures_of(_result(0.714, 658)) == {"hit@5": 0.833, "MRR": 0.592, "answered": 0.714, "chars p50": 658.0}
    assert figures_of({"retrieval": {}, "answers": {"answered_rate": None}}) == {}


def test_the_spread_is_the_mean_and_range_over_the_seeds():
    rows = [figures_of(_result(a, c)) for a, c in ((0.714, 658), (0.738, 641), (0.690, 662))]
    summary = spread(rows)
    assert abs(summary["answered"][0] - 0.714) < 1e-9
    assert summary["answered"][1:] == (0.690, 0.738)
    assert all(abs(v - 0.833) < 1e-9 for v in summary["hit@5"])
    assert spread([]) == {}


def test_the_table_has_a_row_per_seed_and_the_mean_with_its_range():
    text = table("blind1", {11: figures_of(_result(0.714, 658)), 12: figures_of(_result(0.738, 641))})
    lines = text.splitlines()
    assert lines[0].startswith("| blind1 | hit@5 | MRR | answered")
    assert lines[2].startswith("| seed 11 | 0.833 | 0.592 | 0.714 |")
    assert "0.726 (0.714–0.738)" in lines[-1] and "650 (641–658)" in lines[-1]


def test_a_scratch_folder_of_a_benchmark_is_gone_when_the_script_ends(tmp_path):
    """`make calibrate` and `make bench` ingest into temporary stores of ~100 MB each; left behind, a
    day of measuring filled the disk."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from bench.scratch import scratch_dir; "
            "d = scratch_dir('samenspel-test-'); (d / 'store').mkdir(); (d / 'store' / 'x').write_text('x'); print(d)")
    done = subprocess.run([sys.executable, "-c", code, str(repo)], capture_output=True, text=True, check=True,
                          env={"TMPDIR": str(tmp_path), "PATH": ""})
    made = Path(done.stdout.strip())
    assert made.parent == tmp_path and made.name.startswith("samenspel-test-")
    assert not made.exists()


@needs_shared
def test_the_held_out_sets_are_any_of_the_benchmarks_sets(tmp_path):
    """fresh3 lies in ../shared/corpus/mixed; blind1 is scored by ../shared/eval/blind.py, not here."""
    from bench.run_bench import SETS
    from bench.seed_spread import held_out_corpora

    corpora = held_out_corpora(["blind1", "fresh3"], tmp_path)
    assert list(corpora) == ["fresh3"] and corpora["fresh3"][0] == SETS["fresh3"][0]
    assert corpora["fresh3"][1].parent == tmp_path  # its evidence read from ../shared into a copy
