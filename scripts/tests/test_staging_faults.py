"""Staging against the generator's fault manifest (docs/data_quality.md, SPEC §8).

A session fixture generates dirty scale-1 data (and the clean data of the same seed), loads the dirty
files into a fresh DuckDB file and runs ``dbt seed`` + ``dbt build --select staging audit
--indirect-selection cautious`` in a subprocess with a temporary profiles directory. The tests then check, raw row by raw row, that

* every raw record is staged, quarantined or removed as an exact duplicate (and the dbt audit agrees);
* every repairable fault of ``_truth/anomalies.csv`` is repaired: the stg row carries the clean value;
* every quarantine fault is quarantined, with the fault code as reason;
* nothing outside the manifest's quarantine faults is quarantined, and the staged row counts equal
  the row counts of the clean files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# The dbt project to build; overridable to build an isolated copy of the repository.
PROJECT_DIR = Path(os.environ.get("REVOPS_DBT_PROJECT_DIR", str(REPO)))
DIRTY_RATE = 0.05
SEED = 42

QUARANTINE_FAULTS = {
    "missing_primary_key",
    "orphan_foreign_key",
    "negative_amount",
    "discount_out_of_range",
    "end_before_start",
    "mql_before_created",
    "future_date",
    "unparseable_date",
    "unparseable_number",
}
REPAIRABLE_FAULTS = {"case_variant", "whitespace_variant", "customer_name_variant"}

# raw table -> (base model, stg model)
MODELS = {
    "accounts": ("base_crm__accounts", "stg_crm__accounts"),
    "contacts": ("base_crm__contacts", "stg_crm__contacts"),
    "reps": ("base_crm__reps", "stg_crm__reps"),
    "leads": ("base_crm__leads", "stg_crm__leads"),
    "opportunities": ("base_crm__opportunities", "stg_crm__opportunities"),
    "opportunity_stage_history": ("base_crm__opportunity_stage_history", "stg_crm__opportunity_stage_history"),
    "activities": ("base_crm__activities", "stg_crm__activities"),
    "quotes": ("base_cpq__quotes", "stg_cpq__quotes"),
    "poc_tracker": ("base_sales_ops__pocs", "stg_sales_ops__pocs"),
    "quotas": ("base_sales_ops__quotas", "stg_sales_ops__quotas"),
    "accounting_data": ("base_finance__accounting_entries", "stg_finance__accounting_entries"),
    "billing_orders": ("base_billing__orders", "stg_billing__orders"),
    "campaigns": ("base_marketing__campaigns", "stg_marketing__campaigns"),
    "marketing_touches": ("base_marketing__touches", "stg_marketing__touches"),
    "seat_entitlements": ("base_product__seat_entitlements", "stg_product__seat_entitlements"),
    "license_events": ("base_product__license_events", "stg_product__license_events"),
    "support_tickets": ("base_support__tickets", "stg_support__tickets"),
}

# Raw columns renamed by staging (everything else keeps its lowercased raw name).
RENAMED = {"customer_id": "account_id", "opp_id": "opportunity_id", "success_flag": "is_successful"}


@dataclass(frozen=True)
class Warehouse:
    database: Path
    raw_dir: Path
    clean_dir: Path


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-60:])
        pytest.fail(f"{' '.join(args[:3])} failed:\n{tail}")


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    sys.path.insert(0, str(REPO / "scripts"))
    from revops.generate import GenerateOptions, generate
    from revops.load import load
    from revops.profile import load_target

    root = tmp_path_factory.mktemp("staging_faults")
    raw_dir, clean_dir = root / "raw_dirty", root / "raw_clean"
    seeds_dir, project_file = REPO / "seeds", REPO / "dbt_project.yml"
    generate(GenerateOptions(out=raw_dir, seed=SEED, dirty_rate=DIRTY_RATE, seeds_dir=seeds_dir,
                             project_file=project_file))
    generate(GenerateOptions(out=clean_dir, seed=SEED, dirty_rate=0.0, seeds_dir=seeds_dir,
                             project_file=project_file))

    profiles_dir = root / "profiles"
    profiles_dir.mkdir()
    shutil.copy(REPO / "profiles.yml.example", profiles_dir / "profiles.yml")
    database = root / "warehouse.duckdb"
    env = {
        **os.environ,
        "REVOPS_TARGET": "duckdb",
        "REVOPS_DUCKDB_PATH": str(database),
        "REVOPS_DUCKDB_TEMP_DIR": str(root / "duckdb_tmp"),
        "DBT_PROFILES_DIR": str(profiles_dir),
    }
    old_env = dict(os.environ)
    os.environ.update(env)
    try:
        load(load_target("duckdb", profiles_dir), raw_dir)
    finally:
        os.environ.clear()
        os.environ.update(old_env)

    dbt = str(Path(sys.executable).with_name("dbt"))
    common = ["--profiles-dir", str(profiles_dir), "--target", "duckdb",
              "--target-path", str(root / "target"), "--log-path", str(root / "logs")]
    _run([dbt, "seed", *common], env)
    # cautious: tests of other layers that merely touch a stg model are not ours to run here
    _run([dbt, "build", *common, "--select", "staging", "audit", "--indirect-selection", "cautious"], env)
    yield Warehouse(database=database, raw_dir=raw_dir, clean_dir=clean_dir)


@pytest.fixture(scope="session")
def con(warehouse: Warehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(warehouse.database), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def anomalies(warehouse: Warehouse) -> pd.DataFrame:
    frame = pd.read_csv(warehouse.raw_dir / "_truth" / "anomalies.csv", dtype=str, keep_default_na=False)
    frame["source_row"] = frame["source_row"].astype(int)
    return frame


def _base(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    base_model = MODELS[table][0]
    return con.execute(
        f"select _source_row, duplicate_rank, quarantine_reason from staging.{base_model}"
    ).df()


def test_manifest_covers_known_tables_and_faults(anomalies: pd.DataFrame) -> None:
    assert set(anomalies["table_name"]) <= set(MODELS)
    assert set(anomalies["fault"]) <= QUARANTINE_FAULTS | REPAIRABLE_FAULTS | {"duplicate_row"}
    assert len(anomalies) > 0


def test_every_raw_row_accounted_for(con: duckdb.DuckDBPyConnection) -> None:
    audit = con.execute("select * from audit.audit_row_reconciliation").df().set_index("source_table")
    assert set(audit.index) == set(MODELS)
    for table, (base_model, stg_model) in MODELS.items():
        raw_rows = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
        staged = con.execute(f"select count(*) from staging.{stg_model}").fetchone()[0]
        base = _base(con, table)
        quarantined = int(((base["duplicate_rank"] == 1) & base["quarantine_reason"].notna()).sum())
        duplicates = int((base["duplicate_rank"] > 1).sum())
        assert raw_rows == staged + quarantined + duplicates, table
        assert len(base) == raw_rows, table
        row = audit.loc[table]
        assert (row["raw_rows"], row["staged_rows"], row["quarantined_rows"], row["duplicate_rows"]) == (
            raw_rows, staged, quarantined, duplicates), table


def test_staged_rows_equal_the_clean_world(con: duckdb.DuckDBPyConnection, warehouse: Warehouse) -> None:
    for table, (_, stg_model) in MODELS.items():
        clean_rows = len(pd.read_csv(warehouse.clean_dir / f"{table}.csv", dtype=str, keep_default_na=False))
        staged = con.execute(f"select count(*) from staging.{stg_model}").fetchone()[0]
        assert staged == clean_rows, table


def test_quarantine_faults_are_quarantined_with_their_code(
    con: duckdb.DuckDBPyConnection, anomalies: pd.DataFrame
) -> None:
    # Reasons on the base model: a quarantine record that is itself an exact copy of another
    # quarantine record (e.g. two empty-key copies of one row) is counted once as quarantined and
    # once as a duplicate, but both carry the reason.
    expected = anomalies[anomalies["fault"].isin(QUARANTINE_FAULTS)]
    wrong = []
    for table, rows in expected.groupby("table_name"):
        reasons = _base(con, table).set_index("_source_row")["quarantine_reason"]
        for row in rows.itertuples(index=False):
            if reasons.get(row.source_row) != row.fault:
                wrong.append((table, row.source_row, row.fault, reasons.get(row.source_row)))
    assert not wrong, f"{len(wrong)} quarantine faults not quarantined with their code, e.g. {wrong[:10]}"


def test_nothing_else_is_quarantined(con: duckdb.DuckDBPyConnection, anomalies: pd.DataFrame) -> None:
    expected = {
        (t, r)
        for t, r in anomalies.loc[anomalies["fault"].isin(QUARANTINE_FAULTS), ["table_name", "source_row"]]
        .itertuples(index=False)
    }
    quarantined = con.execute("select source_table, source_row from audit.audit_quarantined_rows").df()
    unexpected = [(t, int(r)) for t, r in quarantined.itertuples(index=False) if (t, int(r)) not in expected]
    assert not unexpected, f"{len(unexpected)} rows quarantined without a manifest fault, e.g. {unexpected[:10]}"


def test_duplicates_are_removed(con: duckdb.DuckDBPyConnection, anomalies: pd.DataFrame) -> None:
    # The injected copy may precede its original in the file; staging keeps the first copy, so the
    # check is on counts and on exact-copy groups, not on which _source_row survives.
    duplicates = anomalies[anomalies["fault"] == "duplicate_row"]
    for table in MODELS:
        rows = duplicates[duplicates["table_name"] == table]
        base = _base(con, table)
        # Copies of clean rows; a quarantine record that happens to equal another one (two empty-key
        # copies of the same row) is removed as a duplicate too, and checked by the quarantine test.
        removed_clean = (base["duplicate_rank"] > 1) & base["quarantine_reason"].isna()
        assert int(removed_clean.sum()) == len(rows), table
        if rows.empty:
            continue
        columns = [c for (c, *_) in con.execute(f"describe raw.{table}").fetchall()
                   if c not in ("_source_row", "_loaded_at")]
        copies = con.execute(
            f"select _source_row, count(*) over (partition by {', '.join(columns)}) as copies from raw.{table}"
        ).df().set_index("_source_row")["copies"]
        single = [r for r in rows["source_row"] if copies.get(r, 0) < 2]
        assert not single, f"{table}: manifest duplicates without an exact copy: {single[:10]}"


def test_repairable_faults_carry_the_clean_value(
    con: duckdb.DuckDBPyConnection, anomalies: pd.DataFrame
) -> None:
    repairable = anomalies[anomalies["fault"].isin(REPAIRABLE_FAULTS)]
    wrong = []
    for table, rows in repairable.groupby("table_name"):
        stg = con.execute(f"select * from staging.{MODELS[table][1]}").df().set_index("_source_row")
        for row in rows.itertuples(index=False):
            column = RENAMED.get(row.column_name.lower(), row.column_name.lower())
            if row.source_row not in stg.index:
                wrong.append((table, row.source_row, row.fault, "not staged"))
                continue
            value = stg.at[row.source_row, column]
            text = "" if pd.isna(value) else str(value)
            if text != row.clean_value:
                wrong.append((table, row.source_row, row.fault, column, row.clean_value, text))
    assert not wrong, f"{len(wrong)} repairable faults not repaired, e.g. {wrong[:10]}"
