"""The unit's own voice and the truth of every sentence the program writes (docs/documents.md,
"Voice"): what a director corrects first, each rule on workbooks built here."""

from __future__ import annotations

from pathlib import Path

import pytest
from doctext import document_text
from helpers import TRAININGS, make_workbook, member

from yearend import build


def documents(tmp_path: Path, unit: dict | None = None, members: list[dict] | None = None, **kw) -> dict[str, str]:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir(parents=True)
    make_workbook(inp, unit={"单位名称": "青山县教育局", "年度": 2025, **(unit or {})},
                  members=members or [member("潘梓", 职务="党组书记、局长", 领导小组职务="组长", 政治面貌="中共党员"),
                                      member("李四", 政治面貌="中共预备党员")], **kw)
    result = build.build(build.Options(inp, out))
    [res] = result.units
    texts = {d.kind: document_text(out / d.path) for d in res.documents}
    texts["problems"] = "\n".join(f"{p.sheet}!{p.cell} {p.message}" for p in res.problems)
    return texts


@pytest.mark.parametrize("name,self_name", [("青山县河口镇人民政府", "我镇"), ("青山县第一中学", "我校"),
                                            ("青山县教育局", "我局"), ("城关街道办事处", "我街道")])
def test_a_unit_calls_itself_by_its_short_form_and_its_full_name_stands_in_title_and_signature(
        tmp_path, name, self_name):
    docs = documents(tmp_path, {"单位名称": name})
    plan, summary = docs["plan"], docs["summary"]
    assert f"加强{self_name}网络评论员队伍建设" in plan and f"结合{self_name}实际，制定本方案。" in plan
    assert f"年，{self_name}围绕中心工作" in summary
    body = summary.split("\n", 3)[3].rsplit(name, 1)[0]  # between the title and the signature
    assert name not in body


def test_the_short_form_can_be_given(tmp_path):
    assert "结合我委实际" in documents(tmp_path, {"简称": "我委"})["plan"]


def test_leaders_are_named_post_first_and_the_plan_adjusts_the_group_the_summary_names(tmp_path):
    docs = documents(tmp_path)
    assert "组长：党组书记、局长潘梓" in docs["plan"]
    assert "调整充实我局网络评论员队伍建设工作领导小组" in docs["plan"] and "成立" not in docs["plan"]
    assert "领导小组由党组书记、局长潘梓任组长" in docs["summary"] and "成立" not in docs["summary"]


def test_party_counts_say_they_include_probationary_members(tmp_path):
    docs = documents(tmp_path)
    assert "中共党员2名（含预备党员1名）" in docs["summary"]
    assert "中共党员2名（含预备党员1名）" in docs["plan"]


def test_one_category_has_no_lone_subheading_and_three_categories_are_numbered(tmp_path):
    one = documents(tmp_path / "一")["plan"]
    assert "（一）网络评论员" not in one and "按队伍类别分" not in one
    three = documents(tmp_path / "三", members=[member("甲"), member("乙", 队伍类别="新闻通讯员"),
                                                member("丙", 队伍类别="网络信息员")])["plan"]
    assert "（一）网络评论员\n" in three and "（二）新闻通讯员\n" in three and "（三）网络信息员\n" in three


@pytest.mark.parametrize("grades,scale", [
    (["优秀", "称职", "基本称职"], "优秀、称职、基本称职、不称职"),
    (["优秀", "合格", "基本合格"], "优秀、合格、基本合格、不合格"),
    (None, "优秀、合格、基本合格、不合格"),
])
def test_the_grade_scale_is_the_units_own(tmp_path, grades, scale):
    names = ["甲", "乙", "丙"]
    sheets = {"考核结果": [["姓名", "等次"], *zip(names, grades, strict=True)]} if grades else {}
    plan = documents(tmp_path, members=[member(n) for n in names], sheets=sheets)["plan"]
    assert f"考核结果分为{scale}四个等次" in plan
    worst = scale.rsplit("、", 1)[1]
    assert f"对考核为{worst}或者" in plan
    other = "称职" if "合格" in scale else "合格"
    assert other not in plan.split("考核奖惩")[1].split("工作要求")[0]


