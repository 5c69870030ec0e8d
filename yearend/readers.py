"""Cell value readers: one function per kind of column (text, name, date, month,
number, phone, year), each taking what the spreadsheet reader gave and returning a
clean value or raising ``BadValue`` with the Chinese advice.

Hand-typed workbooks hold dates in five formats, numbers with units, phone numbers
Excel turned into floats and names padded with spaces; all of it is decided here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from . import schema
from .ooxml import XML_FORBIDDEN


class BadValue(ValueError):
    """A cell value that cannot be read; the text is the Chinese advice."""


def nfkc(s: str) -> str:
    # Full-width digits, letters and spaces → ASCII; the ideographic space too.
    return unicodedata.normalize("NFKC", s).strip()


def shown(value: object) -> str:
    """A cell value as the clerk typed it, for messages."""
    if type(value) is str:  # most cells: the fast way first
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


_DOC_NUMBER = re.compile(r"^(.*?)[〔\[［【(（<〈]\s*(\d{4})\s*[〕\]］】)）>〉]\s*第?\s*0*(\d+)\s*号$")


def doc_number(text: str) -> str:
    """A 发文字号 in GB/T 9704's form: 青教发[2025]第05号 → 青教发〔2025〕5号."""
    m = _DOC_NUMBER.match(nfkc(text)) if text else None
    return f"{m[1].strip()}〔{m[2]}〕{int(m[3])}号" if m else text


def read_text(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        d = value.date() if isinstance(value, dt.datetime) else value
        return f"{d.year}年{d.month}月{d.day}日"
    return shown(value)


# Full-width digits and Latin letters, and the ideographic space, as ASCII; full-width
# punctuation (刘丽（女）) is kept as typed, which NFKC would turn into ASCII brackets.
_NARROW = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_NARROW[0x3000] = 0x20


def narrow(s: str) -> str:
    return s.translate(_NARROW).strip()


# what clerks put between names in one cell (参训人员, 发现人): 、 , ， ; ； / and spaces
NAME_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def read_name(value: object) -> str:
    """Names are padded for alignment in Excel (`张 三`): every space goes."""
    return re.sub(r"\s+", "", narrow(shown(value)))


# What XML forbids (Word will not open it), found in a cell: removed, with a warning.
# A vertical tab is Excel's line break in a cell and becomes one.
CONTROL = XML_FORBIDDEN


def control_characters(text: str) -> list[str]:
    """The characters of ``text`` a Word document cannot hold, as U+XXXX, each once."""
    return sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)})


_DATE_SEP = r"[-/.年]"
_FULL_DATE = re.compile(rf"^(\d{{4}}){_DATE_SEP}(\d{{1,2}})[-/.月](\d{{1,2}})日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR_MONTH = re.compile(rf"^(\d{{4}}){_DATE_SEP}(\d{{1,2}})月?$")
_TIME_TAIL = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_HINT = "请填写为 2025-03-05 这样的格式"
MONTH_HINT = "请填写为 1990-10 或 1990年10月 这样的格式"


def _make_date(y: int, m: int, d: int, raw: object) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise BadValue(f"日期“{shown(raw)}”不存在，{DATE_HINT}") from None


FIRST_YEAR, LAST_YEAR = 1900, 2100  # a date outside is a typing slip (0001-01-01, 9999-12-31)


def read_date(value: object) -> dt.date:
    day = _read_date(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadValue(f"日期“{shown(value)}”的年份 {day.year} 不合理（应在 {FIRST_YEAR}–{LAST_YEAR} 年之间），{DATE_HINT}")
    return day


def _read_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            s = str(int(value))
            return _make_date(int(s[:4]), int(s[4:6]), int(s[6:]), value)
        if float(value).is_integer() and 1 <= value < 80000:
            # a date typed into a cell formatted as a number: an Excel serial. Excel counts
            # a 29 February 1900 that never was (serial 60, kept from Lotus 1-2-3), so the
            # serials before it are one day later than the epoch arithmetic gives.
            if value == 60:
                raise BadValue(f"日期“{shown(value)}”是 Excel 的 1900年2月29日，这一天并不存在，{DATE_HINT}")
            return _EXCEL_EPOCH + dt.timedelta(days=int(value) + (1 if value < 60 else 0))
        raise BadValue(f"日期“{shown(value)}”无法识别，{DATE_HINT}")
    s = _TIME_TAIL.sub("", nfkc(str(value)))
    m = _FULL_DATE.match(s) or _COMPACT_DATE.match(s)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), value)
    raise BadValue(f"日期“{shown(value)}”无法识别，{DATE_HINT}")


_CLOCK = re.compile(r"^(.*?[\d日])[\sT]*(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?$")


