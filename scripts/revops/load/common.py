"""What every engine loader shares: the source-file check, names, the load timestamp, progress.

The raw contract (docs: CONTEXT / SPEC §3): table ``raw.<file stem>`` holds every CSV column as text,
names folded to lowercase, plus ``_source_row`` (1-based data-record number in the CSV, header
excluded) and ``_loaded_at`` (one timestamp per load run, naive UTC). Empty fields are NULL.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from revops.errors import RevopsError

RAW_SCHEMA = "raw"
LOADING_SUFFIX = "__loading"
SOURCE_ROW = "_source_row"
LOADED_AT = "_loaded_at"

#: progress(table, rows, seconds) after each table is loaded
ProgressFn = Callable[[str, int, float], None]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class CsvSource:
    """One raw CSV file whose header has been checked."""

    stem: str
    path: Path
    header: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """Warehouse column names: the CSV header folded to lowercase."""
        return tuple(name.lower() for name in self.header)

    @property
    def table(self) -> str:
        return self.stem

    @property
    def loading_table(self) -> str:
        return f"{self.stem}{LOADING_SUFFIX}"


def load_timestamp() -> datetime:
    """The ``_loaded_at`` value of one load run: naive UTC, whole seconds."""
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def quote_ident(name: str) -> str:
    """Double-quote a checked identifier (works on DuckDB and PostgreSQL)."""
    if not _IDENTIFIER.match(name):
        raise RevopsError(f"invalid identifier {name!r}")
    return f'"{name}"'


def read_header(path: Path) -> list[str]:
    """The first CSV record of ``path`` (RFC 4180), read without touching the rest of the file."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            row = next(csv.reader(handle), None)
    except UnicodeDecodeError:
        raise RevopsError(f"{path}: header is not valid UTF-8") from None
    except csv.Error as exc:
        raise RevopsError(f"{path}: cannot parse the header row: {exc}") from None
    except OSError as exc:
        raise RevopsError(f"cannot read {path}: {exc.strerror or exc}") from None
    if row is None:
        raise RevopsError(f"{path}: file is empty (expected a header row)")
    return row


def _describe_mismatch(expected: Sequence[str], found: Sequence[str]) -> str:
    missing = [name for name in expected if name not in found]
    extra = [name for name in found if name not in expected]
    details = []
    if missing:
        details.append(f"missing {','.join(missing)}")
    if extra:
        details.append(f"unexpected {','.join(extra)}")
    if not details:
        details.append("columns in the wrong order")
    return "; ".join(details)


def check_sources(source_dir: Path, tables: Mapping[str, Iterable[str]]) -> list[CsvSource]:
    """Check every file before anything is loaded: it exists and its header is exactly the contract.

    Raises ``RevopsError`` naming the first bad file (and how many others are bad).
    """
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        raise RevopsError(f"raw data folder {source_dir} does not exist (run `revops generate` first)")
    sources: list[CsvSource] = []
    problems: list[str] = []
    for stem, columns in tables.items():
        expected = tuple(columns)
        for name in (stem, *expected):
            if not _IDENTIFIER.match(name):
                raise RevopsError(f"invalid table or column name {name!r} in the raw contract")
        lowered = [name.lower() for name in expected]
        if len(set(lowered)) != len(lowered):
            raise RevopsError(f"table {stem}: column names collide when folded to lowercase")
        path = source_dir / f"{stem}.csv"
        if not path.is_file():
            problems.append(f"missing file {path}")
            continue
        try:
            found = tuple(read_header(path))
        except RevopsError as exc:
            problems.append(str(exc))
            continue
        if found != expected:
            problems.append(
                f"{path}: wrong header ({_describe_mismatch(expected, found)}): "
                f"expected {','.join(expected)} but found {','.join(found)}"
            )
            continue
        sources.append(CsvSource(stem=stem, path=path, header=expected))
    if problems:
        more = f" (and {len(problems) - 1} more problem(s)); nothing loaded" if len(problems) > 1 else "; nothing loaded"
        raise RevopsError(problems[0] + more)
    return sources


def first_line(exc: BaseException) -> str:
    """The first non-empty line of an exception message, for one-line error reports."""
    for line in str(exc).splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__
