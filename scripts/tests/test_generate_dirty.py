"""--dirty-rate: the anomaly manifest matches what is actually in the files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from conftest import read

OPERATIONAL = ("accounting_data", "leads", "opportunities", "poc_tracker", "quotes", "support_tickets")
EXTRA = {"duplicate_row", "missing_primary_key", "orphan_foreign_key", "negative_amount", "discount_out_of_range",
         "end_before_start", "mql_before_created", "future_date", "unparseable_date", "unparseable_number"}
IN_PLACE = {"case_variant", "whitespace_variant", "customer_name_variant"}


def _anomalies(raw: Path) -> pd.DataFrame:
    return pd.read_csv(raw / "_truth" / "anomalies.csv", dtype=str, keep_default_na=False, na_values=[""])


def _text(raw: Path, name: str) -> pd.DataFrame:
    # keep whitespace and empty strings exactly as written
    return pd.read_csv(raw / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""], skipinitialspace=False)


def test_clean_run_has_empty_manifest(clean_raw: Path) -> None:
    a = _anomalies(clean_raw)
    assert len(a) == 0
    assert list(a.columns) == ["table_name", "source_row", "row_key", "fault", "column_name", "clean_value", "dirty_value"]


def test_manifest_matches_files(clean_raw: Path, dirty_raw: Path) -> None:
    a = _anomalies(dirty_raw)
    assert set(a.table_name) == set(OPERATIONAL)
    assert set(a.fault) <= EXTRA | IN_PLACE
    assert {"duplicate_row", "case_variant", "whitespace_variant", "customer_name_variant", "missing_primary_key",
            "orphan_foreign_key", "negative_amount", "discount_out_of_range", "end_before_start",
            "mql_before_created", "future_date", "unparseable_date", "unparseable_number"} <= set(a.fault)
    for name in OPERATIONAL:
        clean = _text(clean_raw, name)
        dirty = _text(dirty_raw, name)
        faults = a[a.table_name == name]
        assert faults.source_row.is_unique
        rows = faults.source_row.astype(int) - 1
        share = len(faults) / len(clean)
        assert 0.03 <= share <= 0.07, (name, share)
        pk = clean.columns[0]
        repaired = dirty.copy()
        duplicated = dirty.duplicated(keep=False).to_numpy()
        for f, r in zip(faults.itertuples(), rows):
            got = dirty.iloc[r]
            if f.fault == "duplicate_row":
                assert duplicated[r], (name, f.source_row)
                continue
            value = got[f.column_name]
            if pd.isna(f.dirty_value):
                assert pd.isna(value), (name, f)
            else:
                assert value == f.dirty_value, (name, f)
            if f.fault in IN_PLACE:
                assert f.row_key == (got[pk] if f.column_name != pk else f.clean_value)
                assert f.clean_value.strip().lower() == str(value).strip().lower() or f.fault == "customer_name_variant"
                repaired.iat[r, dirty.columns.get_loc(f.column_name)] = f.clean_value
            else:
                assert f.row_key in set(clean[pk])
        extra_rows = rows[faults.fault.isin(EXTRA).to_numpy()]
        kept = repaired.drop(index=extra_rows.to_numpy()).reset_index(drop=True)
        pd.testing.assert_frame_equal(kept, clean)


def test_extra_records_are_shuffled(dirty_raw: Path) -> None:
    a = _anomalies(dirty_raw)
    extra = a[a.fault.isin(EXTRA) & (a.table_name == "leads")].source_row.astype(int)
    n = len(_text(dirty_raw, "leads"))
    assert extra.min() < n * 0.2 and extra.max() > n * 0.8
