"""`revops report` against a tiny fake DuckDB warehouse: terminal scorecard, HTML report of the dashboard figures, error paths."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from revops.cli import main
from revops.dashboard.layout import PAGES

SCORECARD_COLUMNS = """
    period_grain varchar, period_start date, period_end date,
    leads_created bigint, leads_qualified bigint, lead_conversion_rate decimal(18,6),
    opps_won bigint, opps_lost bigint, opportunity_win_rate decimal(18,6),
    pocs_total bigint, pocs_successful bigint, poc_success_rate decimal(18,6),
    average_deal_size decimal(18,2), tickets_resolved bigint, avg_ticket_resolution_days decimal(12,2),
    quotes_sent bigint, quotes_won bigint, quote_to_close_rate decimal(18,6),
    income decimal(18,2), ending_arr decimal(18,2),
    leads_created_mom_growth decimal(18,6), leads_created_qoq_growth decimal(18,6), leads_created_yoy_growth decimal(18,6),
    opps_won_mom_growth decimal(18,6), opps_won_qoq_growth decimal(18,6), opps_won_yoy_growth decimal(18,6),
    income_mom_growth decimal(18,6), income_qoq_growth decimal(18,6), income_yoy_growth decimal(18,6),
    ending_arr_mom_growth decimal(18,6), ending_arr_qoq_growth decimal(18,6), ending_arr_yoy_growth decimal(18,6)
