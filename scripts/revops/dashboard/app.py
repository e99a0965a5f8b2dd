"""``revops dashboard``: the Dash app over the marts, served locally and offline.

One page per ``layout.PAGES`` entry (URL path ``/``, ``/pipeline``...), the global filters above every page
(a filter a page's marts do not carry is greyed out there), and the what-if sliders on the pipeline page.
Dash and Plotly serve their JavaScript from the installed packages (``serve_locally=True``, no external
script or stylesheet), so the app works without a network. The warehouse is opened read-only once.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, dcc, html

from revops.dashboard import figures, layout, queries
from revops.dashboard.formatting import fmt_money, fmt_pct
from revops.dashboard.queries import Filters
from revops.dashboard.warehouse import Warehouse
from revops.dashboard.whatif import Baseline, Scenario, project_quarter

FILTER_IDS = tuple(f"filter-{key}" for key in layout.FILTER_LABELS)

CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#1f2937;background:#f8fafc}
.top{background:#0f172a;color:#f8fafc;padding:14px 28px}.top h1{margin:0;font-size:20px}.top p{margin:2px 0 0;color:#cbd5e1;font-size:12px}
.nav{display:flex;gap:18px;padding:8px 28px;background:#e2e8f0;font-size:14px}.nav a{color:#1e3a8a;text-decoration:none}
.nav a.active{font-weight:700;text-decoration:underline}
.filters{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:10px;padding:10px 28px;background:#fff;border-bottom:1px solid #e2e8f0}
.filters label{font-size:12px;color:#475569}.note{font-size:12px;color:#64748b;padding:6px 28px 0}
.grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:12px;padding:10px 28px 28px}
.panel{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:6px}.panel.wide{grid-column:1/-1}
.sliders{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:14px;padding:8px 12px}.sliders label{font-size:12px;color:#475569}
"""

INDEX = """<!DOCTYPE html>
<html lang="en"><head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}<style>""" + CSS + """</style></head>
<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body></html>"""


def _dropdown(key: str, options: list[tuple[str, str]], value: str | None) -> html.Div:
    return html.Div(
        [
            html.Label(layout.FILTER_LABELS[key], htmlFor=f"filter-{key}"),
            dcc.Dropdown(
                id=f"filter-{key}",
                options=[{"label": label, "value": value_} for value_, label in options],
                value=value,
                placeholder="All",
                clearable=True,
            ),
        ]
    )


def _slider(slider_id: str, label: str, low: float, high: float, value: float, step: float) -> html.Div:
    return html.Div(
        [
            html.Label(label, htmlFor=slider_id),
            dcc.Slider(
                id=slider_id,
                min=low,
                max=high,
                step=step,
                value=value,
                marks={low: str(low), high: str(high)},
                tooltip={"placement": "top"},
            ),
        ]
    )


def whatif_controls(baseline: Baseline) -> html.Div:
    """The four sliders, centred on the baseline (win rate and size in their units, cycle in days)."""
    deal = max(baseline.average_deal_size, 1.0)
    return html.Div(
        [
            _slider("whatif-win-rate", "Win rate", 0.0, 1.0, round(baseline.win_rate, 3), 0.005),
            _slider("whatif-cycle", "Sales cycle (days)", 5, max(240, round(baseline.cycle_days * 2)), round(baseline.cycle_days), 1),
            _slider("whatif-deals", "New deals per week", 0.0, max(10.0, round(baseline.deals_per_week * 3, 1)), round(baseline.deals_per_week, 2), 0.05),
            _slider("whatif-size", "Average deal size ($)", 0, round(deal * 3), round(deal), 100),
        ],
        className="sliders",
    )


def create_app(wh: Warehouse) -> dash.Dash:
    """The Dash app over ``wh`` (read-only); the caller runs it."""
    app = dash.Dash(
        __name__,
        serve_locally=True,
        title="RevOps dashboard",
        suppress_callback_exceptions=True,
        update_title=None,
        assets_folder="assets-none",  # no assets folder: every style is inline
    )
    app.index_string = INDEX
    options = queries.filter_options(wh)
    default_quarter = queries.current_quarter(wh) if options["quarter"] else None
    baseline: Baseline | None = None
    if wh.has("marts", "rpt_forecast") and wh.has("marts", "rpt_bookings_by_segment"):
        baseline = layout.whatif_baseline(wh)

    app.layout = html.Div(
        [
            dcc.Location(id="url"),
            html.Div(
                [html.H1("RevOps dashboard"), html.P(f"Warehouse {wh.target.name} ({wh.target.type}) · read-only")],
                className="top",
            ),
            html.Div(id="nav", className="nav"),
            html.Div(
                [_dropdown(key, options[key], default_quarter if key == "quarter" else None) for key in layout.FILTER_LABELS],
                className="filters",
            ),
            html.Div(id="page-note", className="note"),
            html.Div(id="page", className="grid"),
        ]
    )

    @app.callback(
        Output("nav", "children"),
        Output("page-note", "children"),
        *(Output(fid, "disabled") for fid in FILTER_IDS),
        Input("url", "pathname"),
    )
    def _chrome(pathname: str | None) -> tuple[Any, ...]:
        page = layout.page_for(pathname)
        links = [dcc.Link(p.title, href=p.path, className="active" if p is page else "") for p in layout.PAGES]
        applies = ", ".join(layout.FILTER_LABELS[k].lower() for k in page.filters) or "none (company-wide)"
        note = f"{page.title}: filters that apply here — {applies}."
        return (links, note, *(key not in page.filters for key in layout.FILTER_LABELS))

    @app.callback(Output("page", "children"), Input("url", "pathname"), *(Input(fid, "value") for fid in FILTER_IDS))
    def _page(pathname: str | None, *values: str | None) -> list[Any]:
        page = layout.page_for(pathname)
        chosen = dict(zip(layout.FILTER_LABELS, values))
        filters = Filters(**{key: chosen[key] if key in page.filters else None for key in layout.FILTER_LABELS})
        children = []
        for panel in page.panels:
            graph = dcc.Graph(id=panel.id, figure=layout.render_panel(wh, panel, filters), config={"displayModeBar": False})
            content: list[Any] = [graph]
            if panel.id == "pipe-whatif" and baseline is not None:
                content = [whatif_controls(baseline), graph, html.Div(id="whatif-summary", className="note")]
            children.append(html.Div(content, className="panel wide" if panel.wide else "panel"))
        return children

    if baseline is not None:

        @app.callback(
            Output("pipe-whatif", "figure"),
            Output("whatif-summary", "children"),
            Input("whatif-win-rate", "value"),
            Input("whatif-cycle", "value"),
            Input("whatif-deals", "value"),
            Input("whatif-size", "value"),
        )
        def _whatif(win_rate: float, cycle: float, deals: float, size: float) -> tuple[Any, str]:
            scenario = Scenario(win_rate=float(win_rate), cycle_days=float(cycle), deals_per_week=float(deals), average_deal_size=float(size))
            result = project_quarter(baseline, scenario)
            figure = figures.whatif(result, baseline.fiscal_quarter_label)
            summary = (
                f"Win rate {fmt_pct(scenario.win_rate)}, cycle {scenario.cycle_days:.0f} days, "
                f"{scenario.deals_per_week:.2f} new deals a week of {fmt_money(scenario.average_deal_size)}: "
                f"projected {fmt_money(result.projected_bookings)} of QRF {fmt_money(result.qrf_amount)} "
                f"({fmt_pct(result.attainment)}), gap {fmt_money(max(result.gap_amount, 0))}, "
                f"pipeline still needed {fmt_money(result.pipeline_needed_amount)}."
            )
            return figure, summary

    return app


def serve(wh: Warehouse, host: str, port: int) -> None:
    app = create_app(wh)
    app.run(host=host, port=port, debug=False)
