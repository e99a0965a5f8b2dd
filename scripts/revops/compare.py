"""Prove that two warehouses hold the same marts: ``python -m revops.compare duckdb postgres``.

Every table of schema ``marts`` (``--schemas`` names others: ``staging,intermediate,marts,audit``) is read
from both dbt profile targets and compared as a multiset of
rows (order-free), after normalising values the engines legitimately return differently: decimals and
floats to 6 decimal places, dates and timestamps to ISO text, booleans to true/false. A table missing on
one side, a different column list or any differing row is reported, and the exit code is 1.

A target may name another DuckDB file as ``duckdb:<path>`` (the ``duckdb`` target with that path): that is
how an incremental build is proved equal to a full refresh (``make test-incremental``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from revops.errors import RevopsError
from revops.profile import Target, load_target

SCHEMA = "marts"
NULL = "<null>"
# Not a dbt model: the PostgreSQL-only row-level-security mapping that macros/security creates and keeps.
NOT_MODELS = frozenset({"territory_manager_access"})

Table = tuple[tuple[str, ...], list[tuple[Any, ...]]]
Reader = Callable[[str], Table]


def normalise(value: Any) -> str:
    """One text form per value, so DuckDB, PostgreSQL and Spark results compare equal."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Decimal, float)):
        number = float(value)
        if number != number:  # NaN
            return "nan"
        return f"{round(number, 6) + 0.0:.6f}"
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def fingerprint(rows: Iterable[Sequence[Any]]) -> Counter[tuple[str, ...]]:
    return Counter(tuple(normalise(value) for value in row) for row in rows)


def compare_tables(name: str, left: Table, right: Table, show: int = 3) -> list[str]:
    """Human-readable differences between two reads of one table (empty when equal)."""
    (left_columns, left_rows), (right_columns, right_rows) = left, right
    if [c.lower() for c in left_columns] != [c.lower() for c in right_columns]:
        return [f"{name}: columns differ: {list(left_columns)} vs {list(right_columns)}"]
    left_print, right_print = fingerprint(left_rows), fingerprint(right_rows)
    if left_print == right_print:
        return []
    only_left = list((left_print - right_print).elements())
    only_right = list((right_print - left_print).elements())
    problems = [
        f"{name}: {len(left_rows)} vs {len(right_rows)} rows; "
        f"{len(only_left)} only on the left, {len(only_right)} only on the right"
    ]
    problems += [f"    left : {dict(zip(left_columns, row))}" for row in only_left[:show]]
    problems += [f"    right: {dict(zip(right_columns, row))}" for row in only_right[:show]]
    return problems


def _duckdb_reader(target: Target, schema: str) -> tuple[list[str], Reader]:
    import duckdb

    con = duckdb.connect(str(target.get("path")), read_only=True)
    tables = [
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
        ).fetchall()
    ]

    def read(table: str) -> Table:
        cursor = con.execute(f'select * from {schema}."{table}"')
        return tuple(column[0] for column in cursor.description), cursor.fetchall()

    return tables, read


def _postgres_reader(target: Target, schema: str) -> tuple[list[str], Reader]:
    from revops.load.postgres_loader import connect

    con = connect(target)
    with con.cursor() as cursor:
        cursor.execute(
            "select table_name from information_schema.tables where table_schema = %s order by 1", [schema]
        )
        tables = [row[0] for row in cursor.fetchall()]

    def read(table: str) -> Table:
        with con.cursor() as cursor:
            cursor.execute(f'select * from {schema}."{table}"')
            return tuple(column[0] for column in cursor.description), cursor.fetchall()

    return tables, read


def _spark_reader(target: Target, schema: str) -> tuple[list[str], Reader]:
    from revops.load.spark_loader import session

    spark = session(target)
    tables = sorted(row.name for row in spark.catalog.listTables(schema) if not row.isTemporary)

    def read(table: str) -> Table:
        frame = spark.table(f"{schema}.{table}")
        return tuple(frame.columns), [tuple(row) for row in frame.collect()]

    return tables, read


READERS: dict[str, Callable[[Target, str], tuple[list[str], Reader]]] = {
    "duckdb": _duckdb_reader,
    "postgres": _postgres_reader,
    "spark": _spark_reader,
}


def compare(left: Target, right: Target, schemas: Sequence[str] = (SCHEMA,)) -> list[str]:
    problems: list[str] = []
    for schema in schemas:
        left_tables, read_left = READERS[left.type](left, schema)
        right_tables, read_right = READERS[right.type](right, schema)
        left_tables = [table for table in left_tables if table not in NOT_MODELS]
        right_tables = [table for table in right_tables if table not in NOT_MODELS]
        prefix = "" if schema == SCHEMA else f"{schema}."
        problems += [f"{prefix}{table}: only in {left.name}" for table in sorted(set(left_tables) - set(right_tables))]
        problems += [f"{prefix}{table}: only in {right.name}" for table in sorted(set(right_tables) - set(left_tables))]
        shared = sorted(set(left_tables) & set(right_tables))
        if not shared:
            problems.append(f"no {schema} tables to compare: build both targets first")
        for table in shared:
            problems += compare_tables(prefix + table, read_left(table), read_right(table))
        print(f"compared {len(shared)} {schema} tables of {left.name} and {right.name}", file=sys.stderr)
    return problems


def resolve_target(name: str) -> Target:
    """A dbt profile target, or ``duckdb:<path>``: the profile's duckdb target on another file."""
    kind, separator, path = name.partition(":")
    if not separator:
        return load_target(name)
    target = load_target(kind)
    if target.type != "duckdb" or not path:
        raise RevopsError(f"{name!r}: only a duckdb target takes a file path (duckdb:<path>)")
    if not Path(path).is_file():
        raise RevopsError(f"no DuckDB file at {path}")
    return replace(target, name=name, config={**target.config, "path": path})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m revops.compare", description=__doc__.splitlines()[0])
    parser.add_argument("left", help="dbt profile target, e.g. duckdb")
    parser.add_argument("right", help="dbt profile target, e.g. postgres or spark")
    parser.add_argument("--schemas", default=SCHEMA, help=f"comma-separated schemas to compare (default {SCHEMA})")
    args = parser.parse_args(argv)
    schemas = [schema.strip() for schema in args.schemas.split(",") if schema.strip()]
    try:
        problems = compare(resolve_target(args.left), resolve_target(args.right), schemas)
    except RevopsError as exc:
        print(f"revops compare: error: {exc}", file=sys.stderr)
        return 1
    for line in problems:
        print(line)
    if problems:
        print(f"{'/'.join(schemas)} differ between {args.left} and {args.right}", file=sys.stderr)
        return 1
    print(f"{'/'.join(schemas)} identical on {args.left} and {args.right}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
