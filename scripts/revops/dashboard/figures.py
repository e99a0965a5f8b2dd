"""Plotly figures of the dashboard and the static report: pure functions of the queries' DataFrames.

Every function takes what a query in ``queries`` returned and gives a ``plotly.graph_objects.Figure``; none
reads the warehouse or recomputes a rate (rates are the marts' columns, shown as they are). Tables are
Plotly tables, so the dashboard and the report share one kind of object.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from revops.dashboard.formatting import fmt_days, fmt_growth, fmt_int, fmt_money, fmt_pct, fmt_ratio, quarter_label
from revops.dashboard.whatif import Projection

BLUE, RED, GREEN, AMBER, GREY, PURPLE = "#2563eb", "#dc2626", "#16a34a", "#d97706", "#94a3b8", "#7c3aed"
BAND_COLOURS = {"Green": GREEN, "Yellow": "#eab308", "Red": RED, "Unscored": GREY}
HEIGHT = 360

Column = tuple[str, str, Callable[[Any], str]]  # header, column, formatter


def _layout(fig: go.Figure, title: str, height: int = HEIGHT, **kwargs: Any) -> go.Figure:
    settings: dict[str, Any] = {
        "title": {"text": title, "x": 0.01, "font": {"size": 15}},
        "template": "plotly_white",
        "height": height,
        "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
        "legend": {"orientation": "h", "y": -0.15},
    }
    fig.update_layout(**{**settings, **kwargs})
    return fig


def empty(title: str, message: str = "No data for these filters.") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 14, "color": "#64748b"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=200)


def table(df: pd.DataFrame, columns: Sequence[Column], title: str, numeric_from: int = 1) -> go.Figure:
    """A Plotly table of ``df``: one column per (header, column, formatter)."""
    if df.empty:
        return empty(title)
    cells = [[fmt(v) for v in df[column].tolist()] for _, column, fmt in columns]
    align = ["left" if i < numeric_from else "right" for i in range(len(columns))]
    fig = go.Figure(
        go.Table(
            header={"values": [h for h, _, _ in columns], "fill_color": "#f1f5f9", "align": align, "font": {"size": 12}},
            cells={"values": cells, "align": align, "height": 24, "font": {"size": 12}},
        )
    )
    return _layout(fig, title, height=min(90 + 26 * len(df), 640), margin={"l": 10, "r": 10, "t": 45, "b": 10})


def text(value: Any) -> str:
    return "–" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def fmt_score(value: Any) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):.1f}"


# ---------------------------------------------------------------- executive


def kpi_indicators(cell: pd.DataFrame, title: str) -> go.Figure:
    """Bookings, win rate, average deal size and attainment of one rpt_bookings_by_segment row."""
    if cell.empty:
        return empty(title)
    row = cell.iloc[0]
    specs = [
        ("Bookings", row["bookings_amount"], {"prefix": "$", "valueformat": ",.0f"}),
        ("Win rate", row["opportunity_win_rate"], {"valueformat": ".1%"}),
        ("Average deal size", row["average_deal_size"], {"prefix": "$", "valueformat": ",.0f"}),
        ("Quota attainment", row["attainment"], {"valueformat": ".1%"}),
    ]
    fig = go.Figure()
    for i, (label, value, number) in enumerate(specs):
        fig.add_trace(
            go.Indicator(
                mode="number",
                value=None if pd.isna(value) else float(value),
                number={**number, "font": {"size": 30}},
                title={"text": label, "font": {"size": 13}},
                domain={"row": 0, "column": i},
                name=label,
            )
        )
    fig.update_layout(grid={"rows": 1, "columns": len(specs), "pattern": "independent"})
    return _layout(fig, title, height=170, margin={"l": 10, "r": 10, "t": 50, "b": 10})


SCORECARD_METRICS: tuple[tuple[str, str, Callable[[Any], str], str | None], ...] = (
    ("Leads created", "leads_created", fmt_int, "leads_created"),
    ("Lead conversion", "lead_conversion_rate", fmt_pct, None),
    ("Opportunities won", "opps_won", fmt_int, "opps_won"),
    ("Win rate", "opportunity_win_rate", fmt_pct, None),
    ("POC success", "poc_success_rate", fmt_pct, None),
    ("Average deal size", "average_deal_size", fmt_money, None),
    ("Ticket resolution", "avg_ticket_resolution_days", fmt_days, None),
    ("Quote-to-close", "quote_to_close_rate", fmt_pct, None),
    ("Income", "income", fmt_money, "income"),
    ("Ending ARR", "ending_arr", fmt_money, "ending_arr"),
)


def scorecard_cells(df: pd.DataFrame, quarters: int = 4) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the KPI scorecard: the last ``quarters`` calendar quarters, QoQ, YoY, all time."""
    records = df.to_dict("records")
    all_time = next((r for r in records if r["period_grain"] == "all_time"), None)
    recent = [r for r in records if r["period_grain"] == "quarter"][-quarters:]
    header = ["KPI", *(quarter_label(q["period_start"]) for q in recent), "QoQ", "YoY", "All time"]
    latest = recent[-1] if recent else None
    rows = []
    for label, column, fmt, growth in SCORECARD_METRICS:
        qoq = yoy = ""
        if growth and latest is not None:
            qoq, yoy = fmt_growth(latest.get(f"{growth}_qoq_growth")), fmt_growth(latest.get(f"{growth}_yoy_growth"))
        rows.append(
            [label, *(fmt(q.get(column)) for q in recent), qoq, yoy, fmt(all_time.get(column)) if all_time else "–"]
        )
    return header, rows


