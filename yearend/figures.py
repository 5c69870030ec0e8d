"""Model → template variables: counts, hours, rates, groupings, previous-year deltas.

This is the one place where English code meets the Chinese variable names that
templates use; ``context`` builds the whole dictionary and ``SCALARS`` /
``TABLES`` say what each variable means.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from . import schema
from .chinese import DECIDERS, as_date, round_half, self_name
from .model import Member, UnitModel


@dataclass(frozen=True)
class Chart:
    """One chart, as plain data: ``kind`` is "column" (clustered), "line" (with markers)
    or "bar" (horizontal, stacked); one value per category in each series. charts.py
    turns it into a chart part when a document is rendered."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    height_mm: int = 70
    labels: bool = True  # the value printed on each column or bar (none for a zero)
    unit: str = ""  # the value axis's title: what the values count (学时, 条/次)

    def __str__(self) -> str:  # what `fields` and a chart outside a render show
        return f"（图表：{self.title}）"


# name → meaning; the order is the order `fields` prints and the manifest keeps.
SCALARS: dict[str, str] = {
    "单位名称": "单位全称，来自单位信息表",
    "年度": "统计年度，如 2025",
    "计划年度": "实施方案所针对的下一年度（年度 + 1）",
    "队伍名称": "队伍名称，默认“网络评论员队伍”",
    "成员称谓": "队伍成员的称谓，由队伍名称去掉“队伍”得出，如“网络评论员”",
    "上级单位": "上级单位，可为空",
    "发文字号": "发文字号，如 某发〔2025〕5号，可为空",
    "成文日期": "成文日期，如 2025年12月31日；未填写时为当年 12 月 31 日",
    "报送日期": "组建通知中各部门报送推荐表的截止日期：成文日期后 14 天",
    "落款": "落款单位，默认为单位名称",
    "联系人": "联系人，可为空",
    "联系电话": "联系电话，可为空",
    "办公室": "领导小组办公室所在部门，可为空",
    "简称": "单位在本单位文件中的自称，如“我局”“我镇”“我校”；由单位名称得出，单位信息表填写“简称”时以它为准",
    "工作依据": "实施方案所依据的文件，来自单位信息表的“工作依据”，可为空",
    "决定机关": "作出表彰决定的机关，如“局党组”；单位信息表未填写时按单位类型确定，无法确定时为“领导小组”",
    "表彰文号": "表彰通报的发文字号，可为空",
    "审核人": "培训台账的审核人，可为空",
    "考核等次": "本单位使用的考核等次，如“优秀、称职、基本称职、不称职”；取自考核结果表，无考核表时为“优秀、合格、基本合格、不合格”",
    "考核末等": "本单位考核等次中最低的一等，如“不称职”或“不合格”",
    "队伍人数": "年末在队人数（名）",
    "新增人数": "当年入队人数（名）",
    "减少人数": "当年离队人数（名）",
    "党员人数": "年末在队人员中的中共党员（含预备党员）人数（名）",
    "预备党员人数": "其中中共预备党员人数（名）；不为 0 时，写党员人数的句子要注明“含预备党员N名”",
    "党员比例": "党员人数占队伍人数的百分数，如 62.5（配合“百分比”过滤器使用）",
    "平均年龄": "年末在队人员按出生年月计算的平均年龄（岁，保留一位小数）",
    "部门数": "年末在队人员分布的部门数（个）",
    "培训次数": "当年培训场次（次）",
    "培训学时": "当年各场培训学时之和（学时）",
    "参训人次": "当年各场培训参训人数之和（人次）",
    "全年在队人数": "当年任一时间在队的人数，含年内离队人员（名）",
    "成员学时合计": "全年在队人员参训学时之和（学时）",
    "人均学时": "全年在队人员人均参训学时（成员学时合计 ÷ 全年在队人数）",
    "人均参训次数": "全年在队人员人均参训次数（参训人次 ÷ 全年在队人数）",
    "应参训人次": "各场培训当天在队人数之和（人次）",
    "参训率": "参训人次 ÷ 应参训人次，百分数",
    "优秀人数": "年度考核为“优秀”的人数（名）；无考核表时为 0",
    "表彰对象": "表彰通报所称的对象：优秀人员同属一个队伍类别时为“优秀网络评论员”这样的写法，否则为“网络评论员队伍优秀成员”",
    "计划培训次数": "培训计划表中的培训场次（次）",
    "计划培训学时": "培训计划表中的学时合计（学时）",
    "计划学时差": "计划培训学时 − 本年培训学时；为负数时，实施方案要说明计划低于本年",
    "名额合计": "名额表中各行名额之和（名；各行应互不重叠，如同一部门既有不分层级的一行又有分层级的行，会重复计算）；无名额表时为 0",
    "缺额合计": "名额表中各行缺额之和（名）：现有人数少于名额的部分；无名额表时为 0",
    "工作高峰月份": "各项工作量合计最多的月份（1–12）；无工作量表时为空",
    "工作最多部门": "各项工作量合计最多的部门；无工作量表时为空",
}

