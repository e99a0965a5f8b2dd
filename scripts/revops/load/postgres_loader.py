"""PostgreSQL: ``COPY ... FROM STDIN`` (psycopg2 ``copy_expert``, streamed) inside one transaction per table.

Per table, in one transaction: create ``raw.<stem>__loading`` (text columns, ``_source_row`` as an
identity column so COPY numbers the records in file order, ``_loaded_at`` defaulting to the run
timestamp), COPY the file, drop the identity, drop the old ``raw.<stem>`` and rename. An event table
that already exists is first merged with it (``merge_select``, into ``raw.<stem>__merging``, which is
renamed instead). Any error rolls the whole transaction back: the previous table stays and no
``__loading`` table is left.

Dropping the old table uses CASCADE: views built on it (dbt's staging and intermediate views) are
dropped with it and ``dbt build`` recreates them; the marts are tables and are not touched.

The database named in the profile is created (from the ``postgres`` database) if it does not exist.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, BinaryIO

import psycopg2
import psycopg2.errors
import psycopg2.extensions

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

COPY_CHUNK_BYTES = 1024 * 1024
MAINTENANCE_DATABASE = "postgres"

_PASSTHROUGH = ("sslmode", "sslcert", "sslkey", "sslrootcert", "application_name", "keepalives_idle")


def connection_args(target: Target, dbname: str | None = None) -> dict[str, Any]:
    """psycopg2 keyword arguments from the dbt-postgres target."""
    args: dict[str, Any] = {
        "host": target.get("host", "localhost"),
        "port": int(target.get("port", 5432)),
        "user": target.get("user"),
        "password": target.get("password", target.get("pass", "")) or None,
        "dbname": dbname or target.get("dbname", target.get("database")),
        "connect_timeout": int(target.get("connect_timeout", 10)),
    }
    for key in _PASSTHROUGH:
        if target.get(key) is not None:
            args[key] = target.get(key)
    return {key: value for key, value in args.items() if value is not None}


def _where(args: dict[str, Any]) -> str:
    return f"PostgreSQL at {args.get('host')}:{args.get('port')} (database {args.get('dbname')}, user {args.get('user')})"


def _create_database(target: Target, dbname: str) -> None:
    args = connection_args(target, MAINTENANCE_DATABASE)
    try:
        con = psycopg2.connect(**args)
    except psycopg2.Error as exc:
        raise RevopsError(f"cannot connect to {_where(args)}: {first_line(exc)}") from None
    try:
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute("select 1 from pg_database where datname = %s", (dbname,))
            if cur.fetchone() is None:
                cur.execute(f"create database {quote_ident(dbname)}")
    except psycopg2.errors.DuplicateDatabase:
        pass
    except psycopg2.Error as exc:
        raise RevopsError(f"cannot create database {dbname!r} on {_where(args)}: {first_line(exc)}") from None
    finally:
        con.close()


def connect(target: Target) -> psycopg2.extensions.connection:
    """Connect to the profile's database, creating it first if it does not exist."""
    args = connection_args(target)
    dbname = str(args.get("dbname") or "")
    if not dbname:
        raise RevopsError(f"target {target.name!r}: no dbname in the profile")
    for attempt in (1, 2):
        try:
            con = psycopg2.connect(**args)
            break
        except psycopg2.OperationalError as exc:
            if attempt == 1 and f'database "{dbname}" does not exist' in str(exc):
                _create_database(target, dbname)
                continue
            raise RevopsError(f"cannot connect to {_where(args)}: {first_line(exc)}") from None
    con.set_client_encoding("UTF8")
    if target.get("role"):
        with con.cursor() as cur:
            cur.execute(f"set role {quote_ident(str(target.get('role')))}")
        con.commit()
    return con


