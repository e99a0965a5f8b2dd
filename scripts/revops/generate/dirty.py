"""Fault injection (`--dirty-rate R`, docs/data_quality.md) in all 17 raw tables.

Faults hit real rows in place: about R of the rows of every table get one fault, and the bad value
replaces the only copy. Only exact duplicates are extra records (copies of untouched rows, shuffled
into the file). Each fault is one of three kinds, recorded with `repairable`:

* repairable: the clean value is recoverable from the text (case and whitespace variants, customer
  name variants, thousands separators, `MM/DD/YYYY` and `DD.MM.YYYY` dates) — staging repairs it;
* unrepairable value: negative amounts, discounts outside 0-100, end before start, MQL before
  creation, future dates, unparseable dates and numbers — staging nulls the value and keeps the row;
* identity: a missing primary key or an orphan foreign key — staging quarantines the row.

Export quirks hit whole files: a UTF-8 byte-order mark, CRLF line ends, blank trailing lines,
columns in another order and whitespace around header names. Every fault is returned as a row of
`_truth/anomalies.csv`: file quirks with `source_row` 0, row faults with their 1-based `source_row`
in the written file.

Cost: `plan_faults` decides every fault from the text of the rows it hits only (a fraction R of the
table, formatted on demand), and `write_faulted` writes the clean rows with the vectorised encoder of
`fastcsv.py`, splicing in the faulted lines and the duplicates block by block, so a dirty world costs
about what a clean one does in time and memory.

The export of a day (`--as-of`) carries the faults of the whole window's table (`carry_faults`): a
fault, an exact copy and the file quirks belong to the world's rows and files, not to the day's cut, so
a row exported on two days is written the same way on both unless its record changed in between, and
the last day's export is the full export. The window's plan is kept without the faulted rows' text
(`WindowFaults`), and only its faulted rows and copies are formatted again for the day.

Faults that would make a clean row lose its identity are never injected: identity faults only hit
tables no other table points to, and unrepairable values stay off the start dates that end dates are
checked against (a nulled start would make its clean end unjudgeable). Every other column can get one,
the columns the marts need included, as in a real export.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from revops.generate.context import EPOCH, Ctx
from revops.generate.fastcsv import NEEDS_QUOTES, csv_field, line_blocks
from revops.generate.writer import Table

ANOMALY_COLUMNS = ("table_name", "source_row", "row_key", "fault", "column_name", "clean_value", "dirty_value",
                   "repairable")
OPERATIONAL_TABLES = ("accounting_data", "leads", "opportunities", "poc_tracker", "quotes", "support_tickets")

REPAIRABLE = ("case_variant", "whitespace_variant", "customer_name_variant", "thousands_separator",
              "date_format_us", "date_format_eu")
UNREPAIRABLE = ("negative_amount", "discount_out_of_range", "end_before_start", "mql_before_created",
                "future_date", "unparseable_date", "unparseable_number")
IDENTITY = ("missing_primary_key", "orphan_foreign_key")
FILE_QUIRKS = ("utf8_bom", "crlf_line_ends", "blank_trailing_lines", "columns_reordered", "header_whitespace")
# share of the faulted rows per kind; exact duplicates come on top as extra rows
KIND_WEIGHTS = {"repairable": 0.6, "unrepairable": 0.28, "identity": 0.12}
DUPLICATE_SHARE = 0.1


@dataclass(frozen=True)
class TableFaults:
    """Where each fault can hit one table (raw column names)."""

    pk: str
    parents: tuple[str, ...] = ()  # foreign keys staging checks (accounts, opportunities)
    enums: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # company names
    dates: tuple[str, ...] = ()  # YYYY-MM-DD
    stamps: tuple[str, ...] = ()  # YYYY-MM-DDTHH:MM:SS
    numbers: tuple[str, ...] = ()
    non_negative: tuple[str, ...] = ()
    discount: tuple[str, ...] = ()
    not_future: tuple[str, ...] = ()
    ends: dict[str, str] = field(default_factory=dict)  # end column -> its start column
    mql: tuple[str, ...] = ()  # (MQL column, creation column, SQL column)
    identity: bool = False  # no other table points to this one: identity faults allowed


# Per table. Start columns that an end is compared with get no unrepairable fault (a nulled start
# must not make its clean end look wrong), so they are left out of `not_future`.
SPEC: dict[str, TableFaults] = {
    "accounting_data": TableFaults(
        pk="TRANSACTION_ID", parents=("CUSTOMER_ID",), enums=("ACCOUNT_TYPE", "INDUSTRY", "CUSTOMER_TYPE"),
        ids=("TRANSACTION_ID", "CUSTOMER_ID"), names=("CUSTOMER_NAME",), dates=("TRANSACTION_DATE",),
        numbers=("AMOUNT",)),
    "leads": TableFaults(
        pk="LEAD_ID", parents=("CUSTOMER_ID",), enums=("LEAD_SOURCE", "DISPOSITION_CODE", "LEAD_STATUS"),
        ids=("LEAD_ID", "CUSTOMER_ID", "OWNER_REP_ID", "CAMPAIGN_ID"), dates=("CREATED_DATE", "MQL_DATE", "SQL_DATE"),
        numbers=("LEAD_SCORE",), mql=("MQL_DATE", "CREATED_DATE", "SQL_DATE")),
    "opportunities": TableFaults(
        pk="OPP_ID", parents=("CUSTOMER_ID",),
        enums=("STATUS", "LEAD_SOURCE", "CUSTOMER_TYPE", "OPPORTUNITY_TYPE", "STAGE", "FORECAST_CATEGORY",
               "PRODUCT_BUNDLE_CODE"),
        ids=("OPP_ID", "CUSTOMER_ID", "CONTACT_ID", "OWNER_REP_ID"), names=("CUSTOMER_NAME",),
        dates=("CREATED_DATE", "CLOSE_DATE"), numbers=("PROBABILITY", "AMOUNT")),
    "poc_tracker": TableFaults(
        pk="POC_ID", parents=("OPP_ID", "CUSTOMER_ID"), ids=("POC_ID", "OPP_ID", "CUSTOMER_ID"),
        dates=("START_DATE", "END_DATE"), numbers=("DURATION_DAYS",), identity=True),
    "quotes": TableFaults(
        pk="QUOTE_ID", parents=("OPP_ID", "CUSTOMER_ID"), enums=("PRODUCT_BUNDLE_CODE",),
        ids=("QUOTE_ID", "OPP_ID", "CUSTOMER_ID"), dates=("QUOTE_DATE",),
        numbers=("QUANTITY", "LIST_PRICE", "DISCOUNT_PCT"), non_negative=("QUANTITY", "LIST_PRICE"),
        discount=("DISCOUNT_PCT",), identity=True),
    "support_tickets": TableFaults(
        pk="TICKET_ID", parents=("CUSTOMER_ID",), enums=("STATUS", "PRIORITY"), ids=("TICKET_ID", "CUSTOMER_ID"),
        dates=("CREATED_DATE", "UPDATED_DATE"), identity=True),
    "accounts": TableFaults(
        pk="account_id", enums=("industry", "customer_type", "status"),
        ids=("account_id", "parent_account_id", "owner_rep_id"), names=("account_name",), stamps=("created_at",),
        numbers=("employee_count",)),
    "contacts": TableFaults(
        pk="contact_id", parents=("account_id",), ids=("contact_id", "account_id"), stamps=("created_at",),
        not_future=("created_at",)),
    "reps": TableFaults(
        pk="rep_id", enums=("role",), ids=("rep_id", "manager_rep_id", "territory_id"),
        dates=("hire_date", "termination_date"), ends={"termination_date": "hire_date"}),
    "opportunity_stage_history": TableFaults(
        pk="history_id", parents=("opp_id",), enums=("stage",), ids=("history_id", "opp_id", "changed_by_rep_id"),
        stamps=("entered_at",), dates=("expected_close_date",), numbers=("amount", "probability")),
    "activities": TableFaults(
        pk="activity_id", parents=("account_id", "opp_id"), enums=("activity_type",),
        ids=("activity_id", "rep_id", "account_id", "contact_id", "opp_id", "lead_id"), stamps=("activity_at",),
        numbers=("duration_minutes",), not_future=("activity_at",), identity=True),
    "billing_orders": TableFaults(
        pk="order_id", parents=("account_id", "opp_id"), enums=("order_type", "product_bundle_code"),
        ids=("order_id", "account_id", "opp_id"), dates=("start_date", "end_date", "invoice_date"),
        numbers=("quantity", "term_months", "arr", "total_contract_value")),
    "campaigns": TableFaults(
        pk="campaign_id", ids=("campaign_id",), dates=("start_date", "end_date"), numbers=("budget",),
        ends={"end_date": "start_date"}),
    "marketing_touches": TableFaults(
        pk="touch_id", enums=("touch_type",), ids=("touch_id", "campaign_id", "lead_id", "contact_id"),
        stamps=("touched_at",), not_future=("touched_at",), identity=True),
    "quotas": TableFaults(
        pk="quota_id", enums=("customer_type", "sales_motion"), ids=("quota_id", "rep_id"),
        dates=("fiscal_quarter_start",), numbers=("quota_amount",), identity=True),
    "seat_entitlements": TableFaults(
        pk="entitlement_id", parents=("account_id",), enums=("product_family",), ids=("entitlement_id", "account_id"),
        dates=("start_date", "end_date"), numbers=("entitled_seats",)),
    "license_events": TableFaults(
        pk="event_id", parents=("account_id",), enums=("product_family", "event_type"),
        ids=("event_id", "account_id", "seat_id"), stamps=("event_at",)),
}
FAULTED_TABLES = tuple(SPEC)

LONG_SUFFIX = {"Inc.": "Incorporated", "Ltd.": "Limited", "Corp.": "Corporation", "Co.": "Company", "LLC": "L.L.C."}
BAD_DATES = ("2023-02-30", "n/a", "2023-13-01", "31/12/2023", "TBD", "2024-02-31")
BAD_NUMBERS = ("TBD", "n/a", "#VALUE!", "")  # "" -> digits with a letter O, see _bad_number
# the characters other than the comma that make a field quoted (a comma is caught by counting them)
_SPECIAL = re.compile("[" + re.escape("".join(c for c in NEEDS_QUOTES if c != ",")) + "]")
ORPHAN_PREFIX = {"CUSTOMER_ID": ("ACC-9", 6), "account_id": ("ACC-9", 6), "OPP_ID": ("OPP-9", 7),
                 "opp_id": ("OPP-9", 7)}


def _case_variant(rng: np.random.Generator, v: str) -> str | None:
    cands = [x for x in (v.lower(), v.upper(), v.swapcase()) if x != v]
    return cands[int(rng.integers(0, len(cands)))] if cands else None


def _ws_variant(rng: np.random.Generator, v: str) -> str:
    return (f" {v}", f"{v} ", f" {v} ", f"  {v}  ")[int(rng.integers(0, 4))]


def _name_variant(rng: np.random.Generator, v: str) -> str | None:
    for short, long in LONG_SUFFIX.items():
        if v.endswith(" " + short) and rng.random() < 0.7:
            return v[: -len(short)] + long
    if " " in v:
        i = v.index(" ")
        return v[:i] + "  " + v[i + 1:]
    return None


def _grouped(v: str) -> str | None:
    """`1234.50` -> `1,234.50` (None below 1,000 or when not a plain number)."""
    sign, body = ("-", v[1:]) if v.startswith("-") else ("", v)
    whole, dot, decimals = body.partition(".")
    if not whole.isdigit() or len(whole) < 4:
        return None
    return f"{sign}{int(whole):,}{dot}{decimals}"


def _bad_number(rng: np.random.Generator, v: str) -> str:
    choice = BAD_NUMBERS[int(rng.integers(0, len(BAD_NUMBERS)))]
    if choice:
        return choice
    grouped = _grouped(v) or v
    return grouped.replace("0", "O", 1) if "0" in grouped else grouped + "O"


def _shift(v: str, days: int) -> str:
    return (date.fromisoformat(v[:10]) + timedelta(days=days)).isoformat() + v[10:]


def _candidates(spec: TableFaults, row: dict[str, str | None]) -> dict[str, list[tuple[str, str]]]:
    """Applicable (fault, column) pairs of one row, by kind (a column is there when its value is not NULL)."""
    rep: list[tuple[str, str]] = [("case_variant", c) for c in spec.enums
                                  if (v := row[c]) is not None and v != v.swapcase()]
    rep += [("whitespace_variant", c) for c in spec.enums + spec.ids if row[c] is not None]
    rep += [("customer_name_variant", c) for c in spec.names if row[c] is not None]
    rep += [("thousands_separator", c) for c in spec.numbers if (v := row[c]) is not None and _grouped(v)]
    rep += [(f, c) for c in spec.dates if row[c] is not None for f in ("date_format_us", "date_format_eu")]
    bad: list[tuple[str, str]] = [("negative_amount", c) for c in spec.non_negative
                                  if (v := row[c]) is not None and float(v) > 0]
    bad += [("discount_out_of_range", c) for c in spec.discount if row[c] is not None]
    bad += [("end_before_start", c) for c, s in spec.ends.items() if row[c] is not None and row[s] is not None]
    if spec.mql and row[spec.mql[0]] is not None and row[spec.mql[1]] is not None:
        bad.append(("mql_before_created", spec.mql[0]))
    bad += [("future_date", c) for c in spec.not_future if row[c] is not None]
    starts = set(spec.ends.values()) | set(spec.mql[1:2])
    bad += [("unparseable_date", c) for c in spec.dates + spec.stamps if row[c] is not None and c not in starts]
    bad += [("unparseable_number", c) for c in spec.numbers if row[c] is not None]
    if spec.mql and row[spec.mql[2]] is not None:  # a lead that reached SQL keeps its MQL date: no SQL without MQL
        bad = [(f, c) for f, c in bad if c != spec.mql[0]]
    ident: list[tuple[str, str]] = []
    if spec.identity:
        ident.append(("missing_primary_key", spec.pk))
        ident += [("orphan_foreign_key", c) for c in spec.parents if row[c] is not None]
    return {"repairable": rep, "unrepairable": bad, "identity": ident}


def _dirty_value(rng: np.random.Generator, fault: str, col: str, row: dict[str, str | None],
                 spec: TableFaults, as_of: date) -> str | None:
    clean = row[col]
    assert clean is not None or fault == "missing_primary_key"
    if fault == "case_variant":
        return _case_variant(rng, clean)
    if fault == "whitespace_variant":
        return _ws_variant(rng, clean)
    if fault == "customer_name_variant":
        return _name_variant(rng, clean)
    if fault == "thousands_separator":
        return _grouped(clean)
    if fault == "date_format_us":
        return f"{clean[5:7]}/{clean[8:10]}/{clean[:4]}"
    if fault == "date_format_eu":
        return f"{clean[8:10]}.{clean[5:7]}.{clean[:4]}"
    if fault == "negative_amount":
        return "-" + clean
    if fault == "discount_out_of_range":
        return ("120.0", "-5.0", "150.0", "101.5")[int(rng.integers(0, 4))]
    if fault == "end_before_start":
        return _shift(row[spec.ends[col]], -int(rng.integers(1, 31)))
    if fault == "mql_before_created":
        return _shift(row[spec.mql[1]], -int(rng.integers(1, 31)))
    if fault == "future_date":
        target = as_of + timedelta(days=int(rng.integers(1, 366)))
        return target.isoformat() + clean[10:]
    if fault == "unparseable_date":
        return BAD_DATES[int(rng.integers(0, len(BAD_DATES)))]
    if fault == "unparseable_number":
        return _bad_number(rng, clean)
    if fault == "missing_primary_key":
        return None
    prefix, width = ORPHAN_PREFIX[col]  # orphan_foreign_key
    return f"{prefix}{int(rng.integers(0, 10**width)):0{width}d}"


def _draw_fault(rng: np.random.Generator, spec: TableFaults, row: dict[str, str | None], unseen: list[str],
                as_of: date) -> tuple[str, str, str, str | None] | None:
    """(kind, fault, column, dirty value) of one row, or None when no fault applies; a fault still `unseen`
    in the table comes first."""
    kinds = list(KIND_WEIGHTS)
    options = _candidates(spec, row)
    first = [(kind, pair) for kind in kinds for pair in options[kind] if pair[0] in unseen] if unseen else []
    if first:
        kind, (fault, col) = min(first, key=lambda item: unseen.index(item[1][0]))
    elif any(options[k] for k in kinds):
        # = rng.choice(len(kinds), p=weights of the available kinds), which draws one uniform double
        kind = kinds[bisect_right(_kind_cdf(tuple(bool(options[k]) for k in kinds)), rng.random())]
        fault, col = options[kind][int(rng.integers(0, len(options[kind])))]
    else:
        return None
    dirty = _dirty_value(rng, fault, col, row, spec, as_of)
    if dirty == row[col] or (dirty is None and fault != "missing_primary_key"):
        return None
    return kind, fault, col, dirty


def _quirk_plan(ctx: Ctx) -> dict[str, tuple[str, ...]]:
    """Which export quirks each table's file gets: each quirk on about a third of the tables, at least one.
    CRLF is kept off files with free text (a spreadsheet would rewrite the line breaks inside it too)."""
    rng = np.random.default_rng([ctx.seed & 0xFFFFFFFF, zlib.crc32(b"dirty:quirks")])
    names = list(SPEC)
    plan: dict[str, list[str]] = {name: [] for name in names}
    for quirk in FILE_QUIRKS:
        eligible = [n for n in names if not (quirk == "crlf_line_ends" and n == "support_tickets")]
        hit = [n for n in eligible if rng.random() < 1 / 3] or [eligible[int(rng.integers(0, len(eligible)))]]
        for name in hit:
            plan[name].append(quirk)
    return {name: tuple(quirks) for name, quirks in plan.items()}


@lru_cache(maxsize=None)
def _kind_cdf(available: tuple[bool, ...]) -> tuple[float, ...]:
    """The cumulative distribution `Generator.choice(p=...)` searches, for the kinds available on a row."""
    weights = np.array([w if ok else 0.0 for w, ok in zip(KIND_WEIGHTS.values(), available)])
    cdf = np.cumsum(weights / weights.sum())
    cdf /= cdf[-1]
    return tuple(cdf.tolist())


#: a row fault: (fault, column, clean value, dirty value, the row's key, repairable)
RowFault = tuple[str, str, str | None, str | None, str | None, bool]


@dataclass(frozen=True)
class FileQuirks:
    """The export quirks of one table's file and their manifest rows (`source_row` 0)."""

    order: list[int]  # output column order (indices into the table's columns)
    header: list[str]  # output header names (reordered, with whitespace quirks)
    quirks: tuple[str, ...]
    rows: list[tuple]