TABLES: dict[str, str] = {
    "名册": "年末在队人员，每人一项：序号、姓名、性别、出生年月、年龄、政治面貌、部门、职务、队伍类别、层级、"
            "领导小组职务、入队日期、入队年月、年内入队（是/否）、离队日期、联系电话、备注、学时、参训次数、"
            "培训记录（日期、月日、主题、学时）、培训主题（列表）、工作量（指标、合计、单位、队伍人均）、工作最多月份、"
            "等次、得分、考核评语",
    "全年人员": "当年任一时间在队的人员（含年内离队），每人一项，内容同“名册”，另有 在队情况（在队 / 某月某日离队）",
    "领导小组": "领导小组：组长、副组长、成员三个列表，每人有 姓名、职务、部门、称呼（职务在前：党组书记、局长潘梓）",
    "部门统计": "按部门统计：部门、人数、构成（如“网络评论员5名、新闻通讯员2名”）",
    "类别统计": "按队伍类别统计：类别、人数、比例",
    "层级统计": "按层级统计：层级、人数、比例（未填层级时为空列表）",
    "名额表": "名额表的各行（“各部门”展开为每个部门一行）：部门、队伍类别、层级、名额、现有（年末在队人数）、"
              "差额（名额 − 现有，正数为缺额）、情况（“已配齐”“缺2名”“超出1名”）；无名额表时为空列表",
    "名额缺口": "名额表中现有人数少于名额的各行，内容同“名额表”；都已配齐时为空列表",
    "培训列表": "当年培训，每场一项：序号、日期（2025年3月5日）、月日（3月5日）、月份、主题、形式、学时、主讲人、地点、"
                "参训人员（姓名）、参训人数、参训情况（缺席的人少于参加的人时写“除某某外，在队成员全部参加”，否则同参训人员）",
    "培训计划": "下一年度培训计划，每项：序号、时间、主题、形式、学时、对象",
    "工作指标": "每项工作指标的全年合计：指标、合计、单位",
    "月度培训": "全年 12 个月每月一项：月份、次数、学时、参训人次（没有培训的月份为 0）",
    "月度工作": "每月工作量：月份、合计、各项（指标、合计）",
    "部门工作": "各部门工作量：部门、合计、各项（指标、合计），按合计从多到少",
    "考核统计": "各考核等次人数：等次、人数",
    "优秀名单": "考核优秀人员：姓名、部门、职务、称呼、队伍类别、事迹（全年参训次数、学时和第一项工作指标，一句话）",
    "优秀分部门": "考核优秀人员按部门分组：部门、名单（同“优秀名单”）、人数",
    "成效": "工作要点表中的“成效”条目（文字列表）",
    "问题": "工作要点表中的“问题”条目（文字列表）",
    "计划": "工作要点表中的“计划”条目（文字列表）",
    "职责": "工作职责表中各队伍类别的职责：{类别: [职责, …]}；某类别未提供时，由模板给出默认职责",
    "层级职责": "队伍中有的各层级及其分工：层级、职责（工作职责表填了层级的职责，否则为默认分工）；未分层级时为空列表",
    "工作目标": "下一年度每项工作指标的目标：指标、人均每月（本年每名成员每月平均数，向上取整）、单位；无工作量表时为空列表",
    "上年": "上一年度同一单位的各项数值（有上一年度工作簿时），无则为空",
    "增减": "与上一年度相比的差值（本年 − 上年），无上一年度时为空",
    "图表": "可在 Word/WPS 中编辑数据的图表，单独占一段：{{ 图表.月度学时 }}（每月培训学时）、"
            "{{ 图表.月度工作 }}（每月各项工作量）、{{ 图表.部门构成 }}（各部门人数，按队伍类别分色）",
    "编号": "标题序号计数器：{{ 编号(1) }} 依次给出 一、二、……，{{ 编号(2) }} 给出（一）（二）……",
    "条款": "制度条款序号计数器：{{ 条款() }} 依次给出 第一条、第二条……；略去的条款不占序号",
    "换行": "段落内（如表格一格内）换行：{{ 换行 }}",
}

