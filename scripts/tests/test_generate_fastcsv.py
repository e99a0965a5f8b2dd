"""The vectorised NumPy CSV encoder writes exactly the bytes of the DuckDB COPY formatting."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from revops.generate.writer import Table, Writer


def _edge_frame(n: int = 3000) -> tuple[pd.DataFrame, list]:
    rng = np.random.default_rng(1)
    texts = np.array(["plain", "a,b", 'say "hi"', "line\nbreak", "cr\rx", "#tag", " padded ", "", None, "é ünï"],
                     dtype=object)
    money = np.round(rng.normal(0, 5e5, n), 2)
    money[:8] = [0.0, -0.004, 0.005, -0.005, 0.125, 1e9 + 0.01, np.nan, -12.5]
    ints = rng.integers(-10**6, 10**6, n).astype(float)
    ints[:5] = [np.nan, 2.5, 3.5, -2.5, 0.0]
    frame = pd.DataFrame({
        "id": np.r_[-1, 0, rng.integers(0, 10**7, n - 2)],
        "day": np.r_[-1, rng.integers(0, 30000, n - 1)],
        "ts": np.r_[-1, 0, rng.integers(0, 2 * 10**9, n - 2)],
        "money": money, "dec1": np.round(rng.uniform(-60, 110, n) * 2) / 2, "int": ints,
        "int64": rng.integers(-10**12, 10**12, n),
        "text": texts[rng.integers(0, texts.size, n)],
        "cat": pd.Categorical.from_codes(rng.integers(-1, 3, n), ["Won", "x,y", "#1"]),
    })
    cols = [("ID", ("id", "X-", 7), "id"), ("D", ("date",), "day"), ("T", ("ts",), "ts"),
            ("M", ("money",), "money"), ("P", ("dec1",), "dec1"), ("I", ("int",), "int"),
            ("J", ("int",), "int64"), ("S", ("str",), "text"), ("C", ("str",), "cat")]
    return frame, cols


def test_numpy_writer_matches_duckdb(tmp_path: Path) -> None:
    frame, cols = _edge_frame()
    writer = Writer()
    try:
        for rows in (frame, frame.head(0), frame.head(1)):
            table = Table("edge", rows, cols)
            writer.write(table, tmp_path / "fast.csv")
            writer.write_duckdb(table, tmp_path / "duck.csv")
            assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "duck.csv").read_bytes(), len(rows)
    finally:
        writer.close()


def test_blocks_and_threads_do_not_change_bytes() -> None:
    from revops.generate.fastcsv import encode_blocks

    frame, cols = _edge_frame(20_000)
    one = b"".join(bytes(b) for b in encode_blocks(frame, cols, threads=1))
    many = b"".join(bytes(b) for b in encode_blocks(frame, cols, chunk_bytes=50_000, threads=2))
    assert one == many
