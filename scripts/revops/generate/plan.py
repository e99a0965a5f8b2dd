"""The sales plan: quotas (QRF) from rep capacity and the installed base, and the New Business pipeline
the plan needs (plan / win rate), so coverage, win rate and attainment agree with each other.

New Business: every ramped AE carries the same quarterly quota of its segment (capacity); marketing and
the BDRs source the opportunities that quota needs at the planned win rate and deal size, with the
plan's stretch (quotas sit 1 / PLAN_ATTAINMENT above the bookings the pipeline is expected to yield).
Renewal and Expansion: the quota of a territory x segment book is planned at the beginning of the
quarter from the contracts it holds: the ARR up for renewal that quarter at the planned renewal rate,
and a planned expansion rate of the installed ARR, split among the book's AEs, with the same stretch.
A rep hired within RAMP_DAYS of the quarter start carries RAMP_SHARE of a full quota.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revops.generate.context import Ctx, add_months, fiscal_quarter_start
from revops.generate.world import ROLES, SEGMENTS, Accounts, Reps

# per segment (Enterprise, Mid-Market)
NB_QUOTA = (52_000.0, 45_000.0)  # New Business quota per ramped AE per fiscal quarter
NB_WIN_RATE = (0.22, 0.285)  # planned New Business win rate
NB_ACV_MEDIAN = (68_000.0, 20_000.0)  # median annual contract value of a New Business deal (log-normal)
NB_ACV_SIGMA = 0.7
NB_CYCLE_MEDIAN_DAYS = (125.0, 70.0)
PLAN_ATTAINMENT = 0.85  # expected bookings per unit of quota
RENEWAL_PLAN_RATE = 0.85  # share of the ARR up for renewal planned to renew
EXPANSION_PLAN_RATE = 0.054  # planned expansion ARR per quarter, share of the installed ARR
RAMP_DAYS, RAMP_SHARE = 90, 0.5
NB_CREATED_FROM, NB_CREATED_TO = 20, 3  # New Business opportunities are created from d0 + 20 to as_of - 3


def fiscal_quarters(ctx: Ctx) -> np.ndarray:
    """First day of each fiscal quarter that overlaps the window."""
    fy = ctx.ref.fiscal_year_start_month
    q = int(fiscal_quarter_start(np.array([ctx.d0]), fy)[0])
    quarters = []
    while q <= ctx.d1:
        quarters.append(q)
        q = int(add_months(np.array([q]), 3)[0])
    return np.array(quarters, dtype="int64")


def new_business_opportunities(ctx: Ctx, reps: Reps) -> tuple[int, int]:
    """New Business opportunities per segment the plan needs over the window: quota / (win rate x ACV)."""
    quarters = (ctx.d1 - NB_CREATED_TO - ctx.d0 - NB_CREATED_FROM) / (365.25 / 4)
    out = []
    for s in (0, 1):
        slots = reps.slots("AE", segment=s).size
        mean_acv = NB_ACV_MEDIAN[s] * float(np.exp(NB_ACV_SIGMA**2 / 2))
        out.append(int(round(slots * quarters * NB_QUOTA[s] * PLAN_ATTAINMENT / (NB_WIN_RATE[s] * mean_acv))))
    return out[0], out[1]


def _book_plan(ctx: Ctx, orders: pd.DataFrame, accounts: Accounts, qs: np.ndarray) -> np.ndarray:
    """(quarter, territory, segment, motion) planned Expansion and Renewal bookings from the contracts held
    at the beginning of each quarter."""
    nt = len(ctx.ref.territory_ids)
    plan = np.zeros((qs.size, nt, 2, 3))
    af = accounts.frame
    acc = orders["acc"].to_numpy()
    terr, seg = af["territory"].to_numpy()[acc], af["segment_i"].to_numpy()[acc]
    start, arr = orders["start"].to_numpy(), orders["arr"].to_numpy()
    end = np.where(orders["end"].to_numpy() < 0, 10**7, orders["end"].to_numpy())
    q_end = add_months(qs, 3)
    for qi, (q0, q1) in enumerate(zip(qs.tolist(), q_end.tolist())):
        held = (start < q0) & (end > q0)
        renewing = held & (end < q1)
        np.add.at(plan[qi, :, :, 1], (terr[held], seg[held]), arr[held] * EXPANSION_PLAN_RATE)
        np.add.at(plan[qi, :, :, 2], (terr[renewing], seg[renewing]), arr[renewing] * RENEWAL_PLAN_RATE)
    return plan


def build_quotas(ctx: Ctx, orders: pd.DataFrame, accounts: Accounts, reps: Reps) -> pd.DataFrame:
    qs = fiscal_quarters(ctx)
    regions = sorted(set(ctx.ref.territory_region.values()))
    book = _book_plan(ctx, orders, accounts, qs)
    hire = reps.frame["hire"].to_numpy()
    rows = []
    for slot in np.flatnonzero(reps.slot_role == ROLES.index("AE")):
        t, s = int(reps.slot_territory[slot]), int(reps.slot_segment[slot])
        share = 1.0 / reps.slots("AE", t, s).size
        r = regions.index(ctx.ref.territory_region[ctx.ref.territory_ids[t]])
        for qi, q0 in enumerate(qs.tolist()):
            rep = int(reps.holder(np.array([slot]), np.array([q0]))[0])
            capacity = RAMP_SHARE if q0 - hire[rep] < RAMP_DAYS else 1.0
            amounts = (NB_QUOTA[s], book[qi, t, s, 1] * share, book[qi, t, s, 2] * share)
            for motion, planned in enumerate(amounts):
                quota = planned * capacity / PLAN_ATTAINMENT
                rows.append((rep, r, s, motion, q0, max(round(quota / 100.0) * 100.0, 100.0)))
    f = pd.DataFrame(rows, columns=["rep", "region_i", "segment", "motion", "quarter", "amount"])
    f = f.sort_values(["quarter", "rep", "motion"], kind="stable").reset_index(drop=True)
    f["region"] = np.array(regions, dtype=object)[f["region_i"].to_numpy()]
    f["customer_type"] = pd.Categorical.from_codes(f["segment"].to_numpy(), SEGMENTS)
    f["sales_motion"] = pd.Categorical.from_codes(f["motion"].to_numpy(), ("New Business", "Expansion", "Renewal"))
    f["quota_n"] = np.arange(len(f))
    return f