# The personal summary's own variable (个人工作总结.docx): one member's year, the rest as for the unit.
PERSONAL: dict[str, str] = {
    "本人": "个人工作总结的本人（每名年末在队人员生成一份）：内容同“名册”的一项，如 {{ 本人.姓名 }}、{{ 本人.部门 }}、"
            "{{ 本人.参训次数 }}、{{ 本人.学时 }}、{{ 本人.培训主题 }}、{{ 本人.工作量 }}（每项有 指标、合计、单位、"
            "队伍人均）、{{ 本人.工作最多月份 }}、{{ 本人.等次 }}；队伍平均用 {{ 人均参训次数 }}、{{ 人均学时 }}",
}

COMPARED = ("队伍人数", "新增人数", "减少人数", "党员人数", "平均年龄", "培训次数", "培训学时",
            "参训人次", "人均学时", "参训率", "优秀人数")


def num(x: float) -> int | float:
    """Round to one decimal; whole numbers become ints so templates print 30, not 30.0."""
    x = round_half(float(x)) + 0.0
    return int(x) if x.is_integer() else x


def ratio(part: float, whole: float) -> int | float:
    """A percentage (0–100) with one decimal; 0 when there is nothing to divide by."""
    return num(100.0 * part / whole) if whole else 0


def _group(members: list[Member], attr: str, order: tuple[str, ...] = ()) -> list[dict]:
    counts = Counter(getattr(m, attr) for m in members if getattr(m, attr))
    keys = [k for k in order if k in counts] + sorted((k for k in counts if k not in order), key=_first_seen(members, attr))
    total = len(members)
    return [{"名称": k, "人数": counts[k], "比例": ratio(counts[k], total)} for k in keys]


def _first_seen(members: list[Member], attr: str):
    first: dict[str, int] = {}
    for i, m in enumerate(members):
        first.setdefault(getattr(m, attr), i)
    return lambda k: first.get(k, 0)


def _member_date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


@dataclass
class _Year:
    """One unit's year as every topic sees it: who was on the team when."""

    model: UnitModel
    year: int
    team_year: list[Member]  # on the team at any time of the year, leavers included
    team: list[Member]  # on the team at year end

    def metric_values(self, values: dict[str, float], average: dict[str, float] | None = None) -> list[dict]:
        """Each work metric of the workbook with its total in ``values`` (0 when absent),
        and the team's average per member beside it when ``average`` is given."""
        out = [{"指标": _metric_name(k), "合计": num(values.get(k, 0)), "单位": _metric_unit(k)}
               for k in self.model.metrics]
        if average is not None:
            for item, k in zip(out, self.model.metrics, strict=True):
                item["队伍人均"] = num(average.get(k, 0))
        return out


REPLY_DAYS = 14  # the formation notice gives departments two weeks to send their nominations


def _unit_facts(y: _Year) -> dict:
    unit = y.model.unit
    short = unit.short or self_name(unit.name)
    scale = _scale(y.model)
    signed = unit.date or dt.date(y.year, 12, 31)
    return {
        "单位名称": unit.name,
        "年度": y.year,
        "计划年度": y.year + 1,
        "队伍名称": unit.team,
        "成员称谓": unit.team.removesuffix("队伍") or unit.team,
        "上级单位": unit.superior,
        "发文字号": unit.doc_number,
        "成文日期": _member_date(signed),
        "报送日期": _member_date(signed + dt.timedelta(days=REPLY_DAYS)),
        "落款": unit.signatory,
        "联系人": unit.contact,
        "联系电话": unit.phone,
        "办公室": unit.office,
        "简称": short,
        "工作依据": unit.basis,
        "决定机关": unit.decider or DECIDERS.get(short, "领导小组"),
        "表彰文号": unit.honour_number,
        "审核人": unit.reviewer,
        "考核等次": "、".join(scale),
        "考核末等": scale[-1],
    }


