"""``make bench [SCALE=10]`` / ``python -m revops.bench --scale 10``: the ratios of SPEC section 7, one run.

Every figure is a ratio of two timings taken in the same run, each the median of ``--runs`` repetitions:

* generator: generating and writing every raw CSV vs DuckDB ``COPY`` of the same rows (the yardstick
  of ``revops.generate.bench``);
* ``dbt run --full-refresh`` vs the same compiled SQL (from dbt's manifest) run directly in one DuckDB
  connection, model after model in dependency order;
* one new day: the warehouse built on the export of day D, then the export of D + 1 loaded and
  ``dbt run`` (what the nightly does) vs ``dbt run --full-refresh`` on the D + 1 export, both as the
  whole dbt process and as dbt's model time (``elapsed_time`` of ``target/run_results.json``: the
  models alone, without parsing the project);
* dbt's fixed cost: the model time of ``dbt run --full-refresh`` on a world of scale 0.01, where
  every model has next to nothing to compute;
* per-layer cost of one ``dbt build`` (tests included), from ``target/run_results.json``;
* peak memory of this process (generator, loader, direct SQL) and of the largest dbt process.

The bench works in ``data/bench`` (its own exports and build file); dbt's output goes to
``logs/bench-<UTC timestamp>.log``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb

from revops.generate import GenerateOptions, generate
from revops.generate.api import build_tables, make_context, with_window
from revops.generate.bench import copy_reference
from revops.generate.writer import Writer
from revops.load import load
from revops.nightly import Log, dbt_command, run_logged
from revops.profile import Target, load_target


@dataclass
class Timings:
    """Seconds per repetition of each measured thing."""

    runs: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, seconds: float) -> None:
        self.runs[name].append(seconds)

    def median(self, name: str) -> float:
        return statistics.median(self.runs[name])

    def ratio(self, numerator: str, denominator: str) -> str:
        top, bottom = self.median(numerator), self.median(denominator)
        return f"{top / bottom:5.2f}x  ({numerator} {top:.1f} s / {denominator} {bottom:.1f} s, median of {len(self.runs[numerator])})"


def _timed(timings: Timings, name: str, action: Callable[[], object]) -> None:
    started = time.perf_counter()
    action()
    timings.add(name, time.perf_counter() - started)


def model_time(project_dir: Path) -> float:
    """dbt's own time for the nodes of its last invocation (``elapsed_time``: no parse, no start-up)."""
    results = json.loads((project_dir / "target" / "run_results.json").read_text(encoding="utf-8"))
    return float(results["elapsed_time"])


# ---------------------------------------------------------------- generator


def bench_generator(options: GenerateOptions, runs: int, folder: Path, timings: Timings) -> int:
    """Generate + write the raw CSVs vs DuckDB COPY of the same frames; returns the row count."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    writer = Writer()
    rows = 0
    try:
        for _ in range(runs):
            started = time.perf_counter()
            tables, _ = build_tables(make_context(options))
            for table in tables:
                writer.write(table, folder / f"{table.name}.csv")
            timings.add("generate", time.perf_counter() - started)
            rows = sum(len(table) for table in tables)
            started = time.perf_counter()
            for table in tables:
                copy_reference(con, table, folder / f"{table.name}_copy.csv")
            timings.add("COPY", time.perf_counter() - started)
            del tables
    finally:
        writer.close()
        con.close()
        shutil.rmtree(folder, ignore_errors=True)
    return rows


# ---------------------------------------------------------------- direct SQL


def _models_in_order(manifest: dict) -> Iterator[dict]:
    """Materialised models of the manifest, every model after the models it selects from."""
    models = {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["config"]["materialized"] != "ephemeral"
    }
    done: set[str] = set()

    def visit(uid: str, path: tuple[str, ...]) -> Iterator[dict]:
        if uid in done or uid not in models:
            return
        if uid in path:
            raise RuntimeError(f"dependency cycle at {uid}")
        for parent in models[uid]["depends_on"]["nodes"]:
            yield from visit(parent, (*path, uid))
        done.add(uid)
        yield models[uid]

    for uid in sorted(models):
        yield from visit(uid, ())


def run_compiled_sql(manifest_path: Path, database: Path, target: Target) -> int:
    """Run every model's compiled SQL as ``create or replace`` in one DuckDB connection; returns the model count."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    config = {key: str(value) for key, value in (target.get("config_options") or {}).items()}
    con = duckdb.connect(str(database), config=config)
    count = 0
    try:
        con.execute("set enable_progress_bar = false")
        for key, value in (target.get("settings") or {}).items():
            con.execute(f"set {key} = '{value}'")
        for node in _models_in_order(manifest):
            kind = "view" if node["config"]["materialized"] == "view" else "table"
            con.execute(f"create or replace {kind} {node['relation_name']} as (\n{node['compiled_code']}\n)")
            count += 1
    finally:
        con.close()
    return count


