"""The membership rule and every figure, on data small enough to check by eye."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import make_workbook, member

from yearend import figures, model, records, variables, workbook


def context(path, previous=None):
    m = model.build_model(workbook.read_workbook(path))
    assert not m.has_errors, m.problems
    prev = model.build_model(workbook.read_workbook(previous)) if previous else None
    return figures.context(m, prev)


@pytest.mark.parametrize("joined,left,in_year,at_end,new,gone", [
    (None, None, True, True, False, False),
    ("2025-12-31", None, True, True, True, False),     # joined on the last day: on the team, new
    ("2026-01-01", None, False, False, False, False),  # joined next year: not this year's team
    (None, "2025-01-01", True, False, False, True),    # left on the first day: on the year's team, a leaver
    (None, "2024-12-31", False, False, False, False),  # left the year before: not on the team at all
    (None, "2025-12-31", True, False, False, True),    # left on the last day: gone by year end
    (None, "2026-03-01", True, True, False, False),    # leaves next year: still here at year end
    ("2025-03-01", "2025-09-01", True, False, True, True),
])
def test_membership_rule(joined, left, in_year, at_end, new, gone):
    d = lambda s: dt.date.fromisoformat(s) if s else None  # noqa: E731
    m = records.Member("张三", "办公室", 2, joined=d(joined), left=d(left))
    assert (m.on_team_in(2025), m.at_year_end(2025), m.joined_in(2025), m.left_in(2025)) == (in_year, at_end, new, gone)


def test_counts_over_the_team_at_year_end(tmp_path):
    ctx = context(make_workbook(tmp_path, members=[
        member("甲", 政治面貌="中共党员", 出生年月="1985.06"),
        member("乙", 政治面貌="中共预备党员", 出生年月="1995-01"),
        member("丙", "宣传科", 政治面貌="群众", 出生年月="1975年3月", 入队日期="2025-05-01"),
        member("丁", "宣传科", 政治面貌="中共党员", 离队日期="2025-07-01"),      # left this year
        member("戊", 政治面貌="中共党员", 离队日期="2024-07-01"),               # left last year
        member("己", 政治面貌="农工党党员", 队伍类别="新闻通讯员", 层级="骨干"),
    ]))
    assert ctx["队伍人数"] == 4  # 甲 乙 丙 己
    assert ctx["新增人数"] == 1  # 丙
    assert ctx["减少人数"] == 1  # 丁
    assert ctx["党员人数"] == 2  # 甲 乙; a 农工党 member is not a CPC member
    assert ctx["党员比例"] == 50
    assert ctx["平均年龄"] == 40  # (40 + 30 + 50) / 3, ages at the end of 2025
    assert ctx["部门数"] == 2
    assert [(d["部门"], d["人数"]) for d in ctx["部门统计"]] == [("办公室", 3), ("宣传科", 1)]
    assert ctx["部门统计"][0]["构成"] == "网络评论员2名、新闻通讯员1名"
    assert [(c["类别"], c["人数"], c["比例"]) for c in ctx["类别统计"]] == [("网络评论员", 3, 75), ("新闻通讯员", 1, 25)]
    assert ctx["层级统计"] == [{"层级": "骨干", "人数": 1, "比例": 25}]
    assert [r["姓名"] for r in ctx["名册"]] == ["甲", "乙", "丙", "己"]


def test_training_figures(tmp_path):
    ctx = context(make_workbook(tmp_path, members=[
        member("甲"), member("乙"), member("丙", 入队日期="2025-06-01"), member("丁", 离队日期="2025-04-01"),
    ], trainings=[
        {"日期": "2025-03-01", "主题": "一", "学时": 2, "参训人员": "甲、乙、丁"},   # team that day: 甲乙丁 (3)
        {"日期": "2025-07-01", "主题": "二", "学时": 1.5, "参训人员": "全体"},      # team that day: 甲乙丙 (3)
        {"日期": "2025-09-01", "主题": "三", "学时": 3, "参训人员": "甲"},          # team that day: 甲乙丙 (3)
    ]))
    assert ctx["培训次数"] == 3
    assert ctx["培训学时"] == 6.5
    assert ctx["参训人次"] == 7  # 3 + 3 + 1
    assert ctx["参训率"] == 77.8  # 7 / 9
    # person-hours: 甲 2+1.5+3, 乙 2+1.5, 丙 1.5, 丁 2 → 13.5 over the year's team of 4
    assert ctx["人均学时"] == 3.4
    rows = {r["姓名"]: r for r in ctx["名册"]}
    assert (rows["甲"]["学时"], rows["甲"]["参训次数"]) == (6.5, 3)
    assert ctx["培训列表"][1]["参训人员"] == "甲、乙、丙"
    assert ctx["培训列表"][1]["参训人数"] == 3
    # 全年人员 holds the leaver too, with what she attended before leaving
    everyone = {r["姓名"]: r for r in ctx["全年人员"]}
    assert "丁" not in rows and everyone["丁"]["在队情况"] == "4月1日离队"
    # a joiner's few hours explain themselves in the ledger too (a review found her 1.5 unexplained)
    assert (everyone["丙"]["在队情况"], everyone["甲"]["在队情况"]) == ("6月1日入队", "在队")
    assert [(t["月日"], t["主题"], t["学时"]) for t in everyone["丁"]["培训记录"]] == [("3月1日", "一", 2)]
    assert (ctx["全年在队人数"], ctx["成员学时合计"], ctx["应参训人次"]) == (4, 13.5, 9)


def test_assessment_work_plan_and_points(tmp_path):
    ctx = context(make_workbook(tmp_path, members=[member("甲"), member("乙", "宣传科"), member("丙")], sheets={
        "考核结果": [["姓名", "得分", "等次"], ["甲", 95, "优秀"], ["乙", 80, "称职"], ["丙", 92, "优秀"]],
        "工作量": [["姓名", "月份", "发帖（条）", "转发"], ["甲", 3, 5, 1], ["乙", "2025-03", 7, 2], ["乙", "2025年4月", 1, "3"]],
        "培训计划": [["时间", "主题", "学时"], ["2026年3月", "写作", 2], ["2026年5月", "研判", "1.5学时"]],
        "工作要点": [["类别", "内容"], ["亮点", "成效一"], ["不足", "问题一"], ["打算", "计划一"], ["成效", "成效二"]],
    }))
    assert ctx["优秀人数"] == 2
    assert [x["姓名"] for x in ctx["优秀名单"]] == ["甲", "丙"]
    assert ctx["考核统计"] == [{"等次": "优秀", "人数": 2}, {"等次": "称职", "人数": 1}]
    assert ctx["工作指标"] == [{"指标": "发帖", "合计": 13, "单位": "条"}, {"指标": "转发", "合计": 6, "单位": "条"}]
    assert [(m["月份"], m["合计"]) for m in ctx["月度工作"]] == [(3, 15), (4, 4)]
    # each metric per month, per department and per person, whatever its name
    assert [(x["指标"], x["合计"]) for x in ctx["月度工作"][0]["各项"]] == [("发帖", 12), ("转发", 3)]
    assert [(d["部门"], d["合计"], [x["合计"] for x in d["各项"]]) for d in ctx["部门工作"]] == [
        ("宣传科", 13, [8, 5]), ("办公室", 6, [5, 1])]
    rows = {r["姓名"]: r for r in ctx["名册"]}
    assert [(x["指标"], x["合计"]) for x in rows["乙"]["工作量"]] == [("发帖", 8), ("转发", 5)]
    assert [x["合计"] for x in rows["丙"]["工作量"]] == [0, 0]  # listed on no work row
    assert (rows["甲"]["等次"], rows["甲"]["得分"]) == ("优秀", 95)
    assert [(d["部门"], [(x["姓名"], x["事迹"]) for x in d["名单"]], d["人数"]) for d in ctx["优秀分部门"]] == [
        ("办公室", [("甲", "发帖5条，高于网络评论员人均4.3条"), ("丙", "年度考核得分92分")], 2)]  # deeds above the average; 丙 has none: the score
    assert ctx["表彰对象"] == "优秀网络评论员"
    assert (ctx["工作高峰月份"], ctx["工作最多部门"]) == (3, "宣传科")
    assert (ctx["计划培训次数"], ctx["计划培训学时"]) == (2, 3.5)
    assert (ctx["成效"], ctx["问题"], ctx["计划"]) == (["成效一", "成效二"], ["问题一"], ["计划一"])


def test_zero_members_give_zero_ratios_not_a_crash(tmp_path):
    ctx = context(make_workbook(tmp_path, members=[member("甲", 离队日期="2024-01-01")]))
    assert (ctx["队伍人数"], ctx["党员比例"], ctx["平均年龄"], ctx["人均学时"], ctx["参训率"]) == (0, 0, 0, 0, 0)


def test_previous_year(tmp_path):
    prev = make_workbook(tmp_path, "2024.xlsx", unit={"单位名称": "测试局", "年度": 2024},
                         members=[member("甲"), member("乙")],
                         trainings=[{"日期": "2024-05-01", "主题": "旧", "学时": 4, "参训人员": "全体"}])
    cur = make_workbook(tmp_path, "2025.xlsx", members=[member("甲"), member("乙"), member("丙", 入队日期="2025-02-01")],
                        trainings=[{"日期": "2025-05-01", "主题": "新", "学时": 1, "参训人员": "甲"}])
    ctx = context(cur, prev)
    assert ctx["上年"]["队伍人数"] == 2 and ctx["上年"]["年度"] == 2024
    assert ctx["增减"]["队伍人数"] == 1
    assert ctx["增减"]["培训学时"] == -3
    assert set(ctx["上年"]) == set(variables.SCALARS)


def test_every_scalar_is_in_the_context(tmp_path):
    ctx = context(make_workbook(tmp_path, members=[member("甲")]))
    assert set(variables.SCALARS) <= set(ctx)
    assert set(variables.TABLES) - {"编号", "条款", "换行"} <= set(ctx)  # these are added at render time


def test_the_context_holds_exactly_the_variables_its_typeddict_declares(tmp_path):
    """variables.UnitContext is the one list of a unit's variables (fields prints it): every
    key figures.context builds is declared there, and every declared key is built."""
    from pathlib import Path
    from typing import get_type_hints

    from yearend import gather

    res = gather.gather(Path(__file__).resolve().parent.parent / "input_samples").units[0]
    ctx = figures.context(res.model, res.previous)
    assert set(ctx) == set(get_type_hints(variables.UnitContext))
    assert list(variables.SCALARS) == list(ctx)[:len(variables.SCALARS)]  # the manifest's order


def test_work_in_a_month_off_the_team_is_counted_but_warned_and_the_months_are_the_members_own(tmp_path):
    path = make_workbook(tmp_path, members=[member("甲", 入队日期="2025-06-01"), member("乙")], sheets={
        "工作量": [["姓名", "月份", "发帖（条）"], ["甲", 3, 4], ["甲", 7, 9], ["甲", 8, 2], ["乙", 5, 6]]})
    m = model.build_model(workbook.read_workbook(path))
    [warning] = [p for p in m.problems if "不在队伍中" in p.message]
    assert warning.cell == "B2" and "“甲”3月不在队伍中" in warning.message
    rows = {r["姓名"]: r for r in figures.context(m)["名册"]}
    # counted in the total as written; the months speak only of those on the team (6月–12月)
    assert rows["甲"]["工作量"][0]["合计"] == 15
    assert (rows["甲"]["在队月数"], rows["甲"]["有工作量月数"]) == (7, 2)
    assert (rows["甲"]["工作最多月份"], rows["甲"]["工作最少月份"]) == (7, 6)


def test_a_join_date_after_the_year_is_warned_not_dropped_in_silence(tmp_path):
    path = make_workbook(tmp_path, members=[member("甲"), member("乙", 入队日期="2030-03-01")])
    m = model.build_model(workbook.read_workbook(path))
    [warning] = [p for p in m.problems if "2030-03-01" in p.message]
    assert (warning.sheet, warning.cell) == ("人员名册", "C3")  # 乙's 入队日期
    assert "在2025年之后：这个人不列入2025年度的名册和统计" in warning.message
    assert [r["姓名"] for r in figures.context(m)["名册"]] == ["甲"]


def test_a_workbook_whose_dates_are_mostly_another_years_is_an_error_naming_that_year(tmp_path):
    trainings = [{"日期": f"2025-{m:02d}-10", "主题": f"第{m}次", "学时": 2, "参训人员": "甲"} for m in (3, 6, 9)]
    path = make_workbook(tmp_path, unit={"单位名称": "测试局", "年度": 2024}, members=[member("甲")], trainings=trainings)
    m = model.build_model(workbook.read_workbook(path))
    [error] = [p for p in m.problems if p.level == "错误"]
    assert error.sheet == "单位信息" and "年度是2024年" in error.message and "像是2025年的数据" in error.message
    assert "3个中有3个在2025年" in error.message and m.has_errors  # no 2024 summary of a year with nothing in it
    # the right year, or a stray date or two, is no such error
    (tmp_path / "对").mkdir()
    right = make_workbook(tmp_path / "对", unit={"单位名称": "测试局", "年度": 2025}, members=[member("甲")],
                          trainings=trainings + [{"日期": "2024-12-20", "主题": "补", "学时": 1, "参训人员": "甲"}])
    assert not model.build_model(workbook.read_workbook(right)).has_errors


def test_a_roster_error_is_reported_once_not_again_for_every_name_it_lost(tmp_path):
    trainings = [{"日期": f"2025-{m:02d}-10", "主题": f"第{m}次", "学时": 2, "参训人员": "甲、乙"} for m in (3, 6, 9)]
    # no 部门 column: one error, not a warning for each attendee the roster could not give
    (tmp_path / "无部门").mkdir()
    path = make_workbook(tmp_path / "无部门", members=[{"姓名": "甲"}, {"姓名": "乙"}], trainings=trainings)
    problems = model.build_model(workbook.read_workbook(path)).problems
    assert any("部门" in p.message for p in problems if p.level == "错误")
    assert not [p for p in problems if "在人员名册中找不到" in p.message]
    # one member's row in error (离队 before 入队): no second problem for each sheet naming them;
    # a name the roster never had is still warned
    (tmp_path / "一行").mkdir()
    path = make_workbook(tmp_path / "一行", members=[member("甲"), member("乙", 入队日期="2025-05-01", 离队日期="2025-03-01")],
                         trainings=trainings + [{"日期": "2025-11-10", "主题": "补", "学时": 1, "参训人员": "丙"}])
    unknown = [p.message for p in model.build_model(workbook.read_workbook(path)).problems if "在人员名册中找不到" in p.message]
    assert len(unknown) == 1 and "“丙”" in unknown[0]


def test_presence_names_the_years_joining_and_leaving_dates():
    both = records.Member("甲", "办公室", 2, joined=dt.date(2025, 3, 5), left=dt.date(2025, 9, 1))
    assert both.presence(2025) == "3月5日入队，9月1日离队"
    assert records.Member("乙", "办公室", 3, joined=dt.date(2020, 3, 5)).presence(2025) == "在队"


@pytest.mark.parametrize("day, due", [("2026-01-03", "2026-01-05"),   # Saturday → Monday
                                      ("2026-01-01", "2026-01-02"),   # New Year's Day → Friday
                                      ("2025-12-31", "2025-12-31")])  # a Wednesday stays
def test_a_deadline_falls_on_a_working_day(day, due):
    from yearend import amounts
    assert amounts.working_day(dt.date.fromisoformat(day)) == dt.date.fromisoformat(due)
