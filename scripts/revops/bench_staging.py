"""Staging cost against the engine's floor (SPEC §7): ``python -m revops.bench_staging [--path DB]``.

On a DuckDB warehouse that holds ``raw`` and a built ``staging`` schema, times

* the floor: each raw table read and cast once, directly in DuckDB — ``create table ... as select
  try_cast(<column> as <type of the same column in its stg_ model>) ... from raw.<table>`` for all 17
  tables;
* the least any identity check adds to that: each raw table's repeated keys found once, directly in
  DuckDB (``select <key> from raw.<table> group by <key> having count(*) > 1``, the key of the table as
  the generator writes it);
* staging and audit: ``dbt run --full-refresh --select staging audit`` on the same file (a full
  refresh: the incremental event ``base_`` models would otherwise parse only the rows of the last
  load), timed from dbt's ``run_results.json`` (the run's elapsed time, and the sum of the models'
  execution times);

and prints them with the ratios of staging to the floor and to the floor plus the key search, in
wall-clock seconds and in CPU seconds (this process's for the floor and the key search, the dbt
process's for staging: CPU time is the steadier figure on a shared machine). Their tables go to a
scratch schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

RAW_SCHEMA = "raw"
SCRATCH = "bench_floor"
EXTRA_STG_COLUMNS = ("has_field_issues", "_source_row", "_loaded_at")


def cast_sql(con: duckdb.DuckDBPyConnection, raw_table: str, stg_model: str) -> str:
    """``select`` that casts every raw column of ``raw_table`` to the type of its stg_ column (same order)."""
    raw_columns = [row[0] for row in con.execute(f"describe {RAW_SCHEMA}.{raw_table}").fetchall()
                   if row[0] not in ("_source_row", "_loaded_at")]
    stg_types = [row[1] for row in con.execute(f"describe staging.{stg_model}").fetchall()
                 if row[0] not in EXTRA_STG_COLUMNS]
    casts = [f'try_cast(trim("{column}") as {kind}) as "{column}"' for column, kind in zip(raw_columns, stg_types)]
    return f"select {', '.join(casts)}, _source_row, _loaded_at from {RAW_SCHEMA}.{raw_table}"


def staging_models(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """raw table -> its stg_ model (the stg table named after the raw table's entity)."""
    from revops.load import raw_tables

    stg = [row[0] for row in con.execute(
        "select table_name from information_schema.tables where table_schema = 'staging'").fetchall()
        if row[0].startswith("stg_")]
    entities = {"poc_tracker": "pocs", "accounting_data": "accounting_entries", "billing_orders": "orders",
                "marketing_touches": "touches", "support_tickets": "tickets"}
    return {raw_table: next(name for name in stg if name.endswith("__" + entities.get(raw_table, raw_table)))
            for raw_table in raw_tables()}


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def repeated_keys_sql(raw_table: str) -> str:
    """The keys of ``raw_table`` that more than one raw row carries."""
    from revops.generate.dirty import SPEC

    key = SPEC[raw_table].pk.lower()
    return f'select "{key}" from {RAW_SCHEMA}.{raw_table} group by "{key}" having count(*) > 1'


def floor_seconds(path: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """(wall, CPU) seconds of reading and casting every raw table once, and of finding their repeated keys."""
    con = duckdb.connect(path)
    try:
        con.execute(f"create schema if not exists {SCRATCH}")
        models = staging_models(con)

        def timed(sql_of: Callable[[str, str], str]) -> tuple[float, float]:
            started, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
            for raw_table, model in models.items():
                con.execute(f"create or replace table {SCRATCH}.{raw_table} as {sql_of(raw_table, model)}")
            return time.perf_counter() - started, cpu_seconds(resource.RUSAGE_SELF) - cpu

        cast = timed(lambda raw_table, model: cast_sql(con, raw_table, model))
        keys = timed(lambda raw_table, _model: repeated_keys_sql(raw_table))
        con.execute(f"drop schema {SCRATCH} cascade")
        return cast, keys
    finally:
        con.close()


def staging_seconds(path: str, project_dir: Path) -> tuple[float, float, float]:
    """Elapsed seconds of the run, seconds summed over its models, CPU seconds of the dbt process."""
    target = project_dir / "target" / "bench_staging"
    env = {**os.environ, "REVOPS_DUCKDB_PATH": path, "DBT_PROFILES_DIR": str(project_dir)}
    dbt = str(Path(sys.executable).with_name("dbt"))
    cpu = cpu_seconds(resource.RUSAGE_CHILDREN)
    subprocess.run([dbt, "--no-use-colors", "-q", "run", "--full-refresh", "--target", "duckdb", "--select", "staging", "audit",
                    "--target-path", str(target)], cwd=project_dir, env=env, check=True)
    cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - cpu
    results = json.loads((target / "run_results.json").read_text())
    return float(results["elapsed_time"]), sum(float(r["execution_time"]) for r in results["results"]), cpu


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m revops.bench_staging", description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=os.environ.get("REVOPS_DUCKDB_PATH", "data/revops.duckdb"))
    parser.add_argument("--project-dir", type=Path, default=Path.cwd())
    args = parser.parse_args()
    (floor, floor_cpu), (keys, keys_cpu) = floor_seconds(args.path)
    wall, summed, cpu = staging_seconds(args.path, args.project_dir)
    print(f"read and cast each raw table once (DuckDB directly): {floor:.2f} s, {floor_cpu:.2f} s CPU")
    print(f"find each raw table's repeated keys once (DuckDB directly): {keys:.2f} s, {keys_cpu:.2f} s CPU")
    print(f"dbt run --full-refresh --select staging audit: {wall:.2f} s elapsed, {summed:.2f} s summed over models, {cpu:.2f} s CPU")
    print(f"ratio elapsed / floor {wall / floor:.2f}; summed / floor {summed / floor:.2f}; CPU / floor CPU {cpu / floor_cpu:.2f}")
    with_keys, with_keys_cpu = floor + keys, floor_cpu + keys_cpu
    print(f"ratio to the floor with the key search: elapsed {wall / with_keys:.2f}; CPU {cpu / with_keys_cpu:.2f}; "
          f"the key search alone is {keys / floor:.2f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
