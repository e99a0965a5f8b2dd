"""Shared generation context: options, reference data, seeded random streams and date helpers.

Dates are int64 day numbers since 1970-01-01 and timestamps int64 epoch seconds throughout;
the writer formats them. Each component draws from its own named stream so changing one
table's logic never shifts another table's random numbers.
"""

from __future__ import annotations

import calendar
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta

import numpy as np

from revops.generate.reference import Reference

DAY = 86400
EPOCH = date(1970, 1, 1)


def day_number(d: date) -> int:
    return (d - EPOCH).days


@dataclass
class Ctx:
    seed: int
    scale: float
    d0: int  # window start day
    d1: int  # window end day = as_of
    ref: Reference
    _streams: dict[str, np.random.Generator] = field(default_factory=dict)

    def rng(self, name: str) -> np.random.Generator:
        if name not in self._streams:
            self._streams[name] = np.random.default_rng([self.seed & 0xFFFFFFFF, zlib.crc32(name.encode())])
        return self._streams[name]

    def n(self, base: float, minimum: int = 1) -> int:
        return max(minimum, int(round(base * self.scale)))


def month_start(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]").astype("datetime64[D]").astype("int64")


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    dd = np.asarray(days, dtype="int64").astype("datetime64[D]")
    mo = dd.astype("datetime64[M]")
    dom = (dd - mo.astype("datetime64[D]")).astype("int64")
    nm = mo + np.asarray(months, dtype="int64").astype("timedelta64[M]")
    length = ((nm + 1).astype("datetime64[D]") - nm.astype("datetime64[D]")).astype("int64")
    return (nm.astype("datetime64[D]") + np.minimum(dom, length - 1)).astype("int64")


def add_months_day(day: int, months: int) -> int:
    """`add_months` of one day number, in plain Python (same clipping to the month's last day)."""
    d = EPOCH + timedelta(days=int(day))
    m = d.year * 12 + d.month - 1 + int(months)
    y, mo = divmod(m, 12)
    last = calendar.monthrange(y, mo + 1)[1]
    return (date(y, mo + 1, min(d.day, last)) - EPOCH).days


def month_of(days: np.ndarray) -> np.ndarray:
    """Calendar month 1..12."""
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]").astype("int64") % 12 + 1


def day_of_month(days: np.ndarray) -> np.ndarray:
    dd = np.asarray(days, dtype="int64").astype("datetime64[D]")
    return (dd - dd.astype("datetime64[M]").astype("datetime64[D]")).astype("int64") + 1


def fiscal_quarter_start(days: np.ndarray, fy_start_month: int) -> np.ndarray:
    """First day of the fiscal quarter containing each day."""
    mo = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]").astype("int64")
    offset = (mo - (fy_start_month - 1)) % 3
    return (mo - offset).astype("datetime64[M]").astype("datetime64[D]").astype("int64")


def fiscal_quarter_end(days: np.ndarray, fy_start_month: int) -> np.ndarray:
    """Last day of the fiscal quarter containing each day."""
    return add_months(fiscal_quarter_start(days, fy_start_month), 3) - 1


def weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday."""
    return (np.asarray(days, dtype="int64") + 3) % 7


def holiday_slow(days: np.ndarray) -> np.ndarray:
    """True on the late-December / New Year slowdown days (Dec 20 - Jan 3)."""
    m, d = month_of(days), day_of_month(days)
    return ((m == 12) & (d >= 20)) | ((m == 1) & (d <= 3))


_CAL_LO, _CAL_HI = (date(1990, 1, 1) - EPOCH).days, (date(2100, 1, 1) - EPOCH).days


def _nth_weekday(year: int, month: int, wd: int, n: int) -> date:
    """The n-th (1-based; -1 = last) weekday `wd` (0 = Monday) of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - wd) % 7)


def _holidays(year: int) -> list[date]:
    """The company's (US) public holidays of one year; a weekend holiday is observed on Friday / Monday."""
    fixed = [date(year, 1, 1), date(year, 6, 19), date(year, 7, 4), date(year, 12, 25)]
    observed = [d - timedelta(days=1) if d.weekday() == 5 else d + timedelta(days=1) if d.weekday() == 6 else d
                for d in fixed]
    floating = [_nth_weekday(year, 1, 0, 3), _nth_weekday(year, 2, 0, 3), _nth_weekday(year, 5, 0, -1),
                _nth_weekday(year, 9, 0, 1), _nth_weekday(year, 11, 3, 4)]
    thanksgiving_friday = floating[-1] + timedelta(days=1)
    return observed + floating + [thanksgiving_friday, date(year, 12, 24), date(year, 12, 31)]


