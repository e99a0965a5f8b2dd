"""Every read of the marts the dashboard and the report make: one function per panel, a DataFrame each.

The rates shown (win rate, coverage, attainment, GRR/NRR, conversion, MAPE...) are read from the marts'
rows, never recomputed here: where a filter leaves a dimension open, the query reads the mart's roll-up
row (member ``All``) or shows the mart's rows one by one. Only amounts and counts are summed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from revops.dashboard.warehouse import Warehouse

ALL = "All"


@dataclass(frozen=True)
class Filters:
    """The global filters; None = all. ``quarter`` is a fiscal quarter's first day (YYYY-MM-DD)."""

    quarter: str | None = None
    region: str | None = None
    segment: str | None = None
    territory: str | None = None
    motion: str | None = None

    def with_quarter(self, quarter: str | None) -> Filters:
        return replace(self, quarter=quarter)


def _where(conditions: list[tuple[str, Any]], *fixed: str) -> tuple[str, list[Any]]:
    """``where a = ? and b = ?`` for the conditions whose value is set (``*_date`` columns compare to a date),
    and the ``fixed`` SQL conditions; an empty string when there is none."""
    used = [(column, value) for column, value in conditions if value is not None]
    parts = [f"{column} = cast(? as date)" if column.endswith("_date") else f"{column} = ?" for column, _ in used]
    parts += fixed
    return (" where " + " and ".join(parts) if parts else ""), [value for _, value in used]


# ---------------------------------------------------------------- filter options


