"""No clean record happens after the end of the window (`as_of`): staging quarantines such rows as
`future_date`, so a clean one would cascade into orphan stage history and activities."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import options, read
from revops.generate import generate

# every creation / event date of every table (dates and the date part of timestamps)
EVENT_DATES: dict[str, tuple[str, ...]] = {
    "accounting_data": ("TRANSACTION_DATE",),
    "leads": ("CREATED_DATE", "MQL_DATE", "SQL_DATE"),
    "opportunities": ("CREATED_DATE",),
    "poc_tracker": ("START_DATE", "END_DATE"),
    "quotes": ("QUOTE_DATE",),
    "support_tickets": ("CREATED_DATE", "UPDATED_DATE"),
    "accounts": ("created_at",),
    "contacts": ("created_at",),
    "reps": ("hire_date",),
    "opportunity_stage_history": ("entered_at",),
    "activities": ("activity_at",),
    "billing_orders": ("start_date", "invoice_date"),
    "campaigns": ("start_date",),
    "marketing_touches": ("touched_at",),
    "quotas": ("fiscal_quarter_start",),
    "seat_entitlements": ("start_date",),
    "license_events": ("event_at",),
}


def _late(raw: Path, end: date) -> dict[str, int]:
    late = {}
    for name, cols in EVENT_DATES.items():
        frame = read(raw, name)
        for col in cols:
            day = frame[col].dropna().str[:10]
            n = int((day > end.isoformat()).sum())
            if n:
                late[f"{name}.{col}"] = n
    return late


def test_no_clean_event_after_end(clean_raw: Path) -> None:
    assert _late(clean_raw, date(2024, 6, 30)) == {}


@pytest.mark.parametrize("seed,end", [(42, date(2024, 6, 30)), (3, date(2023, 11, 15))])
def test_no_clean_event_after_end_other_windows(tmp_path: Path, seed: int, end: date) -> None:
    out = tmp_path / "raw"
    generate(options(out, seed=seed, end=end))
    assert _late(out, end) == {}
