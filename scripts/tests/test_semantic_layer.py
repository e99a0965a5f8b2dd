"""The semantic layer answers what the marts answer (SPEC 9), on DuckDB and on PostgreSQL.

A module fixture per engine generates a small world (scale 0.5, seed 7, 2% dirty), loads it, builds the
seeds and models the semantic models and the compared marts need (``dbt build`` of models and seeds, no data
tests: those are ``make test-duckdb``/``make test-postgres``'s job), then runs MetricFlow queries in a
subprocess (this file run as a script: MetricFlow's engine over the dbt adapter of the target) and reads the
marts through the same connection. Compared, each to the precision the metric declares in ``meta.precision``:

* the saved queries kpi_scorecard_monthly / _quarterly / _yearly with rpt_kpi_scorecard at each grain;
* the growth metrics (month-over-month, quarter-over-quarter, year-over-year) with the scorecard's;
* the saved query retention_monthly (GRR, NRR, logo retention, quick ratio) with rpt_retention;
* pipeline coverage and gap ratio by fiscal quarter x region x segment x motion with rpt_pipeline_coverage;
* the README query (win rate and ending ARR by quarter and account region): ending ARR summed over regions
  equals the scorecard's.

PostgreSQL: database REVOPS_SEMANTIC_TEST_DB (default <PG_TEST_DB>_metrics), created and dropped here;
skipped when the server is unreachable (failed with CI=true). Marked slow (a few minutes on 2 cores).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# its own database, next to make test-postgres's (PG_TEST_DB): two checkouts set PG_TEST_DB apart and are apart here too
PG_DBNAME = os.environ.get("REVOPS_SEMANTIC_TEST_DB", os.environ.get("PG_TEST_DB", "revops_test") + "_metrics")
GRAINS = ("month", "quarter", "year")
# scorecard column -> metric; the metric names are the scorecard's column names
SCORECARD_METRICS = (
    "leads_created", "leads_qualified", "lead_conversion_rate", "opps_won", "opps_lost", "opportunity_win_rate",
    "pocs_total", "pocs_successful", "poc_success_rate", "average_deal_size", "tickets_resolved",
    "avg_ticket_resolution_days", "quotes_sent", "quotes_won", "quote_to_close_rate", "income", "ending_arr",
)
GROWN = ("leads_created", "opps_won", "income", "ending_arr")
GROWTH_BY_GRAIN = {"month": ("mom", "yoy"), "quarter": ("qoq", "yoy"), "year": ("yoy",)}
# rpt_retention column -> metric
RETENTION_METRICS = {
    "gross_revenue_retention_rate": "gross_revenue_retention",
    "net_revenue_retention_rate": "net_revenue_retention",
    "logo_retention_rate": "logo_retention",
    "quick_ratio": "quick_ratio",
}
COVERAGE_DIMENSIONS = ("region", "customer_type", "sales_motion")
COVERAGE_METRICS = {"coverage": "pipeline_coverage", "gap_ratio": "pipeline_gap_ratio"}


def _queries() -> dict[str, dict[str, Any]]:
    """Name -> MetricFlow request (saved query, or metrics + group by)."""
    queries: dict[str, dict[str, Any]] = {}
    for grain in GRAINS:
        queries[f"scorecard_{grain}"] = {"saved_query": f"kpi_scorecard_{'yearly' if grain == 'year' else grain + 'ly'}"}
        queries[f"growth_{grain}"] = {
            "metrics": [f"{column}_{kind}_growth" for column in GROWN for kind in GROWTH_BY_GRAIN[grain]],
            "group_by": [f"metric_time__{grain}"],
        }
    queries["retention"] = {"saved_query": "retention_monthly"}
    queries["coverage"] = {
        "metrics": list(COVERAGE_METRICS.values()),
        "group_by": ["metric_time__fiscal_quarter", *(f"coverage_cell__{d}" for d in COVERAGE_DIMENSIONS)],
    }
    queries["readme"] = {
        "metrics": ["opportunity_win_rate", "ending_arr"],
        "group_by": ["metric_time__quarter", "account__region"],
    }
    return queries


MART_QUERIES = {
    "rpt_kpi_scorecard": "select * from marts.rpt_kpi_scorecard",
    "rpt_retention": "select * from marts.rpt_retention",
    "rpt_pipeline_coverage": "select * from marts.rpt_pipeline_coverage where snapshot_grain = 'boq'",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    if isinstance(value, Decimal):
        return str(value)
    return value


def run_queries(project_dir: Path, profiles_dir: Path, target_path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every query of _queries() through MetricFlow, and every mart of MART_QUERIES, as lists of row dicts."""
    from dbt.adapters.factory import get_adapter_by_type
    from dbt_metricflow.cli.dbt_connectors.adapter_backed_client import AdapterBackedSqlClient
    from dbt_metricflow.cli.dbt_connectors.dbt_config_accessor import dbtProjectMetadata
    from metricflow.engine.metricflow_engine import MetricFlowEngine, MetricFlowQueryRequest
    from metricflow_semantics.model.dbt_manifest_parser import parse_manifest_from_dbt_generated_manifest
    from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup

    metadata = dbtProjectMetadata.load_from_paths(profiles_path=profiles_dir, project_path=project_dir)
    client = AdapterBackedSqlClient(get_adapter_by_type(metadata.profile.credentials.type))
    manifest = parse_manifest_from_dbt_generated_manifest((target_path / "semantic_manifest.json").read_text())
    engine = MetricFlowEngine(semantic_manifest_lookup=SemanticManifestLookup(manifest), sql_client=client)

    def rows(table: Any) -> list[dict[str, Any]]:
        return [dict(zip(table.column_names, map(_jsonable, row))) for row in table.rows]

    out: dict[str, list[dict[str, Any]]] = {}
    for name, query in _queries().items():
        request = MetricFlowQueryRequest.create(
            saved_query_name=query.get("saved_query"),
            metric_names=query.get("metrics"),
            group_by_names=query.get("group_by"),
        )
        result = engine.query(mf_request=request)
        out[name] = rows(result.result_df)
    for name, sql in MART_QUERIES.items():
        out[name] = rows(client.query(sql))
    return out


