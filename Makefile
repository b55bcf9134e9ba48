# Quick start: `make run` (index corpus/ and serve http://127.0.0.1:5000), `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test index serve lint bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $(STAMP)

index: $(STAMP)
	-./scripts/ensure-tools  # optional here: without a tool only the files needing it are rejected
	$(BIN)/union-search reindex

run: index
	$(BIN)/union-search serve

test: $(STAMP)
	./scripts/ensure-chromium
	./scripts/ensure-tools
	./scripts/ensure-axe
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	./scripts/ensure-tools
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.formats

eval: $(STAMP)
	$(BIN)/python -m bench.eval

clean:
	rm -rf $(VENV) var build *.egg-info
