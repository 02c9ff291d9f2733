# certreg: the common tasks. `make site` and `make test` work on a fresh machine with
# Python 3.11+, git and make; everything else is installed into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= site

.PHONY: setup site serve test lint format golden sample docs bench bench-full fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# Bytecode compiled ahead: every run starts fast, even where PYTHONDONTWRITEBYTECODE is set.
	-$(BIN)/python -m compileall -q -j 0 generator $(VENV)/lib > /dev/null
	touch $(STAMP)

setup: $(STAMP)

site: $(STAMP)  ## build the site of the registry in data/ into site/
	$(BIN)/certreg build --out $(OUT)

serve: site
	$(BIN)/certreg serve

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

golden: $(STAMP)  ## refresh the golden copy of the sample site after an intended change
	$(BIN)/python scripts/refresh_golden.py

sample: $(STAMP)  ## regenerate the sample registry's result files
	$(BIN)/python scripts/make_sample.py

docs: $(STAMP)  ## regenerate docs/checks.md from the checks
	$(BIN)/certreg docs

bench: $(STAMP)
	$(BIN)/python benchmarks/validate_one.py
	$(BIN)/python benchmarks/run.py --quick

bench-full: $(STAMP)
	$(BIN)/python benchmarks/run.py --work benchmarks/out

fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	$(BIN)/python fuzz/run.py --seconds 60

clean:
	rm -rf $(VENV) $(OUT) .cache .pytest_cache .mypy_cache .ruff_cache
