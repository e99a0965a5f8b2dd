"""Product usage and support: seat entitlements, per-seat license events with weekly activation
signals, and support tickets - all driven by the latent account health."""

from __future__ import annotations

import numpy as np
import pandas as pd

from revops.generate.context import DAY, Ctx, pick, sigmoid, to_business_day
from revops.generate.pools import Pools
from revops.generate.revenue import BUNDLES, CHURN_WARNING_DAYS, Book
from revops.generate.world import Accounts

TICKET_HIGH_LOGIT = -3.2  # High-priority share about 15% (more on unhealthy accounts)
TICKET_MEDIUM_SHARE = 0.47
TICKET_RESOLUTION_DAYS = (6.0, 3.5, 1.5)  # median days to resolve a Low, Medium, High ticket
PRE_CHURN_DEPROVISION = 0.9  # share of a warning churner's active seats switched off before it leaves
PRE_CHURN_USAGE = 0.25  # ... and the weekly activity of the seats it keeps, relative to before
WEEK_BLOCK = 1 << 21  # seat-weeks drawn at a time
PRE_CHURN_TICKETS = 1.0  # escalations (tickets, half of them High) per 10 seats a warning churner files before it leaves
EVENT_HOUR = np.array([8, 10, 16, 12, 12, 12])  # first hour of each event type's 90 minutes
EVENT_TYPES = ("assigned", "activated", "deactivated", "quality_activation", "medium_activation", "reduced_activation")
TICKET_STATUSES = ("Open", "In Progress", "Closed", "Resolved")
PRIORITIES = ("Low", "Medium", "High")
CATEGORIES = ("Technical", "Billing", "Integration", "Access", "Performance", "Feature Request", "Data Quality")
SUBJECTS = (
    "Cannot log in after SSO change",
    'Error "403 Forbidden" on export',
    "Dashboard slow, times out after 30s",
    "Invoice shows wrong seat count",
    "Sync with CRM failing, records missing",
    "Request: bulk user import",
    "Report totals don't match, please check",
    'Integration "Salesforce v2" disconnected',
    "Users not receiving notification emails",
    "Data export missing columns",
)


def families(ctx: Ctx) -> tuple[str, ...]:
    return tuple(sorted({f for fam in ctx.ref.bundle_families.values() for f in fam}))


def build_entitlements(ctx: Ctx, book: Book) -> pd.DataFrame:
    fams = families(ctx)
    o = book.orders
    rows_o, rows_f = [], []
    for b, code in enumerate(BUNDLES):
        idx = np.flatnonzero(o["bundle"].to_numpy() == b)
        for fam in ctx.ref.bundle_families.get(code, ()):
            rows_o.append(idx)
            rows_f.append(np.full(idx.size, fams.index(fam)))
    oi = np.concatenate(rows_o)
    fi = np.concatenate(rows_f)
    order = np.lexsort((fi, oi))
    oi, fi = oi[order], fi[order]
    f = pd.DataFrame({
        "acc": o["acc"].to_numpy()[oi], "family": pd.Categorical.from_codes(fi, fams), "family_i": fi,
        "seats": o["quantity"].to_numpy()[oi], "start": o["start"].to_numpy()[oi], "end": o["end"].to_numpy()[oi],
    })
    f["entitlement_n"] = np.arange(len(f))
    return f


def _seat_intervals(book: Book) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(account, seat start day, seat end day or -1) for each seat number of each customer."""
    o = book.orders
    acc_all, st_all, en_all = [], [], []
    big = 10**7
    # orders grouped by account (stable, so each group keeps the frame's order)
    by_acc = np.argsort(o["acc"].to_numpy(), kind="stable")
    accs = o["acc"].to_numpy()[by_acc]
    starts_all = o["start"].to_numpy()[by_acc]
    ends_all = np.where(o["end"].to_numpy()[by_acc] < 0, big, o["end"].to_numpy()[by_acc])
    qty_all = o["quantity"].to_numpy()[by_acc]
    bounds = np.flatnonzero(np.r_[True, accs[1:] != accs[:-1], True]) if accs.size else np.zeros(1, dtype=np.int64)
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        acc = accs[lo]
        s, e, q = starts_all[lo:hi], ends_all[lo:hi], qty_all[lo:hi]
        days = np.unique(np.concatenate([s, e]))
        # seats running on each boundary day: sum of q over orders with s <= d < e
        counts = q @ ((s[:, None] <= days[None, :]) & (e[:, None] > days[None, :]))
        kmax = int(counts.max()) if counts.size else 0
        if kmax == 0:
            continue
        k = np.arange(kmax)
        mask = counts[None, :] > k[:, None]
        first = np.argmax(mask, axis=1)
        idx = np.arange(days.size)
        after = np.where((~mask) & (idx[None, :] > first[:, None]), idx[None, :], days.size).min(axis=1)
        end = np.where(after < days.size, days[np.minimum(after, days.size - 1)], -1)
        end = np.where(end >= big, -1, end)
        acc_all.append(np.full(kmax, acc))
        st_all.append(days[first])
        en_all.append(end)
    if not acc_all:
        z = np.zeros(0, dtype="int64")
        return z, z, z
    return np.concatenate(acc_all), np.concatenate(st_all), np.concatenate(en_all)


def _weekly_days(w_lo: np.ndarray, weeks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(seat index, Monday) of every week: seat i contributes weeks[i] Mondays from w_lo[i]."""
    si = np.repeat(np.arange(weeks.size), weeks)
    first = np.cumsum(weeks) - weeks  # position of each seat's first week
    wday = np.repeat(w_lo - 7 * first, weeks) + 7 * np.arange(si.size)
    return si, wday


