# Tally — the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
export TALLY_DEVELOPMENT ?= 1
# pytest-xdist: one worker per core.
PYTEST_ARGS ?= -n auto

.PHONY: run dev test lint format messages test-postgres bench bench-city bench-tools worker clean-venv check-deploy

# Debian's python3 lacks ensurepip unless python3-venv is installed: then the environment
# is made without pip and tools/bootstrap_pip.py fetches pip from the package index.
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV) && \
	  $(PYTHON) -m venv --without-pip $(VENV) && $(VENV)/bin/python tools/bootstrap_pip.py; }

$(STAMP): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP) $@

## run: install, migrate the SQLite database under var/, load the demo zone once, serve
## with debug off (gunicorn, static files through WhiteNoise, the site's own error pages).
run: $(STAMP)
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo --if-empty
	TALLY_DEBUG=0 $(PY) manage.py serve --host $(HOST) --port $(PORT)

## dev: the same with Django's debug pages and development server (never for real data).
dev: $(STAMP)
	TALLY_DEBUG=1 $(PY) manage.py migrate --noinput -v0
	TALLY_DEBUG=1 $(PY) manage.py seed_demo --if-empty
	TALLY_DEBUG=1 $(PY) manage.py serve --host $(HOST) --port $(PORT)

## test: ruff (lint and format check) and the whole pytest suite.
test: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest -q $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: extract strings into locale/zh_Hans (needs GNU gettext) and compile them.
messages: $(DEV_STAMP)
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tally/static/vendor/*' --ignore 'bench/*' --ignore 'tools/*'
	$(PY) manage.py makemessages -d djangojs -l zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tally/static/vendor/*' --ignore 'bench/*' --ignore 'tools/*'
	$(PY) manage.py compilemessages -l zh_Hans --ignore ".venv/*"

## test-postgres: the same suite against PostgreSQL (DATABASE_URL must point at a server).
test-postgres: $(DEV_STAMP)
	@test -n "$$DATABASE_URL" || (echo "DATABASE_URL is not set (see docs/operations.md)"; exit 2)
	$(VENV)/bin/pytest -q $(PYTEST_ARGS)

## worker: run background tasks (imports, reports) in this terminal.
worker: $(STAMP)
	$(PY) manage.py db_worker

BENCH_STAMP := $(VENV)/.installed-bench
# The benchmarks' own requirements: the peers they are measured against
# (django-import-export with tablib's xlsx support).
$(BENCH_STAMP): bench/requirements.txt $(DEV_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	touch $@

# The throughput benchmark's load generator: Debian's wrk when it can be installed, else
# the benchmark's own httpx loop.
bench-tools:
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  apt-get install -y -qq wrk >/dev/null; } || \
	  echo "wrk is not installed: the throughput benchmark uses its httpx loop"

## bench: every benchmark of bench/ at zone scale, SQLite, in under 10 minutes (see
## bench/README.md); BENCH_ARGS="--postgres postgresql://…" measures the metrics there too.
bench: $(BENCH_STAMP) bench-tools
	$(PY) bench/run_all.py $(BENCH_ARGS)

## bench-city: the same at city scale (generating the city takes minutes; BENCH_ARGS=
## "--city-db sqlite:///…" reuses one).
bench-city: $(BENCH_STAMP) bench-tools
	$(PY) bench/run_all.py --scale city $(BENCH_ARGS)

check-deploy: $(STAMP)
	TALLY_DEVELOPMENT=0 TALLY_DEBUG=0 TALLY_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  TALLY_DATA_KEY=$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  TALLY_ALLOWED_HOSTS=tally.example.org $(PY) manage.py check --deploy --fail-level WARNING

clean-venv:
	rm -rf $(VENV)
