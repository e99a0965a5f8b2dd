"""``revops load`` on each engine: row counts, record numbers, NULLs, free text, atomicity.

DuckDB runs on a temporary database file. PostgreSQL uses the throwaway database ``revops_pytest``
on the server of the profile defaults (REVOPS_PG_* env vars); it is skipped when unreachable, unless
``CI=true``, where it fails. Spark is slow (JVM start): marked ``slow`` and run only with
``pytest -m slow`` or ``REVOPS_TEST_SPARK=1``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from test_load_common import TABLES, rep_rows, ticket_rows, write_csv, write_sources

from revops.errors import RevopsError
from revops.load import load
from revops.profile import Target

# Override to run two checkouts side by side on one server.
PG_TEST_DB = os.environ.get("REVOPS_LOADER_TEST_DB", "revops_pytest")


def _pg_config(dbname: str) -> dict[str, Any]:
    return {
        "type": "postgres",
        "host": os.environ.get("REVOPS_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("REVOPS_PG_PORT", "5432")),
        "user": os.environ.get("REVOPS_PG_USER", "postgres"),
        "password": os.environ.get("REVOPS_PG_PASSWORD", ""),
        "dbname": dbname,
        "connect_timeout": 3,
    }


def _pg_connect(dbname: str) -> Any:
    import psycopg2

    config = _pg_config(dbname)
    return psycopg2.connect(
        host=config["host"],
        port=config["port"],
        user=config["user"],
        password=config["password"] or None,
        dbname=dbname,
        connect_timeout=3,
    )


def require_postgres() -> None:
    """Skip (or, with CI=true, fail) when the PostgreSQL server is unreachable."""
    import psycopg2

    try:
        _pg_connect("postgres").close()
    except psycopg2.OperationalError as exc:
        reason = f"PostgreSQL unreachable at {_pg_config('postgres')['host']}:{_pg_config('postgres')['port']}: {str(exc).strip().splitlines()[0]}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true requires PostgreSQL)")
        pytest.skip(reason)


class Engine:
    """A target plus a way to query it, per engine."""

    name: str
    target: Target
    types: dict[str, str]

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def raw_tables(self) -> set[str]:
        return {row[0] for row in self.query("select table_name from information_schema.tables where table_schema = 'raw'")}

    def columns(self, table: str) -> list[tuple[str, str]]:
        return [
            (str(name), str(kind))
            for name, kind in self.query(
                "select column_name, data_type from information_schema.columns "
                f"where table_schema = 'raw' and table_name = '{table}' order by ordinal_position"
            )
        ]

    def scalar(self, sql: str) -> Any:
        return self.query(sql)[0][0]


class DuckDBEngine(Engine):
    name = "duckdb"
    types = {"text": "VARCHAR", "bigint": "BIGINT", "timestamp": "TIMESTAMP"}

    def __init__(self, folder: Path) -> None:
        self.path = folder / "warehouse.duckdb"
        # Same settings as profiles.yml.example: preserve_insertion_order is off there for dbt.
        self.target = Target(
            name="duckdb",
            type="duckdb",
            config={
                "type": "duckdb",
                "path": str(self.path),
                "settings": {
                    "memory_limit": "1GB",
                    "temp_directory": str(folder / "duckdb_tmp"),
                    "preserve_insertion_order": False,
                },
            },
        )

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        import duckdb

        if not self.path.exists():
            return []
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()


class PostgresEngine(Engine):
    name = "postgres"
    types = {"text": "text", "bigint": "bigint", "timestamp": "timestamp without time zone"}

    def __init__(self) -> None:
        self.target = Target(name="postgres", type="postgres", config=_pg_config(PG_TEST_DB))
        con = _pg_connect("postgres")
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute("select 1 from pg_database where datname = %s", (PG_TEST_DB,))
            exists = cur.fetchone() is not None
        con.close()
        if exists:
            con = _pg_connect(PG_TEST_DB)
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute("drop schema if exists raw cascade")
                cur.execute("drop schema if exists staging cascade")
            con.close()

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        con = _pg_connect(PG_TEST_DB)
        try:
            with con.cursor() as cur:
                cur.execute(sql)
                return cur.fetchall()
        finally:
            con.close()


class SparkEngine(Engine):
    name = "spark"
    types = {"text": "string", "bigint": "bigint", "timestamp": "timestamp"}

    def __init__(self, folder: Path) -> None:
        self.target = Target(
            name="spark",
            type="spark",
            config={
                "type": "spark",
                "method": "session",
                "server_side_parameters": {
                    "spark.master": "local[2]",
                    "spark.driver.memory": "2g",
                    "spark.sql.shuffle.partitions": "2",
                    "spark.ui.enabled": "false",
                    "spark.sql.session.timeZone": "UTC",
                    "spark.sql.warehouse.dir": str(folder / "warehouse"),
                    "spark.hadoop.javax.jdo.option.ConnectionURL": f"jdbc:derby:;databaseName={folder}/metastore_db;create=true",
                    "spark.driver.extraJavaOptions": f"-Dderby.system.home={folder}",
                },
            },
        )
        from revops.load.spark_loader import session

        self.spark = session(self.target)
        self.spark.sql("create database if not exists raw")
        for row in self.spark.sql("show tables in raw").collect():
            self.spark.sql(f"drop table if exists raw.{row.tableName}")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.spark.sql(sql).collect()]

    def raw_tables(self) -> set[str]:
        return {row.tableName for row in self.spark.sql("show tables in raw").collect() if not row.isTemporary}

    def columns(self, table: str) -> list[tuple[str, str]]:
        return [(field.name, field.dataType.simpleString()) for field in self.spark.table(f"raw.{table}").schema.fields]


def _spark_enabled(config: pytest.Config) -> bool:
    markexpr = config.getoption("markexpr") or ""
    return os.environ.get("REVOPS_TEST_SPARK") == "1" or ("slow" in markexpr and "not slow" not in markexpr)


@pytest.fixture(scope="module")
def spark_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spark")


@pytest.fixture(
    params=[
        "duckdb",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("spark", marks=pytest.mark.slow),
    ]
)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "duckdb":
        yield DuckDBEngine(tmp_path)
    elif request.param == "postgres":
        require_postgres()
        yield PostgresEngine()
    else:
        if not _spark_enabled(request.config):
            pytest.skip("Spark loader test is slow: run with `pytest -m slow` or REVOPS_TEST_SPARK=1")
        yield SparkEngine(request.getfixturevalue("spark_folder"))


def _load(
    engine: Engine, folder: Path, tables: dict[str, tuple[str, ...]] = TABLES, *, full: bool = False
) -> dict[str, int]:
    # tickets stands for an event table (loaded incrementally), reps for an entity table (replaced)
    return load(engine.target, folder, tables=tables, full=full, incremental=("tickets",))


# ---------------------------------------------------------------- tests


def test_round_trip_counts_and_columns(engine: Engine, tmp_path: Path) -> None:
    source = write_sources(tmp_path / "raw", tickets=500, reps=7)
    counts = _load(engine, source)
    assert counts == {"tickets": 500, "reps": 7}
    assert engine.scalar("select count(*) from raw.tickets") == 500
    assert engine.scalar("select count(*) from raw.reps") == 7
    text, bigint, timestamp = engine.types["text"], engine.types["bigint"], engine.types["timestamp"]
    assert engine.columns("tickets") == [
        ("ticket_id", text),
        ("subject", text),
        ("description", text),
        ("priority", text),
        ("_source_row", bigint),
        ("_loaded_at", timestamp),
    ]
    assert engine.raw_tables() == {"tickets", "reps"}


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_source_row_is_the_record_number(engine: Engine, tmp_path: Path, crlf: bool) -> None:
    # Big enough for parallel CSV scanning; a third of the records span three physical lines.
    records = 120_000
    source = write_sources(tmp_path / "raw", tickets=records, reps=3, crlf=crlf)
    assert _load(engine, source)["tickets"] == records
    assert engine.scalar("select count(*) from raw.tickets where cast(ticket_id as bigint) <> _source_row") == 0
    assert engine.scalar("select min(_source_row) from raw.tickets") == 1
    assert engine.scalar("select max(_source_row) from raw.tickets") == records
    assert engine.scalar("select count(distinct _source_row) from raw.tickets") == records
    expected = {int(row[0]): row[2] for row in ticket_rows(30)}
    got = dict(engine.query("select _source_row, description from raw.tickets where _source_row <= 30"))
    if engine.name == "spark" and crlf:
        # Spark's CSV parser normalises CRLF inside quoted fields to LF when the file's own line
        # ends are CRLF (the generator writes LF line ends, where CRLF in a field survives).
        expected = {number: text.replace("\r\n", "\n") for number, text in expected.items()}
    assert got == {number: (text or None) for number, text in expected.items()}
    assert got[3] == expected[3] and got[3].count("\n") == 2
    assert got[5] == 'he said "stop", then 5'


def test_empty_fields_are_null(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    # unquoted empty, quoted empty, a lone space (kept) and a quoted comma
    (folder / "tickets.csv").write_text(
        'TICKET_ID,SUBJECT,DESCRIPTION,PRIORITY\n1,,"",Low\n2," ","a, b",\n3,"x",,""\n', encoding="utf-8"
    )
    write_csv(folder / "reps.csv", TABLES["reps"], rep_rows(2))
    _load(engine, folder)
    rows = engine.query("select ticket_id, subject, description, priority from raw.tickets order by _source_row")
    assert rows == [("1", None, None, "Low"), ("2", " ", "a, b", None), ("3", "x", None, None)]
    assert engine.query("select rep_id, region from raw.reps order by _source_row") == [("R0001", "EMEA"), ("R0002", None)]


def test_loaded_at_is_one_value_per_run(engine: Engine, tmp_path: Path) -> None:
    source = write_sources(tmp_path / "raw", tickets=40, reps=4)
    before = datetime.utcnow()
    _load(engine, source)
    stamps = {row[0] for row in engine.query("select distinct _loaded_at from raw.tickets")}
    stamps |= {row[0] for row in engine.query("select distinct _loaded_at from raw.reps")}
    assert len(stamps) == 1
    (stamp,) = stamps
    assert abs((stamp - before).total_seconds()) < 120


def test_nothing_is_loaded_when_one_header_is_wrong(engine: Engine, tmp_path: Path) -> None:
    folder = write_sources(tmp_path / "raw")
    write_csv(folder / "reps.csv", ("rep_id", "full_name"), [("R1", "A")])
    with pytest.raises(RevopsError, match="reps.csv: wrong header"):
        _load(engine, folder)
    assert engine.raw_tables() == set()


def test_failed_load_keeps_the_previous_table(engine: Engine, tmp_path: Path) -> None:
    good = write_sources(tmp_path / "good", tickets=50, reps=5)
    _load(engine, good)
    before = sorted(engine.query("select ticket_id, description, _source_row, _loaded_at from raw.tickets"))
    assert len(before) == 50

    # Second load: a long file that turns malformed deep inside (an extra field), after the
    # scanner has read plenty of good records.
    bad = tmp_path / "bad"
    rows = [list(row) for row in ticket_rows(60_000)]
    rows[40_000] = [*rows[40_000], "one field too many"]
    write_csv(bad / "tickets.csv", TABLES["tickets"], rows)
    write_csv(bad / "reps.csv", TABLES["reps"], rep_rows(9))
    with pytest.raises(RevopsError, match="tickets"):
        _load(engine, bad)

    after = sorted(engine.query("select ticket_id, description, _source_row, _loaded_at from raw.tickets"))
    assert after == before
    assert engine.raw_tables() == {"tickets", "reps"}
    assert not any(name.endswith("__loading") for name in engine.raw_tables())


def test_export_quirks_load_by_name(engine: Engine, tmp_path: Path) -> None:
    """BOM, CRLF, columns in another order with whitespace and case in the header, blank trailing lines."""
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "tickets.csv").write_bytes(
        b'\xef\xbb\xbf PRIORITY ,description,Ticket_Id,SUBJECT\r\nLow,"two\r\nlines",1,a\r\nHigh,,2,b\r\n\r\n\r\n'
    )
    write_csv(folder / "reps.csv", TABLES["reps"], rep_rows(2), crlf=True)
    assert _load(engine, folder) == {"tickets": 2, "reps": 2}
    rows = engine.query("select ticket_id, subject, description, priority, _source_row from raw.tickets order by 5")
    two_lines = "two\nlines" if engine.name == "spark" else "two\r\nlines"
    assert rows == [("1", "a", two_lines, "Low", 1), ("2", "b", None, "High", 2)]
    assert [name for name, _ in engine.columns("tickets")][:4] == ["ticket_id", "subject", "description", "priority"]


def test_ragged_record_is_one_clear_line(engine: Engine, tmp_path: Path) -> None:
    folder = write_sources(tmp_path / "raw", tickets=5, reps=2)
    rows = [list(row) for row in ticket_rows(5)]
    rows[3] = [*rows[3], "one field too many"]
    write_csv(folder / "tickets.csv", TABLES["tickets"], rows)
    with pytest.raises(RevopsError) as caught:
        _load(engine, folder)
    message = str(caught.value)
    assert "\n" not in message
    assert "tickets.csv" in message and "ragged record at record 4 (line 7): 5 fields, expected 4" in message


def test_reload_replaces_the_table(engine: Engine, tmp_path: Path) -> None:
    _load(engine, write_sources(tmp_path / "one", tickets=30, reps=2))
    _load(engine, write_sources(tmp_path / "two", tickets=12, reps=3))
    assert engine.scalar("select count(*) from raw.tickets") == 12
    assert engine.scalar("select count(*) from raw.reps") == 3
    assert engine.raw_tables() == {"tickets", "reps"}


def _identities(engine: Engine) -> dict[tuple[Any, ...], list[tuple[int, datetime]]]:
    """Per ticket record (every column), the (_source_row, _loaded_at) of its copies in raw."""
    found: dict[tuple[Any, ...], list[tuple[int, datetime]]] = {}
    rows = engine.query("select ticket_id, subject, description, priority, _source_row, _loaded_at from raw.tickets")
    for *record, number, stamp in rows:
        found.setdefault(tuple(record), []).append((int(number), stamp))
    return {record: sorted(copies) for record, copies in found.items()}


def _records(rows: list[tuple[str, str, str, str]]) -> list[tuple[str | None, ...]]:
    return [tuple(value or None for value in row) for row in rows]


def test_event_table_keeps_the_identity_of_rows_it_holds(engine: Engine, tmp_path: Path) -> None:
    first = ticket_rows(60)
    first[7] = first[6]  # two identical records (a real fault): two rows
    write_csv(tmp_path / "one" / "tickets.csv", TABLES["tickets"], first)
    write_csv(tmp_path / "one" / "reps.csv", TABLES["reps"], rep_rows(4))
    _load(engine, tmp_path / "one")
    before = _identities(engine)
    old_stamp = before[_records([first[0]])[0]][0][1]
    assert before[_records([first[6]])[0]] == [(7, old_stamp), (8, old_stamp)]
    assert engine.query("select distinct _loaded_at from raw.reps") == [(old_stamp,)]

    # The next export: row 10 gone, row 20 changed, three new records (one between old ones, two at
    # the end), row 3 exported twice now (one copy is new), the duplicate pair of rows 7 and 8 kept.
    extra = ticket_rows(63)[60:]
    second = list(first)
    changed_row = (first[19][0], "changed subject", first[19][2], first[19][3])
    second[19] = changed_row
    del second[9]
    second.insert(30, extra[0])
    second.insert(4, first[2])
    second += extra[1:]
    write_csv(tmp_path / "two" / "tickets.csv", TABLES["tickets"], second)
    write_csv(tmp_path / "two" / "reps.csv", TABLES["reps"], rep_rows(4))
    assert _load(engine, tmp_path / "two") == {"tickets": len(second), "reps": 4}
    after = _identities(engine)

    # raw holds exactly the export's records, copies included
    assert sorted((record, len(copies)) for record, copies in after.items()) == sorted(
        (record, _records(second).count(record)) for record in set(_records(second))
    )
    (new_stamp,) = {stamp for copies in after.values() for _, stamp in copies} - {old_stamp}
    assert new_stamp > old_stamp
    unchanged = [record for index, record in enumerate(_records(first)) if index not in (9, 19)]
    for record in set(unchanged):
        assert after[record][: len(before[record])] == before[record], record
    # new records: the previous maximum (60) plus their record number in the new file, so in file order
    new = [(number, record) for record, copies in after.items() for number, stamp in copies if stamp == new_stamp]
    changed, inserted, third, fourth = _records([changed_row, extra[0], extra[1], extra[2]])
    assert second[4] == first[2] and second[19] == changed_row and second[31] == extra[0]
    assert sorted(new) == [(65, _records([first[2]])[0]), (80, changed), (92, inserted), (122, third), (123, fourth)]
    assert _records([first[9]])[0] not in after
    # the entity table is replaced: every row carries the new load's stamp
    assert {row[0] for row in engine.query("select distinct _loaded_at from raw.reps")} == {new_stamp}

    # the same export again: nothing is new
    _load(engine, tmp_path / "two")
    assert _identities(engine) == after


def test_full_load_replaces_an_event_table(engine: Engine, tmp_path: Path) -> None:
    _load(engine, write_sources(tmp_path / "one", tickets=30, reps=2))
    _load(engine, write_sources(tmp_path / "two", tickets=31, reps=2), full=True)
    assert engine.scalar("select count(distinct _loaded_at) from raw.tickets") == 1
    assert engine.scalar("select count(*) from raw.tickets where cast(ticket_id as bigint) <> _source_row") == 0
    assert engine.scalar("select count(*) from raw.tickets") == 31


# ---------------------------------------------------------------- engine specifics


def test_duckdb_views_on_raw_survive_a_reload(tmp_path: Path) -> None:
    import duckdb

    engine = DuckDBEngine(tmp_path)
    _load(engine, write_sources(tmp_path / "one", tickets=30, reps=2))
    con = duckdb.connect(str(engine.path))
    con.execute("create schema staging")
    con.execute("create view staging.stg_reps as select rep_id from raw.reps")
    con.close()
    _load(engine, write_sources(tmp_path / "two", tickets=30, reps=6))
    assert engine.scalar("select count(*) from staging.stg_reps") == 6


def test_duckdb_merge_never_matches_rows_whose_hash_collides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB fingerprints a merge with its 64-bit ``hash``; a row hash that collides all the time
    (``least`` of the columns: every ticket of one priority shares it) must still leave raw holding
    exactly the export's records, the changed one with its new value."""
    from revops.load import duckdb_loader

    monkeypatch.setattr(duckdb_loader, "ROW_HASH", "least")
    engine = DuckDBEngine(tmp_path)
    first = ticket_rows(40)
    write_csv(tmp_path / "one" / "tickets.csv", TABLES["tickets"], first)
    write_csv(tmp_path / "one" / "reps.csv", TABLES["reps"], rep_rows(2))
    _load(engine, tmp_path / "one")
    second = list(first)
    second[5] = (first[5][0], "changed subject", first[5][2], first[5][3])
    second.append(first[8])
    write_csv(tmp_path / "two" / "tickets.csv", TABLES["tickets"], second)
    write_csv(tmp_path / "two" / "reps.csv", TABLES["reps"], rep_rows(2))
    _load(engine, tmp_path / "two")
    rows = engine.query("select ticket_id, subject, description, priority from raw.tickets")
    assert sorted(rows, key=str) == sorted(_records(second), key=str)
    assert engine.scalar("select count(distinct _source_row) from raw.tickets") == len(second)


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_duckdb_source_row_with_parallel_buffers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crlf: bool) -> None:
    """Small read buffers make DuckDB scan the file as many chunks in parallel; order must hold."""
    from revops.load import duckdb_loader

    monkeypatch.setattr(duckdb_loader, "BUFFER_SIZE", 256 * 1024)
    engine = DuckDBEngine(tmp_path)
    records = 150_000
    source = write_sources(tmp_path / "raw", tickets=records, reps=2, crlf=crlf)
    assert (source / "tickets.csv").stat().st_size > 20 * 256 * 1024
    assert _load(engine, source)["tickets"] == records
    assert engine.scalar("select count(*) from raw.tickets where cast(ticket_id as bigint) <> _source_row") == 0
    assert engine.scalar("select count(*) from raw.tickets where description like '%line two%'") == records // 3 - records // 15 - records // 21 + records // 105


