"""DuckDB: one transaction per table builds ``raw.<stem>__loading`` from ``read_csv`` and swaps it in.

``_source_row`` is ``row_number() over ()`` over ``read_csv``: with ``preserve_insertion_order`` on
(forced for the load session, whatever the profile sets for dbt) DuckDB guarantees that a single-table
FROM and a window with an empty OVER keep the file order (docs: SQL dialect, order preservation), so
it is the 1-based record number, embedded newlines included (tested in ``test_load_engines.py`` on a
120,000-record file, LF and CRLF). A cheap check (1..count) guards against surprises.

An event table that already exists is merged in the same transaction (``merge_select``): the merged
rows go to ``raw.<stem>__merging``, which replaces the old table.
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
    load_error,
    merge_select,
    quote_ident,
)
from revops.profile import Target

#: ``read_csv`` buffer size in bytes; None = DuckDB's default (16 x max_line_size of 2 MB). Tests
#: shrink it to make a small file span many buffers, read in parallel.
BUFFER_SIZE: int | None = None

#: DuckDB's row hash, the fingerprint of an event table's merge (``merge_select``); tests make it collide.
ROW_HASH = "hash"


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def connect(target: Target) -> duckdb.DuckDBPyConnection:
    """Open the profile's database file with its ``settings`` (insertion order kept, no progress bar)."""
    path = str(target.get("path") or ":memory:")
    if path != ":memory:" and not path.startswith("md:"):
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    settings: dict[str, Any] = dict(target.get("settings") or {})
    settings["preserve_insertion_order"] = True
    settings["enable_progress_bar"] = False  # a load of minutes would fill a scheduler's log with progress bars
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
    columns = ", ".join(f"{_sql_string(name)}: 'VARCHAR'" for name in source.read_columns)
    buffer = f", buffer_size = {BUFFER_SIZE}, max_line_size = {BUFFER_SIZE // 4}" if BUFFER_SIZE else ""
    return (
        f"read_csv({_sql_string(str(source.path))}, header = true, columns = {{{columns}}}, "
        "auto_detect = false, delim = ',', quote = '\"', escape = '\"', strict_mode = true, "
        f"null_padding = false, encoding = 'utf-8'{buffer})"
    )


def _same_columns(con: duckdb.DuckDBPyConnection, source: CsvSource) -> bool:
    """Whether ``raw.<stem>`` exists with exactly the columns this load writes (else it is replaced)."""
    found = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position",
        [RAW_SCHEMA, source.table],
    ).fetchall()
    return [name for (name,) in found] == [*source.columns, SOURCE_ROW, LOADED_AT]


def load_table(con: duckdb.DuckDBPyConnection, source: CsvSource, loaded_at: datetime, merge: bool = False) -> int:
    """Load one CSV into ``raw.<stem>`` in one transaction (merged with it when ``merge``); the row count."""
    loading = f"{RAW_SCHEMA}.{quote_ident(source.loading_table)}"
    merging = f"{RAW_SCHEMA}.{quote_ident(source.merging_table)}"
    final = f"{RAW_SCHEMA}.{quote_ident(source.table)}"
    select_columns = ", ".join(quote_ident(name) for name in source.columns)
    try:
        con.execute("begin transaction")
        try:
            con.execute(f"drop table if exists {loading}")
            con.execute(
                f"create table {loading} as select {select_columns}, "
                f"cast(row_number() over () as bigint) as {SOURCE_ROW}, "
                f"cast(? as timestamp) as {LOADED_AT} "
                f"from {_read_csv_sql(source)}",
                [loaded_at],
            )
            row = con.execute(f"select count(*), min({SOURCE_ROW}), max({SOURCE_ROW}) from {loading}").fetchone()
            count = int(row[0]) if row else 0
            if count and (row[1] != 1 or row[2] != count):
                raise RevopsError(f"loading {source.path}: record numbers are not 1..{count} (got {row[1]}..{row[2]})")
            if merge and _same_columns(con, source):
                con.execute(f"drop table if exists {merging}")
                select = merge_select(
                    source, final, loading, text_type="varchar", quote=quote_ident, row_hash=ROW_HASH
                )
                con.execute(f"create table {merging} as {select}")
                con.execute(f"drop table {loading}")
                loading = merging
            con.execute(f"drop table if exists {final}")
            con.execute(f"alter table {loading} rename to {quote_ident(source.table)}")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    except duckdb.Error as exc:
        raise load_error(source, final, exc) from None
    return count


def load_duckdb(
    target: Target,
    sources: list[CsvSource],
    loaded_at: datetime,
    progress: ProgressFn | None = None,
    merge: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Load every source into the DuckDB file of ``target``; the tables named in ``merge`` incrementally."""
    con = connect(target)
    try:
        con.execute(f"create schema if not exists {RAW_SCHEMA}")
        counts: dict[str, int] = {}
        for source in sources:
            started = time.perf_counter()
            counts[source.stem] = load_table(con, source, loaded_at, source.stem in merge)
            if progress is not None:
                progress(source.stem, counts[source.stem], time.perf_counter() - started)
        return counts
    finally:
        con.close()
