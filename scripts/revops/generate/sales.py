"""Opportunity detail: stage paths and history, quotes, POCs, owners, contacts, loss reasons."""

from __future__ import annotations

import numpy as np
import pandas as pd

from revops.generate.context import DAY, Ctx, to_business_day
from revops.generate.revenue import Book
from revops.generate.world import Accounts, Reps

LOSS_REASONS = (
    "Price too high",
    'Chose competitor, citing "better integrations"',
    "No decision - budget frozen",
    "Timing: revisit next fiscal year",
    "Lost to in-house build, IT wants to own it",
    'Champion left the company; new VP said "not now"',
    "Missing feature: SSO, audit log\nand custom roles",
    "Security review failed",
    "Procurement stalled, legal redlines unresolved",
    "Went dark after demo",
)
COMPETITORS = ("Salesforce", "HubSpot", "Clari", "Gong", "Outreach", "In-house build", "Pipedrive", "Zoho")
BLOCKERS = ("User_Adoption", "Resource_Constraints", "Missing_Integration", "Timeline_Issues",
            "Security_Concerns", "Performance_Issues", "Budget_Constraints", "Technical_Complexity")
MAX_STEPS = 8
POC_MEDIAN_DAYS = 30
STAGE_WEIGHT = (8.0, 14.0, 12.0, 10.0)  # relative median time in Prospecting, Discovery, Proposal, Negotiation


