"""Staging against the generator's fault manifest (docs/data_quality.md, SPEC §4 Staging and §8).

A session fixture generates a dirty scale-1 world (and the clean world of the same seed), loads the
dirty files into a fresh DuckDB file and runs ``dbt seed`` + ``dbt build --select staging audit
--indirect-selection cautious`` in a subprocess with a temporary profiles directory. The tests then
check, row by row against ``_truth/anomalies.csv`` and the clean files, that

* every raw record is staged, quarantined or removed as an exact duplicate (and the dbt audit agrees);
* every repairable fault is staged with its clean value, and every other staged value equals the clean
  world's (so nothing is repaired into a wrong value);
* every unrepairable value is null on its kept row, flagged, and listed in ``audit.audit_field_issues``
  with its raw text and reason, and nothing else is listed there;
* only identity failures (missing primary key, orphan foreign key) are quarantined, with their code, and
  no clean row is quarantined.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
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

# raw table -> stg model (the base model is base_ + the same name)
MODELS = {
    "accounts": "crm__accounts",
    "contacts": "crm__contacts",
    "reps": "crm__reps",
    "leads": "crm__leads",
    "opportunities": "crm__opportunities",
    "opportunity_stage_history": "crm__opportunity_stage_history",
    "activities": "crm__activities",
    "quotes": "cpq__quotes",
    "poc_tracker": "sales_ops__pocs",
    "quotas": "sales_ops__quotas",
    "accounting_data": "finance__accounting_entries",
    "billing_orders": "billing__orders",
    "campaigns": "marketing__campaigns",
    "marketing_touches": "marketing__touches",
    "seat_entitlements": "product__seat_entitlements",
    "license_events": "product__license_events",
    "support_tickets": "support__tickets",
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
    frame["column"] = frame["column_name"].str.lower()
    return frame[frame["source_row"] > 0]  # row faults (file quirks have source_row 0)


def _kind(anomalies: pd.DataFrame, kind: str) -> pd.DataFrame:
    from revops.generate.dirty import IDENTITY, REPAIRABLE, UNREPAIRABLE

    faults = {"repairable": REPAIRABLE, "unrepairable": UNREPAIRABLE, "identity": IDENTITY}[kind]
    return anomalies[anomalies["fault"].isin(faults)]


def _text(value: object) -> str | None:
    """A staged value written the way the generator writes it (None for null)."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _same(staged: str | None, clean: str | None) -> bool:
    if staged is None or clean is None:
        return staged is clean
    if staged == clean:
        return True
    try:
        return Decimal(staged) == Decimal(clean)
    except ArithmeticError:
        return False


