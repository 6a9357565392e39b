# The city-diplomacy compendium. `make` rebuilds everything; `make test` checks everything.
# Needs GNU make >= 4.3 (grouped targets) and Python >= 3.11. `make help` lists the targets.

ifeq ($(filter grouped-target,$(.FEATURES)),)
$(error GNU make 4.3 or newer is needed (this is $(MAKE_VERSION)); on macOS: brew install make, then run gmake)
endif

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules
# Independent notebooks run side by side, one job per CPU; `make -j1` (or JOBS=1) runs one at a time.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --jobs=$(JOBS)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SETUP := $(VENV)/.setup-done
RUN := $(PY) -m citydip.tooling.runner

# What each notebook reads and writes is declared once, in src/citydip/stages.py, which writes the
# rules of the chain into build/stages.mk (standard library only: it runs before .venv exists).
# Each rule depends on the modules its notebook imports, directly or not, and on nothing else of src/.
PACKAGE := $(wildcard src/citydip/*.py src/citydip/*/*.py src/citydip/*/*/*.py src/citydip/*/*.csv src/citydip/*/*.json)
STAGES_MK := build/stages.mk
STATIC := reports/figures/.static-done
KIT := reports/kit/index.html
DATAPACKAGE := data/processed/datapackage.json
SITE_CONF := $(wildcard site/*.py site/_static/*)

# The rules are written again whenever the declaration, a module, a notebook, a manifest or the
# comparisons' parameter files change; included here, before any rule uses its lists.
$(STAGES_MK): src/citydip/stages.py $(PACKAGE) $(wildcard notebooks/*.ipynb) data/raw/sources.csv \
    data/raw/tables/tables.csv notebooks/params/compare
	@PYTHONPATH=src $(PYTHON) -m citydip.stages $@

include $(STAGES_MK)

.DEFAULT_GOAL := all

## all      : set up .venv if needed, then run the whole chain of notebooks (default)
.PHONY: all
all: $(EXECUTED) $(DATAPACKAGE) $(STATIC) reports/site/index.html $(KIT)

## chain    : only the notebooks (what nbval checks), without the static images and the site
.PHONY: chain
chain: $(EXECUTED)

# --- set-up -----------------------------------------------------------------------------------
# .venv is made from the exact pins of requirements.lock, with uv (itself pinned in the lock)
# or, if uv cannot be installed, with plain pip. Their bytecode is compiled once here: where
# PYTHONDONTWRITEBYTECODE is set (as on some CI machines), every process would otherwise compile
# pandas, plotly and Jupyter from source at each start (pandas: 1.5 s instead of 0.4 s).
$(SETUP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python 3.11 or newer is needed; found $$($(PYTHON) --version 2>&1) (set PYTHON=...)"; exit 1; }
	@echo "setting up $(VENV) from requirements.lock"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if $(PY) -m pip install --quiet --disable-pip-version-check "$$(grep -m1 '^uv==' requirements.lock | cut -d' ' -f1)"; then \
	  $(VENV)/bin/uv pip sync --quiet --compile-bytecode --python $(PY) requirements.lock && \
	  $(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e . ; \
	else \
	  echo "uv unavailable: installing with pip (slower)"; \
	  $(PY) -m pip install --quiet --disable-pip-version-check --compile -r requirements.lock && \
	  $(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e . ; \
	fi
	@touch $@

## setup    : create or update .venv from requirements.lock (every other target does this first)
.PHONY: setup
setup: $(SETUP)

# --- the chain ----------------------------------------------------------------------------------
# Each notebook is executed by papermill into reports/notebooks/; its declared outputs form one
# grouped target, so make knows that one run writes them all. Outputs whose content is unchanged
# keep their old time stamp inside the run, so they are touched afterwards. The rules are in
# $(STAGES_MK); it is written again whenever the declaration, a module, a notebook, a manifest
# or the comparisons' parameter files change.

# An input of the build that is missing (deleted or renamed) stops make with one line naming it,
# instead of make's "No rule to make target" (an existing input matches no rule: it is up to date).
data/raw/%:
	@echo "error: $@ is missing: the build reads it (restore it, e.g. git checkout -- $@, or remove it from its manifest)" >&2
	@exit 1

# The data package describes every table the chain writes: it is written after the whole chain.
# A failed run leaves the previous one as it was (written whole or not at all; never deleted by make).
.PRECIOUS: $(DATAPACKAGE)
$(DATAPACKAGE): $(filter data/processed/%.csv,$(STAGE_OUT)) data/raw/sources.csv data/raw/tables/tables.csv \
    data/raw/reference/manifest.csv $(PACKAGE_MODULES) $(SETUP)
	@$(PY) -m citydip.package
	@touch $@

## audit    : print the audit's summary and every discrepancy; fails on one not in data/raw/findings.csv
.PHONY: audit
audit: $(SETUP) data/processed/figures.csv $(TABLES_OUT)
	@$(PY) -m citydip.audit

# The default comparisons (04_compare.ipynb with the city_a, city_b of a parameter file) are rules of
# $(STAGES_MK); each also writes its charts. Adding notebooks/params/compare/<a>__<b>.yaml adds one.

## compare  : compare two cities: make compare A="Buenos Aires" B="Tokyo" (any case, spacing, accents)
# A and B reach Python through the environment, unexpanded ($(value ...)): no shell ever reads them.
# make exports command-line variables to every recipe, expanding them on the way: never A and B.
unexport A B
.PHONY: compare
compare: export CITYDIP_CITY_A = $(value A)
compare: export CITYDIP_CITY_B = $(value B)
compare: $(SETUP) $(COMPARE_PROCESSED)
	@$(PY) -m citydip.compare --from-env

# PNG and SVG copies of the charts need a Chromium-family browser (Debian: apt-get install chromium).
# Without one, this prints one line and the stamp says "skipped"; once a browser is found (the same
# search as citydip.tooling.static: $$BROWSER_PATH, else the first on PATH) a skipped export runs again.
BROWSER_FOUND := $(if $(BROWSER_PATH),$(wildcard $(BROWSER_PATH)),$(firstword \
                   $(shell command -v chromium chromium-browser google-chrome google-chrome-stable chrome 2>/dev/null)))
STATIC_SKIPPED := $(filter skipped,$(if $(wildcard $(STATIC)),$(file <$(STATIC))))
$(STATIC): $(CHARTS_OUT) $(AUDIT_OUT) $(COMPARE_NB) reports/notebooks/06_networks.ipynb $(STATIC_MODULES) $(if $(and $(BROWSER_FOUND),$(STATIC_SKIPPED)),FORCE)
	@$(PY) -m citydip.tooling.static reports/figures --stamp $@

.PHONY: FORCE
FORCE:

SITE_IN := $(EXECUTED) $(DATAPACKAGE) $(INGEST_OUT) $(TABLES_OUT) $(CHARTS_OUT) $(NETWORKS_OUT) $(AUDIT_OUT) $(COMPARE_OUT) $(SITE_RAW)

## book     : the seminar site reports/site/index.html (offline HTML book; never executes a notebook)
.PHONY: book
book: reports/site/index.html

# PNG/SVG are linked where they exist: the site is rebuilt after each static export.
reports/site/index.html: $(SITE_IN) $(STATIC) $(SITE_CONF) $(SITE_MODULES) $(SETUP)
	@$(PY) -m citydip.site --out reports/site

## kit      : the seminar kit reports/kit/index.html: reveal.js decks, A4 handouts (PDF), exercises with solutions
# Made from the same files as the site (never from the site itself); it links to the site's Sources
# appendix. The handouts are printed by Chromium: without one they are skipped (one line), and the kit is
# made again once the static export finds a browser (it depends on $(STATIC)).
.PHONY: kit
kit: $(KIT)

$(KIT): $(filter-out $(EXECUTED),$(SITE_IN)) $(STATIC) $(KIT_MODULES) $(SETUP)
	@$(PY) -m citydip.kit --out reports/kit

# --- checks -------------------------------------------------------------------------------------
## test     : run every test: lint, audit, unit and data tests, nbval, site in a browser, rebuilds
.PHONY: test
test: $(SETUP)
	@$(PY) -m ruff check src tests notebooks site
	@$(PY) -m ruff format --check src tests site
	@$(PY) -m citydip.audit
	@$(PY) -m pytest -n auto --dist loadfile tests $(EXECUTED) --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg

## bench    : time a clean build against its floor, a no-op make, a one-comparison rebuild, make test
.PHONY: bench
bench: $(SETUP)
	@$(PY) -m citydip.bench

## fuzz     : try 53 kinds of bad input on a scratch copy, and a kill -9 (about 10 minutes; build/fuzz/results.md)
.PHONY: fuzz
fuzz: $(SETUP)
	@$(PY) -m citydip.tooling.fuzz

## bench-scale: time each step with the corpus copied 1, 3 and 10 times (how each stage's cost grows)
.PHONY: bench-scale
bench-scale: $(SETUP)
	@$(PY) -m citydip.bench --scale 1 3 10

## lab      : open JupyterLab on the notebooks
.PHONY: lab
lab: $(SETUP)
	$(VENV)/bin/jupyter lab notebooks/

## lock     : re-resolve requirements.in into requirements.lock and environment.yml (needs network)
.PHONY: lock
lock: $(SETUP)
	$(VENV)/bin/uv pip compile requirements.in --universal --python-version 3.11 --no-header \
	  --custom-compile-command "make lock" --quiet -o requirements.lock
	$(PY) -m citydip.tooling.envfile requirements.lock > environment.yml

## clean    : remove generated files (data/processed, reports/); never data/raw
.PHONY: clean
clean:
	rm -rf $(STAGE_OUT) $(DATAPACKAGE) data/processed/tables $(EXECUTED) \
	  reports/notebooks/compare reports/figures reports/site reports/kit build/site-src \
	  data/processed/.*.tmp reports/notebooks/.*.tmp reports/.*.tmp

## help     : list the targets
.PHONY: help
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)
