"""The opinions sheet (舆情台账): its rows read into ``Opinion`` records with every
warning WORKBOOK.md lists, its levels in their several spellings, the unit's time
limits, and how fast each step of an item was taken against them.

Time limits count from 发现时间. 上报: 特别重大 and 重大 1 hour, 较大 2, 一般 24, unless
the unit sheet's 上报时限 says otherwise. 回应 (国办发〔2016〕61号, 国办发〔2016〕80号):
特别重大 and 重大 5 hours, the others 48. A limit in hours is checked only where both
times carry a time of day; the rest are counted apart, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re

from . import schema
from .errors import WARNING
from .rawcells import column_letter
from .readers import NAME_SEPARATORS, BadValue, narrow, shown
from .records import Member, Opinion, UnitModel

REPORT, RESPOND = "上报", "回应"
DEFAULT_LIMITS: dict[str, dict[str, float]] = {
    REPORT: {"特别重大": 1, "重大": 1, "较大": 2, "一般": 24},
    RESPOND: {"特别重大": 5, "重大": 5, "较大": 48, "一般": 48},
}
GRAVE = ("特别重大", "重大")  # a late or unanswered one is a warning of its own
MAJOR_AND_ABOVE = ("特别重大", "重大", "较大")  # 较大以上

# each level's other spellings, after narrow() and without 级/色/舆情/事件
_SPELLINGS = {
    "特别重大": ("特别重大", "I", "Ⅰ", "1", "一", "红"),
    "重大": ("重大", "II", "Ⅱ", "2", "二", "橙"),
    "较大": ("较大", "III", "Ⅲ", "3", "三", "黄"),
    "一般": ("一般", "IV", "Ⅳ", "4", "四", "蓝"),
}
_LEVEL_OF = {spelling: level for level, spellings in _SPELLINGS.items() for spelling in spellings}
_LEVEL_NOISE = re.compile(r"[\s级色]|舆情|事件")


def level_of(text: str) -> str | None:
    """The canonical level of ``text`` (Ⅲ级, 黄色, 较大舆情 → 较大), None when unknown."""
    key = _LEVEL_NOISE.sub("", narrow(text)).upper()
    return _LEVEL_OF.get(key)


_LIMIT = re.compile(r"(特别重大|重大|较大|一般)[^\d特重较一]*?(\d+(?:\.\d+)?)\s*(小时|个小时|分钟|h|H)")


def parse_limits(text: str) -> dict[str, float]:
    """The unit's 上报时限 (`重大1小时，较大2小时，一般24小时`): level → hours. A level it does
    not name keeps its default; 特别重大 follows 重大 when only 重大 is given. Raises
    BadValue when the text names no limit at all."""
    found: dict[str, float] = {}
    for m in _LIMIT.finditer(narrow(text)):
        hours = float(m[2]) / (60 if m[3] == "分钟" else 1)
        if hours <= 0:  # 重大0小时: no limit a unit could keep, a slip
            raise BadValue(f"上报时限“{text}”中{m[1]}的时限为 0，请填写大于 0 的时限，如“重大1小时”")
        found.setdefault(m[1], hours)
    if not found:
        raise BadValue(f"上报时限“{text}”无法识别，请写成“重大1小时，较大2小时，一般24小时”这样的格式")
    if "重大" in found and "特别重大" not in found:
        found["特别重大"] = min(found["重大"], DEFAULT_LIMITS[REPORT]["特别重大"])
    return {**DEFAULT_LIMITS[REPORT], **found}


def has_time(t: dt.date | None) -> bool:
    return isinstance(t, dt.datetime)


def minutes_between(start: dt.date, end: dt.date) -> int:
    return int((end - start).total_seconds() // 60)  # both datetimes


ON_TIME, LATE, UNTIMED, NOT_DONE = "按时", "超时", "未记录具体时间", "未记录"


class AtLeast(int):
    """Minutes taken, known only as a least: a step recorded by its day alone, on a day that
    began after the limit had run out (found 11月25日 21:00, answered 11月27日: 27 hours at least)."""


def step(o: Opinion, at: dt.date | None, limits: dict[str, float]) -> tuple[str, int | None]:
    """How one step (上报 or 回应, done at ``at``) of ``o`` went against its limit:
    (按时 / 超时 / 未记录具体时间 / 未记录, minutes taken or None). 60 minutes against a
    1-hour limit is on time; 61 is late. A step recorded by its day alone is late when even
    that day's first minute is past the limit (the minutes then an AtLeast), on time when
    even its last minute is within it (found 9月25日 10:00, answered 9月26日 against 48 hours:
    the minutes then unknown, None), else untimed."""
    if at is None:
        return NOT_DONE, None
    if o.times_wrong or o.level not in limits or not has_time(o.found):
        return UNTIMED, None
    if not has_time(at):
        day = dt.datetime.combine(at, dt.time())
        least, most = minutes_between(o.found, day), minutes_between(o.found, day + dt.timedelta(days=1))
        limit = limits[o.level] * 60
        return (LATE, AtLeast(least)) if least > limit else (ON_TIME, None) if most <= limit else (UNTIMED, None)
    taken = minutes_between(o.found, at)
    return (ON_TIME if taken <= limits[o.level] * 60 else LATE), taken


def duration(minutes: int | None) -> str:
    """50分钟, 3小时, 2小时15分钟, 2天3小时; 至少1天3小时 for an AtLeast."""
    if minutes is None:
        return ""
    if isinstance(minutes, AtLeast):
        return "至少" + duration(int(minutes))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}天" + (f"{hours}小时" if hours else "")
    if hours:
        return f"{hours}小时" + (f"{mins}分钟" if mins else "")
    return f"{mins}分钟"


def hours_text(hours: float) -> str:
    return f"{hours:g}小时" if hours >= 1 else f"{round(hours * 60)}分钟"


def day_of(t: dt.date) -> dt.date:
    """The day of a moment (a datetime, or already a date)."""
    return t.date() if isinstance(t, dt.datetime) else t


def read(t, year: int, members: list[Member], limits: dict[str, dict[str, float]],
         signed: dt.date | None = None) -> list[Opinion]:
    """The year's items of the opinions sheet (``t``: tables.Table), with its warnings.
    ``signed``: the documents' 成文日期: an item closed after the year and after that date is
    open as the documents tell it, since they cannot know what came after their date. (Within
    the year, the documents speak of the whole year whatever their date, as a summary dated
    12月26日 does.)"""
    by_name = {m.name: m for m in members}
    last = max(signed or dt.date(year, 12, 31), dt.date(year, 12, 31))  # after it, the documents know nothing
    out: list[Opinion] = []
    for row in t.rows:
        values = t.all_required(row, "found", "source", "summary")
        if values is None:
            continue
        found, source, summary = values
        if found.year != year:
            t.warn(row, "found", f"发现时间 {shown(row.cells['found'].value)} 不在 {year} 年内，未计入本年度统计", outside=True)
            continue
        o = Opinion(found, source, summary, row.number)
        for key in ("category", "department", "report_to", "measures", "response", "result"):
            setattr(o, key, t.optional(row, key, ""))
        for key in ("reported", "responded", "closed"):
            setattr(o, key, t.optional(row, key))
        _level(t, row, o)
        _finders(t, row, o, by_name)
        _times(t, row, o, limits)
        _closed_after(t, row, o, last)
        out.append(o)
    if signed is not None and signed.year == year:
        _after_signed(t, out, signed)
    return out


def _after_signed(t, items: list[Opinion], signed: dt.date) -> None:
    """One warning when the year's items hold times after the documents' date (a ledger 填报
    12月28日 listing an item closed 12月29日): the documents speak of the whole year, as a
    summary dated in December does, but the ledger prints both dates side by side."""
    late = [(o, key) for o in items for key in ("found", "reported", "responded", "closed")
            if getattr(o, key) is not None and day_of(getattr(o, key)) > signed]
    if late:
        o, key = late[0]
        t.problems.add(WARNING, t.sheet, t.raw.ref(key, o.row),
                       f"舆情台账中有{len(late)}个时间晚于成文日期 {signed.year}年{signed.month}月{signed.day}日"
                       f"（第一个在这一格），台账却写着这一天填报。请把单位信息表中的成文日期改为实际填报的日期，"
                       "或核对这些时间")


def _closed_after(t, row, o: Opinion, last: dt.date) -> None:
    """An item closed after ``last`` (the documents' date, or the year's end when they are dated
    within the year) is open in them: a ledger dated 12月28日 that counts the item as open at
    the year's end (as it was) cannot print 2026年1月5日 in its 办结 column."""
    if o.closed is not None and day_of(o.closed) > last:
        t.warn(row, "closed", f"办结时间 {shown(row.cells['closed'].value)} 晚于年底和成文日期：文档按年底尚未办结写，"
                              "不写这个日期。如办结时间填错请改正；文档在办结之后才印发的，请把单位信息表中的成文日期"
                              "改为印发的日期")
        o.closed = None


