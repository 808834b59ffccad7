# ConflictMap: `make run` sets everything up and serves the map; `make test` sets up and runs the suite.
SHELL := /bin/bash
PY := .venv/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
STAMPS := var/stamps
DEMO := events/demo

BACKUP ?= var/backups/conflictmap-$(shell date +%Y%m%d-%H%M%S).dump

.PHONY: run dev setup test install db-start db-stop data lint bench clean-db backup restore broker worker

# Production server: gunicorn (conflictmap/gunicorn.conf.py), static files by whitenoise.
run: setup
	@echo "ConflictMap on http://127.0.0.1:$(PORT)/"
	PORT=$(PORT) exec .venv/bin/gunicorn conflictmap.wsgi --config conflictmap/gunicorn.conf.py

# Development server for developers: reloads on code changes.
dev: setup
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# A Redis broker for Celery on 127.0.0.1:6379 (only when asked), and a worker using it:
#   make broker; CELERY_BROKER_URL=redis://127.0.0.1:6379/0 make worker   (and the same variable for ingest)
broker: install
	redis-server --port 6379 --bind 127.0.0.1 --save "" --appendonly no --daemonize yes

worker: setup
	.venv/bin/celery -A conflictmap.celery worker --loglevel INFO

# pg_dump of the whole database (custom format); `make restore BACKUP=file` loads one back.
backup: db-start
	$(MANAGE) db_backup --out $(BACKUP)

restore: db-start
	@test -n "$(BACKUP)" -a -f "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/FILE.dump"; exit 2; }
	$(MANAGE) db_restore $(BACKUP)

setup: install db-start
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) load_gazetteer --no-index
	$(MANAGE) load_boundaries
	$(MANAGE) load_actors
	$(MANAGE) ingest --quiet $(DEMO)

test: setup
	.venv/bin/ruff check .
	.venv/bin/mypy
	.venv/bin/python -m pytest

install: $(STAMPS)/system $(STAMPS)/venv $(STAMPS)/npm

$(STAMPS)/system: conflictmap/setup/system-packages.sh
	@mkdir -p $(STAMPS)
	bash conflictmap/setup/system-packages.sh
	@touch $@

$(STAMPS)/venv: pyproject.toml $(STAMPS)/system
	@mkdir -p $(STAMPS)
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

$(STAMPS)/npm: package.json package-lock.json $(STAMPS)/system
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The private cluster (var/postgres) is used only when DATABASE_URL is not set.
db-start: $(STAMPS)/venv
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m conflictmap.dbctl start; fi

db-stop:
	@test -x $(PY) && $(PY) -m conflictmap.dbctl stop || true

lint:
	.venv/bin/ruff check .

bench: setup
	$(PY) bench/extract.py
	$(PY) bench/api.py