def scorecard_table(df: pd.DataFrame) -> go.Figure:
    title = "KPI scorecard (calendar quarters; QoQ / YoY of the latest)"
    if df.empty:
        return empty(title)
    header, rows = scorecard_cells(df)
    align = ["left"] + ["right"] * (len(header) - 1)
    fig = go.Figure(
        go.Table(
            header={"values": header, "fill_color": "#f1f5f9", "align": align},
            cells={"values": [list(col) for col in zip(*rows)], "align": align, "height": 24},
        )
    )
    return _layout(fig, title, height=90 + 26 * len(rows), margin={"l": 10, "r": 10, "t": 45, "b": 10})


def arr_trend(df: pd.DataFrame) -> go.Figure:
    title = "Ending ARR by month"
    if df.empty:
        return empty(title)
    fig = go.Figure()
    for series, part in df.groupby("series", sort=True):
        fig.add_trace(go.Scatter(x=part["month_start_date"], y=part["ending_arr"], mode="lines+markers", name=str(series)))
    return _layout(fig, title, yaxis={"tickprefix": "$", "tickformat": ".3s"})


def bookings_vs_quota(df: pd.DataFrame) -> go.Figure:
    title = "Bookings vs quota by fiscal quarter"
    if df.empty:
        return empty(title)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=df["fiscal_quarter_label"],
            y=df["bookings_amount"],
            name="Bookings",
            marker_color=BLUE,
            text=[f"{fmt_pct(a)} of quota" if not pd.isna(a) else "" for a in df["attainment"]],
            textposition="outside",
        )
    )
    fig.add_trace(go.Scatter(x=df["fiscal_quarter_label"], y=df["quota_amount"], name="Quota (QRF)", mode="lines+markers", line={"color": RED}))
    return _layout(fig, title, yaxis={"tickprefix": "$", "tickformat": ".3s"})


def bookings_by_region(df: pd.DataFrame, quarter: str) -> go.Figure:
    title = f"Bookings and win rate by region, {quarter}"
    if df.empty:
        return empty(title)
    fig = go.Figure(
        go.Bar(
            x=df["region"],
            y=df["bookings_amount"],
            marker_color=BLUE,
            text=[f"win {fmt_pct(w)}" for w in df["opportunity_win_rate"]],
            textposition="outside",
            name="Bookings",
        )
    )
    return _layout(fig, title, yaxis={"tickprefix": "$", "tickformat": ".3s"})


