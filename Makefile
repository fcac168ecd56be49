# kinbase entry points. Every target sets itself up on a fresh machine (make setup is idempotent).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export UV_CACHE_DIR ?= $(CURDIR)/.cache/uv
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup generate check-generated lint format typecheck docs test test-unit test-postgresql dist demo bench clean

setup:
	@./scripts/setup.sh

generate: setup
	$(PY) scripts/generate.py generate

check-generated: setup
	$(PY) scripts/generate.py check

lint: setup
	$(VENV)/bin/ruff check overlays scripts tests bench
	$(VENV)/bin/ruff format --check overlays scripts tests bench

format: setup
	$(VENV)/bin/ruff check --fix overlays scripts tests
	$(VENV)/bin/ruff format overlays scripts tests

typecheck: setup
	$(VENV)/bin/mypy

# The docs site (mkdocs.yml, docs/) into site/, strict: any warning fails the build. Offline.
docs: setup
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

# The whole suite on the memory backend, then every Kinto test again on PostgreSQL.
test: check-generated lint typecheck docs
	$(PY) -m pytest
	$(PY) -m pytest -m kinto --kinto-backend=postgresql

test-postgresql: setup
	$(PY) -m pytest -m kinto --kinto-backend=postgresql

# Reproducible: file times in the wheel and sdist come from the last commit (SOURCE_DATE_EPOCH),
# so the same commit always builds byte-identical files (tests/test_release.py checks it).
dist: setup
	rm -rf dist
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || echo 315532800)} \
	  .tools/bin/uv build --out-dir dist
	$(VENV)/bin/twine check --strict dist/*

demo: setup
	$(PY) scripts/demo.py

# kinbase vs kinto-http.py vs raw httpx against real local servers (Kinto memory + PostgreSQL,
# the auth test server): bench/results/latest.{json,md,png}. ~10 minutes on 2 cores. Not a
# test; `make test` runs its smoke mode (tests/test_bench_smoke.py). Profiles of the kinbase
# hot paths: $(PY) -m bench.profile
bench: setup
	$(PY) -m bench.run

clean:
	rm -rf dist build .cache site .mypy_cache .ruff_cache