def _level(t, row, o: Opinion) -> None:
    written = t.optional(row, "level", "")
    if not written:
        o.level = schema.UNGRADED
        if "level" in t.raw.columns:
            t.problems.add(WARNING, t.sheet, t.raw.ref("level", row.number),
                           "等级未填写，按“未分级”统计，不计算上报、回应是否及时；请填写一般、较大、重大或特别重大")
        return
    o.level = level_of(written) or written
    if o.level not in schema.OPINION_LEVELS:
        t.warn(row, "level", f"等级“{written}”无法识别，已按原样统计，不计算上报、回应是否及时；"
                             "请填写一般、较大、重大或特别重大（也可写Ⅳ级至Ⅰ级、蓝黄橙红）")


def _finders(t, row, o: Opinion, members: dict[str, Member]) -> None:
    cell = row.cells.get("finders")
    if cell is None:
        return
    o.finders = [n for n in dict.fromkeys(NAME_SEPARATORS.split(narrow(shown(cell.value)))) if n]
    unknown = [n for n in o.finders if n not in members]
    if unknown and not t.problems.follows_from_roster(unknown):
        t.warn(row, "finders", f"发现人中的“{'、'.join(unknown)}”在人员名册中找不到，这条舆情仍计入单位合计，"
                               "但不计入个人；请核对姓名")
    day = day_of(o.found)
    away = [n for n in o.finders if n in members and not members[n].on_team_on(day)]
    if away:
        t.warn(row, "finders", f"发现人“{'、'.join(away)}”在{day.month}月{day.day}日不在队伍中（见人员名册的入队、离队日期），"
                               "这条舆情不计入本人；如日期填错请改正")
    o.credited = [n for n in o.finders if n in members and n not in away]


