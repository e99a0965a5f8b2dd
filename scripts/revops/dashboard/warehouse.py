"""A read-only connection to the marts of a built warehouse, shared by ``revops report`` and ``revops dashboard``.

DuckDB is opened read-only (the file is never created or written); PostgreSQL through psycopg2 in a
read-only, autocommit session. Spark has no lightweight client: both commands refuse it with one line.
Queries take ``?`` placeholders on every engine. Safe to call from several threads (the dashboard's server):
DuckDB gets a cursor per query, PostgreSQL queries are serialised on one connection.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from revops.errors import RevopsError, UsageError
from revops.profile import Target

Row = dict[str, Any]


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class Warehouse:
    """Read-only access to schemas ``marts`` and ``audit``: ``tables`` lists (schema, table) pairs."""

    def __init__(self, target: Target, command: str = "revops report") -> None:
        self.target = target
        self._conn: Any = None
        self._lock = threading.Lock()
        if target.type == "duckdb":
            self._open_duckdb()
        elif target.type == "postgres":
            self._open_postgres()
        elif target.type == "spark":
            raise UsageError(
                f"{command} reads DuckDB or PostgreSQL; Spark is not supported "
                "(use --target duckdb or --target postgres)"
            )
        else:  # pragma: no cover - load_target rejects other types
            raise UsageError(f"{command} does not support target type {target.type!r}")
        self.tables = self._list_tables()

    def _open_duckdb(self) -> None:
        import duckdb

        path = Path(str(self.target.get("path", "data/revops.duckdb")))
        self.where = str(path)
        if not path.is_file():
            raise RevopsError(
                f"no DuckDB warehouse at {path} (build it first: `make demo`, or `revops load` and `dbt build`)"
            )
        try:
            self._conn = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as exc:
            raise RevopsError(f"cannot open the DuckDB warehouse {path} read-only: {first_line(exc)}") from None

    def _open_postgres(self) -> None:
        import psycopg2

        cfg = self.target.config
        self.where = (
            f"postgresql://{cfg.get('user', '')}@{cfg.get('host', '')}:{cfg.get('port', 5432)}/{cfg.get('dbname', '')}"
        )
        try:
            self._conn = psycopg2.connect(
                host=cfg.get("host"),
                port=int(cfg.get("port", 5432)),
                user=cfg.get("user"),
                password=cfg.get("password") or None,
                dbname=cfg.get("dbname"),
                connect_timeout=int(cfg.get("connect_timeout", 5) or 5),
            )
        except psycopg2.Error as exc:
            raise RevopsError(f"cannot connect to PostgreSQL {self.where}: {first_line(exc)}") from None
        self._conn.set_session(readonly=True, autocommit=True)

    def _list_tables(self) -> set[tuple[str, str]]:
        rows = self.query(
            "select table_schema, table_name from information_schema.tables where table_schema in ('marts', 'audit')"
        )
        return {(str(r["table_schema"]).lower(), str(r["table_name"]).lower()) for r in rows}

    def has(self, schema: str, table: str) -> bool:
        return (schema, table) in self.tables

    @property
    def has_marts(self) -> bool:
        return any(schema == "marts" for schema, _ in self.tables)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of ``sql`` as dicts; ``?`` placeholders take ``params``."""
        if self.target.type == "duckdb":
            cursor = self._conn.cursor()
            try:
                cursor.execute(sql, list(params))
                names = [d[0] for d in cursor.description]
                return [dict(zip(names, values)) for values in cursor.fetchall()]
            finally:
                cursor.close()
        with self._lock, self._conn.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), tuple(params))
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, values)) for values in cursor.fetchall()]

    def frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """``query`` as a DataFrame, decimals as floats (columns kept when there is no row)."""
        if self.target.type == "duckdb":
            cursor = self._conn.cursor()
            try:
                frame = cursor.execute(sql, list(params)).df()
            finally:
                cursor.close()
        else:
            with self._lock, self._conn.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), tuple(params))
                names = [d[0] for d in cursor.description]
                frame = pd.DataFrame(cursor.fetchall(), columns=names)
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, Decimal)).any():
                frame[column] = frame[column].map(to_float)
        return frame

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def to_float(value: Any) -> float | None:
    """A database value as float (Decimal, int, float); None for null/NaN."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(result) else result
