"""Lead -> opportunity attribution (SPEC section 4) against the generator's ground truth.

Builds a scale-1 warehouse on DuckDB in a temporary folder (generate, load,
`dbt build --select +int_opportunities_attributed_to_leads`) and compares the
attributed lead of every opportunity with `_truth/lead_opportunity_links.csv`.
The truth links one Qualified lead to each New Business opportunity; every
other opportunity has no true lead, so "no lead" is the right answer for it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import build_warehouse, run_checked

pytestmark = pytest.mark.slow

MIN_ACCURACY = 0.95


@pytest.fixture(scope="session")
def attribution_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Generate scale 1, load DuckDB and build the attribution model; returns (duckdb file, raw folder)."""
    root = tmp_path_factory.mktemp("attribution")
    raw = root / "raw"
    run_checked([sys.executable, "-m", "revops", "generate", "--scale", "1", "--seed", "7",
                 "--dirty-rate", "0.02", "--out", str(raw)], dict(os.environ))
    database = build_warehouse(root, raw, "--select", "+int_opportunities_attributed_to_leads",
                               "--indirect-selection", "cautious", "--exclude", "resource_type:unit_test")
    return database, raw


def _compare(database: Path, raw: Path) -> pd.DataFrame:
    truth = pd.read_csv(raw / "_truth" / "lead_opportunity_links.csv", dtype=str)
    truth = truth.rename(columns={"opp_id": "opportunity_id", "lead_id": "true_lead_id"})
    with duckdb.connect(str(database), read_only=True) as con:
        model = con.execute(
            "select opportunity_id, lead_id from intermediate.int_opportunities_attributed_to_leads"
        ).df()
    merged = model.merge(truth, on="opportunity_id", how="left")
    merged["is_correct"] = merged["lead_id"].fillna("") == merged["true_lead_id"].fillna("")
    return merged


def test_attribution_matches_truth(attribution_warehouse: tuple[Path, Path]) -> None:
    database, raw = attribution_warehouse
    merged = _compare(database, raw)
    linked = merged[merged["true_lead_id"].notna()]
    accuracy = float(merged["is_correct"].mean())
    recall = float(linked["is_correct"].mean()) if len(linked) else 1.0
    print(
        f"\nattribution accuracy {accuracy:.4f} over {len(merged)} opportunities; "
        f"{recall:.4f} of {len(linked)} truth links recovered; "
        f"{int((~merged['is_correct']).sum())} mismatches"
    )
    assert len(linked) > 0, "the truth file links no opportunity"
    assert accuracy >= MIN_ACCURACY, f"attribution accuracy {accuracy:.4f} < {MIN_ACCURACY}"
    assert recall >= MIN_ACCURACY, f"truth links recovered {recall:.4f} < {MIN_ACCURACY}"


def test_every_opportunity_has_one_row(attribution_warehouse: tuple[Path, Path]) -> None:
    database, _ = attribution_warehouse
    with duckdb.connect(str(database), read_only=True) as con:
        rows, distinct = con.execute(
            "select count(*), count(distinct opportunity_id) from intermediate.int_opportunities_attributed_to_leads"
        ).fetchone()
        staged = con.execute("select count(*) from staging.stg_crm__opportunities").fetchone()[0]
    assert rows == distinct == staged