def _times(t, row, o: Opinion, limits: dict[str, dict[str, float]]) -> None:
    for key, label in (("reported", "上报时间"), ("responded", "回应时间"), ("closed", "办结时间")):
        at = getattr(o, key)
        if at is None:
            continue
        early = (at < o.found) if has_time(at) and has_time(o.found) else day_of(at) < day_of(o.found)
        if early:
            o.times_wrong = True
            t.warn(row, key, f"{label} {shown(row.cells[key].value)} 早于发现时间 {shown(row.cells['found'].value)}，"
                             "这条舆情不计算是否及时；请核对这两个时间")
    if o.closed is not None and not o.times_wrong:
        for key, label in (("responded", "回应时间"), ("reported", "上报时间")):
            at = getattr(o, key)
            if at is not None and day_of(o.closed) < day_of(at):
                t.warn(row, "closed", f"办结时间 {shown(row.cells['closed'].value)} 早于{label} "
                                      f"{shown(row.cells[key].value)}，办结不能在{label[:2]}之前；请核对这两个时间")
                break
    if o.level not in GRAVE or o.times_wrong:
        return
    for key, which, label in (("reported", REPORT, "上报"), ("responded", RESPOND, "回应")):
        state, taken = step(o, getattr(o, key), limits[which])
        if state == LATE:
            t.warn(row, key, f"{o.level}舆情发现后{duration(taken)}才{label}，超过{hours_text(limits[which][o.level])}"
                             "的时限。文档会如实写明；如时间填错请改正")
    if o.responded is None:
        t.problems.add(WARNING, t.sheet, t.raw.ref("responded", row.number) if "responded" in t.raw.columns else "",
                       f"{o.level}舆情没有回应时间：文档会写明这条舆情未记录回应；如已回应，请补填回应时间")


def two_counts(t, model: UnitModel) -> None:
    """A work metric that counts 舆情 (上报舆情) beside the 舆情台账: two figures for one thing
    that the documents would print side by side. Each stands, as the clerk gave it; the
    warning asks the clerk to make them agree or name the metric for what it counts
    (``t``: the work sheet's tables.Table)."""
    if not t.present or not model.opinions:
        return
    for metric, col in t.raw.extra_columns.items():
        if "舆情" not in metric:
            continue
        total = sum(w.values.get(metric, 0) for w in model.work)
        t.problems.add(WARNING, t.sheet, f"{column_letter(col)}{t.raw.header_row}",
                       f"工作量中的“{metric}”全年合计{total:g}条，舆情台账登记了{len(model.opinions)}条，"
                       "文档会分别写出这两个数。如果二者记的是同一件事，请使两表一致；"
                       "如果这一列记的是报送的信息（不是舆情台账中的舆情），请把列名改为“报送信息”之类")


def unit_limits(raw, unit, add) -> dict[str, dict[str, float]]:
    """上报 and 回应 limits by level: the defaults, 上报 as the unit sheet's 上报时限 says; an
    unreadable one is warned through ``add`` (level, sheet, cell, message) and the defaults kept."""
    limits = {k: dict(v) for k, v in DEFAULT_LIMITS.items()}
    if unit and unit.report_limits:
        try:
            limits[REPORT] = parse_limits(unit.report_limits)
        except BadValue as e:
            cell = raw.unit.get("report_limits")
            add(WARNING, raw.unit_sheet or schema.UNIT.title, cell.ref if cell else "",
                f"{e}；本次按默认时限（重大1小时、较大2小时、一般24小时）计算")
    return limits

