# Two commands do all set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
TODAY  ?= $(shell date +%F)

.PHONY: site test lint bench serve validate clean

$(BIN)/cchc: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

## Build the demo portal into site/ (validates first; refuses on errors).
site: $(BIN)/cchc
	$(BIN)/cchc validate
	$(BIN)/cchc build --today $(TODAY)

# The Nu HTML checker the tests run (npm vnu-jar, with the JRE).
node_modules/vnu-jar/build/dist/vnu.jar: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## Run the whole test suite (lint, types, unit, build, feeds, browser, HTML).
test: $(BIN)/cchc node_modules/vnu-jar/build/dist/vnu.jar
	$(BIN)/ruff check src scripts tests
	$(BIN)/mypy
	$(BIN)/pytest -n 2 -q

validate: $(BIN)/cchc
	$(BIN)/cchc validate

serve: $(BIN)/cchc
	$(BIN)/cchc serve

lint: $(BIN)/cchc
	$(BIN)/ruff check src scripts tests
	$(BIN)/mypy

clean:
	rm -rf site .pytest_cache test-artifacts

## Benchmark against the mkdocs-material blog baseline (N = 1,000, 5,000 and 10,000: ~15 min on
## 2 cores). Installs the baseline once into .bench/baseline-venv; table in .bench/results.md.
## Smaller run: make bench BENCH_ARGS="--sizes 1000 --skip-baseline"
BENCH_ARGS ?=
bench: $(BIN)/cchc
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)
