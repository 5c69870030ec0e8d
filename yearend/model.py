"""Raw rows → typed records, with every problem found along the way.

Nothing here stops at the first problem: each bad cell becomes a ``Problem``
naming the file, sheet and cell, and reading goes on, so a clerk gets the whole
list in one run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import schema
from .errors import ERROR, WARNING
from .opinions import read as read_opinions
from .opinions import two_counts, unit_limits
from .outlets import read_events, read_outlets
from .readers import (
    NAME_SEPARATORS,
    BadValue,
    doc_number,
    narrow,
    read_month,
    read_year,
    shown,
    wrong_year,
)
from .records import Assessment, Member, PlanItem, Quota, Training, Unit, UnitModel, WorkEntry
from .responsibility import MANY_HEADS, heads_department
from .tables import Problems as _Problems
from .tables import Table as _Table

LONG_NAME = 40  # characters; the longest real unit names are about 30
# characters: the longest real 部门 and 职务 are about 16 (党政综合办公室（党建工作办公室）); one of 60
# takes a member form's row a dozen lines and pushes its 考核意见 onto a second page
LONG_FIELD = 30
EVERYONE = {"全体", "全体人员", "全体成员", "全体队员"}


def _unit(raw, problems: _Problems) -> Unit | None:
    sheet = raw.unit_sheet or schema.UNIT.title
    if not raw.unit_sheet:
        problems.add(ERROR, "", "", "找不到“单位信息”工作表。请添加名为“单位信息”的工作表，"
                                    "第一列填项目（单位名称、年度等），第二列填内容")
        return None
    cells = raw.unit
    name = problems.value(sheet, cells.get("name"), schema.TEXT, "单位名称") if "name" in cells else None
    if not name:
        problems.add(ERROR, sheet, "", "未填写“单位名称”，请在单位信息表中补充")
    year = None
    if "year" in cells:
        try:
            year = read_year(cells["year"].value)
        except BadValue as e:
            problems.add(ERROR, sheet, cells["year"].ref, str(e))
    else:
        problems.add(ERROR, sheet, "", "未填写“年度”，请在单位信息表中补充，如 2025")
    if not name or not year:
        return None
    if len(name) > LONG_NAME:
        problems.add(WARNING, sheet, cells["name"].ref,
                     f"单位名称有 {len(name)} 个字，过长：标题只能按行宽简单分行，文件夹和文件名只取前 60 个字。"
                     "请核对是否把其他内容填进了这一格")
    headers = {c.key: c.header for c in schema.UNIT.columns}  # a message names the key as the clerk wrote it
    text = {k: problems.value(sheet, cells[k], schema.TEXT, headers.get(k, k)) or "" for k in
            ("team", "superior", "doc_number", "signatory", "contact", "office", "short", "basis", "decider",
             "honour_number", "reviewer", "report_limits", "in_charge", "ideology_number") if k in cells}
    return Unit(
        name=name,
        year=year,
        team=text.get("team") or schema.DEFAULT_TEAM_NAME,
        superior=text.get("superior", ""),
        doc_number=doc_number(text.get("doc_number", "")),
        date=problems.value(sheet, cells.get("date"), schema.DATE, "成文日期"),
        signatory=text.get("signatory") or name,
        contact=text.get("contact", ""),
        phone=problems.value(sheet, cells.get("phone"), schema.PHONE, "联系电话") or "",
        office=text.get("office", ""),
        short=text.get("short", ""),
        basis=text.get("basis", ""),
        decider=text.get("decider", ""),
        honour_number=doc_number(text.get("honour_number", "")),
        reviewer=text.get("reviewer", ""),
        report_limits=text.get("report_limits", ""),
        in_charge=text.get("in_charge", ""),
        ideology_number=doc_number(text.get("ideology_number", "")),
    )


def _plausible(t: _Table, row, m: Member, year: int) -> None:
    """Warnings for records that cannot all be true (docs/documents.md: what a director corrects first)."""
    if m.politics and not schema.is_party_member(m.politics) and any(post in m.post for post in schema.PARTY_SECRETARY) and "politics" in row.cells:
        t.warn(row, "politics", f"职务是“{m.post}”，政治面貌却是“{m.politics}”，两者不可能同时成立。请核对")
    if year and m.birth and m.politics == schema.LEAGUE and "politics" in row.cells:
        age = year - m.birth[0]
        if age > schema.LEAGUE_AGE:
            t.warn(row, "politics", f"{year}年底已满 {age} 岁，共青团员一般在 {schema.LEAGUE_AGE} 岁时离团。"
                                    "请核对政治面貌（如已离团，多填“群众”）")
    for key, value in (("department", m.department), ("post", m.post)):
        if len(value) > LONG_FIELD and key in row.cells:
            t.warn(row, key, f"{t.raw.table.column(key).header}有 {len(value)} 个字，过长：名册和个人考核登记表中这一格要占很多行，"
                             "登记表可能一页放不下。请核对是否把其他内容填进了这一格，或改用简称")
    if year and m.joined and m.joined.year > year and "joined" in row.cells:  # never a silent drop from the roster
        t.warn(row, "joined", f"入队日期 {m.joined.isoformat()} 在{year}年之后：这个人不列入{year}年度的名册和统计。"
                              "如日期填错请改正", outside=True)
    if m.birth and m.joined and "joined" in row.cells and (m.joined.year, m.joined.month) < (m.birth[0] + 16, m.birth[1]):
        t.warn(row, "joined", f"入队日期 {m.joined.isoformat()} 时还不满 16 岁（出生于 {m.birth[0]}年{m.birth[1]}月）。"
                              "请核对入队日期和出生年月")


def _members(t: _Table, year: int = 0) -> list[Member]:
    if not t.present:
        if not t.headless:
            t.problems.add(ERROR, "", "", "找不到“人员名册”工作表。请添加名为“人员名册”的工作表，表头至少包括“姓名”“部门”")
        return []
    if not t.rows and t.complete:
        t.problems.add(ERROR, t.sheet, "", f"人员名册中没有人员（表头在第 {t.raw.header_row} 行，下面是空的），"
                                           "请每人一行填写后重新运行")
    out: list[Member] = []
    seen: dict[str, int] = {}
    heads: dict[tuple[str, str], list] = {}  # (department, post): the rows of those who head it
    for row in t.rows:
        name = t.required(row, "name")
        dept = t.required(row, "department")
        if not name or not dept:
            t.problems.unread.add(name or "")
            continue
        if name in seen:
            t.warn(row, "name", f"“{name}”在第 {seen[name]} 行和第 {row.number} 行重复出现，已按第 {seen[name]} 行读取；"
                                "如是两个人，请在姓名后加区分（如“张三（办公室）”）")
            continue
        seen[name] = row.number
        m = Member(name=name, department=dept, row=row.number)
        for key in ("gender", "politics", "post", "note", "phone", "level", "group_role"):
            setattr(m, key, t.optional(row, key, ""))
        m.birth = t.optional(row, "birth")
        m.joined = t.optional(row, "joined")
        m.left = t.optional(row, "left")
        m.category = t.optional(row, "category", "") or schema.DEFAULT_CATEGORY
        t.closed(row, "category", m.category, schema.CATEGORIES)
        t.closed(row, "level", m.level, schema.LEVELS)
        t.closed(row, "group_role", m.group_role, schema.GROUP_ROLES)
        _plausible(t, row, m, year)
        if m.joined and m.left and m.left < m.joined:
            t.problems.add(ERROR, t.sheet, row.cells["left"].ref,
                           f"离队日期 {m.left.isoformat()} 早于入队日期 {m.joined.isoformat()}，请核对这两个日期")
            t.problems.unread.add(name)
            continue
        out.append(m)
        if heads_department(m.post, m.department) and m.group_role not in ("组长", "副组长") and not m.left:
            heads.setdefault((m.department, m.post), []).append((row, m.name))
    for (dept, post), rows in heads.items():
        if len(rows) > MANY_HEADS:
            t.warn(rows[-1][0], "post", f"“{dept}”有 {len(rows)} 人的职务是“{post}”（{'、'.join(n for _, n in rows)}），"
                                        "网络意识形态工作责任制实施方案的部门负责人中不列这个部门。请核对职务（副职写“副主任”等）")
    return out


def _trainings(t: _Table, attendance: _Table, year: int, members: list[Member]) -> list[Training]:
    by_name = {m.name: m for m in members}
    out: list[Training] = []
    seen: dict[tuple, int] = {}
    dates: dict[dt.date, dt.date] = {}
    for row in t.rows:
        day = t.required(row, "date")
        topic = t.required(row, "topic")
        hours = t.required(row, "hours")
        if day is None or not topic or hours is None:
            continue
        if hours <= 0:
            t.problems.add(ERROR, t.sheet, row.cells["hours"].ref, f"学时“{shown(row.cells['hours'].value)}”应大于 0")
            continue
        t.problems.years[day.year] += 1
        if day.year != year:
            t.warn(row, "date", f"培训日期 {day.isoformat()} 不在 {year} 年内，未计入本年度统计", outside=True)
            continue
        if (day, topic) in seen:
            t.warn(row, "topic", f"与第 {seen[(day, topic)]} 行的培训（同一天、同一主题）重复，两条都已计入；如是重复录入请删除一行")
        seen[(day, topic)] = row.number
        # One date object per day and one string per name: a large model
        # then pickles (from the reading worker) in far fewer pieces.
        tr = Training(dates.setdefault(day, day), topic, hours, row.number)
        for key in ("form", "speaker", "place", "id"):
            setattr(tr, key, t.optional(row, key, ""))
        cell = row.cells.get("attendees")
        if cell is not None:
            tr.attendees = _attendees(t, cell, day, members, by_name)
        out.append(tr)
    _attendance_sheet(attendance, out, by_name)
    return out


def _attendees(t: _Table, cell, day: dt.date, members: list[Member], by_name: dict[str, Member]) -> list[str]:
    text = narrow(shown(cell.value))
    if text in EVERYONE:
        return [m.name for m in members if m.on_team_on(day)]
    names: list[str] = []
    unknown: list[str] = []
    for part in NAME_SEPARATORS.split(text):
        if not part:
            continue
        if part in by_name:
            if part not in names:
                names.append(by_name[part].name)
        else:
            unknown.append(part)
    if unknown and not t.problems.follows_from_roster(unknown):
        t.problems.add(WARNING, t.sheet, cell.ref,
                       f"参训人员中的“{'、'.join(unknown)}”在人员名册中找不到，未计入参训人次；请核对姓名或把此人补入名册")
    return names


def _attendance_sheet(t: _Table, trainings: list[Training], by_name: dict[str, Member]) -> None:
    by_id = {tr.id: tr for tr in trainings if tr.id}
    by_topic = {(tr.topic, tr.date): tr for tr in trainings}
    for row in t.rows:
        name = t.required(row, "name")
        if not name:
            continue
        tid = t.optional(row, "id", "")
        target = by_id.get(tid) if tid else None
        if target is None:
            target = by_topic.get((t.optional(row, "topic", ""), t.optional(row, "date")))
        if target is None:
            t.warn(row, "name", "找不到这一行对应的培训（请填写与培训记录一致的“编号”，或“主题”加“日期”），未计入")
            continue
        if name not in by_name:
            if not t.problems.follows_from_roster([name]):
                t.warn(row, "name", f"“{name}”在人员名册中找不到，未计入参训人次；请核对姓名或把此人补入名册")
            continue
        if name not in target.attendees:
            target.attendees.append(name)


def _work(t: _Table, year: int, members: list[Member]) -> tuple[list[str], list[WorkEntry]]:
    if not t.present:
        return [], []
    metrics = list(t.raw.extra_columns)
    by_name = {m.name: m for m in members}
    out: list[WorkEntry] = []
    for row in t.rows:
        name = t.required(row, "name")
        month_cell = row.cells.get("month")
        if not name or month_cell is None:
            if name:
                t.required(row, "month")
            continue
        try:
            y, month = read_month(month_cell.value, default_year=year)
        except BadValue as e:
            t.problems.add(ERROR, t.sheet, month_cell.ref, f"月份：{e}")
            continue
        t.problems.years[y] += 1
        if y != year:
            t.problems.add(WARNING, t.sheet, month_cell.ref, f"月份不在 {year} 年内，未计入本年度统计", outside=True)
            continue
        member = by_name.get(name)
        if member is None:
            if not t.problems.follows_from_roster([name]):
                t.warn(row, "name", f"“{name}”在人员名册中找不到，其工作量仍计入合计；请核对姓名")
        elif not member.on_team_in_month(year, month):
            t.warn(row, "month", f"“{name}”{month}月不在队伍中（见人员名册的入队、离队日期），"
                                 "这一行的工作量仍计入合计；如日期填错请改正")
        dept = (member.department if member else "") or t.optional(row, "department", "") or "未填部门"
        values: dict[str, float] = {}
        for metric, cell in row.extras.items():
            v = t.problems.value(t.sheet, cell, schema.NUMBER, metric)
            if v is not None:
                values[metric] = v
        out.append(WorkEntry(name, dept, month, values))
    return metrics, out


def _assessments(t: _Table, members: list[Member], year: int = 0) -> dict[str, Assessment]:
    names = {m.name for m in members}
    leavers = {m.name: m.left for m in members if m.left and year and m.left_in(year) and not m.at_year_end(year)}
    out: dict[str, Assessment] = {}
    first: dict[int, Any] = {}  # scale → the first row that uses it
    for row in t.rows:
        name = t.required(row, "name")
        if not name:
            continue
        if name not in names:
            if not t.problems.follows_from_roster([name]):
                t.warn(row, "name", f"“{name}”在人员名册中找不到，考核结果未计入；请核对姓名")
            continue
        if name in out:
            t.warn(row, "name", f"“{name}”的考核结果重复，已按先出现的一行读取")
            continue
        left = leavers.get(name)
        if left and "grade" in row.cells:
            t.warn(row, "grade", f"“{name}”已于{left.year}年{left.month}月{left.day}日离队，年度考核只评年末在队的人员："
                                 "这个等次不计入考核统计和表彰，登记表写“年内离队”。如离队日期有误，请改正人员名册")
        a = Assessment(name, grade=t.optional(row, "grade", ""), score=t.optional(row, "score"),
                       comment=t.optional(row, "comment", ""))
        t.closed(row, "grade", a.grade, schema.GRADES)
        out[name] = a
        scales = {i for i, scale in enumerate(schema.SCALES) if a.grade in scale[1:]}
        if len(scales) == 1:
            first.setdefault(scales.pop(), row)
    if len(first) > 1:  # 称职 and 合格 in one sheet
        row = max(first.values(), key=lambda r: r.number)
        t.warn(row, "grade", "考核等次混用了两种等次：“优秀、称职、基本称职、不称职”和“优秀、合格、基本合格、不合格”。"
                             "请统一用其中一种")
    return out


def _plan(t: _Table) -> list[PlanItem]:
    out = []
    for row in t.rows:
        time, topic = t.required(row, "time"), t.required(row, "topic")
        if time and topic:
            out.append(PlanItem(time, topic, t.optional(row, "form", ""), t.optional(row, "hours"),
                                t.optional(row, "audience", "")))
    return out


def _points(t: _Table) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"成效": [], "问题": [], "计划": []}
    for row in t.rows:
        kind, content = t.required(row, "category"), t.required(row, "content")
        if not kind or not content:
            continue
        canonical = schema.POINT_KINDS.get(schema.normalise_header(kind))
        if canonical is None:
            t.warn(row, "category", f"类别“{kind}”无法识别，本行未使用；请填写“成效”“问题”或“计划”")
            continue
        out[canonical].append(content)
    return out


def _duties(t: _Table) -> tuple[dict[str, list[str]], dict[tuple[str, str], list[str]]]:
    """(队伍类别 → duties of every tier, (队伍类别, 层级) → duties of that tier)."""
    every: dict[str, list[str]] = {}
    tiers: dict[tuple[str, str], list[str]] = {}
    for row in t.rows:
        cat, duty = t.required(row, "category"), t.required(row, "duty")
        if not cat or not duty:
            continue
        level = t.optional(row, "level", "")
        t.closed(row, "level", level, schema.LEVELS)
        if level:
            tiers.setdefault((cat, level), []).append(duty)
        else:
            every.setdefault(cat, []).append(duty)
    return every, tiers


def _quotas(t: _Table, year: int, members: list[Member]) -> list[Quota]:
    """The quota rows, each counted against the members on the team at year end; a row
    short of its quota or over it is a warning on its 名额 cell, so the clerk sees it
    before the documents (办公室 核心网络评论员 名额3名，现有1名，缺2名)."""
    team = [m for m in members if m.at_year_end(year)] if year else []
    departments = list(dict.fromkeys(m.department for m in team))
    out: list[Quota] = []
    for row in t.rows:
        dept, quota = t.required(row, "department"), t.required(row, "quota")
        if not dept or quota is None:
            continue
        if quota < 0 or quota != int(quota):
            t.problems.add(ERROR, t.sheet, row.cells["quota"].ref, f"名额“{quota:g}”应为不小于 0 的整数，请改正")
            continue
        category, level = t.optional(row, "category", ""), t.optional(row, "level", "")
        t.closed(row, "level", level, schema.LEVELS)
        for d in departments if dept in schema.EVERY_DEPARTMENT else [dept]:
            q = Quota(d, category, level, int(quota))
            q.count = sum(1 for m in team if m.department == d and (not category or m.category == category)
                          and (not level or m.level == level))
            out.append(q)
            if q.count != q.quota:
                t.warn(row, "quota", f"{q.who} 名额{q.quota}名，现有{q.count}名，{q.state}"
                                     + ("；如名额已调整，请改正名额表" if q.count > q.quota else "；请督促部门推荐补齐"))
        if dept not in schema.EVERY_DEPARTMENT and dept not in departments and team:
            t.warn(row, "department", f"部门“{dept}”在年末在队人员中没有，请核对部门名称是否与人员名册一致")
    return out


def build_model(raw) -> UnitModel:
    """Validate a RawWorkbook (from ``workbook.read_workbook``) into a UnitModel."""
    problems = _Problems(raw)
    for (sheet, ref), message in raw.hidden.items():
        problems.add(ERROR, sheet, ref, message)
    if not raw.unit_sheet and "members" not in raw.tables:
        problems.add(ERROR, "", "", "这不是单位工作簿：找不到“单位信息”和“人员名册”工作表，未读取。"
                                    "如是本单位的工作簿，请按 input_samples/ 中的样例添加这两张表")
        return UnitModel(source=raw.path, unit=None, label=raw.label, problems=problems.found)

    def table(key: str) -> _Table:
        return _Table(raw, key, problems)

    unit = _unit(raw, problems)
    year = unit.year if unit else 0
    members = _members(table("members"), year)
    problems.roster_read = bool(members)
    model = UnitModel(source=raw.path, unit=unit, label=raw.label, members=members, tables=set(raw.tables))
    work = table("work")
    wrong = ""
    if year:
        model.trainings = _trainings(table("trainings"), table("attendance"), year, members)
        model.metrics, model.work = _work(work, year, members)
        if unit and (wrong := wrong_year(problems.years, year)):  # a wrong 年度 would write a year of nothing
            cell = raw.unit.get("year")
            problems.add(ERROR, raw.unit_sheet or schema.UNIT.title, cell.ref if cell else "", wrong)
    model.assessments = _assessments(table("assessment"), members, year)
    model.plan = _plan(table("plan"))
    model.points = _points(table("points"))
    model.duties, model.tier_duties = _duties(table("duties"))
    model.quotas = _quotas(table("quotas"), year, members)
    opinions = table("opinions")
    # an optional record left empty (as init writes it) is no record: the documents then say
    # nothing of the work rather than "no account", "no meeting", "no 舆情"
    for key in ("opinions", "outlets", "events"):
        if key in model.tables and not raw.tables[key].rows:
            model.tables.discard(key)
    if opinions.present and year:
        model.limits = unit_limits(raw, unit, problems.add)
        model.opinions = read_opinions(opinions, year, members, model.limits, unit.date if unit else None)
        two_counts(work, model)
    model.outlets = read_outlets(table("outlets"))
    if year:
        model.events = read_events(table("events"), year)
    if unit:
        model.tables.add("unit")
    # a wrong 年度: its one error says what every date outside the year would say again
    model.problems = [p for p in problems.found if not wrong or p not in problems.outside]
    return model