def leaderboard(df: pd.DataFrame) -> go.Figure:
    return table(
        df,
        [
            ("Rep", "rep_name", text),
            ("Role", "role", text),
            ("Region", "region", text),
            ("Bookings", "bookings_amount", fmt_money),
            ("Quota", "quota_amount", fmt_money),
            ("Attainment", "attainment", fmt_pct),
            ("Win rate", "win_rate_by_count", fmt_pct),
            ("Won", "won_count", fmt_int),
            ("Median cycle", "median_cycle_days", fmt_days),
        ],
        "Top performers by bookings",
        numeric_from=3,
    )


# ---------------------------------------------------------------- pipeline & forecast


def funnel(df: pd.DataFrame) -> go.Figure:
    title = "Lead funnel (all cohorts): leads, MQL, SQL, opportunity, won"
    if df.empty or pd.isna(df["leads"].iloc[0]):
        return empty(title)
    row = df.iloc[0]
    stages = [("Leads", "leads"), ("MQL", "mqls"), ("SQL", "sqls"), ("Opportunity", "opportunities"), ("Won", "won")]
    fig = go.Figure(go.Funnel(y=[s for s, _ in stages], x=[float(row[c]) for _, c in stages], textinfo="value", marker={"color": BLUE}))
    return _layout(fig, title, showlegend=False)


def coverage_bars(df: pd.DataFrame) -> go.Figure:
    title = "Beginning-of-quarter pipeline vs QRF"
    if df.empty:
        return empty(title)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=df["fiscal_quarter_label"], y=df["pipeline_amount"], name="BOQ pipeline", marker_color=BLUE))
    fig.add_trace(go.Bar(x=df["fiscal_quarter_label"], y=df["qrf_amount"], name="QRF (quota)", marker_color=GREY))
    return _layout(fig, title, barmode="group", yaxis={"tickprefix": "$", "tickformat": ".3s"})


def coverage_table(df: pd.DataFrame, quarter: str) -> go.Figure:
    return table(
        df,
        [
            ("Region", "region", text),
            ("Segment", "customer_type", text),
            ("Motion", "sales_motion", text),
            ("BOQ pipeline", "pipeline_amount", fmt_money),
            ("QRF", "qrf_amount", fmt_money),
            ("Coverage", "coverage", fmt_ratio),
            ("Gap", "gap_amount", fmt_money),
            ("Trailing 4Q avg", "trailing_4q_boq_avg_coverage", fmt_ratio),
        ],
        f"Coverage by cell at the beginning of {quarter}",
        numeric_from=3,
    )


FLOW_STEPS = (
    ("Start", "starting_pipeline_amount", "absolute"),
    ("Created", "created_amount", "relative+"),
    ("Pulled in", "pulled_in_amount", "relative+"),
    ("Increased", "increased_amount", "relative+"),
    ("Decreased", "decreased_amount", "relative-"),
    ("Pushed out", "pushed_out_amount", "relative-"),
    ("Won", "won_amount", "relative-"),
    ("Lost", "lost_amount", "relative-"),
    ("End", "ending_pipeline_amount", "total"),
)


def pipeline_flow(df: pd.DataFrame, quarter: str) -> go.Figure:
    title = f"Pipeline flow, {quarter} (company)"
    if df.empty:
        return empty(title)
    row = df.iloc[0]
    measures, values = [], []
    for _, column, kind in FLOW_STEPS:
        amount = float(row[column])
        measures.append("relative" if kind.startswith("relative") else kind)
        values.append(-amount if kind == "relative-" else (0 if kind == "total" else amount))
    fig = go.Figure(
        go.Waterfall(
            x=[label for label, _, _ in FLOW_STEPS],
            measure=measures,
            y=values,
            text=[fmt_money(row[column]) for _, column, _ in FLOW_STEPS],
            textposition="outside",
            increasing={"marker": {"color": GREEN}},
            decreasing={"marker": {"color": RED}},
            totals={"marker": {"color": BLUE}},
        )
    )
    return _layout(fig, title, yaxis={"tickprefix": "$", "tickformat": ".3s"}, showlegend=False)