def test_a_sheet_that_mixes_the_two_scales_is_named(tmp_path):
    docs = documents(tmp_path, members=[member("甲"), member("乙")],
                     sheets={"考核结果": [["姓名", "等次"], ["甲", "称职"], ["乙", "基本合格"]]})
    assert "考核结果!B3 考核等次混用了两种等次" in docs["problems"]


def test_tiers_get_their_own_duties_and_the_duties_sheet_can_give_them(tmp_path):
    members = [member("甲", 层级="核心"), member("乙", 层级="基层")]
    plan = documents(tmp_path / "默认", members=members)["plan"]
    assert "队伍成员按层级分工：核心成员研判网上舆情动态" in plan and "基层成员做好日常跟帖评论" in plan
    assert "骨干成员" not in plan  # no 骨干 on this team
    given = documents(tmp_path / "表", members=members, sheets={"工作职责": [
        ["队伍类别", "层级", "职责"], ["网络评论员", "核心", "每周撰写一篇评论。"], ["网络评论员", "", "按时参加培训。"]]})
    assert "核心成员每周撰写一篇评论；" in given["plan"] and "1.按时参加培训。" in given["plan"]


def test_targets_come_from_this_years_figures_and_a_lower_training_plan_says_so(tmp_path):
    work = [["姓名", "月份", "发帖（条）"]] + [[n, m, 5] for n in ("甲", "乙") for m in range(1, 13)]
    plan_rows = [["时间", "主题", "学时"], ["2026年3月", "写作", 1]]
    plan = documents(tmp_path, members=[member("甲"), member("乙")], trainings=TRAININGS,
                     sheets={"工作量": work, "培训计划": plan_rows})["plan"]
    assert "每名成员每月发帖不少于5条（按2025年的人均水平确定）" in plan
    assert "全年组织集中培训1次、共1学时，比2025年实际少1学时，执行中将根据工作需要适时增加专题培训" in plan


def test_a_leaver_nobody_recorded_does_not_lower_the_target(tmp_path):
    work = [["姓名", "月份", "发帖（条）"]] + [[n, m, 5] for n in ("甲", "乙") for m in range(1, 13)]
    docs = documents(tmp_path, members=[member("甲"), member("乙"),
                                        member("丙", 入队日期="2020-01-01", 离队日期="2025-08-31")],
                     sheets={"工作量": work}, trainings=TRAININGS)
    # 丙's eight months have no row: counted as zero they made the level 120 / 32 = 3.7
    assert "每名成员每月发帖不少于5条（按2025年的人均水平确定）" in docs["plan"]
    # hours per head are over everyone on the team during the year, and the summary says so
    # right after the year-end count (队伍共有成员2名)
    assert "年内曾在队的3名成员人均参训" in docs["summary"]


def test_no_sentence_states_what_the_data_does_not_show(tmp_path):
    town = documents(tmp_path / "镇", {"单位名称": "河口镇人民政府"}, trainings=TRAININGS)
    # no work sheet: no workload claimed (日常工作 is not said to go well); its absence is a problem
    assert "日常工作有序开展" not in town["summary"] and "全年累计完成" not in town["summary"]
    assert "日常工作量没有按月登记" in town["summary"].split("存在的问题")[1]
    one_dept = documents(tmp_path / "一部门", members=[member("甲"), member("乙")],
                         sheets={"工作量": [["姓名", "月份", "发帖"], ["甲", 3, 5], ["乙", 4, 7]]})
    assert "从部门看" not in one_dept["summary"]  # one department: no ranking of departments
    assert "从月份看，4月发帖最多" in one_dept["summary"]  # by the main metric: 条 and 次 are not added up


