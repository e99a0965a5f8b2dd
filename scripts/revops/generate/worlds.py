"""Any world builds green: `python -m revops.generate.worlds` (`make test-worlds`).

Builds a matrix of worlds (scale x seed x dirty rate) on DuckDB, each in its own database file: generate,
load, `dbt build` (models, data tests, unit tests). Prints one line per world and fails when any build is
red. `build_world` is also what the multi-seed realism test uses.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import product
from pathlib import Path

from revops.generate.api import GenerateOptions, generate

REPO = Path(__file__).resolve().parents[3]
# scale, seed, dirty rate: small and large worlds, clean, dirty and very dirty (half the rows faulted, so
# cells with no readable value occur), seeds the other tests do not use
MATRIX: tuple[tuple[float, int, float], ...] = (
    (0.3, 3, 0.0), (0.3, 11, 0.05), (0.3, 17, 0.5), (1.0, 5, 0.05), (1.0, 13, 0.0), (3.0, 8, 0.05),
    (10.0, 21, 0.0),
)


@dataclass(frozen=True)
class World:
    scale: float
    seed: int
    dirty_rate: float

    @property
    def name(self) -> str:
        return f"scale{self.scale:g}-seed{self.seed}-dirty{self.dirty_rate:g}"


@dataclass(frozen=True)
class Built:
    world: World
    database: Path
    ok: bool
    seconds: float
    log_tail: str


def _run(args: list[str], env: dict[str, str], project_dir: Path) -> tuple[bool, str]:
    result = subprocess.run(args, cwd=project_dir, env=env, capture_output=True, text=True)
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
    return result.returncode == 0, tail


def build_world(world: World, root: Path, project_dir: Path = REPO, tests: bool = True) -> Built:
    """Generate, load and build one world under `root` (its own DuckDB file); `tests=False` builds models only."""
    from revops.load import load
    from revops.profile import load_target

    started = time.perf_counter()
    root.mkdir(parents=True, exist_ok=True)
    raw = root / "raw"
    generate(GenerateOptions(out=raw, scale=world.scale, seed=world.seed, dirty_rate=world.dirty_rate,
                             seeds_dir=project_dir / "seeds", project_file=project_dir / "dbt_project.yml"))
    profiles = root / "profiles"
    profiles.mkdir(exist_ok=True)
    shutil.copy(project_dir / "profiles.yml.example", profiles / "profiles.yml")
    database = root / "warehouse.duckdb"
    env = {**os.environ, "REVOPS_TARGET": "duckdb", "REVOPS_DUCKDB_PATH": str(database),
           "REVOPS_DUCKDB_TEMP_DIR": str(root / "duckdb_tmp"), "DBT_PROFILES_DIR": str(profiles)}
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        load(load_target("duckdb", profiles), raw, progress=None)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    dbt = str(Path(sys.executable).with_name("dbt"))
    common = ["--no-use-colors", "--profiles-dir", str(profiles), "--target", "duckdb",
              "--target-path", str(root / "target"), "--log-path", str(root / "logs")]
    command = [dbt, "build", *common] if tests else [dbt, "build", *common, "--exclude-resource-type", "test",
                                                     "unit_test"]
    ok, tail = _run(command, env, project_dir)
    shutil.rmtree(raw, ignore_errors=True)
    return Built(world, database, ok, time.perf_counter() - started, tail)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m revops.generate.worlds", description=__doc__.splitlines()[0])
    parser.add_argument("--project-dir", type=Path, default=REPO)
    parser.add_argument("--keep", type=Path, default=None, help="keep the worlds in this folder (default: a temp dir)")
    cross = parser.add_argument_group("another matrix: every combination of these (all three needed)")
    cross.add_argument("--scales", type=float, nargs="+", metavar="SCALE")
    cross.add_argument("--seeds", type=int, nargs="+", metavar="SEED")
    cross.add_argument("--dirty-rates", type=float, nargs="+", metavar="RATE")
    args = parser.parse_args(argv)
    given = (args.scales, args.seeds, args.dirty_rates)
    if any(given) and not all(given):
        parser.error("--scales, --seeds and --dirty-rates go together")
    matrix = list(product(*given)) if all(given) else list(MATRIX)
    root = args.keep or Path(tempfile.mkdtemp(prefix="revops-worlds-"))
    red = []
    started = time.perf_counter()
    try:
        for scale, seed, dirty in matrix:
            world = World(scale, seed, dirty)
            built = build_world(world, root / world.name, args.project_dir)
            print(f"{'green' if built.ok else 'RED  '}  {world.name:<28} {built.seconds:7.1f} s", flush=True)
            if not built.ok:
                red.append(built)
                print(built.log_tail, flush=True)
            elif args.keep is None:
                shutil.rmtree(root / world.name, ignore_errors=True)
    finally:
        if args.keep is None and not red:
            shutil.rmtree(root, ignore_errors=True)
    total = time.perf_counter() - started
    print(f"{len(matrix) - len(red)} of {len(matrix)} worlds green in {total:.0f} s"
          + (f"; red worlds kept in {root}" if red else ""))
    return 1 if red else 0


if __name__ == "__main__":
    raise SystemExit(main())
