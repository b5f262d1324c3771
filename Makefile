# chainrule: `make serve` and `make test` set up everything they need, then run.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve test lint test-py test-js test-e2e bench setup browser clean

## Environment ---------------------------------------------------------------

# The venv is rebuilt whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml frontend/vendor/.copied
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

# JS packages come from npm with the lock file; the files the page loads are copied to vendor/.
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend/vendor/.copied: frontend/node_modules/.installed frontend/scripts/vendor.mjs
	cd frontend && node scripts/vendor.mjs
	touch $@

# The graph view bundled with its libraries for the notebook widget and the one-file HTML page.
frontend/vendor/.bundled: frontend/vendor/.copied frontend/scripts/bundle.mjs frontend/*.css $(shell find frontend/js -name '*.js')
	cd frontend && node scripts/bundle.mjs
	touch $@

setup: $(VENV)/.installed frontend/vendor/.copied frontend/vendor/.bundled

# Browser tests drive Debian's Chromium (Playwright's own download cannot run here).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

## Front door ----------------------------------------------------------------

serve: setup
	$(VENV)/bin/chainrule serve --host $(HOST) --port $(PORT)

test: setup browser lint test-js test-py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check server tests bench
	$(VENV)/bin/ruff format --check server tests bench

test-js: frontend/vendor/.bundled
	node --test tests/frontend/

test-py: setup browser
	$(PY) -m pytest

bench: setup browser
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) frontend/node_modules frontend/vendor
