# The two commands of the README's Quick start are `make run` and `make test`; both set up
# everything they need on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SEED := tests/fixtures/shanhaiguan-commerce-targets.txt

POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/jixiao

.PHONY: install run serve worker backup restore test test-postgres lint format bench bench-growth bench-readers loadtest schema rules docs clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

# Sets up SQLite in var/, imports the seed, creates one demo user per role (passwords printed once),
# collects the static files into var/static (served by the application, as in a deployment) and
# serves the application on http://127.0.0.1:8000/. A local demo: JIXIAO_DEMO lets it run on the
# built-in secret key (a deployment refuses to start without JIXIAO_SECRET_KEY).
run: install
	JIXIAO_DEMO=true $(BIN)/jixiao demo
	JIXIAO_DEMO=true $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	JIXIAO_DEMO=true $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production (README "生产部署 / Production"): the schema brought up to date, tables reviewed
# by an older rule set reviewed again (`jixiao rereview`), the static files collected, then
# gunicorn on 127.0.0.1:8000 behind the HTTPS proxy (deploy/gunicorn.conf.py).
# Needs JIXIAO_SECRET_KEY (and DATABASE_URL, JIXIAO_ALLOWED_HOSTS, JIXIAO_SECURE=true) set.
serve: install
	mkdir -p "$${JIXIAO_DATA_DIR:-var}"
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/jixiao rereview
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn --config deploy/gunicorn.conf.py

# The job worker beside `make serve` (re-reviews, batch imports): needs REDIS_URL; without it jobs
# run in the process that starts them and no worker is needed.
worker: install
	$(BIN)/python -m jixiao.jobs.worker

# A backup of the database into backups/ in the data directory (timestamped), and restoring one:
# make restore BACKUP=var/backups/jixiao-20240301-093000.sqlite3 (stop the service first). The
# built-in key is enough for these (they sign nothing); a deployment's own is used when set.
backup: install
	JIXIAO_DEMO=true $(BIN)/jixiao backup
restore: install
	@test -n "$(BACKUP)" || { echo "用法：make restore BACKUP=备份文件"; exit 2; }
	JIXIAO_DEMO=true $(BIN)/jixiao restore "$(BACKUP)" --yes

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

# gunicorn on PostgreSQL under load (a throwaway database: LOADTEST_DATABASE_URL, default
# jixiao_loadtest on the local server; emptied first). Prints each page's req/s and latency
# beside a one-query view; see jixiao/loadtest.py.
loadtest: install
	$(BIN)/python -m jixiao.loadtest

# How costs grow with the document: 1k/5k/10k/20k tables (SQLite, or DATABASE_URL).
bench-growth: install
	$(BIN)/python -m jixiao.bench_growth

bench-readers: install
	$(BIN)/python -m jixiao.bench_readers

schema: install
	$(BIN)/jixiao schema > docs/schema.json

rules: install
	$(BIN)/python -m jixiao.review.catalogue > docs/rules.md

docs: schema rules

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
