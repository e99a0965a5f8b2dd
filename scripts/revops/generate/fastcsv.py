"""Vectorised CSV encoder: builds each block of CSV lines as bytes with NumPy.

Every field is rendered into a fixed-width slot of a (rows, line width) uint8 matrix together with a
mask of the bytes that are real; ``matrix[mask]`` (row-major boolean compaction) is then exactly the
concatenated CSV lines. Left-aligned fields (strings, ids) mask their tail, right-aligned fields
(integers, money) their head, so variable widths never need per-row offsets.

The output is byte-identical to the DuckDB ``COPY`` formatting of `writer.py` (the previous writer):

* id: prefix + zero-padded number; negative = NULL
* date / ts: ``YYYY-MM-DD`` / ``YYYY-MM-DDTHH:MM:SS`` from day numbers / epoch seconds; negative = NULL
* int: integer, floats rounded half to even (DuckDB's double -> BIGINT); NaN = NULL
* money / dec1: two / one fixed decimals, rounded half away from zero (double -> DECIMAL); NaN = NULL
* str: categorical or object; None, NaN and '' = NULL; RFC 4180 quoting of values containing
  ``,`` ``"`` CR LF or ``#`` (DuckDB also quotes ``#``, its comment character)

NULL is an empty field; lines end with ``\\n``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

Kind = tuple
_COMMA, _NL, _QUOTE, _ZERO = ord(","), ord("\n"), ord('"'), ord("0")
NEEDS_QUOTES = (",", '"', "\n", "\r", "#")
TARGET_CHUNK_BYTES = 8 << 20  # size of one line-matrix block


@dataclass(frozen=True)
class Field:
    """One column of a block: bytes in a (rows, width) matrix, `length` real bytes per row."""

    data: np.ndarray  # (n, width) uint8
    length: np.ndarray  # (n,) int64, 0 = NULL
    right: bool = False  # right-aligned: the real bytes are the last `length` of the slot

    @property
    def width(self) -> int:
        return int(self.data.shape[1])


# --- lookup tables -----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _digit_groups() -> np.ndarray:
    """(10000, 4) uint8: the four ASCII digits of 0000..9999."""
    v = np.arange(10000)
    return np.stack([(v // 1000) % 10, (v // 100) % 10, (v // 10) % 10, v % 10], axis=1).astype(np.uint8) + _ZERO


@lru_cache(maxsize=None)
def _time_of_day() -> np.ndarray:
    """(86400, 9) uint8: ``THH:MM:SS`` for every second of the day."""
    s = np.arange(86400)
    h, m, sec = s // 3600, (s // 60) % 60, s % 60
    cols = [np.full(s.size, ord("T")), h // 10, h % 10, np.full(s.size, ord(":")), m // 10, m % 10,
            np.full(s.size, ord(":")), sec // 10, sec % 10]
    out = np.stack(cols, axis=1)
    digits = np.array([1, 2, 4, 5, 7, 8])
    out[:, digits] += _ZERO
    return out.astype(np.uint8)


def _iso_days(lo: int, hi: int) -> np.ndarray:
    """(hi - lo + 1, 10) uint8: ``YYYY-MM-DD`` of the day numbers lo..hi."""
    days = np.arange(lo, hi + 1).astype("datetime64[D]")
    text = np.datetime_as_string(days, unit="D").astype("S10")
    return np.frombuffer(text.tobytes(), dtype=np.uint8).reshape(-1, 10)


def gather_rows(table: np.ndarray, index: np.ndarray) -> np.ndarray:
    """table[index] for a (k, w) uint8 table, copying each row as one fixed-size element."""
    k, w = table.shape
    if w == 0:
        return np.empty((index.size, 0), dtype=np.uint8)
    rows = np.ascontiguousarray(table).view(f"V{w}").reshape(k)
    return rows[index].view(np.uint8).reshape(index.size, w)


def zero_padded(values: np.ndarray, width: int) -> np.ndarray:
    """(n, width) uint8 ASCII digits of non-negative integers, zero-padded (high digits dropped)."""
    v = np.asarray(values, dtype=np.int64)
    groups = -(-width // 4)
    out = np.empty((v.size, groups), dtype=np.uint32)
    lut = _digit_groups().view(np.uint32).reshape(10000)
    for g in range(groups - 1, -1, -1):
        v, r = np.divmod(v, 10000)
        out[:, g] = lut[r]
    return out.view(np.uint8).reshape(v.size, groups * 4)[:, groups * 4 - width:]


def _digit_count(v: np.ndarray) -> np.ndarray:
    """Number of decimal digits of non-negative integers (1 for 0)."""
    return np.searchsorted(10 ** np.arange(1, 19, dtype=np.int64), v, side="right") + 1


# --- field encoders (pure functions of a column slice) -----------------------------------------

def _null_mask(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(int64 values with NULLs as 0, valid mask); NULL = NaN for floats, < 0 for integers."""
    if values.dtype.kind == "f":
        valid = ~np.isnan(values)
        return np.where(valid, values, 0).astype(np.int64), valid
    v = values.astype(np.int64, copy=False)
    valid = v >= 0
    return np.where(valid, v, 0), valid


