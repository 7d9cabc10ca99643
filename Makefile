# Everything from a fresh clone: `make demo`, `make test`.
PYTHON ?= python3
VENV ?= .venv
# The newest supported Sphinx needs a newer Python; tested where one is found.
NEWEST_VENV ?= .venv-newest
OLDEST_SPHINX ?= sphinx==8.1.*
NEWEST_SPHINX ?= sphinx==9.2.*
PIP_QUIET ?= -q

BIN := $(VENV)/bin
NEWEST_PYTHON := $(shell sh .ci/find-python 3.13)

.PHONY: demo demo-evidence docs docs-all test lint pytest pytest-newest bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_QUIET) --upgrade pip
	$(BIN)/python -m pip install $(PIP_QUIET) -e ".[test]" "$(OLDEST_SPHINX)"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/sphinx-build -W -n --keep-going -b html demo demo/_build/html
	@echo
	@echo "The demo is built: open $(CURDIR)/demo/_build/html/index.html"

# The reports the demo's quality gates read (demo/_evidence), written by a real
# run of the demo's own checks in demo/checks: pytest with JUnit XML and
# coverage.py (JSON and Cobertura XML), ruff with SARIF output.  They are
# committed, so `make demo` needs neither the checks nor the network.
EVIDENCE := $(CURDIR)/demo/_evidence
CHECKS_RUN := cd demo/checks && COVERAGE_FILE=$(CURDIR)/demo/_build/.coverage-checks
demo-evidence: $(VENV)/.installed
	mkdir -p demo/_build $(EVIDENCE)
	$(CHECKS_RUN) $(CURDIR)/$(BIN)/coverage run -m pytest -q tests/test_posting.py \
	  --junitxml=$(EVIDENCE)/posting-junit.xml
	$(CHECKS_RUN) $(CURDIR)/$(BIN)/coverage xml -q --include='fernhill/posting.py' \
	  -o $(EVIDENCE)/posting-coverage.xml
	$(CHECKS_RUN) $(CURDIR)/$(BIN)/coverage run -m pytest -q tests/test_idempotency.py \
	  --junitxml=$(EVIDENCE)/storage-junit.xml
	$(CHECKS_RUN) $(CURDIR)/$(BIN)/coverage json -q --include='fernhill/idempotency.py' \
	  -o $(EVIDENCE)/storage-coverage.json
	cd demo/checks && $(CURDIR)/$(BIN)/ruff check --no-cache --output-format sarif \
	  -o $(EVIDENCE)/ruff.sarif .
	cd demo/checks && $(CURDIR)/$(BIN)/ruff check --no-cache --select S --output-format sarif \
	  -o $(EVIDENCE)/ruff-security.sarif fernhill

# ruff, ruff-format, mypy, and the layers of the package (pyproject's
# [tool.importlinter]: the core and the command line import no Sphinx, no cycles)
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Extra pytest arguments of each run (`make test` asks for its reports).
PYTEST_ARGS ?=
NEWEST_PYTEST_ARGS ?=

pytest: $(VENV)/.installed
	$(BIN)/python -c 'import sphinx, sys; print(f"== Sphinx {sphinx.__version__} on Python {sys.version.split()[0]}")'
	$(BIN)/pytest $(PYTEST_ARGS)

pytest-newest:
ifeq ($(NEWEST_PYTHON),)
	@echo "== No Python 3.13 interpreter found: the Sphinx 9.2 run is skipped"
else
	@[ -f $(NEWEST_VENV)/.installed ] && [ $(NEWEST_VENV)/.installed -nt pyproject.toml ] || ( \
	  $(NEWEST_PYTHON) -m venv $(NEWEST_VENV) && \
	  $(NEWEST_VENV)/bin/python -m pip install $(PIP_QUIET) --upgrade pip && \
	  $(NEWEST_VENV)/bin/python -m pip install $(PIP_QUIET) -e ".[test]" "$(NEWEST_SPHINX)" && \
	  touch $(NEWEST_VENV)/.installed )
	$(NEWEST_VENV)/bin/python -c 'import sphinx, sys; print(f"== Sphinx {sphinx.__version__} on Python {sys.version.split()[0]}")'
	$(NEWEST_VENV)/bin/pytest $(NEWEST_PYTEST_ARGS)
endif

# The documentation, built with the extension itself (docs/).
docs: $(VENV)/.installed
	$(BIN)/sphinx-build -W -n --keep-going -b html docs docs/_build/html
	@echo
	@echo "The docs are built: open $(CURDIR)/docs/_build/html/index.html"

# Every builder the docs are checked with, sharing one doctree cache.
docs-all: $(VENV)/.installed
	for builder in html latex text man; do \
	  $(BIN)/sphinx-build -q -W -n --keep-going -b $$builder -d docs/_build/doctrees \
	    docs docs/_build/$$builder || exit 1; \
	done

# What the quality gates of the docs' own design document read
# (docs/design/quality.rst): the JUnit XML of both test runs, coverage.py JSON
# of the run on the newest Sphinx, ruff's SARIF.  Not kept in git.
DOCS_EVIDENCE := $(CURDIR)/docs/_evidence

# The graph tests draw with Graphviz where it can be installed (as root, on Debian);
# the browser tests (tests/test_browser.py) drive Debian's Chromium, and are
# skipped, saying why, where it cannot be installed.
test: lint
	command -v dot || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq graphviz; } || true
	[ -x /usr/bin/chromium ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  apt-get install -y -qq chromium; } || echo "== Chromium could not be installed"
	mkdir -p $(DOCS_EVIDENCE)
	$(BIN)/ruff check --no-cache --quiet --output-format sarif -o $(DOCS_EVIDENCE)/ruff.sarif .
	$(MAKE) pytest pytest-newest COVERAGE_FILE=$(DOCS_EVIDENCE)/.coverage \
	  PYTEST_ARGS="--junitxml=$(DOCS_EVIDENCE)/pytest-oldest.xml" \
	  NEWEST_PYTEST_ARGS="--junitxml=$(DOCS_EVIDENCE)/pytest-newest.xml \
	    --cov=sphinxcontrib_designdoc --cov-branch --cov-report=json:$(DOCS_EVIDENCE)/coverage.json"
	$(MAKE) docs-all
	@echo "== Docs built with -W for html, latex, text and man in $(CURDIR)/docs/_build"
	@echo "== Browser screenshots (when the browser tests ran): $(CURDIR)/tests/artifacts/screenshots"

# The benchmark against plain Sphinx and sphinx-needs (long: see bench/README.md).
BENCH_ARGS ?=
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(NEWEST_VENV) demo/_build docs/_build docs/_evidence tests/artifacts \
	  .pytest_cache .mypy_cache .ruff_cache
