"""Shared fixtures: one clean and one dirty scale-1 generation per test session; a warehouse builder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from revops.generate import GenerateOptions, generate

REPO = Path(__file__).resolve().parents[2]


def options(out: Path, **kw) -> GenerateOptions:
    return GenerateOptions(out=out, seeds_dir=REPO / "seeds", project_file=REPO / "dbt_project.yml", **kw)


@pytest.fixture(scope="session")
def clean_raw(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "clean"
    generate(options(out, seed=7))
    return out


@pytest.fixture(scope="session")
def dirty_raw(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "dirty"
    generate(options(out, seed=7, dirty_rate=0.05))
    return out


def read(raw: Path, name: str):
    """A raw CSV as text exactly as written (empty field = NaN)."""
    import pandas as pd

    return pd.read_csv(raw / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])


def run_checked(args: list[str], env: dict[str, str]) -> None:
    """Run a command from the repository; fail the test with its output's tail when it fails."""
    result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-4000:]
        pytest.fail(f"command failed ({result.returncode}): {' '.join(args)}\n{tail}")


def warehouse_env(root: Path) -> dict[str, str]:
    """The environment of a DuckDB warehouse under ``root``: its own profile, file, target and logs."""
    profiles = root / "profiles"
    profiles.mkdir(parents=True)
    shutil.copy(REPO / "profiles.yml.example", profiles / "profiles.yml")
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(profiles),
        "DBT_TARGET_PATH": str(root / "target"),
        "DBT_LOG_PATH": str(root / "logs"),
        "REVOPS_TARGET": "duckdb",
        "REVOPS_DUCKDB_PATH": str(root / "revops.duckdb"),
        "REVOPS_DUCKDB_TEMP_DIR": str(root / "duckdb_tmp"),
        "REVOPS_DUCKDB_MEMORY_LIMIT": "2GB",
    }


def load_and_build(env: dict[str, str], raw: Path, *dbt_build_args: str) -> Path:
    """``revops load`` ``raw`` (event tables merged into what the file holds) and ``dbt build`` it."""
    bin_dir = Path(sys.executable).parent
    run_checked([sys.executable, "-m", "revops", "load", "--quiet", "--target", "duckdb", "--from", str(raw)], env)
    dbt = str(bin_dir / "dbt") if (bin_dir / "dbt").exists() else "dbt"
    run_checked([dbt, "--no-use-colors", "build", "--target", "duckdb", *dbt_build_args], env)
    return Path(env["REVOPS_DUCKDB_PATH"])


def build_warehouse(root: Path, raw: Path, *dbt_build_args: str) -> Path:
    """Load ``raw`` into a new DuckDB file under ``root`` and ``dbt build`` it there."""
    return load_and_build(warehouse_env(root), raw, *dbt_build_args)
