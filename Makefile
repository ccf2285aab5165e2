# Two commands matter on a fresh machine: `make run` (the product, embedded) and `make test`.
# The three parts (shared/, server/, desktop/) are installed editable into one .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PARTS := shared server desktop
PACKAGING := VERSION $(foreach p,$(PARTS),$(p)/pyproject.toml $(p)/setup.py)

.PHONY: run demo server test lint bench screenshots dist clean

$(STAMP): $(PACKAGING)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ./shared -e ./server -e './desktop[dev]'
	$(BIN)/python scripts/keep_urllib3.py
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/planner --demo

server: $(STAMP)
	$(BIN)/planner-server run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy shared server desktop
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy shared server desktop

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py docs/screenshots

# The wheels of the three parts in dist/, and dist/planner/: the desktop as one folder that runs
# without Python (PyInstaller, from the wheels installed into a build environment of their own).
dist: $(STAMP)
	$(BIN)/python scripts/build_dist.py

clean:
	rm -rf $(VENV) build dist *.egg-info */*.egg-info
