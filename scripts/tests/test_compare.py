"""The engine comparison treats legitimately different representations as equal, and nothing else."""

from datetime import date, datetime
from decimal import Decimal

from revops.compare import compare_tables, normalise


def test_normalise_makes_engine_representations_equal() -> None:
    assert normalise(Decimal("0.2500000")) == normalise(0.25) == "0.250000"
    assert normalise(Decimal("2")) == normalise(2.0)
    assert normalise(datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02 03:04:05"
    assert normalise(date(2024, 1, 2)) == "2024-01-02"
    assert normalise(True) == "true"
    assert normalise(None) != normalise("")
    assert normalise(-0.0) == normalise(0.0)


def test_equal_tables_in_any_row_order() -> None:
    left = (("id", "amount"), [(1, Decimal("10.50")), (2, None)])
    right = (("id", "amount"), [(2, None), (1, 10.5)])
    assert compare_tables("t", left, right) == []


def test_a_changed_value_is_reported() -> None:
    left = (("id", "amount"), [(1, Decimal("10.50")), (2, Decimal("3.00"))])
    right = (("id", "amount"), [(1, Decimal("10.50")), (2, Decimal("3.01"))])
    problems = compare_tables("t", left, right)
    assert problems and "1 only on the left, 1 only on the right" in problems[0]


def test_a_duplicated_row_is_reported() -> None:
    left = (("id",), [(1,), (1,)])
    right = (("id",), [(1,)])
    assert compare_tables("t", left, right)


def test_different_columns_are_reported() -> None:
    assert compare_tables("t", (("a",), []), (("b",), []))


def test_compare_reads_every_named_schema(tmp_path) -> None:
    import duckdb

    from revops.compare import compare
    from revops.profile import Target

    paths = [tmp_path / "left.duckdb", tmp_path / "right.duckdb"]
    for path, audit_value in zip(paths, (1, 2)):
        con = duckdb.connect(str(path))
        con.execute("create schema marts; create schema audit")
        con.execute("create table marts.m as select 1 as id")
        con.execute(f"create table audit.a as select {audit_value} as id")
        con.close()
    left, right = (Target(name=path.stem, type="duckdb", config={"path": str(path)}) for path in paths)
    assert compare(left, right) == []
    problems = compare(left, right, ("marts", "audit"))
    assert problems and problems[0].startswith("audit.a: 1 vs 1 rows")
