"""The responsibility chain, the outlets (网络阵地) and events (工作记录) sheets, and the
responsibility plan (ideology_plan) built from them."""

from __future__ import annotations

import pytest
from doctext import document_text
from helpers import TRAININGS, member

from yearend import build, figures
from yearend.lint import lint_docx

OUTLET_HEADERS = ["平台", "名称", "主办部门", "负责人", "审核人", "状态", "全年发布"]
EVENT_HEADERS = ["日期", "类型", "内容", "文号"]


def context(make_unit, name: str, members: list[dict], sheets: dict | None = None, **unit) -> tuple:
    path = make_unit(unit={"单位名称": name, "年度": 2025, **unit}, members=members, trainings=TRAININGS,
                     sheets=sheets or {})
    [res] = build.gather(path.parent).units
    return res, figures.context(res.model, res.previous)


@pytest.mark.parametrize("name,post,body", [
    ("青山县财政局", "党组书记、局长", "局党组"),
    ("青山县河口镇人民政府", "党委书记", "镇党委"),
    ("青山县河口镇人民政府", "党委副书记、镇长", "镇党委"),  # the post proves the body exists
    ("青山县实验小学", "党支部书记、校长", "校党支部"),
    ("青山县街道办事处", "党工委书记", "街道党工委"),
    ("青山县第二中学", "校长", "青山县第二中学领导班子"),  # no party body named: none is invented
])
def test_the_main_responsibility_by_the_leaders_post(make_unit, name, post, body):
    _, ctx = context(make_unit, name, [member("张三", 领导小组职务="组长", 职务=post), member("李四")])
    assert ctx["主体责任"] == body
    assert ctx["第一责任人"] == f"{post}张三"


def test_the_unit_sheet_decides_and_names_who_is_in_charge(make_unit):
    _, ctx = context(make_unit, "青山县财政局", [member("张三", 领导小组职务="组长", 职务="局长"),
                                          member("李四", 领导小组职务="副组长", 职务="副局长"),
                                          member("王五", 职务="副局长")], 决定机关="局党组", 分管领导="王五")
    assert ctx["主体责任"] == "局党组"
    assert ctx["直接责任人"] == "副局长王五"  # the 分管领导, with the post the roster gives
    _, ctx = context(make_unit, "青山县财政局", [member("张三", 领导小组职务="组长", 职务="局长"),
                                          member("李四", 领导小组职务="副组长", 职务="副局长")])
    assert ctx["直接责任人"] == "副局长李四"  # else the 副组长


def test_department_heads_are_the_heads_not_their_deputies_or_ranks(make_unit):
    _, ctx = context(make_unit, "青山县财政局", [
        member("张三", 领导小组职务="组长", 职务="局长"), member("李四", "办公室", 职务="主任"),
        member("王五", "办公室", 职务="副主任"), member("赵六", "预算股", 职务="主任科员"),
        member("钱七", "预算股", 职务="股长"), member("孙八", "预算股", 职务="股长"),
        member("周九", "党政办", 职务="党工委委员、办事处副主任"), member("吴十", "执法股", 职务="所长"),
        member("郑一", "城关所", 职务="股长"), member("冯二", "城关所", 职务="所长")])
    # every head of a department, named with it (主任李四 alone reads as the unit's own head)
    # a bare 所长 heads no 股 and a 股长 no 所: joined they would make false posts (执法股所长)
    assert [h["称呼"] for h in ctx["部门负责人"]] == ["办公室主任李四", "预算股股长钱七", "预算股股长孙八",
                                                    "城关所所长冯二"]
    # as the plan lists them: one title, its names together
    assert ctx["部门负责人称呼"] == ["办公室主任李四", "预算股股长钱七、孙八", "城关所所长冯二"]
    # a hospital's 科主任 heads the 科 of the department's name: named with it, not as 科主任杜远
    _, ctx = context(make_unit, "青山县人民医院", [member("张三", 领导小组职务="组长", 职务="院长"),
                                            member("杜远", "医务科", 职务="科主任")])
    assert [h["称呼"] for h in ctx["部门负责人"]] == ["医务科主任杜远"]
    # and so the leading group names a 科主任 with the department that says which 科 (科主任叶静振 named none)
    _, ctx = context(make_unit, "青山县人民医院", [member("张三", 领导小组职务="组长", 职务="院长"),
                                            member("杜远", "医务科", 职务="科主任", 领导小组职务="成员"),
                                            member("叶静", "党委办公室", 职务="科主任", 领导小组职务="成员")])
    assert [p["称呼"] for p in ctx["领导小组"]["成员"]] == ["医务科主任杜远", "党委办公室科主任叶静"]


