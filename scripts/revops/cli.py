"""The ``revops`` command line: ``generate``, ``load``, ``report``, ``profile``, ``dashboard``, ``publish`` and ``nightly``.

Errors a user can fix are reported as one line on stderr (``revops: error: ...``) with exit code 2
for bad arguments and 1 for runtime problems (missing file, wrong header, database unreachable).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from revops.errors import RevopsError, UsageError

if TYPE_CHECKING:
    from revops.profile import Target

PROG = "revops"
DEFAULT_RAW_DIR = Path("data/raw")
DEFAULT_DIRTY_RATE = 0.0
MAX_DIRTY_RATE = 0.5


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage dump) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


# ---------------------------------------------------------------- argument types


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_DIRTY_RATE:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_DIRTY_RATE}, got {text!r}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"must be between 0 and 4294967295, got {text!r}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, got {text!r}")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


# ---------------------------------------------------------------- parser


def _add_warehouse_options(command: argparse.ArgumentParser, engines: str = "duckdb or postgres") -> None:
    """--target and --profiles-dir of every command that opens a dbt target of the profile."""
    command.add_argument(
        "--target",
        default=None,
        help=f"dbt target of profile revops: {engines} (default: the profile's target, $REVOPS_TARGET or duckdb)",
    )
    command.add_argument(
        "--profiles-dir",
        type=Path,
        default=None,
        help="folder with profiles.yml (default: $DBT_PROFILES_DIR or the current folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Synthetic B2B SaaS RevOps data: generate the raw CSV exports and load them into the warehouse.",
    )
    from revops import __version__

    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    gen = commands.add_parser("generate", help="write the raw CSV files (deterministic for a given seed)")
    gen.add_argument("--scale", type=_positive_float, default=1.0, help="size multiplier (default 1)")
    gen.add_argument("--seed", type=_seed, default=42, help="random seed (default 42)")
    gen.add_argument("--start", type=_iso_date, default=None, help="first day (default: var window_start_date of dbt_project.yml)")
    gen.add_argument("--end", type=_iso_date, default=None, help="last day (default: var as_of_date of dbt_project.yml)")
    gen.add_argument("--out", type=Path, default=DEFAULT_RAW_DIR, help="output folder (default data/raw)")
    gen.add_argument(
        "--dirty-rate",
        type=_rate,
        default=DEFAULT_DIRTY_RATE,
        help=f"share of rows with injected faults, 0-{MAX_DIRTY_RATE} (default {DEFAULT_DIRTY_RATE})",
    )
    gen.add_argument(
        "--as-of", type=_iso_date, default=None, help="export the world as its systems held it on this day of the window"
    )
    gen.add_argument(
        "--project-dir",
        type=Path,
        default=None,
        help="dbt project folder with dbt_project.yml and seeds/ (default: current folder)",
    )
    gen.add_argument("--quiet", action="store_true", help="no progress output")
    gen.set_defaults(handler=_cmd_generate)

    load = commands.add_parser("load", help="bulk-load the raw CSV files into schema raw of a dbt target")
    _add_warehouse_options(load, "duckdb, postgres or spark")
    load.add_argument("--from", dest="source", type=Path, default=DEFAULT_RAW_DIR, help="CSV folder (default data/raw)")
    load.add_argument("--quiet", action="store_true", help="no progress output")
    load.add_argument(
        "--full", action="store_true",
        help="replace every table (default: event tables keep the rows they already hold and add the new ones)",
    )
    load.set_defaults(handler=_cmd_load)

    report = commands.add_parser(
        "report", help="print the KPI scorecard and write a static HTML report from the marts"
    )
    _add_warehouse_options(report)
    report.add_argument(
        "--out", type=Path, default=Path("reports/revops_report.html"), help="HTML file (default reports/revops_report.html)"
    )
    report.set_defaults(handler=_cmd_report)

    dashboard = commands.add_parser("dashboard", help="serve the interactive dashboard over the marts (read-only, offline)")
    _add_warehouse_options(dashboard)
    dashboard.add_argument("--port", type=_port, default=8050, help="TCP port (default 8050)")
    dashboard.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    dashboard.set_defaults(handler=_cmd_dashboard)

    prof = commands.add_parser(
        "profile", help="print the REALISM.md benchmarks against this warehouse's marts (figure, value, range, in/out)"
    )
    _add_warehouse_options(prof)
    prof.add_argument(
        "--project-dir", type=Path, default=None, help="dbt project folder with dbt_project.yml (default: current folder)"
    )
    prof.set_defaults(handler=_cmd_profile)
    _add_publish_and_nightly(commands)
    return parser


def _add_publish_and_nightly(commands: argparse._SubParsersAction) -> None:
    publish = commands.add_parser(
        "publish", help="atomically replace the published DuckDB warehouse (what BI tools open) with the build file"
    )
    _add_warehouse_options(publish, "duckdb (a no-op on other targets)")
    publish.set_defaults(handler=_cmd_publish)

    nightly = commands.add_parser(
        "nightly", help="the scheduled job: source freshness, load, dbt build (tests included), publish, report"
    )
    _add_warehouse_options(nightly, "duckdb, postgres or spark")
    nightly.add_argument("--from", dest="source", type=Path, default=DEFAULT_RAW_DIR, help="raw export folder (default data/raw)")
    nightly.add_argument("--project-dir", type=Path, default=None, help="dbt project folder (default: current folder)")
    nightly.add_argument("--log-dir", type=Path, default=Path("logs"), help="folder of nightly-<timestamp>.log (default logs)")
    nightly.add_argument(
        "--report-out", type=Path, default=Path("reports/revops_report.html"), help="HTML report (default reports/revops_report.html)"
    )
    nightly.add_argument(
        "--full-refresh", action="store_true",
        help="rebuild the incremental models from every row held (once, after an upgrade that changes their columns)",
    )
    nightly.set_defaults(handler=_cmd_nightly)


# ---------------------------------------------------------------- progress output


def _progress_printer(stream: TextIO, verb: str) -> Callable[[str, int, float], None]:
    def report(table: str, rows: int, seconds: float) -> None:
        rate = rows / seconds if seconds > 0 else float("inf")
        rate_text = f"{rate:,.0f} rows/s" if math.isfinite(rate) else "- rows/s"
        stream.write(f"  {verb} {table:<28} {rows:>12,} rows {seconds:8.2f} s {rate_text:>16}\n")
        stream.flush()

    return report


def _summary(verb: str, counts: dict[str, int], seconds: float, where: str) -> str:
    rows = sum(counts.values())
    rate = f"{rows / seconds:,.0f}" if seconds > 0 else "-"
    return f"{verb} {len(counts)} tables, {rows:,} rows in {seconds:.2f} s ({rate} rows/s) {where}"


# ---------------------------------------------------------------- commands


def _project_dir(explicit: Path | None) -> Path:
    """Folder with dbt_project.yml and seeds/: the given one, else the current folder, else the repo."""
    if explicit is not None:
        candidates = [explicit]
    else:
        candidates = [Path.cwd(), Path(__file__).resolve().parents[2]]
    for candidate in candidates:
        if (candidate / "dbt_project.yml").is_file() and (candidate / "seeds").is_dir():
            return candidate
    raise RevopsError(
        f"no dbt project (dbt_project.yml and seeds/) in {candidates[0].resolve()}; run from the project folder or pass --project-dir"
    )


def _check_generate_options(options: object) -> None:
    """The generator's own argument checks (window length, rate bounds) as usage errors."""
    try:
        from revops.generate.api import validate
    except ImportError:
        return
    try:
        validate(options)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _cmd_generate(args: argparse.Namespace) -> int:
    from revops.generate import GenerateOptions, generate
    from revops.generate.api import with_window

    project = _project_dir(args.project_dir)
    options = GenerateOptions(
        out=args.out,
        scale=args.scale,
        seed=args.seed,
        start=args.start,
        end=args.end,
        dirty_rate=args.dirty_rate,
        seeds_dir=project / "seeds",
        project_file=project / "dbt_project.yml",
        as_of=args.as_of,
    )
    try:
        options = with_window(options)  # the window defaults to the one of dbt_project.yml
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if options.start is not None and options.end is not None and options.start >= options.end:
        raise UsageError(f"--start {options.start} is not before --end {options.end}")
    _check_generate_options(options)
    progress = None if args.quiet else _progress_printer(sys.stderr, "wrote")
    started = time.perf_counter()
    try:
        counts = generate(options, progress)
    except OSError as exc:
        detail = f"{exc.filename}: {exc.strerror}" if getattr(exc, "filename", None) else str(exc.strerror or exc)
        raise RevopsError(f"cannot write the raw files to {args.out} ({detail})") from None
    elapsed = time.perf_counter() - started
    if not args.quiet:
        sys.stderr.write(_summary("generated", counts, elapsed, f"-> {args.out}") + "\n")
    return 0


