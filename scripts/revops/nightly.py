"""``revops nightly``: source freshness -> load -> build (tests included) -> publish -> report.

The scheduled job of docs/scheduling.md. Each step prints one progress line with its time; the whole
run (the output of every step, dbt's included) goes to ``logs/nightly-<UTC timestamp>.log``. The exit
code is 0 when every step passed, 1 when one failed (the later steps are skipped). Nothing a reader
sees changes before the publish step: load and dbt write the build file of a DuckDB target, so a failed
step leaves the published warehouse as it was (on PostgreSQL the build swaps each table atomically).

Freshness is checked on the raw export itself, before anything is loaded: every table's CSV present
with its exact header, and none older than the ``error_after`` of its dbt source (``warn_after`` prints
a warning). A load stamps ``_loaded_at`` with the load time, so ``dbt source freshness`` after a load
would always pass; the export's own age is what says whether the systems delivered.
"""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

import yaml

from revops.errors import RevopsError
from revops.profile import Target

#: the export's own date, written by ``revops generate --as-of`` (see generate/as_of.py)
EXPORT_MANIFEST = Path("_truth") / "export.json"
_PERIOD_HOURS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0}


@dataclass(frozen=True)
class NightlyOptions:
    target: Target
    raw_dir: Path
    project_dir: Path
    log_dir: Path
    report_out: Path
    #: rebuild the incremental models from every row held (after an upgrade that changes their columns)
    full_refresh: bool = False


@dataclass(frozen=True)
class Freshness:
    """Age limits of one raw table in hours (None = no limit), from its dbt source."""

    warn_after: float | None
    error_after: float | None


