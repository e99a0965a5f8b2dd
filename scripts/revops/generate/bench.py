"""Generator benchmark: `python -m revops.generate.bench --scale 100`.

Reports generation + write throughput (rows/s, median of N runs) and the ratio of our writer
(DuckDB COPY with the contract formatting: prefixed ids, ISO dates, T timestamps, 2-decimal money)
to plain DuckDB `COPY (SELECT <cols> FROM df) TO ...` of the same frames without formatting, plus
pandas `to_csv` on a sample. Ratio = our seconds / reference seconds (lower is better).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from revops.generate.api import GenerateOptions, build_tables, make_context
from revops.generate.writer import Table, Writer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m revops.generate.bench")
    parser.add_argument("--scale", type=float, default=100.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seeds-dir", type=Path, default=Path("seeds"))
    parser.add_argument("--project-file", type=Path, default=Path("dbt_project.yml"))
    args = parser.parse_args(argv)
    ctx = make_context(GenerateOptions(scale=args.scale, seed=args.seed, seeds_dir=args.seeds_dir,
                                       project_file=args.project_file))
    t0, cpu0 = time.perf_counter(), _cpu()
    tables, _ = build_tables(ctx)
    gen_s, gen_cpu = time.perf_counter() - t0, _cpu() - cpu0
    rows = sum(len(t) for t in tables)
    print(f"scale {args.scale:g}: {rows:,} rows in 17 tables; generation {gen_s:.2f}s (CPU {gen_cpu:.2f}s)")
    tmp = Path(tempfile.mkdtemp(prefix="revops-bench-"))
    try:
        ours, ref, ours_cpu, ref_cpu = [], [], [], []
        writer = Writer()
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        for _ in range(args.runs):
            t_ours = t_ref = c_ours = c_ref = 0.0
            for t in tables:
                t1, c1 = time.perf_counter(), _cpu()
                writer.write(t, tmp / f"{t.name}.csv")
                t_ours += time.perf_counter() - t1
                c_ours += _cpu() - c1
                t1, c1 = time.perf_counter(), _cpu()
                copy_reference(con, t, tmp / (t.name + "_ref.csv"))
                t_ref += time.perf_counter() - t1
                c_ref += _cpu() - c1
            ours.append(t_ours)
            ref.append(t_ref)
            ours_cpu.append(c_ours)
            ref_cpu.append(c_ref)
        con.close()
        ours_s, ref_s = statistics.median(ours), statistics.median(ref)
        print(f"writer: {ours_s:.2f}s = {rows / ours_s:,.0f} rows/s (median of {args.runs}; "
              f"CPU {statistics.median(ours_cpu):.2f}s; runs {', '.join(f'{x:.2f}' for x in ours)})")
        print(f"generate + write: {gen_s + ours_s:.2f}s = {rows / (gen_s + ours_s):,.0f} rows/s")
        oc, rc = statistics.median(ours_cpu), statistics.median(ref_cpu)
        print(f"duckdb COPY of the same frames: {ref_s:.2f}s (CPU {rc:.2f}s); ratio ours/duckdb = {ours_s / ref_s:.2f} "
              f"wall, {oc / rc:.2f} CPU; CPU rate {rows / oc:,.0f} rows/s")
        print(f"generate + write CPU: {gen_cpu + oc:.2f}s = {rows / (gen_cpu + oc):,.0f} rows/s; "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
        big = max(tables, key=len)
        sample = writer.to_strings(Table(big.name, big.frame.head(500_000), big.columns))
        writer.close()
        t1 = time.perf_counter()
        sample.to_csv(tmp / "pandas.csv", index=False)
        pandas_rate = len(sample) / (time.perf_counter() - t1)
        print(f"pandas to_csv of {len(sample):,} pre-formatted rows of {big.name}: {pandas_rate:,.0f} rows/s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def copy_reference(con: duckdb.DuckDBPyConnection, table: Table, path: Path) -> None:
    """The yardstick: DuckDB COPY of the frame columns a table is written from, unformatted."""
    cols = ", ".join(dict.fromkeys(f'"{src}"' for _, _, src in table.columns))
    con.register("df", table.frame)
    try:
        con.execute(f"COPY (SELECT {cols} FROM df) TO '{path}' (HEADER, DELIMITER ',')")
    finally:
        con.unregister("df")


def _cpu() -> float:
    """User + system CPU seconds of this process (all threads)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


if __name__ == "__main__":
    raise SystemExit(main())