# --------------------------------------------------------------------------------------------- fixtures


def _run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        pytest.fail(f"{' '.join(cmd[:4])} failed:\n{tail}")


def _postgres_database() -> None:
    """Create an empty PG_DBNAME; skip (fail with CI=true) when PostgreSQL is unreachable."""
    psycopg2 = pytest.importorskip("psycopg2")
    params = {
        "host": os.environ.get("REVOPS_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("REVOPS_PG_PORT", "5432")),
        "user": os.environ.get("REVOPS_PG_USER", "postgres"),
        "password": os.environ.get("REVOPS_PG_PASSWORD", ""),
        "dbname": "postgres",
        "connect_timeout": 5,
    }
    try:
        conn = psycopg2.connect(**params)
    except psycopg2.OperationalError as exc:
        reason = f"PostgreSQL is not reachable ({str(exc).strip().splitlines()[0]})"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true requires PostgreSQL)")
        pytest.skip(reason)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"drop database if exists {PG_DBNAME} with (force)")
        cur.execute(f"create database {PG_DBNAME}")
    conn.close()


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("semantic_raw")
    _run([sys.executable, "-m", "revops.cli", "generate", "--quiet", "--scale", "0.5", "--seed", "7",
          "--dirty-rate", "0.02", "--out", str(out)], dict(os.environ))
    return out


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def answers(request, raw: Path, tmp_path_factory) -> Iterator[dict[str, Any]]:
    """MetricFlow answers, marts and declared precisions of a warehouse built on one engine."""
    engine = request.param
    tmp = tmp_path_factory.mktemp(f"semantic_{engine}")
    shutil.copy(REPO / "profiles.yml.example", tmp / "profiles.yml")
    env = {**os.environ, "REVOPS_TARGET": engine, "DBT_PROFILES_DIR": str(tmp),
           "REVOPS_DUCKDB_PATH": str(tmp / "revops.duckdb"), "REVOPS_DUCKDB_TEMP_DIR": str(tmp / "duckdb_tmp"),
           "REVOPS_PG_DBNAME": PG_DBNAME}
    if engine == "postgres":
        _postgres_database()
    target = tmp / "target"
    paths = ["--profiles-dir", str(tmp), "--target-path", str(target), "--log-path", str(tmp / "logs")]
    dbt = [str(Path(sys.executable).parent / "dbt"), "--no-use-colors", "--quiet"]
    _run([sys.executable, "-m", "revops.cli", "load", "--quiet", "--target", engine, "--from", str(raw),
          "--profiles-dir", str(tmp)], env)
    selection = ["+semantic_model:*", "+metricflow_time_spine", *(f"+{mart}" for mart in MART_QUERIES)]
    _run([*dbt, "build", "--select", *selection, "--resource-type", "model", "--resource-type", "seed", *paths], env)
    out = tmp / "answers.json"
    _run([sys.executable, __file__, str(tmp), str(target), str(out)], env)
    manifest = json.loads((target / "manifest.json").read_text())
    precision = {m["name"]: m["config"]["meta"]["precision"] for m in manifest["metrics"].values()}
    try:
        yield {"engine": engine, "precision": precision, **json.loads(out.read_text())}
    finally:
        if engine == "postgres":
            import psycopg2

            conn = psycopg2.connect(host=os.environ.get("REVOPS_PG_HOST", "127.0.0.1"),
                                    port=int(os.environ.get("REVOPS_PG_PORT", "5432")),
                                    user=os.environ.get("REVOPS_PG_USER", "postgres"),
                                    password=os.environ.get("REVOPS_PG_PASSWORD", ""), dbname="postgres")
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(f"drop database if exists {PG_DBNAME} with (force)")
            conn.close()