@dataclass
class FaultPlan:
    """The faults of one table's file, decided from the rows they hit only.

    Clean row `r` of the table is written at line `r + (number of extras with before <= r)`; extra `i`
    (an exact copy of clean row `extra_src[i]`) goes right before clean row `extra_before[i]` (`n` = at the
    end). `dirty_rows[r]` is the full text of faulted row `r` (table column order) with its bad value,
    `faults[r]` its fault.
    """

    name: str
    n: int
    dirty_rows: dict[int, list[str | None]]
    faults: dict[int, RowFault]
    extra_src: np.ndarray
    extra_keys: np.ndarray  # the key of each copied row
    extra_before: np.ndarray
    file: FileQuirks

    @property
    def rows_written(self) -> int:
        return self.n + int(self.extra_src.size)

    @property
    def anomalies(self) -> pd.DataFrame:
        """The file's rows of `_truth/anomalies.csv` (`source_row` = line in the file, extras counted)."""
        at = np.fromiter(self.faults, dtype=np.int64, count=len(self.faults))
        extra_pos = self.extra_before + np.arange(self.extra_src.size)
        lines = (at + np.searchsorted(self.extra_before, at, side="right")).tolist()
        rows = [(self.name, line + 1, key, fault, col, clean, dirty, repairable)
                for line, (fault, col, clean, dirty, key, repairable) in zip(lines, self.faults.values())]
        rows += [(self.name, line + 1, key, "duplicate_row", "", None, None, True)
                 for line, key in zip(extra_pos.tolist(), self.extra_keys.tolist())]
        anomalies = pd.DataFrame(rows + self.file.rows, columns=list(ANOMALY_COLUMNS))
        anomalies = anomalies.sort_values("source_row", kind="stable").reset_index(drop=True)
        anomalies["source_row"] = anomalies["source_row"].astype("int64")
        anomalies["repairable"] = anomalies["repairable"].map({True: "true", False: "false"})
        return anomalies

    def window(self, columns: list[str]) -> WindowFaults:
        """What `carry_faults` needs of this plan of a table's whole window, without the faulted rows' text."""
        faults = {r: (hash(tuple(fault[2] if c == fault[1] else v for c, v in zip(columns, values))), fault)
                  for (r, fault), values in zip(self.faults.items(), self.dirty_rows.values())}
        return WindowFaults(self.name, faults, self.extra_src, self.extra_keys, self.extra_before, self.file)