def read_moment(value: object) -> dt.date | dt.datetime:
    """A date, or a date and a time of day (发现时间, 上报时间): a datetime only when the
    cell carries a time (an Excel datetime, `2025-03-05 09:30`, `2025/3/5 9:30`,
    `2025年3月5日9时30分`), else a date. Midnight exactly is a date typed without a time:
    Excel stores a plain date as that datetime, so it cannot be told apart."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return read_date(value.date())
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, float) and not value.is_integer() and 1 <= value < 80000:  # an Excel serial with a time
        day = read_date(float(int(value)))
        minutes = round((value - int(value)) * 24 * 60)
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
    if isinstance(value, str):
        s = nfkc(value)
        m = _CLOCK.match(s)
        if m and not _FULL_DATE.match(s) and not _COMPACT_DATE.match(s):
            day = read_date(m[1].strip())
            hour, minute = int(m[2]), int(m[3] or 0)
            if hour > 23 or minute > 59:
                raise BadValue(f"时间“{shown(value)}”不存在，{MOMENT_HINT}")
            return dt.datetime.combine(day, dt.time(hour, minute))
    return read_date(value)


MOMENT_HINT = "请填写为 2025-03-05 09:30 这样的格式（只知道日期时填 2025-03-05）"


def read_month(value: object, default_year: int | None = None) -> tuple[int, int]:
    """(year, month) from a date, `2025-03`, `2025年3月`, `2025.03`, or a bare 1–12."""
    year, month = _read_month(value, default_year)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadValue(f"年月“{shown(value)}”的年份 {year} 不合理（应在 {FIRST_YEAR}–{LAST_YEAR} 年之间），{MONTH_HINT}")
    return year, month


def _read_month(value: object, default_year: int | None = None) -> tuple[int, int]:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year, value.month
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= 12 and default_year:
            return default_year, int(value)
        if float(value).is_integer() and value > 100000:
            d = read_date(value)
            return d.year, d.month
        # 1990.10 typed into a number cell arrives as 1990.1: January or October?
        text = repr(float(value))
        y, _, frac = text.partition(".")
        if len(y) == 4 and frac and len(frac) <= 2:
            if frac == "1":
                raise BadValue(f"“{shown(value)}”有歧义（1月还是10月？），请把单元格设为文本后填写 1990-10 或 1990-01")
            month = int(frac)
            if 1 <= month <= 12:
                return int(y), month
        raise BadValue(f"年月“{shown(value)}”无法识别，{MONTH_HINT}")
    s = _TIME_TAIL.sub("", nfkc(str(value)))
    m = re.match(r"^(\d{1,2})月?$", s)
    if m and default_year and 1 <= int(m[1]) <= 12:
        return default_year, int(m[1])
    m = _YEAR_MONTH.match(s) or re.match(r"^(\d{4})(\d{2})$", s)
    if m:
        if 1 <= int(m[2]) <= 12:
            return int(m[1]), int(m[2])
        raise BadValue(f"年月“{shown(value)}”中的月份不存在，{MONTH_HINT}")
    d = read_date(value)  # a full date is a month too
    return d.year, d.month


_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(学时|课时|小时|个学时|个小时|h|H)?$")


# Every number column counts something (hours, posts, places, a score): none is negative,
# and none is anywhere near a million. A larger one is a typing slip (1e30, 13800000000 in
# the wrong column) that would otherwise print as 发帖-54条 or overflow a rounding.
MAX_NUMBER = 1_000_000


def read_number(value: object) -> float:
    if isinstance(value, bool):
        raise BadValue(f"“{shown(value)}”不是数字，请填写数字，如 2 或 1.5")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        m = _NUMBER.match(nfkc(str(value)).replace(",", ""))
        if not m:
            raise BadValue(f"“{shown(value)}”不是数字，请填写数字，如 2 或 1.5")
        number = float(m[1])
    if number != number or number in (float("inf"), float("-inf")):
        raise BadValue(f"“{shown(value)}”不是数字，请填写数字，如 2 或 1.5")
    if number < 0:
        raise BadValue(f"“{shown(value)}”是负数，这一列记的是数量，请填写 0 或正数")
    if number > MAX_NUMBER:
        raise BadValue(f"“{shown(value)}”大得不合理（超过 {MAX_NUMBER:,}），请核对后改正")
    return number


def read_phone(value: object) -> str:
    """Excel turns 13800000000 into 13800000000.0; the clerk wants the digits back."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"\s+", "", nfkc(shown(value)))


def read_year(value: object) -> int:
    s = nfkc(shown(value)).rstrip("年度")
    if re.fullmatch(r"\d{4}", s) and 2000 <= int(s) <= 2100:
        return int(s)
    raise BadValue(f"年度“{shown(value)}”无法识别，请填写四位年份，如 2025")


READERS = {
    schema.TEXT: read_text,
    schema.NAME: read_name,
    schema.DATE: read_date,
    schema.NUMBER: read_number,
    schema.PHONE: read_phone,
    schema.MONTH: read_month,
    schema.MOMENT: read_moment,
}


# a workbook's dates mostly in another year: its 年度 is wrong, or the data is another year's
WRONG_YEAR = ("单位信息表的年度是{year}年，但培训日期和工作量月份{n}个中有{m}个在{likely}年，像是{likely}年的数据。"
              "请核对“年度”，或换用{year}年的数据；年度不对时生成的文档会写成一年什么也没做")


def wrong_year(years, year: int) -> str:
    """The problem when most of a workbook's dated rows (``years``: how many fall in each
    year; three at least, more than half in one other year) say its 年度 is wrong; else ""."""
    total = sum(years.values())
    likely, n = max(years.items(), key=lambda kv: kv[1], default=(year, 0))
    wrong = total >= 3 and likely != year and n > total / 2
    return WRONG_YEAR.format(year=year, likely=likely, n=total, m=n) if wrong else ""