def filter_options(wh: Warehouse) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices of each filter, from the marts that carry it."""
    options: dict[str, list[tuple[str, str]]] = {"quarter": [], "region": [], "segment": [], "territory": [], "motion": []}
    if wh.has("marts", "rpt_bookings_by_segment"):
        rows = wh.query(
            "select distinct fiscal_quarter_start_date, fiscal_quarter_label from marts.rpt_bookings_by_segment "
            "order by fiscal_quarter_start_date desc"
        )
        options["quarter"] = [(str(r["fiscal_quarter_start_date"])[:10], str(r["fiscal_quarter_label"])) for r in rows]
        for key, column in (("region", "region"), ("segment", "customer_type"), ("motion", "sales_motion")):
            values = wh.query(
                f"select distinct {column} as v from marts.rpt_bookings_by_segment where {column} <> 'All' order by 1"
            )
            options[key] = [(str(r["v"]), str(r["v"])) for r in values]
    if wh.has("marts", "dim_territories"):
        rows = wh.query("select territory_id, territory_name from marts.dim_territories order by territory_id")
        options["territory"] = [(str(r["territory_id"]), f"{r['territory_id']} {r['territory_name']}") for r in rows]
    return options


def current_quarter(wh: Warehouse) -> str | None:
    """The running fiscal quarter (the latest one in rpt_bookings_by_segment)."""
    rows = wh.query("select max(fiscal_quarter_start_date) as q from marts.rpt_bookings_by_segment")
    return str(rows[0]["q"])[:10] if rows and rows[0]["q"] is not None else None


# ---------------------------------------------------------------- executive


def bookings_cell(wh: Warehouse, f: Filters) -> pd.DataFrame:
    """The rpt_bookings_by_segment row of the filters (quarter required), roll-up members for open dimensions."""
    return wh.frame(
        "select * from marts.rpt_bookings_by_segment "
        "where fiscal_quarter_start_date = cast(? as date) and region = ? and customer_type = ? and sales_motion = ?",
        [f.quarter, f.region or ALL, f.segment or ALL, f.motion or ALL],
    )


def bookings_by_quarter(wh: Warehouse, f: Filters) -> pd.DataFrame:
    return wh.frame(
        "select fiscal_quarter_start_date, fiscal_quarter_label, bookings_amount, quota_amount, attainment, "
        "opportunity_win_rate from marts.rpt_bookings_by_segment "
        "where region = ? and customer_type = ? and sales_motion = ? order by fiscal_quarter_start_date",
        [f.region or ALL, f.segment or ALL, f.motion or ALL],
    )


def bookings_by_region(wh: Warehouse, f: Filters) -> pd.DataFrame:
    return wh.frame(
        "select region, bookings_amount, quota_amount, attainment, opportunity_win_rate "
        "from marts.rpt_bookings_by_segment "
        "where fiscal_quarter_start_date = cast(? as date) and region <> 'All' and customer_type = ? "
        "and sales_motion = ? order by region",
        [f.quarter, f.segment or ALL, f.motion or ALL],
    )


def scorecard(wh: Warehouse) -> pd.DataFrame:
    """rpt_kpi_scorecard: the all_time row and the calendar quarters, oldest first."""
    return wh.frame(
        "select * from marts.rpt_kpi_scorecard where period_grain in ('all_time', 'quarter') "
        "order by period_grain, period_start"
    )


def arr_trend(wh: Warehouse, f: Filters) -> pd.DataFrame:
    """Ending ARR by month: the company (rpt_arr_bridge), or the region x segment cells of the filters."""
    if f.region is None and f.segment is None:
        return wh.frame(
            "select month_start_date, 'Company' as series, ending_arr from marts.rpt_arr_bridge "
            "where is_in_reporting_window order by month_start_date"
        )
    where, params = _where([("region", f.region), ("customer_type", f.segment)])
    return wh.frame(
        "select month_start_date, customer_type || ' / ' || region as series, ending_arr "
        f"from marts.rpt_retention_by_segment{where} order by month_start_date, series",
        params,
    )


def leaderboard(wh: Warehouse, f: Filters, limit: int = 10) -> pd.DataFrame:
    where, params = _where([("fiscal_quarter_start_date", f.quarter), ("region", f.region)])
    return wh.frame(
        "select leaderboard_rank, rep_name, role, region, bookings_amount, quota_amount, attainment, "
        "win_rate_by_count, won_count, median_cycle_days, activity_count "
        f"from marts.rpt_rep_performance{where} "
        f"order by bookings_amount desc, rep_name limit {int(limit)}",
        params,
    )


# ---------------------------------------------------------------- pipeline & forecast


def funnel(wh: Warehouse, f: Filters) -> pd.DataFrame:
    """Lead funnel counts summed over the cohorts of the filters (rpt_funnel_conversion)."""
    where, params = _where([("customer_type", f.segment)])
    return wh.frame(
        "select sum(leads) as leads, sum(mqls) as mqls, sum(sqls) as sqls, sum(opportunities) as opportunities, "
        f"sum(won) as won from marts.rpt_funnel_conversion{where}",
        params,
    )


def coverage_by_quarter(wh: Warehouse, f: Filters) -> pd.DataFrame:
    """BOQ pipeline and QRF summed over the cells of the filters, by fiscal quarter (amounts only)."""
    where, params = _where(
        [("region", f.region), ("customer_type", f.segment), ("sales_motion", f.motion)], "snapshot_grain = 'boq'"
    )
    return wh.frame(
        "select fiscal_quarter_start_date, fiscal_quarter_label, sum(pipeline_amount) as pipeline_amount, "
        f"sum(qrf_amount) as qrf_amount from marts.rpt_pipeline_coverage{where} "
        "group by fiscal_quarter_start_date, fiscal_quarter_label order by fiscal_quarter_start_date",
        params,
    )


def coverage_cells(wh: Warehouse, f: Filters) -> pd.DataFrame:
    """The BOQ coverage rows of the quarter (each cell's own coverage, gap and trailing average)."""
    where, params = _where(
        [("fiscal_quarter_start_date", f.quarter), ("region", f.region), ("customer_type", f.segment), ("sales_motion", f.motion)],
        "snapshot_grain = 'boq'",
    )
    return wh.frame(
        "select region, customer_type, sales_motion, pipeline_amount, qrf_amount, coverage, gap_amount, "
        f"trailing_4q_boq_avg_coverage from marts.rpt_pipeline_coverage{where} "
        "order by region, customer_type, sales_motion",
        params,
    )


def pipeline_flow(wh: Warehouse, f: Filters) -> pd.DataFrame:
    return wh.frame(
        "select * from marts.rpt_pipeline_flow where period_grain = 'fiscal_quarter' "
        "and fiscal_quarter_start_date = cast(? as date)",
        [f.quarter],
    )


def stage_conversion(wh: Warehouse, f: Filters) -> pd.DataFrame:
    return wh.frame(
        "select stage, stage_order, advancement_rate, loss_rate, regression_rate, median_days_in_stage, visits "
        "from marts.rpt_stage_conversion where deal_size_band = 'All' and customer_type = ? order by stage_order",
        [f.segment or ALL],
    )


def forecast(wh: Warehouse, f: Filters) -> pd.DataFrame:
    return wh.frame(
        "select * from marts.rpt_forecast where fiscal_quarter_start_date = cast(? as date) order by week_of_quarter",
        [f.quarter],
    )


def forecast_accuracy(wh: Warehouse) -> pd.DataFrame:
    return wh.frame("select * from marts.rpt_forecast_accuracy order by forecast_method, week_of_quarter")


def deals_at_risk(wh: Warehouse, f: Filters, limit: int = 25) -> pd.DataFrame:
    where, params = _where(
        [("region", f.region), ("customer_type", f.segment), ("territory_id", f.territory), ("sales_motion", f.motion)]
    )
    return wh.frame(
        "select opportunity_id, account_id, region, customer_type, sales_motion, stage, amount, "
        "calibrated_win_probability, expected_amount, expected_close_date, risk_level, risk_flag_count, risk_reasons "
        f"from marts.rpt_deals_at_risk{where} "
        f"order by risk_flag_count desc, amount desc, opportunity_id limit {int(limit)}",
        params,
    )


def risk_reason_counts(wh: Warehouse, f: Filters) -> pd.DataFrame:
    where, params = _where(
        [("region", f.region), ("customer_type", f.segment), ("territory_id", f.territory), ("sales_motion", f.motion)]
    )
    flags = {
        "Stalled": "is_stalled",
        "Pushed out repeatedly": "is_pushed_repeatedly",
        "Amount cut": "has_amount_cut",
        "No recent activity": "is_inactive",
        "Single-threaded": "is_single_threaded",
        "Past expected close": "is_past_expected_close",
    }
    columns = ", ".join(
        f"sum(case when {column} then amount else 0 end) as \"{label}\"" for label, column in flags.items()
    )
    frame = wh.frame(f"select {columns} from marts.rpt_deals_at_risk{where}", params)
    return frame.melt(var_name="reason", value_name="amount")


def outlook(wh: Warehouse) -> pd.DataFrame:
    return wh.frame("select * from marts.rpt_bookings_outlook order by snapshot_date, horizon_days")


# ---------------------------------------------------------------- revenue & retention


def arr_bridge(wh: Warehouse) -> pd.DataFrame:
    return wh.frame("select * from marts.rpt_arr_bridge where is_in_reporting_window order by month_start_date")


def retention(wh: Warehouse, f: Filters) -> pd.DataFrame:
    """Trailing-12-month GRR / NRR: the company, or the region x segment cells of the filters."""
    columns = "month_start_date, gross_revenue_retention_rate, net_revenue_retention_rate, logo_retention_rate"
    if f.region is None and f.segment is None:
        return wh.frame(
            f"select {columns}, 'Company' as series from marts.rpt_retention where has_full_trailing_year "
            "order by month_start_date"
        )
    where, params = _where([("region", f.region), ("customer_type", f.segment)], "has_full_trailing_year")
    return wh.frame(
        f"select {columns}, customer_type || ' / ' || region as series from marts.rpt_retention_by_segment{where} "
        "order by month_start_date, series",
        params,
    )


def cohorts(wh: Warehouse) -> pd.DataFrame:
    return wh.frame(
        "select cohort_month_start_date, months_since_first_paid, net_revenue_retention_rate "
        "from marts.rpt_retention_cohorts order by cohort_month_start_date, months_since_first_paid"
    )


def concentration(wh: Warehouse) -> pd.DataFrame:
    return wh.frame(
        "select dimension_type, dimension_value, total_arr, share_of_company_arr, top_10pct_arr_share, "
        "top_20pct_arr_share, largest_customer_arr_share from marts.rpt_revenue_concentration "
        "where month_start_date = (select max(month_start_date) from marts.rpt_revenue_concentration) "
        "order by dimension_type, total_arr desc"
    )


# ---------------------------------------------------------------- customers & health


def _latest_health_where(f: Filters, *fixed: str) -> tuple[str, list[Any]]:
    latest = "month_start_date = (select max(month_start_date) from marts.rpt_customer_health)"
    return _where([("customer_type", f.segment)], latest, *fixed)


def health_bands(wh: Warehouse, f: Filters) -> pd.DataFrame:
    where, params = _latest_health_where(f)
    return wh.frame(
        "select coalesce(health_band, 'Unscored') as health_band, min(coalesce(band_order, 9)) as band_order, "
        "count(*) as accounts, sum(arr) as arr, sum(arr_at_risk) as arr_at_risk "
        f"from marts.rpt_customer_health{where} group by coalesce(health_band, 'Unscored') order by 2",
        params,
    )


def health_movers(wh: Warehouse, f: Filters, limit: int = 12) -> pd.DataFrame:
    where, params = _latest_health_where(f, "health_score_change is not null")
    return wh.frame(
        "select account_id, customer_type, arr, prior_health_score, health_score, health_score_change, "
        "prior_health_band, health_band, arr_at_risk "
        f"from marts.rpt_customer_health{where} "
        f"order by abs(health_score_change) desc, account_id limit {int(limit)}",
        params,
    )


def arr_at_risk_trend(wh: Warehouse, f: Filters) -> pd.DataFrame:
    where, params = _where([("customer_type", f.segment)])
    return wh.frame(
        "select month_start_date, coalesce(health_band, 'Unscored') as health_band, sum(arr_at_risk) as arr_at_risk "
        f"from marts.rpt_customer_health{where} group by 1, 2 order by 1, 2",
        params,
    )


def seat_activation(wh: Warehouse, f: Filters) -> pd.DataFrame:
    where, params = _latest_health_where(f, "activation_rate is not null")
    return wh.frame(f"select account_id, customer_type, activation_rate from marts.rpt_customer_health{where}", params)


def tickets(wh: Warehouse, f: Filters) -> pd.DataFrame:
    where, params = _where([("customer_type", f.segment)])
    return wh.frame(
        f"select {_month('created_date')} as month_start_date, priority, count(*) as tickets "
        f"from marts.fct_support_tickets{where} group by 1, 2 order by 1, 2",
        params,
    )


def _month(column: str) -> str:
    """First day of the month of a date column, in SQL every supported engine accepts."""
    return f"cast(date_trunc('month', {column}) as date)"


def lifetime_value(wh: Warehouse, f: Filters) -> pd.DataFrame:
    where, params = _where([("region", f.region), ("customer_type", f.segment)])
    return wh.frame(
        f"select account_id, customer_type, region, customer_lifetime_value, months_active "
        f"from marts.fct_customer_lifetime_value{where}",
        params,
    )


def parent_rollup(wh: Warehouse, limit: int = 12) -> pd.DataFrame:
    return wh.frame(
        "select ultimate_parent_account_id, child_accounts, arr, arr_at_risk, health_score, worst_health_band "
        "from marts.rpt_customer_health_by_parent "
        "where month_start_date = (select max(month_start_date) from marts.rpt_customer_health_by_parent) "
        f"and child_accounts > 1 order by arr desc, ultimate_parent_account_id limit {int(limit)}"
    )


# ---------------------------------------------------------------- territory & capacity


def territory_coverage(wh: Warehouse, f: Filters) -> pd.DataFrame:
    where, params = _where([("region", f.region), ("territory_id", f.territory)])
    return wh.frame(f"select * from marts.rpt_territory_coverage{where} order by territory_id", params)


def rep_capacity(wh: Warehouse, f: Filters) -> pd.DataFrame:
    where, params = _where([("territory_id", f.territory)], "is_active", "(is_eligible or open_leads_before > 0)")
    return wh.frame(
        "select rep_id, rep_role, territory_id, is_eligible, open_leads_before, new_leads_before, "
        "in_progress_ratio_before, top_up_capacity, leads_allocated, unused_capacity, open_leads_after, "
        f"performance_weight from marts.rpt_rep_capacity{where} order by territory_id, rep_id",
        params,
    )


# ---------------------------------------------------------------- data quality


def reconciliation(wh: Warehouse) -> pd.DataFrame:
    return wh.frame("select * from audit.audit_row_reconciliation order by source_table")


def quarantine_reasons(wh: Warehouse) -> pd.DataFrame:
    return wh.frame(
        "select source_table, quarantine_reason, count(*) as row_count from audit.audit_quarantined_rows "
        "group by source_table, quarantine_reason order by source_table, row_count desc, quarantine_reason"
    )


def field_issue_reasons(wh: Warehouse) -> pd.DataFrame:
    return wh.frame(
        "select source_table, reason, count(*) as value_count from audit.audit_field_issues "
        "group by source_table, reason order by source_table, value_count desc, reason"
    )


# ---------------------------------------------------------------- what-if


def whatif_inputs(wh: Warehouse) -> dict[str, Any]:
    """The marts' figures behind the what-if baseline (see whatif.Baseline), for the running quarter."""
    point = wh.query(
        "select fiscal_quarter_start_date, fiscal_quarter_label, fiscal_quarter_end_date, snapshot_date, "
        "won_to_date_amount, open_pipeline_amount, calibrated_forecast_amount "
        "from marts.rpt_forecast order by snapshot_date desc, week_of_quarter desc limit 1"
    )[0]
    quota = wh.query(
        "select quota_amount from marts.rpt_bookings_by_segment where fiscal_quarter_start_date = ? "
        "and region = 'All' and customer_type = 'All' and sales_motion = 'All'",
        [point["fiscal_quarter_start_date"]],
    )
    company = wh.query(
        "select opportunity_win_rate, average_deal_size from marts.rpt_kpi_scorecard where period_grain = 'all_time'"
    )[0]
    cycle = wh.query("select avg(cycle_days) as cycle_days from marts.fct_opportunities where status = 'Won'")[0]
    created = wh.query(
        "select avg(created_amount) as created_amount from (select created_amount from marts.rpt_pipeline_flow "
        "where period_grain = 'week' order by period_start_date desc limit 13) as recent_weeks"
    )[0]
    return {
        **point,
        "quota_amount": quota[0]["quota_amount"] if quota else 0,
        **company,
        **cycle,
        **created,
    }