def _scale(model: UnitModel) -> tuple[str, ...]:
    """The grade scale the unit's assessment sheet uses (the default one without a sheet)."""
    used = {a.grade for a in model.assessments.values()}
    for scale in schema.SCALES:
        if used & set(scale[1:]):
            return scale
    return schema.DEFAULT_SCALE


def _training(y: _Year) -> tuple[dict, dict[str, float], dict[str, list[dict]]]:
    """Training figures over everyone on the year's team, with each member's hours and
    the records of the trainings they attended."""
    hours_by: dict[str, float] = defaultdict(float)
    attended: dict[str, list[dict]] = defaultdict(list)
    expected = attendances = 0
    on_team_names = {m.name for m in y.team_year}
    trainings = []
    for i, tr in enumerate(sorted(y.model.trainings, key=lambda t: (t.date, t.row)), 1):
        present = [n for n in tr.attendees if n in on_team_names]
        record = {"日期": _member_date(tr.date), "月日": f"{tr.date.month}月{tr.date.day}日", "主题": tr.topic,
                  "学时": num(tr.hours)}
        for n in present:
            hours_by[n] += tr.hours
            attended[n].append(record)
        attendances += len(present)
        due = [m.name for m in y.team_year if m.on_team_on(tr.date)]
        expected += len(due)
        trainings.append({
            "序号": i, **record, "月份": tr.date.month, "形式": tr.form, "主讲人": tr.speaker, "地点": tr.place,
            "参训人员": "、".join(present), "参训人数": len(present), "参训情况": _who_came(present, due),
        })
    person_hours = sum(hours_by.values())
    monthly = [{"月份": mo, "次数": 0, "学时": 0.0, "参训人次": 0} for mo in range(1, 13)]
    for t in trainings:
        row = monthly[t["月份"] - 1]
        row["次数"] += 1
        row["学时"] += t["学时"]
        row["参训人次"] += t["参训人数"]
    for row in monthly:
        row["学时"] = num(row["学时"])
    plan = [{"序号": i, "时间": p.time, "主题": p.topic, "形式": p.form,
             "学时": num(p.hours) if p.hours is not None else "", "对象": p.audience}
            for i, p in enumerate(y.model.plan, 1)]
    figures = {
        "培训次数": len(y.model.trainings),
        "培训学时": num(sum(t.hours for t in y.model.trainings)),
        "参训人次": attendances,
        "全年在队人数": len(y.team_year),
        "成员学时合计": num(person_hours),
        "人均学时": num(person_hours / len(y.team_year)) if y.team_year else 0,
        "人均参训次数": num(attendances / len(y.team_year)) if y.team_year else 0,
        "应参训人次": expected,
        "参训率": ratio(attendances, expected),
        "计划培训次数": len(plan),
        "计划培训学时": num(sum(p.hours or 0 for p in y.model.plan)),
        "计划学时差": num(sum(p.hours or 0 for p in y.model.plan) - sum(t.hours for t in y.model.trainings)),
        "培训列表": trainings,
        "培训计划": plan,
        "月度培训": monthly,
    }
    return figures, hours_by, attended


class _Work:
    """Each work metric summed per person, month and department, whatever it is called."""

    def __init__(self, y: _Year):
        self.total: dict[str, float] = {k: 0.0 for k in y.model.metrics}
        self.by_person: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.by_month: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.by_dept: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        person_month: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for w in y.model.work:
            for k, v in w.values.items():
                self.total[k] += v
                self.by_person[w.name][k] += v
                self.by_month[w.month][k] += v
                self.by_dept[w.department][k] += v
                person_month[w.name][w.month] += v
        # each person's month with the most work (all metrics together; the earlier on a tie)
        self.best_month = {n: max(sorted(ms), key=lambda m: ms[m]) for n, ms in person_month.items()
                           if any(ms.values())}
        people = len(y.team_year)
        self.average = {k: v / people for k, v in self.total.items()} if people else {}


def _who_came(present: list[str], due: list[str]) -> str:
    """Who attended, as a ledger writes it: by the absentees when fewer stayed away than
    came (a row listing the whole team would fill half a page), else by name."""
    came = set(present)
    absent = [n for n in due if n not in came]
    if due and not absent:
        return "在队成员全部参加"
    if absent and len(absent) < len(present):
        return f"除{'、'.join(absent)}外，在队成员全部参加"
    return "、".join(present)


