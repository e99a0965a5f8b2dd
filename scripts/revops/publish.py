"""The published DuckDB warehouse: builds write a build file, readers open a published copy.

A DuckDB file takes one writer or many readers, never both: a BI tool holding ``data/revops.duckdb``
open read-only would block ``dbt build`` on the same file. So the ``duckdb`` target of the profile
has two paths:

* ``path`` (``data/build/revops.duckdb``): the build file. ``revops load`` and dbt write here; it
  keeps the state of incremental models from one run to the next. Nobody else opens it.
* ``published_path`` (``data/revops.duckdb``): what BI tools, ``revops report`` and the dashboard
  open, read-only. ``publish`` checkpoints the build file, copies it next to the published file and
  renames the copy over it (``os.replace``: atomic on one filesystem). A reader that has the old file
  open keeps reading the old version (its open file is the old inode) until it reconnects; a new
  connection sees the new version; nobody ever sees a half-built warehouse.

Both files are named ``revops.duckdb`` so both hold the catalog ``revops``: views keep resolving in
the copy. PostgreSQL needs none of this (the build swaps tables atomically per schema); Spark has no
published copy either.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from revops.errors import RevopsError
from revops.profile import Target

PUBLISHED_PATH_KEY = "published_path"
#: a published warehouse must hold at least one table in this schema
REQUIRED_SCHEMA = "marts"


@dataclass(frozen=True)
class Published:
    """What ``publish`` did: the file readers open, its size, and the seconds it took."""

    path: Path
    size_bytes: int
    seconds: float


def published_path(target: Target) -> Path | None:
    """The file readers open, or None when the target has no separate published copy."""
    if target.type != "duckdb" or not target.get(PUBLISHED_PATH_KEY):
        return None
    published = Path(str(target.get(PUBLISHED_PATH_KEY)))
    build = Path(str(target.get("path", "")))
    if build.resolve() == published.resolve():
        return None
    return published


def reader_target(target: Target) -> Target:
    """The target a reader uses: the published file for a DuckDB target that has one, else ``target``."""
    published = published_path(target)
    if published is None:
        return target
    return replace(target, config={**target.config, "path": str(published)})


@contextmanager
def _publish_lock(published: Path) -> Iterator[None]:
    """One publisher at a time per published file (a second one fails at once)."""
    lock_path = published.parent / f".{published.name}.lock"
    with lock_path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RevopsError(f"another process is publishing {published}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _checkpoint(build: Path) -> None:
    """Fold the write-ahead log into the build file and check it holds marts (refuse to publish otherwise)."""
    import duckdb

    try:
        con = duckdb.connect(str(build))
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RevopsError(f"cannot open the build warehouse {build} (is a build still running?): {first}") from None
    try:
        tables = con.execute(
            "select count(*) from information_schema.tables where table_schema = ?", [REQUIRED_SCHEMA]
        ).fetchone()
        if not tables or tables[0] == 0:
            raise RevopsError(f"the build warehouse {build} has no {REQUIRED_SCHEMA} tables: nothing to publish (run dbt build)")
        con.execute("force checkpoint")
    finally:
        con.close()
    wal = build.with_name(build.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise RevopsError(f"{wal} is not empty after a checkpoint: not publishing a warehouse with pending writes")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(target: Target) -> Published | None:
    """Publish the build file of a DuckDB ``target`` atomically; None when the target has nothing to publish."""
    published = published_path(target)
    if published is None:
        return None
    build = Path(str(target.get("path")))
    if not build.is_file():
        raise RevopsError(f"no build warehouse at {build} (run `revops load` and `dbt build` first)")
    started = time.perf_counter()
    published.parent.mkdir(parents=True, exist_ok=True)
    with _publish_lock(published):
        _checkpoint(build)
        staging = published.parent / f".{published.name}.publishing-{os.getpid()}"
        try:
            shutil.copyfile(build, staging)
            with staging.open("rb+") as handle:
                os.fsync(handle.fileno())
            if staging.stat().st_size != build.stat().st_size:
                raise RevopsError(f"copying {build} to {staging} was incomplete")
            # A write-ahead log beside the published file belongs to an older file written in place:
            # a new reader would replay it onto the new file.
            published.with_name(published.name + ".wal").unlink(missing_ok=True)
            os.replace(staging, published)
            _fsync_dir(published.parent)
        except OSError as exc:
            raise RevopsError(f"cannot publish {build} as {published}: {exc.strerror or exc}") from None
        finally:
            staging.unlink(missing_ok=True)
    return Published(published, published.stat().st_size, time.perf_counter() - started)
