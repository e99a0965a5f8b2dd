"""Shared generation context: options, reference data, seeded random streams and date helpers.

Dates are int64 day numbers since 1970-01-01 and timestamps int64 epoch seconds throughout;
the writer formats them. Each component draws from its own named stream so changing one
table's logic never shifts another table's random numbers.
"""

from __future__ import annotations

import calendar
import zlib
from dataclasses import dataclass, field
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


def sample_days(rng: np.random.Generator, n: int, lo: int, hi: int, weekend_keep: float = 0.25,
                holiday_keep: float = 0.3) -> np.ndarray:
    """n business-like days in [lo, hi]: weekends and the holiday slowdown thinned by rejection."""
    out = np.empty(0, dtype="int64")
    need = n
    while need > 0:
        cand = rng.integers(lo, hi + 1, size=int(need * 1.8) + 16)
        keep = np.ones(cand.size, dtype=bool)
        u = rng.random(cand.size)
        keep &= ~((weekday(cand) >= 5) & (u > weekend_keep))
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
