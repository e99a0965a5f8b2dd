"""`make bench` and `revops.bench_staging`: what they measure on (the timings themselves are not tested)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from revops.bench import new_day_exports
from revops.bench_staging import repeated_keys_sql
from revops.generate import GenerateOptions
from revops.generate.reference import project_window
from revops.load import raw_tables

REPO = Path(__file__).resolve().parents[2]


def _options(**kw: object) -> GenerateOptions:
    return GenerateOptions(scale=1.0, seed=42, seeds_dir=REPO / "seeds", project_file=REPO / "dbt_project.yml", **kw)


def test_new_day_is_the_projects_as_of_date_and_the_day_before(tmp_path: Path) -> None:
    # the window's end defaults to dbt_project.yml (GenerateOptions.end is None): the bench crashed on it
    as_of = project_window(REPO / "dbt_project.yml")[1]
    assert new_day_exports(_options(), tmp_path, skip_new_day=False) == (
        (tmp_path / f"raw-{as_of - timedelta(days=1)}", as_of - timedelta(days=1)),
        (tmp_path / f"raw-{as_of}", as_of),
    )


def test_skip_new_day_builds_the_last_day_only(tmp_path: Path) -> None:
    end = date(2024, 3, 31)
    assert new_day_exports(_options(end=end), tmp_path, skip_new_day=True) == ((tmp_path / "raw-2024-03-31", end),)


def test_bench_staging_searches_a_column_of_each_raw_table() -> None:
    # the key search of bench_staging names each raw table's key as the loader lands it (lowercase)
    for table, columns in raw_tables().items():
        key = repeated_keys_sql(table).split('"')[1]
        assert key in {column.lower() for column in columns}, table
