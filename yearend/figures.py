"""Model → template variables: counts, hours, rates, groupings, previous-year deltas.

This is the one place where English code meets the Chinese variable names that
templates use; ``context`` builds the whole UnitContext, whose fields and their
meanings are declared in ``variables``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import median
from typing import cast

from . import schema
from .amounts import date_text, greatest, num, ratio, working_day
from .chinese import self_name
from .duties import TIER_SOURCES, duties, tier_duty
from .levels import (
    Level,
    Peers,
    counted,
    levels,
    metric_name,
    metric_unit,
    months_on,
    months_on_team,
    own_metrics,
    targets,
)
from .opinion_figures import by_member, opinion_figures
from .opinions import LATE, NOT_DONE, UNTIMED
from .personal import Team, honour_roll, summary
from .records import Member, Unit, UnitModel
from .responsibility import chain, events, outlets, review_dates
from .shortfalls import drawn
from .variables import SCALARS, TABLES, Chart, UnitContext

COMPARED = ("队伍人数", "新增人数", "减少人数", "党员人数", "平均年龄", "培训次数", "培训学时",
            "参训人次", "人均学时", "参训率", "优秀人数")


def _group(members: list[Member], attr: str, order: tuple[str, ...] = ()) -> list[dict]:
    counts = Counter(getattr(m, attr) for m in members if getattr(m, attr))
    keys = [k for k in order if k in counts] + sorted((k for k in counts if k not in order), key=_first_seen(members, attr))
    total = len(members)
    return [{"名称": k, "人数": counts[k], "比例": ratio(counts[k], total)} for k in keys]


def _first_seen(members: list[Member], attr: str):
    first = {k: i for i, k in reversed(list(enumerate(getattr(m, attr) for m in members)))}  # the earliest wins
    return lambda k: first.get(k, 0)


@dataclass
class _Year:
    """One unit's year as every topic sees it: who was on the team when."""

    model: UnitModel
    unit: Unit  # the model's, known to be there (a model without one has errors and gets no figures)
    year: int
    team_year: list[Member]  # on the team at any time of the year, leavers included
    team: list[Member]  # on the team at year end
    metrics: list[str]  # the work metrics someone reported (a column of zeros is no one's work)

    def metric_values(self, values: dict[str, float]) -> list[dict]:
        """Each reported work metric with its total in ``values`` (0 when absent)."""
        return [{"指标": metric_name(k), "合计": num(values.get(k, 0)), "单位": metric_unit(k)}
                for k in self.metrics]


REPLY_DAYS = 14  # the formation notice gives departments two weeks to send their nominations


def _unit_facts(y: _Year) -> dict:
    unit = y.unit
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
        "成文日期": date_text(signed),
        "报送日期": date_text(working_day(signed + dt.timedelta(days=REPLY_DAYS))),
        "落款": unit.signatory,
        "联系人": unit.contact,
        "联系电话": unit.phone,
        "办公室": _office(unit.office, short),
        "办事机构": "领导小组办公室" if unit.office else "领导小组",
        "简称": short,
        "工作依据": unit.basis,
        "表彰文号": unit.honour_number,
        "责任制文号": unit.ideology_number,
        "审核人": unit.reviewer,
        "考核等次": "、".join(scale),
        "考核末等": scale[-1],
    }


def _office(office: str, short: str) -> str:
    """The department the leading group's office sits in, as a sentence names it: a bare
    办公室 is the unit's (局办公室, 街道办公室): 办公室设在办公室 says nothing."""
    if office != "办公室":
        return office
    place = short[1:] if short.startswith("我") and short != "我单位" else "本单位"
    return place + office


def _scale(model: UnitModel) -> tuple[str, ...]:
    """The grade scale the unit's assessment sheet uses (the default one without a sheet)."""
    used = {a.grade for a in model.assessments.values()}
    for scale in schema.SCALES:
        if used & set(scale[1:]):
            return scale
    return schema.DEFAULT_SCALE