def id_field(values: np.ndarray, prefix: str, width: int) -> Field:
    v, valid = _null_mask(values)
    if valid.any() and int(v.max()) >= 10 ** width:
        raise ValueError(f"id {prefix}{int(v.max())} does not fit {width} digits")
    p = np.frombuffer(prefix.encode(), dtype=np.uint8)
    data = np.empty((v.size, p.size + width), dtype=np.uint8)
    data[:, :p.size] = p
    data[:, p.size:] = zero_padded(v, width)
    return Field(data, np.where(valid, data.shape[1], 0))


def date_field(values: np.ndarray) -> Field:
    v, valid = _null_mask(values)
    if not valid.any():
        return Field(np.zeros((v.size, 0), dtype=np.uint8), np.zeros(v.size, dtype=np.int64))
    lo, hi = int(v[valid].min()), int(v[valid].max())
    if hi - lo > 200_000:  # far-apart sentinels: format directly instead of a huge lookup table
        text = np.datetime_as_string(v.astype("datetime64[D]"), unit="D").astype("S10")
        return Field(np.frombuffer(text.tobytes(), dtype=np.uint8).reshape(-1, 10), np.where(valid, 10, 0))
    table = _iso_days(lo, hi)
    return Field(gather_rows(table, np.clip(v - lo, 0, hi - lo)), np.where(valid, 10, 0))


def ts_field(values: np.ndarray) -> Field:
    v, valid = _null_mask(values)
    day, sec = np.divmod(v, 86400)
    if not valid.any():
        return Field(np.zeros((v.size, 0), dtype=np.uint8), np.zeros(v.size, dtype=np.int64))
    lo, hi = int(day[valid].min()), int(day[valid].max())
    data = np.empty((v.size, 19), dtype=np.uint8)
    data[:, :10] = gather_rows(_iso_days(lo, hi), np.clip(day - lo, 0, hi - lo))
    data[:, 10:] = gather_rows(_time_of_day(), sec)
    return Field(data, np.where(valid, 19, 0))


def _signed(mag: np.ndarray, negative: np.ndarray, valid: np.ndarray, frac: np.ndarray | None, decimals: int) -> Field:
    """Right-aligned ``[-]integer[.fraction]``."""
    ndig = _digit_count(mag)
    width = int(ndig.max(initial=1)) + 1
    body = zero_padded(mag, width - 1)
    parts = [np.full((mag.size, 1), ord("-"), dtype=np.uint8), body]
    length = ndig + negative
    if decimals:
        parts += [np.full((mag.size, 1), ord("."), dtype=np.uint8), zero_padded(frac, decimals)]
        length = length + 1 + decimals
    data = np.concatenate(parts, axis=1)
    # the minus sign sits right before the first digit: move it there for negative numbers
    if negative.any():
        rows = np.flatnonzero(negative)
        data[rows, width - 1 - ndig[rows]] = ord("-")
    return Field(data, np.where(valid, length, 0), right=True)