def _cmd_load(args: argparse.Namespace) -> int:
    from revops.load import load
    from revops.profile import load_target

    # Any target of the profile whose type is duckdb, postgres or spark; unknown names are usage errors.
    target = load_target(args.target, args.profiles_dir)
    if not args.source.is_dir():
        raise RevopsError(f"raw data folder {args.source} does not exist (run `revops generate` first)")
    progress = None if args.quiet else _progress_printer(sys.stderr, "loaded")
    started = time.perf_counter()
    counts = load(target, args.source, progress=progress, full=args.full)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        sys.stderr.write(_summary("loaded", counts, elapsed, f"into {target.name} schema raw") + "\n")
    return 0


def _reader_target(args: argparse.Namespace) -> Target:
    """The target a command that reads the marts opens: the published DuckDB file, never the build file
    (a reader holding the build file would block the nightly build)."""
    from revops.profile import load_target
    from revops.publish import reader_target

    return reader_target(load_target(args.target, args.profiles_dir))


def _cmd_report(args: argparse.Namespace) -> int:
    from revops.report import run_report

    target = _reader_target(args)
    result = run_report(target, args.out)
    sys.stdout.write(result.scorecard_text + "\n")
    sys.stderr.write(f"wrote {result.out}\n")
    return 0


def _cmd_publish(args: argparse.Namespace) -> int:
    from revops.profile import load_target
    from revops.publish import publish

    target = load_target(args.target, args.profiles_dir)
    result = publish(target)
    if result is None:
        sys.stderr.write(f"target {target.name}: no published file to replace (readers read what the build wrote)\n")
    else:
        sys.stderr.write(f"published {result.path} ({result.size_bytes / 2**20:,.0f} MiB in {result.seconds:.1f} s)\n")
    return 0


