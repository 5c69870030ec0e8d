"""Chinese numbers, dates, percentages, heading numbers and masking.

These are the template filters (``{{ 12|中文数字 }}``); each is a plain function
of its value, so templates and code format the same way.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

DIGITS = "零一二三四五六七八九"
DATE_DIGITS = "〇一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _below_10000(n: int) -> str:
    out = ""
    zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + _SMALL_UNITS[power]
    return out


def chinese_number(value: object) -> str:
    """12 → 十二, 101 → 一百零一, 10000 → 一万, 2.5 → 二点五."""
    if isinstance(value, str):
        value = float(value) if "." in value else int(value)
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = f"{value}".partition(".")
        return chinese_number(int(whole)) + "点" + "".join(DIGITS[int(c)] for c in frac)
    n = int(value)
    if n < 0:
        return "负" + chinese_number(-n)
    if n == 0:
        return "零"
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        if out and g < 1000:
            out += "零"
        out += _below_10000(g) + _BIG_UNITS[i]
    out = re.sub("零+", "零", out)
    # 一十 → 十 at the start only: 10 → 十, 110 → 一百一十
    return out[1:] if out.startswith("一十") else out


_DATE_TEXT = re.compile(r"^(\d{4})\D+(\d{1,2})\D+(\d{1,2})\D*$")


def as_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE_TEXT.match(str(value).strip())
    if not m:
        raise ValueError(f"不是日期：{value}")
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def date_text(value: object) -> str:
    """2025-12-31 → 2025年12月31日 (Arabic numerals, no padding, as GB/T 9704 wants)."""
    d = as_date(value)
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def date_upper(value: object) -> str:
    """2025-12-31 → 二〇二五年十二月三十一日."""
    d = as_date(value)
    if not d:
        return ""
    year = "".join(DATE_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{chinese_number(d.month)}月{chinese_number(d.day)}日"


def plain_number(value: object) -> str:
    """30.0 → 30, 2.25 → 2.3 (one decimal at most)."""
    if value is None or value == "":
        return ""
    x = round(float(value), 1)
    return str(int(x)) if x.is_integer() else str(x)


def percent(value: object) -> str:
    """A percentage number → text: 62.5 → 62.5%, 100.0 → 100%."""
    if value is None or value == "":
        return ""
    return plain_number(value) + "%"


def heading_number(n: int, level: int = 1) -> str:
    """The GB/T 9704 heading numbers: level 1 一、 level 2 （一） level 3 1. level 4 （1）."""
    n = int(n)
    if level == 1:
        return chinese_number(n) + "、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"序号层级只能是 1 到 4，而不是 {level}")


def mask_phone(value: object) -> str:
    """13812345678 → 138****5678; shorter numbers keep their last 4 digits visible."""
    s = str(value or "").strip()
    if len(s) >= 11:
        return s[:3] + "*" * (len(s) - 7) + s[-4:]
    if len(s) > 4:
        return "*" * (len(s) - 4) + s[-4:]
    return s


def change(value: object, unit: str = "") -> str:
    """A signed difference in words: 3 → 增加3名, -2 → 减少2名, 0 → 持平."""
    x = float(value or 0)
    if x == 0:
        return "持平"
    word = "增加" if x > 0 else "减少"
    return f"{word}{plain_number(abs(x))}{unit}"


TITLE_CHARS = 20  # 二号 (22 pt) characters on one line of the 156 mm 版心


def text_width(text: str) -> float:
    """Width in characters: CJK and full-width count 1, ASCII (2025) counts ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def title_lines(segments: object, width: int = TITLE_CHARS) -> str:
    """A long title broken into lines (joined by \n) between its words, never inside one.

    ``segments`` are the title's words in order (``["关于加强", 单位名称, "建设的实施方案"]``);
    a plain string is one word. The lines form a trapezoid (each no shorter than the
    one above) or, for three lines, a diamond (the middle one longest), and are as
    even as that allows. A single word longer than a line is cut at the line's end.
    """
    words = [segments] if isinstance(segments, str) else [str(s) for s in segments or ()]
    pieces: list[str] = []
    for w in (w for w in words if w):
        while text_width(w) > width:  # only a word longer than a whole line is cut
            cut, acc = 0, 0.0
            while cut < len(w) and acc + text_width(w[cut]) <= width:
                acc += text_width(w[cut])
                cut += 1
            pieces.append(w[:cut])
            w = w[cut:]
        pieces.append(w)
    if text_width("".join(pieces)) <= width:
        return "".join(pieces)
    best = None
    n = len(pieces)
    for lines in range(2, n + 1):
        for cuts in itertools.combinations(range(1, n), lines - 1):
            bounds = (0, *cuts, n)
            text = ["".join(pieces[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
            widths = [text_width(t) for t in text]
            if max(widths) > width:
                continue
            trapezoid = all(a <= b for a, b in zip(widths, widths[1:], strict=False))
            diamond = lines == 3 and widths[1] >= widths[0] and widths[1] >= widths[2]
            score = (lines, not (trapezoid or diamond), max(widths) - min(widths))
            if best is None or score < best[0]:
                best = (score, text)
        if best is not None:
            break
    return "\n".join(best[1])


FILTERS = {
    "中文数字": chinese_number,
    "大写日期": date_upper,
    "日期": date_text,
    "百分比": percent,
    "序号": heading_number,
    "掩码": mask_phone,
    "数字": plain_number,
    "增减": change,
    "标题": title_lines,
}


class HeadingCounter:
    """Numbers headings as a template goes, so a left-out section closes the gap.

    ``{{ 编号(1) }}`` gives 一、 then 二、; ``{{ 编号(2) }}`` gives （一） and restarts
    after each level-1 heading. One counter serves one rendering.
    """

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]

    def __call__(self, level: int = 1) -> str:
        level = int(level)
        self.counts[level - 1] += 1
        for deeper in range(level, 4):
            self.counts[deeper] = 0
        return heading_number(self.counts[level - 1], level)
