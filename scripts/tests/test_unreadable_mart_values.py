"""Unreadable values in the columns the marts need (docs/data_quality.md).

The generator puts unreadable values into these columns only at its dirty rate, so a given world may miss
some of them. This test writes ``n/a`` into three values of each such column of the clean scale-1 world
(seed 7), builds the whole project on DuckDB, and checks that the build is green and that every garbled
value is listed in ``audit.audit_field_issues`` on a row that stays staged.
"""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import build_warehouse

pytestmark = pytest.mark.slow

#: raw table -> its key column (staging_registry)
KEYS = {
    "opportunities": "OPP_ID", "opportunity_stage_history": "history_id", "billing_orders": "order_id",
    "seat_entitlements": "entitlement_id", "license_events": "event_id", "accounts": "account_id",
    "quotes": "QUOTE_ID", "accounting_data": "TRANSACTION_ID", "poc_tracker": "POC_ID",
    "support_tickets": "TICKET_ID", "quotas": "quota_id",
}
#: raw table -> the columns garbled (as named in the CSV header)
GARBLED_COLUMNS = {
    "opportunities": ["PROBABILITY", "AMOUNT", "CREATED_DATE", "CLOSE_DATE", "STATUS", "STAGE"],
    "opportunity_stage_history": ["entered_at", "expected_close_date", "amount", "probability", "stage"],
    "billing_orders": ["start_date", "end_date", "invoice_date", "quantity", "term_months", "arr",
                       "total_contract_value", "order_type"],
    "seat_entitlements": ["product_family", "entitled_seats", "start_date", "end_date"],
    "license_events": ["event_at", "event_type", "product_family"],
    "accounts": ["created_at"],
    "quotes": ["QUOTE_DATE"],
    "accounting_data": ["TRANSACTION_DATE"],
    "poc_tracker": ["START_DATE", "END_DATE"],
    "support_tickets": ["CREATED_DATE", "UPDATED_DATE"],
    "quotas": ["fiscal_quarter_start"],
}
PER_COLUMN = 3
UNREADABLE = "n/a"


def garble(source: Path, target: Path, seed: int = 11) -> set[tuple[str, str, str]]:
    """Copy the export, writing UNREADABLE into PER_COLUMN distinct rows of each garbled column.

    Returns the garbled values as (raw table, row key, lowercase column).
    """
    shutil.copytree(source, target)
    rng = random.Random(seed)
    garbled = set()
    for table, columns in GARBLED_COLUMNS.items():
        path = target / f"{table}.csv"
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header, *rows = list(csv.reader(handle))
        names = [name.strip() for name in header]
        key = names.index(KEYS[table])
        for column in columns:
            index = names.index(column)
            for row in rng.sample(rows, PER_COLUMN):
                row[index] = UNREADABLE
                garbled.add((table, row[key].strip(), column.lower()))
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows([header, *rows])
    return garbled


@pytest.fixture(scope="module")
def garbled_warehouse(clean_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set]:
    root = tmp_path_factory.mktemp("unreadable")
    garbled = garble(clean_raw, root / "raw")
    return build_warehouse(root, root / "raw"), garbled


def test_every_garbled_value_is_listed_on_a_staged_row(garbled_warehouse: tuple[Path, set]) -> None:
    database, garbled = garbled_warehouse
    with duckdb.connect(str(database), read_only=True) as con:
        listed = set(con.execute(
            "select source_table, row_key, column_name from audit.audit_field_issues where raw_value = ?",
            [UNREADABLE],
        ).fetchall())
        quarantined = con.execute("select count(*) from audit.audit_quarantined_rows").fetchone()[0]
    assert garbled <= listed, sorted(garbled - listed)[:10]
    assert quarantined == 0  # a clean world: an unreadable value never costs a row its identity


def test_marts_keep_the_rows_with_unreadable_values(garbled_warehouse: tuple[Path, set]) -> None:
    database, garbled = garbled_warehouse
    opportunities = {key for table, key, _ in garbled if table == "opportunities"}
    with duckdb.connect(str(database), read_only=True) as con:
        kept = {row[0] for row in con.execute("select opportunity_id from marts.fct_opportunities").fetchall()}
    assert opportunities <= kept
