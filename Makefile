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

PACKAGE := $(wildcard src/citydip/*.py src/citydip/*/*.py src/citydip/*/*.csv)
RAW := data/raw/sources.csv data/raw/figures.csv data/raw/exclusions.csv $(wildcard data/raw/documents/*)
INGEST_OUT := data/processed/figures.csv data/processed/coverage.csv data/processed/coverage_summary.csv \
              data/processed/datapackage.json
TABLES_RAW := data/raw/tables/tables.csv $(wildcard data/raw/tables/ledna_*.csv) data/raw/cases.csv
BASES := data/raw/case_bases.csv
DOCUMENTS := data/raw/sources.csv $(wildcard data/raw/documents/*)
TABLES_OUT := $(addprefix data/processed/tables/,$(notdir $(wildcard data/raw/tables/ledna_*.csv)) \
              comparison.csv derived_checks.csv six_cities.csv policy_claims.csv)
CHARTS_OUT := reports/figures/captions.csv reports/figures/plotly.min.js
STATIC := reports/figures/.static-done
RELATIONS_RAW := $(wildcard data/raw/relations/*.csv)
RELATIONS_OUT := $(addprefix data/processed/,networks.csv memberships.csv pairs.csv references.csv works.csv \
                 references.bib) reports/figures/captions_networks.csv
SITE_CONF := $(wildcard site/*.py site/_static/*)
AUDIT_RAW := data/raw/audit_relations.csv data/raw/findings.csv
# The comparisons make builds: one parameter file each (city_a, city_b) in notebooks/params/compare/.
COMPARE_PARAMS := $(sort $(wildcard notebooks/params/compare/*.yaml))
COMPARE_PAIRS := $(basename $(notdir $(COMPARE_PARAMS)))
COMPARE_NB := $(COMPARE_PAIRS:%=reports/notebooks/compare/%.ipynb)
# In dependency order, longest path first: with -j, make starts what is listed first, and the
# networks notebook gates the four comparisons (a clean chain: 17.3 s -> 16.0 s here).
EXECUTED := reports/notebooks/01_ingest.ipynb reports/notebooks/06_networks.ipynb reports/notebooks/02_tables.ipynb \
            reports/notebooks/03_charts.ipynb reports/notebooks/05_audit.ipynb $(COMPARE_NB)

.DEFAULT_GOAL := all

## all      : set up .venv if needed, then run the whole chain of notebooks (default)
.PHONY: all
all: $(EXECUTED) $(STATIC) reports/site/index.html

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
# keep their old time stamp inside the run, so they are touched afterwards.
reports/notebooks/01_ingest.ipynb $(INGEST_OUT) &: notebooks/01_ingest.ipynb $(RAW) $(PACKAGE) $(SETUP)
	@$(RUN) notebooks/01_ingest.ipynb reports/notebooks/01_ingest.ipynb
	@touch $(INGEST_OUT)

reports/notebooks/02_tables.ipynb $(TABLES_OUT) &: notebooks/02_tables.ipynb data/processed/figures.csv \
    $(TABLES_RAW) $(BASES) $(DOCUMENTS) $(PACKAGE) $(SETUP)
	@$(RUN) notebooks/02_tables.ipynb reports/notebooks/02_tables.ipynb
	@touch $(TABLES_OUT)

reports/notebooks/03_charts.ipynb $(CHARTS_OUT) &: notebooks/03_charts.ipynb data/processed/figures.csv \
    $(TABLES_RAW) $(BASES) $(DOCUMENTS) $(PACKAGE) $(SETUP)
	@$(RUN) notebooks/03_charts.ipynb reports/notebooks/03_charts.ipynb
	@touch $(CHARTS_OUT)

reports/notebooks/05_audit.ipynb data/processed/audit.csv &: notebooks/05_audit.ipynb data/processed/figures.csv \
    $(AUDIT_RAW) $(TABLES_RAW) $(DOCUMENTS) $(PACKAGE) $(SETUP)
	@$(RUN) notebooks/05_audit.ipynb reports/notebooks/05_audit.ipynb
	@touch data/processed/audit.csv

reports/notebooks/06_networks.ipynb $(RELATIONS_OUT) &: notebooks/06_networks.ipynb data/processed/figures.csv \
    $(RELATIONS_RAW) data/raw/figures.csv data/raw/cases.csv $(DOCUMENTS) $(PACKAGE) $(SETUP)
	@$(RUN) notebooks/06_networks.ipynb reports/notebooks/06_networks.ipynb
	@touch $(RELATIONS_OUT)

## audit    : print the audit's summary and every discrepancy; fails on one not in data/raw/findings.csv
.PHONY: audit
audit: $(SETUP) data/processed/figures.csv
	@$(PY) -m citydip.audit

# The default comparisons (04_compare.ipynb with the city_a, city_b of a parameter file); each also
# writes its charts. Adding notebooks/params/compare/<a>__<b>.yaml adds a comparison to make.
reports/notebooks/compare/%.ipynb reports/figures/compare_%_measures.html &: notebooks/params/compare/%.yaml \
    notebooks/04_compare.ipynb data/processed/figures.csv data/processed/memberships.csv data/processed/pairs.csv \
    $(TABLES_RAW) $(BASES) data/raw/case_points.csv $(DOCUMENTS) $(PACKAGE) $(SETUP)
	@$(PY) -m citydip.compare --params notebooks/params/compare/$*.yaml
	@touch reports/notebooks/compare/$*.ipynb reports/figures/compare_$*_measures.html

## compare  : compare two cities: make compare A="Buenos Aires" B="Tokyo" (any case, spacing, accents)
# A and B reach Python through the environment, unexpanded ($(value ...)): no shell ever reads them.
# make exports command-line variables to every recipe, expanding them on the way: never A and B.
unexport A B
.PHONY: compare
compare: export CITYDIP_CITY_A = $(value A)
compare: export CITYDIP_CITY_B = $(value B)
compare: $(SETUP) data/processed/figures.csv data/processed/memberships.csv data/processed/pairs.csv
	@$(PY) -m citydip.compare --from-env

# PNG and SVG copies of the charts need a Chromium-family browser (Debian: apt-get install chromium).
# Without one, this prints one line and the stamp says "skipped"; once a browser is found (the same
# search as citydip.tooling.static: $$BROWSER_PATH, else the first on PATH) a skipped export runs again.
BROWSER_FOUND := $(if $(BROWSER_PATH),$(wildcard $(BROWSER_PATH)),$(firstword \
                   $(shell command -v chromium chromium-browser google-chrome google-chrome-stable chrome 2>/dev/null)))
STATIC_SKIPPED := $(filter skipped,$(if $(wildcard $(STATIC)),$(file <$(STATIC))))
$(STATIC): $(CHARTS_OUT) $(COMPARE_NB) reports/notebooks/06_networks.ipynb $(if $(and $(BROWSER_FOUND),$(STATIC_SKIPPED)),FORCE)
	@$(PY) -m citydip.tooling.static reports/figures --stamp $@

.PHONY: FORCE
FORCE:

SITE_IN := $(EXECUTED) $(INGEST_OUT) $(TABLES_OUT) $(CHARTS_OUT) $(RELATIONS_OUT) data/processed/audit.csv \
           $(COMPARE_PAIRS:%=reports/figures/compare_%_measures.html) data/raw/findings.csv data/raw/cases.csv \
           data/raw/case_points.csv data/raw/tables/tables.csv $(DOCUMENTS)

## book     : the seminar site reports/site/index.html (offline HTML book; never executes a notebook)
.PHONY: book
book: reports/site/index.html

# PNG/SVG are linked where they exist: the site is rebuilt after each static export.
reports/site/index.html: $(SITE_IN) $(STATIC) $(SITE_CONF) $(PACKAGE) $(SETUP)
	@$(PY) -m citydip.site --out reports/site

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
	rm -rf $(INGEST_OUT) data/processed/tables data/processed/audit.csv $(RELATIONS_OUT) $(EXECUTED) \
	  reports/notebooks/compare reports/figures reports/site build/site-src \
	  data/processed/.*.tmp reports/notebooks/.*.tmp reports/.*.tmp

## help     : list the targets
.PHONY: help
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)
