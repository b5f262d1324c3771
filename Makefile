# chainrule: `make serve` and `make test` set up everything they need, then run. `make help` lists targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet
HOST ?= 127.0.0.1
PORT ?= 8000
ESLINT := frontend/node_modules/.bin/eslint

# Stamps: each install step reruns when what it installs from changes.
NODE_MODULES := frontend/node_modules/.installed
VENDOR := frontend/vendor/d3.min.js
BUNDLE := frontend/vendor/chainrule-widget.js
SERVE_DEPS := $(VENV)/.installed-serve
TEST_DEPS := $(VENV)/.installed-test
BENCH_DEPS := $(VENV)/.installed-bench

.PHONY: help serve test lint lint-py lint-js test-py test-js test-e2e bench setup browser clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

## Environment ---------------------------------------------------------------

# JS packages come from npm with the lock file; the files the page loads are copied to vendor/
# (the copy of d3 stands for all of them: the script rewrites vendor/ as a whole).
$(NODE_MODULES): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR): $(NODE_MODULES) frontend/scripts/vendor.mjs
	cd frontend && node scripts/vendor.mjs
	touch $@

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

# Serving: the package and its runtime dependencies only.
$(SERVE_DEPS): pyproject.toml $(VENDOR) | $(PY)
	$(PIP) -e .
	touch $@

# Testing adds the test extra (steps that must precede it go before its line, one line each).
$(TEST_DEPS): $(SERVE_DEPS)
	# torch pinned first: these machines hold its 2.13.0 CPU build on disk, and the [torch]
	# extra's torch>=2.1 is then met. A bare torch would resolve to a multi-GB CUDA build.
	$(PIP) torch==2.13.0
	$(PIP) -e '.[test,micrograd,torch]'
	touch $@

$(BENCH_DEPS): $(SERVE_DEPS)
	$(PIP) -e '.[bench]'
	touch $@

# The graph view bundled with d3, ELK and KaTeX for the notebook widget and the one-file HTML
# page (vendor/chainrule-widget.js stands for both bundles; vendor.mjs empties vendor/ first).
$(BUNDLE): $(VENDOR) frontend/scripts/bundle.mjs frontend/*.css $(shell find frontend/js -name '*.js')
	cd frontend && node scripts/bundle.mjs
	touch $@

setup: $(TEST_DEPS) $(VENDOR) $(BUNDLE) ## create .venv with the test tools, node_modules and vendor/

# Browser tests drive Debian's Chromium (Playwright's own download cannot run here).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

## Front door ----------------------------------------------------------------

serve: $(SERVE_DEPS) $(BUNDLE) ## install the package (runtime deps only) and serve the app (HOST=, PORT=)
	$(VENV)/bin/chainrule serve --host $(HOST) --port $(PORT)

test: setup browser lint test-js test-py ## lint, then every test (unit, API, browser)

lint: lint-py lint-js ## ruff check, ruff format --check, mypy, ESLint, prettier --check

lint-py: $(TEST_DEPS)
	$(VENV)/bin/ruff check server tests bench hatch_build.py
	$(VENV)/bin/ruff format --check server tests bench hatch_build.py
	$(VENV)/bin/mypy

lint-js: $(NODE_MODULES)
	$(ESLINT) -c frontend/eslint.config.js frontend tests/frontend
	cd frontend && npm run --silent format:check

test-js: $(BUNDLE) ## the frontend's node:test unit tests
	node --test tests/frontend/

test-py: setup browser ## pytest: engine, API, CLI, packaging, browser
	$(PY) -m pytest

bench: $(BENCH_DEPS) $(TEST_DEPS) browser ## the benchmarks under bench/
	$(PY) bench/run.py

clean: ## remove .venv, node_modules and vendor/
	rm -rf $(VENV) frontend/node_modules frontend/vendor