def _training(y: _Year) -> tuple[dict, dict[str, float], dict[str, list[dict]], dict[str, list[dict]]]:
    """Training figures over everyone on the year's team, with each member's hours and
    the records of the trainings they attended and of those they missed while on the team."""
    hours_by: dict[str, float] = defaultdict(float)
    attended: dict[str, list[dict]] = defaultdict(list)
    missed: dict[str, list[dict]] = defaultdict(list)
    expected = attendances = 0
    on_team_names = {m.name for m in y.team_year}
    trainings: list[dict] = []
    for i, tr in enumerate(sorted(y.model.trainings, key=lambda t: (t.date, t.row)), 1):
        present = [n for n in tr.attendees if n in on_team_names]
        record = {"日期": date_text(tr.date), "月日": f"{tr.date.month}月{tr.date.day}日", "主题": tr.topic,
                  "学时": num(tr.hours)}
        for n in present:
            hours_by[n] += tr.hours
            attended[n].append(record)
        attendances += len(present)
        due = [m.name for m in y.team_year if m.on_team_on(tr.date)]
        expected += len(due)
        for n in set(due) - set(present):
            missed[n].append(record)
        trainings.append({
            "序号": i, **record, "月份": tr.date.month, "形式": tr.form, "主讲人": tr.speaker, "地点": tr.place,
            "参训人员": "、".join(present), "参训人数": len(present), "参训情况": _who_came(present, due),
        })
    person_hours = sum(hours_by.values())
    monthly: list[dict] = [{"月份": mo, "次数": 0, "学时": 0.0, "参训人次": 0} for mo in range(1, 13)]
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
    return figures, hours_by, attended, missed


class _Work:
    """Each work metric summed per person, month and department, whatever it is called."""

    def __init__(self, model: UnitModel):
        self.total: dict[str, float] = {k: 0.0 for k in model.metrics}
        self.by_person: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.by_month: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.by_dept: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        person_month: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        # each metric per person and month (levels.Peers: a member against the same months)
        self.by_person_month: dict[str, dict[int, dict[str, float]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(float)))
        for w in model.work:
            for k, v in w.values.items():
                self.total[k] += v
                self.by_person[w.name][k] += v
                self.by_month[w.month][k] += v
                self.by_dept[w.department][k] += v
                person_month[w.name][w.month] += v
                self.by_person_month[w.name][w.month][k] += v
        self.person_month = person_month  # all metrics together, per person and month
        self.metrics = [k for k in model.metrics if self.total[k] > 0]  # a column of zeros is no one's work


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


def _work(y: _Year, w: _Work, owned: dict[str, list[Level]]) -> dict:
    """The work figures of the unit: totals, months, departments, next year's targets by category."""
    metric_total, by_month, by_dept = w.total, w.by_month, w.by_dept
    month_sum = {m: sum(v.values()) for m, v in by_month.items()}
    dept_sum = {d: sum(v.values()) for d, v in by_dept.items()}
    categories = {m.category for m in y.team_year}
    main = max(y.metrics, key=lambda k: metric_total[k]) if y.metrics else ""
    # the busiest months and departments by the main metric alone (条, 篇 and 次 are not added up), all that tie
    months, depts = (greatest(by_month, main), greatest(by_dept, main)) if main else ([], [])
    return {
        "工作目标": targets(owned, len(categories) == 1),
        "主要指标": metric_name(main) if main else "",
        "工作高峰月份": months[0] if months else "", "工作高峰月份文字": "、".join(f"{m}月" for m in months),
        "工作最多部门": "、".join(depts),
        "工作指标": y.metric_values(metric_total),
        "月度工作": [{"月份": m, "合计": num(month_sum[m]), "各项": y.metric_values(by_month[m])}
                     for m in sorted(by_month)],
        "部门工作": [{"部门": d, "合计": num(dept_sum[d]), "各项": y.metric_values(by_dept[d])}
                     for d in sorted(dept_sum, key=lambda d: -dept_sum[d])],
    }


def _person(m: Member) -> dict:
    """A person as documents name them: post first (党组书记、局长潘梓), a plain member by name."""
    return {"姓名": m.name, "职务": m.post, "部门": m.department, "称呼": m.title,
            "队伍类别": m.category}


def _months(m: Member, year: int, work: dict[int, float]) -> dict:
    """The member's months on the team as their work shows them: the busiest and the quietest
    (all metrics together, the earlier on a tie; "" with no work) and how many have any."""
    on = months_on(m, year)
    busy = [mo for mo in on if work.get(mo)]
    top = max(work[mo] for mo in busy) if busy else 0
    low = min(work.get(mo, 0) for mo in on) if busy else 0
    return {"工作最多月份": max(busy, key=lambda mo: work[mo]) if busy else "",
            "工作最少月份": min(on, key=lambda mo: work.get(mo, 0)) if busy else "",
            # every month that ties for the most and the least (empty when all the months are alike)
            "最多月份": [mo for mo in on if work.get(mo, 0) == top] if busy and top > low else [],
            "最少月份": [mo for mo in on if work.get(mo, 0) == low] if busy and top > low else [],
            "在队月数": len(on), "有工作量月数": len(busy), "有工作量月份": busy,
            "零工作月份": [mo for mo in on if not work.get(mo)]}


