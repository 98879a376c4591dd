# Promesa: `make run` starts the demo on SQLite, `make test` runs every check.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PROMESA := $(VENV)/bin/promesa
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install install-runtime run test lint typecheck check-migrations pytest messages clean \
	bench bench-quick

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Everything the tests need: Python packages, Chromium, Dovecot, the accessibility checker.
install: $(UV)
	bash scripts/system-deps.sh
	$(UV) sync --frozen --quiet
	npm ci --silent --no-audit --no-fund
	$(MAKE) --no-print-directory messages

# Only what running Promesa needs.
install-runtime: $(UV)
	PROMESA_RUNTIME_ONLY=1 bash scripts/system-deps.sh
	$(UV) sync --frozen --quiet
	$(MAKE) --no-print-directory messages

messages:
	@find locale -name '*.po' | while read po; do \
	  mo="$${po%.po}.mo"; \
	  if [ ! -f "$$mo" ] || [ "$$po" -nt "$$mo" ]; then msgfmt --check -o "$$mo" "$$po"; fi; \
	done

run: install-runtime
	$(PROMESA) migrate --noinput
	bash scripts/run-dev.sh

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck:
	$(VENV)/bin/mypy promesa config tests bench

check-migrations:
	$(PROMESA) makemigrations --check --dry-run

pytest:
	$(VENV)/bin/pytest

test: install lint typecheck check-migrations pytest

# Benchmarks on PostgreSQL (bench/README.md). Knobs: BENCH_SIZES, WORKERS, REPS, DUR, ...
BENCH_SIZES ?= 100000:100k 1000000:1M
bench:
	bash bench/setup.sh
	bash bench/run.sh pgbench
	@for size in $(BENCH_SIZES); do \
	  bench/seed --cases $${size%%:*} && LABEL=$${size##*:} bash bench/run.sh bench || exit 1; \
	done
	bash bench/run.sh summary

# A smoke run for development: 10k cases, one 5-second run of each workload, 2 workers.
bench-quick:
	bash bench/setup.sh
	bench/seed --cases 10000
	REPS=1 DUR=5 bash bench/run.sh pgbench
	LABEL=10k WORKERS=2 REPS=1 DUR=5 W3_N=2 bash bench/run.sh bench
	bash bench/run.sh summary

clean:
	rm -rf $(VENV) .tools staticfiles .mypy_cache .ruff_cache .pytest_cache