class Log:
    """Progress lines on the terminal, everything in the log file."""

    def __init__(self, path: Path, terminal: TextIO) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.file = path.open("w", encoding="utf-8")
        self.terminal = terminal

    def say(self, line: str) -> None:
        self.terminal.write(line + "\n")
        self.terminal.flush()
        self.write(line)

    def write(self, line: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%H:%M:%S")
        self.file.write(f"{stamp} {line}\n")
        self.file.flush()

    def close(self) -> None:
        self.file.close()


# ---------------------------------------------------------------- freshness


def _hours(rule: object) -> float | None:
    if not isinstance(rule, dict) or rule.get("count") is None:
        return None
    period = str(rule.get("period", "hour"))
    if period not in _PERIOD_HOURS:
        raise RevopsError(f"dbt source freshness: unknown period {period!r}")
    return float(rule["count"]) * _PERIOD_HOURS[period]


def _freshness_of(node: dict, inherited: Freshness) -> Freshness:
    config = node.get("config") if isinstance(node.get("config"), dict) else {}
    rule = config.get("freshness", node.get("freshness", "inherit"))
    if rule == "inherit":
        return inherited
    if rule is None:
        return Freshness(None, None)
    return Freshness(_hours(rule.get("warn_after")), _hours(rule.get("error_after")))


def source_freshness(project_dir: Path) -> dict[str, Freshness]:
    """Freshness limits per raw table, read from the dbt sources (``config.freshness`` or ``freshness``)."""
    limits: dict[str, Freshness] = {}
    for path in sorted((project_dir / "models").rglob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in document.get("sources") or []:
            source_limits = _freshness_of(source, Freshness(None, None))
            for table in source.get("tables") or []:
                limits[str(table["name"])] = _freshness_of(table, source_limits)
    return limits


def check_freshness(raw_dir: Path, project_dir: Path, log: Callable[[str], None]) -> None:
    """Every raw table present with its header and younger than its source's ``error_after``."""
    from revops.load import check_sources, raw_tables

    sources = check_sources(raw_dir, raw_tables())
    limits = source_freshness(project_dir)
    now = time.time()
    stale: list[str] = []
    for source in sources:
        age = (now - source.path.stat().st_mtime) / 3600
        limit = limits.get(source.stem, Freshness(None, None))
        if limit.error_after is not None and age > limit.error_after:
            stale.append(f"{source.path.name} is {age:.1f} h old (error_after {limit.error_after:g} h)")
        elif limit.warn_after is not None and age > limit.warn_after:
            log(f"  warning: {source.path.name} is {age:.1f} h old (warn_after {limit.warn_after:g} h)")
    if stale:
        more = f" (and {len(stale) - 1} more)" if len(stale) > 1 else ""
        raise RevopsError(f"stale raw export: {stale[0]}{more}; nothing loaded")
    log(f"  {len(sources)} raw tables present, headers as contracted, none stale")


# ---------------------------------------------------------------- steps


def export_as_of(raw_dir: Path) -> str | None:
    """The export date ``revops generate --as-of`` recorded, if any (the warehouse's ``as_of_date``)."""
    manifest = raw_dir / EXPORT_MANIFEST
    if not manifest.is_file():
        return None
    return str(json.loads(manifest.read_text(encoding="utf-8"))["as_of_date"])


def dbt_executable() -> str:
    beside = Path(sys.executable).with_name("dbt")
    found = str(beside) if beside.is_file() else shutil.which("dbt")
    if not found:
        raise RevopsError("dbt is not installed in this environment (make .venv/.installed)")
    return found


def dbt_command(command: str, target: Target, project_dir: Path, raw_dir: Path) -> list[str]:
    """``dbt <command>`` on ``target`` with the ``as_of_date`` of the export in ``raw_dir``.

    Runs from the current folder, so relative paths of the profile resolve as they do for ``revops load``.
    """
    args = [dbt_executable(), "--no-use-colors", command, "--target", target.name, "--project-dir", str(project_dir)]
    if target.profiles_path is not None:
        args += ["--profiles-dir", str(target.profiles_path.parent)]
    as_of = export_as_of(raw_dir)
    if as_of is not None:
        args += ["--vars", json.dumps({"as_of_date": as_of})]
    return args


_NODE_DONE = re.compile(r"\b(\d+) of (\d+) (?:OK|PASS|WARN|FAIL|ERROR|SKIP)")


@dataclass(frozen=True)
class Finished:
    """What a command run by ``run_logged`` left: its output lines and its own peak resident memory."""

    lines: list[str]
    peak_mib: float


def _resident_peak_mib(pid: int) -> float:
    """VmHWM of a running process (0 where /proc has none). Not the children's ``ru_maxrss``: a child
    forked from a large process reports at least that process's memory."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


def run_logged(args: list[str], log: Log) -> Finished:
    """Run a command with its output in the log; returns its output lines and peak memory (read at
    every line it prints); raises on a non-zero exit.

    dbt's node lines are summarised on the terminal at every quarter of the nodes.
    """
    log.write("$ " + " ".join(args))
    lines: list[str] = []
    peak_mib = 0.0
    quarters_shown = 0
    with subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            peak_mib = max(peak_mib, _resident_peak_mib(process.pid))
            lines.append(line.rstrip("\n"))
            log.write("  | " + lines[-1])
            done = None if " hook: " in line else _NODE_DONE.search(line)
            if done and int(done.group(1)) * 4 >= (quarters_shown + 1) * int(done.group(2)):
                quarters_shown = int(done.group(1)) * 4 // int(done.group(2))
                log.say(f"  {done.group(1)} of {done.group(2)} nodes done")
    if process.returncode != 0:
        errors = [line for line in lines if "ERROR" in line or "FAIL" in line or "Error" in line]
        for line in (errors or lines)[-12:]:
            log.say("  " + line.strip())
        raise RevopsError(f"{Path(args[0]).name} {args[2] if len(args) > 2 else ''} exited with {process.returncode}")
    return Finished(lines, peak_mib)


def _step_load(options: NightlyOptions, log: Log) -> None:
    from revops.load import load

    def progress(table: str, rows: int, seconds: float) -> None:
        log.write(f"  loaded {table:<28} {rows:>12,} rows {seconds:8.2f} s")

    counts = load(options.target, options.raw_dir, progress=progress)
    log.say(f"  {len(counts)} tables, {sum(counts.values()):,} rows into {options.target.name} schema raw")


def _step_build(options: NightlyOptions, log: Log) -> None:
    command = dbt_command("build", options.target, options.project_dir, options.raw_dir)
    finished = run_logged(command + (["--full-refresh"] if options.full_refresh else []), log)
    done = [line for line in finished.lines if "Done. PASS=" in line]
    log.say("  " + (done[-1].split("  ", 1)[-1].strip() if done else "dbt build passed")
            + f" (dbt peak memory {finished.peak_mib:,.0f} MiB)")


def _step_publish(options: NightlyOptions, log: Log) -> None:
    from revops.publish import publish

    result = publish(options.target)
    if result is not None:
        log.say(f"  {result.path} replaced atomically ({result.size_bytes / 2**20:,.0f} MiB copied in {result.seconds:.1f} s)")
    elif options.target.type == "postgres":
        log.say("  nothing to copy: the build swapped every table in atomically")
    else:
        log.say(f"  nothing to copy: target {options.target.name} has no published file")


def _step_report(options: NightlyOptions, log: Log) -> None:
    if options.target.type == "spark":
        log.say("  skipped: revops report reads DuckDB or PostgreSQL")
        return
    from revops.publish import reader_target
    from revops.report import run_report

    result = run_report(reader_target(options.target), options.report_out)
    log.write(result.scorecard_text)
    log.say(f"  wrote {result.out}")


STEPS: tuple[tuple[str, Callable[[NightlyOptions, Log], None]], ...] = (
    ("freshness", lambda options, log: check_freshness(options.raw_dir, options.project_dir, log.say)),
    ("load", _step_load),
    ("build", _step_build),
    ("publish", _step_publish),
    ("report", _step_report),
)


def _what_readers_see(target: Target, failed_step: str) -> str:
    step_names = [name for name, _ in STEPS]
    if step_names.index(failed_step) > step_names.index("publish"):
        return "the new warehouse was published"
    if target.type == "postgres":
        return "models built before the failure were swapped in whole, the others are unchanged"
    return "the published warehouse is unchanged"


@contextmanager
def _single_run(log_dir: Path, target: Target) -> Iterator[None]:
    """At most one nightly per target at a time (a scheduler may start the next before one ends)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    with (log_dir / f".nightly-{target.name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RevopsError(f"another revops nightly is running on target {target.name}") from None
        yield


def run_nightly(options: NightlyOptions, terminal: TextIO | None = None) -> int:
    """Run every step in order; 0 when all passed, 1 when one failed (the rest are skipped).

    Progress lines go to ``terminal`` (default: standard error), everything to the log file.
    """
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    with _single_run(options.log_dir, options.target):
        log = Log(options.log_dir / f"nightly-{stamp}.log", terminal or sys.stderr)
        started = time.perf_counter()
        try:
            as_of = export_as_of(options.raw_dir)
            log.say(
                f"revops nightly: target {options.target.name}, raw {options.raw_dir}"
                + (f", export as of {as_of}" if as_of else "")
                + f", log {log.path}"
            )
            for number, (name, step) in enumerate(STEPS, start=1):
                log.say(f"[{number}/{len(STEPS)}] {name}")
                step_started = time.perf_counter()
                try:
                    step(options, log)
                except RevopsError as exc:
                    log.say(f"[{number}/{len(STEPS)}] {name} FAILED after {time.perf_counter() - step_started:.1f} s: {exc}")
                    log.say(f"nightly FAILED at {name}; {_what_readers_see(options.target, name)} (log {log.path})")
                    return 1
                log.say(f"[{number}/{len(STEPS)}] {name} ok in {time.perf_counter() - step_started:.1f} s")
            log.say(f"nightly ok in {time.perf_counter() - started:.1f} s")
            return 0
        finally:
            log.close()
