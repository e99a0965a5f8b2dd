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

export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: help demo test test-python lint test-duckdb test-generic test-postgres test-spark bench clean

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
	$(REVOPS) load --target duckdb --from data/raw
	$(DBT) build --target duckdb
	$(REVOPS) report --target duckdb
	@echo "Warehouse: data/revops.duckdb (schemas raw, staging, intermediate, marts, audit). Report: reports/revops_report.html"

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
		REVOPS_PG_DBNAME=$(PG_TEST_DB) $(REVOPS) load --target postgres --from $(TEST_DIR)/raw && \
		REVOPS_PG_DBNAME=$(PG_TEST_DB) $(DBT) build --target postgres && \
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

clean:  ## remove generated data, dbt artefacts and reports
	rm -rf data target logs reports
