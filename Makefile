# Two commands (see README): `make demo` sets up and opens the main job (the TUI),
# `make test` sets up and runs every test, PostgreSQL included. Between edits, `make check`.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
# The example year, then its published self-evaluations (performance rows come after the money)
EXAMPLE := examples/changzhi-cac-2024/journal.csv examples/changzhi-cac-2024/performance.csv
# pytest-xdist processes: one per core
WORKERS ?= auto

.PHONY: setup demo demo-db demo-reports check test lint types bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# On a terminal the demo opens the TUI on the example year; without one (CI, a pipe)
# it prints the same year's reports instead (`make demo-reports`).
demo: demo-db
	@if [ -t 0 ] && [ -t 1 ]; then \
		$(BIN)/budget-ledger --db $(DEMO_DB) tui --year 2024 --as-of 2024-12-31; \
	else \
		$(MAKE) --no-print-directory demo-reports; \
	fi

demo-db: setup
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/budget-ledger --db $(DEMO_DB) import $(EXAMPLE)

demo-reports:
	$(BIN)/budget-ledger --db $(DEMO_DB) report execution --year 2024 --unit 105001 --as-of 2024-12-31
	$(BIN)/budget-ledger --db $(DEMO_DB) report projects --year 2024 --unit 105001
	$(BIN)/budget-ledger --db $(DEMO_DB) report balances --year 2024 --unit 105001
	$(BIN)/budget-ledger --db $(DEMO_DB) report performance --year 2024 --unit 105001

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: setup
	$(BIN)/mypy

# The loop between edits (20 s on an idle two-core machine): lint, types, and the unit and
# property tests on SQLite, in parallel, with a quarter of the property tests' examples.
check: lint types
	$(BIN)/pytest -q -n $(WORKERS) -m "not postgresql" --hypothesis-profile=check tests/unit tests/properties

# The whole truth: every test, PostgreSQL included, in parallel (each pytest-xdist worker
# starts its own PostgreSQL server; the slow tests, which start processes of their own,
# are spread over the workers like the rest: one worker for all of them takes longer).
test: lint types
	$(BIN)/pytest -q -n $(WORKERS)

# A city year of a million payments, measured; writes BENCHMARKS.md (takes a while).
bench: setup
	$(BIN)/budget-ledger bench

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .ruff_cache .mypy_cache snapshot_report.html
