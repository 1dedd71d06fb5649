# newsbrief: `make run` starts the bot, `make test` runs the tests. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the project with its dev tools

.PHONY: run
run: $(STAMP) ## Run the bot (needs BOT_TOKEN in the environment or .env)
	$(BIN)/python -m bot run

.PHONY: test
test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest -q

.PHONY: lint
lint: $(STAMP) ## ruff, mypy, the import rules (lint-imports) and no user-facing text in code
	$(BIN)/ruff check bot tests benchmarks scripts
	$(BIN)/ruff format --check bot tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_strings.py

.PHONY: reformat
reformat: $(STAMP) ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix bot tests benchmarks scripts
	$(BIN)/ruff format bot tests benchmarks scripts

.PHONY: bench
bench: $(STAMP) ## Run every benchmark (reads ../shared/eval) and print the tables
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

.PHONY: clean
clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
