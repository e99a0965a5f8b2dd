"""The ``revops`` command line: ``revops generate``, ``revops load``, ``revops report`` and ``revops profile``.

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
from typing import NoReturn, TextIO

from revops.errors import RevopsError, UsageError

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


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


# ---------------------------------------------------------------- parser


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
        "--project-dir",
        type=Path,
        default=None,
        help="dbt project folder with dbt_project.yml and seeds/ (default: current folder)",
    )
    gen.add_argument("--quiet", action="store_true", help="no progress output")
    gen.set_defaults(handler=_cmd_generate)

    load = commands.add_parser("load", help="bulk-load the raw CSV files into schema raw of a dbt target")
    load.add_argument(
        "--target",
        default=None,
        help="dbt target of profile revops: duckdb, postgres or spark (default: the profile's target, i.e. $REVOPS_TARGET or duckdb)",
    )
    load.add_argument("--from", dest="source", type=Path, default=DEFAULT_RAW_DIR, help="CSV folder (default data/raw)")
    load.add_argument(
        "--profiles-dir",
        type=Path,
        default=None,
        help="folder with profiles.yml (default: $DBT_PROFILES_DIR or the current folder)",
    )
    load.add_argument("--quiet", action="store_true", help="no progress output")
    load.set_defaults(handler=_cmd_load)

    report = commands.add_parser(
        "report", help="print the KPI scorecard and write a static HTML report from the marts"
    )
    _warehouse_arguments(report)
    report.add_argument(
        "--out", type=Path, default=Path("reports/revops_report.html"), help="HTML file (default reports/revops_report.html)"
    )
    report.set_defaults(handler=_cmd_report)

    prof = commands.add_parser(
        "profile", help="print the REALISM.md benchmarks against this warehouse's marts (figure, value, range, in/out)"
    )
    _warehouse_arguments(prof)
    prof.add_argument(
        "--project-dir", type=Path, default=None, help="dbt project folder with dbt_project.yml (default: current folder)"
    )
    prof.set_defaults(handler=_cmd_profile)
    return parser


def _warehouse_arguments(parser: argparse.ArgumentParser) -> None:
    """--target and --profiles-dir of the commands that read the marts of a DuckDB or PostgreSQL warehouse."""
    parser.add_argument(
        "--target",
        default=None,
        help="dbt target of profile revops: duckdb or postgres (default: the profile's target)",
    )
    parser.add_argument(
        "--profiles-dir",
        type=Path,
        default=None,
        help="folder with profiles.yml (default: $DBT_PROFILES_DIR or the current folder)",
    )


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
    counts = load(target, args.source, progress=progress)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        sys.stderr.write(_summary("loaded", counts, elapsed, f"into {target.name} schema raw") + "\n")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from revops.profile import load_target
    from revops.report import run_report

    target = load_target(args.target, args.profiles_dir)
    result = run_report(target, args.out)
    sys.stdout.write(result.scorecard_text + "\n")
    sys.stderr.write(f"wrote {result.out}\n")
    return 0


def _cmd_profile(args: argparse.Namespace) -> int:
    from revops.profile import load_target
    from revops.realism import run_profile
    from revops.report import Warehouse

    target = load_target(args.target, args.profiles_dir)
    warehouse = Warehouse(target)
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
