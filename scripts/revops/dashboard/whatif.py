"""The what-if projection of the quarter's bookings: one pure function over a baseline read from the marts.

The baseline (``Baseline``) comes from the marts as they stand at ``as_of_date`` (see
``queries.whatif_baseline``): the running fiscal quarter's QRF, bookings won so far, open pipeline expected
to close in the quarter and its history-calibrated expected value (rpt_forecast), the company win rate and
average deal size, the mean sales cycle of won deals, and the pipeline created per week over the last
13 weeks (rpt_pipeline_flow). A scenario (``Scenario``) changes four levers; ``project_quarter`` returns the
projected bookings and the gap to the QRF.

The model, deliberately simple enough to explain on a slide:

- open pipeline: its calibrated expected value, scaled by ``win_rate / baseline win_rate`` and by how much
  of it still closes inside the quarter when the cycle changes, ``share(D, L) / share(D, L0)``; never more
  than the open pipeline itself;
- new pipeline: ``deals_per_week x D / 7`` deals of ``average_deal_size`` are created in the ``D`` days left;
  a deal created at a uniform moment of those days closes after an exponential cycle of mean ``L``, so the
  share that closes before the quarter ends is ``share(D, L) = 1 - (L / D) (1 - exp(-D / L))``; it is won
  at ``win_rate``;
- projected bookings = won to date + open pipeline part + new pipeline part; gap = QRF - projected;
  pipeline still needed = gap / (win_rate x share(D, L)) when the gap is positive (None when nothing
  created now can close it: a win rate or an in-quarter share of 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Baseline:
    """The quarter as it stands, read from the marts."""

    fiscal_quarter_label: str
    days_remaining: int
    qrf_amount: float
    won_to_date_amount: float
    open_pipeline_amount: float
    calibrated_pipeline_amount: float
    win_rate: float
    average_deal_size: float
    cycle_days: float
    created_amount_per_week: float

    @property
    def deals_per_week(self) -> float:
        """New deals created per week implied by the created amount and the average deal size."""
        return self.created_amount_per_week / self.average_deal_size if self.average_deal_size > 0 else 0.0

    def scenario(self) -> Scenario:
        """The scenario that changes nothing."""
        return Scenario(
            win_rate=self.win_rate,
            cycle_days=self.cycle_days,
            deals_per_week=self.deals_per_week,
            average_deal_size=self.average_deal_size,
        )


@dataclass(frozen=True)
class Scenario:
    """The four levers of the what-if."""

    win_rate: float
    cycle_days: float
    deals_per_week: float
    average_deal_size: float


@dataclass(frozen=True)
class Projection:
    won_to_date_amount: float
    open_pipeline_bookings: float
    new_pipeline_amount: float
    new_pipeline_bookings: float
    projected_bookings: float
    qrf_amount: float
    gap_amount: float
    attainment: float | None
    pipeline_needed_amount: float | None  # None: no pipeline closes the gap (win rate or in-quarter share 0)


def in_quarter_share(days_remaining: float, cycle_days: float) -> float:
    """Share of deals created uniformly over ``days_remaining`` days that close within them (exponential cycle)."""
    if days_remaining <= 0:
        return 0.0
    if cycle_days <= 0:
        return 1.0
    ratio = cycle_days / days_remaining
    return 1.0 - ratio * (1.0 - math.exp(-1.0 / ratio))


def project_quarter(baseline: Baseline, scenario: Scenario) -> Projection:
    """Projected bookings of the quarter and the gap to its QRF under ``scenario`` (see the module docstring)."""
    if min(scenario.win_rate, scenario.cycle_days, scenario.deals_per_week, scenario.average_deal_size) < 0:
        raise ValueError("what-if levers must not be negative")
    days = baseline.days_remaining
    share = in_quarter_share(days, scenario.cycle_days)
    base_share = in_quarter_share(days, baseline.cycle_days)
    win_scale = scenario.win_rate / baseline.win_rate if baseline.win_rate > 0 else 0.0
    cycle_scale = share / base_share if base_share > 0 else 0.0
    open_bookings = min(baseline.calibrated_pipeline_amount * win_scale * cycle_scale, baseline.open_pipeline_amount)
    new_pipeline = scenario.deals_per_week * max(days, 0) / 7.0 * scenario.average_deal_size
    new_bookings = new_pipeline * share * scenario.win_rate
    projected = baseline.won_to_date_amount + open_bookings + new_bookings
    gap = baseline.qrf_amount - projected
    conversion = scenario.win_rate * share
    needed = 0.0 if gap <= 0 else (gap / conversion if conversion > 0 else None)
    return Projection(
        won_to_date_amount=baseline.won_to_date_amount,
        open_pipeline_bookings=open_bookings,
        new_pipeline_amount=new_pipeline,
        new_pipeline_bookings=new_bookings,
        projected_bookings=projected,
        qrf_amount=baseline.qrf_amount,
        gap_amount=gap,
        attainment=projected / baseline.qrf_amount if baseline.qrf_amount > 0 else None,
        pipeline_needed_amount=needed,
    )
