"""Shared fixtures: one clean and one dirty scale-1 generation per test session."""

from __future__ import annotations

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
