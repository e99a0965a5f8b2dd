"""Contracts and the opportunities that drive them.

Existing customers (first contract 2020-2022) and customers won from New Business opportunities
are simulated term by term: expansions co-terminate with the running contract, and at each term
end the customer renews (flat, up or contracted) or churns, with churn driven by the latent
account health. Events inside the window become opportunities with the same opp id as their
billing order, so `arr == AMOUNT` by construction.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

import numpy as np
import pandas as pd

from revops.generate.context import (
    Ctx, add_months_day, business_day_near, day_number, fiscal_quarter_end, holiday_slow, last_business_day, sample_days, sigmoid,
    to_business_day,
)
from revops.generate.plan import (
    NB_ACV_MEDIAN, NB_ACV_SIGMA, NB_CREATED_FROM, NB_CREATED_TO, NB_CYCLE_MEDIAN_DAYS, NB_WIN_RATE,
    new_business_opportunities,
)
from revops.generate.world import Accounts, Reps

BUNDLES = ("HEALTH_PREMIUM", "EDU_STANDARD", "CORE_BASIC")
OPP_TYPES = ("New Business", "Expansion", "Renewal")
ORDER_TYPES = ("New", "Expansion", "Renewal", "Contraction")
STATUSES = ("Open", "Won", "Lost")
OPP_SOURCES = ("Direct", "Phone Inquiry", "Web", "Search Engine", "Referral")
NB_SOURCE_P = (0.3, 0.1, 0.25, 0.15, 0.2)
NB_SOURCE_WIN = (0.6, 1.1, 1.2, 0.9, 1.8)
FREQUENCIES = ("Annual", "Quarterly", "Monthly")
TERMS = (12, 24, 36)
LOG40 = float(np.log(40))
EXISTING_SIZE = 1.8  # customers of 2020-2022 have grown: seats relative to a new logo
EXPANSION_PER_YEAR = 13.0  # expansion opportunities per customer-year (healthy accounts more)
EXPANSION_SEATS = (0.015, 0.072)  # seats an expansion adds, share of the running contract
# renewal churn logit: base, health (observable), hidden reason, discount (percent points above 12)
CHURN_BASE, CHURN_HEALTH, CHURN_HIDDEN, CHURN_DISCOUNT = -1.8, 0.7, 1.4, 0.03
CHURN_WARNING_SHARE = 0.5  # churning customers that show it before they leave (the rest churn silently)
CHURN_WARNING_DAYS = 150  # ... in the months before the contract ends: usage falls, expansions are lost
QUARTER_END_SLIP = 0.45  # share of deals due 2-6 weeks before quarter end that reps pull into its last two weeks
LAST_DAY_SHARE = 0.09  # ... of which this share closes on the quarter's last business day


def _cdf(p: tuple[float, ...]) -> list[float]:
    c = np.asarray(p, dtype=float).cumsum()
    return (c / c[-1]).tolist()


TERM_CDF = _cdf((0.5, 0.3, 0.2))
FREQ_CDF = _cdf((0.6, 0.25, 0.15))


def _draw(rng: np.random.Generator, cdf: list[float]) -> int:
    """One index drawn like `rng.choice(len(cdf), p=...)` (same uniform, same stream position)."""
    return bisect.bisect_right(cdf, rng.random())


def bundle_of_industry(industry_i: np.ndarray) -> np.ndarray:
    """Healthcare -> HEALTH_PREMIUM, Education -> EDU_STANDARD, else CORE_BASIC."""
    return np.where(industry_i == 0, 0, np.where(industry_i == 1, 1, 2))


def draw_discount(rng: np.random.Generator, n: int) -> np.ndarray:
    base = np.clip(rng.normal(12.0, 8.0, n), 0.0, 30.0)
    tail = rng.uniform(30.5, 45.0, n)
    d = np.where(rng.random(n) < 0.9, base, tail)
    return np.round(d * 2) / 2


def draw_seats(rng: np.random.Generator, segment: np.ndarray, price: np.ndarray, disc: np.ndarray) -> np.ndarray:
    median = np.array(NB_ACV_MEDIAN)[segment]
    target = rng.lognormal(np.log(median), NB_ACV_SIGMA)
    return np.maximum(5, np.round(target / (price * (1 - disc / 100)))).astype("int64")


def acv_scalar(seats: int, price: float, disc: float) -> float:
    """`acv` of one contract with Python floats: np.round(x, 2) is rint(x * 100) / 100, bit for bit."""
    return float(round(seats * price * (1 - disc / 100.0) * 100.0)) / 100.0


def acv(seats, price, disc) -> np.ndarray:
    return np.round(np.asarray(seats) * np.asarray(price) * (1 - np.asarray(disc) / 100.0), 2)


_TABLE_LO, _TABLE_HI = day_number(date(1990, 1, 1)), day_number(date(2100, 1, 1))
NEVER_DAY = 10**7


@lru_cache(maxsize=4)
def _close_tables(fy_start_month: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per day number in [_TABLE_LO, _TABLE_HI): fiscal quarter end, holiday flag, the January
    (or next-month) restart day used by `compress_close`."""
    days = np.arange(_TABLE_LO, _TABLE_HI, dtype="int64")
    qend = fiscal_quarter_end(days, fy_start_month)
    jan = days + np.where(days.astype("datetime64[D]").astype("datetime64[M]").astype("int64") % 12 == 11, 45, 10)
    jan_start = jan.astype("datetime64[D]").astype("datetime64[M]").astype("datetime64[D]").astype("int64")
    return qend, holiday_slow(days), jan_start


