# Two commands (see README): `make demo` sets up and runs the main job,
# `make test` sets up and runs every test, PostgreSQL included.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
EXAMPLE := ../shared/examples/changzhi-cac-2024/journal.csv

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/budget-ledger --db $(DEMO_DB) import $(EXAMPLE)
	$(BIN)/budget-ledger --db $(DEMO_DB) report execution --year 2024 --unit 105001 --as-of 2024-12-31
	$(BIN)/budget-ledger --db $(DEMO_DB) report projects --year 2024 --unit 105001
	$(BIN)/budget-ledger --db $(DEMO_DB) report balances --year 2024 --unit 105001

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest -q

# A city year of a million payments, measured; writes BENCHMARKS.md (takes a while).
bench: setup
	$(BIN)/budget-ledger bench

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .ruff_cache
