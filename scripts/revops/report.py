"""``revops report``: the KPI scorecard on the terminal and a self-contained static HTML report.

Reads the marts (and the audit tables) of a built warehouse through the dbt profile: the DuckDB file
read-only, or PostgreSQL through psycopg2. Spark is not supported (no lightweight client); build the
report from the DuckDB or PostgreSQL warehouse instead.

The HTML file has no external assets: inline CSS, plain tables and inline SVG charts. Each section
tolerates a missing table (a note instead of a crash). The file is written atomically (temporary
file in the same folder, then renamed over the target).
"""

from __future__ import annotations

import html
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from revops.errors import RevopsError, UsageError
from revops.profile import Target

DEFAULT_OUT = Path("reports/revops_report.html")
SCORECARD_TABLE = "rpt_kpi_scorecard"

Row = dict[str, Any]


# ---------------------------------------------------------------- warehouse access


class Warehouse:
    """A read-only connection to the marts: ``tables`` lists (schema, table) pairs, ``query`` returns rows."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self._conn: Any = None
        if target.type == "duckdb":
            self._open_duckdb()
        elif target.type == "postgres":
            self._open_postgres()
        elif target.type == "spark":
            raise UsageError(
                "revops report reads DuckDB or PostgreSQL; Spark is not supported "
                "(build the report with --target duckdb or --target postgres)"
            )
        else:  # pragma: no cover - load_target rejects other types
            raise UsageError(f"revops report does not support target type {target.type!r}")
        self.tables = self._list_tables()

    # -- connections

    def _open_duckdb(self) -> None:
        import duckdb

        path = Path(str(self.target.get("path", "data/revops.duckdb")))
        self.where = str(path)
        if not path.is_file():
            raise RevopsError(
                f"no DuckDB warehouse at {path} (build it first: `make demo`, or `revops load` and `dbt build`)"
            )
        try:
            self._conn = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as exc:
            raise RevopsError(f"cannot open the DuckDB warehouse {path} read-only: {_first_line(exc)}") from None

    def _open_postgres(self) -> None:
        import psycopg2

        cfg = self.target.config
        self.where = f"postgresql://{cfg.get('user', '')}@{cfg.get('host', '')}:{cfg.get('port', 5432)}/{cfg.get('dbname', '')}"
        try:
            self._conn = psycopg2.connect(
                host=cfg.get("host"),
                port=int(cfg.get("port", 5432)),
                user=cfg.get("user"),
                password=cfg.get("password") or None,
                dbname=cfg.get("dbname"),
                connect_timeout=int(cfg.get("connect_timeout", 5) or 5),
            )
        except psycopg2.Error as exc:
            raise RevopsError(f"cannot connect to PostgreSQL {self.where}: {_first_line(exc)}") from None
        self._conn.set_session(readonly=True, autocommit=True)

    # -- queries

    def _list_tables(self) -> set[tuple[str, str]]:
        rows = self.query(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('marts', 'audit')"
        )
        return {(str(r["table_schema"]).lower(), str(r["table_name"]).lower()) for r in rows}

    def has(self, schema: str, table: str) -> bool:
        return (schema, table) in self.tables

    def query(self, sql: str) -> list[Row]:
        if self.target.type == "duckdb":
            cursor = self._conn.execute(sql)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, values)) for values in cursor.fetchall()]
        with self._conn.cursor() as cursor:
            cursor.execute(sql)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, values)) for values in cursor.fetchall()]

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------- formatting


def num(value: Any) -> float | None:
    """A database value as float (Decimal, int, float); None for null/NaN."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(result) else result


def fmt_int(value: Any) -> str:
    v = num(value)
    return "–" if v is None else f"{v:,.0f}"


def fmt_pct(value: Any, digits: int = 1) -> str:
    v = num(value)
    return "–" if v is None else f"{100 * v:.{digits}f}%"


def fmt_growth(value: Any) -> str:
    v = num(value)
    return "" if v is None else f"{100 * v:+.1f}%"


def fmt_days(value: Any) -> str:
    v = num(value)
    return "–" if v is None else f"{v:,.1f} d"


