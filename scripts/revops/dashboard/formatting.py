"""Number formats shared by the terminal scorecard, the figures and the report: $1.23M, 27.4%, +6.2%."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from revops.dashboard.warehouse import to_float


def fmt_int(value: Any) -> str:
    v = to_float(value)
    return "–" if v is None else f"{v:,.0f}"


def fmt_pct(value: Any, digits: int = 1) -> str:
    v = to_float(value)
    return "–" if v is None else f"{100 * v:.{digits}f}%"


def fmt_growth(value: Any) -> str:
    v = to_float(value)
    return "" if v is None else f"{100 * v:+.1f}%"


def fmt_days(value: Any) -> str:
    v = to_float(value)
    return "–" if v is None else f"{v:,.1f} d"


def fmt_money(value: Any) -> str:
    """Compact money: $950, $52.3K, $12.35M, $1.20B."""
    v = to_float(value)
    if v is None:
        return "–"
    sign = "-" if v < 0 else ""
    a = abs(v)
    if a >= 1e9:
        return f"{sign}${a / 1e9:.2f}B"
    if a >= 1e6:
        return f"{sign}${a / 1e6:.2f}M"
    if a >= 1e3:
        return f"{sign}${a / 1e3:.1f}K"
    return f"{sign}${a:,.0f}"


def fmt_ratio(value: Any) -> str:
    v = to_float(value)
    return "–" if v is None else f"{v:.2f}x"


def quarter_label(value: Any) -> str:
    """Calendar quarter of a period_start: 2024-Q2."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        value = date.fromisoformat(str(value)[:10])
    return f"{value.year}-Q{(value.month - 1) // 3 + 1}"


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A fixed-width table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]

    def line(cells: Sequence[str]) -> str:
        parts = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])