@dataclass(frozen=True)
class WindowFaults:
    """The faults of a table's full export, kept to carry them into the export of a day (`carry_faults`):
    each faulted row with a fingerprint (`hash`) of its clean text, the copied rows and the file's quirks."""

    name: str
    faults: dict[int, tuple[int, RowFault]]
    extra_src: np.ndarray
    extra_keys: np.ndarray
    extra_before: np.ndarray
    file: FileQuirks


def plan_faults(name: str, n: int, columns: list[str], strings: Callable[[np.ndarray], dict[str, np.ndarray]],
                ctx: Ctx, rate: float) -> FaultPlan:
    """About `rate` of the table's `n` rows faulted in place, plus exact duplicates and the header quirks of its
    file; `strings(rows)` gives the text (None = NULL) of the table's columns on the given rows, so only the
    rows that get a fault are ever turned into text."""
    spec = SPEC[name]
    rng = ctx.rng(f"dirty:{name}")
    as_of = EPOCH + timedelta(days=ctx.d1)
    n_faults = max(1, int(round(rate * n))) if n else 0
    n_dup = int(round(DUPLICATE_SHARE * n_faults))

    rows = np.sort(rng.choice(n, size=min(n_faults, n), replace=False)) if n else np.zeros(0, dtype=int)
    text = strings(rows)
    touched = np.zeros(n, dtype=bool)
    dirty_rows: dict[int, list[str | None]] = {}
    faults: dict[int, RowFault] = {}
    unseen = list(UNREPAIRABLE + IDENTITY + REPAIRABLE)  # each fault the table allows, at least once
    by_row = zip(*(text[c].tolist() for c in columns))
    for r, values in zip(rows.tolist(), by_row):
        row = dict(zip(columns, values))
        drawn = _draw_fault(rng, spec, row, unseen, as_of)
        if drawn is None:
            continue
        kind, fault, col, dirty = drawn
        dirty_rows[r] = [dirty if c == col else row[c] for c in columns]
        touched[r] = True
        if fault in unseen:
            unseen.remove(fault)
        faults[r] = (fault, col, row[col], dirty, row[spec.pk], kind == "repairable")

    # exact duplicates: copies of untouched rows
    candidates = np.flatnonzero(~touched)
    del touched
    src = candidates[rng.choice(candidates.size, size=min(n_dup, candidates.size), replace=False)] \
        if candidates.size and n_dup else np.zeros(0, dtype=np.int64)
    del candidates
    # shuffled into the file (deterministic): extra i lands before clean row extra_pos[i] - i
    src_keys = strings(src)[spec.pk] if src.size else np.zeros(0, dtype=object)
    m = int(src.size)
    extra_pos = np.sort(rng.choice(n + m, size=m, replace=False)) if m else np.zeros(0, dtype=np.int64)

    # header quirks of this file (the byte-level ones are written with the file)
    quirks = _quirk_plan(ctx)[name]
    order = list(range(len(columns)))
    header = list(columns)
    file_rows: list[tuple] = []
    if "columns_reordered" in quirks:
        order = list(rng.permutation(len(header)))
        if order == sorted(order):
            order = order[1:] + order[:1]
        order = [int(i) for i in order]
        header = [columns[i] for i in order]
        file_rows.append((name, 0, None, "columns_reordered", "", ",".join(columns), ",".join(header), True))
    if "header_whitespace" in quirks:
        picked = rng.choice(len(header), size=min(2, len(header)), replace=False)
        renamed = {header[i]: _ws_variant(rng, header[i]) for i in sorted(picked.tolist())}
        header = [renamed.get(h, h) for h in header]
        file_rows += [(name, 0, None, "header_whitespace", c, c, v, True) for c, v in renamed.items()]
    file_rows += [(name, 0, None, q, "", None, None, True) for q in quirks if q in ("utf8_bom", "crlf_line_ends",
                                                                                     "blank_trailing_lines")]
    file = FileQuirks(order, header, quirks, file_rows)
    return FaultPlan(name, n, dirty_rows, faults, src, src_keys, extra_pos - np.arange(m), file)


