"""Finance view of the same contracts: ACCOUNTING_DATA, revenue recognised from billing with the cost of
goods and the operating expenses of each customer-month."""

from __future__ import annotations

import numpy as np
import pandas as pd

from revops.generate.context import Ctx, add_months, month_start
from revops.generate.revenue import BUNDLES, Book
from revops.generate.world import Accounts

COGS_EXTRA_RATE = (0.02, 0.10)  # share of income on top of the bundle's cost_of_goods_rate
OPEX_RATE = (0.62, 0.98)  # operating expenses as a share of income, per customer
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
    # cost of goods: the bundle's hosting rate plus this customer's support and infrastructure load, month by month
    cogs_rate = (rate + rng.uniform(*COGS_EXTRA_RATE, cust.size))[:, None] * rng.uniform(0.85, 1.15, income_c.shape)
    cogs_c = np.round(income_c * cogs_rate).astype("int64")
    # operating expenses (sales and marketing, R&D, G&A) allocated by revenue: a growth-stage company spends
    # about what it earns
    opex_rate = rng.uniform(*OPEX_RATE, cust.size)[:, None] * rng.uniform(0.9, 1.1, income_c.shape)
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
