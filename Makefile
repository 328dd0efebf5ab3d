# Two commands (see README): `make demo` sets up and opens the main job (the TUI),
# `make test` sets up and runs every test, PostgreSQL included.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
EXAMPLE := examples/changzhi-cac-2024/journal.csv

.PHONY: setup demo demo-db demo-reports test lint bench clean

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

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest -q

# A city year of a million payments, measured; writes BENCHMARKS.md (takes a while).
bench: setup
	$(BIN)/budget-ledger bench

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .ruff_cache snapshot_report.html
