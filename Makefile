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

## Run the whole test suite (unit, build, feeds, browser).
test: $(BIN)/cchc
	$(BIN)/ruff check scripts tests
	$(BIN)/pytest -n 2 -q

validate: $(BIN)/cchc
	$(BIN)/cchc validate

serve: $(BIN)/cchc
	$(BIN)/cchc serve

lint: $(BIN)/cchc
	$(BIN)/ruff check scripts tests

clean:
	rm -rf site .pytest_cache test-artifacts