@pytest.mark.postgres
def test_postgres_creates_the_database(tmp_path: Path) -> None:
    require_postgres()
    dbname = "revops_pytest_create"
    admin = _pg_connect("postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"drop database if exists {dbname}")
    try:
        target = Target(name="postgres", type="postgres", config=_pg_config(dbname))
        assert load(target, write_sources(tmp_path / "raw", tickets=3, reps=1), tables=TABLES) == {"tickets": 3, "reps": 1}
        con = _pg_connect(dbname)
        with con.cursor() as cur:
            cur.execute("select count(*) from raw.tickets")
            assert cur.fetchone() == (3,)
        con.close()
    finally:
        with admin.cursor() as cur:
            cur.execute(f"drop database if exists {dbname}")
        admin.close()


@pytest.mark.postgres
def test_postgres_reload_drops_dependent_views(tmp_path: Path) -> None:
    """dbt's staging views over raw are dropped with the old table (dbt build recreates them)."""
    require_postgres()
    engine = PostgresEngine()
    _load(engine, write_sources(tmp_path / "one", tickets=3, reps=2))
    con = _pg_connect(PG_TEST_DB)
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("create schema if not exists staging")
        cur.execute("create view staging.stg_reps as select rep_id from raw.reps")
    con.close()
    assert _load(engine, write_sources(tmp_path / "two", tickets=3, reps=4)) == {"tickets": 3, "reps": 4}
    assert engine.scalar("select count(*) from raw.reps") == 4
    assert engine.scalar("select count(*) from information_schema.views where table_schema = 'staging'") == 0