def test_a_quiet_month_is_measured_by_the_main_metric_in_its_unit(tmp_path):
    rows = [["姓名", "月份", "发帖（条）", "稿件（篇）"]]
    rows += [["李四", m, 1 if m == 1 else 10, 20 if m == 1 else 1] for m in range(1, 13)]
    summary = documents(tmp_path, sheets={"工作量": rows})["summary"]
    # January's 21 (1 条 and 20 篇 added up) hid its one post; a figure never goes without its unit
    assert "各月发帖不够均衡，1月发帖只有1条，不到月均的一半。" in summary
    assert "1月等发帖较少的月份提前部署" in summary  # January's 20 篇 were the year's most: not 工作量较少


def test_a_month_without_the_main_metric_is_said_so_and_tied_peaks_are_all_named(tmp_path):
    rows = [["姓名", "部门", "月份", "发帖（条）"]]
    rows += [["李四", "", m, {10: 0, 4: 15, 9: 15}.get(m, 10)] for m in range(1, 13)]
    summary = documents(tmp_path, sheets={"工作量": rows})["summary"]
    assert "各月发帖不够均衡，10月没有发帖。" in summary and "只有0条" not in summary
    assert "从月份看，4月、9月发帖最多" in summary  # April and September tie: one named alone is false


def test_the_summary_speaks_of_commendation_only_where_someone_was_rated_excellent(tmp_path):
    grades = [["姓名", "等次"], ["潘梓", "称职"], ["李四", "基本称职"]]
    summary = documents(tmp_path / "无优秀", sheets={"考核结果": grades})["summary"]
    assert "年度考核\n年底组织开展年度考核，评定结果为：称职1名、基本称职1名。" in summary and "表彰" not in summary
    assert "年度考核中基本称职1名，个别成员履职还不到位。" in summary  # one is not 部分成员
    grades[1][1] = "优秀"
    summary = documents(tmp_path / "有优秀", sheets={"考核结果": grades})["summary"]
    assert "严格考核表彰\n" in summary


def test_a_list_number_never_runs_into_a_year(tmp_path):
    summary = documents(tmp_path, sheets={"工作要点": [["类别", "内容"], ["计划", "2026年完善考核办法。"],
                                                       ["计划", "加强培训。"]]}, trainings=TRAININGS)["summary"]
    assert "（1）2026年完善考核办法。\n（2）加强培训。" in summary
    assert "5.2026" not in summary
    # the document's other lists take the same style: 存在的问题 is not 1. 2. beside a （1）（2）
    problems = summary.split("存在的问题")[1].split("下一步工作打算")[0]
    assert "\n（1）" in problems and "\n1." not in problems


@pytest.mark.parametrize("extra,cell,words", [
    ({"职务": "党组书记、局长", "政治面貌": "群众"}, "C2", "职务是“党组书记、局长”，政治面貌却是“群众”"),
    ({"出生年月": "1990-05", "政治面貌": "共青团员"}, "D2", "2025年底已满 35 岁，共青团员一般在 28 岁时离团"),
    ({"出生年月": "2005-05", "入队日期": "2015-09-01"}, "D2", "入队日期 2015-09-01 时还不满 16 岁"),
    ({"部门": "社区治理和城市管理办公室" * 3}, "B2", "部门有 36 个字，过长"),  # pushes the member form onto two pages
    ({"职务": "党工委委员、办事处副主任" * 3}, "C2", "职务有 36 个字，过长"),
])
def test_implausible_records_are_named_by_cell(tmp_path, extra, cell, words):
    fields = {"姓名": "甲", "部门": "办公室", "出生年月": None, "政治面貌": None, "职务": None, "入队日期": None}
    fields.update(extra)
    docs = documents(tmp_path, members=[{k: v for k, v in fields.items() if v is not None}, member("乙")])
    [line] = [ln for ln in docs["problems"].splitlines() if words in ln]
    assert line.startswith(f"人员名册!{cell} ")


