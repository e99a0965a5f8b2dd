"""The pages of the dashboard and of the static report: which panels, in which order, from which marts.

A ``Panel`` is one figure: the tables it needs and a function (warehouse, filters) -> Figure that chains a
query of ``queries`` to a figure of ``figures``. ``render_panel`` turns a missing table or a failing query
into a figure with a note, so one broken mart never sinks a page. The dashboard lays the panels of a page
out in a grid under the global filters; ``revops report`` writes every page, one after the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from revops.dashboard import figures, queries
from revops.dashboard.queries import Filters
from revops.dashboard.warehouse import Warehouse, first_line, to_float
from revops.dashboard.whatif import Baseline, project_quarter

FILTER_LABELS = {
    "quarter": "Fiscal quarter",
    "region": "Region",
    "segment": "Segment",
    "territory": "Territory",
    "motion": "Sales motion",
}


@dataclass(frozen=True)
class Panel:
    id: str
    needs: tuple[str, ...]  # "schema.table" the panel reads
    build: Callable[[Warehouse, Filters], go.Figure]
    wide: bool = False


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    filters: tuple[str, ...]  # the global filters this page's marts carry
    panels: tuple[Panel, ...]

    @property
    def path(self) -> str:
        return "/" if self.slug == "executive" else f"/{self.slug}"


def quarter_name(wh: Warehouse, quarter: str | None) -> str:
    if quarter is None:
        return "all quarters"
    rows = wh.query(
        "select max(fiscal_quarter_label) as label from marts.rpt_bookings_by_segment "
        "where fiscal_quarter_start_date = cast(? as date)",
        [quarter],
    )
    return str(rows[0]["label"]) if rows and rows[0]["label"] else quarter


def whatif_baseline(wh: Warehouse) -> Baseline:
    """The running quarter's what-if baseline from the marts (queries.whatif_inputs)."""
    row = queries.whatif_inputs(wh)
    end, snapshot = row["fiscal_quarter_end_date"], row["snapshot_date"]
    days = (end - snapshot).days if isinstance(end, date) and isinstance(snapshot, date) else 0
    won = to_float(row["won_to_date_amount"]) or 0.0
    return Baseline(
        fiscal_quarter_label=str(row["fiscal_quarter_label"]),
        days_remaining=max(days, 0),
        qrf_amount=to_float(row["quota_amount"]) or 0.0,
        won_to_date_amount=won,
        open_pipeline_amount=to_float(row["open_pipeline_amount"]) or 0.0,
        calibrated_pipeline_amount=(to_float(row["calibrated_forecast_amount"]) or 0.0) - won,
        win_rate=to_float(row["opportunity_win_rate"]) or 0.0,
        average_deal_size=to_float(row["average_deal_size"]) or 0.0,
        cycle_days=to_float(row["cycle_days"]) or 0.0,
        created_amount_per_week=to_float(row["created_amount"]) or 0.0,
    )


def whatif_figure(baseline: Baseline) -> go.Figure:
    """The what-if of the unchanged scenario (the dashboard's sliders then move it)."""
    return figures.whatif(project_quarter(baseline, baseline.scenario()), baseline.fiscal_quarter_label)


def _quarter(f: Filters, wh: Warehouse) -> Filters:
    """The filters with a quarter: the chosen one, else the running quarter."""
    return f if f.quarter else f.with_quarter(queries.current_quarter(wh))


# ---------------------------------------------------------------- pages


def _exec_kpis(wh: Warehouse, f: Filters) -> go.Figure:
    f = _quarter(f, wh)
    scope = " · ".join(v for v in (f.region, f.segment, f.motion) if v) or "company"
    return figures.kpi_indicators(queries.bookings_cell(wh, f), f"{quarter_name(wh, f.quarter)} · {scope}")