def test_outlet_warnings_name_their_cells(make_unit):
    res, ctx = context(make_unit, "测试局", [member("张三"), member("李四")], {"网络阵地": [
        OUTLET_HEADERS,
        ["微信公众号", "测试发布", "办公室", "张三", "李四", "正常", 120],
        ["抖音", "测试", "办公室", "张三", None, "正常", 30],  # E3: nobody reviews it
        ["微博", "测试微博", "办公室", "张三", "张三", "正常", 10],  # E4: reviews itself
        ["头条号", "测试头条", "办公室", "张三", "李四", "停止更新", 0],  # F5: stopped
    ]})
    found = {p.cell: p.message for p in res.model.problems}
    assert found["E3"].startswith("抖音“测试”在用，但没有填写审核人")
    assert found["E4"].startswith("微博“测试微博”的负责人和审核人是同一人（张三）")
    assert found["F5"].startswith("头条号“测试头条”已停更")
    assert ctx["阵地数"] == 3 and ctx["阵地发布合计"] == 160
    assert [x["名称"] for x in ctx["无审核人阵地"]] == ["测试"]
    assert [x["名称"] for x in ctx["停更阵地"]] == ["测试头条"]


def _summary(make_unit, tmp_path, sheets: dict) -> str:
    path = make_unit(unit={"单位名称": "测试局", "年度": 2025}, members=[member("张三", 领导小组职务="组长", 职务="局长"),
                                                                  member("李四")], trainings=TRAININGS, sheets=sheets)
    out = tmp_path / "out"
    [res] = build.build(build.Options(path.parent, out, force=True)).units
    return document_text(out / next(d.path for d in res.documents if d.kind == "summary"))


def test_the_summary_sections_with_and_without_each_sheet(make_unit, tmp_path):
    outlets = {"网络阵地": [OUTLET_HEADERS, ["微信公众号", "测试发布", "办公室", "张三", "李四", "正常", 120]]}
    events = {"工作记录": [EVENT_HEADERS,
                       ["2025-03-05", "会议", "意识形态工作专题会议", None],
                       ["2025-06-05", "会议", "舆情研判会", None],
                       ["2025-04-01", "制度", "《舆情处置办法》", None],
                       ["2025-05-01", "文件", "关于加强评论员队伍建设的通知", "测发〔2025〕3号"],
                       ["2024-12-01", "会议", "去年的会", None]]}
    neither = _summary(make_unit, tmp_path, {})
    assert "阵地建设" not in neither and "工作机制" not in neither and "会议" not in neither
    text = _summary(make_unit, tmp_path, {**outlets, **events})
    assert "我局现有网站和新媒体账号1个（微信公众号1个），全年发布信息120条。每个账号都明确了负责人和内容审核人" in text
    assert ("全年召开会议2次，出台制度1项，印发文件1件。3月5日召开意识形态工作专题会议，6月5日召开舆情研判会。"
            "制定出台了《舆情处置办法》。印发了《关于加强评论员队伍建设的通知》（测发〔2025〕3号）。") in text
    only_outlets = _summary(make_unit, tmp_path, outlets)
    assert "阵地建设" in only_outlets and "工作机制" not in only_outlets and "会议" not in only_outlets


