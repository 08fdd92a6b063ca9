# Accès Santé: everyday commands. Needs only python3 (3.11+) and make; `make help` lists them.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
UV_VERSION := 0.13.9
LOCK := requirements-dev.lock
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments, e.g. make test ARGS="-k seed -x"
ARGS ?=
PRODUCTION := DJANGO_SETTINGS_MODULE=config.settings.production

.PHONY: help venv run serve superuser backup restore test browser-deps server-deps bench lint migrations-check check-deploy smoke observatory \
	clean distclean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# --- virtualenv: the locked dependencies, hash-checked; redone only when the lock changes ---

venv: $(VENV)/.synced ## Create .venv and install requirements-dev.lock into it

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.uv-$(UV_VERSION): | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	touch $@

$(VENV)/.synced: $(LOCK) $(VENV)/.uv-$(UV_VERSION)
	$(UV) pip sync --quiet -p $(PY) --require-hashes $(LOCK)
	touch $@

# --- running ---

run: venv ## Migrate, collect static files, seed, serve on http://127.0.0.1:8000/ (local settings)
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) seed_network
	$(MANAGE) runserver $(HOST):$(PORT)

serve: venv ## gunicorn with production settings (needs the .env.example variables)
	$(PRODUCTION) $(MANAGE) collectstatic --noinput -v0
	$(PRODUCTION) $(VENV)/bin/gunicorn config.wsgi -b $(HOST):$(PORT) -w 2

superuser: venv ## Create an admin account (asks for the password)
	$(MANAGE) createsuperuser

# --- backup and restore ("Backup and restore" in the README) ---

backup: venv ## Back up the database and the private documents into DJANGO_BACKUP_DIR/<date>
	$(MANAGE) backup

# BACKUP=<folder>; CONFIRM=yes to replace a database or a private folder that holds data.
restore: venv ## Restore BACKUP=<folder> (CONFIRM=yes replaces existing data); then ANALYZE, checks
	@if [ -z "$(BACKUP)" ]; then \
	    echo "usage: make restore BACKUP=<backup folder> [CONFIRM=yes]" >&2; exit 2; \
	fi
	$(MANAGE) restore "$(BACKUP)" $(if $(filter yes,$(CONFIRM)),--replace)

# --- checks ---

test: venv browser-deps server-deps ## pytest on PostgreSQL: DATABASE_URL, or a throwaway cluster (ARGS="..." for pytest)
	scripts/test.sh $(ARGS)

# The deployment tests (tests/deploy) start a Redis server of their own: Debian's redis-server.
server-deps: ## redis-server (Debian's package) for the tests that start their own Redis
	@if ! command -v redis-server >/dev/null 2>&1; then \
	    if $(CAN_APT); then \
	        echo "Installing Debian's redis-server for the deployment tests"; \
	        $(APT_GET) install -y -qq redis-server >/dev/null \
	            || { $(APT_GET) update -qq && $(APT_GET) install -y -qq redis-server >/dev/null; }; \
	    else \
	        echo "The deployment tests need redis-server: install Debian's redis-server package" \
	            "(sudo apt-get install redis-server), then run make test again." >&2; \
	        exit 1; \
	    fi; \
	fi

# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright) and run
# axe-core from npm (package.json / package-lock.json; node_modules is not committed).
CHROMIUM := /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js
# The MDN HTTP Observatory's scanner (make observatory, tests/deploy/test_observatory.py).
OBSERVATORY := node_modules/@mdn/mdn-http-observatory/package.json
# Real Arabic-script glyphs in screenshots and printed page counts (Arabic, Dari, Pashto).
NOTO := /usr/share/fonts/truetype/noto
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600
CAN_APT = [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1

browser-deps: ## Chromium and Noto fonts (Debian's packages) and axe-core (npm ci) for the browser tests
	@if [ ! -d $(NOTO) ]; then \
	    if $(CAN_APT); then \
	        echo "Installing Debian's fonts-noto-core (Arabic script for Arabic, Dari and Pashto)"; \
	        $(APT_GET) install -y -qq fonts-noto-core >/dev/null \
	            || { $(APT_GET) update -qq && $(APT_GET) install -y -qq fonts-noto-core >/dev/null; }; \
	    else \
	        echo "The browser tests need Debian's fonts-noto-core (sudo apt-get install" \
	            "fonts-noto-core) for Arabic-script pages, then run make test again." >&2; \
	        exit 1; \
	    fi; \
	fi
	@if [ ! -x $(CHROMIUM) ]; then \
	    if $(CAN_APT); then \
	        echo "Installing Debian's chromium for the browser tests"; \
	        $(APT_GET) install -y -qq chromium >/dev/null \
	            || { $(APT_GET) update -qq && $(APT_GET) install -y -qq chromium >/dev/null; }; \
	    else \
	        echo "The browser tests need Chromium at $(CHROMIUM): install Debian's chromium package" \
	            "(sudo apt-get install chromium), then run make test again." >&2; \
	        exit 1; \
	    fi; \
	fi
	@if [ ! -f $(AXE) ] || [ ! -f $(OBSERVATORY) ]; then \
	    if ! command -v npm >/dev/null 2>&1; then \
	        if $(CAN_APT); then \
	            echo "Installing Node.js and npm for axe-core"; \
	            $(APT_GET) install -y -qq nodejs npm >/dev/null \
	                || { $(APT_GET) update -qq && $(APT_GET) install -y -qq nodejs npm >/dev/null; }; \
	        else \
	            echo "The accessibility tests need axe-core from npm: install Node.js and npm" \
	                "(sudo apt-get install nodejs npm), then run make test again." >&2; \
	            exit 1; \
	        fi; \
	    fi; \
	    echo "Installing axe-core and the MDN HTTP Observatory's scanner (npm)"; \
	    if [ -f package-lock.json ]; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	    else npm install --ignore-scripts --no-audit --no-fund --loglevel=error; fi; \
	    for f in $(AXE) $(OBSERVATORY); do \
	        [ -f $$f ] || { echo "npm did not install $$f" >&2; exit 1; }; \
	    done; \
	fi

bench: venv ## Build 50,000 places (BENCH_SIZE=quick: 5,000) and measure every public page, cold and warm
	scripts/bench.sh

lint: venv ## ruff check, ruff format --check, djLint (format and lint), template line length
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --check
	$(VENV)/bin/djlint templates --lint
	$(PY) scripts/check_template_lines.py templates

migrations-check: venv ## Fail if a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

check-deploy: venv ## check --deploy on production settings with .env.example values: no warning
	scripts/check-deploy.sh

observatory: venv ## Production settings over TLS on loopback, scored by the MDN HTTP Observatory's scanner
	@if [ ! -f $(OBSERVATORY) ]; then \
	    echo "Installing the MDN HTTP Observatory's scanner (npm ci --ignore-scripts)"; \
	    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	fi
	scripts/observatory.sh

smoke: ## make run twice in a fresh clone of HEAD (SQLite): pages answer, nothing duplicated
	scripts/smoke.sh

# --- cleaning ---

clean: ## Remove collected static files and caches
	rm -rf staticfiles .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

distclean: clean ## Also remove .venv and the local SQLite database
	rm -rf $(VENV) db.sqlite3
