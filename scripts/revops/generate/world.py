"""The company's people and market: reps (with succession), accounts (with hierarchy and latent
health) and contacts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops.generate.context import DAY, Ctx, business_seconds, day_number, pick
from revops.generate.pools import Pools, company_names
from datetime import date

ROLES = ("BDR", "AE", "SE", "CSM", "Manager")
SEGMENTS = ("Enterprise", "Mid-Market")
INDUSTRIES = ("Healthcare", "Education", "Manufacturing", "Technology", "Financial Services", "Other")
INDUSTRY_P = (0.2, 0.15, 0.17, 0.25, 0.13, 0.10)
REVENUE_BANDS = ("<$10M", "$10M-$50M", "$50M-$250M", "$250M-$1B", ">$1B")
NEVER = 10**7  # a day number far in the future


@dataclass
class Reps:
    frame: pd.DataFrame  # rep_n, role, territory (idx, -1), region, hire, term (-1), manager (-1), names
    slot_role: np.ndarray
    slot_territory: np.ndarray
    slot_segment: np.ndarray
    slot_a: np.ndarray
    slot_b: np.ndarray
    slot_t: np.ndarray  # day the first holder leaves (NEVER if no succession)

    def holder(self, slot: np.ndarray, day: np.ndarray) -> np.ndarray:
        slot = np.asarray(slot)
        return np.where(np.asarray(day) < self.slot_t[slot], self.slot_a[slot], self.slot_b[slot])

    def slots(self, role: str, territory: int | None = None, segment: int | None = None) -> np.ndarray:
        m = self.slot_role == ROLES.index(role)
        if territory is not None:
            m &= self.slot_territory == territory
        if segment is not None:
            m &= self.slot_segment == segment
        return np.flatnonzero(m)


def build_reps(ctx: Ctx, pools: Pools) -> Reps:
    rng = ctx.rng("reps")
    nt = len(ctx.ref.territory_ids)
    regions = sorted(set(ctx.ref.territory_region.values()))
    role, terr, seg = [], [], []
    per = {"BDR": ctx.n(2), "AE": ctx.n(1), "SE": ctx.n(1), "CSM": ctx.n(1)}
    for t in range(nt):
        for r in ("BDR", "AE", "SE", "CSM"):
            segs = (0, 1) if r == "AE" else (-1,)
            for s in segs:
                for _ in range(per[r]):
                    role.append(ROLES.index(r)), terr.append(t), seg.append(s)
    n_slots = len(role)
    slot_role, slot_territory, slot_segment = np.array(role), np.array(terr), np.array(seg)
    # succession: the first holder leaves inside the window for some slots
    p_leave = np.where(slot_role == 0, 0.3, 0.15)
    leaves = rng.random(n_slots) < p_leave
    slot_t = np.where(leaves, rng.integers(ctx.d0 + 30, ctx.d1 - 45, n_slots), NEVER)
    n_b = int(leaves.sum())
    slot_a = np.arange(n_slots)
    slot_b = np.where(leaves, n_slots + np.cumsum(leaves) - 1, slot_a)
    # managers: one (per scale unit) per region, plus a VP
    n_mgr_per_region = ctx.n(1)
    mgr_region = np.repeat(np.arange(len(regions)), n_mgr_per_region)
    n_field = n_slots + n_b
    n_reps = n_field + mgr_region.size + 1
    rep_role = np.concatenate([slot_role, slot_role[leaves], np.full(mgr_region.size + 1, 4)])
    rep_terr = np.concatenate([slot_territory, slot_territory[leaves], np.full(mgr_region.size + 1, -1)])
    region_of_terr = np.array([regions.index(ctx.ref.territory_region[t]) for t in ctx.ref.territory_ids])
    rep_region = np.concatenate([region_of_terr[slot_territory], region_of_terr[slot_territory[leaves]], mgr_region, [-1]])
    early = day_number(date(2018, 3, 1))
    hire = np.concatenate([
        rng.integers(early, ctx.d0 - 60, n_slots),
        slot_t[leaves] - rng.integers(10, 30, n_b),
        rng.integers(early - 400, early, mgr_region.size + 1),
    ])
    term = np.concatenate([np.where(leaves, slot_t, -1), np.full(n_b, -1), np.full(mgr_region.size + 1, -1)])
    vp = n_reps - 1
    mgr_of_region = n_field + np.arange(len(regions)) * n_mgr_per_region  # the first manager of each region
    manager = np.where(rep_region >= 0, mgr_of_region[np.maximum(rep_region, 0)], -1)
    manager[n_field:vp] = vp
    manager[vp] = -1
    first = pools.first_names[rng.integers(0, len(pools.first_names), n_reps)]
    last = pools.last_names[rng.integers(0, len(pools.last_names), n_reps)]
    full = np.array([f"{a} {b}" for a, b in zip(first, last)], dtype=object)
    email = np.array([f"{a.lower()}.{b.lower().replace(' ', '')}{i}@revops-saas.example" for i, (a, b) in enumerate(zip(first, last))], dtype=object)
    frame = pd.DataFrame({
        "rep_n": np.arange(n_reps), "full_name": full, "email": email,
        "role": pd.Categorical.from_codes(rep_role, ROLES),
        "manager": manager,
        "territory_id": pd.Categorical.from_codes(rep_terr, ctx.ref.territory_ids),
        "region": pd.Categorical.from_codes(rep_region, regions),
        "hire": hire, "term": term,
    })
    return Reps(frame, slot_role, slot_territory, slot_segment, slot_a, slot_b, slot_t)


@dataclass
class Accounts:
    frame: pd.DataFrame  # acc_n, name, parent, industry(idx), segment(idx), territory(idx), postal, ...
    health: np.ndarray
    n_existing: int  # accounts [0, n_existing) are the pre-window customer candidates

    @property
    def n(self) -> int:
        return len(self.frame)


def build_accounts(ctx: Ctx, pools: Pools, reps: Reps) -> Accounts:
    rng = ctx.rng("accounts")
    n_existing = ctx.n(37)  # the 2020-2022 cohort: with its renewal churn, about 100 customers in the window
    n = n_existing + ctx.n(1400)
    names = company_names(rng, pools, n)
    industry = pick(rng, INDUSTRIES, INDUSTRY_P, n)
    segment = np.where(rng.random(n) < np.where(np.arange(n) < n_existing, 0.32, 0.28), 0, 1)
    nt = len(ctx.ref.territory_ids)
    territory = pick(rng, range(nt), [1.0, 1.4, 1.3, 1.1, 0.7, 1.0, 0.8, 1.5][:nt] + [1.0] * max(0, nt - 8), n)
    prefix_lists = [ctx.ref.territory_prefixes[t] for t in ctx.ref.territory_ids]
    prefix = np.array([prefix_lists[t][rng.integers(0, len(prefix_lists[t]))] for t in territory], dtype=object)
    postal = np.array([f"{p}{d:03d}" for p, d in zip(prefix, rng.integers(0, 1000, n))], dtype=object)
    emp = np.where(segment == 0, rng.lognormal(np.log(2500), 0.6, n), rng.lognormal(np.log(250), 0.7, n))
    emp = np.clip(emp, 50, 60000).astype("int64")
    band = np.digitize(emp * rng.lognormal(np.log(150_000), 0.4, n), [10e6, 50e6, 250e6, 1e9])
    regions = [ctx.ref.territory_region[t] for t in ctx.ref.territory_ids]
    countries = [ctx.ref.territory_country[t] for t in ctx.ref.territory_ids]
    # hierarchy up to 3 levels
    parent = np.full(n, -1)
    order = rng.permutation(n)
    l1 = order[: max(1, n * 4 // 100)]
    l2 = order[len(l1): len(l1) + n * 8 // 100]
    l3 = order[len(l1) + len(l2): len(l1) + len(l2) + n * 3 // 100]
    parent[l2] = l1[rng.integers(0, len(l1), len(l2))]
    if len(l2):
        parent[l3] = l2[rng.integers(0, len(l2), len(l3))]
    created_day = rng.integers(day_number(date(2018, 1, 1)), ctx.d0 + 240, n)
    health = rng.normal(0.0, 1.0, n)
    # owner: the account's territory x segment AE on as_of
    ae_slot = np.full((nt, 2), -1)
    for t in range(nt):
        for s in (0, 1):
            ae_slot[t, s] = reps.slots("AE", t, s)[0]
    frame = pd.DataFrame({
        "acc_n": np.arange(n), "account_name": names, "parent": parent,
        "industry": pd.Categorical.from_codes(industry, INDUSTRIES),
        "customer_type": pd.Categorical.from_codes(segment, SEGMENTS),
        "employee_count": emp,
        "annual_revenue_band": pd.Categorical.from_codes(band, REVENUE_BANDS),
        "postal_code": postal,
        "territory": territory,
        "region": pd.Categorical.from_codes(territory, regions) if len(set(regions)) == len(regions) else np.array(regions, dtype=object)[territory],
        "country": np.array(countries, dtype=object)[territory],
        "owner": reps.holder(ae_slot[territory, segment], np.full(n, ctx.d1)),
        "created_day": created_day,
    })
    frame["region"] = np.array(regions, dtype=object)[territory]
    frame["industry_i"] = industry
    frame["segment_i"] = segment
    return Accounts(frame, health, n_existing)


def _emails(pools: Pools, first_i: np.ndarray, last_i: np.ndarray, account_names: np.ndarray,
            acc: np.ndarray) -> np.ndarray:
    """``<first initial><last name>@<first word of the company><account number>.example.com``, lowercase."""
    initial = np.array([f[0].lower() for f in pools.first_names], dtype=object)
    last = np.array([x.lower().replace(" ", "") for x in pools.last_names], dtype=object)
    used = np.unique(acc)
    domain = np.empty(account_names.size, dtype=object)
    domain[used] = [("".join(ch for ch in account_names[a].split(" ")[0].lower() if ch.isalpha()) or "company")
                    + f"{a}.example.com" for a in used.tolist()]
    return initial[first_i] + last[last_i] + "@" + domain[acc]


def build_contacts(ctx: Ctx, pools: Pools, accounts: Accounts) -> pd.DataFrame:
    rng = ctx.rng("contacts")
    per = 1 + rng.poisson(2.5, accounts.n)
    acc = np.repeat(np.arange(accounts.n), per)
    m = acc.size
    fi = rng.integers(0, len(pools.first_names), m)
    li = rng.integers(0, len(pools.last_names), m)
    first, last = pools.first_names[fi], pools.last_names[li]
    emails = _emails(pools, fi, li, accounts.frame["account_name"].to_numpy(), acc)
    personas = ("Economic Buyer", "Champion", "Technical Evaluator", "End User", "Procurement")
    persona = pick(rng, personas, (0.2, 0.25, 0.25, 0.2, 0.1), m)
    phone = np.array([f"+1-{a}-{b:03d}-{c:04d}" for a, b, c in zip(rng.integers(201, 990, m), rng.integers(200, 999, m), rng.integers(0, 10000, m))], dtype=object)
    created = accounts.frame["created_day"].to_numpy()[acc] + rng.integers(0, 200, m)
    return pd.DataFrame({
        "contact_n": np.arange(m), "acc": acc, "first_name": first, "last_name": last, "email": emails,
        "phone": phone, "title": pools.titles[rng.integers(0, len(pools.titles), m)],
        "persona": pd.Categorical.from_codes(persona, personas),
        "region": accounts.frame["region"].to_numpy()[acc],
        "created_at": np.minimum(created, ctx.d1) * DAY + business_seconds(rng, m),
    })