@lru_cache(maxsize=1)
def _business_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per day number in [_CAL_LO, _CAL_HI): is a business day, the previous and the next business day
    (the day itself when it is one)."""
    days = np.arange(_CAL_LO, _CAL_HI, dtype="int64")
    business = weekday(days) < 5
    hol = [(d - EPOCH).days for y in range(1989, 2101) for d in _holidays(y)]
    hol = np.array([h for h in hol if _CAL_LO <= h < _CAL_HI], dtype="int64")
    business[hol - _CAL_LO] = False
    idx = np.where(business, np.arange(days.size), -1)
    prev = np.maximum.accumulate(idx)
    nxt = np.minimum.accumulate(np.where(business, np.arange(days.size), days.size)[::-1])[::-1]
    prev = np.where(prev < 0, np.arange(days.size), prev)
    nxt = np.where(nxt >= days.size, np.arange(days.size), nxt)
    return business, days[prev], days[nxt]


def _cal_index(days: np.ndarray) -> np.ndarray:
    days = np.asarray(days, dtype="int64")
    if days.size and (days.min() < _CAL_LO or days.max() >= _CAL_HI):
        raise ValueError("dates outside 1990-2099")
    return days - _CAL_LO


def is_business_day(days: np.ndarray) -> np.ndarray:
    """True on weekdays that are not company holidays."""
    return _business_tables()[0][_cal_index(days)]


def last_business_day(days: np.ndarray) -> np.ndarray:
    """The day itself when a business day, else the business day before it."""
    return _business_tables()[1][_cal_index(days)]


def to_business_day(rng: np.random.Generator, days: np.ndarray, lo: np.ndarray | int | None = None,
                    hi: np.ndarray | int | None = None, off_hours: float = 0.03) -> np.ndarray:
    """Human events on the business calendar: each day on a weekend or holiday moves to the business day
    before it (or after it when that falls before `lo`), staying inside [lo, hi]; a share `off_hours`
    of them stays put (people do work a Saturday now and then). Business days are unchanged."""
    days = np.asarray(days, dtype="int64")
    business, prev, nxt = _business_tables()
    i = _cal_index(days)
    lo_a = np.full(days.size, np.iinfo(np.int64).min) if lo is None else np.broadcast_to(lo, days.shape)
    hi_a = np.full(days.size, np.iinfo(np.int64).max) if hi is None else np.broadcast_to(hi, days.shape)
    p, n = prev[i], nxt[i]
    moved = np.where(p >= lo_a, p, np.where(n <= hi_a, n, days))
    stay = business[i] | (rng.random(days.size) < off_hours)
    return np.where(stay, days, moved)


def business_day_near(day: int, lo: int | None = None, hi: int | None = None) -> int:
    """`to_business_day` of one day in plain Python, without off-hours events (for the per-contract loop)."""
    business, prev, nxt = _business_tables()
    i = int(day) - _CAL_LO
    if business[i]:
        return int(day)
    p, n = int(prev[i]), int(nxt[i])
    return p if lo is None or p >= lo else n if hi is None or n <= hi else int(day)


def sample_days(rng: np.random.Generator, n: int, lo: int, hi: int, weekend_keep: float = 0.1,
                holiday_keep: float = 0.3) -> np.ndarray:
    """n business-like days in [lo, hi]: weekends, holidays and the holiday slowdown thinned by rejection."""
    out = np.empty(0, dtype="int64")
    need = n
    while need > 0:
        cand = rng.integers(lo, hi + 1, size=int(need * 1.8) + 16)
        keep = np.ones(cand.size, dtype=bool)
        u = rng.random(cand.size)
        keep &= ~(~is_business_day(cand) & (u > weekend_keep))
        u2 = rng.random(cand.size)
        keep &= ~(holiday_slow(cand) & (u2 > holiday_keep))
        out = np.concatenate([out, cand[keep][:need]])
        need = n - out.size
    return out


def business_seconds(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds into the day, mostly 08:00-18:00 UTC-naive."""
    return rng.integers(8 * 3600, 18 * 3600, size=n).astype("int64")


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def pick(rng: np.random.Generator, values: list | tuple, probs, n: int) -> np.ndarray:
    p = np.asarray(probs, dtype=float)
    return rng.choice(len(values), size=n, p=p / p.sum())
