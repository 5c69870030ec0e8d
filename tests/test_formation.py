"""Forming the team: the quota sheet (名额) counted against the year-end team, its warnings,
and the formation notice, the rules and the plan's covering notice."""

from __future__ import annotations

import re

import pytest
from doctext import document_text
from helpers import context_of, make_workbook, member

from yearend import build
from yearend.errors import ERROR, WARNING
from yearend.lint import lint_docx

MEMBERS = [
    member("张三", "办公室", 队伍类别="网络评论员", 层级="核心", 领导小组职务="组长", 职务="主任"),
    member("李四", "办公室", 队伍类别="网络评论员", 层级="骨干"),
    member("王五", "办公室", 队伍类别="新闻通讯员", 层级="基层"),
    member("赵六", "宣传股", 队伍类别="网络评论员", 层级="骨干"),
    member("钱七", "宣传股", 队伍类别="网络评论员", 层级="基层"),
    member("孙八", "宣传股", 队伍类别="网络评论员", 层级="基层", 离队日期="2025-05-01"),  # left: not counted
    member("周九", "财务股", 队伍类别="新闻通讯员", 层级="基层"),
]
QUOTAS = [
    ["部门", "队伍类别", "层级", "名额"],
    ["办公室", "网络评论员", "核心", 3],  # 1 of 3: short by 2
    ["宣传股", "网络评论员", "", 2],  # met (孙八 left and does not count)
    ["各部门", "新闻通讯员", "基层", 1],  # 办公室 1, 宣传股 0 (short), 财务股 1
    ["财务股", "", "", 0],  # over by 1: a blank category and tier mean any
]
DUTIES = [["队伍类别", "层级", "职责"], ["网络评论员", "", "每周至少发表一篇原创评论。"],
          ["网络评论员", "核心", "牵头研判重大舆情。"]]


def build_unit(tmp_path, quotas=QUOTAS, **unit):
    """The unit of MEMBERS with the duties sheet and ``quotas`` as its 名额 sheet, built: (its result, the output folder)."""
    inp = tmp_path / "in"
    inp.mkdir(exist_ok=True)
    sheets = {"工作职责": DUTIES}
    if quotas:
        sheets["名额"] = quotas
    make_workbook(inp, "测试局.xlsx", unit={"单位名称": "青山县测试局", "年度": 2025, "成文日期": "2025-12-20", **unit},
                  members=MEMBERS, sheets=sheets)
    result = build.build(build.Options(inp, tmp_path / "out", jobs=1))
    [res] = result.units
    return res, tmp_path / "out"


def text(out, res, kind: str) -> str:
    [doc] = [d for d in res.documents if d.kind == kind]
    return document_text(out / doc.path)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_unit(tmp_path_factory.mktemp("formation"), 发文字号="青测发〔2025〕7号", 联系人="周敏", 办公室="办公室")


def test_each_quota_row_short_or_over_is_a_warning_on_its_cell(built):
    res, _ = built
    found = [(p.level, p.sheet, p.cell, p.message) for p in res.problems if p.sheet == "名额"]
    assert found == [
        (WARNING, "名额", "D2", "办公室 核心网络评论员 名额3名，现有1名，缺2名；请督促部门推荐补齐"),
        (WARNING, "名额", "D4", "宣传股 基层新闻通讯员 名额1名，现有0名，缺1名；请督促部门推荐补齐"),
        (WARNING, "名额", "D5", "财务股 队伍成员 名额0名，现有1名，超出1名；如名额已调整，请改正名额表"),
    ]


def test_the_quota_table_counts_the_year_end_team(built):
    res, _ = built
    rows = [(r["部门"], r["队伍类别"], r["层级"], r["名额"], r["现有"], r["情况"]) for r in context_of(res)["名额表"]]
    assert rows == [
        ("办公室", "网络评论员", "核心", 3, 1, "缺2名"),
        ("宣传股", "网络评论员", "", 2, 2, "已配齐"),
        ("办公室", "新闻通讯员", "基层", 1, 1, "已配齐"),  # 各部门: one row per department of the team
        ("宣传股", "新闻通讯员", "基层", 1, 0, "缺1名"),
        ("财务股", "新闻通讯员", "基层", 1, 1, "已配齐"),
        ("财务股", "", "", 0, 1, "超出1名"),
    ]
    assert [r["部门"] for r in context_of(res)["名额缺口"]] == ["办公室", "宣传股"]
    assert context_of(res)["名额合计"] == 8 and context_of(res)["缺额合计"] == 3


