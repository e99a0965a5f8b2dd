"""Top of funnel: campaigns, leads (with the true lead -> opportunity links and the as-of lead
queues that the territory auto top-up works on), marketing touches and rep activities."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from revops.generate.context import DAY, Ctx, business_seconds, pick, sample_days, to_business_day
from revops.generate.revenue import OPP_SOURCES
from revops.generate.world import Accounts, Reps

LEAD_SOURCES = ("Cold Outreach", "Direct Mail", "Content Download", "Webinar", "Search Engine",
                "Referral", "Demo Request", "Trade Show", "Social Media", "Web Form")
SOURCE_P = (0.2, 0.05, 0.14, 0.1, 0.12, 0.05, 0.07, 0.06, 0.08, 0.13)
QUALIFY_P = (0.015, 0.015, 0.025, 0.035, 0.035, 0.07, 0.08, 0.025, 0.02, 0.045)
SCORE_BASE = (35, 30, 45, 50, 50, 65, 70, 45, 38, 55)
DISPOSITIONS = ("Qualified", "Unqualified", "Nurture", "Bad Data", "Duplicate", "Recycled")
OTHER_DISP_P = (0.0, 0.38, 0.25, 0.08, 0.07, 0.22)
LEAD_STATUSES = ("Unassigned", "New", "In Progress", "Converted", "Closed")
TOUCH_TYPES = ("Webinar Attendance", "Form Submission", "Paid Click", "Email Click", "Event Visit")
CHANNEL_TOUCH = {
    "Events": (0, 4), "Search": (2,), "Social": (2,), "Content": (1,), "Inbound Request": (1,),
    "Outbound Prospecting": (3,), "Direct Mail": (3,), "Referral": (3, 1),
}
THEMES = ("Pipeline Visibility", "Forecast Accuracy", "RevOps Summit", "Healthcare Compliance",
          "Back to School", "Board-ready Metrics", "Year-end Planning", "Customer 360")
ACTIVITY_TYPES = ("Email", "Call", "Meeting", "Demo")
OUTCOMES = ("Right Party Contact", "Wrong Party", "No Answer", "Voicemail")


def build_campaigns(ctx: Ctx) -> pd.DataFrame:
    rng = ctx.rng("campaigns")
    channels = sorted(set(ctx.ref.lead_sources.values()))
    rows = []
    for ci, ch in enumerate(channels):
        for track in range(ctx.n(1)):
            day = ctx.d0 - int(rng.integers(0, 60))
            while day <= ctx.d1:
                length = int(rng.integers(30, 91))
                rows.append((ci, track, day, day + length - 1))
                day += length
    f = pd.DataFrame(rows, columns=["channel_i", "track", "start", "end"])
    n = len(f)
    f["channel"] = np.array(channels, dtype=object)[f["channel_i"].to_numpy()]
    start_d = f["start"].to_numpy().astype("datetime64[D]")
    year = start_d.astype("datetime64[Y]").astype(int) + 1970
    q = (start_d.astype("datetime64[M]").astype(int) % 12) // 3 + 1
    theme = np.array(THEMES, dtype=object)[rng.integers(0, len(THEMES), n)]
    f["campaign_name"] = [f"{y} Q{qq} {c} - {t}" for y, qq, c, t in zip(year, q, f["channel"], theme)]
    f["budget"] = np.round(rng.lognormal(np.log(12_000), 0.6, n), -2)
    f["campaign_n"] = np.arange(n)
    return f


def build_leads(ctx: Ctx, accounts: Accounts, reps: Reps, opps: pd.DataFrame, campaigns: pd.DataFrame):
    rng = ctx.rng("leads")
    n_total = ctx.n(18000)
    nb = np.flatnonzero(opps["type"].to_numpy() == 0)
    n_link = nb.size
    n_bg = max(0, n_total - n_link)
    # --- linked leads: one Qualified lead per New Business opportunity, 1-90 days before it
    o_created = opps["created"].to_numpy()[nb]
    lag = np.clip(1 + rng.gamma(1.6, 14.0, n_link), 1, 90).astype("int64")
    lag = np.minimum(lag, np.maximum(o_created - ctx.d0, 1))
    l_created = to_business_day(rng, o_created - lag, lo=np.maximum(ctx.d0, o_created - 90), hi=o_created - 1)
    lag = o_created - l_created
    opp_src = opps["source"].to_numpy()[nb]
    src_by_channel: dict[str, list[int]] = {}
    for i, s in enumerate(LEAD_SOURCES):
        src_by_channel.setdefault(ctx.ref.lead_sources.get(s, ""), []).append(i)
    l_source = np.empty(n_link, dtype="int64")
    for k, os_ in enumerate(OPP_SOURCES):
        m = opp_src == k
        cands = src_by_channel.get(ctx.ref.opp_sources.get(os_, ""), [])
        if not cands:
            cands = [0]
        l_source[m] = np.array(cands)[rng.integers(0, len(cands), int(m.sum()))]
    other = rng.random(n_link) < 0.3
    l_source[other] = rng.choice([1, 2, 3, 7, 8], size=int(other.sum()))
    mql = l_created + np.floor(rng.random(n_link) * lag * 0.6).astype("int64")
    sql = mql + np.floor(rng.random(n_link) * (o_created - mql)).astype("int64")
    # --- background leads
    ne = accounts.n_existing
    is_cust = rng.random(n_bg) < 0.12
    bg_acc = np.where(is_cust, rng.integers(0, max(ne, 1), n_bg), rng.integers(ne, accounts.n, n_bg))
    bg_created = sample_days(rng, n_bg, ctx.d0, ctx.d1)
    bg_source = pick(rng, LEAD_SOURCES, SOURCE_P, n_bg)
    qual = rng.random(n_bg) < np.array(QUALIFY_P)[bg_source]
    disp = np.where(qual, 0, pick(rng, DISPOSITIONS, OTHER_DISP_P, n_bg))
    # a background Qualified lead must not sit between a true lead and its opportunity
    link_acc = opps["acc"].to_numpy()[nb]
    bq = np.flatnonzero(disp == 0)
    if bq.size and n_link:
        a = pd.DataFrame({"acc": bg_acc[bq], "bq": bq, "day": bg_created[bq]})
        non_nb = np.flatnonzero(opps["type"].to_numpy() != 0)
        nn_created = opps["created"].to_numpy()[non_nb]
        # ... nor in the 90 days before an Expansion / Renewal opportunity (those have no true lead)
        b = pd.DataFrame({"acc": np.concatenate([link_acc, opps["acc"].to_numpy()[non_nb]]),
                          "lo": np.concatenate([l_created, nn_created - 90]),
                          "hi": np.concatenate([o_created, nn_created])})
        j = a.merge(b, on="acc")
        bad = j.loc[(j["day"] >= j["lo"] - 1) & (j["day"] <= j["hi"]), "bq"].unique()
        disp[bad] = 2  # Nurture
    has_mql = (disp == 0) | ((disp == 2) | (disp == 5)) & (rng.random(n_bg) < 0.15) | (rng.random(n_bg) < 0.02)
    bg_mql = np.where(has_mql, bg_created + np.clip(rng.gamma(1.3, 4.0, n_bg), 0, 60).astype("int64"), -1)
    bg_sql = np.where(disp == 0, bg_mql + np.clip(rng.gamma(1.5, 5.0, n_bg), 0, 60).astype("int64"), -1)
    bg_mql = np.where(bg_mql > ctx.d1, -1, bg_mql)
    bg_sql = np.where((bg_sql > ctx.d1) | (bg_mql < 0), -1, bg_sql)
    leads = pd.DataFrame({
        "acc": np.concatenate([link_acc, bg_acc]),
        "created": np.concatenate([l_created, bg_created]),
        "source": np.concatenate([l_source, bg_source]),
        "disp": np.concatenate([np.zeros(n_link, dtype="int64"), disp]),
        "mql": np.concatenate([mql, bg_mql]),
        "sql": np.concatenate([sql, bg_sql]),
        "link_opp": np.concatenate([nb, np.full(n_bg, -1)]),
    })
    leads = leads.iloc[np.lexsort((leads["acc"].to_numpy(), leads["created"].to_numpy()))].reset_index(drop=True)
    n = len(leads)
    leads["lead_n"] = np.arange(n)
    acc = leads["acc"].to_numpy()
    af = accounts.frame
    leads["postal_code"] = af["postal_code"].to_numpy()[acc]
    terr = af["territory"].to_numpy()[acc]
    q = leads["disp"].to_numpy() == 0
    score = np.array(SCORE_BASE)[leads["source"].to_numpy()] + np.where(q, 22, 0) + rng.normal(0, 12, n)
    leads["score"] = np.clip(np.round(score), 0, 100).astype("int64")
    # owner: a BDR slot of the territory, its holder on the created day
    bdr = np.array([reps.slots("BDR", t) for t in range(len(ctx.ref.territory_ids))])
    slot = bdr[terr, rng.integers(0, bdr.shape[1], n)]
    owner = reps.holder(slot, leads["created"].to_numpy())
    # campaign: the running campaign of the lead's channel (one of its tracks)
    channels = sorted(set(ctx.ref.lead_sources.values()))
    ch_of_source = np.array([channels.index(ctx.ref.lead_sources[s]) for s in LEAD_SOURCES])
    ch = ch_of_source[leads["source"].to_numpy()]
    track = rng.integers(0, ctx.n(1), n)
    # ... the latest campaign of its channel and track started by the lead's day, if it has not ended: one
    # search over the campaigns sorted by (channel x track, start)
    cf = campaigns
    key = cf["channel_i"].to_numpy() * 1000 + cf["track"].to_numpy()
    by_key = np.lexsort((cf["start"].to_numpy(), key))
    created = leads["created"].to_numpy()
    lead_key = ch * 1000 + track
    pos = np.searchsorted((key[by_key] << 32) + cf["start"].to_numpy()[by_key], (lead_key << 32) + created,
                          side="right") - 1
    sel = by_key[np.maximum(pos, 0)]
    camp = np.where((pos >= 0) & (key[sel] == lead_key) & (cf["end"].to_numpy()[sel] >= created), sel, -1)
    p_attr = np.where(np.isin(ch, [channels.index(c) for c in ("Referral",) if c in channels]), 0.3, 0.75)
    leads["campaign"] = np.where(rng.random(n) < p_attr, camp, -1)
    # --- status as of as_of: unassigned pool per territory, BDR queues, the rest converted/closed
    status = np.where(q, 3, 4)
    open_cand = ~q & (leads["created"].to_numpy() <= ctx.d1)
    order = np.lexsort((-leads["lead_n"].to_numpy(), -leads["created"].to_numpy()))  # newest first
    unassigned = np.zeros(n, dtype=bool)
    pool = rng.integers(40, 140, len(ctx.ref.territory_ids)) * max(ctx.scale, 0.01)
    seen = np.zeros(len(ctx.ref.territory_ids))
    cand_sorted = order[open_cand[order]]
    t_sorted = terr[cand_sorted]
    rank_t = _grouped_rank_any(t_sorted)
    un = cand_sorted[rank_t < np.round(pool[t_sorted])]
    unassigned[un] = True
    status[un] = 0
    owner = np.where(unassigned, -1, owner)
    # BDR queues: New = newest N, In Progress = next O - N
    rf = reps.frame
    active = (rf["term"].to_numpy() < 0) | (rf["term"].to_numpy() > ctx.d1)
    n_reps = len(rf)
    eligible_kind = rng.random(n_reps) < 0.55
    open_target = np.where(eligible_kind, rng.integers(90, 240, n_reps), rng.integers(20, 60, n_reps))
    new_elig = np.minimum(rng.integers(3, 27, n_reps), np.floor(open_target * 0.4))
    new_inel = np.minimum(np.round(open_target * rng.uniform(0.5, 0.95, n_reps)), 30)
    new_target = np.where(eligible_kind, new_elig, new_inel).astype("int64")
    q_cand = order[(open_cand & ~unassigned)[order]]
    q_owner = owner[q_cand]
    ok = (q_owner >= 0) & active[np.maximum(q_owner, 0)]
    q_cand, q_owner = q_cand[ok], q_owner[ok]
    osort = np.argsort(q_owner, kind="stable")
    q_cand, q_owner = q_cand[osort], q_owner[osort]
    rank = _group_rank(q_owner)
    status[q_cand[rank < new_target[q_owner]]] = 1
    status[q_cand[(rank >= new_target[q_owner]) & (rank < open_target[q_owner])]] = 2
    leads["status"] = status
    leads["owner"] = owner
    links = leads.loc[leads["link_opp"] >= 0, ["lead_n", "link_opp"]]
    return leads, links


def _group_rank(keys: np.ndarray) -> np.ndarray:
    """0-based position of each element within its run of equal consecutive keys (keys must be grouped)."""
    if keys.size == 0:
        return keys.astype("int64")
    starts = np.r_[True, keys[1:] != keys[:-1]]
    idx = np.arange(keys.size)
    first = np.maximum.accumulate(np.where(starts, idx, 0))
    return idx - first


def _grouped_rank_any(keys: np.ndarray) -> np.ndarray:
    order = np.argsort(keys, kind="stable")
    r = np.empty(keys.size, dtype="int64")
    r[order] = _group_rank(keys[order])
    return r


def build_touches(ctx: Ctx, leads: pd.DataFrame, contacts: pd.DataFrame, campaigns: pd.DataFrame,
                  customers: np.ndarray, accounts: Accounts) -> pd.DataFrame:
    rng = ctx.rng("touches")
    with_c = np.flatnonzero(leads["campaign"].to_numpy() >= 0)
    k = 1 + rng.poisson(0.7, with_c.size)
    li = np.repeat(with_c, k)
    m = li.size
    camp = leads["campaign"].to_numpy()[li]
    cstart = campaigns["start"].to_numpy()[camp]
    created = leads["created"].to_numpy()[li]
    day = np.maximum(cstart, created - rng.integers(0, 15, m))
    day = np.minimum(day, created)
    ch = campaigns["channel"].to_numpy()[camp]
    c_acc = contacts["acc"].to_numpy()
    first_c = np.searchsorted(c_acc, np.arange(accounts.n))
    n_c = np.bincount(c_acc, minlength=accounts.n)
    acc = leads["acc"].to_numpy()[li]
    contact = np.where(rng.random(m) < 0.4, first_c[acc] + (rng.random(m) * n_c[acc]).astype("int64"), -1)
    # contact-only touches on customers' contacts
    m2 = ctx.n(3000) if customers.size else 0
    acc2 = customers[rng.integers(0, max(customers.size, 1), m2)] if m2 else np.zeros(0, dtype="int64")
    contact2 = first_c[acc2] + (rng.random(m2) * n_c[acc2]).astype("int64")
    camp2 = rng.integers(0, len(campaigns), m2)
    s2, e2 = campaigns["start"].to_numpy()[camp2], np.minimum(campaigns["end"].to_numpy()[camp2], ctx.d1)
    day2 = s2 + np.floor(rng.random(m2) * np.maximum(e2 - s2 + 1, 1)).astype("int64")
    ok2 = day2 <= ctx.d1
    all_camp = np.concatenate([camp, camp2[ok2]])
    all_ch = campaigns["channel"].to_numpy()[all_camp]
    ttype = np.empty(all_camp.size, dtype="int64")
    for chn, types in CHANNEL_TOUCH.items():
        mm = all_ch == chn
        ttype[mm] = np.array(types)[rng.integers(0, len(types), int(mm.sum()))]
    f = pd.DataFrame({
        "campaign": all_camp,
        "lead": np.concatenate([li, np.full(int(ok2.sum()), -1)]),
        "contact": np.concatenate([contact, contact2[ok2]]),
        "touch_type": pd.Categorical.from_codes(ttype, TOUCH_TYPES),
        "touched_at": np.concatenate([day, day2[ok2]]) * DAY + business_seconds(rng, all_camp.size),
    })
    f = f.iloc[np.argsort(f["touched_at"].to_numpy(), kind="stable")].reset_index(drop=True)
    f["touch_n"] = np.arange(len(f))
    return f


def build_activities(ctx: Ctx, leads: pd.DataFrame, opps: pd.DataFrame, contacts: pd.DataFrame,
                     accounts: Accounts, reps: Reps) -> pd.DataFrame:
    rng = ctx.rng("activities")
    c_acc = contacts["acc"].to_numpy()
    first_c = np.searchsorted(c_acc, np.arange(accounts.n))
    n_c = np.bincount(c_acc, minlength=accounts.n)
    # BDR activities on owned leads
    owned = np.flatnonzero(leads["owner"].to_numpy() >= 0)
    k = rng.poisson(1.3, owned.size)
    li = np.repeat(owned, k)
    day_l = leads["created"].to_numpy()[li] + np.clip(rng.gamma(1.5, 4.0, li.size), 0, 60).astype("int64")
    keep = day_l <= ctx.d1
    li, day_l = li[keep], day_l[keep]
    day_l = to_business_day(rng, day_l, lo=leads["created"].to_numpy()[li], hi=ctx.d1)
    type_l = np.where(rng.random(li.size) < 0.5, 0, 1)
    acc_l = leads["acc"].to_numpy()[li]
    # AE / SE activities on opportunities
    k2 = 2 + rng.poisson(4.0, len(opps))
    oi = np.repeat(np.arange(len(opps)), k2)
    lo = opps["created"].to_numpy()[oi]
    hi = np.minimum(opps["close"].to_numpy()[oi], ctx.d1)
    day_o = lo + np.floor(rng.random(oi.size) * np.maximum(hi - lo + 1, 1)).astype("int64")
    day_o = to_business_day(rng, day_o, lo=lo, hi=hi)
    type_o = pick(rng, ACTIVITY_TYPES, (0.35, 0.3, 0.22, 0.13), oi.size)
    acc_o = opps["acc"].to_numpy()[oi]
    rep_o = opps["owner"].to_numpy()[oi]
    terr = accounts.frame["territory"].to_numpy()[acc_o]
    se = np.array([reps.slots("SE", t)[0] for t in range(len(ctx.ref.territory_ids))])
    rep_o = np.where(type_o == 3, reps.holder(se[terr], day_o), rep_o)
    n1, n2 = li.size, oi.size
    atype = np.concatenate([type_l, type_o])
    acc = np.concatenate([acc_l, acc_o])
    m = n1 + n2
    contact = first_c[acc] + (rng.random(m) * n_c[acc]).astype("int64")
    contact = np.where((np.arange(m) < n1) & (rng.random(m) < 0.5), -1, contact)
    outcome = np.where(atype == 1, pick(rng, OUTCOMES, (0.32, 0.08, 0.35, 0.25), m), -1)
    dur = np.select(
        [atype == 0, (atype == 1) & (outcome == 0), atype == 1, atype == 2, atype == 3],
        [np.nan, rng.integers(3, 36, m), np.where(outcome == 2, 0, 1), rng.choice([30, 45, 60], m), rng.choice([45, 60, 90], m)],
    )
    f = pd.DataFrame({
        "activity_type": pd.Categorical.from_codes(atype, ACTIVITY_TYPES),
        "rep": np.concatenate([leads["owner"].to_numpy()[li], rep_o]),
        "acc": acc, "contact": contact,
        "opp": np.concatenate([np.full(n1, -1), oi]),
        "lead": np.concatenate([li, np.full(n2, -1)]),
        "activity_at": np.concatenate([day_l, day_o]) * DAY + business_seconds(rng, m),
        "outcome": pd.Categorical.from_codes(outcome, OUTCOMES),
        "duration": dur,
    })
    f = f.iloc[np.argsort(f["activity_at"].to_numpy(), kind="stable")].reset_index(drop=True)
    f["activity_n"] = np.arange(len(f))
    return f
