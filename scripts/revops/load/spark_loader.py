"""Spark: a local SparkSession built exactly like dbt-spark's ``session`` method, ``read.csv``, parquet.

The session uses Hive support and the profile's ``server_side_parameters`` (warehouse directory,
Derby metastore, ...), the same as dbt-spark, so ``dbt`` sees the tables this loader writes.

Per table: read with ``multiLine`` (RFC 4180 quoted newlines; the file is then one unsplit partition,
read in file order), every column a string, FAILFAST on malformed records; number the records
(``_source_row``), write ``raw.<stem>__loading`` as a parquet table, then drop ``raw.<stem>`` and
rename. Spark has no multi-statement transactions: the swap is best effort, but it starts only after
the new table is fully written, and a failed write drops the half-written ``__loading`` table. An event
table that already exists is merged with it first (``merge_select``, written to ``raw.<stem>__merging``,
which is swapped in instead).
"""

from __future__ import annotations

import time
import warnings
from datetime import datetime
from typing import Any

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
)
from revops.profile import Target


def session(target: Target) -> Any:
    """The SparkSession dbt-spark's session method would use for ``target``."""
    if target.get("method", "session") != "session":
        raise RevopsError(
            f"target {target.name!r}: revops load supports only the dbt-spark 'session' method"
        )
    # PySpark 4.3 warns about pandas 3 on import paths the loader does not use (no pandas conversion).
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise RevopsError("pyspark is not installed (pip install 'dbt-spark[session]')") from None
    builder = SparkSession.builder.enableHiveSupport()
    # Console only (not a warehouse setting): revops prints its own per-table progress.
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    for key, value in (target.get("server_side_parameters") or {}).items():
        builder = builder.config(str(key), str(value))
    try:
        return builder.getOrCreate()
    except Exception as exc:  # JVM start-up failures (no Java, bad memory setting) come as many types
        raise RevopsError(f"cannot start Spark: {first_line(exc)}") from None


def _numbered(spark: Any, frame: Any) -> Any:
    """Append ``_source_row`` (1-based record number in file order)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StructField, StructType

    if frame.rdd.getNumPartitions() == 1:
        # One partition (multiLine files are never split): the id is the position in the file.
        return frame.withColumn(SOURCE_ROW, F.monotonically_increasing_id() + F.lit(1))
    schema = StructType([*frame.schema.fields, StructField(SOURCE_ROW, LongType(), False)])
    rows = frame.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1] + 1))
    return spark.createDataFrame(rows, schema)


def _same_columns(spark: Any, source: CsvSource) -> bool:
    """Whether ``raw.<stem>`` exists with exactly the columns this load writes (else it is replaced)."""
    if not spark.catalog.tableExists(f"{RAW_SCHEMA}.{source.table}"):
        return False
    return spark.table(f"{RAW_SCHEMA}.{source.table}").columns == [*source.columns, SOURCE_ROW, LOADED_AT]


def _merged(spark: Any, source: CsvSource, loading: str, final: str) -> str:
    """Write the merge of ``loading`` with ``final`` to ``raw.<stem>__merging``; drop ``loading``."""
    merging = f"{RAW_SCHEMA}.{source.merging_table}"
    spark.sql(f"drop table if exists {merging}")
    select = merge_select(source, final, loading, text_type="string", quote=lambda name: f"`{name}`")
    spark.sql(select).write.format("parquet").mode("overwrite").saveAsTable(merging)
    spark.sql(f"drop table if exists {loading}")
    return merging


def load_table(spark: Any, source: CsvSource, loaded_at: datetime, merge: bool = False) -> int:
    """Load one CSV into ``raw.<stem>`` (merged with it when ``merge``); returns the row count."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    loading = f"{RAW_SCHEMA}.{source.loading_table}"
    final = f"{RAW_SCHEMA}.{source.table}"
    schema = StructType([StructField(name, StringType(), True) for name in source.read_columns])
    try:
        frame = spark.read.csv(
            str(source.path.resolve()),
            schema=schema,
            header=True,
            multiLine=True,
            quote='"',
            escape='"',
            encoding="UTF-8",
            mode="FAILFAST",
            enforceSchema=True,
        )
        # Empty fields, quoted or not, are NULL (as on DuckDB and PostgreSQL); contract column order.
        frame = frame.select(
            *[F.when(F.col(name) == "", F.lit(None)).otherwise(F.col(name)).alias(name) for name in source.columns]
        )
        frame = _numbered(spark, frame).withColumn(
            LOADED_AT, F.lit(loaded_at.isoformat(sep=" ")).cast("timestamp")
        )
        spark.sql(f"drop table if exists {loading}")
        frame.write.format("parquet").mode("overwrite").saveAsTable(loading)
        if merge and _same_columns(spark, source):
            loading = _merged(spark, source, loading, final)
        count = spark.table(loading).count()
    except Exception as exc:
        for leftover in (loading, f"{RAW_SCHEMA}.{source.loading_table}", f"{RAW_SCHEMA}.{source.merging_table}"):
            try:
                spark.sql(f"drop table if exists {leftover}")
            except Exception:
                pass
        raise load_error(source, final, exc) from None
    try:
        spark.sql(f"drop table if exists {final}")
        spark.sql(f"alter table {loading} rename to {final}")
    except Exception as exc:
        raise RevopsError(f"swapping {loading} into {final} failed: {first_line(exc)}") from None
    return int(count)


def load_spark(
    target: Target,
    sources: list[CsvSource],
    loaded_at: datetime,
    progress: ProgressFn | None = None,
    merge: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Load every source into the Spark warehouse of ``target``; the tables in ``merge`` incrementally."""
    spark = session(target)
    spark.sparkContext.setLogLevel("ERROR")
    spark.sql(f"create database if not exists {RAW_SCHEMA}")
    counts: dict[str, int] = {}
    for source in sources:
        started = time.perf_counter()
        counts[source.stem] = load_table(spark, source, loaded_at, source.stem in merge)
        if progress is not None:
            progress(source.stem, counts[source.stem], time.perf_counter() - started)
    return counts