def _signal_weeks(rng: np.random.Generator, w_lo: np.ndarray, weeks: np.ndarray, churn: np.ndarray,
                  p_week: np.ndarray, block: int = WEEK_BLOCK) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(seat index, Monday, declining) of the seat-weeks with an activation signal: seat i is observed
    weeks[i] weeks from w_lo[i] and signals a week with probability p_week[i], a quarter of that in the
    CHURN_WARNING_DAYS before a warning churn (churn[i] >= 0). Seats go in blocks of about `block`
    seat-weeks, drawing the uniforms in seat order (the same numbers as one draw over all seat-weeks)."""
    ends = np.cumsum(weeks)
    cuts = np.unique(np.searchsorted(ends, np.arange(block, int(ends[-1]) if ends.size else 0, block), side="right"))
    parts = []
    for lo, hi in zip(np.r_[0, cuts].tolist(), np.r_[cuts, weeks.size].tolist()):
        si, wday = _weekly_days(w_lo[lo:hi], weeks[lo:hi])
        si += lo
        c = churn[si]
        declining = (c >= 0) & (wday >= c - CHURN_WARNING_DAYS) & (wday < c)
        keep = rng.random(si.size) < p_week[si] * np.where(declining, PRE_CHURN_USAGE, 1.0)
        parts.append((si[keep], wday[keep], declining[keep]))
    if not parts:
        z = np.zeros(0, dtype="int64")
        return z, z, z.astype(bool)
    return tuple(np.concatenate(x) for x in zip(*parts))  # type: ignore[return-value]


def _seat_day_type_order(seat: np.ndarray, day: np.ndarray, etype: np.ndarray) -> np.ndarray:
    """Stable order by (seat, day, type): the permutation of np.lexsort((etype, day, seat)).

    One packed int64 key (day and type are small non-negative numbers) sorted with the stable
    (run-adaptive) sort, fast here because the input is a few runs already sorted by seat and day.
    """
    if seat.size == 0:
        return np.zeros(0, dtype=np.int64)
    assert day.min() >= 0 and day.max() < 1 << 20 and etype.min() >= 0 and etype.max() < 8
    key = (seat.astype(np.int64) << 23) | (day.astype(np.int64) << 3) | etype.astype(np.int64)
    return np.argsort(key, kind="stable")


def build_license_events(ctx: Ctx, book: Book, accounts: Accounts) -> pd.DataFrame:
    rng = ctx.rng("license_events")
    fams = families(ctx)
    s_acc, s_start, s_end = _seat_intervals(book)
    bundle = book.orders.groupby("acc")["bundle"].first()
    fam_lists = [[fams.index(f) for f in ctx.ref.bundle_families.get(code, ())] for code in BUNDLES]
    nfam = np.array([len(x) for x in fam_lists])
    b_of = bundle.reindex(s_acc).to_numpy()
    k = nfam[b_of]
    seat = np.repeat(np.arange(s_acc.size), k)  # one seat id per account seat x family
    fam_pos = np.arange(seat.size) - np.repeat(np.cumsum(k) - k, k)
    fam_table = np.full((len(BUNDLES), max(nfam.max(), 1)), 0)
    for b, fl in enumerate(fam_lists):
        fam_table[b, : len(fl)] = fl
    acc = s_acc[seat]
    fam = fam_table[b_of[seat], fam_pos]
    start, end = s_start[seat], s_end[seat]
    n = seat.size
    h = accounts.health[acc]
    warns = book.churn_warned
    end_eff = np.where(end < 0, ctx.d1 + 1, end)
    assigned = rng.random(n) < sigmoid(2.0 + 1.0 * h - 0.4 * fam_pos)
    a_day = start + np.clip(rng.lognormal(np.log(7), 0.8, n), 0, 60).astype("int64")
    assigned &= a_day < end_eff
    activated = assigned & (rng.random(n) < sigmoid(0.8 + 1.7 * h - 0.3 * fam_pos))
    act_day = a_day + np.clip(rng.lognormal(np.log(4), 0.9, n), 0, 45).astype("int64")
    activated &= act_day < end_eff
    early_off = activated & (rng.random(n) < 0.04)
    off_day = np.where(early_off, act_day + np.floor(rng.random(n) * (end_eff - act_day)).astype("int64"), end)
    # a customer on its way out de-provisions users in the months before it churns
    # (most do; a share churn without warning: a new VP, an acquisition)
    churn_of_seat = np.where(warns[acc], book.churn_day[acc], -1)
    leaving = activated & (churn_of_seat >= 0) & (end == churn_of_seat) & (rng.random(n) < PRE_CHURN_DEPROVISION)
    leave_day = np.maximum(churn_of_seat - rng.integers(10, CHURN_WARNING_DAYS, n), act_day + 1)
    leaving &= leave_day < end_eff
    early_off |= leaving
    off_day = np.where(leaving, np.minimum(off_day, leave_day), off_day)
    active_end = np.where(early_off, off_day, end_eff)
    deact = assigned & (((end >= 0) & (end <= ctx.d1)) | early_off)
    base_ev = [
        (np.flatnonzero(assigned), a_day, 0),
        (np.flatnonzero(activated), act_day, 1),
        (np.flatnonzero(deact), np.where(early_off, off_day, end), 2),
    ]
    # weekly activation signals while activated inside the window: the seat-weeks with a signal, drawn in
    # blocks of seats (the same uniforms as one draw over every seat-week, without holding them all)
    w_lo = np.maximum(act_day, ctx.d0)
    w_lo = w_lo - (w_lo + 3) % 7  # Monday of that week
    w_hi = np.minimum(active_end, ctx.d1 + 1)
    weeks = np.where(activated & (w_hi > w_lo), (w_hi - w_lo + 6) // 7, 0)
    si, wday, declining = _signal_weeks(rng, w_lo, weeks, churn_of_seat, 0.22 + 0.3 * sigmoid(1.0 * h))
    p_q = (0.25 + 0.35 * sigmoid(1.2 * h))[si] - np.where(declining, 0.15, 0.0)
    p_r = (0.12 + 0.3 * sigmoid(-1.2 * h))[si] + np.where(declining, 0.2, 0.0)
    u = rng.random(si.size)
    etype = np.where(u < p_q, 3, np.where(u < p_q + p_r, 5, 4))
    eday = wday + rng.integers(0, 7, si.size)
    ok = (eday <= ctx.d1) & (eday >= ctx.d0) & (eday >= act_day[si]) & (eday < active_end[si])
    parts_seat = [b[0] for b in base_ev] + [si[ok]]
    parts_day = [b[1][b[0]] for b in base_ev] + [eday[ok]]
    parts_type = [np.full(b[0].size, b[2]) for b in base_ev] + [etype[ok]]
    es = np.concatenate(parts_seat)
    ed = np.concatenate(parts_day)
    et = np.concatenate(parts_type)
    keep = ed <= ctx.d1
    es, ed, et = es[keep], ed[keep], et[keep]
    order = _seat_day_type_order(es, ed, et)
    es, ed, et = es[order], ed[order], et[order]
    f = pd.DataFrame({
        "acc": acc[es], "family": pd.Categorical.from_codes(fam[es], fams), "seat": es,
        "event_type": pd.Categorical.from_codes(et, EVENT_TYPES),
        # same-day events of a seat keep their order (assigned, activated, deactivated): each type has its hours
        "event_at": ed * DAY + EVENT_HOUR[et] * 3600 + rng.integers(0, 5400, es.size),
    })
    f["event_n"] = np.arange(len(f))
    return f


def build_tickets(ctx: Ctx, book: Book, accounts: Accounts, pools: Pools) -> pd.DataFrame:
    rng = ctx.rng("tickets")
    o = book.orders
    end = np.where(o["end"].to_numpy() < 0, 10**7, o["end"].to_numpy())
    g = pd.DataFrame({"acc": o["acc"], "s": o["start"], "e": end, "q": o["quantity"]})
    g = g[(g["s"] <= ctx.d1) & (g["e"] > ctx.d0)]
    per = g.groupby("acc").agg(s=("s", "min"), e=("e", "max"), q=("q", "max"))
    acc = per.index.to_numpy()
    lo = np.maximum(per["s"].to_numpy(), ctx.d0)
    hi = np.minimum(per["e"].to_numpy() - 1, ctx.d1)
    h = accounts.health[acc]
    w = np.sqrt(per["q"].to_numpy()) * np.maximum(hi - lo + 1, 1) * np.exp(-1.2 * h)
    n = ctx.n(600)
    # escalations: a customer on its way out that shows it files tickets in the months before it leaves
    churn = book.churn_day[acc]
    esc_lo = np.maximum(churn - CHURN_WARNING_DAYS, lo)
    esc_hi = np.minimum(churn - 10, hi)
    escalates = book.churn_warned[acc] & (churn >= 0) & (esc_hi >= esc_lo)
    k = np.where(escalates, rng.poisson(PRE_CHURN_TICKETS * per["q"].to_numpy() / 10.0), 0)
    esc = np.repeat(np.arange(acc.size), k)[: n // 4]
    ti = np.concatenate([rng.choice(acc.size, size=n - esc.size, p=w / w.sum()), esc])
    t_lo = np.concatenate([lo[ti[: n - esc.size]], esc_lo[esc]])
    t_hi = np.concatenate([hi[ti[: n - esc.size]], esc_hi[esc]])
    created = t_lo + np.floor(rng.random(n) * (t_hi - t_lo + 1)).astype("int64")
    created = to_business_day(rng, created, lo=t_lo, hi=t_hi)
    th = h[ti]
    # priority: High for a share that grows as the account's health falls (half of the escalations), Medium
    # for about half
    p_high = np.where(np.arange(n) >= n - esc.size, 0.5, sigmoid(TICKET_HIGH_LOGIT - 1.2 * th))
    u = rng.random(n)
    prio = np.where(u < p_high, 2, np.where(u < p_high + TICKET_MEDIUM_SHARE, 1, 0))
    res = np.clip(np.round(rng.lognormal(np.log(np.array(TICKET_RESOLUTION_DAYS)[prio]), 0.7)), 1, 120).astype("int64")
    res_day = to_business_day(rng, created + res, lo=created, hi=ctx.d1)
    done = created + res <= ctx.d1
    status = np.where(done, np.where(rng.random(n) < 0.6, 3, 2), np.where(rng.random(n) < 0.4, 0, 1))
    updated = np.where(done, res_day, created + np.floor(rng.random(n) * (ctx.d1 - created + 1)).astype("int64"))
    subj = np.array(SUBJECTS, dtype=object)[rng.integers(0, len(SUBJECTS), n)]
    kind = rng.random(n)
    para = pools.paragraphs[rng.integers(0, len(pools.paragraphs), n)]
    para2 = pools.paragraphs[rng.integers(0, len(pools.paragraphs), n)]
    sent = pools.sentences[rng.integers(0, len(pools.sentences), n)]
    desc = np.where(kind < 0.15, None, np.where(kind < 0.6, sent,
                    np.where(kind < 0.85, para + "\n\nSteps: login, open report, click \"Export\"", para + "\n" + para2 + "\n" + para)))
    agents = np.array([f"{a} {b}" for a, b in zip(pools.first_names[rng.integers(0, len(pools.first_names), max(6, ctx.n(8)))],
                                                   pools.last_names[rng.integers(0, len(pools.last_names), max(6, ctx.n(8)))])], dtype=object)
    f = pd.DataFrame({
        "acc": acc[ti], "subject": subj, "description": desc,
        "status": pd.Categorical.from_codes(status, TICKET_STATUSES),
        "priority": pd.Categorical.from_codes(prio, PRIORITIES),
        "category": np.array(CATEGORIES, dtype=object)[pick(rng, CATEGORIES, (0.3, 0.12, 0.15, 0.13, 0.1, 0.1, 0.1), n)],
        "created": created, "updated": updated, "assignee": agents[rng.integers(0, agents.size, n)],
    })
    f = f.iloc[np.lexsort((f["acc"].to_numpy(), f["created"].to_numpy()))].reset_index(drop=True)
    f["ticket_n"] = np.arange(len(f))
    return f
