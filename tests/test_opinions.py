"""The opinions sheet (舆情台账): reading its times and levels, its warnings, timeliness at
the limits, the report's quarter, and the figures agreeing across the documents."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from doctext import document_text
from helpers import TRAININGS, member

from yearend import build, figures
from yearend.lint import lint_docx
from yearend.opinions import level_of, parse_limits
from yearend.readers import BadValue, read_moment

HEADERS = ["发现时间", "来源", "内容摘要", "类别", "等级", "发现人", "涉及部门", "上报时间", "回应时间", "办结时间"]
MEMBERS = [member("张三", 领导小组职务="组长", 职务="局长"), member("李四", "宣传股")]


def row(found, level="一般", reported=None, responded=None, closed=None, finder="张三", source="微博",
        summary="网民反映办事排队时间长", category="政务服务", dept="办公室") -> list:
    return [found, source, summary, category, level, finder, dept, reported, responded, closed]


def unit_with(make_unit, rows: list[list], headers: list[str] = HEADERS, **unit) -> tuple:
    path = make_unit(unit={"单位名称": "测试局", "年度": 2025, "成文日期": "2025-12-28", **unit}, members=MEMBERS,
                     trainings=TRAININGS, sheets={"舆情台账": [headers, *rows]})
    result = build.gather(path.parent)
    [res] = result.units
    return res, figures.context(res.model, res.previous)


def problems(res) -> list[tuple[str, str, str]]:
    return [(p.level.value, p.cell, p.message) for p in res.model.problems]


@pytest.mark.parametrize("typed,expected", [
    ("2025-03-05 09:30", dt.datetime(2025, 3, 5, 9, 30)),
    ("2025/3/5 9:30", dt.datetime(2025, 3, 5, 9, 30)),
    ("2025年3月5日9时30分", dt.datetime(2025, 3, 5, 9, 30)),
    ("2025年3月5日 14时", dt.datetime(2025, 3, 5, 14, 0)),
    ("2025-03-05T09:30:15", dt.datetime(2025, 3, 5, 9, 30)),
    ("２０２５-０３-０５　０９：３０", dt.datetime(2025, 3, 5, 9, 30)),
    (dt.datetime(2025, 3, 5, 9, 30), dt.datetime(2025, 3, 5, 9, 30)),
    (45721.5, dt.datetime(2025, 3, 5, 12, 0)),  # an Excel serial with a time of day
    ("2025-03-05", dt.date(2025, 3, 5)),
    ("2025年3月5日", dt.date(2025, 3, 5)),
    ("20250305", dt.date(2025, 3, 5)),
    (dt.datetime(2025, 3, 5), dt.date(2025, 3, 5)),  # Excel's plain date: no time of day
    (45721, dt.date(2025, 3, 5)),
])
def test_every_date_and_time_form_is_read(typed, expected):
    got = read_moment(typed)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("typed", ["2025-03-05 25:10", "2025-02-30 09:00", "下午三点"])
def test_an_impossible_time_is_an_error_in_chinese(typed):
    with pytest.raises(BadValue, match="[日期时间]“"):
        read_moment(typed)


@pytest.mark.parametrize("typed,level", [
    ("一般", "一般"), ("Ⅳ级", "一般"), ("IV级", "一般"), ("蓝色", "一般"), ("蓝", "一般"),
    ("较大", "较大"), ("Ⅲ级", "较大"), ("黄色", "较大"), ("较大舆情", "较大"),
    ("重大", "重大"), ("Ⅱ级", "重大"), ("橙色", "重大"),
    ("特别重大", "特别重大"), ("Ⅰ级", "特别重大"), ("红色", "特别重大"), ("Ｉ级", "特别重大"),
])
def test_each_level_spelling(typed, level):
    assert level_of(typed) == level


def test_an_unknown_level_is_unknown():
    assert level_of("紧急") is None


def test_the_units_report_limits():
    assert parse_limits("重大1小时，较大2小时，一般24小时") == {"特别重大": 1, "重大": 1, "较大": 2, "一般": 24}
    assert parse_limits("特别重大30分钟、重大1小时") == {"特别重大": 0.5, "重大": 1, "较大": 2, "一般": 24}
    with pytest.raises(BadValue):
        parse_limits("尽快")
    with pytest.raises(BadValue, match="时限为 0"):
        parse_limits("重大0小时")


def test_on_time_at_the_exact_limit_and_late_one_minute_after(make_unit):
    res, ctx = unit_with(make_unit, [
        row("2025-03-05 09:00", "重大", "2025-03-05 10:00", "2025-03-05 14:00", "2025-03-06"),  # 60 min, 5 h: on time
        row("2025-04-05 09:00", "重大", "2025-04-05 10:01", "2025-04-05 14:01", "2025-04-06"),  # 61 min, 5 h 1 min
        row("2025-05-05 09:00", "较大", "2025-05-05 11:00"),  # 2 h: on time
        row("2025-06-05", "一般", "2025-06-06"),  # dates only: counted apart, never guessed
    ])
    assert (ctx["上报按时数"], ctx["上报超时数"], ctx["上报未计时数"]) == (2, 1, 1)
    assert (ctx["回应按时数"], ctx["回应超时数"]) == (1, 1)
    assert ctx["上报及时率"] == 66.7 and ctx["回应及时率"] == 50
    assert ctx["上报及时情况"] == "上报4条，其中按时2条，超过时限1条，1条只记了日期、无法判断是否及时"
    # one item late on both steps is named once
    assert ctx["超时说明"] == ["4月5日的重大舆情（网民反映办事排队时间长）发现后1小时1分钟上报、5小时1分钟回应，"
                           "分别超过1小时和5小时时限"]
    late = [m for _, cell, m in problems(res) if cell in ("H3", "I3")]
    assert late == ["重大舆情发现后1小时1分钟才上报，超过1小时的时限。文档会如实写明；如时间填错请改正",
                    "重大舆情发现后5小时1分钟才回应，超过5小时的时限。文档会如实写明；如时间填错请改正"]
    assert (ctx["未办结数"], ctx["已办结数"]) == (2, 2)


def test_all_on_time_is_said_only_when_every_one_was_timed(make_unit):
    _, ctx = unit_with(make_unit, [row("2025-03-05 09:00", "一般", "2025-03-05 10:00"),
                                   row("2025-03-06 09:00", "一般", "2025-03-06 10:00")])
    assert ctx["上报及时情况"] == "2条均在时限内上报"
    _, ctx = unit_with(make_unit, [row("2025-03-05 09:00", "一般", "2025-03-05 10:00"),
                                   row("2025-03-06", "一般", "2025-03-06")], )
    assert "均" not in ctx["上报及时情况"]


def test_the_units_own_limit_decides(make_unit):
    _, ctx = unit_with(make_unit, [row("2025-03-05 09:00", "一般", "2025-03-05 15:00")], 上报时限="一般2小时")
    assert ctx["上报超时数"] == 1 and ctx["上报时限"] == "特别重大和重大舆情1小时内、较大和一般舆情2小时内"


def test_each_warning_names_its_cell(make_unit):
    res, ctx = unit_with(make_unit, [
        row("2024-12-30 09:00"),  # A2: outside the year
        row("2025-03-05 09:00", "紧急"),  # E3: unknown level
        row("2025-03-06 09:00", None),  # E4: no level
        row("2025-03-07 09:00", finder="张三、王五"),  # F5: not on the roster
        row("2025-03-08 09:00", "一般", "2025-03-08 08:00"),  # H6: before 发现时间
        row("2025-03-09 09:00", "特别重大", "2025-03-09 09:30"),  # I7: no 回应时间
    ], 上报时限="尽快")
    found = {cell: message for _, cell, message in problems(res)}
    assert found["A2"] == "发现时间 2024-12-30 09:00 不在 2025 年内，未计入本年度统计"
    assert "等级“紧急”无法识别" in found["E3"]
    assert "等级未填写，按“未分级”统计" in found["E4"]
    assert "发现人中的“王五”在人员名册中找不到" in found["F5"]
    assert "上报时间 2025-03-08 08:00 早于发现时间 2025-03-08 09:00" in found["H6"]
    assert "特别重大舆情没有回应时间" in found["I7"]
    assert "上报时限“尽快”无法识别" in found["B4"]  # the unit sheet's cell
    assert all(level == "警告" for level, _, _ in problems(res))  # none blocks the unit
    assert ctx["舆情总数"] == 5 and ctx["未分级舆情数"] == 1
    assert [x["等级"] for x in ctx["舆情列表"]].count("紧急") == 1  # counted as written
    wrong = ctx["舆情列表"][3]
    assert wrong["上报情况"] == "未记录具体时间"  # a time before 发现时间: its timeliness is not counted
    by = {r["姓名"]: r for r in ctx["名册"]}
    assert by["张三"]["发现舆情数"] == 5 and by["李四"]["发现舆情数"] == 0


def test_a_quarters_report_is_compared_with_the_quarter_before(make_unit):
    path = make_unit(members=MEMBERS, trainings=TRAININGS, sheets={"舆情台账": [HEADERS,
        row("2025-04-02 09:00", category="教育"), row("2025-05-02 09:00", category="教育"),
        row("2025-07-02 09:00", category="交通"), row("2025-08-02 09:00", category="交通"),
        row("2025-09-02 09:00", "较大", "2025-09-02 10:00", category="交通", source="抖音"),
    ]})
    [res] = build.gather(path.parent).units
    report = figures.context(res.model, None, 3)["舆情报告"]
    assert report["报告期"] == "2025年第三季度" and report["上期"] == "第二季度"
    assert (report["总数"], report["上期总数"], report["增减"]) == (3, 2, 1)
    assert report["研判"][0] == "从类别看，与第二季度相比，交通类舆情增加3条，增加最多。"
    assert [x["月份"] for x in report["按月份"]] == [7, 8, 9]
    first = figures.context(res.model, None, 1)["舆情报告"]
    assert first["上期"] == "" and first["总数"] == 0  # no workbook of last year: no comparison
    out = path.parent.parent / "out"
    r = build.build(build.Options(path.parent, out, quarter=3))
    [doc] = [d for d in r.units[0].documents if d.kind == "opinion_report"]
    assert doc.path.endswith("测试局2025年第三季度网络舆情分析研判报告.docx")
    text = document_text(out / doc.path)
    assert "2025年第三季度共监测登记舆情3条，比第二季度（2条）增加1条" in text
    # dated when its figures end, not on the year-end 成文日期 (31 December here); the year's and
    # the fourth quarter's report keep it (a review found a third-quarter report dated 12月28日)
    assert report["成文日期"] == "2025年9月30日" and text.rstrip().endswith("2025年9月30日")
    assert figures.context(res.model, None, 4)["舆情报告"]["成文日期"] == "2025年12月31日"
    assert figures.context(res.model)["舆情报告"]["成文日期"] == figures.context(res.model)["成文日期"]
    r = build.build(build.Options(path.parent, out, quarter=1))
    assert [s.reason for s in r.units[0].skipped if s.kind == "opinion_report"] == ["舆情台账中没有2025年第一季度的舆情"]


def test_a_quarters_report_counts_as_open_what_was_closed_after_its_date(make_unit):
    path = make_unit(members=MEMBERS, trainings=TRAININGS, sheets={"舆情台账": [HEADERS,
        row("2025-07-02 09:00", "一般", "2025-07-02 10:00", None, "2025-07-20"),
        row("2025-09-02 09:00", "较大", "2025-09-02 10:00", None, "2025-10-20")]})  # closed after 30 September
    [res] = build.gather(path.parent).units
    report = figures.context(res.model, None, 3)["舆情报告"]
    assert report["成文日期"] == "2025年9月30日" and (report["已办结数"], report["未办结数"]) == (1, 1)
    [open_item] = report["未办结"]
    assert open_item["月日"] == "9月2日" and "10月20日" not in open_item["经过"]
    # the year, dated at its end, knows it closed
    assert figures.context(res.model)["舆情报告"]["未办结数"] == 0


def test_without_the_sheet_no_document_speaks_of_the_work(make_unit, tmp_path):
    path = make_unit(members=MEMBERS, trainings=TRAININGS)
    r = build.build(build.Options(path.parent, tmp_path / "out"))
    [res] = r.units
    assert {s.kind for s in res.skipped} >= {"opinion_ledger", "opinion_report"}
    for doc in res.documents:
        text = document_text(tmp_path / "out" / doc.path)
        # the responsibility plan states the procedure (登记 in a 舆情台账), never figures of one
        if doc.kind != "ideology_plan":
            assert "舆情台账" not in text, doc.path
        assert "登记舆情" not in text and "舆情监测和处置" not in text and "发现舆情" not in text, doc.path


def _numbers(text: str, pattern: str) -> list[str]:
    return re.findall(pattern, text)


def test_the_figures_agree_across_the_documents(sample_build):
    out, result = sample_build.out, sample_build.result
    [res] = [u for u in result.units if u.name == "青山县教育局"]
    docs = {d.kind: document_text(out / d.path) for d in res.documents if d.kind != "personal_summary"}
    total, major = res.figures["舆情总数"], res.figures["较大以上舆情数"]
    assert (total, major) == (14, 3)
    assert f"合计：全年登记舆情{total}条，其中重大1条、较大2条；上报14条，其中按时13条，超过时限1条" in docs["opinion_ledger"]
    assert docs["opinion_ledger"].count("（超时）") == 1
    assert f"2025年度共监测登记舆情{total}条。按等级分，重大1条、较大2条、一般11条" in docs["opinion_report"]
    assert f"2025年度较大及以上舆情{major}条" in docs["opinion_report"]
    assert f"全年监测登记涉及我局的网络舆情{total}条，其中重大1条、较大2条、一般11条" in docs["summary"]
    assert "上报14条，其中按时13条，超过时限1条" in docs["summary"]
    assert "舆情上报及时率由2025年的92.9%提高到100%" in docs["plan"]
    # each member's count in their personal summary, the total over them the finds of the roster
    own = 0
    for d in res.documents:
        if d.kind == "personal_summary":
            found = _numbers(document_text(out / d.path), r"全年发现并报告涉及我局的网络舆情(\d+)条")
            own += int(found[0]) if found else 0
    assert own == total  # one finder an item in the samples
    rollup = document_text(out / next(d.path for d in result.documents if d.kind == "rollup"))
    assert f"1 | 青山县教育局 | {total} | {major} | 1 | 92.9% | 100% | 1" in rollup


def test_both_new_kinds_pass_lint(sample_build):
    for res in sample_build.result.units:
        for d in res.documents:
            if d.kind in ("opinion_ledger", "opinion_report"):
                assert lint_docx(sample_build.out / d.path) == [], d.path


def test_a_column_nobody_filled_is_left_out_of_the_ledger(make_unit, tmp_path):
    path = make_unit(members=MEMBERS, trainings=TRAININGS, sheets={"舆情台账": [
        ["发现时间", "来源", "内容摘要", "等级", "办结时间"], ["2025-03-05 09:00", "微博", "排队时间长", "一般", "2025-03-06"]]})
    r = build.build(build.Options(path.parent, tmp_path / "out"))
    [doc] = [d for d in r.units[0].documents if d.kind == "opinion_ledger"]
    header = document_text(tmp_path / "out" / doc.path).splitlines()
    assert "序号 | 发现时间 | 来源 | 内容摘要 | 等级 | 办结时间" in header


def test_a_finder_not_on_the_team_that_day_and_a_closing_before_the_answer(make_unit):
    path = make_unit(members=[member("张三"), member("王五", 入队日期="2025-07-01")], trainings=TRAININGS, sheets={
        "舆情台账": [HEADERS, row("2025-03-05 09:00", "较大", "2025-03-05 09:30", "2025-03-06 10:00", "2025-03-05",
                                 finder="张三、王五")],
        "工作量": [["姓名", "月份", "上报舆情（条）"], ["张三", 3, 4]]})
    [res] = build.gather(path.parent).units
    found = {p.cell: p.message for p in res.model.problems}
    assert found["F2"].startswith("发现人“王五”在3月5日不在队伍中")  # joined in July
    assert found["J2"].startswith("办结时间 2025-03-05 早于回应时间 2025-03-06 10:00")
    assert found["C1"].startswith("工作量中的“上报舆情（条）”全年合计4条，舆情台账登记了1条")
    ctx = figures.context(res.model)
    by = {r["姓名"]: r["发现舆情数"] for r in ctx["全年人员"]}
    assert by == {"张三": 1, "王五": 0}
    assert ctx["舆情列表"][0]["发现人"] == "张三、王五"  # the ledger shows the row as written


def test_nothing_stands_out_when_all_share_the_top(make_unit):
    _, ctx = unit_with(make_unit, [row("2025-03-05 09:00", dept="办公室", category="甲", source="微博"),
                                   row("2025-04-05 09:00", dept="办公室", category="甲", source="微博"),
                                   row("2025-05-05 09:00", dept="宣传股", category="乙", source="抖音"),
                                   row("2025-06-05 09:00", dept="宣传股", category="乙", source="抖音")])
    assert ctx["舆情报告"]["研判"] == []  # two departments, two categories, two sources: two items each
    assert not any("重点监测平台" in s for s in ctx["舆情报告"]["关注"])


def test_the_plan_keeps_a_rate_only_when_every_item_was_timed(make_unit, tmp_path):
    path = make_unit(members=MEMBERS, trainings=TRAININGS, sheets={"舆情台账": [
        HEADERS, row("2025-03-05 09:00", "一般", "2025-03-05 10:00"), row("2025-04-05", "一般", "2025-04-05")]})
    out = tmp_path / "out"
    [res] = build.build(build.Options(path.parent, out)).units
    plan = document_text(out / next(d.path for d in res.documents if d.kind == "plan"))
    assert "舆情上报及时率达到100%" in plan and "保持100%" not in plan


def test_a_rate_over_a_few_items_is_not_a_target_the_late_ones_are_counted(make_unit, tmp_path):
    # two items with a response time, one late: not "由2025年的50%提高到100%"
    path = make_unit(members=MEMBERS, trainings=TRAININGS, sheets={"舆情台账": [
        HEADERS, row("2025-03-05 09:00", "一般", "2025-03-05 10:00", "2025-03-06 09:00"),
        row("2025-04-05 09:00", "一般", "2025-04-05 10:00", "2025-04-09 10:00")]})
    out = tmp_path / "out"
    [res] = build.build(build.Options(path.parent, out)).units
    plan = document_text(out / next(d.path for d in res.documents if d.kind == "plan"))
    assert "回应及时率达到100%（2025年有1条超时回应）" in plan and "50%" not in plan


def test_late_steps_beyond_those_named_are_counted_by_step_not_summed():
    from yearend.opinion_figures import LATE_SHOWN, _late

    def item(n: int, level: str, report: str, respond: str) -> dict:
        return {"序号": n, "月日": f"3月{n}日", "等级": level, "内容摘要": "网民反映排队时间过长",
                "上报情况": report, "回应情况": respond, "上报用时": "3小时", "回应用时": "2天",
                "上报时限": "1小时", "回应时限": "1天"}
    # 8 重大 items, each late at both steps: 16 late steps over 8 items
    items = [item(n, "重大", "超时", "超时") for n in range(1, 9)]
    out = _late(items)
    # the first LATE_SHOWN steps named, an item late at both steps in one sentence (3月1日, 3月2日)
    assert len(out) == (LATE_SHOWN + 1) // 2 + 1 and "上报、2天回应，分别超过1小时和1天时限" in out[0]
    assert out[-1] == "另有重大舆情上报超时5次、回应超时6次，详见舆情台账"  # not 重大舆情11次 beside 8 items


def test_an_item_closed_after_the_documents_date_is_open_in_them_and_the_clerk_is_told(make_unit):
    rows = [row("2025-12-27 09:00", "一般", "2025-12-27 10:00", None, "2026-01-05"),  # closed in the next year
            row("2025-11-03 09:00", "一般", "2025-11-03 10:00", None, "2025-11-10")]
    res, ctx = unit_with(make_unit, rows)  # dated 2025-12-28: the ledger cannot know of 1月5日
    assert (ctx["未办结数"], ctx["已办结数"]) == (1, 1)  # 截至年底: the December item was still open
    late = next(x for x in ctx["舆情列表"] if x["月日"] == "12月27日")
    assert late["办结时间"] == "" and not late["已办结"] and "2026年1月5日" not in late["经过"] + late["简述"]
    [warned] = [p for p in problems(res) if p[1] == "J2"]
    assert warned[0] == "警告" and "晚于年底和成文日期" in warned[2] and "改为印发的日期" in warned[2]


def test_an_item_closed_after_the_year_but_before_the_documents_date_shows_its_date_with_the_year(make_unit):
    rows = [row("2025-12-27 09:00", "一般", "2025-12-27 10:00", None, "2026-01-05")]
    res, ctx = unit_with(make_unit, rows, 成文日期="2026-01-10")  # written after it was closed
    [late] = ctx["舆情列表"]
    assert ctx["未办结数"] == 1 and not late["已办结"]  # 截至年底, as the documents count
    assert late["办结时间"] == "2026年1月5日" and "2026年1月5日办结" in late["经过"]  # not 1月5日: it says the year
    assert not [p for p in problems(res) if p[1] == "J2"]


def test_times_after_the_documents_date_within_the_year_get_one_warning_naming_the_first(make_unit):
    rows = [row("2025-12-20 09:00", "一般", "2025-12-20 10:00", None, "2025-12-29"),  # closed after 12月28日
            row("2025-12-30 09:00", "一般", "2025-12-30 10:00", None, "2025-12-31"),  # found after it too
            row("2025-11-03 09:00", "一般", "2025-11-03 10:00", None, "2025-11-10")]
    res, ctx = unit_with(make_unit, rows)
    warned = [p for p in problems(res) if "晚于成文日期" in p[2]]
    assert warned == [("警告", "J2", warned[0][2])] and "有4个时间晚于成文日期 2025年12月28日" in warned[0][2]
    assert ctx["已办结数"] == 3  # the documents still speak of the whole year
    res, _ = unit_with(make_unit, rows, 成文日期="2025-12-31")
    assert not [p for p in problems(res) if "晚于成文日期" in p[2]]


def test_a_step_recorded_by_its_day_alone_is_late_when_that_whole_day_was(make_unit):
    res, ctx = unit_with(make_unit, [
        row("2025-11-25 21:00", "重大", "2025-11-25 21:30", "2025-11-27", "2025-11-28"),  # 27 hours at least
        row("2025-11-20 09:00", "重大", "2025-11-20 09:30", "2025-11-20", "2025-11-28")])  # the same day: unknown
    late, same_day = ctx["舆情列表"][1], ctx["舆情列表"][0]
    assert (late["回应情况"], late["回应用时"]) == ("超时", "至少1天3小时")
    assert same_day["回应情况"] == "未记录具体时间"
    assert ctx["回应及时情况"] == "回应2条，其中超过时限1条，1条只记了日期、无法判断是否及时"
    assert any("重大舆情发现后至少1天3小时才回应，超过5小时的时限" in p.message for p in res.problems)


def test_a_step_recorded_by_its_day_alone_is_on_time_when_that_whole_day_was(make_unit):
    # a 较大 item found 9月25日 10:00 and answered 9月26日: 38 hours at most against 48, on time
    # whatever the hour; answered 9月27日 it might have been either (untimed)
    res, ctx = unit_with(make_unit, [
        row("2025-09-25 10:00", "较大", "2025-09-25 10:30", "2025-09-26", "2025-09-30"),
        row("2025-10-25 10:00", "较大", "2025-10-25 10:30", "2025-10-27", "2025-10-30")])
    sure, unsure = ctx["舆情列表"]
    assert (sure["回应情况"], sure["回应用时"]) == ("按时", "") and unsure["回应情况"] == "未记录具体时间"
    assert ctx["回应及时情况"] == "回应2条，其中按时1条，1条只记了日期、无法判断是否及时"


def test_the_summary_says_its_named_late_items_leave_out_those_told_below(make_unit, tmp_path):
    path = make_unit(unit={"单位名称": "测试局", "年度": 2025, "成文日期": "2025-12-28"}, members=MEMBERS,
                     trainings=TRAININGS, sheets={"舆情台账": [
                         HEADERS, row("2025-03-05 09:00", "较大", "2025-03-05 15:00", "2025-03-05 16:00", "2025-03-08"),
                         row("2025-04-05 09:00", "一般", "2025-04-07 09:00", "2025-04-07 10:00", "2025-04-09")]})
    out = tmp_path / "out"
    [res] = build.build(build.Options(path.parent, out)).units
    summary = document_text(out / next(d.path for d in res.documents if d.kind == "summary"))
    # the 较大 item's lateness is told in its own paragraph below; the 一般 one's here, and the reader is told why
    assert "除下文逐条说明的较大及以上舆情外，4月5日的一般舆情" in summary


def test_an_honourees_deed_is_a_grave_find_reported_in_time_or_an_honour_the_roster_notes(make_unit):
    # 张三 found the year's one 较大 item and reported it in 30 minutes: merit where few were found;
    # 王五's 备注 records an honour, 赵六's a circumstance (no deed), 李四 found nothing
    people = [*MEMBERS, member("王五", 备注="2025年度优秀通讯员，市级媒体采用稿件三篇"),
              member("赵六", 备注="借调县委宣传部")]
    path = make_unit(unit={"单位名称": "测试局", "年度": 2025, "成文日期": "2025-12-28"}, members=people,
                     trainings=TRAININGS, sheets={
                         "舆情台账": [HEADERS, row("2025-05-15 09:00", "较大", reported="2025-05-15 09:30",
                                                  summary="家长反映课后服务单一")],
                         "考核结果": [["姓名", "等次"], ["张三", "优秀"], ["王五", "优秀"], ["赵六", "优秀"]]})
    [res] = build.gather(path.parent).units
    ctx = figures.context(res.model, res.previous)
    deeds = {p["姓名"]: p["事迹"] for p in ctx["优秀名单"]}
    assert deeds["张三"] == "5月15日发现并按时上报较大及以上舆情“家长反映课后服务单一”"
    assert deeds["王五"] == "2025年度优秀通讯员，市级媒体采用稿件三篇"
    assert deeds["赵六"] == ""
    # 赵六 has none: the commendation lists names by department and singles out the two who have one
    assert not ctx["逐人事迹"] and [p["姓名"] for p in ctx["事迹突出"]] == ["张三", "王五"]


def test_the_rollup_says_which_workbooks_hold_no_ledger_and_whose_average_it_gives(tmp_path, make_unit):
    rows = [row(f"2025-0{m}-10 09:00", "较大", reported=f"2025-0{m}-10 09:{m:02d}") for m in range(1, 9)]
    make_unit("a.xlsx", unit={"单位名称": "甲局", "年度": 2025}, members=MEMBERS, trainings=TRAININGS,
              sheets={"舆情台账": [HEADERS, *rows]})
    make_unit("b.xlsx", unit={"单位名称": "乙局", "年度": 2025}, members=[member("王五", 离队日期="2025-06-30"),
                                                                   member("赵六")], trainings=TRAININGS)
    out = tmp_path / "out"
    result = build.build(build.Options(tmp_path / "in", out))
    rollup = document_text(out / next(d.path for d in result.documents if d.kind == "rollup"))
    # the data shows a workbook without the sheet, not a unit that withheld one
    assert "乙局的工作簿中没有舆情台账" in rollup
    assert "年内曾在队的4名成员人均" in rollup  # 3 at year end: whose average it is
    [a] = [u for u in result.units if u.name == "甲局"]
    summary = document_text(out / next(d.path for d in a.documents if d.kind == "summary"))
    # eight 较大 items, five told one by one: the summary says which five
    assert "较大及以上舆情8条，其中超过时限、尚未办结和等级较高的5条的处置情况如下" in summary


def test_a_quarters_report_keeps_a_date_written_soon_after_the_quarter():
    from yearend.opinion_figures import _report_date
    assert _report_date(dt.date(2025, 10, 12), 2025, 3) == dt.date(2025, 10, 12)  # written in October
    assert _report_date(dt.date(2025, 9, 20), 2025, 3) == dt.date(2025, 9, 20)  # in the quarter's last month
    assert _report_date(dt.date(2025, 12, 28), 2025, 1) == dt.date(2025, 3, 31)
    assert _report_date(dt.date(2025, 12, 28), 2025, 4) == dt.date(2025, 12, 28)
    assert _report_date(dt.date(2026, 1, 15), 2025, 4) == dt.date(2026, 1, 15)  # the year's 成文日期 may be in January
    assert _report_date(dt.date(2025, 12, 28), 2025, None) == dt.date(2025, 12, 28)
