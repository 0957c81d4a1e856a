# Tribune: `make run` serves the site with demo content; `make test` runs the test suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint format install install-dev clean bench bench-wordpress
WORDPRESS_PORT ?= 8090

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_local_admin

test: install-dev
	$(VENV)/bin/pytest

# Benchmark on PostgreSQL (BENCH_DATABASE_URL) with gunicorn, nginx and wrk: bench/RESULTS.md.
bench: install-dev
	$(PY) bench/run.py

# The same, with WordPress's comment POST timed beside Tribune's: installs or restarts Debian's
# WordPress on 127.0.0.1:$(WORDPRESS_PORT) (as root; see bench/wordpress/setup.sh). CI runs only `bench`.
bench-wordpress:
	set -e; wordpress_vars=$$(bash bench/wordpress/setup.sh $(WORDPRESS_PORT)); \
	export $$wordpress_vars; $(MAKE) bench

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Tribune needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) db.sqlite3 static_collected