def stage_paths(ctx: Ctx, opps: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(n, MAX_STEPS) stage indices (0..5, -1 padding) and entered_at epoch seconds."""
    rng = ctx.rng("stage_paths")
    n = len(opps)
    status = opps["status"].to_numpy()
    created, close = opps["created"].to_numpy(), opps["close"].to_numpy()
    typ = opps["type"].to_numpy()
    # highest open stage reached (0 Prospecting .. 3 Negotiation)
    lost_reach = rng.choice(4, size=n, p=[0.3, 0.3, 0.25, 0.15])
    frac_elapsed = np.clip((ctx.d1 - created) / np.maximum(close - created, 1), 0, 1)
    open_reach = np.clip((frac_elapsed * rng.uniform(2.5, 4.4, n)).astype(int), 0, 3)
    reach = np.where(status == 1, 3, np.where(status == 2, lost_reach, open_reach))
    reach = np.where((typ == 2) & (status == 2), np.maximum(reach, 2), reach)  # renewals get to proposal
    start = np.where(typ == 2, np.minimum(1, reach), 0)  # renewals start in Discovery
    regress = (reach >= 2) & (rng.random(n) < 0.14)
    steps = np.full((n, MAX_STEPS), -1, dtype="int64")
    length = np.zeros(n, dtype="int64")
    for j in range(4):
        m = (j >= start) & (j <= reach)
        steps[m, length[m]] = j
        length += m
    # regression then re-entry: ... reach, reach-1, reach
    r = np.flatnonzero(regress)
    steps[r, length[r]] = reach[r] - 1
    steps[r, length[r] + 1] = reach[r]
    length[r] += 2
    closed = status > 0
    c = np.flatnonzero(closed)
    steps[c, length[c]] = np.where(status[c] == 1, 4, 5)
    length[c] += 1
    # times: each visit lasts a right-skewed share of the cycle (Negotiation a week or a few); the visits
    # fill [created, close] for closed deals, the closed stage lands on the close day; an open deal entered
    # its current stage some time before as_of
    cols = np.arange(MAX_STEPS)[None, :]
    valid = cols < length[:, None]
    last_open = np.where(closed, length - 2, length - 1)
    weight = rng.lognormal(0.0, 0.6, (n, MAX_STEPS)) * np.array(STAGE_WEIGHT)[np.clip(steps, 0, 3)]
    weight = np.where(rng.random((n, MAX_STEPS)) < 0.06, 0.002, weight)  # same-day changes
    weight = np.where(cols <= last_open[:, None], weight, 0.0)
    before = np.cumsum(weight, axis=1) - weight  # weight of the visits before each step
    end_open = np.where(closed, close.astype(float), created + (ctx.d1 - created) * rng.uniform(0.4, 0.98, n))
    total = np.where(closed, weight.sum(axis=1), before[np.arange(n), np.maximum(last_open, 0)])
    frac = np.where(total[:, None] > 0, before / np.maximum(total, 1e-9)[:, None], 0.0)
    t = created[:, None] + np.minimum(frac, 1.0) * (end_open - created)[:, None]
    t = np.where(cols > last_open[:, None], close[:, None] + 0.5, t)
    hi = np.where(closed, close, ctx.d1)[:, None]
    day = np.minimum(np.floor(t).astype("int64"), hi)
    day = to_business_day(rng, day.ravel(), lo=np.repeat(created, MAX_STEPS),
                          hi=np.repeat(hi[:, 0], MAX_STEPS)).reshape(n, MAX_STEPS)
    day = np.where(cols > last_open[:, None], close[:, None], np.maximum.accumulate(np.minimum(day, hi), axis=1))
    sec = day * DAY + 8 * 3600 + ((t - np.floor(t)) * 10 * 3600).astype("int64")
    sec = np.maximum.accumulate(sec - cols, axis=1) + cols  # strictly increasing within the path
    sec = np.where(valid, sec, -1)
    return steps, sec


def build_opportunities(ctx: Ctx, book: Book, accounts: Accounts, contacts: pd.DataFrame, reps: Reps):
    rng = ctx.rng("opportunities")
    opps = book.opps.copy()
    n = len(opps)
    acc = opps["acc"].to_numpy()
    af = accounts.frame
    # owner: the account's territory x segment AE slot holder on the created day
    terr, seg = af["territory"].to_numpy()[acc], af["segment_i"].to_numpy()[acc]
    ae_slot = np.array([[reps.slots("AE", t, s) for s in (0, 1)] for t in range(len(ctx.ref.territory_ids))])
    k = ae_slot.shape[2]
    slot = ae_slot[terr, seg, rng.integers(0, k, n)]
    opps["owner"] = reps.holder(slot, opps["created"].to_numpy())
    # contact: one of the account's contacts
    c_acc = contacts["acc"].to_numpy()
    first_c = np.searchsorted(c_acc, np.arange(accounts.n))
    n_c = np.bincount(c_acc, minlength=accounts.n)
    opps["contact"] = first_c[acc] + (rng.random(n) * n_c[acc]).astype("int64")
    steps, sec = stage_paths(ctx, opps)
    length = (steps >= 0).sum(axis=1)
    final_stage = steps[np.arange(n), length - 1]
    opps["stage"] = final_stage
    status = opps["status"].to_numpy()
    lost = status == 2
    opps["loss_reason"] = np.where(lost, np.array(LOSS_REASONS, dtype=object)[rng.integers(0, len(LOSS_REASONS), n)], None)
    comp = np.array(COMPETITORS, dtype=object)[rng.integers(0, len(COMPETITORS), n)]
    opps["competitor"] = np.where(rng.random(n) < np.where(lost, 0.7, 0.3), comp, None)
    return opps, steps, sec


def stage_history(ctx: Ctx, opps: pd.DataFrame, steps: np.ndarray, sec: np.ndarray) -> pd.DataFrame:
    rng = ctx.rng("stage_history")
    n = len(opps)
    valid = steps >= 0
    idx_opp, idx_step = np.nonzero(valid)
    length = valid.sum(axis=1)
    amount = opps["amount"].to_numpy()[idx_opp]
    pos_from_end = length[idx_opp] - 1 - idx_step
    drift = np.where(pos_from_end <= 1, 1.0, rng.lognormal(0.0, 0.18, idx_opp.size))
    hist_amount = np.round(amount * drift, 2)
    close = opps["close"].to_numpy()[idx_opp]
    # reps forecast early: the expected close of a deal that later slipped was sooner at each earlier stage
    slipped = rng.random(n)[idx_opp] < 0.75
    push = np.where(slipped & (pos_from_end >= 1), (pos_from_end * rng.integers(20, 50, idx_opp.size)), 0)
    entered_day = sec[idx_opp, idx_step] // DAY
    # ... but never in the past while the deal sits in the stage: a stale date is moved to the stage's last day
    nxt = np.minimum(idx_step + 1, MAX_STEPS - 1)
    exit_day = np.where((idx_step + 1 < MAX_STEPS) & (steps[idx_opp, nxt] >= 0), sec[idx_opp, nxt] // DAY, close)
    expected = np.maximum(close - push, np.maximum(entered_day, exit_day))
    stage = steps[idx_opp, idx_step]
    return pd.DataFrame({
        "opp": idx_opp, "stage": stage, "entered_at": sec[idx_opp, idx_step], "amount": hist_amount,
        "expected_close": expected, "rep": opps["owner"].to_numpy()[idx_opp], "step": idx_step,
    })


def build_quotes(ctx: Ctx, opps: pd.DataFrame, steps: np.ndarray, sec: np.ndarray, price: np.ndarray) -> pd.DataFrame:
    """Quote versions for opportunities that reached Proposal; the last version is the deal."""
    rng = ctx.rng("quotes")
    n = len(opps)
    reached = (steps >= 2) & (steps <= 3)
    has = reached.any(axis=1)
    first_prop = np.where(has, np.argmax(reached, axis=1), 0)
    prop_day = sec[np.arange(n), first_prop] // DAY
    close = opps["close"].to_numpy()
    status = opps["status"].to_numpy()
    last_day = np.where(status == 0, ctx.d1, close)
    q_opps = np.flatnonzero(has)
    target = ctx.n(2800)
    lam = max(0.2, target / max(q_opps.size, 1) - 1.0)
    versions = 1 + rng.poisson(lam, q_opps.size)
    qo = np.repeat(q_opps, versions)
    v = np.concatenate([np.arange(1, k + 1) for k in versions]) if q_opps.size else np.zeros(0, dtype="int64")
    nv = np.repeat(versions, versions)
    lo, hi = prop_day[qo], np.maximum(last_day[qo], prop_day[qo])
    # spread versions over [proposal, close]; the final version no later than the close day
    frac = (v - 1 + rng.random(qo.size)) / nv
    qday = lo + np.floor(frac * (hi - lo + 1)).astype("int64")
    qday = _monotone(qo, to_business_day(rng, np.minimum(qday, hi), lo=lo, hi=hi))
    final = v == nv
    seats = opps["seats"].to_numpy()[qo]
    disc = opps["disc"].to_numpy()[qo]
    q_seats = np.where(final, seats, np.maximum(1, np.round(seats * rng.uniform(0.8, 1.25, qo.size)))).astype("int64")
    q_disc = np.where(final, disc, np.round(disc * rng.uniform(0.3, 1.0, qo.size) * 2) / 2)
    term = np.where(final, opps["term"].to_numpy()[qo], rng.choice([12, 24, 36], size=qo.size, p=[0.5, 0.3, 0.2]))
    return pd.DataFrame({
        "opp": qo, "acc": opps["acc"].to_numpy()[qo], "quote_day": qday, "bundle": opps["bundle"].to_numpy()[qo],
        "quantity": q_seats, "list_price": price[opps["bundle"].to_numpy()[qo]], "discount": q_disc,
        "term": term, "version": v,
    })


def _monotone(group: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Running max of values within consecutive groups."""
    if values.size == 0:
        return values
    out = values.copy()
    starts = np.r_[True, group[1:] != group[:-1]]
    offset = np.cumsum(starts) * 10**7
    return np.maximum.accumulate(out + offset) - offset


def build_pocs(ctx: Ctx, opps: pd.DataFrame, steps: np.ndarray, sec: np.ndarray) -> pd.DataFrame:
    rng = ctx.rng("pocs")
    n = len(opps)
    disc_reached = ((steps >= 1) & (steps <= 3)).any(axis=1)
    first_disc = np.argmax((steps >= 1) & (steps <= 3), axis=1)
    disc_day = sec[np.arange(n), first_disc] // DAY
    status, close, typ = opps["status"].to_numpy(), opps["close"].to_numpy(), opps["type"].to_numpy()
    created = opps["created"].to_numpy()
    start = to_business_day(rng, disc_day + rng.integers(0, 8, n), lo=disc_day)
    duration = np.clip(rng.lognormal(np.log(POC_MEDIAN_DAYS), 0.45, n), 7, 90).astype("int64")
    # a closed deal's POC ends by the close (and lasts at least 3 days)
    end = np.where(status > 0, np.minimum(start + duration, close), start + duration)
    start = np.minimum(start, end - 3)
    end = to_business_day(rng, end, lo=start + 1, hi=end)
    duration = end - start
    eligible = disc_reached & (typ != 2) & (end <= ctx.d1) & (start >= created)
    p = min(0.97, ctx.n(650) / max(int(eligible.sum()), 1))
    has = eligible & (rng.random(n) < p)
    idx = np.flatnonzero(has)
    p_success = np.where(status[idx] == 1, 0.8, np.where(status[idx] == 2, 0.36, 0.55))
    success = (rng.random(idx.size) < p_success).astype("int64")
    blocker = np.array(BLOCKERS, dtype=object)[rng.integers(0, len(BLOCKERS), idx.size)]
    return pd.DataFrame({
        "opp": idx, "acc": opps["acc"].to_numpy()[idx], "start": start[idx], "end": end[idx],
        "duration": duration[idx], "success": success, "blocker": np.where(success == 1, None, blocker),
    })