def stage_conversion(df: pd.DataFrame) -> go.Figure:
    title = "Stage conversion and velocity"
    if df.empty:
        return empty(title)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=df["stage"], y=df["advancement_rate"], name="Advancement rate", marker_color=BLUE))
    fig.add_trace(go.Bar(x=df["stage"], y=df["loss_rate"], name="Loss rate", marker_color=RED))
    fig.add_trace(
        go.Scatter(x=df["stage"], y=df["median_days_in_stage"], name="Median days in stage", yaxis="y2", mode="lines+markers", line={"color": AMBER})
    )
    return _layout(
        fig,
        title,
        barmode="group",
        yaxis={"tickformat": ".0%", "range": [0, 1]},
        yaxis2={"overlaying": "y", "side": "right", "title": "days", "showgrid": False, "rangemode": "tozero"},
    )


def forecast_fan(df: pd.DataFrame, quarter: str) -> go.Figure:
    title = f"Bookings forecast through {quarter}: P10-P90, P50 and actual"
    if df.empty:
        return empty(title)
    weeks = df["week_of_quarter"]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=weeks, y=df["forecast_p90_amount"], line={"width": 0}, showlegend=False, hoverinfo="skip"))
    fig.add_trace(
        go.Scatter(x=weeks, y=df["forecast_p10_amount"], fill="tonexty", fillcolor="rgba(37,99,235,0.15)", line={"width": 0}, name="P10-P90")
    )
    fig.add_trace(go.Scatter(x=weeks, y=df["forecast_p50_amount"], name="P50 (calibrated)", line={"color": BLUE}))
    fig.add_trace(go.Scatter(x=weeks, y=df["stage_weighted_forecast_amount"], name="Stage-weighted", line={"color": GREY, "dash": "dot"}))
    fig.add_trace(go.Scatter(x=weeks, y=df["won_to_date_amount"], name="Won to date", line={"color": GREEN}))
    if bool(df["is_quarter_complete"].iloc[0]):
        fig.add_trace(go.Scatter(x=weeks, y=df["actual_won_amount"], name="Actual (quarter)", line={"color": RED, "dash": "dash"}))
    return _layout(fig, title, xaxis={"title": "week of quarter (0 = BOQ)"}, yaxis={"tickprefix": "$", "tickformat": ".3s"})


def forecast_accuracy(df: pd.DataFrame) -> go.Figure:
    title = "Forecast backtest: MAPE by week of quarter"
    if df.empty:
        return empty(title)
    fig = go.Figure()
    for method, part in df.groupby("forecast_method", sort=True):
        fig.add_trace(go.Scatter(x=part["week_of_quarter"], y=part["mape"], mode="lines+markers", name=str(method)))
    return _layout(fig, title, xaxis={"title": "week of quarter"}, yaxis={"tickformat": ".0%"})


def deals_at_risk(df: pd.DataFrame) -> go.Figure:
    return table(
        df,
        [
            ("Opportunity", "opportunity_id", text),
            ("Region", "region", text),
            ("Segment", "customer_type", text),
            ("Stage", "stage", text),
            ("Amount", "amount", fmt_money),
            ("Win prob.", "calibrated_win_probability", fmt_pct),
            ("Expected", "expected_amount", fmt_money),
            ("Close", "expected_close_date", lambda v: str(v)[:10]),
            ("Risk", "risk_level", text),
            ("Reasons", "risk_reasons", text),
        ],
        "Deals at risk (most flags first)",
        numeric_from=4,
    )