def _work(y: _Year, w: _Work) -> dict:
    """The work figures of the unit: totals, months, departments, next year's targets."""
    metric_total, by_month, by_dept = w.total, w.by_month, w.by_dept
    month_sum = {m: sum(v.values()) for m, v in by_month.items()}
    dept_sum = {d: sum(v.values()) for d, v in by_dept.items()}
    member_months = sum(_months_on_team(m, y.year) for m in y.team_year)
    figures = {
        "工作目标": [{"指标": _metric_name(k), "人均每月": math.ceil(metric_total[k] / member_months - 1e-9),
                      "单位": _metric_unit(k)} for k in y.model.metrics if member_months] if y.model.work else [],
        "工作高峰月份": max(sorted(month_sum), key=lambda k: month_sum[k]) if month_sum else "",
        "工作最多部门": max(sorted(dept_sum), key=lambda k: dept_sum[k]) if dept_sum else "",
        "工作指标": y.metric_values(metric_total),
        "月度工作": [{"月份": m, "合计": num(month_sum[m]), "各项": y.metric_values(by_month[m])}
                     for m in sorted(by_month)],
        "部门工作": [{"部门": d, "合计": num(dept_sum[d]), "各项": y.metric_values(by_dept[d])}
                     for d in sorted(dept_sum, key=lambda d: -dept_sum[d])],
    }
    return figures


def _months_on_team(m: Member, year: int) -> int:
    """Months of ``year`` the member was on the team (a month counts when they were on it on its 15th)."""
    return sum(1 for month in range(1, 13) if m.on_team_on(dt.date(year, month, 15)))


def _person(m: Member) -> dict:
    """A person as documents name them: post first (党组书记、局长潘梓), a plain member by name."""
    return {"姓名": m.name, "职务": m.post, "部门": m.department, "称呼": f"{m.post}{m.name}" if m.post else m.name,
            "队伍类别": m.category}


def _assessment(y: _Year) -> dict:
    assess = y.model.assessments
    grades = Counter(assess[m.name].grade for m in y.team_year if m.name in assess and assess[m.name].grade)
    excellent = [_person(m) for m in y.team_year if m.name in assess and assess[m.name].grade == "优秀"]
    return {
        "优秀人数": len(excellent),
        "考核统计": [{"等次": g, "人数": grades[g]} for g in schema.GRADES if grades.get(g)]
        + [{"等次": g, "人数": n} for g, n in grades.items() if g not in schema.GRADES],
        "优秀名单": excellent,
        "优秀分部门": [],  # filled by _deeds, once every member's year is known
    }


def _members(y: _Year, hours_by: dict[str, float], attended: dict[str, list[dict]],
             work: _Work) -> dict:
    """The team's counts and one record per member with their own year."""
    team, year, assess = y.team, y.year, y.model.assessments
    party = [m for m in team if schema.is_party_member(m.politics)]
    probation = [m for m in party if "预备" in m.politics]
    ages = [year - m.birth[0] for m in team if m.birth]

    def record_of(i: int, m: Member) -> dict:
        a = assess.get(m.name)
        return {
            "序号": i, "姓名": m.name, "性别": m.gender,
            "出生年月": f"{m.birth[0]}年{m.birth[1]}月" if m.birth else "",
            "年龄": year - m.birth[0] if m.birth else "",
            "政治面貌": m.politics, "部门": m.department, "职务": m.post, "队伍类别": m.category,
            "层级": m.level, "领导小组职务": m.group_role, "入队日期": _member_date(m.joined),
            "入队年月": f"{m.joined.year}年{m.joined.month}月" if m.joined else "",
            "离队日期": _member_date(m.left), "联系电话": m.phone, "备注": m.note,
            "在队情况": "在队" if m.at_year_end(year) else f"{m.left.month}月{m.left.day}日离队",
            "学时": num(hours_by.get(m.name, 0)), "参训次数": len(attended.get(m.name, ())),
            "培训记录": attended.get(m.name, []),
            "培训主题": [t["主题"] for t in attended.get(m.name, ())],
            "工作量": y.metric_values(work.by_person.get(m.name, {}), work.average) if y.model.work else [],
            "工作最多月份": work.best_month.get(m.name, ""),
            "年内入队": m.joined_in(year),
            "等次": a.grade if a else "",
            "考核情况": a.grade if a and a.grade else (
                f"年内离队（{_member_date(m.left)}），不参加年度考核" if m.left_in(year) else ""),
            "得分": num(a.score) if a and a.score is not None else "",
            "考核评语": a.comment if a else "",
        }

    return {
        "队伍人数": len(team),
        "新增人数": sum(1 for m in y.team_year if m.joined_in(year)),
        "减少人数": sum(1 for m in y.team_year if m.left_in(year)),
        "党员人数": len(party),
        "预备党员人数": len(probation),
        "党员比例": ratio(len(party), len(team)),
        "平均年龄": num(sum(ages) / len(ages)) if ages else 0,
        "名册": [record_of(i, m) for i, m in enumerate(team, 1)],
        "全年人员": [record_of(i, m) for i, m in enumerate(y.team_year, 1)],
    }