def _quarterly(
    query: Callable[[Warehouse, Filters], pd.DataFrame], figure: Callable[[pd.DataFrame, str], go.Figure]
) -> Callable[[Warehouse, Filters], go.Figure]:
    """A panel of the chosen fiscal quarter (else the running one); the figure is told the quarter's label."""

    def build(wh: Warehouse, f: Filters) -> go.Figure:
        f = _quarter(f, wh)
        return figure(query(wh, f), quarter_name(wh, f.quarter))

    return build


BOOKINGS = "marts.rpt_bookings_by_segment"

PAGES: tuple[Page, ...] = (
    Page(
        "executive",
        "Executive",
        ("quarter", "region", "segment", "motion"),
        (
            Panel("exec-kpis", (BOOKINGS,), _exec_kpis, wide=True),
            Panel("exec-scorecard", ("marts.rpt_kpi_scorecard",), lambda wh, f: figures.scorecard_table(queries.scorecard(wh)), wide=True),
            Panel("exec-bookings-quota", (BOOKINGS,), lambda wh, f: figures.bookings_vs_quota(queries.bookings_by_quarter(wh, f))),
            Panel("exec-regions", (BOOKINGS,), _quarterly(queries.bookings_by_region, figures.bookings_by_region)),
            Panel("exec-arr", ("marts.rpt_arr_bridge", "marts.rpt_retention_by_segment"), lambda wh, f: figures.arr_trend(queries.arr_trend(wh, f))),
            Panel("exec-leaderboard", ("marts.rpt_rep_performance",), lambda wh, f: figures.leaderboard(queries.leaderboard(wh, _quarter(f, wh)))),
        ),
    ),
    Page(
        "pipeline",
        "Pipeline & forecast",
        ("quarter", "region", "segment", "territory", "motion"),
        (
            Panel("pipe-coverage", ("marts.rpt_pipeline_coverage",), lambda wh, f: figures.coverage_bars(queries.coverage_by_quarter(wh, f))),
            Panel("pipe-flow", ("marts.rpt_pipeline_flow", BOOKINGS), _quarterly(queries.pipeline_flow, figures.pipeline_flow)),
            Panel(
                "pipe-coverage-cells",
                ("marts.rpt_pipeline_coverage", BOOKINGS),
                _quarterly(queries.coverage_cells, figures.coverage_table),
                wide=True,
            ),
            Panel("pipe-funnel", ("marts.rpt_funnel_conversion",), lambda wh, f: figures.funnel(queries.funnel(wh, f))),
            Panel("pipe-stages", ("marts.rpt_stage_conversion",), lambda wh, f: figures.stage_conversion(queries.stage_conversion(wh, f))),
            Panel("pipe-forecast", ("marts.rpt_forecast", BOOKINGS), _quarterly(queries.forecast, figures.forecast_fan)),
            Panel("pipe-accuracy", ("marts.rpt_forecast_accuracy",), lambda wh, f: figures.forecast_accuracy(queries.forecast_accuracy(wh))),
            Panel("pipe-outlook", ("marts.rpt_bookings_outlook",), lambda wh, f: figures.outlook_current(queries.outlook(wh))),
            Panel("pipe-outlook-backtest", ("marts.rpt_bookings_outlook",), lambda wh, f: figures.outlook_backtest(queries.outlook(wh))),
            Panel("pipe-risk-reasons", ("marts.rpt_deals_at_risk",), lambda wh, f: figures.risk_reasons(queries.risk_reason_counts(wh, f))),
            Panel(
                "pipe-whatif",
                ("marts.rpt_forecast", BOOKINGS, "marts.rpt_kpi_scorecard", "marts.rpt_pipeline_flow", "marts.fct_opportunities"),
                lambda wh, f: whatif_figure(whatif_baseline(wh)),
                wide=True,
            ),
            Panel("pipe-deals", ("marts.rpt_deals_at_risk",), lambda wh, f: figures.deals_at_risk(queries.deals_at_risk(wh, f)), wide=True),
        ),
    ),
    Page(
        "revenue",
        "Revenue & retention",
        ("region", "segment"),
        (
            Panel("rev-bridge", ("marts.rpt_arr_bridge",), lambda wh, f: figures.arr_bridge(queries.arr_bridge(wh)), wide=True),
            Panel("rev-retention", ("marts.rpt_retention", "marts.rpt_retention_by_segment"), lambda wh, f: figures.retention(queries.retention(wh, f))),
            Panel("rev-concentration", ("marts.rpt_revenue_concentration",), lambda wh, f: figures.concentration(queries.concentration(wh))),
            Panel("rev-cohorts", ("marts.rpt_retention_cohorts",), lambda wh, f: figures.cohort_heatmap(queries.cohorts(wh)), wide=True),
        ),
    ),
    Page(
        "customers",
        "Customers & health",
        ("region", "segment"),
        (
            Panel("cust-bands", ("marts.rpt_customer_health",), lambda wh, f: figures.health_bands(queries.health_bands(wh, f))),
            Panel("cust-risk", ("marts.rpt_customer_health",), lambda wh, f: figures.arr_at_risk_trend(queries.arr_at_risk_trend(wh, f))),
            Panel("cust-movers", ("marts.rpt_customer_health",), lambda wh, f: figures.health_movers(queries.health_movers(wh, f)), wide=True),
            Panel("cust-activation", ("marts.rpt_customer_health",), lambda wh, f: figures.seat_activation(queries.seat_activation(wh, f))),
            Panel("cust-tickets", ("marts.fct_support_tickets",), lambda wh, f: figures.tickets(queries.tickets(wh, f))),
            Panel("cust-ltv", ("marts.fct_customer_lifetime_value",), lambda wh, f: figures.lifetime_value(queries.lifetime_value(wh, f))),
            Panel("cust-parents", ("marts.rpt_customer_health_by_parent",), lambda wh, f: figures.parent_rollup(queries.parent_rollup(wh))),
        ),
    ),
    Page(
        "territory",
        "Territory & capacity",
        ("quarter", "region", "territory"),
        (
            Panel("terr-coverage", ("marts.rpt_territory_coverage",), lambda wh, f: figures.territory_coverage(queries.territory_coverage(wh, f)), wide=True),
            Panel("terr-table", ("marts.rpt_territory_coverage",), lambda wh, f: figures.territory_table(queries.territory_coverage(wh, f)), wide=True),
            Panel("terr-capacity", ("marts.rpt_rep_capacity",), lambda wh, f: figures.rep_capacity(queries.rep_capacity(wh, f)), wide=True),
            Panel("terr-leaderboard", ("marts.rpt_rep_performance",), lambda wh, f: figures.leaderboard(queries.leaderboard(wh, _quarter(f, wh))), wide=True),
        ),
    ),
    Page(
        "quality",
        "Data quality",
        (),
        (
            Panel("dq-reconciliation", ("audit.audit_row_reconciliation",), lambda wh, f: figures.reconciliation(queries.reconciliation(wh)), wide=True),
            Panel(
                "dq-quarantine",
                ("audit.audit_quarantined_rows",),
                lambda wh, f: figures.reason_bars(queries.quarantine_reasons(wh), "quarantine_reason", "row_count", "Quarantined rows by reason"),
            ),
            Panel(
                "dq-field-issues",
                ("audit.audit_field_issues",),
                lambda wh, f: figures.reason_bars(queries.field_issue_reasons(wh), "reason", "value_count", "Field issues (values nulled) by reason"),
            ),
        ),
    ),
)


def page_for(path: str | None) -> Page:
    """The page of a URL path; unknown paths get the executive page."""
    return next((p for p in PAGES if p.path == (path or "/")), PAGES[0])


def render_panel(wh: Warehouse, panel: Panel, f: Filters) -> go.Figure:
    missing = [name for name in panel.needs if not wh.has(*name.split("."))]
    if missing:
        return figures.empty("", f"Not available: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in this warehouse (not built yet?).")
    try:
        return panel.build(wh, f)
    except Exception as exc:  # a broken or unexpected table must not sink the page
        return figures.empty("", f"Could not render this panel: {first_line(exc)}")
