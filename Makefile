# Two commands for a newcomer: `make demo` and `make test` (plus `make test-spark`).
# Everything runs inside .venv, created and filled from requirements.lock on first use.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
REVOPS  := $(BIN)/revops
DBT     := $(BIN)/dbt --no-use-colors

SCALE      ?= 1
SEED       ?= 42
DIRTY_RATE ?= 0.02
TEST_DIR   := data/test
# PostgreSQL database of make test (override to run two checkouts side by side)
PG_TEST_DB ?= revops_test
# port of make dashboard
PORT       ?= 8050

export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: help demo dashboard test test-python lint test-duckdb test-generic test-postgres test-spark test-incremental test-worlds test-realism nightly bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

profiles.yml: | profiles.yml.example
	cp profiles.yml.example profiles.yml

demo: $(STAMP) profiles.yml  ## generate scale-1 data, load DuckDB, dbt build, print the KPI scorecard
	$(REVOPS) generate --scale $(SCALE) --seed $(SEED) --dirty-rate $(DIRTY_RATE) --out data/raw
	@# a new world: loaded and built in full (no merge with the previous world's event tables, no weeks kept by
	@# the incremental models)
	$(REVOPS) load --target duckdb --full --from data/raw
	$(DBT) build --target duckdb --full-refresh
	$(REVOPS) publish --target duckdb
	$(REVOPS) report --target duckdb
	$(REVOPS) profile --target duckdb
	@echo "Warehouse: data/revops.duckdb (schemas raw, staging, intermediate, marts, audit). Report: reports/revops_report.html"

dashboard: $(STAMP) profiles.yml  ## serve the interactive dashboard over data/revops.duckdb (PORT=8050; after make demo)
	$(REVOPS) dashboard --target duckdb --port $(PORT)

test: $(STAMP) profiles.yml test-python lint test-duckdb test-generic test-postgres  ## pytest, sqlfluff, dbt build on DuckDB and PostgreSQL

test-python: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP) profiles.yml
	@# the dbt templater opens the DuckDB database of the profile in every worker: use a private in-memory one
	REVOPS_DUCKDB_PATH=:memory: $(BIN)/sqlfluff lint models tests --processes 2

$(TEST_DIR)/raw/.done: $(STAMP)
	$(REVOPS) generate --quiet --scale 1 --seed 7 --dirty-rate $(DIRTY_RATE) --out $(TEST_DIR)/raw
	touch $@

test-duckdb: $(STAMP) profiles.yml $(TEST_DIR)/raw/.done
	rm -f $(TEST_DIR)/revops.duckdb
	REVOPS_DUCKDB_PATH=$(TEST_DIR)/revops.duckdb $(REVOPS) load --target duckdb --from $(TEST_DIR)/raw
	REVOPS_DUCKDB_PATH=$(TEST_DIR)/revops.duckdb $(DBT) build --target duckdb

# The generic tests of tests/generic/ against fixtures with planted violations: a separate dbt project
# (integration_tests/), so nothing test-only builds in the production warehouse.
test-generic: $(STAMP) profiles.yml
	mkdir -p $(TEST_DIR)
	cd integration_tests && REVOPS_DUCKDB_PATH=$(CURDIR)/$(TEST_DIR)/integration.duckdb \
		$(CURDIR)/$(BIN)/dbt --no-use-colors build --target duckdb

test-postgres: $(STAMP) profiles.yml $(TEST_DIR)/raw/.done
	@rc=0; PYTHON=$(BIN)/python scripts/ensure-postgres.sh || rc=$$?; \
	if [ $$rc -eq 1 ]; then \
		echo "PostgreSQL is not reachable: skipped the PostgreSQL build (with CI=true this is an error)."; \
	elif [ $$rc -ne 0 ]; then \
		exit $$rc; \
	else \
		REVOPS_PG_DBNAME=$(PG_TEST_DB) $(REVOPS) load --target postgres --full --from $(TEST_DIR)/raw && \
		REVOPS_PG_DBNAME=$(PG_TEST_DB) $(DBT) build --target postgres --full-refresh && \
		REVOPS_PG_DBNAME=$(PG_TEST_DB) REVOPS_DUCKDB_PATH=$(TEST_DIR)/revops.duckdb \
			$(BIN)/python -m revops.compare duckdb postgres; \
	fi