def risk_reasons(df: pd.DataFrame) -> go.Figure:
    title = "Open pipeline by risk reason"
    if df.empty or df["amount"].fillna(0).sum() == 0:
        return empty(title)
    fig = go.Figure(go.Bar(x=df["amount"], y=df["reason"], orientation="h", marker_color=AMBER, text=[fmt_money(v) for v in df["amount"]]))
    return _layout(fig, title, xaxis={"tickprefix": "$", "tickformat": ".3s"}, yaxis={"autorange": "reversed"})


def outlook_current(df: pd.DataFrame) -> go.Figure:
    title = "Bookings outlook: next 30 / 60 / 90 days (P50 with P10-P90)"
    current = df[df["is_current"]] if not df.empty else df
    if current.empty:
        return empty(title)
    labels = [f"{int(h)} days" for h in current["horizon_days"]]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=current["p50_amount"],
            marker_color=BLUE,
            name="P50",
            error_y={
                "type": "data",
                "symmetric": False,
                "array": current["p90_amount"] - current["p50_amount"],
                "arrayminus": current["p50_amount"] - current["p10_amount"],
            },
            text=[f"P50 {fmt_money(p)}<br>P10 {fmt_money(lo)} · P90 {fmt_money(hi)}" for p, lo, hi in zip(current["p50_amount"], current["p10_amount"], current["p90_amount"])],
            textposition="inside",
        )
    )
    return _layout(fig, title, yaxis={"tickprefix": "$", "tickformat": ".3s"})


def outlook_backtest(df: pd.DataFrame) -> go.Figure:
    title = "Outlook backtest: P50 vs realised bookings (ended windows)"
    done = df[df["is_window_complete"]] if not df.empty else df
    if done.empty:
        return empty(title)
    fig = go.Figure()
    colours = [BLUE, AMBER, PURPLE]
    for i, (horizon, part) in enumerate(done.groupby("horizon_days", sort=True)):
        mape = part["backtest_mape"].iloc[0]
        fig.add_trace(
            go.Scatter(
                x=part["snapshot_date"],
                y=part["p50_amount"],
                mode="lines",
                name=f"{int(horizon)}d P50 (MAPE {fmt_pct(mape)})",
                line={"color": colours[i % len(colours)]},
            )
        )
        fig.add_trace(
            go.Scatter(
                x=part["snapshot_date"],
                y=part["realised_amount"],
                mode="markers",
                name=f"{int(horizon)}d realised",
                marker={"color": colours[i % len(colours)], "size": 5},
            )
        )
    return _layout(fig, title, xaxis={"title": "snapshot day"}, yaxis={"tickprefix": "$", "tickformat": ".3s"})


def whatif(projection: Projection, quarter: str) -> go.Figure:
    title = f"What-if: projected bookings of {quarter} vs QRF"
    steps = [
        ("Won to date", projection.won_to_date_amount, "relative"),
        ("Open pipeline", projection.open_pipeline_bookings, "relative"),
        ("New pipeline", projection.new_pipeline_bookings, "relative"),
        ("Projected", 0.0, "total"),
    ]
    fig = go.Figure(
        go.Waterfall(
            x=[s[0] for s in steps],
            y=[s[1] for s in steps],
            measure=[s[2] for s in steps],
            text=[fmt_money(v) for v in (projection.won_to_date_amount, projection.open_pipeline_bookings, projection.new_pipeline_bookings, projection.projected_bookings)],
            textposition="outside",
            increasing={"marker": {"color": GREEN}},
            totals={"marker": {"color": BLUE}},
            name="Bookings",
        )
    )
    fig.add_hline(y=projection.qrf_amount, line={"color": RED, "dash": "dash"}, annotation_text=f"QRF {fmt_money(projection.qrf_amount)}")
    gap = "ahead of QRF by " + fmt_money(-projection.gap_amount) if projection.gap_amount <= 0 else "gap " + fmt_money(projection.gap_amount)
    subtitle = f"attainment {fmt_pct(projection.attainment)} · {gap}"
    return _layout(fig, f"{title}<br><sup>{subtitle}</sup>", yaxis={"tickprefix": "$", "tickformat": ".3s"}, showlegend=False)


