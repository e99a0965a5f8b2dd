"""--dirty-rate: faults hit real rows in place in all 17 tables, and the manifest matches the files."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from revops.generate import TABLE_COLUMNS
from revops.generate.dirty import FILE_QUIRKS, IDENTITY, REPAIRABLE, SPEC, UNREPAIRABLE

ROW_FAULTS = set(REPAIRABLE) | set(UNREPAIRABLE) | set(IDENTITY)


def _anomalies(raw: Path) -> pd.DataFrame:
    return pd.read_csv(raw / "_truth" / "anomalies.csv", dtype=str, keep_default_na=False, na_values=[""])


def _records(path: Path) -> tuple[list[str], list[list[str | None]]]:
    """Header and records exactly as written (BOM dropped, CRLF or LF, blank lines skipped, '' = None)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = [row for row in csv.reader(handle) if row]
    return rows[0], [[value if value != "" else None for value in row] for row in rows[1:]]


def _frame(path: Path) -> pd.DataFrame:
    header, rows = _records(path)
    frame = pd.DataFrame(rows, columns=[name.strip() for name in header], dtype=object)
    return frame.astype(object).where(frame.notna(), None)


def test_clean_run_has_empty_manifest(clean_raw: Path) -> None:
    a = _anomalies(clean_raw)
    assert len(a) == 0
    assert list(a.columns) == ["table_name", "source_row", "row_key", "fault", "column_name", "clean_value",
                               "dirty_value", "repairable"]


def test_every_table_and_fault_is_covered(dirty_raw: Path) -> None:
    a = _anomalies(dirty_raw)
    assert set(a.table_name) == set(TABLE_COLUMNS) == set(SPEC)
    assert set(a.fault) == ROW_FAULTS | set(FILE_QUIRKS) | {"duplicate_row"}
    repairable = a.fault.isin(set(REPAIRABLE) | set(FILE_QUIRKS) | {"duplicate_row"})
    assert (a.repairable == repairable.map({True: "true", False: "false"})).all()


def test_manifest_matches_files(clean_raw: Path, dirty_raw: Path) -> None:
    """Undoing every recorded fault on the dirty file gives back the clean file, row for row."""
    a = _anomalies(dirty_raw)
    for name, columns in TABLE_COLUMNS.items():
        clean = _frame(clean_raw / f"{name}.csv")
        dirty = _frame(dirty_raw / f"{name}.csv")
        faults = a[a.table_name == name]
        file_quirks = faults[faults.source_row == "0"]
        assert set(dirty.columns) == set(columns), name
        assert ("columns_reordered" in set(file_quirks.fault)) == (list(dirty.columns) != list(columns)), name
        dirty = dirty[list(columns)]
        row_faults = faults[faults.source_row != "0"]
        assert row_faults.source_row.is_unique, name
        share = (row_faults.fault != "duplicate_row").sum() / len(clean)
        assert 0.035 <= share <= 0.065, (name, share)
        repaired = dirty.copy()
        for f in row_faults.itertuples():
            r = int(f.source_row) - 1
            if f.fault == "duplicate_row":
                continue
            value = dirty.iat[r, dirty.columns.get_loc(f.column_name)]
            assert value == (None if pd.isna(f.dirty_value) else f.dirty_value), (name, f)
            assert value != (None if pd.isna(f.clean_value) else f.clean_value), (name, f)
            repaired.iat[r, dirty.columns.get_loc(f.column_name)] = None if pd.isna(f.clean_value) else f.clean_value
        duplicates = row_faults[row_faults.fault == "duplicate_row"].source_row.astype(int) - 1
        assert repaired.duplicated(keep=False).to_numpy()[duplicates.to_numpy()].all(), name
        kept = repaired.drop(index=duplicates.to_numpy()).reset_index(drop=True)
        pd.testing.assert_frame_equal(kept, clean, check_dtype=False)


def test_file_quirks_are_in_the_bytes(dirty_raw: Path) -> None:
    a = _anomalies(dirty_raw)
    quirks = a[a.source_row == "0"]
    for name in TABLE_COLUMNS:
        data = (dirty_raw / f"{name}.csv").read_bytes()
        got = set(quirks[quirks.table_name == name].fault)
        assert data.startswith(b"\xef\xbb\xbf") == ("utf8_bom" in got), name
        assert (b"\r\n" in data.split(b"\n", 1)[0] + b"\n") == ("crlf_line_ends" in got), name
        assert data.endswith((b"\n\n", b"\r\n\r\n")) == ("blank_trailing_lines" in got), name
        header, _ = _records(dirty_raw / f"{name}.csv")
        assert any(h != h.strip() for h in header) == ("header_whitespace" in got), name


def test_identity_faults_spare_referenced_tables(dirty_raw: Path) -> None:
    a = _anomalies(dirty_raw)
    hit = set(a[a.fault.isin(IDENTITY)].table_name)
    assert hit and hit <= {name for name, spec in SPEC.items() if spec.identity}
    assert not hit & {"accounts", "opportunities", "contacts", "reps", "campaigns", "leads"}


def test_duplicates_are_shuffled(dirty_raw: Path) -> None:
    a = _anomalies(dirty_raw)
    rows = a[(a.fault == "duplicate_row") & (a.table_name == "license_events")].source_row.astype(int)
    n = len(_frame(dirty_raw / "license_events.csv"))
    assert rows.min() < n * 0.2 and rows.max() > n * 0.8
