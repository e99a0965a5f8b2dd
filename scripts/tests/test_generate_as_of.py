"""`revops generate --as-of`: the export of a day, and how two consecutive days differ."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from revops.cli import main
from revops.generate import generate
from revops.generate.api import build_tables, make_context
from revops.generate.as_of import OPTIONAL_REFERENCES, REQUIRED_REFERENCES, _Cut, cut
from revops.generate.context import DAY, day_number

from conftest import REPO, options

SCALE = 0.05
#: event tables: (table, key, the column dating the event, True if a timestamp)
EVENTS = (
    ("opportunity_stage_history", "history_id", "entered_at", True),
    ("activities", "activity_id", "activity_at", True),
    ("marketing_touches", "touch_id", "touched_at", True),
    ("license_events", "event_id", "event_at", True),
    ("quotes", "QUOTE_ID", "QUOTE_DATE", False),
    ("billing_orders", "order_id", "start_date", False),
)


@pytest.fixture(scope="module")
def world() -> tuple[list, pd.DataFrame, dict[str, str], date]:
    ctx = make_context(options(Path("unused"), scale=SCALE, seed=11))
    tables, links = build_tables(ctx)
    return tables, links, ctx.ref.stage_forecast, date(1970, 1, 1) + timedelta(days=ctx.d1)


def _frame(table) -> pd.DataFrame:
    """The table as written: one column per output column, nulls unified."""
    view = _Cut(table)
    return pd.DataFrame({out: view.get(out) for out, _, _ in table.columns}).astype(object).fillna(-1)


def _same(left: list, right: list) -> None:
    for a, b in zip(left, right, strict=True):
        assert a.name == b.name
        pd.testing.assert_frame_equal(_frame(a), _frame(b), check_dtype=False, obj=a.name)


def test_the_last_day_is_the_full_export(tmp_path: Path) -> None:
    full, last = tmp_path / "full", tmp_path / "last"
    generate(options(full, scale=SCALE, seed=11))
    generate(options(last, scale=SCALE, seed=11, as_of=date(2024, 6, 30)))
    for csv in sorted(full.glob("*.csv")):
        assert csv.read_bytes() == (last / csv.name).read_bytes(), csv.name
    assert (last / "_truth" / "export.json").read_text() == '{"as_of_date": "2024-06-30"}\n'
    assert not (full / "_truth" / "export.json").exists()


@pytest.mark.parametrize("day", [date(2023, 2, 28), date(2023, 8, 14), date(2024, 1, 31), date(2024, 6, 29)])
def test_a_day_and_the_next_differ_by_what_happened_on_the_next(world, day: date) -> None:
    tables, links, stage_forecast, _ = world
    today, _ = cut(tables, links, day, stage_forecast)
    tomorrow, tomorrow_links = cut(tables, links, day + timedelta(days=1), stage_forecast)
    # rolling the next day's export back one day gives this day's export, row for row
    rolled_back, _ = cut(tomorrow, tomorrow_links, day, stage_forecast)
    _same(rolled_back, today)
    # nothing disappears, and every event added is dated the next day
    by_name = {t.name: (a, b) for t, a, b in zip(tables, today, tomorrow)}
    next_day = day_number(day) + 1
    for name, key, when, is_timestamp in EVENTS:
        before, after = (_frame(t) for t in by_name[name])
        assert set(before[key]) <= set(after[key]), name
        added = after.loc[~after[key].isin(before[key]), when].to_numpy(dtype="int64")
        assert np.all((added // DAY if is_timestamp else added) == next_day), name


def test_an_export_holds_nothing_after_its_day_and_no_dangling_reference(world) -> None:
    tables, links, stage_forecast, _ = world
    day = date(2023, 9, 30)
    exported = {t.name: _Cut(t) for t in cut(tables, links, day, stage_forecast)[0]}
    limit = day_number(day)
    for name, _, when, is_timestamp in EVENTS:
        values = exported[name].get(when)
        assert np.all((values // DAY if is_timestamp else values) <= limit), name
    opportunities = exported["opportunities"]
    assert set(opportunities.get("STATUS")) <= {"Open", "Won", "Lost"}
    is_open = opportunities.get("STATUS") == "Open"
    assert np.all(opportunities.get("CLOSE_DATE")[~is_open] <= limit)
    assert pd.isna(opportunities.get("LOSS_REASON")[is_open]).all()
    assert np.all(exported["leads"].get("SQL_DATE") <= limit) and np.all(exported["support_tickets"].get("UPDATED_DATE") <= limit)
    for table, column, parent, key, *_ in (*REQUIRED_REFERENCES, *OPTIONAL_REFERENCES):
        values = exported[table].get(column)
        assert np.isin(values[values >= 0], exported[parent].get(key)).all(), f"{table}.{column}"


def test_an_as_of_date_outside_the_window_is_a_usage_error(tmp_path: Path, capsys) -> None:
    code = main(["generate", "--scale", "0.05", "--as-of", "2025-01-01", "--out", str(tmp_path / "raw"),
                 "--project-dir", str(REPO)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "as_of (2025-01-01) must be within the window" in err
    assert not (tmp_path / "raw").exists()