def _quotas(y: _Year) -> dict:
    """The quota sheet's rows with the year-end team counted against them (model.Quota)."""
    rows = [{"部门": q.department, "队伍类别": q.category, "层级": q.level, "名额": q.quota, "现有": q.count,
             "差额": q.quota - q.count, "情况": q.state} for q in y.model.quotas]
    short = [r for r in rows if r["差额"] > 0]
    return {"名额表": rows, "名额缺口": short, "名额合计": sum(r["名额"] for r in rows),
            "缺额合计": sum(r["差额"] for r in short)}


def _groups(y: _Year) -> tuple[dict, Counter]:
    """The leading group and the team by department, category and tier; with the count
    of members by (department, category), in the order first met."""
    team = y.team
    depts = _group(team, "department")
    per_dept = Counter((m.department, m.category) for m in team)
    for d in depts:
        d["部门"] = d.pop("名称")
        d["构成"] = "、".join(f"{c}{n}名" for (dept, c), n in per_dept.items() if dept == d["部门"])
    tiers = [g["名称"] for g in _group(team, "level", schema.LEVELS)]
    return {
        "层级职责": [{"层级": t, "职责": _tier_duty(y.model, t)} for t in tiers],
        "部门数": len(depts),
        "领导小组": {role: [_person(m) for m in team if m.group_role == role] for role in schema.GROUP_ROLES},
        "部门统计": depts,
        "类别统计": [{"类别": g.pop("名称"), **g} for g in _group(team, "category", schema.CATEGORIES)],
        "层级统计": [{"层级": g.pop("名称"), **g} for g in _group(team, "level", schema.LEVELS)],
    }, per_dept


# Default division of work by tier (GENRE: 核心 研判与指导, 骨干 处置与引导, 基层 跟帖与上报).
TIER_DUTIES = {
    "核心": "研判网上舆情动态，撰写重点评论，指导骨干和基层成员开展工作",
    "骨干": "对网上热点及时处置、正面引导，带动基层成员参与",
    "基层": "做好日常跟帖评论，发现涉及本单位的舆情信息及时上报",
}


def _tier_duty(model: UnitModel, tier: str) -> str:
    """A tier's duties: the duties sheet's sentences given for it (any category), else the default."""
    given = [d for (_, level), duties in model.tier_duties.items() if level == tier for d in duties]
    return "；".join(d.rstrip("。；;") for d in given) if given else TIER_DUTIES.get(tier, "")


def scalars_and_tables(model: UnitModel) -> dict:
    """Every variable except 上年, 增减 and 编号, computed from one unit's model, topic by topic."""
    unit = model.unit
    assert unit is not None, "a model with no unit has errors and is never rendered"
    team_year = [m for m in model.members if m.on_team_in(unit.year)]
    y = _Year(model, unit.year, team_year, [m for m in team_year if m.at_year_end(unit.year)])
    training, hours_by, attended = _training(y)
    w = _Work(y)
    work = _work(y, w)
    groups, per_dept = _groups(y)
    found = {**_unit_facts(y), **_members(y, hours_by, attended, w), **groups, **training,
             **_assessment(y), **work, **_quotas(y)}
    _deeds(found)
    ctx = {k: found[k] for k in SCALARS}  # the order fields prints and the manifest keeps
    ctx.update((k, found[k]) for k in TABLES if k in found)
    ctx.update({
        "成效": list(model.points["成效"]),
        "问题": list(model.points["问题"]),
        "计划": list(model.points["计划"]),
        "职责": {c: list(d) for c, d in model.duties.items()},
        "图表": _charts(y, groups, per_dept, training["月度培训"], w.by_month),
    })
    return ctx


