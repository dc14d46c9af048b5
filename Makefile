# civicgraph — set-up, run, test. `make run` and `make test` do everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run test lint typecheck pytest bench clean assets

install: $(STAMP)

# CPU torch first (pip finds the local CPU wheel), so nothing later pulls the CUDA build.
$(STAMP): pyproject.toml package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q "torch==2.13.0"
	$(BIN)/pip install -q -e ".[dev]"
	$(BIN)/python -c "import torch, sys; sys.exit(0 if torch.__version__.startswith('2.13.0') else 'torch was replaced: ' + torch.__version__)"
	$(MAKE) assets
	touch $(STAMP)

# Front-end libraries come from npm at install time and are served locally (never committed).
assets:
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-audit --no-fund && $(BIN)/python -m search_app.assets; \
	else echo "npm not found: the SPARQL editor and charts fall back to plain HTML"; fi

run: install
	$(BIN)/civicgraph ingest data/samples
	$(BIN)/civicgraph serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint pytest

bench: install
	$(BIN)/python bench/ingest_records.py

clean:
	rm -rf $(VENV) data/store node_modules search_app/static/vendor