def _stg(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    cursor = con.execute(f"select * from staging.stg_{MODELS[table]}")
    columns = [column[0] for column in cursor.description]
    return pd.DataFrame([[_text(value) for value in row] for row in cursor.fetchall()], columns=columns, dtype=object)


def _clean(warehouse: Warehouse, table: str) -> pd.DataFrame:
    frame = pd.read_csv(warehouse.clean_dir / f"{table}.csv", dtype=str, keep_default_na=False)
    frame.columns = [RENAMED.get(c.lower(), c.lower()) for c in frame.columns]
    return frame.astype(object).where(frame != "", None)


def test_every_raw_row_accounted_for(con: duckdb.DuckDBPyConnection) -> None:
    audit = con.execute("select * from audit.audit_row_reconciliation").df().set_index("source_table")
    assert set(audit.index) == set(MODELS)
    quarantined = dict(con.execute(
        "select source_table, count(*) from audit.audit_quarantined_rows group by 1").fetchall())
    for table, model in MODELS.items():
        raw_rows = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
        staged = con.execute(f"select count(*) from staging.stg_{model}").fetchone()[0]
        base_rows, duplicates = con.execute(
            f"select count(*), count(*) filter (where duplicate_rank > 1) from staging.base_{model}").fetchone()
        assert base_rows == raw_rows, table
        assert raw_rows == staged + quarantined.get(table, 0) + duplicates, table
        row = audit.loc[table]
        assert (row["raw_rows"], row["staged_rows"], row["quarantined_rows"], row["duplicate_rows"]) == (
            raw_rows, staged, quarantined.get(table, 0), duplicates), table


def test_only_identity_failures_are_quarantined(con: duckdb.DuckDBPyConnection, anomalies: pd.DataFrame) -> None:
    expected = {(r.table_name, r.source_row): r.fault for r in _kind(anomalies, "identity").itertuples()}
    got = {(t, int(r)): reason for t, r, reason in con.execute(
        "select source_table, source_row, quarantine_reason from audit.audit_quarantined_rows").fetchall()}
    wrong = {key: (expected.get(key), got.get(key)) for key in expected.keys() | got.keys()
             if expected.get(key) != got.get(key)}
    assert not wrong, f"{len(wrong)} rows quarantined wrongly (expected, got), e.g. {list(wrong.items())[:10]}"
    assert set(expected.values()) == {"missing_primary_key", "orphan_foreign_key"}


def test_staged_rows_are_the_clean_world(
    con: duckdb.DuckDBPyConnection, warehouse: Warehouse, anomalies: pd.DataFrame
) -> None:
    """Row for row and value for value: the staged table equals the clean file, except the rows without
    identity (quarantined) and the unrepairable values (null). So every repairable fault carries its
    clean value, no clean row is quarantined and no clean value is nulled or changed."""
    lost = _kind(anomalies, "identity")
    nulled = _kind(anomalies, "unrepairable")
    wrong: list[tuple] = []
    for table in MODELS:
        clean = _clean(warehouse, table)
        key = clean.columns[0]
        gone = set(lost[lost.table_name == table].row_key)
        clean = clean[~clean[key].isin(gone)].set_index(key)
        stg = _stg(con, table).set_index(key)
        assert sorted(stg.index) == sorted(clean.index), table
        expected_null = {(r.row_key, RENAMED.get(r.column, r.column))
                         for r in nulled[nulled.table_name == table].itertuples()}
        for column in clean.columns:
            for row_key, clean_value, staged_value in zip(clean.index, clean[column], stg.loc[clean.index, column]):
                want = None if (row_key, column) in expected_null else clean_value
                if not _same(staged_value, want):
                    wrong.append((table, row_key, column, want, staged_value))
        flagged = set(stg.index[stg["has_field_issues"] == "1"])
        assert flagged == {row_key for row_key, _ in expected_null}, table
    assert not wrong, f"{len(wrong)} staged values differ from the clean world, e.g. {wrong[:10]}"


def test_repairable_faults_carry_the_clean_value(con: duckdb.DuckDBPyConnection, anomalies: pd.DataFrame) -> None:
    wrong = []
    for table, rows in _kind(anomalies, "repairable").groupby("table_name"):
        stg = _stg(con, table).set_index("_source_row")
        for row in rows.itertuples():
            value = stg.at[str(row.source_row), RENAMED.get(row.column, row.column)] \
                if str(row.source_row) in stg.index else "not staged"
            if not _same(value, row.clean_value):
                wrong.append((table, row.source_row, row.fault, row.column, row.clean_value, value))
    assert not wrong, f"{len(wrong)} repairable faults not repaired, e.g. {wrong[:10]}"


def test_unrepairable_values_are_nulled_and_listed(con: duckdb.DuckDBPyConnection, anomalies: pd.DataFrame) -> None:
    expected = {(r.table_name, r.source_row, r.column): (r.fault, r.dirty_value)
                for r in _kind(anomalies, "unrepairable").itertuples()}
    listed = {(t, int(r), c): (reason, raw or "") for t, r, c, reason, raw in con.execute(
        "select source_table, source_row, column_name, reason, raw_value from audit.audit_field_issues").fetchall()}
    assert listed == expected
    kept = dict(con.execute(
        "select source_table, count(*) from audit.audit_field_issues group by 1").fetchall())
    for table, count in kept.items():
        flagged = con.execute(f"select count(*) from staging.stg_{MODELS[table]} where has_field_issues").fetchone()[0]
        assert flagged == count, table  # one unrepairable value per faulted row, every one on a kept row


def test_duplicates_are_removed(con: duckdb.DuckDBPyConnection, anomalies: pd.DataFrame) -> None:
    duplicates = anomalies[anomalies["fault"] == "duplicate_row"]
    for table, model in MODELS.items():
        removed = con.execute(f"select count(*) from staging.base_{model} where duplicate_rank > 1").fetchone()[0]
        assert removed == len(duplicates[duplicates.table_name == table]), table
