"""Chinese numbers, dates, percentages, heading numbers and masking.

These are the template filters (``{{ 12|中文数字 }}``); each is a plain function
of its value, so templates and code format the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from .errors import FilterError

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
    """数字写成中文：12 → 十二，101 → 一百零一，2.5 → 二点五。"""
    value = _number(value, "中文数字")
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


def _number(value: object, name: str) -> int | float:
    """A filter's value as a number, or a FilterError saying which filter wanted one."""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, (int, float)):
        return value
    try:
        text = str(value).strip()
        return float(text) if "." in text else int(text)
    except ValueError:
        raise FilterError(f"“{value}”不是数字，“{name}”过滤器只能用于数字，如 {{{{ 队伍人数|{name} }}}}") from None


_DATE_TEXT = re.compile(r"^(\d{4})\D+(\d{1,2})\D+(\d{1,2})\D*$")


def as_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE_TEXT.match(str(value).strip())
    try:
        if m is None:
            raise ValueError(value)
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:  # no match, or no such day
        raise FilterError(f"“{value}”不是日期，日期过滤器只能用于日期，如 {{{{ 成文日期|日期 }}}}") from None


def date_text(value: object) -> str:
    """日期写成 2025年12月31日（阿拉伯数字，不补零，合 GB/T 9704）。"""
    d = as_date(value)
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def date_upper(value: object) -> str:
    """日期写成汉字：2025-12-31 → 二〇二五年十二月三十一日。"""
    d = as_date(value)
    if not d:
        return ""
    year = "".join(DATE_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{chinese_number(d.month)}月{chinese_number(d.day)}日"


def round_half(x: float, digits: int = 1) -> float:
    """Rounded as people round (四舍五入): 2.25 → 2.3, where round() gives 2.2."""
    x = float(x)
    if x.is_integer():  # most figures are counts: nothing to round (a Decimal each was an eighth of the figures)
        return x
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def plain_number(value: object) -> str:
    """数字最多保留一位小数：30.0 → 30，2.25 → 2.3。"""
    if value is None or value == "":
        return ""
    x = round_half(float(_number(value, "数字")))
    return str(int(x)) if x.is_integer() else str(x)


def percent(value: object) -> str:
    """百分数加百分号：62.5 → 62.5%，100.0 → 100%。"""
    if value is None or value == "":
        return ""
    return plain_number(_number(value, "百分比")) + "%"


def heading_number(n: int, level: int = 1) -> str:
    """标题序号：第 1 层 一、，第 2 层 （一），第 3 层 1.，第 4 层 （1）。"""
    n = int(_number(n, "序号"))
    if level == 1:
        return chinese_number(n) + "、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise FilterError(f"序号层级只能是 1 到 4，而不是 {level}")


def mask_phone(value: object) -> str:
    """电话号码中间打星号：13812345678 → 138****5678；较短的号码只显示后 4 位。"""
    s = str(value or "").strip()
    if len(s) >= 11:
        return s[:3] + "*" * (len(s) - 7) + s[-4:]
    if len(s) > 4:
        return "*" * (len(s) - 4) + s[-4:]
    return s


def change(value: object, unit: str = "") -> str:
    """增减写成文字：3 → 增加3名，-2 → 减少2名，0 → 持平（单位作参数：{{ 增减.队伍人数|增减('名') }}）。"""
    x = float(_number(value or 0, "增减"))
    if x == 0:
        return "持平"
    word = "增加" if x > 0 else "减少"
    return f"{word}{plain_number(abs(x))}{unit}"


# How a unit calls itself in its own documents (docs/documents.md, "Voice"), by how its name ends;
# the first rule that matches wins, so 人民政府 is looked at before what precedes it.
SELF_NAMES: tuple[tuple[str, str], ...] = (
    ("街道办事处", "我街道"), ("街道", "我街道"), ("镇人民政府", "我镇"), ("乡人民政府", "我乡"), ("镇政府", "我镇"),
    ("乡政府", "我乡"), ("镇", "我镇"), ("乡", "我乡"), ("学校", "我校"), ("中学", "我校"), ("小学", "我校"),
    ("大学", "我校"), ("学院", "我院"), ("医院", "我院"), ("村民委员会", "我村"), ("居民委员会", "我社区"),
    ("社区", "我社区"), ("村", "我村"), ("委员会", "我委"), ("委", "我委"), ("办公室", "我办"),
    ("办", "我办"), ("中心", "我中心"), ("公司", "我公司"), ("局", "我局"), ("部", "我部"), ("院", "我院"),
    ("所", "我所"), ("站", "我站"), ("厅", "我厅"), ("处", "我处"), ("队", "我队"), ("社", "我社"),
)


def self_name(unit_name: str) -> str:
    """我局 for …局, 我镇 for …镇人民政府, 我校 for …中学; 我单位 when no rule fits."""
    name = unit_name.strip().rstrip("）)")
    for ending, short in SELF_NAMES:
        if name.endswith(ending):
            return short
    return "我单位"


TITLE_CHARS = 20  # 二号 (22 pt) characters on one line of the 156 mm 版心


def text_width(text: str) -> float:
    """Width in characters: CJK and full-width count 1, ASCII (2025) counts ½."""
    # each character's width looked up and summed in C, in the text's order (a generator of
    # conditionals took a tenth of laying out a member form)
    return sum(map(_HALF.get, text, itertools.repeat(1.0)))


_NARROW_END = 0x2E80  # below: ASCII and the like, narrower than a Chinese character
JOIN = "\u2060"  # WORD JOINER: no line break on either side, prints nothing (a word kept whole)
_HALF = dict.fromkeys(map(chr, range(_NARROW_END)), 0.5) | {JOIN: 0.0}
_NARROW_RUN = re.compile(f"[\x00-\u205f\u2061-{chr(_NARROW_END - 1)}]+")


@functools.lru_cache(maxsize=4096)  # every cell of every table asks; most texts recur (学时, dates, names)
def printed_width(text: str) -> float:
    """Characters as LibreOffice prints them where the Windows faces are missing: digits and
    Latin letters in its stand-in Latin face (DejaVu: a digit 0.636 of a character, a
    capital 0.74 on average; SimSun's are narrower, so a width that holds here holds in Word
    too), and a fifth more at each change between them and Chinese, where it puts its
    Asian/Latin spacing whatever the document says (in a table cell and in body text alike).
    Measured in its PDFs: 1993年6月 at 9 pt is 5.78 characters, 138****8298 6.45."""
    # the changes are the ends of each run of narrow characters inside the text; the widths
    # are summed as text_width sums them (the same sum, in the same order, to the last bit)
    changes = sum((m.start() > 0) + (m.end() < len(text)) for m in _NARROW_RUN.finditer(text))
    return sum(map(_PRINTED.get, text, itertools.repeat(1.0))) + 0.2 * changes


# DejaVu's widest and narrowest; other capitals 0.76, everything else as a digit (0.64)
_LATIN = {"%": 0.95, "*": 0.5, "@": 1.0, "M": 1.03, "W": 1.03, "m": 0.95, "w": 0.86}


def _latin(ch: str) -> float:
    return _LATIN.get(ch, 0.76 if "A" <= ch <= "Z" else 0.64)


_PRINTED = {ch: _latin(ch) for ch in map(chr, range(_NARROW_END))} | {JOIN: 0.0}  # printed widths


def title_lines(segments: object, width: int = TITLE_CHARS) -> str:
    """长标题在词与词之间分行（不拆开词语），各行呈梯形或菱形。

    A long title broken into lines (joined by \n) between its words, never inside one.

    ``segments`` are the title's words in order (``["关于加强", 单位名称, "建设的实施方案"]``);
    a plain string is one word. The lines form a trapezoid (each no shorter than the
    one above) or, for three lines, a diamond (the middle one longest), and are as
    even as that allows. A single word longer than a line is cut at the line's end.
    Lines are measured as printed (``printed_width``): at text_width's ½ a digit, a line
    holding 青松15街道办事处2026年度 printed wider than the 版心 and left 处 alone.
    """
    words = [segments] if isinstance(segments, str) else [str(s) for s in cast(Iterable, segments or ())]
    pieces: list[str] = []
    for w in (w for w in words if w):
        if printed_width(w) <= width:
            pieces.append(w)
            continue
        start, acc = 0, 0.0  # only a word longer than a whole line is cut, at each line's end
        for i, ch in enumerate(w):
            if acc + printed_width(ch) > width:
                pieces.append(w[start:i])
                start, acc = i, 0.0
            acc += printed_width(ch)
        pieces.append(w[start:])
    if printed_width("".join(pieces)) <= width:
        return "".join(pieces)
    n = len(pieces)
    if n > MAX_BALANCED:  # a name of hundreds of characters: trying every split would never end
        return "\n".join(_greedy(pieces, width))
    best: tuple[tuple[int, bool, float], list[str]] | None = None
    for lines in range(2, n + 1):
        for cuts in itertools.combinations(range(1, n), lines - 1):
            bounds = (0, *cuts, n)
            text = ["".join(pieces[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
            widths = [printed_width(t) for t in text]
            if max(widths) > width:
                continue
            trapezoid = all(a <= b for a, b in zip(widths, widths[1:], strict=False))
            diamond = lines == 3 and widths[1] >= widths[0] and widths[1] >= widths[2]
            score = (lines, not (trapezoid or diamond), max(widths) - min(widths))
            if best is None or score < best[0]:
                best = (score, text)
        if best is not None:
            break
    return "\n".join(best[1] if best else _greedy(pieces, width))


MAX_BALANCED = 10  # pieces up to which every split is weighed (2^9 at most); beyond, lines are filled


def _greedy(pieces: list[str], width: int) -> list[str]:
    """Lines filled in order, each as full as the pieces allow."""
    lines: list[str] = []
    for piece in pieces:
        if lines and printed_width(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


def item_number(index: object, items: object = "") -> str:
    """列表条目的序号：{{ loop.index|条目(列表) }} 给出“1.”；列表中有条目以数字开头（如“2026年……”）时，整个列表用“（1）”，免得读成“1.2026”。"""
    n = int(_number(index, "条目"))
    texts = items if isinstance(items, (list, tuple)) else [items]
    return f"（{n}）" if any(str(t or "")[:1].isdigit() for t in texts) else f"{n}."


def people_list(people: object) -> str:
    """人员名单：{{ 领导小组.成员|名单 }} 把各人的称呼用“、”连起来；有人的称呼本身带“、”（“党委委员、副镇长张三”）时改用“，”，免得分不清是几个人。"""
    seq = people if isinstance(people, (list, tuple)) else [people]
    names = [str(p.get("称呼") or p.get("姓名") or "") if isinstance(p, dict) else str(p) for p in seq]
    return ("，" if any("、" in n for n in names) else "、").join(n for n in names if n)


FILTERS = {
    "名单": people_list,
    "中文数字": chinese_number,
    "大写日期": date_upper,
    "日期": date_text,
    "百分比": percent,
    "序号": heading_number,
    "掩码": mask_phone,
    "数字": plain_number,
    "增减": change,
    "标题": title_lines,
    "条目": item_number,
}


class HeadingCounter:
    """Numbers headings as a template goes, so a left-out section closes the gap.

    ``{{ 编号(1) }}`` gives 一、 then 二、; ``{{ 编号(2) }}`` gives （一） and restarts
    after each level-1 heading. One counter serves one rendering.
    """

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]

    def __call__(self, level: int = 1) -> str:
        level = int(_number(level, "编号"))
        if not 1 <= level <= 4:
            raise FilterError(f"编号的层级只能是 1 到 4，而不是 {level}：{{{{ 编号(1) }}}} 给出 一、，{{{{ 编号(2) }}}} 给出（一）")
        self.counts[level - 1] += 1
        for deeper in range(level, 4):
            self.counts[deeper] = 0
        return heading_number(self.counts[level - 1], level)


class ArticleCounter:
    """Numbers the articles of rules (制度) as a template goes: ``{{ 条款() }}`` gives
    第一条, then 第二条; a left-out article closes the gap. One counter serves one rendering."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"第{chinese_number(self.count)}条"
