# The two commands of the README's Quick start are `make run` and `make test`; both set up
# everything they need on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SEED := tests/fixtures/shanhaiguan-commerce-targets.txt

POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/jixiao

.PHONY: install run test test-postgres lint format bench schema rules docs clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

# Sets up SQLite in var/, imports the seed, creates one demo user per role (passwords printed once),
# collects the static files into var/static (served by the application, as in a deployment) and
# serves the application on http://127.0.0.1:8000/.
run: install
	$(BIN)/jixiao demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest -q

# The same suite against PostgreSQL, the production database (pytest-django creates test_jixiao).
test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -q

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
