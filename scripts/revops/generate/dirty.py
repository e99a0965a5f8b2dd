"""Fault injection of docs/data_quality.md for the six operational tables.

Works on the text of the rows exactly as written. Repairable faults change a row in place;
quarantine faults and duplicates are extra records (copies of untouched real rows) shuffled into
the file. Every fault is returned as a row of `_truth/anomalies.csv` with its 1-based source_row.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from revops.generate.context import Ctx, EPOCH

ANOMALY_COLUMNS = ("table_name", "source_row", "row_key", "fault", "column_name", "clean_value", "dirty_value")
OPERATIONAL_TABLES = ("accounting_data", "leads", "opportunities", "poc_tracker", "quotes", "support_tickets")

# per table: primary key, case-sensitive enumerations, ids, customer name column, quarantine faults
SPEC: dict[str, dict] = {
    "accounting_data": {
        "pk": "TRANSACTION_ID", "enums": ["ACCOUNT_TYPE", "INDUSTRY", "CUSTOMER_TYPE"],
        "ids": ["TRANSACTION_ID", "CUSTOMER_ID"], "name": "CUSTOMER_NAME",
        "quarantine": [("missing_primary_key", ["TRANSACTION_ID"]), ("orphan_foreign_key", ["CUSTOMER_ID"]),
                       ("future_date", ["TRANSACTION_DATE"]), ("unparseable_date", ["TRANSACTION_DATE"]),
                       ("unparseable_number", ["AMOUNT"])],
        "shift_with": {},
    },
    "leads": {
        "pk": "LEAD_ID", "enums": ["LEAD_SOURCE", "DISPOSITION_CODE", "LEAD_STATUS"],
        "ids": ["LEAD_ID", "CUSTOMER_ID", "OWNER_REP_ID", "CAMPAIGN_ID"], "name": None,
        "quarantine": [("missing_primary_key", ["LEAD_ID"]), ("orphan_foreign_key", ["CUSTOMER_ID"]),
                       ("mql_before_created", ["MQL_DATE"]), ("future_date", ["CREATED_DATE"]),
                       ("unparseable_date", ["CREATED_DATE"]), ("unparseable_number", ["LEAD_SCORE"])],
        "shift_with": {"CREATED_DATE": ["MQL_DATE", "SQL_DATE"]},
    },
    "opportunities": {
        "pk": "OPP_ID",
        "enums": ["STATUS", "LEAD_SOURCE", "CUSTOMER_TYPE", "OPPORTUNITY_TYPE", "STAGE", "FORECAST_CATEGORY",
                  "PRODUCT_BUNDLE_CODE"],
        "ids": ["OPP_ID", "CUSTOMER_ID", "CONTACT_ID", "OWNER_REP_ID"], "name": "CUSTOMER_NAME",
        "quarantine": [("missing_primary_key", ["OPP_ID"]), ("orphan_foreign_key", ["CUSTOMER_ID"]),
                       ("negative_amount", ["AMOUNT"]), ("future_date", ["CREATED_DATE"]),
                       ("unparseable_date", ["CREATED_DATE", "CLOSE_DATE"]),
                       ("unparseable_number", ["AMOUNT", "PROBABILITY"])],
        "shift_with": {"CREATED_DATE": ["CLOSE_DATE"]},
    },
    "poc_tracker": {
        "pk": "POC_ID", "enums": [], "ids": ["POC_ID", "OPP_ID", "CUSTOMER_ID"], "name": None,
        "quarantine": [("missing_primary_key", ["POC_ID"]), ("orphan_foreign_key", ["OPP_ID", "CUSTOMER_ID"]),
                       ("end_before_start", ["END_DATE"]), ("future_date", ["START_DATE"]),
                       ("unparseable_date", ["START_DATE", "END_DATE"]), ("unparseable_number", ["DURATION_DAYS"])],
        "shift_with": {"START_DATE": ["END_DATE"]},
    },
    "quotes": {
        "pk": "QUOTE_ID", "enums": ["PRODUCT_BUNDLE_CODE"], "ids": ["QUOTE_ID", "OPP_ID", "CUSTOMER_ID"], "name": None,
        "quarantine": [("missing_primary_key", ["QUOTE_ID"]), ("orphan_foreign_key", ["OPP_ID", "CUSTOMER_ID"]),
                       ("negative_amount", ["LIST_PRICE", "QUANTITY"]), ("discount_out_of_range", ["DISCOUNT_PCT"]),
                       ("future_date", ["QUOTE_DATE"]), ("unparseable_date", ["QUOTE_DATE"]),
                       ("unparseable_number", ["LIST_PRICE", "QUANTITY", "DISCOUNT_PCT"])],
        "shift_with": {},
    },
    "support_tickets": {
        "pk": "TICKET_ID", "enums": ["STATUS", "PRIORITY"], "ids": ["TICKET_ID", "CUSTOMER_ID"], "name": None,
        "quarantine": [("missing_primary_key", ["TICKET_ID"]), ("orphan_foreign_key", ["CUSTOMER_ID"]),
                       ("end_before_start", ["UPDATED_DATE"]), ("future_date", ["CREATED_DATE"]),
                       ("unparseable_date", ["CREATED_DATE", "UPDATED_DATE"])],
        "shift_with": {"CREATED_DATE": ["UPDATED_DATE"]},
    },
}
END_START = {"END_DATE": "START_DATE", "UPDATED_DATE": "CREATED_DATE"}
LONG_SUFFIX = {"Inc.": "Incorporated", "Ltd.": "Limited", "Corp.": "Corporation", "Co.": "Company", "LLC": "L.L.C."}
BAD_DATES = ("2023-02-30", "n/a", "2023-13-01", "31/12/2023", "TBD", "2024-02-31")
BAD_NUMBERS = ("TBD", "n/a", "#VALUE!", "")  # "" -> digits with a letter O, see _bad_number
ORPHAN_PREFIX = {"CUSTOMER_ID": ("ACC-9", 6), "OPP_ID": ("OPP-9", 7)}


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


def _bad_number(rng: np.random.Generator, v: str) -> str:
    choice = BAD_NUMBERS[int(rng.integers(0, len(BAD_NUMBERS)))]
    if choice:
        return choice
    try:
        grouped = f"{float(v):,.2f}"
    except ValueError:
        grouped = v
    return grouped.replace("0", "O", 1) if "0" in grouped else grouped + "O"


def _shift(v: str | None, days: int) -> str | None:
    if v is None:
        return None
    return (date.fromisoformat(v) + timedelta(days=days)).isoformat()


def inject_faults(name: str, frame: pd.DataFrame, ctx: Ctx, rate: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    spec = SPEC[name]
    rng = ctx.rng(f"dirty:{name}")
    as_of = EPOCH + timedelta(days=ctx.d1)
    cols = {c: frame[c].to_numpy(dtype=object).copy() for c in frame.columns}
    n = len(frame)
    n_faults = max(1, int(round(rate * n))) if n else 0
    n_inplace = int(round(0.5 * n_faults))
    n_dup = int(round(0.2 * n_faults))
    n_quar = n_faults - n_inplace - n_dup
    pk = cols[spec["pk"]].copy()  # clean keys
    records: list[tuple] = []  # (position kind, row or extra index, fault, column, clean, dirty, key)

    # --- in place
    rows = rng.choice(n, size=min(n_inplace, n), replace=False) if n else np.zeros(0, dtype=int)
    touched = np.zeros(n, dtype=bool)
    kinds = ["case_variant", "whitespace_variant"] + (["customer_name_variant"] if spec["name"] else [])
    weights = np.array([0.45, 0.35, 0.2][: len(kinds)])
    if not spec["enums"]:
        kinds, weights = ["whitespace_variant"], np.array([1.0])
    for r in rows.tolist():
        fault = kinds[int(rng.choice(len(kinds), p=weights / weights.sum()))]
        pool = {"case_variant": spec["enums"], "whitespace_variant": spec["enums"] + spec["ids"],
                "customer_name_variant": [spec["name"]]}[fault]
        pool = [c for c in pool if cols[c][r] is not None]
        if not pool:
            continue
        col = pool[int(rng.integers(0, len(pool)))]
        clean = cols[col][r]
        dirty = {"case_variant": _case_variant, "whitespace_variant": _ws_variant,
                 "customer_name_variant": _name_variant}[fault](rng, clean)
        if dirty is None or dirty == clean:
            continue
        cols[col][r] = dirty
        touched[r] = True
        records.append(("row", r, fault, col, clean, dirty, pk[r]))

    # --- extra records: copies of untouched rows
    candidates = np.flatnonzero(~touched)
    extras: list[dict[str, object]] = []
    src = candidates[rng.integers(0, candidates.size, n_dup + n_quar)] if candidates.size else np.zeros(0, dtype=int)
    for i, r in enumerate(src.tolist()):
        row = {c: cols[c][r] for c in cols}
        if i < n_dup:
            extras.append(row)
            records.append(("extra", len(extras) - 1, "duplicate_row", "", None, None, pk[r]))
            continue
        fault, fcols = spec["quarantine"][int(rng.integers(0, len(spec["quarantine"])))]
        fcols = [c for c in fcols if row[c] is not None] or fcols
        col = fcols[int(rng.integers(0, len(fcols)))]
        clean = row[col]
        if fault == "missing_primary_key":
            dirty = None
        elif fault == "orphan_foreign_key":
            prefix, width = ORPHAN_PREFIX[col]
            dirty = f"{prefix}{int(rng.integers(0, 10**width)):0{width}d}"
        elif fault == "negative_amount":
            dirty = "-" + clean
        elif fault == "discount_out_of_range":
            dirty = ("120.0", "-5.0", "150.0", "101.5")[int(rng.integers(0, 4))]
        elif fault == "end_before_start":
            dirty = _shift(row[END_START[col]], -int(rng.integers(1, 31)))
        elif fault == "mql_before_created":
            dirty = _shift(row["CREATED_DATE"], -int(rng.integers(1, 31)))
        elif fault == "future_date":
            target = as_of + timedelta(days=int(rng.integers(1, 366)))
            if name == "accounting_data":
                target = (target.replace(day=1) + timedelta(days=32)).replace(day=1)
            delta = (target - date.fromisoformat(clean)).days
            dirty = target.isoformat()
            for dep in spec["shift_with"].get(col, []):
                row[dep] = _shift(row[dep], delta)
        elif fault == "unparseable_date":
            dirty = BAD_DATES[int(rng.integers(0, len(BAD_DATES)))]
        else:  # unparseable_number
            dirty = _bad_number(rng, clean)
        if dirty == clean:
            dirty = "TBD" if fault.startswith("unparseable") else dirty
        row[col] = dirty
        extras.append(row)
        records.append(("extra", len(extras) - 1, fault, col, clean, dirty, pk[r]))

    # --- shuffle extra records into the file (deterministic)
    m = len(extras)
    total = n + m
    extra_pos = np.sort(rng.choice(total, size=m, replace=False)) if m else np.zeros(0, dtype=int)
    is_extra = np.zeros(total, dtype=bool)
    is_extra[extra_pos] = True
    clean_pos = np.flatnonzero(~is_extra)
    out = {}
    for c in frame.columns:
        arr = np.empty(total, dtype=object)
        arr[clean_pos] = cols[c]
        if m:
            arr[extra_pos] = np.array([e[c] for e in extras], dtype=object)
        out[c] = arr
    dirty_frame = pd.DataFrame(out, columns=list(frame.columns))
    rows_out = []
    for kind, idx, fault, col, clean, dirty, key in records:
        pos = clean_pos[idx] if kind == "row" else extra_pos[idx]
        rows_out.append((name, int(pos) + 1, key, fault, col, clean, dirty))
    anomalies = pd.DataFrame(rows_out, columns=list(ANOMALY_COLUMNS))
    anomalies = anomalies.sort_values("source_row", kind="stable").reset_index(drop=True)
    anomalies["source_row"] = anomalies["source_row"].astype("int64")
    return dirty_frame, anomalies