def fmt_money(value: Any) -> str:
    """Compact money: $950, $52.3K, $12.35M, $1.20B."""
    v = num(value)
    if v is None:
        return "–"
    sign = "-" if v < 0 else ""
    a = abs(v)
    if a >= 1e9:
        return f"{sign}${a / 1e9:.2f}B"
    if a >= 1e6:
        return f"{sign}${a / 1e6:.2f}M"
    if a >= 1e3:
        return f"{sign}${a / 1e3:.1f}K"
    return f"{sign}${a:,.0f}"


def fmt_date(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def quarter_label(value: Any) -> str:
    """Calendar quarter of a period_start: 2024-Q2."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        value = date.fromisoformat(str(value)[:10])
    return f"{value.year}-Q{(value.month - 1) // 3 + 1}"


# ---------------------------------------------------------------- KPI scorecard


@dataclass(frozen=True)
class Metric:
    label: str
    column: str
    fmt: Callable[[Any], str]
    growth: str | None = None  # base name of the growth columns (…_qoq_growth, …_yoy_growth)


SCORECARD_METRICS: tuple[Metric, ...] = (
    Metric("Leads created", "leads_created", fmt_int, "leads_created"),
    Metric("Lead conversion", "lead_conversion_rate", fmt_pct),
    Metric("Opportunities won", "opps_won", fmt_int, "opps_won"),
    Metric("Win rate", "opportunity_win_rate", fmt_pct),
    Metric("POC success", "poc_success_rate", fmt_pct),
    Metric("Average deal size", "average_deal_size", fmt_money),
    Metric("Ticket resolution", "avg_ticket_resolution_days", fmt_days),
    Metric("Quote-to-close", "quote_to_close_rate", fmt_pct),
    Metric("Income", "income", fmt_money, "income"),
    Metric("Ending ARR", "ending_arr", fmt_money, "ending_arr"),
)


@dataclass
class Scorecard:
    all_time: Row | None
    quarters: list[Row] = field(default_factory=list)  # oldest first, at most 4

    @property
    def latest(self) -> Row | None:
        return self.quarters[-1] if self.quarters else None

    def header(self) -> list[str]:
        return ["KPI", *(quarter_label(q["period_start"]) for q in self.quarters), "QoQ", "YoY", "All time"]

    def rows(self) -> list[list[str]]:
        out = []
        latest = self.latest
        for m in SCORECARD_METRICS:
            cells = [m.label, *(m.fmt(q.get(m.column)) for q in self.quarters)]
            qoq = yoy = ""
            if m.growth and latest is not None:
                qoq = fmt_growth(latest.get(f"{m.growth}_qoq_growth"))
                yoy = fmt_growth(latest.get(f"{m.growth}_yoy_growth"))
            cells += [qoq, yoy, m.fmt(self.all_time.get(m.column)) if self.all_time else "–"]
            out.append(cells)
        return out


def load_scorecard(wh: Warehouse) -> Scorecard:
    rows = wh.query(
        f"select * from marts.{SCORECARD_TABLE} "
        "where period_grain in ('all_time', 'quarter') order by period_grain, period_start"
    )
    all_time = next((r for r in rows if r["period_grain"] == "all_time"), None)
    quarters = sorted((r for r in rows if r["period_grain"] == "quarter"), key=lambda r: fmt_date(r["period_start"]))
    return Scorecard(all_time=all_time, quarters=quarters[-4:])


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A fixed-width table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def scorecard_text(card: Scorecard) -> str:
    title = "KPI scorecard (calendar quarters; QoQ / YoY growth of the latest quarter)"
    return title + "\n\n" + text_table(card.header(), card.rows())


# ---------------------------------------------------------------- HTML building blocks


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def html_table(header: Sequence[str], rows: Iterable[Sequence[Any]], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="{"num" if i >= numeric_from else "txt"}">{esc(c)}</td>' for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def svg_bars(labels: Sequence[str], values: Sequence[float | None], fmt: Callable[[Any], str], title: str) -> str:
    """A vertical bar chart (inline SVG)."""
    vals = [v if v is not None else 0.0 for v in values]
    if not vals:
        return ""
    width, height, pad_l, pad_b, pad_t = 640, 220, 10, 40, 24
    top = max(max(vals), 0.0) or 1.0
    slot = (width - 2 * pad_l) / len(vals)
    bar = slot * 0.7
    parts = [f'<text x="{width / 2}" y="14" class="ct">{esc(title)}</text>']
    for i, (label, v) in enumerate(zip(labels, vals)):
        h = max(0.0, (height - pad_b - pad_t) * v / top)
        x = pad_l + i * slot + (slot - bar) / 2
        y = height - pad_b - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" class="bar"/>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" class="cv">{esc(fmt(values[i]))}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - pad_b + 14}" class="cl">{esc(label)}</text>')
    return f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">{"".join(parts)}</svg>'


def svg_lines(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    fmt: Callable[[Any], str],
    title: str,
) -> str:
    """A line chart with one polyline per series (inline SVG); nulls break nothing, they are skipped."""
    width, height, pad_l, pad_r, pad_b, pad_t = 640, 240, 70, 20, 40, 28
    points = [v for vs in series.values() for v in vs if v is not None]
    if not labels or not points:
        return ""
    lo, hi = min(points + [0.0]), max(points)
    if hi == lo:
        hi = lo + 1.0
    n = len(labels)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad_l + (width - pad_l - pad_r) * (i / max(n - 1, 1))
        y = height - pad_b - (height - pad_b - pad_t) * (v - lo) / (hi - lo)
        return x, y

    colours = ["#2563eb", "#dc2626", "#16a34a", "#9333ea"]
    parts = [f'<text x="{width / 2}" y="14" class="ct">{esc(title)}</text>']
    for frac in (0.0, 0.5, 1.0):
        v = lo + frac * (hi - lo)
        _, y = xy(0, v)
        parts.append(f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{pad_l - 6}" y="{y + 4:.1f}" class="ay">{esc(fmt(v))}</text>')
    step = max(1, n // 8)
    for i in range(0, n, step):
        x, _ = xy(i, lo)
        parts.append(f'<text x="{x:.1f}" y="{height - pad_b + 16}" class="cl">{esc(labels[i])}</text>')
    for k, (name, vs) in enumerate(series.items()):
        colour = colours[k % len(colours)]
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(vs) if v is not None))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.append(
            f'<text x="{pad_l + 10 + 150 * k}" y="{height - 6}" class="lg" fill="{colour}">■ {esc(name)}</text>'
        )
    return f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">{"".join(parts)}</svg>'


def note(text: str) -> str:
    return f'<p class="note">{esc(text)}</p>'


# ---------------------------------------------------------------- sections


@dataclass
class Section:
    anchor: str
    title: str
    tables: tuple[tuple[str, str], ...]  # (schema, table) the section needs
    render: Callable[[Warehouse], str]


def _missing_note(wh: Warehouse, needed: Sequence[tuple[str, str]]) -> str | None:
    missing = [f"{s}.{t}" for s, t in needed if not wh.has(s, t)]
    if missing:
        return f"Not available: {', '.join(missing)} is not in this warehouse (not built yet?)."
    return None


def render_scorecard(wh: Warehouse) -> str:
    card = load_scorecard(wh)
    if card.all_time is None and not card.quarters:
        return note("The scorecard table is empty.")
    out = [html_table(card.header(), card.rows())]
    labels = [quarter_label(q["period_start"]) for q in card.quarters]
    out.append('<div class="charts">')
    out.append(svg_bars(labels, [num(q.get("income")) for q in card.quarters], fmt_money, "Income by quarter"))
    out.append(svg_bars(labels, [num(q.get("leads_created")) for q in card.quarters], fmt_int, "Leads by quarter"))
    out.append("</div>")
    return "".join(out)


def render_arr(wh: Warehouse) -> str:
    out = []
    if wh.has("marts", "rpt_arr_bridge"):
        rows = wh.query("select * from marts.rpt_arr_bridge order by month_start_date")
        window = [r for r in rows if r.get("is_in_reporting_window") in (True, 1, "true")] or rows
        labels = [fmt_date(r["month_start_date"])[:7] for r in window]
        out.append(svg_lines(labels, {"Ending ARR": [num(r["ending_arr"]) for r in window]}, fmt_money, "Ending ARR by month"))
        header = ["Month", "Starting", "New", "Expansion", "Reactivation", "Contraction", "Churned", "Ending", "Customers"]
        body = [
            [
                fmt_date(r["month_start_date"])[:7],
                fmt_money(r["starting_arr"]),
                fmt_money(r["new_arr"]),
                fmt_money(r["expansion_arr"]),
                fmt_money(r["reactivation_arr"]),
                fmt_money(-(num(r["contraction_arr"]) or 0)),
                fmt_money(-(num(r["churned_arr"]) or 0)),
                fmt_money(r["ending_arr"]),
                fmt_int(r["ending_customers"]),
            ]
            for r in window[-12:]
        ]
        out.append("<h3>ARR bridge (last 12 months)</h3>" + html_table(header, body))
    else:
        out.append(note("Not available: marts.rpt_arr_bridge is not in this warehouse."))
    if wh.has("marts", "rpt_retention"):
        rows = wh.query("select * from marts.rpt_retention order by month_start_date")
        full = [r for r in rows if r.get("has_full_trailing_year") in (True, 1, "true")]
        if full:
            labels = [fmt_date(r["month_start_date"])[:7] for r in full]
            out.append(
                svg_lines(
                    labels,
                    {
                        "NRR": [num(r["net_revenue_retention_rate"]) for r in full],
                        "GRR": [num(r["gross_revenue_retention_rate"]) for r in full],
                        "Logo retention": [num(r["logo_retention_rate"]) for r in full],
                    },
                    fmt_pct,
                    "Trailing-12-month retention",
                )
            )
            header = ["Month", "Base customers", "Base ARR", "GRR", "NRR", "Logo retention", "Quick ratio"]
            body = [
                [
                    fmt_date(r["month_start_date"])[:7],
                    fmt_int(r["base_customers"]),
                    fmt_money(r["base_arr"]),
                    fmt_pct(r["gross_revenue_retention_rate"]),
                    fmt_pct(r["net_revenue_retention_rate"]),
                    fmt_pct(r["logo_retention_rate"]),
                    "–" if num(r["quick_ratio"]) is None else f"{num(r['quick_ratio']):.2f}",
                ]
                for r in full[-6:]
            ]
            out.append("<h3>Retention (months with a full trailing year)</h3>" + html_table(header, body))
        else:
            out.append(note("Retention: no month has a full trailing year of history yet."))
    else:
        out.append(note("Not available: marts.rpt_retention is not in this warehouse."))
    return "".join(out)


def render_pipeline(wh: Warehouse) -> str:
    rows = wh.query(
        "select fiscal_quarter_label, fiscal_quarter_start_date, "
        "sum(pipeline_amount) as pipeline_amount, sum(qrf_amount) as qrf_amount, sum(pipeline_count) as pipeline_count "
        "from marts.rpt_pipeline_coverage where snapshot_grain = 'boq' "
        "group by fiscal_quarter_label, fiscal_quarter_start_date order by fiscal_quarter_start_date"
    )
    if not rows:
        return note("No beginning-of-quarter pipeline snapshots.")
    for r in rows:
        qrf = num(r["qrf_amount"]) or 0.0
        r["coverage"] = (num(r["pipeline_amount"]) or 0.0) / qrf if qrf else None
    labels = [str(r["fiscal_quarter_label"]) for r in rows]
    chart = svg_bars(labels, [r["coverage"] for r in rows], lambda v: "–" if v is None else f"{num(v):.2f}x", "BOQ pipeline coverage (pipeline / QRF)")
    header = ["Fiscal quarter", "Open opps", "BOQ pipeline", "QRF (quota)", "Coverage"]
    body = [
        [
            r["fiscal_quarter_label"],
            fmt_int(r["pipeline_count"]),
            fmt_money(r["pipeline_amount"]),
            fmt_money(r["qrf_amount"]),
            "–" if r["coverage"] is None else f"{r['coverage']:.2f}x",
        ]
        for r in rows
    ]
    return f'<div class="charts">{chart}</div>' + html_table(header, body)


def render_funnel(wh: Warehouse) -> str:
    totals = wh.query(
        "select sum(leads) as leads, sum(mqls) as mqls, sum(sqls) as sqls, sum(opportunities) as opportunities, "
        "sum(won) as won from marts.rpt_funnel_conversion"
    )
    t = totals[0] if totals else {}
    stages = [("Leads", t.get("leads")), ("MQL", t.get("mqls")), ("SQL", t.get("sqls")), ("Opportunity", t.get("opportunities")), ("Won", t.get("won"))]
    chart = svg_bars([s for s, _ in stages], [num(v) for _, v in stages], fmt_int, "Lead funnel (all cohorts)")
    by_channel = wh.query(
        "select channel, sum(leads) as leads, sum(mqls) as mqls, sum(sqls) as sqls, "
        "sum(opportunities) as opportunities, sum(won) as won, sum(lost) as lost "
        "from marts.rpt_funnel_conversion group by channel order by sum(leads) desc, channel"
    )

    def rate(a: Any, b: Any) -> str:
        a_, b_ = num(a), num(b)
        return fmt_pct(a_ / b_) if a_ is not None and b_ else "–"

    header = ["Channel", "Leads", "MQL", "SQL", "Opps", "Won", "Lead→MQL", "MQL→SQL", "SQL→Opp", "Win rate"]
    body = [
        [
            r["channel"],
            fmt_int(r["leads"]),
            fmt_int(r["mqls"]),
            fmt_int(r["sqls"]),
            fmt_int(r["opportunities"]),
            fmt_int(r["won"]),
            rate(r["mqls"], r["leads"]),
            rate(r["sqls"], r["mqls"]),
            rate(r["opportunities"], r["sqls"]),
            rate(r["won"], (num(r["won"]) or 0) + (num(r["lost"]) or 0)),
        ]
        for r in by_channel
    ]
    return f'<div class="charts">{chart}</div>' + html_table(header, body)


def render_health(wh: Warehouse) -> str:
    rows = wh.query(
        "select month_start_date, coalesce(health_band, 'Unscored') as health_band, count(*) as accounts, "
        "sum(arr) as arr, sum(arr_at_risk) as arr_at_risk, avg(health_score) as avg_score "
        "from marts.rpt_customer_health "
        "where month_start_date = (select max(month_start_date) from marts.rpt_customer_health) "
        "group by month_start_date, coalesce(health_band, 'Unscored')"
    )
    if not rows:
        return note("The customer health table is empty.")
    order = {"Red": 1, "Yellow": 2, "Green": 3, "Unscored": 4}
    rows.sort(key=lambda r: order.get(str(r["health_band"]), 9))
    month = fmt_date(rows[0]["month_start_date"])[:7]
    chart = svg_bars([str(r["health_band"]) for r in rows], [num(r["arr"]) for r in rows], fmt_money, f"ARR by health band, {month}")
    total_arr = sum(num(r["arr"]) or 0 for r in rows)
    header = ["Band", "Accounts", "ARR", "Share of ARR", "ARR at risk", "Avg score"]
    body = [
        [
            r["health_band"],
            fmt_int(r["accounts"]),
            fmt_money(r["arr"]),
            fmt_pct((num(r["arr"]) or 0) / total_arr if total_arr else None),
            fmt_money(r["arr_at_risk"]),
            "–" if num(r["avg_score"]) is None else f"{num(r['avg_score']):.1f}",
        ]
        for r in rows
    ]
    return f"<p>Latest month: {esc(month)}.</p>" + f'<div class="charts">{chart}</div>' + html_table(header, body)


def render_territory(wh: Warehouse) -> str:
    out = []
    if wh.has("marts", "rpt_territory_coverage"):
        rows = wh.query("select * from marts.rpt_territory_coverage order by territory_id")
        header = ["Territory", "Region", "Accounts", "Customers", "Penetration", "Open pipeline", "ARR", "Active reps", "Eligible reps", "Top-up capacity", "Waiting leads", "Allocated", "Left waiting"]
        body = [
            [
                f"{r['territory_id']} {r['territory_name']}",
                r["region"],
                fmt_int(r["account_count"]),
                fmt_int(r["customer_count"]),
                fmt_pct(r["penetration_rate"]),
                fmt_money(r["open_pipeline_amount"]),
                fmt_money(r["arr"]),
                fmt_int(r["active_reps"]),
                fmt_int(r["eligible_reps"]),
                fmt_int(r["top_up_capacity"]),
                fmt_int(r["unassigned_leads"]),
                fmt_int(r["allocated_leads"]),
                fmt_int(r["leads_left_unassigned"]),
            ]
            for r in rows
        ]
        out.append(html_table(header, body, numeric_from=2))
    else:
        out.append(note("Not available: marts.rpt_territory_coverage is not in this warehouse."))
    if wh.has("marts", "rpt_rep_capacity"):
        rows = wh.query(
            "select rep_role, count(*) as reps, sum(case when is_eligible then 1 else 0 end) as eligible, "
            "sum(open_leads_before) as open_before, sum(leads_allocated) as allocated, "
            "sum(unused_capacity) as unused, sum(open_leads_after) as open_after "
            "from marts.rpt_rep_capacity where is_active group by rep_role order by rep_role"
        )
        header = ["Role", "Active reps", "Eligible", "Open queue before", "Allocated", "Unused capacity", "Open queue after"]
        body = [
            [r["rep_role"], fmt_int(r["reps"]), fmt_int(r["eligible"]), fmt_int(r["open_before"]), fmt_int(r["allocated"]), fmt_int(r["unused"]), fmt_int(r["open_after"])]
            for r in rows
        ]
        out.append("<h3>Rep capacity (active reps)</h3>" + html_table(header, body))
    else:
        out.append(note("Not available: marts.rpt_rep_capacity is not in this warehouse."))
    return "".join(out)


def render_quality(wh: Warehouse) -> str:
    out = []
    if wh.has("audit", "audit_row_reconciliation"):
        rows = wh.query("select * from audit.audit_row_reconciliation order by source_table")
        header = ["Raw table", "Raw rows", "Staged", "Quarantined", "Duplicates", "Balances"]
        body = []
        for r in rows:
            raw, staged, quar, dup = (num(r.get(k)) or 0 for k in ("raw_rows", "staged_rows", "quarantined_rows", "duplicate_rows"))
            body.append([r["source_table"], fmt_int(raw), fmt_int(staged), fmt_int(quar), fmt_int(dup), "yes" if raw == staged + quar + dup else "NO"])
        out.append("<h3>Row reconciliation: raw = staged + quarantined + duplicates</h3>" + html_table(header, body))
    else:
        out.append(note("Not available: audit.audit_row_reconciliation is not in this warehouse."))
    if wh.has("audit", "audit_quarantined_rows"):
        rows = wh.query(
            "select source_table, quarantine_reason, count(*) as row_count from audit.audit_quarantined_rows "
            "group by source_table, quarantine_reason order by source_table, count(*) desc, quarantine_reason"
        )
        if rows:
            out.append(
                "<h3>Quarantined rows by reason</h3>"
                + html_table(["Raw table", "Reason", "Rows"], [[r["source_table"], r["quarantine_reason"], fmt_int(r["row_count"])] for r in rows], numeric_from=2)
            )
        else:
            out.append(note("No quarantined rows: every raw record passed the staging checks."))
    else:
        out.append(note("Not available: audit.audit_quarantined_rows is not in this warehouse."))
    return "".join(out)


SECTIONS: tuple[Section, ...] = (
    Section("kpi", "KPI scorecard", (("marts", SCORECARD_TABLE),), render_scorecard),
    Section("arr", "ARR bridge and retention", (), render_arr),
    Section("pipeline", "Pipeline coverage", (("marts", "rpt_pipeline_coverage"),), render_pipeline),
    Section("funnel", "Funnel", (("marts", "rpt_funnel_conversion"),), render_funnel),
    Section("health", "Customer health", (("marts", "rpt_customer_health"),), render_health),
    Section("territory", "Territory capacity", (), render_territory),
    Section("quality", "Data quality", (), render_quality),
)

CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#1f2937;background:#f8fafc}
header{background:#0f172a;color:#f8fafc;padding:20px 32px}header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#cbd5e1;font-size:13px}nav{padding:8px 32px;background:#e2e8f0;font-size:13px}
nav a{margin-right:14px;color:#1e3a8a;text-decoration:none}main{padding:8px 32px 40px}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:16px 20px;margin:16px 0}
h2{margin:0 0 12px;font-size:18px}h3{font-size:14px;margin:18px 0 6px;color:#334155}
table{border-collapse:collapse;font-size:12.5px;margin:6px 0}th,td{padding:4px 10px;border-bottom:1px solid #e5e7eb}
th{background:#f1f5f9;text-align:right;white-space:nowrap}th:first-child{text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.txt{text-align:left}
.note{color:#92400e;background:#fffbeb;border:1px solid #fde68a;padding:6px 10px;border-radius:6px;font-size:13px}
.charts{display:flex;flex-wrap:wrap;gap:12px}.charts svg,section>svg{width:100%;max-width:640px;height:auto}
svg .bar{fill:#3b82f6}svg .ct{font-size:13px;text-anchor:middle;font-weight:600;fill:#334155}
svg .cv{font-size:10px;text-anchor:middle;fill:#334155}svg .cl{font-size:10px;text-anchor:middle;fill:#64748b}
svg .ay{font-size:10px;text-anchor:end;fill:#64748b}svg .grid{stroke:#e5e7eb}svg .lg{font-size:11px}
footer{color:#64748b;font-size:12px;padding:0 32px 24px}
"""


def render_section(wh: Warehouse, section: Section) -> str:
    missing = _missing_note(wh, section.tables)
    if missing:
        body = note(missing)
    else:
        try:
            body = section.render(wh)
        except Exception as exc:  # a broken or unexpected table must not sink the whole report
            body = note(f"Could not render this section: {_first_line(exc)}")
    return f'<section id="{section.anchor}"><h2>{esc(section.title)}</h2>{body}</section>'


def build_html(wh: Warehouse, generated_at: datetime | None = None) -> str:
    stamp = (generated_at or datetime.now()).strftime("%Y-%m-%d %H:%M")
    nav = "".join(f'<a href="#{s.anchor}">{esc(s.title)}</a>' for s in SECTIONS)
    sections = "".join(render_section(wh, s) for s in SECTIONS)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>RevOps report</title>"
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>RevOps report</h1><p>Warehouse: {esc(wh.target.name)} ({esc(wh.target.type)}) · generated {esc(stamp)}</p></header>"
        f"<nav>{nav}</nav><main>{sections}</main>"
        "<footer>Built by <code>revops report</code> from the marts and audit schemas. Static file: no scripts, no external assets.</footer>"
        "</body></html>\n"
    )


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@dataclass(frozen=True)
class ReportResult:
    scorecard_text: str
    out: Path


def run_report(target: Target, out: Path = DEFAULT_OUT) -> ReportResult:
    """Read the warehouse of ``target``, write the HTML report to ``out``; return the terminal scorecard."""
    wh = Warehouse(target)
    try:
        if not any(schema == "marts" for schema, _ in wh.tables):
            raise RevopsError(
                f"the warehouse {wh.where} has no marts (build it first: `make demo`, or `dbt build --target {target.name}`)"
            )
        if wh.has("marts", SCORECARD_TABLE):
            text = scorecard_text(load_scorecard(wh))
        else:
            text = f"KPI scorecard: marts.{SCORECARD_TABLE} is not in this warehouse (not built yet?)."
        document = build_html(wh)
    finally:
        wh.close()
    try:
        write_atomically(out, document)
    except OSError as exc:
        raise RevopsError(f"cannot write the report to {out} ({exc.strerror or exc})") from None
    return ReportResult(scorecard_text=text, out=out)