def compress_close(ctx: Ctx, rng: np.random.Generator, close: np.ndarray) -> np.ndarray:
    """Quarter-end compression, the holiday slowdown and the business calendar of close dates: deals due in
    the quarter's last six weeks slip to its last two (a share of them to its last business day), deals
    due in the late-December slowdown move to early January, and every close lands on a business day."""
    close = np.asarray(close, dtype="int64").copy()
    qend_t, hol_t, jan_t = _close_tables(ctx.ref.fiscal_year_start_month)
    if close.size and (close.min() < _TABLE_LO or close.max() >= _TABLE_HI - 60):
        raise ValueError("close dates outside 1990-2099")
    qend = qend_t[close - _TABLE_LO]
    slip = (close < qend - 13) & (close > qend - 45) & (rng.random(close.size) < QUARTER_END_SLIP)
    to_last = rng.random(close.size) < LAST_DAY_SHARE
    close = np.where(slip, np.where(to_last, last_business_day(qend), qend - rng.integers(0, 14, close.size)), close)
    hol = hol_t[close - _TABLE_LO] & (rng.random(close.size) < 0.8)
    # pushed into the first business days of January
    jan_start = jan_t[close - _TABLE_LO]
    close = np.where(hol, jan_start + 3 + rng.integers(0, 8, close.size), close)
    return to_business_day(rng, close, off_hours=0.01)


@dataclass
class Book:
    orders: pd.DataFrame  # acc, opp (row in opps or -1), type, bundle, quantity, start, end(-1), term, arr, tcv, freq
    opps: pd.DataFrame  # acc, type, status, created, close, seats, disc, term, bundle, source, amount
    churn_day: np.ndarray  # per account, -1 if never churned
    churn_warned: np.ndarray  # per account: a churn (if any) it signals in the months before (usage, tickets, deals)
    first_start: np.ndarray  # per account, -1 if never a customer