# ------------------------------------------------------------------------------------------ comparison


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def mismatches(
    marts: list[dict[str, Any]], key: tuple[str, ...], metrics: list[dict[str, Any]], metric_key: tuple[str, ...],
    columns: dict[str, str], precision: dict[str, int], compared: Callable[[dict[str, Any], str], bool] | None = None,
) -> tuple[list[str], int]:
    """Compare every mart row with the MetricFlow row of the same key, column by column.

    Equal means: both null (a rate without denominator), or |mart - metric| <= half a unit of the metric's
    declared precision. A mart row without a MetricFlow row compares with nulls; for counts and amounts
    (precision 0 or 2, never a rate) a null MetricFlow value is 0 (nothing counted). Returns the differences
    and how many non-null values agreed. ``compared(row, column)`` False leaves a value out.
    """
    by_key = {tuple(row[k] for k in metric_key): row for row in metrics}
    problems: list[str] = []
    agreed = 0
    for row in marts:
        other = by_key.get(tuple(row[k] for k in key), {})
        for column, metric in columns.items():
            if compared is not None and not compared(row, column):
                continue
            expected, actual = _number(row[column]), _number(other.get(metric))
            is_rate = precision[metric] == 6
            if actual is None and not is_rate:
                actual = 0.0
            if expected is None or actual is None:
                if expected is not None or actual is not None:
                    problems.append(f"{[row[k] for k in key]} {column}: mart {expected} vs metric {metric} {actual}")
                continue
            if abs(expected - actual) > 0.5 * 10 ** -precision[metric] + 1e-9:
                problems.append(f"{[row[k] for k in key]} {column}: mart {expected} vs metric {metric} {actual}")
            elif not math.isclose(expected, 0.0):
                agreed += 1
    return problems, agreed


def _assert_agree(problems: list[str], agreed: int, minimum: int, what: str) -> None:
    assert not problems, f"{what}: {len(problems)} differences, e.g.\n" + "\n".join(problems[:15])
    assert agreed >= minimum, f"{what}: only {agreed} non-zero values compared (expected >= {minimum})"