def test_the_plan_without_outlets_says_what_will_be_set_up(make_unit, tmp_path):
    path = make_unit(unit={"单位名称": "青山县实验小学", "年度": 2025, "办公室": "校办"},
                     members=[member("张三", 领导小组职务="组长", 职务="党支部书记、校长"), member("李四")],
                     trainings=TRAININGS)
    out = tmp_path / "out"
    [res] = build.build(build.Options(path.parent, out)).units
    [doc] = [d for d in res.documents if d.kind == "ideology_plan"]
    assert doc.path.endswith("2026年度网络意识形态工作责任制实施方案.docx")
    text = document_text(out / doc.path)
    assert "校党支部对我校网络意识形态工作负主体责任" in text
    assert "党支部书记、校长张三是第一责任人" in text
    assert "直接责任人" not in text  # no 副组长, no 分管领导: not invented
    assert "2026年3月底前，对我校及各部门开设的网站和新媒体账号进行一次全面登记" in text
    assert "主办部门、负责人和审核人见下表" not in text  # no table without the sheet
    assert "2026年3月31日、6月30日、9月30日、12月31日前" in text
    assert "舆情14条" not in text and "登记舆情" not in text  # no 舆情 sheet: no figures claimed
    assert lint_docx(out / doc.path) == []


def test_the_samples_plan_names_the_account_to_close(sample_build):
    [res] = [u for u in sample_build.result.units if u.name == "青山县教育局"]
    [doc] = [d for d in res.documents if d.kind == "ideology_plan"]
    text = document_text(sample_build.out / doc.path)
    assert "微博“青山教育发布”已停止更新，2026年6月底前予以关停或并入其他账号" in text
    assert "抖音“青山教育”目前没有审核人" in text
    assert "3 | 抖音 | 青山教育 | 宣传中心 | 潘梓 | 未明确 | 正常" in text
    assert lint_docx(sample_build.out / doc.path) == []


def test_with_its_own_number_the_plan_is_issued_by_a_notice(sample_build):
    by_unit = {u.name: u for u in sample_build.result.units}
    [notice] = [d for d in by_unit["青山县教育局"].documents if d.kind == "ideology_notice"]
    text = document_text(sample_build.out / notice.path)
    assert text.startswith("青教发〔2025〕42号")
    assert "附件：关于落实青山县教育局网络意识形态工作责任制的实施方案" in text
    assert lint_docx(sample_build.out / notice.path) == []
    town = by_unit["青山县河口镇人民政府"]  # no 责任制文号: the plan stands alone, and the run says why
    assert [s.reason for s in town.skipped if s.kind == "ideology_notice"] == [
        "单位信息表中没有填写“责任制文号”，责任制实施方案不单独印发"]


def test_an_empty_sheet_as_init_writes_it_is_no_record(make_unit, tmp_path):
    """init's workbook has every sheet: left empty, they claim nothing (no "没有在用的账号",
    no "没有记录", no 舆情 section)."""
    path = make_unit(members=[member("张三", 领导小组职务="组长", 职务="局长")], trainings=TRAININGS, sheets={
        "舆情台账": [["发现时间", "来源", "内容摘要"]], "网络阵地": [OUTLET_HEADERS], "工作记录": [EVENT_HEADERS]})
    out = tmp_path / "out"
    [res] = build.build(build.Options(path.parent, out)).units
    summary = document_text(out / next(d.path for d in res.documents if d.kind == "summary"))
    assert "舆情" not in summary and "阵地" not in summary and "工作机制" not in summary
    assert {s.kind: s.reason for s in res.skipped}["opinion_ledger"] == "工作簿中没有“舆情台账”表，或表中没有填写内容"
    plan = document_text(out / next(d.path for d in res.documents if d.kind == "ideology_plan"))
    assert "2026年3月底前，对我局及各部门开设的网站和新媒体账号进行一次全面登记" in plan  # future tense
