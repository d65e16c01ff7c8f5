# Two commands do all set-up on a fresh machine: `make site` (to build the portal: only what
# building needs) and `make test` (adds the test tools, then lint, types and the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
TODAY  ?= $(shell date +%F)
PIP    := $(BIN)/pip install --disable-pip-version-check --no-input
# What is installed, and from which pyproject.toml: reinstalled when that file changes.
SITE_STAMP := $(VENV)/.cchc-site
TEST_STAMP := $(VENV)/.cchc-test
VNU := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: site test lint types bench serve validate clean

$(BIN)/python:
	@echo "== Tạo môi trường Python riêng trong $(VENV)/ (chỉ lần đầu)"
	$(PYTHON) -m venv $(VENV)
	@$(PIP) --quiet --upgrade pip

$(SITE_STAMP): pyproject.toml | $(BIN)/python
	@echo "== Cài cchc và các thư viện để xây dựng trang (lần đầu mất vài phút)"
	$(PIP) --progress-bar off -e .
	@$(BIN)/cchc --version >/dev/null
	@touch $@

$(TEST_STAMP): pyproject.toml $(SITE_STAMP)
	@echo "== Cài công cụ kiểm thử (pytest, Playwright, ruff, mypy…)"
	$(PIP) --progress-bar off -e '.[test]'
	@$(BIN)/pytest --version >/dev/null
	@touch $@

# The Nu HTML checker the tests run (npm vnu-jar, on the JRE).
$(VNU): package.json package-lock.json
	@echo "== Cài trình kiểm tra HTML (Nu HTML checker)"
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## Build the demo portal into site/ (validates first; refuses on errors).
site: $(SITE_STAMP)
	@echo "== Kiểm tra nội dung"
	$(BIN)/cchc validate
	@echo "== Xây dựng trang"
	$(BIN)/cchc build --today $(TODAY)

## Lint, types and the whole test suite (unit, build, feeds, browser, HTML).
test: lint types $(VNU)
	$(BIN)/pytest -n 2 -q

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests scripts

types: $(TEST_STAMP)
	$(BIN)/mypy

validate: $(SITE_STAMP)
	$(BIN)/cchc validate

serve: $(SITE_STAMP)
	$(BIN)/cchc serve

clean:
	rm -rf site .pytest_cache test-artifacts

## Benchmark against the mkdocs-material blog baseline (N = 1,000, 5,000 and 10,000: ~15 min on
## 2 cores). Installs the baseline once into .bench/baseline-venv; table in .bench/results.md.
## Smaller run: make bench BENCH_ARGS="--sizes 1000 --skip-baseline"
BENCH_ARGS ?=
bench: $(TEST_STAMP)
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)
