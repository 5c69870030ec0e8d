"""How figures are written: one decimal, whole numbers as ints, percentages, dates; which
are the greatest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TypeVar

from .chinese import round_half

K = TypeVar("K")


def num(x: float) -> int | float:
    """Round to one decimal; whole numbers become ints so templates print 30, not 30.0."""
    x = round_half(float(x)) + 0.0
    return int(x) if x.is_integer() else x


def ratio(part: float, whole: float) -> int | float:
    """A percentage (0–100) with one decimal; 0 when there is nothing to divide by."""
    return num(100.0 * part / whole) if whole else 0


def working_day(d: dt.date) -> dt.date:
    """``d``, or the first day after it that is neither a weekend nor 1 January (a deadline a
    department can meet; the other public holidays move from year to year and are not known here)."""
    while d.weekday() >= 5 or (d.month, d.day) == (1, 1):
        d += dt.timedelta(days=1)
    return d


def date_text(d: dt.date | None) -> str:
    """A date as documents write it: 2025年3月5日 ("" for none)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def greatest(values: Mapping[K, Mapping[str, float]], key: str) -> list[K]:
    """The keys whose ``key`` figure is the greatest, all that tie, in order: a summary that
    names one busiest month where two tie says what the data does not."""
    top = max((v.get(key, 0) for v in values.values()), default=0)
    return [k for k in sorted(values) if values[k].get(key, 0) == top]  # type: ignore[type-var]  # (months, names)
