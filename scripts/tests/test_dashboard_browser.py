"""`revops dashboard` in a real browser: headless Chromium (Debian's chromium + chromedriver, driven by Selenium).

A session fixture builds a scale-1 DuckDB warehouse (generate, load, dbt seed + run into a temporary folder;
REVOPS_DASHBOARD_TEST_DB points at an already built one instead), serves the app on a free port in a thread,
and the tests check: every page renders its panels with no console error and loads nothing from another
host; a filter on region and quarter shows the win rate and bookings a direct SQL query on the marts gives;
the what-if responds to a slider. With REVOPS_DASHBOARD_SCREENSHOTS=<folder> each page is saved as a PNG.
Without chromium the tests are skipped (with CI=true they fail).
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import build_warehouse, run_checked

from revops.dashboard.formatting import fmt_money, fmt_pct
from revops.dashboard.layout import PAGES, whatif_baseline
from revops.dashboard.warehouse import Warehouse
from revops.dashboard.whatif import Scenario, project_quarter
from revops.profile import Target

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()) and os.environ.get("CI") != "true",
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory) -> Path:
    given = os.environ.get("REVOPS_DASHBOARD_TEST_DB")
    if given:
        return Path(given)
    folder = tmp_path_factory.mktemp("dashboard")
    run_checked([str(BIN / "revops"), "generate", "--quiet", "--seed", "7", "--dirty-rate", "0.02",
                 "--out", str(folder / "raw")], dict(os.environ))
    # models and seeds only: the dashboard needs the marts, not the tests
    return build_warehouse(folder, folder / "raw", "--exclude", "resource_type:test", "resource_type:unit_test")


@pytest.fixture(scope="session")
def warehouse(warehouse_path: Path) -> Iterator[Warehouse]:
    wh = Warehouse(Target(name="duckdb", type="duckdb", config={"path": str(warehouse_path)}), command="revops dashboard")
    yield wh
    wh.close()


@pytest.fixture(scope="session")
def server(warehouse: Warehouse) -> Iterator[str]:
    from werkzeug.serving import make_server

    from revops.dashboard.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    httpd = make_server("127.0.0.1", port, create_app(warehouse).server, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def _wait(condition, timeout: float = 60.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def _figure_data(browser: Any, graph_id: str) -> list[dict[str, Any]] | None:
    return browser.execute_script(
        "const el = document.getElementById(arguments[0]);"
        "const plot = el && el.querySelector('.js-plotly-plot');"
        "return plot && plot.data ? JSON.parse(JSON.stringify(plot.data)) : null;",
        graph_id,
    )


def _figure_title(browser: Any, graph_id: str) -> str:
    return browser.execute_script(
        "const el = document.getElementById(arguments[0]);"
        "const plot = el && el.querySelector('.js-plotly-plot');"
        "return plot && plot.layout && plot.layout.title ? plot.layout.title.text : '';",
        graph_id,
    ) or ""


def _open(browser: Any, url: str, panel_ids: list[str]) -> None:
    browser.get(url)
    for panel_id in panel_ids:
        _wait(lambda: _figure_data(browser, panel_id) is not None, what=f"panel {panel_id} at {url}")


def _choose(browser: Any, filter_key: str, value: str) -> None:
    from selenium.webdriver.common.by import By

    browser.find_element(By.ID, f"filter-{filter_key}").click()
    option = _wait(
        lambda: next(
            (o for o in browser.find_elements(By.CSS_SELECTOR, "[role=option]") if o.find_element(By.TAG_NAME, "input").get_attribute("value") == value),
            None,
        ),
        what=f"option {value} of {filter_key}",
    )
    option.click()
    browser.find_element(By.TAG_NAME, "body").click()  # close the list


def test_every_page_renders_without_console_error(server: str, browser: Any) -> None:
    shots = os.environ.get("REVOPS_DASHBOARD_SCREENSHOTS")
    browser.get_log("browser")  # start from an empty log
    for page in PAGES:
        panel_ids = [panel.id for panel in page.panels]
        _open(browser, server + page.path, panel_ids)
        from selenium.webdriver.common.by import By

        notes = browser.find_element(By.ID, "page").text
        assert "Could not render this panel" not in notes, page.slug
        assert page.title in browser.find_element(By.ID, "page-note").text
        errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
        assert errors == [], f"{page.slug}: {errors}"
        hosts = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).host)"
        )
        assert set(hosts) <= {server.split("//")[1]}, f"{page.slug} loaded from {set(hosts)}"  # offline
        if shots:
            height = 0
            for _ in range(5):  # grow the window until the whole page fits (figures settle after a resize)
                time.sleep(1.5)
                # the window includes the browser's own bars: leave room beyond the page's height
                needed = int(browser.execute_script("return document.documentElement.scrollHeight")) + 160
                if needed <= height:
                    break
                height = min(needed, 6000)
                browser.set_window_size(1400, height)
            Path(shots).mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(Path(shots) / f"dashboard_{page.slug}.png"))
            browser.set_window_size(1400, 1000)


def test_region_and_quarter_filter_shows_the_marts_values(server: str, browser: Any, warehouse: Warehouse) -> None:
    quarter, region = "2024-02-01", "East"
    _open(browser, server + "/", ["exec-kpis"])
    _choose(browser, "quarter", quarter)
    _choose(browser, "region", region)
    # the direct SQL over the opportunity fact, independent of the report model the app reads
    truth = warehouse.query(
        "select sum(case when status = 'Won' then amount else 0 end) as bookings, "
        "round(cast(sum(case when status = 'Won' then 1 else 0 end) as double) / count(*), 6) as win_rate "
        "from marts.fct_opportunities where status in ('Won', 'Lost') and close_fiscal_quarter_start_date = ? "
        "and coalesce(owner_region, territory_region, 'Unknown') = ?",
        [quarter, region],
    )[0]

    def shown() -> dict[str, float] | None:
        if _figure_title(browser, "exec-kpis") != f"FY2025-Q1 · {region}":  # both filters applied
            return None
        return {trace.get("name"): trace.get("value") for trace in _figure_data(browser, "exec-kpis") or []}

    values = _wait(shown, what="the KPIs of FY2025-Q1 East")
    assert values["Bookings"] == pytest.approx(float(truth["bookings"]), abs=0.005)
    assert values["Win rate"] == pytest.approx(float(truth["win_rate"]), abs=5e-7)
    assert _figure_title(browser, "exec-regions") == "Bookings and win rate by region, FY2025-Q1"


def test_whatif_responds_to_the_win_rate_slider(server: str, browser: Any, warehouse: Warehouse) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, server + "/pipeline", ["pipe-whatif"])
    summary = browser.find_element(By.ID, "whatif-summary")
    _wait(lambda: summary.text, what="the what-if summary")
    before = summary.text
    thumb = browser.find_element(By.CSS_SELECTOR, "#whatif-win-rate [role=slider]")
    thumb.click()
    thumb.send_keys(Keys.END)  # win rate 100%
    baseline = whatif_baseline(warehouse)
    expected = project_quarter(
        baseline, Scenario(1.0, round(baseline.cycle_days), round(baseline.deals_per_week, 2), round(baseline.average_deal_size))
    )
    _wait(lambda: summary.text != before and "Win rate 100.0%" in summary.text, what="the what-if to respond")
    assert f"projected {fmt_money(expected.projected_bookings)}" in summary.text
    assert f"({fmt_pct(expected.attainment)})" in summary.text
    projected = _figure_data(browser, "pipe-whatif")[0]["text"][-1]
    assert projected == fmt_money(expected.projected_bookings)
