# Lectio. `make help` lists the targets.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist; each has its own test database). 0 runs in one process.
PYTEST_WORKERS ?= 2
# The fallback site address (config/site_url.py) follows the port served on.
export PORT

.PHONY: help install run serve test lint fmt migrations-check demo ingest bench bench-ocr check-deploy screenshots js-test-deps clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip
	$(BIN)/pip install -qq -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP) ## create .venv with the pinned dependencies

run: install ## migrate SQLite, ingest the texts, create demo accounts, serve on 127.0.0.1:8000 with a job worker
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) ingest
	$(MANAGE) demo
	@echo "Lectio is at http://$(HOST):$(PORT)/"
	@# The job worker (uploaded texts) runs beside the server and stops when it does.
	$(MANAGE) db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver $(HOST):$(PORT)

serve: install ## production-like: gunicorn + whitenoise, compressed manifest static files
	DEBUG=false SECRET_KEY=$${SECRET_KEY:-local-serve-$$(hostname)-not-for-internet-use-0123456789} \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-false} \
	CSRF_COOKIE_SECURE=$${CSRF_COOKIE_SECURE:-false} \
	sh -c '$(MANAGE) collectstatic --noinput -v0 && $(MANAGE) migrate --noinput -v0 && $(MANAGE) createcachetable && \
	  $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -'

tests/js/node_modules: tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund
	@touch $@

# pytest exits 5 when it collected no tests: a broken checkout or filter, never a pass.
test: install tests/js/node_modules ## the whole suite, browser tests included, on two processes
	$(MANAGE) collectstatic --noinput -v0
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests"; fi; exit $$status

lint: install ## ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install ## format with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install ## fail when models changed without a migration
	$(MANAGE) makemigrations --check --dry-run

demo: install ## demo accounts (and demo content)
	$(MANAGE) demo

ingest: install ## ingest the texts of fixtures/texts/manifest.json
	$(MANAGE) ingest

check-deploy: install ## Django's deployment checks with production settings
	DEBUG=false SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9) \
	ALLOWED_HOSTS=lectio.example.org $(MANAGE) check --deploy --fail-level WARNING

bench: install ## benchmarks: ingest time and memory, page throughput vs a static file, search
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/bench_search.py

bench-ocr: install ## OCR quality through the Markdown export against the dev gold set
	$(BIN)/python bench/bench_ocr.py

js-test-deps: ## the browser tests' npm packages (axe-core) into tests/js/node_modules
	test -d tests/js/node_modules/axe-core || npm install --prefix tests/js --no-audit --no-fund

screenshots: install js-test-deps ## every page type at 1366 and 390 px into screenshots/ (not committed)
	$(BIN)/python tests/browser/screenshots.py

clean: ## remove the venv, database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles
