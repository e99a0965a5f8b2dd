"""``revops report``: the KPI scorecard on the terminal and one self-contained HTML file of the dashboard's figures.

Reads the marts (and the audit tables) of a built warehouse through the dbt profile (``dashboard.warehouse``):
the DuckDB file read-only, or PostgreSQL. Every page of the dashboard (``dashboard.layout.PAGES``) is written
with the same Plotly figures, for the running fiscal quarter and no other filter. plotly.js is inlined once,
so the file works offline and has no external asset. A missing or broken table becomes a note in its panel,
not a crash. The file is written atomically (temporary file in the same folder, then renamed over the target).
"""

from __future__ import annotations

import html
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from revops.dashboard import figures, layout, queries
from revops.dashboard.formatting import text_table
from revops.dashboard.queries import Filters
from revops.dashboard.warehouse import Warehouse
from revops.errors import RevopsError
from revops.profile import Target

DEFAULT_OUT = Path("reports/revops_report.html")
SCORECARD_TABLE = "rpt_kpi_scorecard"

CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#1f2937;background:#f8fafc}
header{background:#0f172a;color:#f8fafc;padding:20px 32px}header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#cbd5e1;font-size:13px}nav{padding:8px 32px;background:#e2e8f0;font-size:13px}
nav a{margin-right:14px;color:#1e3a8a;text-decoration:none}main{padding:8px 32px 40px}
section{margin:16px 0}h2{margin:24px 0 8px;font-size:19px}
.grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:12px}
.panel{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:6px}.panel.wide{grid-column:1/-1}
footer{color:#64748b;font-size:12px;padding:0 32px 24px}
"""


def scorecard_text(wh: Warehouse) -> str:
    """The terminal scorecard (the last four calendar quarters, QoQ, YoY, all time)."""
    if not wh.has("marts", SCORECARD_TABLE):
        return f"KPI scorecard: marts.{SCORECARD_TABLE} is not in this warehouse (not built yet?)."
    header, rows = figures.scorecard_cells(queries.scorecard(wh))
    title = "KPI scorecard (calendar quarters; QoQ / YoY growth of the latest quarter)"
    return title + "\n\n" + text_table(header, rows)


def build_html(wh: Warehouse, generated_at: datetime | None = None) -> str:
    """The report: every page of the dashboard, plotly.js inlined once."""
    from plotly.offline import get_plotlyjs

    stamp = (generated_at or datetime.now()).strftime("%Y-%m-%d %H:%M")
    quarter = queries.current_quarter(wh) if wh.has("marts", "rpt_bookings_by_segment") else None
    filters = Filters(quarter=quarter)
    nav = "".join(f'<a href="#{p.slug}">{html.escape(p.title)}</a>' for p in layout.PAGES)
    sections = []
    for page in layout.PAGES:
        panels = []
        for panel in page.panels:
            fig = layout.render_panel(wh, panel, filters)
            div = fig.to_html(full_html=False, include_plotlyjs=False, div_id=panel.id, config={"displaylogo": False})
            panels.append(f'<div class="panel{" wide" if panel.wide else ""}">{div}</div>')
        sections.append(f'<section id="{page.slug}"><h2>{html.escape(page.title)}</h2><div class="grid">{"".join(panels)}</div></section>')
    where = f"{wh.target.name} ({wh.target.type})"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>RevOps report</title><style>{CSS}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head><body>'
        f"<header><h1>RevOps report</h1><p>Warehouse: {html.escape(where)} · fiscal quarter "
        f"{html.escape(layout.quarter_name(wh, quarter) if quarter else '–')} · generated {html.escape(stamp)}</p></header>"
        f"<nav>{nav}</nav><main>{''.join(sections)}</main>"
        "<footer>Built by <code>revops report</code> from the marts and audit schemas with the figures of "
        "<code>revops dashboard</code>. One file: plotly.js is inlined, nothing is loaded from the network.</footer>"
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
    wh = Warehouse(target, command="revops report")
    try:
        if not wh.has_marts:
            raise RevopsError(
                f"the warehouse {wh.where} has no marts (build it first: `make demo`, or `dbt build --target {target.name}`)"
            )
        text = scorecard_text(wh)
        document = build_html(wh)
    finally:
        wh.close()
    try:
        write_atomically(out, document)
    except OSError as exc:
        raise RevopsError(f"cannot write the report to {out} ({exc.strerror or exc})") from None
    return ReportResult(scorecard_text=text, out=out)