test-spark: $(STAMP) profiles.yml $(TEST_DIR)/raw/.done  ## the same dbt build on Apache Spark (local session)
	rm -rf $(TEST_DIR)/spark
	REVOPS_SPARK_DIR=$(TEST_DIR)/spark $(REVOPS) load --target spark --from $(TEST_DIR)/raw
	REVOPS_SPARK_DIR=$(TEST_DIR)/spark $(DBT) build --target spark
	test -f $(TEST_DIR)/revops.duckdb || $(MAKE) test-duckdb
	REVOPS_SPARK_DIR=$(TEST_DIR)/spark REVOPS_DUCKDB_PATH=$(TEST_DIR)/revops.duckdb \
		$(BIN)/python -m revops.compare duckdb spark

# A new day built incrementally equals a full refresh: the world exported on INCR_DAY, loaded and built; the
# next day's export loaded (event tables merged) and built incrementally; a copy rebuilt with --full-refresh;
# every table of staging, intermediate, marts and audit compared row for row.
INCR_DAY  ?= 2024-06-12
INCR_NEXT ?= 2024-06-13
INCR_DB    = $(TEST_DIR)/incremental
test-incremental: $(STAMP) profiles.yml  ## a new day built incrementally equals a full refresh (DuckDB, scale 1, dirty)
	$(REVOPS) generate --quiet --scale 1 --seed 7 --dirty-rate $(DIRTY_RATE) --as-of $(INCR_DAY) --out $(INCR_DB)/day
	$(REVOPS) generate --quiet --scale 1 --seed 7 --dirty-rate $(DIRTY_RATE) --as-of $(INCR_NEXT) --out $(INCR_DB)/next
	rm -f $(INCR_DB)/incremental.duckdb $(INCR_DB)/refresh.duckdb
	REVOPS_DUCKDB_PATH=$(INCR_DB)/incremental.duckdb $(REVOPS) load --target duckdb --from $(INCR_DB)/day
	REVOPS_DUCKDB_PATH=$(INCR_DB)/incremental.duckdb $(DBT) build --target duckdb --vars '{as_of_date: "$(INCR_DAY)"}'
	REVOPS_DUCKDB_PATH=$(INCR_DB)/incremental.duckdb $(REVOPS) load --target duckdb --from $(INCR_DB)/next
	REVOPS_DUCKDB_PATH=$(INCR_DB)/incremental.duckdb $(DBT) build --target duckdb --vars '{as_of_date: "$(INCR_NEXT)"}'
	cp $(INCR_DB)/incremental.duckdb $(INCR_DB)/refresh.duckdb
	REVOPS_DUCKDB_PATH=$(INCR_DB)/refresh.duckdb $(DBT) build --target duckdb --full-refresh --vars '{as_of_date: "$(INCR_NEXT)"}'
	$(BIN)/python -m revops.compare duckdb:$(INCR_DB)/incremental.duckdb duckdb:$(INCR_DB)/refresh.duckdb \
		--schemas staging,intermediate,marts,audit

# The scheduled job (docs/scheduling.md): freshness of the raw export, load, dbt build, publish, report.
TARGET ?= duckdb
RAW    ?= data/raw
nightly: $(STAMP) profiles.yml  ## freshness, load, dbt build, publish, report (TARGET=duckdb, RAW=data/raw); log in logs/
	$(REVOPS) nightly --target $(TARGET) --from $(RAW)

# SCALE defaults to 10 here (1 for demo) unless given: make bench SCALE=100 BENCH_RUNS=1
BENCH_SCALE := $(if $(filter command line environment,$(origin SCALE)),$(SCALE),10)
BENCH_RUNS  ?= 3
bench: $(STAMP) profiles.yml  ## performance ratios of SPEC section 7 in one run, median of 3 (SCALE=10)
	$(BIN)/python -m revops.bench --scale $(BENCH_SCALE) --runs $(BENCH_RUNS)

test-realism: $(STAMP)  ## REALISM.md figures in range on average over seeds 1-5 (builds five scale-1 worlds)
	$(BIN)/pytest -q -m realism

test-worlds: $(STAMP) profiles.yml  ## build a matrix of worlds on DuckDB (scales 0.3-10, seeds, dirty rates 0, 0.05 and 0.5); fails on any red build
	$(BIN)/python -m revops.generate.worlds

clean:  ## remove generated data, dbt artefacts and reports
	rm -rf data target logs reports