@pytest.mark.parametrize("grain", GRAINS)
def test_scorecard_metrics_equal_the_scorecard(answers: dict[str, Any], grain: str) -> None:
    rows = [r for r in answers["rpt_kpi_scorecard"] if r["period_grain"] == grain]
    problems, agreed = mismatches(rows, ("period_start",), answers[f"scorecard_{grain}"], (f"metric_time__{grain}",),
                                  {m: m for m in SCORECARD_METRICS}, answers["precision"])
    _assert_agree(problems, agreed, len(SCORECARD_METRICS) * 2, f"{answers['engine']} {grain}")


def _months_before(day: str, months: int) -> str:
    start = date.fromisoformat(day)
    index = start.year * 12 + start.month - 1 - months
    return date(index // 12, index % 12 + 1, 1).isoformat()


@pytest.mark.parametrize("grain", GRAINS)
def test_growth_metrics_equal_the_scorecard(answers: dict[str, Any], grain: str) -> None:
    """Growth where the scorecard holds the base period. The scorecard has no rows before the reporting window,
    so its growth is null for the window's first year, while the metric (offset over the full ARR history)
    has a value there: those are left out, everything else must agree."""
    rows = [r for r in answers["rpt_kpi_scorecard"] if r["period_grain"] == grain]
    periods = {r["period_start"] for r in rows}
    offset = {"mom": 1, "qoq": 3, "yoy": 12}
    columns = {f"{c}_{kind}_growth": f"{c}_{kind}_growth" for c in GROWN for kind in GROWTH_BY_GRAIN[grain]}

    def has_base_period(row: dict[str, Any], column: str) -> bool:
        return _months_before(row["period_start"], offset[column.split("_")[-2]]) in periods

    problems, agreed = mismatches(rows, ("period_start",), answers[f"growth_{grain}"], (f"metric_time__{grain}",),
                                  columns, answers["precision"], has_base_period)
    _assert_agree(problems, agreed, len(columns), f"{answers['engine']} {grain} growth")


def test_retention_metrics_equal_rpt_retention(answers: dict[str, Any]) -> None:
    problems, agreed = mismatches(answers["rpt_retention"], ("month_start_date",), answers["retention"],
                                  ("metric_time__month",), RETENTION_METRICS, answers["precision"])
    _assert_agree(problems, agreed, 4 * 6, f"{answers['engine']} retention")


def test_pipeline_coverage_metrics_equal_the_mart(answers: dict[str, Any]) -> None:
    key = ("fiscal_quarter_start_date", *COVERAGE_DIMENSIONS)
    metric_key = ("metric_time__fiscal_quarter", *(f"coverage_cell__{d}" for d in COVERAGE_DIMENSIONS))
    problems, agreed = mismatches(answers["rpt_pipeline_coverage"], key, answers["coverage"], metric_key,
                                  COVERAGE_METRICS, answers["precision"])
    _assert_agree(problems, agreed, 10, f"{answers['engine']} pipeline coverage")


def test_readme_query_answers_by_account_region(answers: dict[str, Any]) -> None:
    rows = answers["readme"]
    assert len({r["account__region"] for r in rows}) > 1
    assert any(r["opportunity_win_rate"] is not None for r in rows)
    arr_by_quarter: dict[str, float] = {}
    for row in rows:
        arr_by_quarter[row["metric_time__quarter"]] = arr_by_quarter.get(row["metric_time__quarter"], 0.0) + float(
            row["ending_arr"] or 0
        )
    scorecard = [r for r in answers["rpt_kpi_scorecard"] if r["period_grain"] == "quarter" and r["ending_arr"]]
    assert scorecard
    for row in scorecard:
        assert arr_by_quarter.get(row["period_start"]) == pytest.approx(float(row["ending_arr"]), abs=0.005)


if __name__ == "__main__":
    # python test_semantic_layer.py PROFILES_DIR TARGET_PATH OUT_JSON (the fixture's subprocess)
    profiles, target_dir, out_file = map(Path, sys.argv[1:4])
    Path(out_file).write_text(json.dumps(run_queries(REPO, profiles, target_dir)))