def test_three_heads_of_one_department_under_one_post_are_named_for_the_clerk(tmp_path):
    # a roster gave one 社会事务办 seven 主任: the responsibility plan listed all seven as its head
    people = [{"姓名": n, "部门": "社会事务办", "职务": "主任"} for n in ("甲", "乙", "丙")]
    people += [{"姓名": "丁", "部门": "社会事务办", "职务": "副主任"}, {"姓名": "戊", "部门": "宣传办", "职务": "主任"},
               {"姓名": "己", "部门": "宣传办", "职务": "主任"}]  # two heads of one office: as it may be
    docs = documents(tmp_path, members=people)
    [line] = [ln for ln in docs["problems"].splitlines() if "部门负责人" in ln]
    assert line.startswith("人员名册!C4 ") and "“社会事务办”有 3 人的职务是“主任”（甲、乙、丙）" in line
    # and the plan names none of them as its head, as a review asked (13 主任 of one 中心 were printed)
    plan = docs["ideology_plan"]
    assert "社会事务办主任" not in plan and "宣传办主任戊、己" in plan


def test_the_longest_real_department_and_post_are_not_called_too_long(tmp_path):
    docs = documents(tmp_path, members=[{"姓名": "甲", "部门": "社区治理和城市管理办公室（综合行政执法队）",
                                         "职务": "党工委委员、办事处副主任、综治中心主任"}, member("乙")])
    assert "过长" not in docs["problems"]


@pytest.mark.parametrize("office,named", [("办公室", "局办公室"), ("局办公室", "局办公室"), ("宣传股", "宣传股")])
def test_the_leading_groups_office_is_named_as_a_sentence_needs(tmp_path, office, named):
    docs = documents(tmp_path, {"办公室": office})
    assert f"领导小组下设办公室，办公室设在{named}，" in docs["plan"]
    assert f"领导小组办公室（设在{named}）" in docs["plan_notice"]
    assert "设在办公室" not in docs["plan"] + docs["plan_notice"] + docs["summary"] + docs["rules"]


def test_the_plan_names_its_contact_and_its_basis(tmp_path):
    plan = documents(tmp_path, {"联系人": "周敏", "联系电话": "13907150001",
                                "工作依据": "《青山县网络评论员队伍建设指导意见》"})["plan"]
    assert "联系人：周敏，联系电话：13907150001。" in plan
    assert "根据《青山县网络评论员队伍建设指导意见》，结合我局实际，制定本方案。" in plan


def test_the_responsibility_notice_reports_to_a_body_the_unit_has(tmp_path):
    # a hospital with no 办公室 was told to report to its 领导小组办公室
    docs = documents(tmp_path, unit={"责任制文号": "青教发〔2025〕9号"})
    assert "请及时报告领导小组。" in docs["ideology_notice"] and "领导小组办公室" not in docs["ideology_notice"]
    with_office = documents(tmp_path / "b", unit={"责任制文号": "青教发〔2025〕9号", "办公室": "宣传股"})
    assert "请及时报告宣传股。" in with_office["ideology_notice"]


def test_group_members_whose_posts_hold_a_dunhao_are_parted_by_a_comma(tmp_path):
    people = [member("潘梓", 职务="党委书记、镇长", 领导小组职务="组长"),
              member("甲", "党政办", 职务="党委委员、副镇长", 领导小组职务="成员"),
              member("乙", "党政办", 职务="主任", 领导小组职务="成员")]
    plan = documents(tmp_path, unit={"单位名称": "青山县河口镇人民政府"}, members=people)["plan"]
    # 党委委员、副镇长甲、党政办主任乙 reads as three people
    assert "成员：党委委员、副镇长甲，党政办主任乙" in plan and "组长：党委书记、镇长潘梓\n" in plan