def _charts(y: _Year, groups: dict, per_dept: Counter, monthly: list[dict],
            by_month: dict[int, dict[str, float]]) -> dict[str, Chart]:
    model, year = y.model, y.year
    months = tuple(f"{m}月" for m in range(1, 13))
    hours = Chart("column", f"{year}年度每月培训学时", months,
                  (("培训学时", tuple(r["学时"] for r in monthly)),) if model.trainings else (), unit="学时")
    units = "/".join(dict.fromkeys(_metric_unit(k) for k in model.metrics))  # 条/次: the metrics' own units
    work = Chart("line", f"{year}年度每月工作量", months,
                 tuple((f"{_metric_name(k)}（{_metric_unit(k)}）", tuple(num(by_month.get(m, {}).get(k, 0))
                                                                   for m in range(1, 13)))
                       for k in model.metrics) if model.work else (), labels=False, unit=units)
    names = tuple(d["部门"] for d in groups["部门统计"])
    make_up = Chart("bar", "队伍成员部门分布", names,
                    tuple((c["类别"], tuple(per_dept[(d, c["类别"])] for d in names)) for c in groups["类别统计"]),
                    height_mm=min(120, 25 + 9 * len(names)), unit="人数（名）")
    return {"月度学时": hours, "月度工作": work, "部门构成": make_up}


def _deeds(found: dict) -> None:
    """Each honouree's line of deeds from their own year, and what the commendation calls them."""
    records = {r["姓名"]: r for r in found["全年人员"]}
    for person in found["优秀名单"]:
        r = records[person["姓名"]]
        parts = [f"全年参加培训{r['参训次数']}次、{r['学时']}学时"] if r["参训次数"] else []
        parts += [f"{w['指标']}{w['合计']}{w['单位']}" for w in r["工作量"][:1] if w["合计"]]
        person["事迹"] = "，".join(parts)
    kinds = {p["队伍类别"] for p in found["优秀名单"]}
    found["表彰对象"] = f"优秀{kinds.pop()}" if len(kinds) == 1 else f"{found['队伍名称']}优秀成员"
    found["优秀分部门"] = _by_department(found["优秀名单"])


def _by_department(people: list[dict]) -> list[dict]:
    groups: dict[str, list[dict]] = {}
    for p in people:
        groups.setdefault(p["部门"] or "其他", []).append(p)
    return [{"部门": d, "名单": names, "人数": len(names)} for d, names in groups.items()]


def _metric_name(header: str) -> str:
    return header.split("（")[0].split("(")[0].strip() or header


def _metric_unit(header: str) -> str:
    """发帖（条） → 条; a metric with no unit in its header counts items: 条."""
    for open_, close in (("（", "）"), ("(", ")")):
        if open_ in header and close in header:
            return header.split(open_, 1)[1].split(close, 1)[0].strip() or "条"
    return "条"


def scalars(ctx: dict) -> dict:
    """The scalar variables of a context, in SCALARS order: what the manifest records."""
    return {k: ctx[k] for k in SCALARS}


def context(model: UnitModel, previous: UnitModel | None = None) -> dict:
    """The full template context for one unit, with 上年 and 增减 when a previous year is known."""
    ctx = scalars_and_tables(model)
    ctx["上年"] = {}
    ctx["增减"] = {}
    if previous is not None and previous.unit is not None and not previous.has_errors:
        prev = scalars(scalars_and_tables(previous))
        ctx["上年"] = prev
        ctx["增减"] = {k: num(ctx[k] - prev[k]) for k in COMPARED}
    return ctx


# ------------------------------------------------------------------ roll-up

