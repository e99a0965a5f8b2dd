"""The what-if projection (revops.dashboard.whatif): the arithmetic of the quarter's bookings and gap."""

from __future__ import annotations

import math

import pytest

from revops.dashboard.whatif import Baseline, Scenario, in_quarter_share, project_quarter


def baseline(**changes: float) -> Baseline:
    values = dict(
        fiscal_quarter_label="FY2025-Q2",
        days_remaining=28,
        qrf_amount=1_000_000.0,
        won_to_date_amount=300_000.0,
        open_pipeline_amount=900_000.0,
        calibrated_pipeline_amount=270_000.0,
        win_rate=0.25,
        average_deal_size=20_000.0,
        cycle_days=28.0,
        created_amount_per_week=100_000.0,
    )
    values.update(changes)
    return Baseline(**values)  # type: ignore[arg-type]


def test_in_quarter_share_limits_and_value() -> None:
    assert in_quarter_share(0, 30) == 0.0
    assert in_quarter_share(30, 0) == 1.0
    assert in_quarter_share(30, 30) == pytest.approx(math.exp(-1))  # 1 - (1 - e^-1)
    assert in_quarter_share(30, 1e9) == pytest.approx(0.0, abs=1e-6)
    assert in_quarter_share(30, 10) > in_quarter_share(30, 20) > in_quarter_share(30, 40)


def test_unchanged_scenario_is_won_plus_calibrated_plus_new() -> None:
    base = baseline()
    result = project_quarter(base, base.scenario())
    assert base.deals_per_week == pytest.approx(5.0)
    share = math.exp(-1)  # days remaining = cycle
    new_pipeline = 5.0 * 4 * 20_000.0
    assert result.open_pipeline_bookings == pytest.approx(270_000.0)
    assert result.new_pipeline_amount == pytest.approx(new_pipeline)
    assert result.new_pipeline_bookings == pytest.approx(new_pipeline * share * 0.25)
    assert result.projected_bookings == pytest.approx(300_000 + 270_000 + new_pipeline * share * 0.25)
    assert result.gap_amount == pytest.approx(1_000_000 - result.projected_bookings)
    assert result.attainment == pytest.approx(result.projected_bookings / 1_000_000)
    assert result.pipeline_needed_amount == pytest.approx(result.gap_amount / (0.25 * share))


def test_each_lever_moves_the_projection_the_right_way() -> None:
    base = baseline()
    start = project_quarter(base, base.scenario()).projected_bookings
    s = base.scenario()
    assert project_quarter(base, Scenario(0.35, s.cycle_days, s.deals_per_week, s.average_deal_size)).projected_bookings > start
    assert project_quarter(base, Scenario(s.win_rate, 60, s.deals_per_week, s.average_deal_size)).projected_bookings < start
    assert project_quarter(base, Scenario(s.win_rate, s.cycle_days, 10, s.average_deal_size)).projected_bookings > start
    assert project_quarter(base, Scenario(s.win_rate, s.cycle_days, s.deals_per_week, 40_000)).projected_bookings > start


def test_open_pipeline_part_never_exceeds_the_open_pipeline() -> None:
    base = baseline(calibrated_pipeline_amount=800_000.0)
    result = project_quarter(base, Scenario(1.0, 28, 0, 20_000))  # 4x the win rate
    assert result.open_pipeline_bookings == pytest.approx(900_000.0)
    assert result.new_pipeline_bookings == 0.0


def test_quarter_over_and_zero_levers() -> None:
    ended = baseline(days_remaining=0)
    result = project_quarter(ended, ended.scenario())
    assert result.new_pipeline_amount == 0.0 and result.new_pipeline_bookings == 0.0
    assert result.open_pipeline_bookings == 0.0  # nothing left of the quarter for the open pipeline to close in
    assert result.projected_bookings == pytest.approx(300_000.0)
    assert result.pipeline_needed_amount is None  # no pipeline created now closes the gap
    nothing = project_quarter(baseline(), Scenario(0.0, 28, 5, 20_000))
    assert nothing.projected_bookings == pytest.approx(300_000.0) and nothing.pipeline_needed_amount is None
    ahead = project_quarter(baseline(qrf_amount=100_000.0), baseline().scenario())
    assert ahead.gap_amount < 0 and ahead.pipeline_needed_amount == 0.0
    assert project_quarter(baseline(qrf_amount=0.0), baseline().scenario()).attainment is None
    with pytest.raises(ValueError):
        project_quarter(baseline(), Scenario(-0.1, 28, 5, 20_000))
