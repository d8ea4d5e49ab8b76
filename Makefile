# Quickstart: `make demo` (ingest the example documents, answer a sample question) and `make test`.
# Both create .venv in this checkout and install everything into it; only Python 3.11 and pip needed.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench calibrate bench-slack bench-large bench-scale bench-registry bench-overview bench-hostile bench-audience clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 niet gevonden (zet PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first and pinned: the CPU build; an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/samenspel demo

test: $(STAMP)
	$(BIN)/lint-imports --no-cache
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q

bench: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/run_bench.py

bench-slack: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/slack_burst.py

calibrate: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/train_answering.py

bench-large: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/large_file.py

bench-scale: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) .pytest_cache .import_linter_cache
	find . -name __pycache__ -type d -not -path "./data*" -prune -exec rm -rf {} +

bench-registry: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/registry_import.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/registry_routing.py

bench-audience: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/audience_filter.py

bench-hostile: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/hostile_files.py

bench-overview: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/overview_build.py
