# Two commands on a fresh machine: `make run` serves the app on a demo warehouse it builds
# itself; `make test` sets everything up and runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test lint unit e2e demo bench cluster chromium nginx clean

run: $(RUNTIME_STAMP)
	$(BIN)/python -m rrm_dash serve

demo: $(RUNTIME_STAMP)
	$(BIN)/python -m rrm_dash demo

# Several app processes behind nginx with sticky sessions, on 127.0.0.1 (docs/deployment.md).
cluster: $(RUNTIME_STAMP) nginx
	$(BIN)/python -m rrm_dash demo --if-missing
	$(BIN)/python -m rrm_dash cluster

test: $(DEV_STAMP) chromium nginx lint
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: $(DEV_STAMP)
	$(BIN)/python -m pytest tests/unit

# Measures every page at 100k and 1M incidents, the naive baseline, concurrent sessions and
# the bulk import; writes artifacts/bench/results.json and the tables in docs/benchmarks.md.
# Not part of `make test`: nothing there asserts a time.
bench: $(DEV_STAMP)
	$(BIN)/python -m rrm_dash bench

e2e: $(DEV_STAMP) chromium nginx
	$(BIN)/python -m pytest tests/e2e

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(RUNTIME_STAMP) $@

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests ..."; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The cluster test and `python -m rrm_dash cluster` put Debian's nginx in front of the app.
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
		echo "Installing Debian's nginx for the cluster test ..."; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx >/dev/null; }

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache artifacts
