"""Raw rows → typed records, with every problem found along the way.

Nothing here stops at the first problem: each bad cell becomes a ``Problem``
naming the file, sheet and cell, and reading goes on, so a clerk gets the whole
list in one run.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .errors import ERROR, WARNING, Problem

# ---------------------------------------------------------------- value readers


class BadValue(ValueError):
    """A cell value that cannot be read; the text is the Chinese advice."""


def _nfkc(s: str) -> str:
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
    m = _DOC_NUMBER.match(_nfkc(text)) if text else None
    return f"{m[1].strip()}〔{m[2]}〕{int(m[3])}号" if m else text


def read_text(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        d = value.date() if isinstance(value, dt.datetime) else value
        return f"{d.year}年{d.month}月{d.day}日"
    return shown(value)


def read_name(value: object) -> str:
    """Names are padded for alignment in Excel (`张 三`): every space goes."""
    return re.sub(r"\s+", "", _nfkc(shown(value)))


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


def read_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            s = str(int(value))
            return _make_date(int(s[:4]), int(s[4:6]), int(s[6:]), value)
        if float(value).is_integer() and 1 <= value < 80000:
            # a date typed into a cell formatted as a number: an Excel serial
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise BadValue(f"日期“{shown(value)}”无法识别，{DATE_HINT}")
    s = _TIME_TAIL.sub("", _nfkc(str(value)))
    m = _FULL_DATE.match(s) or _COMPACT_DATE.match(s)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), value)
    raise BadValue(f"日期“{shown(value)}”无法识别，{DATE_HINT}")


def read_month(value: object, default_year: int | None = None) -> tuple[int, int]:
    """(year, month) from a date, `2025-03`, `2025年3月`, `2025.03`, or a bare 1–12."""
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
    s = _TIME_TAIL.sub("", _nfkc(str(value)))
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


def read_number(value: object) -> float:
    if isinstance(value, bool):
        raise BadValue(f"“{shown(value)}”不是数字，请填写数字，如 2 或 1.5")
    if isinstance(value, (int, float)):
        return float(value)
    m = _NUMBER.match(_nfkc(str(value)).replace(",", ""))
    if not m:
        raise BadValue(f"“{shown(value)}”不是数字，请填写数字，如 2 或 1.5")
    return float(m[1])


def read_phone(value: object) -> str:
    """Excel turns 13800000000 into 13800000000.0; the clerk wants the digits back."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"\s+", "", _nfkc(shown(value)))


def read_year(value: object) -> int:
    s = _nfkc(shown(value)).rstrip("年度")
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
}

# --------------------------------------------------------------------- records


@dataclass
class Unit:
    name: str
    year: int
    team: str = schema.DEFAULT_TEAM_NAME
    superior: str = ""
    doc_number: str = ""
    date: dt.date | None = None
    signatory: str = ""
    contact: str = ""
    phone: str = ""
    office: str = ""


@dataclass
class Member:
    name: str
    department: str
    row: int
    gender: str = ""
    birth: tuple[int, int] | None = None
    politics: str = ""
    post: str = ""
    category: str = schema.DEFAULT_CATEGORY
    level: str = ""
    group_role: str = ""
    joined: dt.date | None = None
    left: dt.date | None = None
    phone: str = ""
    note: str = ""

    def on_team_on(self, day: dt.date) -> bool:
        return (self.joined is None or self.joined <= day) and (self.left is None or self.left >= day)

    def on_team_in(self, year: int) -> bool:
        """Joined on or before 31 December and did not leave before 1 January."""
        return (self.joined is None or self.joined <= dt.date(year, 12, 31)) and (
            self.left is None or self.left >= dt.date(year, 1, 1)
        )

    def at_year_end(self, year: int) -> bool:
        return self.on_team_in(year) and (self.left is None or self.left > dt.date(year, 12, 31))

    def joined_in(self, year: int) -> bool:
        return self.joined is not None and self.joined.year == year

    def left_in(self, year: int) -> bool:
        return self.left is not None and self.left.year == year