def int_field(values: np.ndarray) -> Field:
    x = np.asarray(values)
    if x.dtype.kind == "f":
        valid = ~np.isnan(x)
        v = np.rint(np.where(valid, x, 0)).astype(np.int64)
    else:
        valid = np.ones(x.size, dtype=bool)
        v = x.astype(np.int64, copy=False)
    return _signed(np.abs(v), v < 0, valid, None, 0)


def decimal_field(values: np.ndarray, decimals: int) -> Field:
    x = np.asarray(values, dtype=np.float64)
    valid = ~np.isnan(x)
    scaled = np.where(valid, x, 0.0) * 10.0 ** decimals
    units = (np.floor(np.abs(scaled) + 0.5)).astype(np.int64)  # half away from zero
    base = 10 ** decimals
    return _signed(units // base, (scaled < 0) & (units > 0), valid, units % base, decimals)


def encode_strings(uniques: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(k, width) uint8 matrix and byte lengths of CSV-encoded strings ('' -> empty field)."""
    enc = []
    for s in uniques:
        if any(c in s for c in NEEDS_QUOTES):
            s = '"' + s.replace('"', '""') + '"'
        enc.append(s.encode("utf-8"))
    length = np.array([len(b) for b in enc], dtype=np.int64)
    width = int(length.max(initial=0))
    packed = np.array(enc, dtype=f"S{max(width, 1)}")
    data = np.frombuffer(packed.tobytes(), dtype=np.uint8).reshape(len(enc), max(width, 1))[:, :width]
    return data, length


def str_field(codes: np.ndarray, table: tuple[np.ndarray, np.ndarray]) -> Field:
    """Strings by dictionary code (-1 = NULL) from an `encode_strings` table."""
    data, length = table
    c = np.asarray(codes, dtype=np.int64)
    valid = c >= 0
    safe = np.where(valid, c, 0)
    if data.shape[0] == 0:
        return Field(np.zeros((c.size, 0), dtype=np.uint8), np.zeros(c.size, dtype=np.int64))
    return Field(gather_rows(data, safe), np.where(valid, length[safe], 0))


def string_codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Dictionary codes and values of a text column (categorical or object); NULL and '' -> -1."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, cats = column.cat.codes.to_numpy().astype(np.int64), [str(c) for c in column.cat.categories]
    else:
        codes, uniq = pd.factorize(column, use_na_sentinel=True)
        codes, cats = codes.astype(np.int64), [str(u) for u in uniq]
    empty = [i for i, c in enumerate(cats) if c == ""]
    if empty:
        codes = np.where(np.isin(codes, empty), -1, codes)
    return codes, cats


# --- assembly ----------------------------------------------------------------------------------

def assemble(fields: list[Field]) -> np.ndarray:
    """CSV lines (comma-separated, ``\\n``-terminated) of equally long fields, as a flat uint8 array."""
    n = fields[0].length.size if fields else 0
    total = sum(f.width for f in fields) + len(fields)
    mat = np.empty((n, total), dtype=np.uint8)
    mask = np.empty((n, total), dtype=bool)
    pos = 0
    variable = False
    for i, f in enumerate(fields):
        w = f.width
        if w:
            mat[:, pos:pos + w] = f.data
            if bool((f.length == w).all()):
                mask[:, pos:pos + w] = True  # full width on every row
            else:
                variable = True
                j = np.arange(w)
                if f.right:
                    mask[:, pos:pos + w] = j[None, :] >= (w - f.length)[:, None]
                else:
                    mask[:, pos:pos + w] = j[None, :] < f.length[:, None]
        pos += w
        mat[:, pos] = _NL if i == len(fields) - 1 else _COMMA
        mask[:, pos] = True
        pos += 1
    return mat[mask] if variable else mat.reshape(-1)


@dataclass(frozen=True)
class Column:
    """A prepared output column: kind plus the whole-table arrays it is cut from."""

    kind: Kind
    values: np.ndarray
    strings: tuple[np.ndarray, np.ndarray] | None = None

    def field(self, lo: int, hi: int) -> Field:
        tag, v = self.kind[0], self.values[lo:hi]
        if tag == "id":
            return id_field(v, self.kind[1], self.kind[2])
        if tag == "date":
            return date_field(v)
        if tag == "ts":
            return ts_field(v)
        if tag == "int":
            return int_field(v)
        if tag == "money":
            return decimal_field(v, 2)
        if tag == "dec1":
            return decimal_field(v, 1)
        if tag == "str":
            assert self.strings is not None
            return str_field(v, self.strings)
        raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def max_width(self) -> int:
        tag = self.kind[0]
        if tag == "id":
            return len(self.kind[1]) + self.kind[2]
        if tag == "str":
            assert self.strings is not None
            return self.strings[0].shape[1]
        return {"date": 10, "ts": 19}.get(tag, 24)


def prepare(frame: pd.DataFrame, columns: list[tuple[str, Kind, str]]) -> list[Column]:
    out = []
    for _, kind, src in columns:
        col = frame[src]
        if kind[0] == "str":
            codes, cats = string_codes(col)
            out.append(Column(kind, codes, encode_strings(cats)))
        else:
            x = col.to_numpy()
            if x.dtype == object:
                x = pd.to_numeric(col, errors="raise").to_numpy(dtype=np.float64, na_value=np.nan)
            out.append(Column(kind, x))
    return out


@dataclass(frozen=True)
class Block:
    """The CSV lines of rows lo..hi-1 of a frame, and the byte length of each line."""

    lo: int
    hi: int
    data: np.ndarray  # flat uint8
    line_lengths: np.ndarray  # (hi - lo,) int64, line end included


def line_blocks(frame: pd.DataFrame, columns: list[tuple[str, Kind, str]],
                chunk_bytes: int = TARGET_CHUNK_BYTES, threads: int = 2) -> Iterator[Block]:
    """The CSV lines of `frame` (no header) in blocks of about `chunk_bytes`, with their line lengths.

    Blocks are encoded by `threads` worker threads (NumPy releases the GIL in the heavy kernels),
    at most `threads + 1` blocks in flight, and yielded in row order.
    """
    cols = prepare(frame, columns)
    n = len(frame)
    line = sum(c.max_width + 1 for c in cols)
    rows = max(1024, chunk_bytes // max(line, 1))
    ranges = [(lo, min(n, lo + rows)) for lo in range(0, n, rows)]

    def block(r: tuple[int, int]) -> Block:
        fields = [c.field(r[0], r[1]) for c in cols]
        lengths = np.full(r[1] - r[0], len(fields), dtype=np.int64)
        for f in fields:
            lengths += f.length
        return Block(r[0], r[1], assemble(fields), lengths)

    if threads <= 1 or len(ranges) <= 1:
        yield from map(block, ranges)
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending: deque[Future[Block]] = deque()
        for r in ranges:
            pending.append(pool.submit(block, r))
            if len(pending) > threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def encode_blocks(frame: pd.DataFrame, columns: list[tuple[str, Kind, str]],
                  chunk_bytes: int = TARGET_CHUNK_BYTES, threads: int = 2) -> Iterator[bytes | np.ndarray]:
    """The header line, then the CSV text of `frame` in blocks of about `chunk_bytes` (uint8 arrays)."""
    yield (",".join(out for out, _, _ in columns) + "\n").encode()
    for b in line_blocks(frame, columns, chunk_bytes, threads):
        yield b.data


NEEDS_QUOTES_RE = re.compile("[" + re.escape("".join(NEEDS_QUOTES)) + "]")


def csv_field(value: str | None) -> str:
    """One text field as written: NULL and '' empty, RFC 4180 quoting as in `encode_strings`."""
    if not value:
        return ""
    if NEEDS_QUOTES_RE.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(frame: pd.DataFrame, columns: list[tuple[str, Kind, str]], path: Path, threads: int = 2) -> int:
    with open(path, "wb") as fh:
        for block in encode_blocks(frame, columns, threads=threads):
            fh.write(block)
    return len(frame)