class WithoutTrailingBlankLines:
    """A binary file read in chunks, minus the blank lines at its end (COPY CSV reads a blank line as a
    record with missing columns) and minus a leading UTF-8 byte-order mark (the header is skipped anyway).
    """

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.held = b""  # line ends (and blanks) seen at the end of the last chunk, not yet passed on
        self.started = False

    def read(self, size: int = -1) -> bytes:
        while True:
            chunk = self.handle.read(size if size and size > 0 else -1)
            if not self.started:
                self.started = True
                chunk = chunk.removeprefix(b"\xef\xbb\xbf")
            if not chunk:
                # end of file: the first line end closes the last record, the blank lines after it go
                tail, self.held = self.held, b""
                return b"\r\n" if tail.startswith(b"\r\n") else tail[:1]
            data = self.held + chunk
            body = data.rstrip(b"\r\n")
            self.held = data[len(body):]
            if body:
                return body


def _same_columns(cur: Any, source: CsvSource) -> bool:
    """Whether ``raw.<stem>`` exists with exactly the columns this load writes (else it is replaced)."""
    cur.execute(
        "select column_name from information_schema.columns where table_schema = %s and table_name = %s "
        "order by ordinal_position",
        (RAW_SCHEMA, source.table),
    )
    return [name for (name,) in cur.fetchall()] == [*source.columns, SOURCE_ROW, LOADED_AT]


def load_table(
    con: psycopg2.extensions.connection, source: CsvSource, loaded_at: datetime, merge: bool = False
) -> int:
    """Load one CSV into ``raw.<stem>`` in one transaction (merged with it when ``merge``); the row count."""
    loading = f"{RAW_SCHEMA}.{quote_ident(source.loading_table)}"
    merging = f"{RAW_SCHEMA}.{quote_ident(source.merging_table)}"
    final = f"{RAW_SCHEMA}.{quote_ident(source.table)}"
    column_list = ", ".join(quote_ident(name) for name in source.read_columns)
    column_defs = ", ".join(f"{quote_ident(name)} text" for name in source.columns)
    copy_sql = (
        f"copy {loading} ({column_list}) from stdin "
        f"with (format csv, header true, delimiter ',', quote '\"', escape '\"', "
        f"force_null ({column_list}), encoding 'UTF8')"
    )
    try:
        with con.cursor() as cur:
            cur.execute(f"drop table if exists {loading}")
            cur.execute(
                f"create table {loading} ({column_defs}, "
                f"{SOURCE_ROW} bigint generated always as identity, "
                f"{LOADED_AT} timestamp not null default %s)",
                (loaded_at,),
            )
            with source.path.open("rb") as handle:
                cur.copy_expert(copy_sql, WithoutTrailingBlankLines(handle), size=COPY_CHUNK_BYTES)
            count = cur.rowcount
            cur.execute(f"alter table {loading} alter column {SOURCE_ROW} drop identity")
            cur.execute(f"alter table {loading} alter column {SOURCE_ROW} set not null")
            cur.execute(f"alter table {loading} alter column {LOADED_AT} drop default")
            if merge and _same_columns(cur, source):
                cur.execute(f"drop table if exists {merging}")
                select = merge_select(source, final, loading, text_type="text", quote=quote_ident)
                cur.execute(f"create table {merging} as {select}")
                cur.execute(f"alter table {merging} alter column {SOURCE_ROW} set not null")
                cur.execute(f"alter table {merging} alter column {LOADED_AT} set not null")
                cur.execute(f"drop table {loading}")
                loading = merging
            cur.execute(f"drop table if exists {final} cascade")
            cur.execute(f"alter table {loading} rename to {quote_ident(source.table)}")
            cur.execute(f"analyze {final}")
        con.commit()
    except psycopg2.Error as exc:
        con.rollback()
        raise load_error(source, final, exc) from None
    except BaseException:
        con.rollback()
        raise
    return int(count)


def load_postgres(
    target: Target,
    sources: list[CsvSource],
    loaded_at: datetime,
    progress: ProgressFn | None = None,
    merge: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Load every source into the PostgreSQL database of ``target``; the tables in ``merge`` incrementally."""
    con = connect(target)
    try:
        with con.cursor() as cur:
            cur.execute(f"create schema if not exists {RAW_SCHEMA}")
        con.commit()
        counts: dict[str, int] = {}
        for source in sources:
            started = time.perf_counter()
            counts[source.stem] = load_table(con, source, loaded_at, source.stem in merge)
            if progress is not None:
                progress(source.stem, counts[source.stem], time.perf_counter() - started)
        return counts
    finally:
        con.close()