def _assessment(y: _Year) -> dict:
    """Grades of the team at year end: a member who left during the year is not assessed,
    whatever the sheet says (model warns of such a grade)."""
    assess = y.model.assessments
    grades = Counter(assess[m.name].grade for m in y.team if m.name in assess and assess[m.name].grade)
    excellent = [_person(m) for m in y.team if m.name in assess and assess[m.name].grade == "优秀"]
    return {
        "优秀人数": len(excellent),
        "考核人数": sum(grades.values()),
        "考核统计": [{"等次": g, "人数": grades[g]} for g in schema.GRADES if grades.get(g)]
        + [{"等次": g, "人数": n} for g, n in grades.items() if g not in schema.GRADES],
        "优秀名单": excellent,
        "优秀分部门": [], "逐人事迹": False, "事迹突出": [],  # filled by _own_years, once every member's year is known
    }


def _members(y: _Year, hours_by: dict[str, float], attended: dict[str, list[dict]],
             missed: dict[str, list[dict]], work: _Work, owned: dict[str, list[Level]], peers: Peers) -> dict:
    """The team's counts and one record per member with their own year."""
    team, year, assess = y.team, y.year, y.model.assessments
    party = [m for m in team if schema.is_party_member(m.politics)]
    probation = [m for m in party if "预备" in m.politics]
    ages = [year - m.birth[0] for m in team if m.birth]

    made: dict[int, dict] = {}  # a member on the team at year end is in both lists: made once
    standings: dict = {}  # each category's totals, sorted once for ranking (levels.own_metrics)

    def record_of(i: int, m: Member) -> dict:
        if id(m) not in made:
            made[id(m)] = _record(m)
        return {"序号": i, **made[id(m)]}  # each list's record its own: later steps add to them

    def _record(m: Member) -> dict:
        a = assess.get(m.name)
        gone = m.left_in(year) and not m.at_year_end(year)  # left during the year: not assessed
        return {
            "姓名": m.name, "性别": m.gender, "部门岗位": m.department_post,
            "出生年月": f"{m.birth[0]}年{m.birth[1]}月" if m.birth else "",
            "年龄": year - m.birth[0] if m.birth else "",
            "政治面貌": m.politics, "部门": m.department, "职务": m.post, "队伍类别": m.category,
            "层级": m.level, "领导小组职务": m.group_role, "入队日期": date_text(m.joined),
            "入队年月": f"{m.joined.year}年{m.joined.month}月" if m.joined else "",
            "离队日期": date_text(m.left), "联系电话": m.phone, "备注": m.note,
            "在队情况": m.presence(year),
            "学时": num(hours_by.get(m.name, 0)), "参训次数": len(attended.get(m.name, ())),
            "培训记录": attended.get(m.name, []),
            "培训主题": [t["主题"] for t in attended.get(m.name, ())],
            "缺训": missed.get(m.name, []),
            "工作量": own_metrics(m, owned, work.by_person, y.team, peers, standings) if y.model.work else [],
            "计入人均": peers.counts(m),  # in the category's level (levels.counted)
            **_months(m, year, work.person_month.get(m.name, {})),
            "入队年份": m.joined.year if m.joined else 0, "入队月份": m.joined.month if m.joined else "",
            "年内入队": m.joined_in(year),
            "等次": a.grade if a and not gone else "",
            "考核情况": f"年内离队（{date_text(m.left)}），不参加年度考核" if gone else (a.grade if a else ""),
            "得分": num(a.score) if a and a.score is not None and not gone else "",
            "考核评语": a.comment if a else "",
        }

    return {
        "队伍人数": len(team),
        "新增人数": sum(1 for m in y.team_year if m.joined_in(year)),
        "减少人数": sum(1 for m in y.team_year if m.left_in(year)),
        "离队部门": list(dict.fromkeys(m.department for m in y.team_year if m.left_in(year))),
        "党员人数": len(party),
        "预备党员人数": len(probation),
        "党员比例": ratio(len(party), len(team)),
        "平均年龄": num(sum(ages) / len(ages)) if ages else 0,
        "名册": [record_of(i, m) for i, m in enumerate(team, 1)],
        "全年人员": [record_of(i, m) for i, m in enumerate(y.team_year, 1)],
    }