def _cmd_nightly(args: argparse.Namespace) -> int:
    from revops.nightly import NightlyOptions, run_nightly
    from revops.profile import load_target

    options = NightlyOptions(
        target=load_target(args.target, args.profiles_dir),
        raw_dir=args.source,
        project_dir=_project_dir(args.project_dir),
        log_dir=args.log_dir,
        report_out=args.report_out,
        full_refresh=args.full_refresh,
    )
    return run_nightly(options)


def _cmd_dashboard(args: argparse.Namespace) -> int:
    from revops.dashboard.warehouse import Warehouse

    target = _reader_target(args)
    wh = Warehouse(target, command="revops dashboard")
    try:
        if not wh.has_marts:
            raise RevopsError(
                f"the warehouse {wh.where} has no marts (build it first: `make demo`, or `dbt build --target {target.name}`)"
            )
        from revops.dashboard.app import serve

        sys.stderr.write(f"RevOps dashboard on http://{args.host}:{args.port}/ over {wh.where} (Ctrl-C to stop)\n")
        serve(wh, args.host, args.port)
    except OSError as exc:
        raise RevopsError(f"cannot serve the dashboard on {args.host}:{args.port} ({exc.strerror or exc})") from None
    finally:
        wh.close()
    return 0


def _cmd_profile(args: argparse.Namespace) -> int:
    from revops.dashboard.warehouse import Warehouse
    from revops.realism import run_profile

    target = _reader_target(args)
    warehouse = Warehouse(target, command="revops profile")
    try:
        _, text = run_profile(warehouse, _project_dir(args.project_dir))
    finally:
        warehouse.close()
    sys.stdout.write(text + "\n")
    return 0


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``revops``; returns the exit code (the console script exits with it)."""
    try:
        args = build_parser().parse_args(argv)
        return int(args.handler(args))
    except RevopsError as exc:
        message = " ".join(str(exc).split())  # always one line
        sys.stderr.write(f"{PROG}: error: {message}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