class _Sim:
    def __init__(self, ctx: Ctx, accounts: Accounts, rng: np.random.Generator):
        self.ctx, self.rng = ctx, rng
        self.price = np.array([ctx.ref.bundle_price[b] for b in BUNDLES])
        self.orders: list[tuple] = []
        self.opps: list[tuple] = []
        self.churn_day = np.full(accounts.n, -1, dtype="int64")
        self.first_start = np.full(accounts.n, -1, dtype="int64")
        # quasi-random (Weyl) uniforms for renewal outcomes before the window and whether a churn shows, and the
        # carry of the systematic sampling of renewal outcomes inside it: realised churn and its warning share
        # track their expectation
        self._weyl = [float(rng.random()), float(rng.random())]
        self.hidden = ctx.rng("churn_hidden").normal(0.0, 1.0, accounts.n)
        self.warned = np.zeros(accounts.n, dtype=bool)
        self._weyl.append(float(ctx.rng("churn_warning").random()))
        self._carry = float(ctx.rng("churn_window").random())

    def _qrand(self, k: int) -> float:
        self._weyl[k] = (self._weyl[k] + 0.6180339887498949) % 1.0
        return self._weyl[k]

    def _churns(self, acc: int, h: float, disc: float, end: int) -> bool:
        """The renewal decision: the account's health (seen by usage and support), a reason the signals do
        not show (a new VP, an acquisition, a budget cut) and a deep discount."""
        risk = CHURN_BASE - CHURN_HEALTH * h - CHURN_HIDDEN * float(self.hidden[acc]) + CHURN_DISCOUNT * (disc - 12.0)
        p = float(sigmoid(risk))
        if end < self.ctx.d0:
            return self._qrand(0) < p
        # inside the window: systematic sampling, each decision churns with probability p and the churns of
        # any run of decisions stay within one of their expected number (a world of ~40 renewals a year would
        # otherwise scatter its churn figures over most of their benchmark range)
        self._carry += p
        if self._carry >= 1.0:
            self._carry -= 1.0
            return True
        return False

    def _term(self) -> int:
        return TERMS[_draw(self.rng, TERM_CDF)]

    def opp(self, acc, typ, status, created, close, seats, disc, term, bundle, source, amount) -> int:
        self.opps.append((acc, typ, status, created, close, seats, disc, term, bundle, source, amount))
        return len(self.opps) - 1

    def order(self, acc, opp, typ, bundle, qty, start, end, term, arr, freq) -> None:
        if end >= 0:
            tcv = round(arr * (end - start) / 365.0, 2) if typ == 1 else round(arr * term / 12.0, 2)
        else:
            tcv = round(arr, 2)
        self.orders.append((acc, opp, typ, bundle, qty, start, end, term, arr, tcv, freq))

    def run(self, acc: int, h: float, bundle: int, start: int, seats: int, disc: float, term: int,
            evergreen: bool, nb_opp: int) -> None:
        ctx, rng = self.ctx, self.rng
        price = float(self.price[bundle])
        freq = _draw(rng, FREQ_CDF)
        self.first_start[acc] = start
        arr = float(acv_scalar(seats, price, disc))
        end = -1 if evergreen else add_months_day(start, term)
        self.order(acc, nb_opp, 0, bundle, seats, start, end, term if not evergreen else 12, arr, freq)
        total_seats, total_arr, period_start = seats, arr, start
        horizon = ctx.d1 + 120
        while True:
            period_end = end if end >= 0 else horizon + 1
            span = period_end - period_start
            # renewal decision at the end of the term (made up front: a customer on its way out that shows
            # it loses the expansions it discusses in the months before)
            churn = 0 <= end <= ctx.d1 and self._churns(acc, h, disc, end)
            if churn:
                self.warned[acc] = self._qrand(2) < CHURN_WARNING_SHARE
            warning_from = end - CHURN_WARNING_DAYS if self.warned[acc] else NEVER_DAY
            rate = EXPANSION_PER_YEAR * float(sigmoid(0.3 + 0.4 * h))  # expansion candidates per year
            k = rng.poisson(rate * max(span, 0) / 365.0)
            if k and span > 90:
                days = np.sort(rng.integers(period_start + 45, period_end - 30, k))
                days = compress_close(ctx, rng, days)
                for x in days.tolist():
                    if x >= period_end - 20 or x > horizon:
                        continue
                    add = max(1, int(round(total_seats * rng.uniform(*EXPANSION_SEATS))))
                    amount = float(acv_scalar(add, price, disc))
                    won = rng.random() < float(sigmoid(0.6 + 0.7 * h)) and x < warning_from
                    created = x - int(min(max(rng.lognormal(LOG40, 0.5), 10.0), 150.0))
                    created = business_day_near(created, lo=ctx.d0)
                    if x < ctx.d0:
                        opp = -1
                        if not won:
                            continue
                    elif max(created, ctx.d0) > ctx.d1:
                        continue  # would be created after as_of: not yet in the CRM
                    else:
                        status = 0 if x > ctx.d1 else (1 if won else 2)
                        opp = self.opp(acc, 1, status, max(created, ctx.d0), x, add, disc, 12, bundle, -1, amount)
                        if status != 1:
                            continue
                    months = max(1, int(round((period_end - x) / 30.44))) if end >= 0 else 12
                    self.order(acc, opp, 1, bundle, add, x, end, months, amount, freq)
                    total_seats += add
                    total_arr = round(total_arr + amount, 2)
            if end < 0 or end > ctx.d1:
                if 0 <= end <= horizon:
                    # open renewal opportunity for the contract ending after as_of
                    created = max(ctx.d0, end - int(rng.integers(60, 110)))
                    self.opp(acc, 2, 0, min(created, ctx.d1), end, total_seats, disc, self._term(), bundle, -1,
                             float(acv_scalar(total_seats, price, disc)))
                return
            u = self._qrand(1)
            p_contract = 0.15 + (0.15 if h < -0.5 else 0.0)
            if u < p_contract:
                new_seats = max(3, int(round(total_seats * rng.uniform(0.65, 0.95))))
                new_disc = float(min(45.0, disc + rng.choice([0.0, 2.5, 5.0])))
            elif u < p_contract + 0.22:
                new_seats, new_disc = int(round(total_seats * rng.uniform(1.03, 1.2))), disc
            else:
                new_seats, new_disc = total_seats, disc
            new_term = self._term()
            new_arr = float(acv_scalar(new_seats, price, new_disc))
            opp = -1
            if end >= ctx.d0:
                created = max(ctx.d0, end - int(rng.integers(60, 110)))
                close = business_day_near(max(created, end - int(rng.integers(0, 21))), lo=created, hi=ctx.d1)
                amount = float(acv_scalar(total_seats, price, disc)) if churn else new_arr
                opp = self.opp(acc, 2, 2 if churn else 1, created, close,
                               total_seats if churn else new_seats, disc if churn else new_disc,
                               new_term, bundle, -1, amount)
            if churn:
                self.churn_day[acc] = end
                return
            typ = 3 if new_arr < total_arr else 2
            new_end = add_months_day(end, new_term)
            self.order(acc, opp, typ, bundle, new_seats, end, new_end, new_term, new_arr, freq)
            period_start, end = end, new_end
            total_seats, total_arr, disc = new_seats, new_arr, new_disc