# ---------------------------------------------------------------- revenue & retention


BRIDGE_STEPS = (
    ("New", "new_arr", GREEN, 1),
    ("Expansion", "expansion_arr", "#22c55e", 1),
    ("Reactivation", "reactivation_arr", "#86efac", 1),
    ("Contraction", "contraction_arr", AMBER, -1),
    ("Churned", "churned_arr", RED, -1),
)


def arr_bridge(df: pd.DataFrame) -> go.Figure:
    title = "ARR bridge by month: movements and ending ARR"
    if df.empty:
        return empty(title)
    fig = go.Figure()
    for label, column, colour, sign in BRIDGE_STEPS:
        fig.add_trace(go.Bar(x=df["month_start_date"], y=sign * df[column], name=label, marker_color=colour))
    fig.add_trace(go.Scatter(x=df["month_start_date"], y=df["ending_arr"], name="Ending ARR", yaxis="y2", line={"color": BLUE}))
    return _layout(
        fig,
        title,
        barmode="relative",
        yaxis={"tickprefix": "$", "tickformat": ".3s", "title": "movement"},
        yaxis2={"overlaying": "y", "side": "right", "tickprefix": "$", "tickformat": ".3s", "showgrid": False},
    )


def retention(df: pd.DataFrame) -> go.Figure:
    title = "Trailing-12-month GRR and NRR"
    if df.empty:
        return empty(title, "No month has a full trailing year for these filters.")
    fig = go.Figure()
    for series, part in df.groupby("series", sort=True):
        fig.add_trace(go.Scatter(x=part["month_start_date"], y=part["net_revenue_retention_rate"], name=f"NRR {series}", mode="lines+markers"))
        fig.add_trace(
            go.Scatter(x=part["month_start_date"], y=part["gross_revenue_retention_rate"], name=f"GRR {series}", mode="lines+markers", line={"dash": "dot"})
        )
    return _layout(fig, title, yaxis={"tickformat": ".0%"})


def cohort_heatmap(df: pd.DataFrame) -> go.Figure:
    title = "Net revenue retention by first-paid cohort"
    if df.empty:
        return empty(title)
    grid = df.pivot_table(index="cohort_month_start_date", columns="months_since_first_paid", values="net_revenue_retention_rate", aggfunc="first")
    fig = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=[int(c) for c in grid.columns],
            y=[str(i)[:7] for i in grid.index],
            colorscale="RdYlGn",
            zmid=1.0,
            colorbar={"tickformat": ".0%"},
            hovertemplate="cohort %{y}, month %{x}: %{z:.1%}<extra></extra>",
        )
    )
    return _layout(fig, title, height=460, xaxis={"title": "months since first paid"})


def concentration(df: pd.DataFrame) -> go.Figure:
    title = "Revenue concentration (latest month)"
    company = df[df["dimension_type"] == "company"] if not df.empty else df
    regions = df[df["dimension_type"] == "region"] if not df.empty else df
    if company.empty:
        return empty(title)
    row = company.iloc[0]
    labels = ["Top 10% customers", "Top 20% customers", "Largest customer"]
    values = [row["top_10pct_arr_share"], row["top_20pct_arr_share"], row["largest_customer_arr_share"]]
    fig = go.Figure(go.Bar(x=labels, y=values, marker_color=PURPLE, name="Share of ARR", text=[fmt_pct(v) for v in values], textposition="outside"))
    if not regions.empty:
        fig.add_trace(
            go.Bar(x=[f"Region {r}" for r in regions["dimension_value"]], y=regions["share_of_company_arr"], marker_color=BLUE, name="Region share", text=[fmt_pct(v) for v in regions["share_of_company_arr"]], textposition="outside")
        )
    return _layout(fig, title, yaxis={"tickformat": ".0%"}, margin={"l": 50, "r": 20, "t": 50, "b": 100}, legend={"orientation": "h", "y": -0.4})