def _quotas(y: _Year) -> dict:
    """The quota sheet's rows with the year-end team counted against them (model.Quota)."""
    rows: list[dict] = [{"部门": q.department, "队伍类别": q.category, "层级": q.level, "名额": q.quota, "现有": q.count,
             "差额": q.quota - q.count, "情况": q.state} for q in y.model.quotas]
    short = [r for r in rows if r["差额"] > 0]
    over = [r for r in rows if r["差额"] < 0]
    return {"名额表": rows, "名额缺口": short, "名额超出": over, "名额合计": sum(r["名额"] for r in rows),
            "名额现有合计": sum(r["现有"] for r in rows), "缺额合计": sum(r["差额"] for r in short),
            "超额合计": -sum(r["差额"] for r in over)}


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
    tiered = [c for c in dict.fromkeys(m.category for m in team) if any(m.level for m in team if m.category == c)]
    return {
        "层级职责": [{"层级": t, "职责": tier_duty(y.model, t, tiers), "推荐": TIER_SOURCES.get(t, TIER_SOURCES["基层"])} for t in tiers],
        "部门数": len(depts),
        # the categories that use tiers, named only when some do not (网络评论员按层级分…)
        "分层类别": "、".join(tiered) if tiered and len(tiered) < len({m.category for m in team}) else "",
        "领导小组": {role: [_person(m) for m in team if m.group_role == role] for role in schema.GROUP_ROLES},
        "部门统计": depts,
        "类别统计": [{"类别": g.pop("名称"), **g} for g in _group(team, "category", schema.CATEGORIES)],
        "层级统计": [{"层级": g.pop("名称"), **g} for g in _group(team, "level", schema.LEVELS)],
    }, per_dept


def scalars_and_tables(model: UnitModel, previous: UnitModel | None = None, quarter: int | None = None) -> dict:
    """Every variable except 上年, 增减 and 编号, computed from one unit's model, topic by
    topic; ``previous`` (last year's model) and ``quarter`` shape the 舆情 report's period."""
    unit = model.unit
    assert unit is not None, "a model with no unit has errors and is never rendered"
    year = unit.year
    team_year = [m for m in model.members if m.on_team_in(year)]
    w = _Work(model)
    y = _Year(model, unit, year, team_year, [m for m in team_year if m.at_year_end(year)], w.metrics)
    training, hours_by, attended, missed = _training(y)
    months = {m.name: months_on_team(m, year) for m in team_year}  # each member's months on the team
    recorded = [m for m in team_year if counted(m, year, w.by_person)]  # those a category's level counts
    owned = levels(recorded, w.metrics, w.by_person, [g["名称"] for g in _group(team_year, "category", schema.CATEGORIES)],
                   months)
    peers = Peers(recorded, year, w.by_person_month, Counter(m.category for m in team_year))
    work = _work(y, w, owned)
    groups, per_dept = _groups(y)
    found = {**_unit_facts(y), **_members(y, hours_by, attended, missed, w, owned, peers), **groups, **training,
             **_assessment(y), **work, **_quotas(y), **opinion_figures(model, previous, quarter)}
    found.update(chain(model, unit, found["简称"], y.team))
    found.update(outlets(model), **events(model), **review_dates())
    # who decides a commendation: the unit sheet's 决定机关, else the party body its leader's
    # post proves (校党支部, never a 校党委 it may not have), else the leading group
    found["决定机关"] = found["主体责任"] if unit.decider or not found["主体责任"].endswith("领导班子") else "领导小组"
    _own_opinions(found)
    _own_years(found)
    problems, plans = drawn(found, bool(model.work))
    ctx = {k: found[k] for k in SCALARS}  # the order fields prints and the manifest keeps
    ctx.update((k, found[k]) for k in TABLES if k in found)
    ctx.update({
        "成效": list(model.points["成效"]),
        # the clerk's own points as written; without them, what the data shows (shortfalls)
        "问题": list(model.points["问题"]) or problems,
        "计划": list(model.points["计划"]) or plans,
        "职责": duties(model, [c["类别"] for c in groups["类别统计"]]),
        "图表": _charts(y, groups, per_dept, training["月度培训"], w.by_month),
    })
    return ctx


def _charts(y: _Year, groups: dict, per_dept: Counter, monthly: list[dict],
            by_month: dict[int, dict[str, float]]) -> dict[str, Chart]:
    model, year = y.model, y.year
    months = tuple(f"{m}月" for m in range(1, 13))
    hours = Chart("column", f"{year}年度每月培训学时", months,
                  (("培训学时", tuple(r["学时"] for r in monthly)),) if model.trainings else (), unit="学时")
    units = "/".join(dict.fromkeys(metric_unit(k) for k in y.metrics))  # 条/次: the metrics' own units
    work = Chart("line", f"{year}年度每月工作量", months,
                 tuple((f"{metric_name(k)}（{metric_unit(k)}）", tuple(num(by_month.get(m, {}).get(k, 0))
                                                                   for m in range(1, 13)))
                       for k in y.metrics) if y.metrics else (), labels=False, unit=units)
    names = tuple(d["部门"] for d in groups["部门统计"])
    make_up = Chart("bar", "队伍成员部门分布", names,
                    tuple((c["类别"], tuple(per_dept[(d, c["类别"])] for d in names)) for c in groups["类别统计"]),
                    height_mm=min(120, 25 + 9 * len(names)), unit="人数（名）")
    return {"月度学时": hours, "月度工作": work, "部门构成": make_up}