def carry_faults(window: WindowFaults, rows: np.ndarray, columns: list[str],
                 strings: Callable[[np.ndarray], dict[str, np.ndarray]], ctx: Ctx) -> FaultPlan:
    """The faults of the export of one day (`--as-of`), whose rows are the window's rows `rows` (increasing):
    a row keeps the fault it has in the full export as long as its text is the one it has there; a row whose
    record is in another state on the day (an open opportunity, a lead not qualified yet) draws its fault
    again from a random stream of its own (seed, table, window row), so a row with the same text on two days
    is written the same on both. An exact copy is there as long as the row it copies, at the same place among
    the rows; the header and the file quirks are the window's. Only the window's faulted rows and copies are
    turned into text. On the window's last day this is the full export's plan."""
    spec = SPEC[window.name]
    as_of = EPOCH + timedelta(days=ctx.d1)
    faulted = np.fromiter(window.faults, dtype=np.int64, count=len(window.faults))
    hit, held = _present(rows, faulted)
    faulted = faulted[held]
    text = strings(hit)
    dirty_rows: dict[int, list[str | None]] = {}
    faults: dict[int, RowFault] = {}
    stream = [ctx.seed & 0xFFFFFFFF, zlib.crc32(f"dirty:{window.name}".encode())]
    by_row = zip(*(text[c].tolist() for c in columns))
    for r, w, values in zip(hit.tolist(), faulted.tolist(), by_row):
        fingerprint, fault = window.faults[w]
        if hash(values) != fingerprint:
            row = dict(zip(columns, values))
            drawn = _draw_fault(np.random.default_rng([*stream, w]), spec, row, [], as_of)
            if drawn is None:
                continue
            kind, fault_name, col, dirty = drawn
            fault = (fault_name, col, row[col], dirty, row[spec.pk], kind == "repairable")
        col, dirty = fault[1], fault[3]
        dirty_rows[r] = [dirty if c == col else v for c, v in zip(columns, values)]
        faults[r] = fault
    src, held = _present(rows, window.extra_src)
    before = np.searchsorted(rows, window.extra_before[held])
    return FaultPlan(window.name, rows.size, dirty_rows, faults, src, window.extra_keys[held], before, window.file)