def test_the_formation_notice_shows_the_quotas_standards_duties_and_how_to_reply(built):
    res, out = built
    t = text(out, res, "formation_notice")
    assert t.split("\n\n")[0].replace("\n", "") == "关于调整充实青山县测试局网络评论员队伍的通知"  # the title, in lines
    assert "各部门（科室）：" in t
    assert "共8名" in t and "尚有3个名额未配齐，涉及办公室、宣传股" in t
    # the table: one row per quota row, the counts as the figures have them, and the total
    assert "1 | 办公室 | 网络评论员 | 核心 | 3 | 1 | 缺2名" in t
    assert "2 | 宣传股 | 网络评论员 | 不限 | 2 | 2 | 已配齐" in t
    assert "6 | 财务股 | 不限 | 不限 | 0 | 1 | 超出1名" in t
    assert "合计 |  |  | 8 | 6 | 缺3名、超出1名" in t  # 合计 spans 序号 and 部门; 现有 as the rows add up
    assert re.search(r"[一二三四]、推荐标准", t) and "每周至少发表一篇原创评论。" in t  # the duties sheet's
    assert "于2026年1月5日前报送局办公室" in t and "联系人：周敏" in t  # two weeks after 成文日期 (a Saturday), moved to the Monday
    assert "附件：网络评论员队伍成员推荐表" in t and "网络评论员队伍成员推荐表\n" in t.split("附件\n", 1)[1]


def test_without_a_quota_sheet_the_notice_shows_the_team_as_it_stands(tmp_path):
    res, out = build_unit(tmp_path, quotas=None)
    assert context_of(res)["名额表"] == [] and not [p for p in res.problems if p.sheet == "名额"]
    t = text(out, res, "formation_notice")
    assert "队伍现有成员6名，来自3个部门" in t and "名额" not in t.split("附件")[0]
    assert "1 | 办公室 | 3 | 网络评论员2名、新闻通讯员1名" in t
    summary = text(out, res, "summary")
    assert "名额" not in summary


def test_the_summary_reports_how_the_quotas_were_met(built):
    res, out = built
    # the quota's total, who is there, who is short and who is over: one set of figures with the notice
    assert "队伍共设8个名额，年底现有6名；尚有3个未配齐，涉及办公室、宣传股；财务股超出名额1名。" in text(out, res, "summary")


def test_the_rules_are_articles_with_the_duties_sheets_sentences(built):
    res, out = built
    t = text(out, res, "rules")
    assert t.startswith("青山县测试局网络评论员队伍管理办法")
    articles = re.findall(r"^(第[一二三四五六七八九十]+条)　", t, re.M)
    assert articles[:3] == ["第一条", "第二条", "第三条"] and len(articles) >= 12
    assert articles == [f"第{n}条" for n in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
                                           "十三", "十四", "十五", "十六")[:len(articles)]]  # no gap
    assert "网络评论员的主要职责是：（一）每周至少发表一篇原创评论。" in t  # the sheet's own sentence
    assert "新闻通讯员的主要职责是：（一）围绕本单位重点工作" in t  # no sheet rows: the defaults
    assert "核心成员牵头研判重大舆情" in t  # the tier's duty from the sheet
    assert "考核结果分为优秀、合格、基本合格、不合格等次" in t
    assert "本办法自印发之日起施行。" in t


def test_the_doc_number_is_on_the_covering_notice_not_the_plan(built):
    res, out = built
    notice, plan = text(out, res, "plan_notice"), text(out, res, "plan")
    assert notice.startswith("青测发〔2025〕7号\n")
    assert "关于印发《关于加强青山县测试局网络评论员队伍建设的实施方案》的通知" in notice.replace("\n", "")
    assert "附件：关于加强青山县测试局网络评论员队伍建设的实施方案" in notice
    assert "青测发" not in plan and plan.startswith("关于加强")


