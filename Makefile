# The two commands that matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# uv from PATH, or the copy scripts/setup.sh installs into Python 3.13 when PATH has none.
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo "$$(scripts/python.sh) -m uv") run
# Tests run against real Postgres and Redis (scripts/services.sh starts local ones if needed).
TEST_ENV := DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/participation} \
	REDIS_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
PRODUCTION_ENV := DJANGO_ENV=production ALLOWED_HOSTS=participation.example.gov.uk \
	SECRET_KEY=check-deploy-only-0123456789abcdefghijklmnopqrstuvwxyz0123456789 \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/participation REDIS_URL=redis://127.0.0.1:6379/15

.PHONY: help install run test lint format check messages services test-python test-faults bench

help:
	@echo "make run    the site with demo data at http://127.0.0.1:8000 (web, worker and beat)"
	@echo "make test   lint, checks and the whole test suite against Postgres and Redis"
	@echo "make lint   ruff, bandit (medium severity and up) and the template formatter"
	@echo "make format apply ruff's and djhtml's formatting"
	@echo "make test-faults  only the fault suite (real restarts and kills; run as root)"
	@echo "make bench  the performance benchmark (QUALITY.md's bars; takes several minutes)"

install:
	@scripts/setup.sh

run: install
	$(UV) python manage.py migrate --no-input
	$(UV) python manage.py seed_demo
	@echo "Starting web, worker and beat: open http://127.0.0.1:8000 (Ctrl-C stops all three)."
	$(UV) honcho start

services:
	@scripts/services.sh

# Seeds (or reuses) the benchmark databases, loads the site under gunicorn with wrk, and writes
# bench/results/latest.{json,md}. Not part of `make test` (tests/bench runs a tiny version).
bench: install services
	$(UV) python -m bench.run

lint:
	$(UV) ruff check .
	$(UV) bandit -q -r participation guidance community designlabs bench --severity-level medium
	$(UV) ruff format --check .
	$(UV) djhtml --check $$(find templates -name '*.html')

format:
	$(UV) ruff check --fix .
	$(UV) ruff format .
	$(UV) djhtml $$(find templates -name '*.html') || true

check:
	$(TEST_ENV) $(UV) python manage.py makemigrations --check --dry-run
	$(PRODUCTION_ENV) $(UV) python manage.py check --deploy --fail-level WARNING

messages:
	$(UV) python manage.py makemessages --locale cy --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'locale-vendor/*' --no-obsolete
	$(UV) python manage.py compilemessages --locale cy --ignore '.venv/*' --ignore 'node_modules/*'

test: install services lint check test-python test-faults

test-python:
	$(TEST_ENV) $(UV) pytest

# Fault tests (QUALITY.md F1-F14): a private Postgres cluster, Redis, gunicorn and Celery workers,
# killed and restarted for real. A pytest run of its own: it sets up its database itself. Root is
# needed (Postgres runs as the postgres user; media storage is a tmpfs it remounts).
test-faults: install services
	$(TEST_ENV) $(UV) pytest tests/faults -q
