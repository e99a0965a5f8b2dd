"""Layers flow one way: the checker catches each kind of violation, and the project has none."""

from __future__ import annotations

from typing import Any

from conftest import REPO

from revops.layers import parse_manifest, violations


def model(name: str, path: str, *parents: str) -> tuple[str, dict[str, Any]]:
    return f"model.revops.{name}", {
        "name": name,
        "resource_type": "model",
        "original_file_path": path,
        "depends_on": {"nodes": list(parents)},
    }


def manifest(*nodes: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return {"nodes": dict(nodes)}


def test_one_way_flow_passes() -> None:
    assert violations(manifest(
        model("stg_crm__leads", "models/staging/crm/stg_crm__leads.sql", "source.revops.crm.leads"),
        model("int_leads_scored", "models/intermediate/marketing/int_leads_scored.sql",
              "model.revops.stg_crm__leads", "seed.revops.lead_source_channels"),
        model("fct_leads", "models/marts/marketing/fct_leads.sql", "model.revops.int_leads_scored"),
        model("dim_dates", "models/marts/core/dim_dates.sql"),
        model("int_funnel_measured", "models/reports/marketing/int_funnel_measured.sql",
              "model.revops.fct_leads", "model.revops.dim_dates"),
        model("rpt_funnel", "models/reports/marketing/rpt_funnel.sql", "model.revops.int_funnel_measured"),
        model("audit_rows", "models/audit/audit_rows.sql", "model.revops.stg_crm__leads", "source.revops.crm.leads"),
    )) == []


def test_reading_a_layer_above_fails() -> None:
    problems = violations(manifest(
        model("dim_dates", "models/marts/core/dim_dates.sql"),
        model("int_spine", "models/intermediate/core/int_spine.sql", "model.revops.dim_dates"),
        model("rpt_kpis", "models/reports/kpi/rpt_kpis.sql"),
        model("fct_kpis", "models/marts/kpi/fct_kpis.sql", "model.revops.rpt_kpis"),
    ))
    assert problems == [
        "fct_kpis (marts) reads rpt_kpis (reports): a layer above its own",
        "int_spine (intermediate) reads dim_dates (marts): a layer above its own",
    ]


def test_audit_reads_staging_only_and_sources_only_staging() -> None:
    problems = violations(manifest(
        model("int_x", "models/intermediate/core/int_x.sql", "source.revops.crm.leads"),
        model("audit_x", "models/audit/audit_x.sql", "model.revops.int_x"),
    ))
    assert problems == [
        "audit_x (audit) reads int_x (intermediate): a layer above its own",
        "int_x (intermediate) reads source.revops.crm.leads: only staging and audit read sources",
    ]


def test_names_must_match_their_folder() -> None:
    problems = violations(manifest(
        model("rpt_misplaced", "models/marts/sales/rpt_misplaced.sql"),
        model("fct_misplaced", "models/intermediate/sales/fct_misplaced.sql"),
        model("stray", "models/elsewhere/stray.sql"),
    ))
    assert problems == [
        "fct_misplaced: a fct_ model belongs in marts, not intermediate",
        "rpt_misplaced: a rpt_ model belongs in reports, not marts",
        "stray: models/elsewhere/stray.sql is in no known layer "
        "(audit, intermediate, marts, reports, semantic, staging)",
    ]


def test_project_layers_flow_one_way() -> None:
    assert violations(parse_manifest(REPO)) == []