# ---------------------------------------------------------------- per-layer cost


def layer_costs(project_dir: Path) -> dict[str, float]:
    """Summed execution seconds of the last dbt invocation per layer (models by folder; tests; seeds)."""
    target_dir = project_dir / "target"
    results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]
    nodes = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    costs: dict[str, float] = defaultdict(float)
    for result in results:
        node = nodes.get(result["unique_id"])
        if node is None:
            continue
        kind = node["resource_type"]
        layer = node["fqn"][1] if kind == "model" else {"test": "tests", "unit_test": "tests"}.get(kind, kind + "s")
        costs[layer] += float(result.get("execution_time") or 0.0)
    return dict(costs)


# ---------------------------------------------------------------- the run


@dataclass
class Site:
    target: Target
    project_dir: Path
    log: Log
    dbt_peak_mib: float = 0.0

    def dbt(self, command: str, raw: Path, *extra: str) -> None:
        finished = run_logged(dbt_command(command, self.target, self.project_dir, raw) + list(extra), self.log)
        self.dbt_peak_mib = max(self.dbt_peak_mib, finished.peak_mib)

    def load(self, raw: Path) -> None:
        load(self.target, raw)


def bench_floor(base: GenerateOptions, root: Path, log: Log, project_dir: Path, runs: int, timings: Timings) -> None:
    """Model time of ``dbt run --full-refresh`` on a scale-0.01 world, in a build file of its own."""
    folder = root / "raw-floor"
    generate(GenerateOptions(**{**base.__dict__, "scale": 0.01, "out": folder}))
    os.environ["REVOPS_DUCKDB_PATH"] = str(root / "floor" / "revops.duckdb")
    shutil.rmtree(root / "floor", ignore_errors=True)
    site = Site(load_target("duckdb"), project_dir, log)
    load(site.target, folder, full=True)
    site.dbt("seed", folder)
    for _ in range(runs):
        site.dbt("run", folder, "--full-refresh")
        timings.add("floor models", model_time(project_dir))
    shutil.rmtree(root / "floor")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def new_day_exports(base: GenerateOptions, root: Path, skip_new_day: bool) -> tuple[tuple[Path, date], ...]:
    """(folder, as_of) of the exports to build: the window's last day, and the day before unless skipped."""
    next_day = with_window(base).end
    assert next_day is not None
    day = next_day - timedelta(days=1)
    if skip_new_day:
        return ((root / f"raw-{next_day}", next_day),)
    return ((root / f"raw-{day}", day), (root / f"raw-{next_day}", next_day))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m revops.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("data/bench"), help="working folder (default data/bench)")
    parser.add_argument("--project-dir", type=Path, default=Path("."))
    parser.add_argument("--skip-new-day", action="store_true", help="do not measure one new day (two dbt runs per repetition)")
    args = parser.parse_args(argv)

    root = args.dir.resolve()
    shutil.rmtree(root / "build", ignore_errors=True)
    os.environ["REVOPS_DUCKDB_PATH"] = str(root / "build" / "revops.duckdb")
    os.environ["REVOPS_DUCKDB_PUBLISHED_PATH"] = str(root / "revops.duckdb")
    os.environ.pop("REVOPS_DUCKDB_TEMP_DIR", None)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    log = Log(Path("logs") / f"bench-{stamp}.log", sys.stderr)
    site = Site(load_target("duckdb"), args.project_dir, log)
    base = GenerateOptions(scale=args.scale, seed=args.seed, seeds_dir=args.project_dir / "seeds",
                           project_file=args.project_dir / "dbt_project.yml")
    timings = Timings()
    log.say(f"bench: scale {args.scale:g}, seed {args.seed}, {args.runs} runs; dbt output in {log.path}")

    rows = bench_generator(base, args.runs, root / "generator", timings)
    exports = new_day_exports(base, root, args.skip_new_day)
    raw_day, raw_next = exports[0][0], exports[-1][0]
    for folder, as_of in exports:
        generate(GenerateOptions(**{**base.__dict__, "out": folder, "as_of": as_of}))
    log.say(f"generated {rows:,} rows; exports of {', '.join(str(as_of) for _, as_of in exports)} written")

    direct_db = root / "direct" / "revops.duckdb"
    build_file = Path(str(site.target.get("path")))
    for run in range(args.runs):
        site.load(raw_next)
        if run == 0:
            site.dbt("seed", raw_next)
        _timed(timings, "dbt run", lambda: site.dbt("run", raw_next, "--full-refresh"))
        timings.add("full refresh models", model_time(args.project_dir))
        shutil.rmtree(direct_db.parent, ignore_errors=True)  # no stale write-ahead log of an interrupted run
        direct_db.parent.mkdir(parents=True)
        for suffix in ("", ".wal"):
            if build_file.with_name(build_file.name + suffix).exists():
                shutil.copyfile(build_file.with_name(build_file.name + suffix), direct_db.with_name(direct_db.name + suffix))
        _timed(timings, "direct SQL", lambda: run_compiled_sql(args.project_dir / "target" / "manifest.json", direct_db, site.target))
        shutil.rmtree(direct_db.parent)
        if not args.skip_new_day:
            site.load(raw_day)
            site.dbt("run", raw_day)
            site.load(raw_next)
            _timed(timings, "new day", lambda: site.dbt("run", raw_next))
            timings.add("new day models", model_time(args.project_dir))
        log.say(f"run {run + 1}/{args.runs}: full refresh {timings.runs['dbt run'][-1]:.1f} s, "
                f"direct SQL {timings.runs['direct SQL'][-1]:.1f} s"
                + ("" if args.skip_new_day else f", new day {timings.runs['new day'][-1]:.1f} s"))
    _timed(timings, "dbt build", lambda: site.dbt("build", raw_next, "--full-refresh"))
    costs = layer_costs(args.project_dir)
    bench_floor(base, root, log, args.project_dir, args.runs, timings)

    lines = [
        f"revops bench: scale {args.scale:g} ({rows:,} raw rows), seed {args.seed}, {date.today()}",
        f"generator vs DuckDB COPY of the same rows   {timings.ratio('generate', 'COPY')}",
        f"dbt run vs its compiled SQL run directly    {timings.ratio('dbt run', 'direct SQL')}",
        f"one new day vs full refresh                 "
        + ("not measured (--skip-new-day)" if args.skip_new_day else timings.ratio("new day", "dbt run")),
        f"  as dbt's model time (no parse)            "
        + ("not measured" if args.skip_new_day else timings.ratio("new day models", "full refresh models")),
        f"model time: scale 0.01 vs full refresh      {timings.ratio('floor models', 'full refresh models')}",
        f"dbt build (models + tests), full refresh    {timings.median('dbt build'):.1f} s, one run",
        "per-layer share of the build's summed node time (2 dbt threads):",
    ]
    total = sum(costs.values()) or 1.0
    for layer, seconds in sorted(costs.items(), key=lambda item: -item[1]):
        lines.append(f"  {layer:<14} {seconds / total:6.1%}  ({seconds:.1f} s)")
    lines.append(f"peak memory: this process {_peak_mib():,.0f} MiB "
                 f"(generator, loader, direct SQL); largest dbt process {site.dbt_peak_mib:,.0f} MiB")
    for line in lines:
        log.write(line)
        sys.stdout.write(line + "\n")
    log.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