@dataclass
class Training:
    date: dt.date
    topic: str
    hours: float
    row: int
    form: str = ""
    speaker: str = ""
    place: str = ""
    id: str = ""
    attendees: list[str] = field(default_factory=list)  # member names, in order, no repeats


@dataclass
class WorkEntry:
    name: str
    department: str
    month: int
    values: dict[str, float]


@dataclass
class Assessment:
    name: str
    grade: str = ""
    score: float | None = None
    comment: str = ""


@dataclass
class PlanItem:
    time: str
    topic: str
    form: str = ""
    hours: float | None = None
    audience: str = ""


@dataclass
class UnitModel:
    """One unit's validated data and everything wrong with it."""

    source: Path
    unit: Unit | None
    members: list[Member] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    work: list[WorkEntry] = field(default_factory=list)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    plan: list[PlanItem] = field(default_factory=list)
    points: dict[str, list[str]] = field(default_factory=lambda: {"成效": [], "问题": [], "计划": []})
    duties: dict[str, list[str]] = field(default_factory=dict)
    tables: set[str] = field(default_factory=set)  # which tables the workbook has
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.level == ERROR for p in self.problems)

    @property
    def year(self) -> int:
        return self.unit.year if self.unit else 0


# ---------------------------------------------------------------- the builder

_SPLIT_NAMES = re.compile(r"[、,，;；/\s]+")
EVERYONE = {"全体", "全体人员", "全体成员", "全体队员"}