"""


def _scorecard_row(grain: str, start: str | None, leads: int, income: float, arr: float, qoq: float | None) -> str:
    start_sql = f"date '{start}'" if start else "null"
    qoq_sql = "null" if qoq is None else str(qoq)
    return (
        f"('{grain}', {start_sql}, null, {leads}, {leads // 10}, 0.1, 20, 60, 0.25, 10, 6, 0.6, 18000.5,"
        f" 50, 4.25, 100, 40, 0.4, {income}, {arr}, null, {qoq_sql}, 0.125, null, {qoq_sql}, null,"
        f" null, {qoq_sql}, null, null, {qoq_sql}, null)"
    )


def _write_profiles(folder: Path, db: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profiles.yml").write_text(
        "revops:\n"
        "  target: duckdb\n"
        "  outputs:\n"
        f"    duckdb: {{type: duckdb, path: '{db}'}}\n"
        "    spark: {type: spark, method: session, host: localhost, schema: default}\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture()
def fake_warehouse(tmp_path: Path) -> Path:
    """Scorecard, ARR bridge, funnel and audit tables; pipeline coverage, health, territory tables missing."""
    db = tmp_path / "fake.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts; create schema audit")
    con.execute(f"create table marts.rpt_kpi_scorecard ({SCORECARD_COLUMNS})")
    rows = [
        _scorecard_row("all_time", None, 9999, 5_190_000.0, 4_050_000.0, None),
        _scorecard_row("quarter", "2023-04-01", 1000, 700_000.0, 3_000_000.0, None),
        _scorecard_row("quarter", "2023-07-01", 1100, 800_000.0, 3_200_000.0, 0.1),
        _scorecard_row("quarter", "2023-10-01", 1200, 850_000.0, 3_400_000.0, 0.05),
        _scorecard_row("quarter", "2024-01-01", 1300, 900_000.0, 3_700_000.0, 0.08),
        _scorecard_row("quarter", "2024-04-01", 1400, 988_200.0, 4_050_000.0, 0.0625),
        _scorecard_row("month", "2024-06-01", 470, 330_000.0, 4_050_000.0, None),
    ]
    con.execute("insert into marts.rpt_kpi_scorecard values " + ", ".join(rows))
    con.execute(
        """
        create table marts.rpt_arr_bridge as
        select
            cast(m as date) as month_start_date, cast(m + interval 1 month - interval 1 day as date) as month_end_date,
            cast(100000 * i as decimal(18,2)) as starting_arr, cast(12000 as decimal(18,2)) as new_arr,
            cast(5000 as decimal(18,2)) as expansion_arr, cast(0 as decimal(18,2)) as reactivation_arr,
            cast(1000 as decimal(18,2)) as contraction_arr, cast(2000 as decimal(18,2)) as churned_arr,
            cast(100000 * i + 14000 as decimal(18,2)) as ending_arr, cast(0 as decimal(18,2)) as net_new_arr,
            10 as starting_customers, 1 as new_customers, 0 as expansion_customers, 0 as reactivated_customers,
            0 as contraction_customers, 0 as churned_customers, 11 as ending_customers,
            true as is_in_reporting_window
        from (select i, date '2023-01-01' + to_months(cast(i as integer)) as m from range(1, 19) as t(i))
        """
    )
    con.execute(
        """
        create table marts.rpt_funnel_conversion as
        select * from (values
            (date '2024-01-01', 'Web', 'Inbound', 'Software', 'Enterprise', 100, 60, 30, 10, 12, 4, 5),
            (date '2024-02-01', 'Referral', 'Partner', 'Retail', 'Mid-Market', 50, 40, 20, 6, 8, 3, 2)
        ) as t(cohort_month, lead_source, channel, industry, customer_type, leads, mqls, sqls, qualified_leads,
               opportunities, won, lost)
        """
    )
    con.execute(
        """
        create table audit.audit_row_reconciliation as
        select * from (values ('leads', 110, 100, 7, 3), ('quotes', 50, 50, 0, 0))
            as t(source_table, raw_rows, staged_rows, quarantined_rows, duplicate_rows)
        """
    )
    con.execute(
        """
        create table audit.audit_quarantined_rows as
        select * from (values ('leads', 1, 'L1', 'missing_primary_key', null),
                              ('leads', 2, 'L2', 'future_date', null))
            as t(source_table, source_row, row_key, quarantine_reason, _loaded_at)
        """
    )
    # A table whose columns do not match what the section reads: the section reports it, the report survives.
    con.execute("create table marts.rpt_customer_health as select 1 as unexpected_column")
    con.close()
    return db


def test_report_prints_scorecard_and_writes_html(fake_warehouse: Path, tmp_path: Path, capsys) -> None:
    profiles = _write_profiles(tmp_path / "profiles", fake_warehouse)
    out = tmp_path / "reports" / "revops_report.html"
    code = main(["report", "--target", "duckdb", "--profiles-dir", str(profiles), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    text = captured.out
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("KPI  "))
    # the last four quarters (not the oldest one), then growth and all_time columns
    assert re.search(r"2023-Q3\s+2023-Q4\s+2024-Q1\s+2024-Q2\s+QoQ\s+YoY\s+All time$", header)
    assert "2023-Q2" not in header
    widths = {len(line) for line in lines[lines.index(header) :] if line.strip()}
    assert max(widths) - min(widths) <= 40  # a fixed-width table, not free text
    leads = next(line for line in lines if line.startswith("Leads created"))
    assert leads.split()[2:] == ["1,100", "1,200", "1,300", "1,400", "+6.2%", "+12.5%", "9,999"]
    for label in ("Lead conversion", "Win rate", "POC success", "Average deal size", "Ticket resolution", "Quote-to-close", "Income", "Ending ARR"):
        assert any(line.startswith(label) for line in lines), label
    assert "$4.05M" in next(line for line in lines if line.startswith("Ending ARR"))

    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for title in ("Executive", "Pipeline &amp; forecast", "Revenue &amp; retention", "Customers &amp; health", "Territory &amp; capacity", "Data quality"):
        assert f"<h2>{title}</h2>" in page
    # one self-contained file: plotly.js inlined exactly once, no external script, stylesheet or image
    head, library, rest = re.match(r"(.*?<script type=\"text/javascript\">)(.*?)(</script>.*)", page, re.S).groups()
    assert library.lstrip().startswith("/**") and "plotly.js v" in library[:200]
    own = head + rest  # the report's own markup, without the inlined library
    assert "plotly.js v" not in own
    assert not re.search(r"<script[^>]*\ssrc=", own) and "<link" not in own.lower()
    assert not re.search(r"(src|href)=\"(https?:)?//", own)
    assert "<svg" not in own  # no hand-written SVG: every chart is a Plotly figure drawn by plotly.js
    assert own.count("Plotly.newPlot") == sum(len(p.panels) for p in PAGES)
    # missing tables and an unexpected table become notes in their panel, not crashes
    assert "marts.rpt_pipeline_coverage is not in this warehouse" in own
    assert "marts.rpt_retention, marts.rpt_retention_by_segment are not in this warehouse" in own
    assert "marts.rpt_territory_coverage is not in this warehouse" in own
    assert "Could not render this panel" in own
    # data that is there is shown: scorecard cells, ARR bridge months, quarantine reasons
    assert "missing_primary_key" in own and "future_date" in own
    assert "$4.05M" in own and "+12.5%" in own
    assert "Ending ARR" in own
    # atomic write: no temporary file left behind
    assert [p.name for p in out.parent.iterdir()] == ["revops_report.html"]


def test_report_without_marts_is_one_error_line(tmp_path: Path, capsys) -> None:
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    profiles = _write_profiles(tmp_path / "profiles", db)
    out = tmp_path / "reports" / "revops_report.html"
    code = main(["report", "--profiles-dir", str(profiles), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("revops: error: ") and "has no marts" in err
    assert not out.exists()


def test_report_without_warehouse_file(tmp_path: Path, capsys) -> None:
    profiles = _write_profiles(tmp_path / "profiles", tmp_path / "missing.duckdb")
    code = main(["report", "--profiles-dir", str(profiles), "--out", str(tmp_path / "r.html")])
    err = capsys.readouterr().err
    assert code == 1 and "no DuckDB warehouse" in err and err.count("\n") == 1
    assert not (tmp_path / "missing.duckdb").exists()  # read-only: never creates a database


def test_report_on_spark_is_refused(tmp_path: Path, capsys) -> None:
    profiles = _write_profiles(tmp_path / "profiles", tmp_path / "x.duckdb")
    code = main(["report", "--target", "spark", "--profiles-dir", str(profiles)])
    err = capsys.readouterr().err
    assert code == 2 and "Spark is not supported" in err and err.count("\n") == 1


def test_failed_write_keeps_previous_report(fake_warehouse: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    from revops import report

    profiles = _write_profiles(tmp_path / "profiles", fake_warehouse)
    out = tmp_path / "revops_report.html"
    out.write_text("previous", encoding="utf-8")

    def boom(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report.os, "replace", boom)
    code = main(["report", "--profiles-dir", str(profiles), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "cannot write the report" in err
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_dashboard_bad_input_is_one_error_line(fake_warehouse: Path, tmp_path: Path, capsys) -> None:
    profiles = _write_profiles(tmp_path / "profiles", fake_warehouse)
    assert main(["dashboard", "--target", "spark", "--profiles-dir", str(profiles)]) == 2
    err = capsys.readouterr().err
    assert "revops dashboard reads DuckDB or PostgreSQL" in err and err.count("\n") == 1
    assert main(["dashboard", "--port", "70000", "--profiles-dir", str(profiles)]) == 2
    assert "must be between 1 and 65535" in capsys.readouterr().err
    missing = _write_profiles(tmp_path / "missing", tmp_path / "nowhere.duckdb")
    assert main(["dashboard", "--profiles-dir", str(missing)]) == 1
    err = capsys.readouterr().err
    assert "no DuckDB warehouse" in err and err.count("\n") == 1


def test_dashboard_app_builds_on_a_partial_warehouse(fake_warehouse: Path) -> None:
    """Missing marts leave panels with a note; the app and every page still build."""
    from revops.dashboard.app import create_app
    from revops.dashboard.layout import render_panel
    from revops.dashboard.queries import Filters
    from revops.dashboard.warehouse import Warehouse
    from revops.profile import Target

    wh = Warehouse(Target(name="duckdb", type="duckdb", config={"path": str(fake_warehouse)}))
    try:
        app = create_app(wh)
        assert app.config.serve_locally and not app.config.external_scripts and not app.config.external_stylesheets
        texts = [
            str(render_panel(wh, panel, Filters()).to_dict()["layout"].get("annotations", ""))
            for page in PAGES
            for panel in page.panels
        ]
        assert any("marts.rpt_deals_at_risk is not in this warehouse" in t for t in texts)
    finally:
        wh.close()