def simulate(ctx: Ctx, accounts: Accounts, reps: Reps) -> Book:
    rng = ctx.rng("contracts")
    f = accounts.frame
    seg = f["segment_i"].to_numpy()
    bundle = bundle_of_industry(f["industry_i"].to_numpy())
    price = np.array([ctx.ref.bundle_price[b] for b in BUNDLES])
    sim = _Sim(ctx, accounts, rng)
    h = accounts.health

    # existing customers: first contract 2020-2022
    ne = accounts.n_existing
    start = rng.integers(day_number(date(2020, 1, 1)), ctx.d0 - 15, ne)
    disc = draw_discount(rng, ne)
    seats = np.round(draw_seats(rng, seg[:ne], price[bundle[:ne]], disc) * EXISTING_SIZE).astype("int64")
    evergreen = rng.random(ne) < 0.08
    for a in range(ne):
        sim.run(a, float(h[a]), int(bundle[a]), int(start[a]), int(seats[a]), float(disc[a]), sim._term(),
                bool(evergreen[a]), -1)

    # New Business opportunities on prospects: as many as the plan needs at the planned win rate
    rng_nb = ctx.rng("new_business")
    per_segment = new_business_opportunities(ctx, reps)
    n_nb = sum(per_segment)
    nb_seg = np.repeat(np.array([0, 1]), per_segment)
    acc = np.empty(n_nb, dtype="int64")
    for s in (0, 1):
        pool = np.flatnonzero((seg == s) & (np.arange(accounts.n) >= ne))
        acc[nb_seg == s] = pool[rng_nb.integers(0, pool.size, per_segment[s])]
    created = to_business_day(rng_nb, sample_days(rng_nb, n_nb, ctx.d0 + NB_CREATED_FROM, ctx.d1 - NB_CREATED_TO),
                              lo=ctx.d0)
    cycle_median = np.array(NB_CYCLE_MEDIAN_DAYS)[nb_seg]
    cycle = np.clip(rng_nb.lognormal(np.log(cycle_median), 0.5), 14, 300).astype("int64")
    close = np.maximum(compress_close(ctx, rng_nb, created + cycle), created + 7)
    source = rng_nb.choice(5, size=n_nb, p=np.array(NB_SOURCE_P))
    nb_disc = draw_discount(rng_nb, n_nb)
    # win odds: planned rate by segment, lifted by source, account health and discount (normalised to the plan)
    lift = np.array(NB_SOURCE_WIN)[source] * np.exp(0.25 * h[acc] + 0.03 * (nb_disc - 12.0))
    p_win = np.array(NB_WIN_RATE)[nb_seg] * lift / np.mean(lift)
    won = (rng_nb.random(n_nb) < p_win) & (close <= ctx.d1)
    # at most one won New Business opportunity per account: the earliest
    order = np.lexsort((close, acc))
    won_sorted = won[order]
    first_won = np.zeros(n_nb, dtype=bool)
    seen: set[int] = set()
    for i in np.flatnonzero(won_sorted):
        a = int(acc[order[i]])
        if a not in seen:
            seen.add(a)
            first_won[order[i]] = True
    won = first_won
    status = np.where(close > ctx.d1, 0, np.where(won, 1, 2))
    nb_seats = draw_seats(rng_nb, seg[acc], price[bundle[acc]], nb_disc)
    nb_term = rng_nb.choice([12, 24, 36], size=n_nb, p=[0.5, 0.3, 0.2])
    nb_amount = acv(nb_seats, price[bundle[acc]], nb_disc)
    nb_evergreen = rng_nb.random(n_nb) < 0.05
    for i in range(n_nb):
        opp = sim.opp(int(acc[i]), 0, int(status[i]), int(created[i]), int(close[i]), int(nb_seats[i]),
                      float(nb_disc[i]), int(nb_term[i]), int(bundle[acc[i]]), int(source[i]), float(nb_amount[i]))
        if status[i] == 1:
            a = int(acc[i])
            sim.run(a, float(h[a]), int(bundle[a]), int(close[i]), int(nb_seats[i]), float(nb_disc[i]),
                    int(nb_term[i]), bool(nb_evergreen[i]), opp)

    opp_cols = ["acc", "type", "status", "created", "close", "seats", "disc", "term", "bundle", "source", "amount"]
    opps = pd.DataFrame(sim.opps, columns=opp_cols)
    for c in ("acc", "type", "status", "created", "close", "seats", "term", "bundle", "source"):
        opps[c] = opps[c].astype("int64")
    order_cols = ["acc", "opp", "type", "bundle", "quantity", "start", "end", "term", "arr", "tcv", "freq"]
    orders = pd.DataFrame(sim.orders, columns=order_cols)
    for c in ("acc", "opp", "type", "bundle", "quantity", "start", "end", "term", "freq"):
        orders[c] = orders[c].astype("int64")
    # non-New-Business sources: renewals and expansions come through the account team
    rng_src = ctx.rng("opp_sources")
    other = opps["source"].to_numpy() < 0
    opps.loc[other, "source"] = rng_src.choice(5, size=int(other.sum()), p=[0.6, 0.15, 0.15, 0.02, 0.08])
    # stable order: opportunities by created day, orders by start day
    perm = np.lexsort((opps["acc"].to_numpy(), opps["created"].to_numpy()))
    inv = np.empty_like(perm)
    inv[perm] = np.arange(perm.size)
    opps = opps.iloc[perm].reset_index(drop=True)
    orders["opp"] = np.where(orders["opp"].to_numpy() >= 0, inv[np.maximum(orders["opp"].to_numpy(), 0)], -1)
    orders = orders.iloc[np.lexsort((orders["type"].to_numpy(), orders["acc"].to_numpy(), orders["start"].to_numpy()))].reset_index(drop=True)
    return Book(orders, opps, sim.churn_day, sim.warned, sim.first_start)