class _Builder:
    """Collects problems while turning one RawWorkbook into a UnitModel."""

    def __init__(self, raw):
        self.raw = raw
        self.file = raw.path.name
        self.problems: list[Problem] = list(raw.problems)

    def problem(self, level: str, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem(level, self.file, sheet, cell, message))

    def value(self, sheet: str, cell, kind: str, label: str):
        """Read one cell with the reader for ``kind``; None (and a problem) if it cannot be read."""
        if cell is None:
            return None
        try:
            return READERS[kind](cell.value)
        except BadValue as e:
            self.problem(ERROR, sheet, cell.ref, f"{label}：{e}")
            return None

    def rows(self, key: str):
        """The rows of a table, after checking its required columns; [] if absent."""
        t = self.raw.tables.get(key)
        if t is None:
            return None, []
        missing = [c for c in t.table.columns if c.required and c.key not in t.columns]
        for c in missing:
            self.problem(
                ERROR, t.sheet, "",
                f"缺少必填列“{c.header}”（表头在第 {t.header_row} 行），请在表头中添加这一列后重新运行",
            )
        if missing:
            return t, []
        return t, t.rows

    def required(self, t, row, key: str):
        col = t.table.column(key)
        cell = row.cells.get(key)
        if cell is None:
            ref = t.ref(key, row.number)
            if (t.sheet, ref) not in self.raw.hidden:  # an error value or formula: reported as such
                self.problem(ERROR, t.sheet, ref, f"“{col.header}”未填写，这是必填项，请补充")
            return None
        return self.value(t.sheet, cell, col.kind, col.header)

    def optional(self, t, row, key: str, default=None):
        if key not in t.columns or key not in row.cells:
            return default
        col = t.table.column(key)
        v = self.value(t.sheet, row.cells[key], col.kind, col.header)
        return default if v is None else v

    # -- tables

    def unit(self) -> Unit | None:
        raw = self.raw
        sheet = raw.unit_sheet or schema.UNIT.title
        if not raw.unit_sheet:
            self.problem(ERROR, "", "", "找不到“单位信息”工作表。请添加名为“单位信息”的工作表，"
                                        "第一列填项目（单位名称、年度等），第二列填内容")
            return None
        cells = raw.unit
        name = self.value(sheet, cells.get("name"), schema.TEXT, "单位名称") if "name" in cells else None
        if not name:
            self.problem(ERROR, sheet, "", "未填写“单位名称”，请在单位信息表中补充")
        year = None
        if "year" in cells:
            try:
                year = read_year(cells["year"].value)
            except BadValue as e:
                self.problem(ERROR, sheet, cells["year"].ref, str(e))
        else:
            self.problem(ERROR, sheet, "", "未填写“年度”，请在单位信息表中补充，如 2025")
        if not name or not year:
            return None
        text = {k: self.value(sheet, cells[k], schema.TEXT, k) or "" for k in
                ("team", "superior", "doc_number", "signatory", "contact", "office") if k in cells}
        return Unit(
            name=name,
            year=year,
            team=text.get("team") or schema.DEFAULT_TEAM_NAME,
            superior=text.get("superior", ""),
            doc_number=doc_number(text.get("doc_number", "")),
            date=self.value(sheet, cells.get("date"), schema.DATE, "成文日期"),
            signatory=text.get("signatory") or name,
            contact=text.get("contact", ""),
            phone=self.value(sheet, cells.get("phone"), schema.PHONE, "联系电话") or "",
            office=text.get("office", ""),
        )

    def members(self) -> list[Member]:
        t, rows = self.rows("members")
        if t is None:
            self.problem(ERROR, "", "", "找不到“人员名册”工作表。请添加名为“人员名册”的工作表，表头至少包括“姓名”“部门”")
            return []
        out: list[Member] = []
        seen: dict[str, int] = {}
        if not rows and all(c.key in t.columns for c in t.table.columns if c.required):
            self.problem(ERROR, t.sheet, "", f"人员名册中没有人员（表头在第 {t.header_row} 行，下面是空的），"
                                             "请每人一行填写后重新运行")
        for row in rows:
            name = self.required(t, row, "name")
            dept = self.required(t, row, "department")
            if not name or not dept:
                continue
            if name in seen:
                self.problem(WARNING, t.sheet, row.cells["name"].ref,
                             f"“{name}”在第 {seen[name]} 行和第 {row.number} 行重复出现，已按第 {seen[name]} 行读取；"
                             "如是两个人，请在姓名后加区分（如“张三（办公室）”）")
                continue
            seen[name] = row.number
            m = Member(name=name, department=dept, row=row.number)
            for key in ("gender", "politics", "post", "note", "phone"):
                setattr(m, key, self.optional(t, row, key, ""))
            m.birth = self.optional(t, row, "birth")
            m.joined = self.optional(t, row, "joined")
            m.left = self.optional(t, row, "left")
            m.category = self.optional(t, row, "category", "") or schema.DEFAULT_CATEGORY
            m.level = self.optional(t, row, "level", "")
            m.group_role = self.optional(t, row, "group_role", "")
            self._closed(t, row, "category", m.category, schema.CATEGORIES)
            self._closed(t, row, "level", m.level, schema.LEVELS)
            self._closed(t, row, "group_role", m.group_role, schema.GROUP_ROLES)
            if m.joined and m.left and m.left < m.joined:
                self.problem(ERROR, t.sheet, row.cells["left"].ref,
                             f"离队日期 {m.left.isoformat()} 早于入队日期 {m.joined.isoformat()}，请核对这两个日期")
                continue
            out.append(m)
        return out

    def _closed(self, t, row, key: str, value: str, allowed: tuple[str, ...]) -> None:
        if value and value not in allowed and key in row.cells:
            header = t.table.column(key).header
            self.problem(WARNING, t.sheet, row.cells[key].ref,
                         f"{header}“{value}”不在常用值（{'、'.join(allowed)}）中，已按原样使用；如是笔误请改正")

    def trainings(self, year: int, members: list[Member]) -> list[Training]:
        t, rows = self.rows("trainings")
        if t is None:
            return []
        by_name = {m.name: m for m in members}
        out: list[Training] = []
        seen: dict[tuple, int] = {}
        dates: dict[dt.date, dt.date] = {}
        for row in rows:
            day = self.required(t, row, "date")
            topic = self.required(t, row, "topic")
            hours = self.required(t, row, "hours")
            if day is None or not topic or hours is None:
                continue
            if hours <= 0:
                self.problem(ERROR, t.sheet, row.cells["hours"].ref, f"学时“{shown(row.cells['hours'].value)}”应大于 0")
                continue
            if day.year != year:
                self.problem(WARNING, t.sheet, row.cells["date"].ref,
                             f"培训日期 {day.isoformat()} 不在 {year} 年内，未计入本年度统计")
                continue
            if (day, topic) in seen:
                self.problem(WARNING, t.sheet, row.cells["topic"].ref,
                             f"与第 {seen[(day, topic)]} 行的培训（同一天、同一主题）重复，两条都已计入；如是重复录入请删除一行")
            seen[(day, topic)] = row.number
            # One date object per day and one string per name: a large model
            # then pickles (from the reading worker) in far fewer pieces.
            tr = Training(dates.setdefault(day, day), topic, hours, row.number)
            for key in ("form", "speaker", "place", "id"):
                setattr(tr, key, self.optional(t, row, key, ""))
            cell = row.cells.get("attendees")
            if cell is not None:
                tr.attendees = self._attendees(t.sheet, cell, day, members, by_name)
            out.append(tr)
        self._attendance_sheet(out, by_name)
        return out

    def _attendees(self, sheet, cell, day, members, by_name) -> list[str]:
        text = _nfkc(shown(cell.value))
        if text in EVERYONE:
            return [m.name for m in members if m.on_team_on(day)]
        names: list[str] = []
        unknown: list[str] = []
        for part in _SPLIT_NAMES.split(text):
            if not part:
                continue
            if part in by_name:
                if part not in names:
                    names.append(by_name[part].name)
            else:
                unknown.append(part)
        if unknown:
            self.problem(WARNING, sheet, cell.ref,
                         f"参训人员中的“{'、'.join(unknown)}”在人员名册中找不到，未计入参训人次；请核对姓名或把此人补入名册")
        return names

    def _attendance_sheet(self, trainings: list[Training], by_name) -> None:
        t, rows = self.rows("attendance")
        if t is None:
            return
        by_id = {tr.id: tr for tr in trainings if tr.id}
        by_topic = {(tr.topic, tr.date): tr for tr in trainings}
        for row in rows:
            name = self.required(t, row, "name")
            if not name:
                continue
            tid = self.optional(t, row, "id", "")
            target = by_id.get(tid) if tid else None
            if target is None:
                topic, day = self.optional(t, row, "topic", ""), self.optional(t, row, "date")
                target = by_topic.get((topic, day))
            if target is None:
                self.problem(WARNING, t.sheet, row.cells["name"].ref,
                             "找不到这一行对应的培训（请填写与培训记录一致的“编号”，或“主题”加“日期”），未计入")
                continue
            if name not in by_name:
                self.problem(WARNING, t.sheet, row.cells["name"].ref,
                             f"“{name}”在人员名册中找不到，未计入参训人次；请核对姓名或把此人补入名册")
                continue
            if name not in target.attendees:
                target.attendees.append(name)

    def work(self, year: int, members: list[Member]) -> tuple[list[str], list[WorkEntry]]:
        t, rows = self.rows("work")
        if t is None:
            return [], []
        metrics = list(t.extra_columns)
        by_name = {m.name: m for m in members}
        out: list[WorkEntry] = []
        for row in rows:
            name = self.required(t, row, "name")
            month_cell = row.cells.get("month")
            if not name or month_cell is None:
                if name:
                    self.required(t, row, "month")
                continue
            try:
                y, month = read_month(month_cell.value, default_year=year)
            except BadValue as e:
                self.problem(ERROR, t.sheet, month_cell.ref, f"月份：{e}")
                continue
            if y != year:
                self.problem(WARNING, t.sheet, month_cell.ref, f"月份不在 {year} 年内，未计入本年度统计")
                continue
            member = by_name.get(name)
            if member is None:
                self.problem(WARNING, t.sheet, row.cells["name"].ref,
                             f"“{name}”在人员名册中找不到，其工作量仍计入合计；请核对姓名")
            dept = (member.department if member else "") or self.optional(t, row, "department", "") or "未填部门"
            values: dict[str, float] = {}
            for metric, cell in row.extras.items():
                v = self.value(t.sheet, cell, schema.NUMBER, metric)
                if v is not None:
                    values[metric] = v
            out.append(WorkEntry(name, dept, month, values))
        return metrics, out

    def assessments(self, members: list[Member]) -> dict[str, Assessment]:
        t, rows = self.rows("assessment")
        if t is None:
            return {}
        names = {m.name for m in members}
        out: dict[str, Assessment] = {}
        for row in rows:
            name = self.required(t, row, "name")
            if not name:
                continue
            if name not in names:
                self.problem(WARNING, t.sheet, row.cells["name"].ref, f"“{name}”在人员名册中找不到，考核结果未计入；请核对姓名")
                continue
            if name in out:
                self.problem(WARNING, t.sheet, row.cells["name"].ref, f"“{name}”的考核结果重复，已按先出现的一行读取")
                continue
            a = Assessment(name, grade=self.optional(t, row, "grade", ""), score=self.optional(t, row, "score"),
                           comment=self.optional(t, row, "comment", ""))
            if a.grade and a.grade not in schema.GRADES:
                self._closed(t, row, "grade", a.grade, schema.GRADES)
            out[name] = a
        return out

    def plan(self) -> list[PlanItem]:
        t, rows = self.rows("plan")
        out = []
        for row in rows:
            time, topic = self.required(t, row, "time"), self.required(t, row, "topic")
            if not time or not topic:
                continue
            out.append(PlanItem(time, topic, self.optional(t, row, "form", ""), self.optional(t, row, "hours"),
                                self.optional(t, row, "audience", "")))
        return out

    def points(self) -> dict[str, list[str]]:
        t, rows = self.rows("points")
        out: dict[str, list[str]] = {"成效": [], "问题": [], "计划": []}
        for row in rows:
            kind, content = self.required(t, row, "category"), self.required(t, row, "content")
            if not kind or not content:
                continue
            canonical = schema.POINT_KINDS.get(schema.normalise_header(kind))
            if canonical is None:
                self.problem(WARNING, t.sheet, row.cells["category"].ref,
                             f"类别“{kind}”无法识别，本行未使用；请填写“成效”“问题”或“计划”")
                continue
            out[canonical].append(content)
        return out

    def duties(self) -> dict[str, list[str]]:
        t, rows = self.rows("duties")
        out: dict[str, list[str]] = {}
        for row in rows:
            cat, duty = self.required(t, row, "category"), self.required(t, row, "duty")
            if cat and duty:
                out.setdefault(cat, []).append(duty)
        return out


def build_model(raw) -> UnitModel:
    """Validate a RawWorkbook (from ``workbook.read_workbook``) into a UnitModel."""
    b = _Builder(raw)
    for (sheet, ref), message in raw.hidden.items():
        b.problem(ERROR, sheet, ref, message)
    if not raw.unit_sheet and "members" not in raw.tables:
        b.problem(ERROR, "", "", "这不是单位工作簿：找不到“单位信息”和“人员名册”工作表，未读取。"
                                 "如是本单位的工作簿，请按 input_samples/ 中的样例添加这两张表")
        return UnitModel(source=raw.path, unit=None, problems=b.problems)
    unit = b.unit()
    year = unit.year if unit else 0
    members = b.members()
    model = UnitModel(source=raw.path, unit=unit, members=members, tables=set(raw.tables))
    if year:
        model.trainings = b.trainings(year, members)
        model.metrics, model.work = b.work(year, members)
    model.assessments = b.assessments(members)
    model.plan = b.plan()
    model.points = b.points()
    model.duties = b.duties()
    if unit:
        model.tables.add("unit")
    model.problems = b.problems
    return model
