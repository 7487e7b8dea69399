# Waypost: `make demo` runs it, `make test` tests it; both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The browser tests drive Debian's Chromium, installed with apt when missing (through sudo unless root).
CHROMIUM := /usr/bin/chromium
# Test files run in parallel, one per worker at a time, so each file's server and browser are shared by its tests.
TEST_WORKERS ?= auto
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: build demo test test-fast test-python test-js lint bench clean

build: $(VENV)/.installed sdk_js/dist/waypost.js admin/dist/index.html

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

sdk_js/node_modules/.package-lock.json: sdk_js/package-lock.json
	cd sdk_js && npm ci --no-audit --no-fund

sdk_js/dist/waypost.js: sdk_js/node_modules/.package-lock.json $(shell find sdk_js/src -type f 2>/dev/null) sdk_js/package.json
	cd sdk_js && npm run build

admin/node_modules/.package-lock.json: admin/package-lock.json
	cd admin && npm ci --no-audit --no-fund

admin/dist/index.html: admin/node_modules/.package-lock.json $(shell find admin/src admin/public admin/scripts -type f 2>/dev/null) admin/package.json
	cd admin && npm run build

demo: build
	$(BIN)/waypost serve --demo --host $(HOST) --port $(PORT)

test: build $(CHROMIUM) lint test-js test-python

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

# The developer loop: the server's tests on SQLite, in parallel, without browsers or PostgreSQL.
test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -q tests/server -k "not postgresql"

lint: $(VENV)/.installed sdk_js/node_modules/.package-lock.json admin/node_modules/.package-lock.json
	$(BIN)/ruff check .
	cd sdk_js && npm run lint
	cd admin && npm run lint

test-js:
	cd sdk_js && npm test
	cd admin && npm test

test-python: | $(CHROMIUM)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: build
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) sdk_js/node_modules sdk_js/dist admin/node_modules admin/dist