def _own_years(found: dict) -> None:
    """Each member's personal-summary paragraphs, each honouree's line of deeds, and what
    the commendation calls them (personal: every sentence from the member's own year)."""
    people, team = found["全年人员"], found["名册"]
    member_months = sum(r["在队月数"] for r in people)
    due = [r for r in team if r["参训次数"] or r["缺训"]]
    seen = Counter(t for r in team for t in {*r["培训主题"], r["备注"].strip()} if t)  # shared by a third: says little
    facts = Team(year=found["年度"], short=found["简称"], measured=bool(found["工作指标"]),
                 found_rate=sum(r["发现舆情数"] for r in people) / member_months if member_months else 0.0,
                 major_rate=sum(r["发现较大以上数"] for r in people) / member_months if member_months else 0.0,
                 full_attendance=sum(1 for r in due if not r["缺训"]) / len(due) if due else 1.0,
                 hours=found["人均学时"] or 0.0, median_hours=median([r["学时"] for r in team]) if team else 0.0,
                 common={t for t, n in seen.items() if n > len(team) / 3},
                 targets={t["类别"]: t["指标"] for t in found["工作目标"]}, plan=found["培训计划"])
    for r in team:
        r["小结"] = summary(r, facts)
    records = {r["姓名"]: r for r in people}
    found["逐人事迹"], found["事迹突出"] = honour_roll(found["优秀名单"], records, facts)
    kinds = {p["队伍类别"] for p in found["优秀名单"]}
    found["表彰对象"] = f"优秀{kinds.pop()}" if len(kinds) == 1 else f"{found['队伍名称']}优秀成员"
    found["优秀分部门"] = _by_department(found["优秀名单"])


SHOWN_CASES = 3  # a member's 较大以上 items named in their summary and form; more are counted


def _own_opinions(found: dict) -> None:
    """Each member's own 舆情 items (as a finder) in their record."""
    mine = by_member(found["舆情列表"])
    for r in (*found["名册"], *found["全年人员"]):
        items = mine.get(r["姓名"], [])
        r["发现舆情数"] = len(items)
        r["发现舆情"] = items
        major = [x for x in items if x["较大以上"]]
        r["发现较大以上数"] = len(major)
        r["发现较大以上"] = major[:SHOWN_CASES]
        r["上报超时"] = [x for x in items if x["上报情况"] == LATE]
        r["上报超时数"] = len(r["上报超时"])
        r["上报计时数"] = sum(1 for x in items if x["上报情况"] not in (UNTIMED, NOT_DONE))


def _by_department(people: list[dict]) -> list[dict]:
    groups: dict[str, list[dict]] = {}
    for p in people:
        groups.setdefault(p["部门"] or "其他", []).append(p)
    return [{"部门": d, "名单": names, "人数": len(names)} for d, names in groups.items()]


def scalars(ctx: dict) -> dict:
    """The scalar variables of a context, in SCALARS order."""
    return {k: ctx[k] for k in SCALARS}


def recorded(ctx: dict) -> dict:
    """What the manifest, the report and the roll-up keep: the scalars, and 上年 where known."""
    found = scalars(ctx)
    if ctx.get("上年"):
        found["上年"] = ctx["上年"]
    return found


def context(model: UnitModel, previous: UnitModel | None = None, quarter: int | None = None) -> UnitContext:
    """The full template context for one unit, with 上年 and 增减 when a previous year is known;
    ``quarter`` (1–4) makes the 舆情 report that quarter's instead of the year's."""
    ctx = scalars_and_tables(model, previous, quarter)
    ctx["上年"] = {}
    ctx["增减"] = {}
    if previous is not None and previous.unit is not None and not previous.has_errors:
        prev = scalars(scalars_and_tables(previous))
        ctx["上年"] = prev
        ctx["增减"] = {k: num(ctx[k] - prev[k]) for k in COMPARED}
    # built topic by topic above; that its keys are UnitContext's is a test (test_figures)
    return cast(UnitContext, ctx)