def test_every_new_kind_passes_lint(built):
    res, out = built
    for d in res.documents:
        if d.kind in ("formation_notice", "rules", "plan_notice"):
            assert lint_docx(out / d.path) == [], d.path


def test_a_quota_that_is_not_a_whole_number_is_an_error_naming_its_cell(tmp_path):
    res, _ = build_unit(tmp_path, quotas=[["部门", "名额"], ["办公室", 2.5]])
    [p] = [p for p in res.problems if p.sheet == "名额"]
    assert (p.level, p.cell) == (ERROR, "B2") and "应为不小于 0 的整数" in p.message


def test_only_picks_the_new_kinds_by_key_or_name(tmp_path):
    from yearend.kinds import parse_only

    assert parse_only("组建通知，管理办法,印发通知") == {"formation_notice", "rules", "plan_notice"}
    res, _ = build_unit(tmp_path)
    assert len([d for d in res.documents if d.kind in ("formation_notice", "rules", "plan_notice")]) == 3


def test_a_team_without_a_tier_is_never_told_of_it(tmp_path):
    # GENRE: only the tiers the roster uses; the default duties of 核心 and 骨干 named 基层 (helper review, session 25)
    inp = tmp_path / "in"
    inp.mkdir()
    make_workbook(inp, "测试局.xlsx", unit={"单位名称": "青山县测试局", "年度": 2025},
                  members=[member("张三", 层级="核心", 领导小组职务="组长", 职务="局长"), member("李四", 层级="骨干"),
                           member("王五", "宣传股", 层级="骨干")])
    result = build.build(build.Options(inp, tmp_path / "out", jobs=1))
    [res] = result.units
    assert [(t["层级"], t["推荐"]) for t in context_of(res)["层级职责"]] == [
        ("核心", "一般从熟悉全局工作的中层以上干部中推荐"), ("骨干", "从各部门业务骨干中推荐")]
    for kind in ("formation_notice", "rules", "plan", "ideology_plan"):
        assert "基层" not in text(tmp_path / "out", res, kind), kind
    notice = text(tmp_path / "out", res, "formation_notice")
    assert "核心成员一般从熟悉全局工作的中层以上干部中推荐，骨干成员从各部门业务骨干中推荐。" in notice
    assert "核心成员研判网上舆情动态，撰写重点评论，指导骨干成员开展工作；骨干成员在统一部署下对网上热点及时跟进、正面发声。" in notice


def test_a_team_that_shrank_is_restored_and_the_departments_asked_to_refill(tmp_path):
    # a review: a team of 5 that lost 2 was told to keep "3名左右", with no word of the leavers
    inp = tmp_path / "in"
    inp.mkdir()
    make_workbook(inp, "测试局.xlsx", unit={"单位名称": "青山县测试局", "年度": 2025},
                  members=[member("张三", 领导小组职务="组长", 职务="局长", 入队日期="2020-01-01"), member("李四"),
                           member("王五", "宣传股", 入队日期="2025-06-01"), member("赵六", 离队日期="2025-04-01"),
                           member("钱七", "宣传股", 离队日期="2025-08-01")])
    result = build.build(build.Options(inp, tmp_path / "out", jobs=1))
    [res] = result.units
    out = tmp_path / "out"
    plan = text(out, res, "plan")
    assert "补齐2025年离队成员留下的空缺，队伍规模恢复到4名左右" in plan and "保持在3名左右" not in plan
    assert "队伍现有成员3名（2025年离队2名、新增1名），来自2个部门。" in plan
    notice = text(out, res, "formation_notice")
    assert "2025年离队成员2名、新增成员1名，请办公室、宣传股推荐人选补齐，其他部门原则上保持现有人数；" in notice
    assert "于2026年1月14日前报送" in notice  # 31 December + 14 days, a Wednesday
