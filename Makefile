# The two commands of the README's Quick start are `make run` and `make test`; both set up
# everything they need on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SEED := tests/fixtures/shanhaiguan-commerce-targets.txt

.PHONY: install run test lint format bench schema rules docs clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

run: install
	$(BIN)/jixiao parse $(SEED) --format text
	$(BIN)/jixiao review $(SEED)

test: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m jixiao.bench

schema: install
	$(BIN)/jixiao schema > docs/schema.json

rules: install
	$(BIN)/python -m jixiao.review.catalogue > docs/rules.md

docs: schema rules

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
