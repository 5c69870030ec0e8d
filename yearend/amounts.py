"""How figures are written: one decimal, whole numbers as ints, percentages, dates."""

from __future__ import annotations

import datetime as dt

from .chinese import round_half


def num(x: float) -> int | float:
    """Round to one decimal; whole numbers become ints so templates print 30, not 30.0."""
    x = round_half(float(x)) + 0.0
    return int(x) if x.is_integer() else x


def ratio(part: float, whole: float) -> int | float:
    """A percentage (0–100) with one decimal; 0 when there is nothing to divide by."""
    return num(100.0 * part / whole) if whole else 0


def date_text(d: dt.date | None) -> str:
    """A date as documents write it: 2025年3月5日 ("" for none)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""
