"""`revops generate --as-of`: the export of a day, and how two consecutive days differ."""

from __future__ import annotations

import csv
from collections import Counter
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
from revops.generate.dirty import SPEC

from conftest import REPO, options

SCALE = 0.05
#: the dirty exports of two consecutive days: a day well inside the window, where most entities still move
DIRTY_SCALE, DIRTY_RATE, DIRTY_DAY = 0.3, 0.05, date(2024, 3, 14)
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


@pytest.mark.parametrize("dirty_rate", [0.0, DIRTY_RATE])
def test_the_last_day_is_the_full_export(tmp_path: Path, dirty_rate: float) -> None:
    full, last = tmp_path / "full", tmp_path / "last"
    generate(options(full, scale=SCALE, seed=11, dirty_rate=dirty_rate))
    generate(options(last, scale=SCALE, seed=11, dirty_rate=dirty_rate, as_of=date(2024, 6, 30)))
    for csv in sorted([*full.glob("*.csv"), full / "_truth" / "anomalies.csv"]):
        assert csv.read_bytes() == (last / csv.relative_to(full)).read_bytes(), csv.name
    assert (last / "_truth" / "export.json").read_text() == '{"as_of_date": "2024-06-30"}\n'
    assert not (full / "_truth" / "export.json").exists()


@pytest.mark.parametrize("day", [date(2023, 2, 28), date(2023, 8, 14), date(2024, 1, 31), date(2024, 6, 29)])
def test_a_day_and_the_next_differ_by_what_happened_on_the_next(world, day: date) -> None:
    tables, links, stage_forecast, _ = world
    today, _, _ = cut(tables, links, day, stage_forecast)
    tomorrow, tomorrow_links, _ = cut(tables, links, day + timedelta(days=1), stage_forecast)
    # rolling the next day's export back one day gives this day's export, row for row
    rolled_back, _, _ = cut(tomorrow, tomorrow_links, day, stage_forecast)
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


def _records(path: Path) -> tuple[bytes, list[tuple[str, ...]]]:
    """The header line as written (byte-order mark, whitespace and line end included) and the records."""
    data = path.read_bytes()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = [tuple(row) for row in csv.reader(handle) if row]
    return data[: data.index(b"\n") + 1], rows[1:]


@pytest.fixture(scope="module")
def two_days(tmp_path_factory) -> dict[str, Path]:
    """Clean and dirty exports of DIRTY_DAY and the day after (same world)."""
    root = tmp_path_factory.mktemp("two_days")
    exports = {}
    for label, day in (("day", DIRTY_DAY), ("next", DIRTY_DAY + timedelta(days=1))):
        for rate in (0.0, DIRTY_RATE):
            out = root / f"{label}-{rate:g}"
            generate(options(out, scale=DIRTY_SCALE, seed=11, dirty_rate=rate, as_of=day))
            exports[f"{label}-{'dirty' if rate else 'clean'}"] = out
    return exports


def _keys(raw: Path, name: str, header: bytes, records: list[tuple[str, ...]]) -> list[str]:
    """The clean primary key of each record: the manifest's for a faulted or duplicated row, else the file's."""
    names = [h.strip() for h in header.decode("utf-8-sig").strip().split(",")]
    pk = names.index(SPEC[name].pk)
    with (raw / "_truth" / "anomalies.csv").open(newline="", encoding="utf-8") as handle:
        faulted = {int(a["source_row"]): a["row_key"] for a in csv.DictReader(handle)
                   if a["table_name"] == name and a["source_row"] != "0"}
    return [faulted.get(line, record[pk]) for line, record in enumerate(records, start=1)]


@pytest.mark.parametrize("name", sorted(SPEC))
def test_a_dirty_day_and_the_next_differ_by_what_happened_on_the_next(two_days, name: str) -> None:
    """Faults and export quirks belong to the rows and the file, not to the day: a record of day D whose clean
    record is the same on D + 1 comes back byte for byte (duplicates as many times), every record of D + 1 not
    in D is about a record that is new or changed on D + 1, and the header is written the same way. For event
    tables the changed records are the touches whose lead appears, so D's records are a sub-multiset of D + 1's."""
    clean = {}
    for label in ("day", "next"):
        header, records = _records(two_days[f"{label}-clean"] / f"{name}.csv")
        pk = header.decode().strip().split(",").index(SPEC[name].pk)
        clean[label] = {record[pk]: record for record in records}
    changed = {key for key, record in clean["next"].items() if clean["day"].get(key) != record}

    header, day = _records(two_days["day-dirty"] / f"{name}.csv")
    next_header, next_day = _records(two_days["next-dirty"] / f"{name}.csv")
    assert next_header == header
    day_keys = _keys(two_days["day-dirty"], name, header, day)
    next_keys = _keys(two_days["next-dirty"], name, header, next_day)

    kept = Counter(record for record, key in zip(day, day_keys) if key not in changed)
    assert not kept - Counter(next_day), "records of D not in D + 1 although their record did not change"
    left = Counter(day)
    for record, key in zip(next_day, next_keys):
        if left[record]:
            left[record] -= 1
        else:
            assert key in changed, f"record {record} is new on D + 1 although {key} did not change"
    if name in {event for event, *_ in EVENTS} - {"marketing_touches"}:
        assert not changed & set(clean["day"]), "an event changed after its day"
        assert not Counter(day) - Counter(next_day), "D's records are not a sub-multiset of D + 1's"
