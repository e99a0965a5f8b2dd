"""Reference data shared with dbt: the seeds and the fiscal-year var of dbt_project.yml."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Reference:
    territory_ids: tuple[str, ...]
    territory_region: dict[str, str]
    territory_country: dict[str, str]
    territory_prefixes: dict[str, tuple[str, ...]]
    stages: tuple[str, ...]  # ordered by stage_order
    stage_probability: dict[str, int]
    stage_forecast: dict[str, str]
    lead_sources: dict[str, str]  # leads LEAD_SOURCE -> channel
    opp_sources: dict[str, str]  # opportunities LEAD_SOURCE -> channel
    bundle_price: dict[str, float]
    bundle_cogs: dict[str, float]
    bundle_families: dict[str, tuple[str, ...]]
    fiscal_year_start_month: int


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise ValueError(f"seed file {path} not found (set seeds_dir to the dbt seeds folder)")
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def project_vars(project_file: Path) -> dict[str, Any]:
    """The `vars:` of dbt_project.yml, the one home of the window and the thresholds the generator shares."""
    if not project_file.is_file():
        raise ValueError(f"dbt project file {project_file} not found (set project_file to the dbt_project.yml)")
    values = (yaml.safe_load(project_file.read_text(encoding="utf-8")) or {}).get("vars") or {}
    if not isinstance(values, dict):
        raise ValueError(f"vars in {project_file} is not a mapping")
    return values


def project_window(project_file: Path) -> tuple[date, date]:
    """(window_start_date, as_of_date) of dbt_project.yml: the default generation window."""
    values = project_vars(project_file)
    try:
        return date.fromisoformat(str(values["window_start_date"])), date.fromisoformat(str(values["as_of_date"]))
    except (KeyError, ValueError) as exc:
        raise ValueError(f"{project_file} needs vars window_start_date and as_of_date as YYYY-MM-DD ({exc})") from None


def fiscal_year_start_month(project_file: Path) -> int:
    """`fiscal_year_start_month` of dbt_project.yml."""
    month = int(project_vars(project_file).get("fiscal_year_start_month", 0))
    if not 1 <= month <= 12:
        raise ValueError(f"fiscal_year_start_month in {project_file} must be 1-12, got {month}")
    return month


def load_reference(seeds_dir: Path, project_file: Path) -> Reference:
    territories = _rows(seeds_dir / "territories.csv")
    prefixes = _rows(seeds_dir / "territory_postal_prefixes.csv")
    stages = sorted(_rows(seeds_dir / "opportunity_stages.csv"), key=lambda r: int(r["stage_order"]))
    sources = _rows(seeds_dir / "lead_source_channels.csv")
    products = _rows(seeds_dir / "products.csv")
    families = _rows(seeds_dir / "product_bundle_families.csv")
    by_territory: dict[str, list[str]] = {}
    for row in prefixes:
        by_territory.setdefault(row["territory_id"], []).append(row["postal_prefix"])
    bundle_families: dict[str, list[str]] = {}
    for row in families:
        bundle_families.setdefault(row["product_bundle_code"], []).append(row["product_family"])
    ids = tuple(r["territory_id"] for r in territories)
    return Reference(
        territory_ids=ids,
        territory_region={r["territory_id"]: r["region"] for r in territories},
        territory_country={r["territory_id"]: r["country"] for r in territories},
        territory_prefixes={t: tuple(sorted(by_territory.get(t, ()))) for t in ids},
        stages=tuple(r["stage_name"] for r in stages),
        stage_probability={r["stage_name"]: int(r["default_probability"]) for r in stages},
        stage_forecast={r["stage_name"]: r["forecast_category"] for r in stages},
        lead_sources={r["lead_source"]: r["channel"] for r in sources if r["source_system"] == "leads"},
        opp_sources={r["lead_source"]: r["channel"] for r in sources if r["source_system"] == "opportunities"},
        bundle_price={r["product_bundle_code"]: float(r["list_price_per_seat"]) for r in products},
        bundle_cogs={r["product_bundle_code"]: float(r["cost_of_goods_rate"]) for r in products},
        bundle_families={k: tuple(v) for k, v in bundle_families.items()},
        fiscal_year_start_month=fiscal_year_start_month(project_file),
    )