# ---------------------------------------------------------------- customers & health


def health_bands(df: pd.DataFrame) -> go.Figure:
    title = "ARR and accounts by health band (latest month)"
    if df.empty:
        return empty(title)
    colours = [BAND_COLOURS.get(str(b), GREY) for b in df["health_band"]]
    fig = go.Figure(
        go.Bar(
            x=df["health_band"],
            y=df["arr"],
            marker_color=colours,
            text=[f"{fmt_int(a)} accounts<br>{fmt_money(r)} at risk" for a, r in zip(df["accounts"], df["arr_at_risk"])],
            textposition="outside",
            name="ARR",
        )
    )
    return _layout(fig, title, yaxis={"tickprefix": "$", "tickformat": ".3s"}, showlegend=False)


def health_movers(df: pd.DataFrame) -> go.Figure:
    return table(
        df,
        [
            ("Account", "account_id", text),
            ("Segment", "customer_type", text),
            ("ARR", "arr", fmt_money),
            ("Prior score", "prior_health_score", fmt_score),
            ("Score", "health_score", fmt_score),
            ("Change", "health_score_change", fmt_score),
            ("Prior band", "prior_health_band", text),
            ("Band", "health_band", text),
            ("ARR at risk", "arr_at_risk", fmt_money),
        ],
        "Health movers (largest score change vs prior month)",
        numeric_from=2,
    )


def arr_at_risk_trend(df: pd.DataFrame) -> go.Figure:
    title = "ARR at risk by month"
    if df.empty:
        return empty(title)
    fig = go.Figure()
    for band, part in df.groupby("health_band", sort=False):
        fig.add_trace(go.Bar(x=part["month_start_date"], y=part["arr_at_risk"], name=str(band), marker_color=BAND_COLOURS.get(str(band), GREY)))
    return _layout(fig, title, barmode="stack", yaxis={"tickprefix": "$", "tickformat": ".3s"})


def seat_activation(df: pd.DataFrame) -> go.Figure:
    title = "Seat activation rate of accounts (latest month)"
    if df.empty:
        return empty(title)
    fig = go.Figure(go.Histogram(x=df["activation_rate"], nbinsx=20, marker_color=BLUE, name="Accounts"))
    return _layout(fig, title, xaxis={"tickformat": ".0%", "title": "activated / entitled seats"}, yaxis={"title": "accounts"}, showlegend=False)


def tickets(df: pd.DataFrame) -> go.Figure:
    title = "Support tickets created by month and priority"
    if df.empty:
        return empty(title)
    colours = {"High": RED, "Medium": AMBER, "Low": GREY}
    fig = go.Figure()
    for priority, part in df.groupby("priority", sort=True):
        fig.add_trace(go.Bar(x=part["month_start_date"], y=part["tickets"], name=str(priority), marker_color=colours.get(str(priority))))
    return _layout(fig, title, barmode="stack")


def lifetime_value(df: pd.DataFrame) -> go.Figure:
    title = "Customer lifetime value by segment"
    if df.empty:
        return empty(title)
    fig = go.Figure()
    for segment, part in df.groupby("customer_type", sort=True):
        fig.add_trace(go.Box(y=part["customer_lifetime_value"], name=str(segment), boxmean=True))
    return _layout(fig, title, yaxis={"tickprefix": "$", "tickformat": ".3s"}, showlegend=False)


def parent_rollup(df: pd.DataFrame) -> go.Figure:
    return table(
        df,
        [
            ("Ultimate parent", "ultimate_parent_account_id", text),
            ("Child accounts", "child_accounts", fmt_int),
            ("ARR", "arr", fmt_money),
            ("ARR at risk", "arr_at_risk", fmt_money),
            ("Score", "health_score", fmt_score),
            ("Worst band", "worst_health_band", text),
        ],
        "Parent roll-up (groups with more than one account, latest month)",
    )


