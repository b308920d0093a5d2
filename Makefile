# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test install translations messages browser checkers lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## translations: compile the catalogs in locale/ (the platform loads the .mo files)
translations: install
	$(BIN)/python -m openzone.catalogs compile

## messages: extract every marked string into the catalogs (then translate what is new), and check them
messages: install
	$(BIN)/python -m openzone.catalogs update
	$(BIN)/python -m openzone.catalogs check

## run: create the venv, install, migrate and start on the embedded SQLite default
run: install translations
	$(BIN)/openzone migrate
	$(BIN)/openzone run

## test: import contracts, then every test (SQLite always; PostgreSQL when reachable)
test: install translations browser checkers
	$(BIN)/lint-imports
	NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost $(BIN)/pytest

## browser: Debian's chromium + chromedriver for the web tests (installed when missing)
browser:
	@sh scripts/install-browser.sh

## checkers: axe-core (npm) into .venv/axe and java for the W3C validator (installed when missing)
checkers: install
	@sh scripts/install-checkers.sh $(VENV)

lint: install
	$(BIN)/lint-imports

## bench: every benchmark on SQLite and on PostgreSQL (BENCH_PG; empty: SQLite only), then the targets table
BENCH_PG ?= postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
bench: install translations
	NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost $(BIN)/python bench/summary.py --database-url "$(BENCH_PG)"
	$(BIN)/python bench/media.py

clean:
	rm -rf $(VENV) *.egg-info
