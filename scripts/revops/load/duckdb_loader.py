"""DuckDB: ``read_csv`` into a temporary table, then one transaction builds and swaps ``raw.<stem>``.

``_source_row`` comes from the ``rowid`` of the temporary table: with ``preserve_insertion_order``
on (forced for the load session, whatever the profile says for dbt) DuckDB inserts the records of
``read_csv`` in file order, so ``rowid + 1`` is the 1-based record number, embedded newlines
included (tested in ``test_load_duckdb.py``).
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from revops.errors import RevopsError
from revops.load.common import (
    LOADED_AT,
    RAW_SCHEMA,
    SOURCE_ROW,
    CsvSource,
    ProgressFn,
    first_line,
    quote_ident,
)
from revops.profile import Target

# 16 MiB: long free-text fields (ticket descriptions) must not hit DuckDB's 2 MB default.
MAX_LINE_SIZE = 16 * 1024 * 1024


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def connect(target: Target) -> duckdb.DuckDBPyConnection:
    """Open the profile's database file with its ``settings`` (``preserve_insertion_order`` forced on)."""
    path = str(target.get("path") or ":memory:")
    if path != ":memory:" and not path.startswith("md:"):
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    settings: dict[str, Any] = dict(target.get("settings") or {})
    settings["preserve_insertion_order"] = True
    temp_directory = settings.get("temp_directory")
    if temp_directory:
        Path(str(temp_directory)).mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(path)
    except duckdb.Error as exc:
        raise RevopsError(f"cannot open DuckDB database {path}: {first_line(exc)}") from None
    for key, value in settings.items():
        if isinstance(value, bool):
            literal = "true" if value else "false"
        elif isinstance(value, (int, float)):
            literal = str(value)
        else:
            literal = _sql_string(str(value))
        try:
            con.execute(f"set {key} = {literal}")
        except duckdb.Error as exc:
            con.close()
            raise RevopsError(f"DuckDB setting {key}={value!r} from the profile: {first_line(exc)}") from None
    return con


def _read_csv_sql(source: CsvSource) -> str:
    columns = ", ".join(f"{_sql_string(name)}: 'VARCHAR'" for name in source.columns)
    return (
        f"read_csv({_sql_string(str(source.path))}, header = true, columns = {{{columns}}}, "
        "auto_detect = false, delim = ',', quote = '\"', escape = '\"', strict_mode = true, "
        f"null_padding = false, encoding = 'utf-8', max_line_size = {MAX_LINE_SIZE})"
    )


def load_table(con: duckdb.DuckDBPyConnection, source: CsvSource, loaded_at: datetime) -> int:
    """Load one CSV into ``raw.<stem>`` atomically; returns the row count.

    The temporary table is created and committed on its own first: rows inserted inside an open
    transaction get transaction-local row ids (a large offset), committed ones get 0, 1, 2, ...
    """
    staging = quote_ident(f"__revops_csv_{source.stem}")
    loading = f"{RAW_SCHEMA}.{quote_ident(source.loading_table)}"
    final = f"{RAW_SCHEMA}.{quote_ident(source.table)}"
    select_columns = ", ".join(quote_ident(name) for name in source.columns)
    try:
        con.execute(f"drop table if exists {staging}")
        con.execute(f"create temporary table {staging} as select * from {_read_csv_sql(source)}")
        con.execute("begin transaction")
        try:
            con.execute(f"drop table if exists {loading}")
            con.execute(
                f"create table {loading} as select {select_columns}, "
                f"cast(rowid + 1 as bigint) as {SOURCE_ROW}, "
                f"cast(? as timestamp) as {LOADED_AT} "
                f"from {staging} order by rowid",
                [loaded_at],
            )
            row = con.execute(f"select count(*), min({SOURCE_ROW}), max({SOURCE_ROW}) from {loading}").fetchone()
            count = int(row[0]) if row else 0
            if count and (row[1] != 1 or row[2] != count):
                raise RevopsError(
                    f"loading {source.path}: record numbers are not 1..{count} (got {row[1]}..{row[2]})"
                )
            con.execute(f"drop table if exists {final}")
            con.execute(f"alter table {loading} rename to {quote_ident(source.table)}")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    except duckdb.Error as exc:
        raise RevopsError(f"loading {source.path} into {final} failed: {first_line(exc)}") from None
    finally:
        try:
            con.execute(f"drop table if exists {staging}")
        except duckdb.Error:
            pass
    return count


def load_duckdb(
    target: Target,
    sources: list[CsvSource],
    loaded_at: datetime,
    progress: ProgressFn | None = None,
) -> dict[str, int]:
    """Load every source into the DuckDB file of ``target``."""
    con = connect(target)
    try:
        con.execute(f"create schema if not exists {RAW_SCHEMA}")
        counts: dict[str, int] = {}
        for source in sources:
            started = time.perf_counter()
            counts[source.stem] = load_table(con, source, loaded_at)
            if progress is not None:
                progress(source.stem, counts[source.stem], time.perf_counter() - started)
        con.execute("checkpoint")
        return counts
    finally:
        con.close()
