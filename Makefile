# kinbase entry points. Every target sets itself up on a fresh machine (make setup is idempotent).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export UV_CACHE_DIR ?= $(CURDIR)/.cache/uv
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup generate check-generated lint format typecheck docs check test test-unit test-integration test-postgresql coverage-report dist demo servers bench clean

setup:
	@./scripts/setup.sh

generate: setup
	$(PY) scripts/generate.py generate

check-generated: setup
	$(PY) scripts/generate.py check

lint: setup
	$(VENV)/bin/ruff check overlays scripts tests bench examples
	$(VENV)/bin/ruff format --check overlays scripts tests bench examples

format: setup
	$(VENV)/bin/ruff check --fix overlays scripts tests bench examples
	$(VENV)/bin/ruff format overlays scripts tests bench examples

typecheck: setup
	$(VENV)/bin/mypy

# The docs site (mkdocs.yml, docs/) into site/, strict: any warning fails the build. Offline.
docs: setup
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

# Test lanes. The unit lane starts no server and needs no network (tests/unit, in parallel
# with pytest-xdist); `make check` is the pre-push lane (lint, types, unit). HTTPX=<version>
# runs the unit lane against another httpx (CI's matrix; the next `make setup` restores
# the locked one).
test-unit: setup
	@if [ -n "$(HTTPX)" ]; then .tools/bin/uv pip install -q --python $(PY) "httpx==$(HTTPX)"; fi
	$(PY) -m pytest tests/unit -q -n auto

check: lint typecheck test-unit

# Coverage (branches) of the kinbase package over the whole suite: both runs of `make test`
# add to one data file, and the report is printed at the end.
COVERAGE := --cov=kinbase --cov-branch --cov-report=
test-integration: setup
	$(PY) -m pytest $(COVERAGE)

test-postgresql: setup
	$(PY) -m pytest -m kinto --kinto-backend=postgresql $(COVERAGE) --cov-append

coverage-report: setup
	$(PY) -m coverage report

# Everything, one command: drift check, lint, types, docs, the whole suite on the memory
# backend, every Kinto test again on PostgreSQL, then the coverage figure.
test: check-generated lint typecheck docs
	$(MAKE) --no-print-directory test-integration
	$(MAKE) --no-print-directory test-postgresql
	$(MAKE) --no-print-directory coverage-report

# Reproducible: file times in the wheel and sdist come from the last commit (SOURCE_DATE_EPOCH),
# so the same commit always builds byte-identical files (tests/test_release.py checks it).
dist: setup
	rm -rf dist
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || echo 315532800)} \
	  .tools/bin/uv build --out-dir dist
	$(VENV)/bin/twine check --strict dist/*

demo: setup
	$(PY) scripts/demo.py

# GoTrue (the real one when built, else the double) and a Kinto that trusts it, until Ctrl-C;
# their settings are written to .cache/servers/ (docs/auth.md, "Running GoTrue and Kinto").
servers: setup
	$(PY) scripts/servers.py

# kinbase vs kinto-http.py vs raw httpx against real local servers (Kinto memory + PostgreSQL,
# the auth test server): bench/results/latest.{json,md,png}. ~10 minutes on 2 cores. Not a
# test; `make test` runs its smoke mode (tests/test_bench_smoke.py). Profiles of the kinbase
# hot paths: $(PY) -m bench.profile
bench: setup
	$(PY) -m bench.run
	$(PY) -m bench.web

clean:
	rm -rf dist build .cache site .mypy_cache .ruff_cache