ROLLUP: dict[str, str] = {
    "年度": "汇总的年度（各单位中最新的年度；其他年度的单位不汇总，运行时会说明）",
    "队伍名称": "各单位最常用的队伍名称",
    "成员称谓": "队伍成员的称谓，如“网络评论员”",
    "单位数": "汇总的单位数（个）",
    "汇总单位": "各单位共同的上级单位（“县委宣传部”与“青山县委宣传部”视为同一机关，取写得全的）；不一致或未填写时为空",
    "落款": "汇总文档的落款：运行时 --issuer 给出的机关，否则同“汇总单位”；为空时不加落款",
    "人均学时前列": "人均学时最高的几个单位（单位数的一半以内，最多 3 个），名称用顿号连接",
    "人均学时后列": "人均学时最低的几个单位，同上",
    "参训率前列": "参训率最高的几个单位，同上",
    "参训率后列": "参训率最低的几个单位，同上",
    "未培训单位": "全年没有组织培训的单位，名称用顿号连接；没有时为空",
    "成文日期": "各单位成文日期中最晚的一个",
    "单位列表": "每个单位一项：序号、单位名称、队伍人数、新增人数、减少人数、党员人数、培训次数、培训学时、参训人次、"
               "人均学时、参训率、优秀人数、排名（按人均学时从高到低，并列同名次）",
    "合计": "各项合计：同上各项；人均学时、参训率按全部单位的人员重新计算，不是各单位数值的平均",
}
ROLLUP_COLUMNS = ("队伍人数", "新增人数", "减少人数", "党员人数", "培训次数", "培训学时", "参训人次", "人均学时",
                  "参训率", "优秀人数")
_SUMMED = ("队伍人数", "新增人数", "减少人数", "党员人数", "培训次数", "培训学时", "参训人次", "优秀人数",
           "全年在队人数", "成员学时合计", "应参训人次")


_PLACE = re.compile(r"^.*?(?=[县市区旗](?:委|人民政府|政府|党委))")


def same_body(name: str) -> str:
    """An issuing body without its county or city name: 青山县委宣传部 and 县委宣传部 are one body."""
    return _PLACE.sub("", name.strip())


def _ends(rows: list[dict], key: str) -> tuple[str, str]:
    """The units at the top and the bottom by ``key``: as many as half the units, at most three."""
    n = min(3, len(rows) // 2)
    if not n:
        return "", ""
    ranked = sorted(rows, key=lambda r: (-r[key], r["序号"]))
    return "、".join(r["单位名称"] for r in ranked[:n]), "、".join(r["单位名称"] for r in ranked[-n:])


def rollup(contexts: list[dict], issuer: str = "") -> tuple[dict, list[tuple[str, int]]]:
    """The roll-up variables over several units' contexts, and the (unit, year) pairs
    left out because their year is not the latest one."""
    year = max(c["年度"] for c in contexts)
    used = [c for c in contexts if c["年度"] == year]
    left_out = [(c["单位名称"], c["年度"]) for c in contexts if c["年度"] != year]
    rows = [{"序号": i, "单位名称": c["单位名称"], **{k: c[k] for k in ROLLUP_COLUMNS}} for i, c in enumerate(used, 1)]
    for r in rows:  # competition ranking: ties share a place, the next place is skipped
        r["排名"] = 1 + sum(1 for o in rows if o["人均学时"] > r["人均学时"])
    total = {k: num(sum(c[k] for c in used)) for k in _SUMMED}
    total["人均学时"] = num(total["成员学时合计"] / total["全年在队人数"]) if total["全年在队人数"] else 0
    total["参训率"] = ratio(total["参训人次"], total["应参训人次"])
    team = Counter(c["队伍名称"] for c in used).most_common(1)[0][0]
    bodies = {same_body(c["上级单位"]) for c in used}
    superior = max((c["上级单位"].strip() for c in used), key=len) if len(bodies) == 1 and "" not in bodies else ""
    dates = [d for d in (as_date(c["成文日期"]) for c in used) if d]
    hours_top, hours_bottom = _ends(rows, "人均学时")
    rate_top, rate_bottom = _ends(rows, "参训率")
    return {
        "年度": year, "队伍名称": team, "成员称谓": team.removesuffix("队伍") or team, "单位数": len(used),
        "汇总单位": superior, "落款": issuer or superior, "成文日期": _member_date(max(dates)) if dates else "",
        "人均学时前列": hours_top, "人均学时后列": hours_bottom, "参训率前列": rate_top, "参训率后列": rate_bottom,
        "未培训单位": "、".join(r["单位名称"] for r in rows if not r["培训次数"]),
        "单位列表": rows, "合计": total,
    }, left_out
