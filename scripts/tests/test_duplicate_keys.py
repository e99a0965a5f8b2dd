"""Duplicate keys: two raw records with one key (docs/data_quality.md, base__row_identity).

The generator writes exact copies but never two different records with one key, so this test plants them
in the clean scale-1 world (seed 7) and builds staging on DuckDB:

* quotes (a full rebuild): a second record of one quote with another quantity, appended (the first in the
  file is kept); and a clean record appended with its key padded by spaces (trimmed, it repeats the key)
  while the original is given an unreadable discount (the record with fewer field issues is kept, though
  later in the file);
* licence events (incremental): after the first build, the next load appends a record that repeats an
  already parsed event's key; the incremental run must quarantine the new record, although the parsed
  record was flagged without a repeated key when it was parsed.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import load_and_build, warehouse_env
from test_load_common import write_csv

pytestmark = pytest.mark.slow

STAGING = ("--select", "+base__row_identity")


def rows_of(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def identity(database: Path, table: str) -> dict[int, str]:
    """source_row -> quarantine reason of ``table`` in base__row_identity."""
    with duckdb.connect(str(database), read_only=True) as con:
        return dict(con.execute(
            "select source_row, quarantine_reason from staging.base__row_identity where source_table = ?",
            [table]).fetchall())


def test_duplicate_keys_keep_the_soundest_record(clean_raw: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(clean_raw, raw)

    header, quotes = rows_of(raw / "quotes.csv")
    quantity, discount = header.index("QUANTITY"), header.index("DISCOUNT_PCT")
    changed = list(quotes[10])
    changed[quantity] = str(int(changed[quantity]) + 1)
    padded = list(quotes[20])
    padded[0] = f"  {padded[0]} "
    quotes[20][discount] = "n/a"
    write_csv(raw / "quotes.csv", header, [*quotes, changed, padded])
    # _source_row is the 1-based row number in the file (header excluded)
    original, changed_row = 21, len(quotes) + 1

    env = warehouse_env(tmp_path / "warehouse")
    database = load_and_build(env, raw, *STAGING)
    quarantined = identity(database, "quotes")
    # the padded clean record is kept: only the changed copy and the original with an unreadable discount go
    assert quarantined == {changed_row: "duplicate_key", original: "duplicate_key"}, quarantined

    header, events = rows_of(raw / "license_events.csv")
    seat = header.index("seat_id")
    repeated = list(events[5])
    repeated[seat] = "SEAT-DUPLICATE"
    write_csv(raw / "license_events.csv", header, [*events, repeated])
    database = load_and_build(env, raw, *STAGING)

    with duckdb.connect(str(database), read_only=True) as con:
        flags = dict(con.execute(
            "select seat_id, has_repeated_key from staging.base_product__license_events where event_id = ?",
            [events[5][0]]).fetchall())
        new_row = con.execute(
            "select _source_row from staging.base_product__license_events where seat_id = 'SEAT-DUPLICATE'"
        ).fetchall()[0][0]
    # the parsed record kept the flag of the night it was parsed; the new one carries the repeat
    assert flags == {events[5][seat]: False, "SEAT-DUPLICATE": True}, flags
    assert identity(database, "license_events") == {new_row: "duplicate_key"}