def _present(rows: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of the `wanted` window rows `rows` (increasing) holds: their positions in `rows` (in `wanted`'s
    order) and the mask of `wanted` held."""
    at = np.searchsorted(rows, wanted)
    held = at < rows.size
    held[held] = rows[at[held]] == wanted[held]
    return at[held], held


def write_faulted(table: Table, plan: FaultPlan, path: Path) -> int:
    """Writes the table's file with the plan's faults: the clean rows go through the vectorised encoder block by
    block, and only the faulted lines and the duplicates are spliced in; the export quirks are applied to the
    bytes on the way (byte-order mark, CRLF, blank trailing lines)."""
    columns = [table.columns[i] for i in plan.file.order]
    crlf = "crlf_line_ends" in plan.file.quirks
    faulted = np.array(sorted(plan.dirty_rows), dtype=np.int64)
    extra_lines: list[bytes] = []
    if plan.extra_src.size:
        sub = table.frame.iloc[plan.extra_src]
        for b in line_blocks(sub, columns, threads=1):
            data = b.data.tobytes()
            ends = np.cumsum(b.line_lengths).tolist()
            extra_lines += [data[s:e] for s, e in zip([0] + ends[:-1], ends)]

    last = len(plan.file.order) - 1

    def dirty_line(r: int) -> bytes:
        values = plan.dirty_rows[r]
        line = ",".join([values[i] or "" for i in plan.file.order])
        if line.count(",") != last or _SPECIAL.search(line):  # some field needs quotes
            line = ",".join([csv_field(values[i]) for i in plan.file.order])
        return (line + "\n").encode()

    def out(chunk: bytes) -> bytes:
        return chunk.replace(b"\n", b"\r\n") if crlf else chunk

    with open(path, "wb") as fh:
        if "utf8_bom" in plan.file.quirks:
            fh.write(b"\xef\xbb\xbf")
        fh.write(out((",".join(csv_field(h) for h in plan.file.header) + "\n").encode()))
        e = 0  # next extra
        for block in line_blocks(table.frame, columns):
            lo, hi = block.lo, block.hi
            f_lo, f_hi = np.searchsorted(faulted, [lo, hi])
            e_hi = int(np.searchsorted(plan.extra_before, hi))
            if f_lo == f_hi and e == e_hi:
                fh.write(out(block.data.tobytes()))
                continue
            starts = np.zeros(hi - lo + 1, dtype=np.int64)
            np.cumsum(block.line_lengths, out=starts[1:])
            # splice points in file order: extras before their clean row, then the faulted row itself
            events = sorted([(int(plan.extra_before[i]), 0, i) for i in range(e, e_hi)]
                            + [(int(r), 1, int(r)) for r in faulted[f_lo:f_hi]])
            view = memoryview(block.data)
            pieces: list[bytes | memoryview] = []
            at = lo
            for row, kind, ref in events:
                pieces.append(view[starts[at - lo]:starts[row - lo]])
                if kind == 0:
                    pieces.append(extra_lines[ref])
                    at = row
                else:
                    pieces.append(dirty_line(ref))
                    at = row + 1
            pieces.append(view[starts[at - lo]:])
            fh.write(out(b"".join(pieces)))
            e = e_hi
        fh.write(out(b"".join(extra_lines[e:])))  # extras after the last clean row
        if "blank_trailing_lines" in plan.file.quirks:
            fh.write(b"\r\n\r\n" if crlf else b"\n\n")
    return plan.rows_written
