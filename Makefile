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

.PHONY: demo test lint pytest pytest-newest bench clean

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

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

pytest: $(VENV)/.installed
	$(BIN)/python -c 'import sphinx, sys; print(f"== Sphinx {sphinx.__version__} on Python {sys.version.split()[0]}")'
	$(BIN)/pytest

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
	$(NEWEST_VENV)/bin/pytest
endif

# The graph tests draw with Graphviz where it can be installed (as root, on Debian).
test: lint
	command -v dot || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq graphviz; } || true
	$(MAKE) pytest pytest-newest

# The benchmark against plain Sphinx and sphinx-needs (long: see bench/README.md).
BENCH_ARGS ?=
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(NEWEST_VENV) demo/_build .pytest_cache .mypy_cache .ruff_cache
