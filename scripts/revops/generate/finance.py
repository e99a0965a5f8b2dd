"""Finance views of the same contracts: ACCOUNTING_DATA (revenue recognised from billing) and the
quotas (QRF) per AE x fiscal quarter x sales motion."""

from __future__ import annotations

import numpy as np
import pandas as pd

from revops.generate.context import Ctx, add_months, fiscal_quarter_start, month_start
from revops.generate.revenue import BUNDLES, OPP_TYPES, Book
from revops.generate.world import ROLES, SEGMENTS, Accounts, Reps

ACCOUNT_TYPES = ("Income", "Cost of Goods", "Operating Expenses", "Net Income")


def customers_in_window(ctx: Ctx, book: Book) -> np.ndarray:
    o = book.orders
    end = np.where(o["end"].to_numpy() < 0, 10**7, o["end"].to_numpy())
    m = (o["start"].to_numpy() <= ctx.d1) & (end > ctx.d0)
    return np.unique(o["acc"].to_numpy()[m])


def build_accounting(ctx: Ctx, book: Book, accounts: Accounts) -> pd.DataFrame:
    rng = ctx.rng("accounting")
    cust = customers_in_window(ctx, book)
    months = []
    m = int(month_start(np.array([ctx.d0]))[0])
    while m <= ctx.d1:
        months.append(m)
        m = int(add_months(np.array([m]), 1)[0])
    ms = np.array(months)
    me = add_months(ms, 1)  # exclusive
    o = book.orders
    o = o[np.isin(o["acc"].to_numpy(), cust)]
    s = o["start"].to_numpy()[:, None]
    e = np.where(o["end"].to_numpy() < 0, 10**7, o["end"].to_numpy())[:, None]
    days = np.clip(np.minimum(e, me[None, :]) - np.maximum(s, ms[None, :]), 0, None)
    share = o["arr"].to_numpy()[:, None] / 12.0 * days / (me - ms)[None, :]
    pos = np.searchsorted(cust, o["acc"].to_numpy())
    income = np.zeros((cust.size, ms.size))
    np.add.at(income, pos, share)
    income_c = np.round(income * 100).astype("int64")
    bundle = pd.Series(book.orders["bundle"].to_numpy(), index=book.orders["acc"].to_numpy()).groupby(level=0).first()
    rate = np.array([ctx.ref.bundle_cogs[b] for b in BUNDLES])[bundle.reindex(cust).to_numpy()]
    cogs_c = np.round(income_c * rate[:, None]).astype("int64")
    opex_rate = rng.uniform(0.28, 0.45, cust.size)[:, None] * rng.uniform(0.95, 1.05, income_c.shape)
    opex_c = np.round(income_c * opex_rate).astype("int64")
    net_c = income_c - cogs_c - opex_c
    amounts = np.stack([income_c, cogs_c, opex_c, net_c], axis=2) / 100.0  # cust x month x type
    nc, nm = cust.size, ms.size
    af = accounts.frame
    acc = np.repeat(cust, nm * 4)
    f = pd.DataFrame({
        "acc": acc,
        "customer_name": af["account_name"].to_numpy()[acc],
        "transaction_date": np.tile(np.repeat(ms, 4), nc),
        "account_type": pd.Categorical.from_codes(np.tile(np.arange(4), nc * nm), ACCOUNT_TYPES),
        "amount": amounts.reshape(-1),
        "industry": af["industry"].to_numpy()[acc],
        "customer_type": af["customer_type"].to_numpy()[acc],
    })
    f["transaction_n"] = np.arange(len(f))
    return f


def build_quotas(ctx: Ctx, opps: pd.DataFrame, accounts: Accounts, reps: Reps) -> pd.DataFrame:
    rng = ctx.rng("quotas")
    fy = ctx.ref.fiscal_year_start_month
    q0 = int(fiscal_quarter_start(np.array([ctx.d0]), fy)[0])
    quarters = []
    q = q0
    while q <= ctx.d1:
        quarters.append(q)
        q = int(add_months(np.array([q]), 3)[0])
    qs = np.array(quarters)
    regions = sorted(set(ctx.ref.territory_region.values()))
    af = accounts.frame
    acc = opps["acc"].to_numpy()
    reg = np.array([regions.index(r) for r in af["region"].to_numpy()[acc]])
    seg = af["segment_i"].to_numpy()[acc]
    oq = np.searchsorted(qs, fiscal_quarter_start(opps["close"].to_numpy(), fy))
    valid = (oq < qs.size) & (qs[np.minimum(oq, qs.size - 1)] == fiscal_quarter_start(opps["close"].to_numpy(), fy))
    pipe = np.zeros((qs.size, len(regions), 2, 3))
    np.add.at(pipe, (oq[valid], reg[valid], seg[valid], opps["type"].to_numpy()[valid]), opps["amount"].to_numpy()[valid])
    rf = reps.frame
    ae_rows = []
    for slot in np.flatnonzero(reps.slot_role == ROLES.index("AE")):
        t, s = reps.slot_territory[slot], reps.slot_segment[slot]
        r = regions.index(ctx.ref.territory_region[ctx.ref.territory_ids[t]])
        for qi, qd in enumerate(qs):
            ae_rows.append((int(reps.holder(np.array([slot]), np.array([qd]))[0]), r, s, qi))
    ae = pd.DataFrame(ae_rows, columns=["rep", "region", "segment", "q"])
    counts = ae.groupby(["q", "region", "segment"]).size()
    rows = []
    for rep, r, s, qi in ae.itertuples(index=False):
        share = 1.0 / counts[(qi, r, s)]
        for motion in range(3):
            base = pipe[qi, r, s, motion] * rng.uniform(0.25, 0.4) * share
            floor = (60_000.0, 20_000.0, 15_000.0)[motion] * (1.8 if s == 0 else 1.0)
            rows.append((rep, r, s, motion, qs[qi], round(max(base, floor) / 100.0) * 100.0))
    f = pd.DataFrame(rows, columns=["rep", "region_i", "segment", "motion", "quarter", "amount"])
    f = f.sort_values(["quarter", "rep", "motion"], kind="stable").reset_index(drop=True)
    f["region"] = np.array(regions, dtype=object)[f["region_i"].to_numpy()]
    f["customer_type"] = pd.Categorical.from_codes(f["segment"].to_numpy(), SEGMENTS)
    f["sales_motion"] = pd.Categorical.from_codes(f["motion"].to_numpy(), OPP_TYPES)
    f["quota_n"] = np.arange(len(f))
    return f
