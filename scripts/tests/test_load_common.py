"""Source-file checks shared by every loader, plus helpers the other loader tests import."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from revops.errors import RevopsError
from revops.load import check_sources
from revops.load.common import find_ragged_record

# A small raw contract for loader tests (the real one, revops.generate.TABLE_COLUMNS, is used by the
# end-to-end CLI test): one UPPERCASE table with free text, one lowercase table.
TABLES: dict[str, tuple[str, ...]] = {
    "tickets": ("TICKET_ID", "SUBJECT", "DESCRIPTION", "PRIORITY"),
    "reps": ("rep_id", "full_name", "region"),
}


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, crlf: bool = False) -> Path:
    """RFC 4180 CSV with minimal quoting, like the generator writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def ticket_rows(count: int) -> list[tuple[str, str, str, str]]:
    """Ticket records whose id is the 1-based record number; every 3rd has embedded newlines,
    every 5th quotes and commas, every 7th an empty description, every 11th an empty priority."""
    rows = []
    for number in range(1, count + 1):
        description = f"line one of {number}"
        if number % 3 == 0:
            description += "\nline two\r\nline three, with comma"
        if number % 5 == 0:
            description = f'he said "stop", then {number}'
        if number % 7 == 0:
            description = ""
        priority = "" if number % 11 == 0 else ("High" if number % 2 else "Low")
        rows.append((str(number), f"subject {number}", description, priority))
    return rows


def rep_rows(count: int) -> list[tuple[str, str, str]]:
    return [(f"R{number:04d}", f"Rep {number}", "EMEA" if number % 2 else "") for number in range(1, count + 1)]


def write_sources(folder: Path, tickets: int = 50, reps: int = 5, *, crlf: bool = False) -> Path:
    write_csv(folder / "tickets.csv", TABLES["tickets"], ticket_rows(tickets), crlf=crlf)
    write_csv(folder / "reps.csv", TABLES["reps"], rep_rows(reps), crlf=crlf)
    return folder


# ---------------------------------------------------------------- tests


def test_check_sources_accepts_exact_headers(tmp_path: Path) -> None:
    sources = check_sources(write_sources(tmp_path), TABLES)
    assert [source.stem for source in sources] == ["tickets", "reps"]
    assert sources[0].columns == ("ticket_id", "subject", "description", "priority")


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RevopsError, match="does not exist"):
        check_sources(tmp_path / "nope", TABLES)


def test_missing_file_is_named(tmp_path: Path) -> None:
    write_sources(tmp_path)
    (tmp_path / "reps.csv").unlink()
    with pytest.raises(RevopsError, match=r"missing file .*reps\.csv"):
        check_sources(tmp_path, TABLES)


def test_wrong_header_names_file_expected_and_found(tmp_path: Path) -> None:
    write_sources(tmp_path)
    write_csv(tmp_path / "reps.csv", ("rep_id", "name", "region"), rep_rows(2))
    with pytest.raises(RevopsError) as caught:
        check_sources(tmp_path, TABLES)
    message = str(caught.value)
    assert "reps.csv" in message
    assert "expected rep_id,full_name,region" in message
    assert "found rep_id,name,region" in message
    assert "missing full_name" in message and "unexpected name" in message


def test_header_case_order_whitespace_and_bom_are_mapped_by_name(tmp_path: Path) -> None:
    write_sources(tmp_path)
    header = ["\ufeff Priority", "ticket_id ", "DESCRIPTION", "  subject"]
    write_csv(tmp_path / "tickets.csv", header, [])
    tickets = check_sources(tmp_path, TABLES)[0]
    assert tickets.columns == ("ticket_id", "subject", "description", "priority")
    assert tickets.read_columns == ("priority", "ticket_id", "description", "subject")


def test_repeated_column_is_refused(tmp_path: Path) -> None:
    write_sources(tmp_path)
    write_csv(tmp_path / "reps.csv", ("rep_id", "full_name", "region", "REGION"), rep_rows(2))
    with pytest.raises(RevopsError, match=r"reps.csv: wrong header \(repeated REGION,region\)"):
        check_sources(tmp_path, TABLES)


def test_unknown_column_is_refused_in_one_line(tmp_path: Path) -> None:
    write_sources(tmp_path)
    write_csv(tmp_path / "reps.csv", ("full_name", "rep_id", "region", "notes"), rep_rows(2))
    with pytest.raises(RevopsError) as caught:
        check_sources(tmp_path, TABLES)
    assert "unexpected notes" in str(caught.value) and "\n" not in str(caught.value)


def test_ragged_record_is_found(tmp_path: Path) -> None:
    path = tmp_path / "reps.csv"
    path.write_text('rep_id,full_name,region\nR1,"A\nB",X\nR2,B,Y,extra\n', encoding="utf-8")
    assert find_ragged_record(path, 3) == "record 2 (line 4): 4 fields, expected 3"
    path.write_text("rep_id,full_name,region\r\nR1,A,X\r\n\r\n\r\n", encoding="utf-8")
    assert find_ragged_record(path, 3) is None


def test_empty_file(tmp_path: Path) -> None:
    write_sources(tmp_path)
    (tmp_path / "reps.csv").write_text("")
    with pytest.raises(RevopsError, match="reps.csv: file is empty"):
        check_sources(tmp_path, TABLES)


def test_every_problem_is_counted(tmp_path: Path) -> None:
    write_sources(tmp_path)
    (tmp_path / "reps.csv").unlink()
    (tmp_path / "tickets.csv").write_text("A,B\n")
    with pytest.raises(RevopsError, match=r"and 1 more problem.*nothing loaded"):
        check_sources(tmp_path, TABLES)


def test_quoted_header_with_bom(tmp_path: Path) -> None:
    (tmp_path / "reps.csv").write_text('\ufeff"rep_id","full_name",region\nR1,"A, B",X\n', encoding="utf-8")
    write_csv(tmp_path / "tickets.csv", TABLES["tickets"], [])
    assert len(check_sources(tmp_path, TABLES)) == 2
