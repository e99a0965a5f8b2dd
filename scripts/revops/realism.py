"""`revops profile`: the REALISM.md table for one warehouse, read from its marts.

Each figure is measured the way a RevOps analyst would read it off the marts (one SQL query per figure,
reduced in Python where a median or a calendar is needed) and compared with the benchmark range of
REALISM.md. The window (`window_start_date`, `as_of_date`) comes from dbt_project.yml.

Steady-state quarters: the CRM export starts at the window start, so the pipeline a quarter inherits from
before it is missing for the first two fiscal quarters; quota attainment and beginning-of-quarter coverage
are read over the complete (attainment) or observed (coverage) fiscal quarters starting at least
`STEADY_STATE_DAYS` after the window start.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from revops.generate.reference import project_vars
from revops.dashboard.formatting import text_table
from revops.dashboard.warehouse import Warehouse

STEADY_STATE_DAYS = 180
CLOSE_TYPES = "('New Business', 'Expansion')"  # quarter-end compression: the deals reps push for


@dataclass(frozen=True)
class Window:
    start: date
    as_of: date


@dataclass(frozen=True)
class Figure:
    name: str
    low: float
    high: float
    unit: str  # pct, x, days, money
    measure: Callable[[Warehouse, Window], float | None]


@dataclass(frozen=True)
class Reading:
    figure: Figure
    value: float | None

    @property
    def in_range(self) -> bool:
        return self.value is not None and self.figure.low <= self.value <= self.figure.high


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _scalar(wh: Warehouse, sql: str) -> float | None:
    rows = wh.query(sql)
    return _num(next(iter(rows[0].values()))) if rows else None


def _column(wh: Warehouse, sql: str) -> list[Any]:
    return [next(iter(r.values())) for r in wh.query(sql)]


def _median(values: Sequence[Any]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return statistics.median(vals) if vals else None


def _ratio(wh: Warehouse, numerator: str, denominator: str, source: str) -> float | None:
    row = wh.query(f"select sum({numerator}) as n, sum({denominator}) as d from {source}")[0]
    n, d = _num(row["n"]), _num(row["d"])
    return None if not d else (n or 0.0) / d


def _flag(condition: str) -> str:
    return f"case when {condition} then 1 else 0 end"


def win_rate(opportunity_type: str, customer_type: str | None = None) -> Callable[[Warehouse, Window], float | None]:
    segment = f" and customer_type = '{customer_type}'" if customer_type else ""
    return lambda wh, w: _ratio(
        wh, _flag("status = 'Won'"), _flag("status in ('Won', 'Lost')"),
        f"marts.fct_opportunities where opportunity_type = '{opportunity_type}'{segment}",
    )


def funnel(numerator: str, denominator: str) -> Callable[[Warehouse, Window], float | None]:
    return lambda wh, w: _ratio(wh, _flag(numerator), _flag(denominator), "marts.fct_leads")


def lead_to_customer(wh: Warehouse, w: Window) -> float | None:
    won = _scalar(wh, "select count(*) from marts.fct_opportunities "
                      "where opportunity_type = 'New Business' and status = 'Won'")
    leads = _scalar(wh, "select count(*) from marts.fct_leads")
    return None if not leads else (won or 0.0) / leads


def won_new_business(column: str, customer_type: str | None = None) -> Callable[[Warehouse, Window], float | None]:
    segment = f" and customer_type = '{customer_type}'" if customer_type else ""
    return lambda wh, w: _median(_column(
        wh, f"select {column} from marts.fct_opportunities "
            f"where opportunity_type = 'New Business' and status = 'Won'{segment}"))


def _steady(w: Window) -> date:
    return w.start + timedelta(days=STEADY_STATE_DAYS)


def _attainments(wh: Warehouse, w: Window) -> list[float]:
    rows = wh.query(
        "select attainment, fiscal_quarter_start_date from marts.rpt_rep_performance "
        "where role = 'AE' and quota_amount > 0"
    )
    out = []
    for r in rows:
        q0 = _as_date(r["fiscal_quarter_start_date"])
        if q0 >= _steady(w) and _add_months(q0, 3) - timedelta(days=1) <= w.as_of:
            out.append(float(r["attainment"] or 0.0))
    return out


def attainment_median(wh: Warehouse, w: Window) -> float | None:
    return _median(_attainments(wh, w))


def attainment_at_quota(wh: Warehouse, w: Window) -> float | None:
    values = _attainments(wh, w)
    return sum(v >= 1.0 for v in values) / len(values) if values else None


def boq_coverage(wh: Warehouse, w: Window) -> float | None:
    rows = wh.query(
        "select fiscal_quarter_start_date as q, sum(pipeline_amount) as p, sum(qrf_amount) as f "
        "from marts.rpt_pipeline_coverage where snapshot_grain = 'boq' and sales_motion = 'New Business' "
        "group by fiscal_quarter_start_date"
    )
    return _median([float(r["p"] or 0) / float(r["f"]) for r in rows
                    if r["f"] and _steady(w) <= _as_date(r["q"]) <= w.as_of])


def stage_days(stage: str) -> Callable[[Warehouse, Window], float | None]:
    return lambda wh, w: _median(_column(
        wh, f"select days_in_stage from marts.fct_opportunity_stage_transitions "
            f"where stage = '{stage}' and exited_date is not null"))


def stage_skew(wh: Warehouse, w: Window) -> float | None:
    """Smallest mean / median of the time spent in an open stage: above 1 when every stage is right-skewed."""
    rows = wh.query(
        "select stage, days_in_stage from marts.fct_opportunity_stage_transitions "
        "where exited_date is not null and is_closed_stage = false"
    )
    by_stage: dict[str, list[float]] = {}
    for r in rows:
        by_stage.setdefault(str(r["stage"]), []).append(float(r["days_in_stage"]))
    ratios = [statistics.mean(v) / statistics.median(v) for v in by_stage.values() if statistics.median(v) > 0]
    return min(ratios) if ratios else None


WEEKEND_SOURCES = (
    "select close_date as d from marts.fct_opportunities where status in ('Won', 'Lost')",
    "select quote_date as d from marts.fct_quotes",
    "select cast(activity_at as date) as d from staging.stg_crm__activities",
    "select created_date as d from marts.fct_support_tickets",
)


def weekend_share(wh: Warehouse, w: Window) -> float | None:
    union = " union all ".join(WEEKEND_SOURCES)
    return _ratio(wh, _flag("extract(dow from d) in (0, 6)"), "1", f"({union}) as human_events")


def _closes_by_quarter(wh: Warehouse, w: Window) -> dict[date, list[date]]:
    rows = wh.query(
        "select close_fiscal_quarter_start_date as q, close_date as d from marts.fct_opportunities "
        f"where status = 'Won' and opportunity_type in {CLOSE_TYPES}"
    )
    out: dict[date, list[date]] = {}
    for r in rows:
        q0 = _as_date(r["q"])
        if q0 >= w.start and _add_months(q0, 3) - timedelta(days=1) <= w.as_of:
            out.setdefault(q0, []).append(_as_date(r["d"]))
    return out


def last_month_share(wh: Warehouse, w: Window) -> float | None:
    by_q = _closes_by_quarter(wh, w)
    total = sum(len(v) for v in by_q.values())
    last = sum(d >= _add_months(q0, 2) for q0, v in by_q.items() for d in v)
    return last / total if total else None


def last_day_multiple(wh: Warehouse, w: Window) -> float | None:
    """Closes on the last weekday of each quarter / the average closes per weekday of the quarter."""
    by_q = _closes_by_quarter(wh, w)
    last_days = total = weekdays = 0
    for q0, closes in by_q.items():
        q1 = _add_months(q0, 3) - timedelta(days=1)
        last = q1 - timedelta(days=max(0, q1.weekday() - 4))
        last_days += sum(d == last for d in closes)
        total += len(closes)
        weekdays += sum((q0 + timedelta(days=i)).weekday() < 5 for i in range((q1 - q0).days + 1))
    return None if not total else last_days / len(by_q) / (total / weekdays)


def trailing(column: str) -> Callable[[Warehouse, Window], float | None]:
    return lambda wh, w: _scalar(
        wh, f"select {column} from marts.rpt_retention where month_start_date = "
            f"(select max(month_start_date) from marts.rpt_retention where month_start_date <= '{w.as_of}')")


def expansion_share(wh: Warehouse, w: Window) -> float | None:
    return trailing(
        "cast(trailing_12m_expansion_arr as double precision) / nullif(trailing_12m_new_arr "
        "+ trailing_12m_expansion_arr + trailing_12m_reactivation_arr, 0)")(wh, w)


def finance_share(column: str) -> Callable[[Warehouse, Window], float | None]:
    return lambda wh, w: _ratio(wh, column, "income", "marts.fct_customer_financials where income > 0")


def priority_share(priority: str) -> Callable[[Warehouse, Window], float | None]:
    return lambda wh, w: _ratio(wh, _flag(f"priority = '{priority}'"), "1", "marts.fct_support_tickets")


def high_resolution_days(wh: Warehouse, w: Window) -> float | None:
    return _median(_column(wh, "select resolution_days from marts.fct_support_tickets "
                               "where priority = 'High' and is_resolved"))


def seat_activation(wh: Warehouse, w: Window) -> float | None:
    return _ratio(wh, "activated_seats", "entitled_seats",
                  "marts.fct_seat_usage_weekly where week_start_date = "
                  "(select max(week_start_date) from marts.fct_seat_usage_weekly)")


def backtest(column: str, band: str) -> Callable[[Warehouse, Window], float | None]:
    return lambda wh, w: _scalar(wh, f"select {column} from marts.rpt_health_backtest where health_band = '{band}'")


def band_ordering(wh: Warehouse, w: Window) -> float | None:
    """Churn rates Red > Yellow > Green: 1 when ordered, 0 when not."""
    rates = [backtest("churn_rate", band)(wh, w) for band in ("Red", "Yellow", "Green")]
    if any(r is None for r in rates):
        return None
    return 1.0 if rates[0] > rates[1] > rates[2] else 0.0  # type: ignore[operator]


FIGURES: tuple[Figure, ...] = (
    Figure("win rate, New Business, Mid-Market", 0.20, 0.30, "pct", win_rate("New Business", "Mid-Market")),
    Figure("win rate, New Business, Enterprise", 0.15, 0.25, "pct", win_rate("New Business", "Enterprise")),
    Figure("win rate, Expansion", 0.50, 0.80, "pct", win_rate("Expansion")),
    Figure("win rate, Renewal", 0.75, 0.90, "pct", win_rate("Renewal")),
    Figure("lead -> MQL", 0.10, 0.35, "pct", funnel("is_mql", "1 = 1")),
    Figure("MQL -> SQL", 0.25, 0.50, "pct", funnel("is_sql", "is_mql")),
    Figure("SQL -> opportunity", 0.30, 0.50, "pct", funnel("is_sql and has_opportunity", "is_sql")),
    Figure("opportunity -> won, New Business", 0.20, 0.30, "pct", win_rate("New Business")),
    Figure("lead -> new customer", 0.003, 0.012, "pct", lead_to_customer),
    Figure("sales cycle, won NB, Mid-Market (median)", 30, 90, "days", won_new_business("cycle_days", "Mid-Market")),
    Figure("sales cycle, won NB, Enterprise (median)", 90, 180, "days", won_new_business("cycle_days", "Enterprise")),
    Figure("New Business ACV (median)", 20_000, 35_000, "money", won_new_business("amount")),
    Figure("AE quota attainment per quarter (median)", 0.45, 0.70, "pct", attainment_median),
    Figure("AE-quarters at or above quota", 0.25, 0.50, "pct", attainment_at_quota),
    Figure("pipeline coverage at BOQ, New Business", 2.5, 4.0, "x", boq_coverage),
    Figure("Negotiation stage (median)", 7, 28, "days", stage_days("Negotiation")),
    Figure("stage durations right-skewed (min mean / median)", 1.0, 100.0, "x", stage_skew),
    Figure("weekend share of closes, quotes, activities, tickets", 0.0, 0.08, "pct", weekend_share),
    Figure("closes in the quarter's last month", 0.35, 0.50, "pct", last_month_share),
    Figure("closes on the quarter's last day vs an average day", 2.0, 4.0, "x", last_day_multiple),
    Figure("POC length (median)", 14, 45, "days", lambda wh, w: _median(_column(wh, "select duration_days from marts.fct_pocs"))),
    Figure("POC success", 0.50, 0.70, "pct", lambda wh, w: _ratio(wh, _flag("is_successful"), "1", "marts.fct_pocs")),
    Figure("discount, final quotes (median)", 10, 20, "pct100", lambda wh, w: _median(_column(
        wh, "select discount_pct from marts.fct_quotes where is_final_version"))),
    Figure("GRR, trailing 12 months", 0.85, 0.95, "pct", trailing("gross_revenue_retention_rate")),
    Figure("NRR, trailing 12 months", 0.95, 1.20, "pct", trailing("net_revenue_retention_rate")),
    Figure("logo churn, trailing 12 months", 0.08, 0.15, "pct", trailing("1 - logo_retention_rate")),
    Figure("expansion share of new ARR", 0.30, 0.45, "pct", expansion_share),
    Figure("gross margin", 0.70, 0.82, "pct", finance_share("gross_margin")),
    Figure("operating expenses / revenue", 0.60, 1.10, "pct", finance_share("operating_expenses")),
    Figure("support tickets, High", 0.10, 0.25, "pct", priority_share("High")),
    Figure("support tickets, Medium", 0.40, 0.60, "pct", priority_share("Medium")),
    Figure("support tickets, Low", 0.25, 0.45, "pct", priority_share("Low")),
    Figure("High tickets resolved in (median)", 1, 2, "days", high_resolution_days),
    Figure("seat activation (activated / entitled)", 0.45, 0.75, "pct", seat_activation),
    Figure("health score AUC", 0.70, 0.85, "x", backtest("auc", "All")),
    Figure("churn by band Red > Yellow > Green (1 = yes)", 1, 1, "x", band_ordering),
)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _add_months(d: date, months: int) -> date:
    m = d.year * 12 + d.month - 1 + months
    return date(m // 12, m % 12 + 1, 1)


def window_of(project_dir: Path) -> Window:
    values = project_vars(project_dir / "dbt_project.yml")
    return Window(date.fromisoformat(str(values["window_start_date"])), date.fromisoformat(str(values["as_of_date"])))


def measure(wh: Warehouse, window: Window) -> list[Reading]:
    return [Reading(f, f.measure(wh, window)) for f in FIGURES]


def fmt(unit: str, value: float | None) -> str:
    if value is None:
        return "-"
    if unit == "pct":
        return f"{value:.2%}" if abs(value) < 0.01 else f"{value:.1%}"
    if unit == "pct100":
        return f"{value:.1f}%"
    if unit == "days":
        return f"{value:.0f} d" if value >= 3 else f"{value:.1f} d"
    if unit == "money":
        return f"${value:,.0f}"
    # a ratio below 1 (the AUC) gets a third decimal, so 0.851 never shows as an out-of-range "0.85"
    return f"{value:.3f}" if abs(value) < 1 else f"{value:.2f}"


def range_text(f: Figure) -> str:
    if f.low == f.high:
        return fmt(f.unit, f.low)
    if f.name.startswith("stage durations"):
        return "> 1"
    if f.name.startswith("weekend"):
        return f"<= {fmt(f.unit, f.high)}"
    return f"{fmt(f.unit, f.low)} - {fmt(f.unit, f.high)}"


def profile_text(readings: Sequence[Reading], where: str) -> str:
    rows = [[r.figure.name, fmt(r.figure.unit, r.value), range_text(r.figure), "in" if r.in_range else "OUT"]
            for r in readings]
    n_in = sum(r.in_range for r in readings)
    return (f"REALISM profile of {where}\n" + text_table(["figure", "this warehouse", "benchmark", "in/out"], rows)
            + f"\n{n_in} of {len(readings)} figures in range")


def run_profile(wh: Warehouse, project_dir: Path) -> tuple[list[Reading], str]:
    readings = measure(wh, window_of(project_dir))
    return readings, profile_text(readings, wh.where)
