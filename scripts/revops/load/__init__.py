"""``revops load``: bulk-load the raw CSV files into schema ``raw`` of a dbt target.

Every file is checked first (present, exact header); then each table is loaded in bulk into
``raw.<stem>__loading`` and swapped in for ``raw.<stem>``, so a failed load leaves the previous
table intact. Engines: DuckDB (``read_csv``), PostgreSQL (``COPY FROM STDIN``), Spark (``read.csv``).
Event tables are merged with the table they replace (common.py: identities of unchanged rows kept).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from revops.errors import RevopsError
from revops.load.common import (
    EVENT_TABLES,
    LOADED_AT,
    LOADING_SUFFIX,
    RAW_SCHEMA,
    SOURCE_ROW,
    CsvSource,
    ProgressFn,
    check_sources,
    load_timestamp,
)
from revops.profile import Target

__all__ = [
    "EVENT_TABLES",
    "LOADED_AT",
    "LOADING_SUFFIX",
    "RAW_SCHEMA",
    "SOURCE_ROW",
    "CsvSource",
    "ProgressFn",
    "check_sources",
    "load",
]


def raw_tables() -> Mapping[str, tuple[str, ...]]:
    """The 17 raw tables and their exact CSV headers, owned by the generator."""
    from revops.generate import TABLE_COLUMNS

    return TABLE_COLUMNS


def load(
    target: Target,
    source_dir: Path,
    *,
    tables: Mapping[str, Iterable[str]] | None = None,
    progress: ProgressFn | None = None,
    full: bool = False,
    incremental: Iterable[str] = EVENT_TABLES,
) -> dict[str, int]:
    """Load every table of ``tables`` (default: all raw tables) from ``source_dir``; rows per table.

    The tables named in ``incremental`` (default: the event tables) are merged with their existing raw
    table, keeping the identity of unchanged rows (common.py); ``full`` replaces every table instead.
    """
    sources = check_sources(Path(source_dir), raw_tables() if tables is None else tables)
    merge = frozenset() if full else frozenset(incremental)
    loaded_at = load_timestamp()
    if target.type == "duckdb":
        from revops.load.duckdb_loader import load_duckdb as engine_load
    elif target.type == "postgres":
        from revops.load.postgres_loader import load_postgres as engine_load
    elif target.type == "spark":
        from revops.load.spark_loader import load_spark as engine_load
    else:
        raise RevopsError(f"target {target.name!r}: cannot load into a {target.type!r} warehouse")
    return engine_load(target, sources, loaded_at, progress, merge)