# ---------------------------------------------------------------- territory & capacity


def territory_coverage(df: pd.DataFrame) -> go.Figure:
    title = "Territory penetration and whitespace"
    if df.empty:
        return empty(title)
    labels = [f"{t} {n}" for t, n in zip(df["territory_id"], df["territory_name"])]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=df["penetration_rate"], name="Penetration (customers / accounts)", marker_color=BLUE))
    fig.add_trace(go.Scatter(x=labels, y=df["whitespace_account_count"], name="Whitespace accounts", yaxis="y2", mode="markers", marker={"color": AMBER, "size": 10}))
    return _layout(
        fig,
        title,
        yaxis={"tickformat": ".0%"},
        yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "title": "accounts", "rangemode": "tozero"},
    )


def territory_table(df: pd.DataFrame) -> go.Figure:
    return table(
        df,
        [
            ("Territory", "territory_id", text),
            ("Name", "territory_name", text),
            ("Region", "region", text),
            ("Accounts", "account_count", fmt_int),
            ("Customers", "customer_count", fmt_int),
            ("Penetration", "penetration_rate", fmt_pct),
            ("Open pipeline", "open_pipeline_amount", fmt_money),
            ("ARR", "arr", fmt_money),
            ("Active reps", "active_reps", fmt_int),
            ("Eligible reps", "eligible_reps", fmt_int),
            ("Waiting leads", "unassigned_leads", fmt_int),
            ("Allocated", "allocated_leads", fmt_int),
            ("Left waiting", "leads_left_unassigned", fmt_int),
        ],
        "Territory coverage and today's allocation",
        numeric_from=3,
    )


def rep_capacity(df: pd.DataFrame) -> go.Figure:
    title = "Rep capacity: open lead queue before today's top-up, leads allocated, spare capacity"
    if df.empty:
        return empty(title)
    labels = [f"{r} · {t}" for r, t in zip(df["rep_id"], df["territory_id"])]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=df["open_leads_before"], name="Open queue before", marker_color=GREY))
    fig.add_trace(go.Bar(x=labels, y=df["leads_allocated"], name="Allocated today", marker_color=GREEN))
    fig.add_trace(go.Bar(x=labels, y=df["unused_capacity"], name="Unused capacity", marker_color=AMBER))
    return _layout(fig, title, barmode="stack", height=420, margin={"l": 50, "r": 20, "t": 50, "b": 110}, legend={"orientation": "h", "y": -0.45})


# ---------------------------------------------------------------- data quality


def reconciliation(df: pd.DataFrame) -> go.Figure:
    if not df.empty:
        df = df.assign(
            balances=[
                "yes" if r == s + q + d else "NO"
                for r, s, q, d in zip(df["raw_rows"], df["staged_rows"], df["quarantined_rows"], df["duplicate_rows"])
            ]
        )
    return table(
        df,
        [
            ("Raw table", "source_table", text),
            ("Raw rows", "raw_rows", fmt_int),
            ("Staged", "staged_rows", fmt_int),
            ("Quarantined", "quarantined_rows", fmt_int),
            ("Duplicates", "duplicate_rows", fmt_int),
            ("raw = staged + quarantined + duplicates", "balances", text),
        ],
        "Row reconciliation per raw table",
    )


def reason_bars(df: pd.DataFrame, reason: str, count: str, title: str) -> go.Figure:
    if df.empty:
        return empty(title, "None: every value passed the staging checks.")
    fig = go.Figure()
    for table_name, part in df.groupby("source_table", sort=True):
        fig.add_trace(go.Bar(x=part[reason], y=part[count], name=str(table_name)))
    return _layout(fig, title, barmode="stack")
