"""Personal summaries (个人工作总结): one per member on the team at year end, each with the
member's own figures, the team's averages beside them, and no section without data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from doctext import document_text
from helpers import context_of, make_workbook, member, run

from yearend import build
from yearend.lint import lint_docx

MEMBERS = [
    member("张三", "办公室", 领导小组职务="组长", 层级="核心"),
    member("李四", "宣传股"),
    member("王五", "宣传股", 离队日期="2025-06-30"),  # left during the year: no summary
    member("赵六", "办公室", 入队日期="2026-02-01"),  # not yet on this year's team: none
    member("钱七", "办公室", 入队日期="2025-05-01"),  # joined this year
    member("孙八", "宣传股"),  # no training, no work, no grade
    member("Lina", "办公室"),  # two names that make one file name on Windows
    member("LINA", "宣传股"),
]
TRAININGS = [
    {"日期": "2025-03-01", "主题": "评论写作", "学时": 2, "参训人员": "张三、李四、王五、Lina"},
    {"日期": "2025-06-10", "主题": "舆情研判", "学时": 3, "参训人员": "张三、李四、王五、钱七"},
    {"日期": "2025-09-05", "主题": "保密纪律", "学时": 1.5, "参训人员": "张三、钱七、LINA"},
]
WORK = [["姓名", "月份", "发帖（条）", "上报舆情（次）"],
        ["张三", 3, 10, 1], ["张三", 7, 30, 2], ["李四", 3, 8, 0], ["王五", 4, 12, 1], ["钱七", 6, 5, 3]]
GRADES = [["姓名", "等次"], ["张三", "优秀"], ["李四", "称职"], ["钱七", "称职"]]


def unit(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return make_workbook(folder, "测试局.xlsx", unit={"单位名称": "测试局", "年度": 2025, "成文日期": "2025-12-28"},
                         members=MEMBERS, trainings=TRAININGS, sheets={"工作量": WORK, "考核结果": GRADES})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("personal")
    unit(tmp / "in")
    result = build.build(build.Options(tmp / "in", tmp / "out", jobs=1))
    [res] = result.units
    assert not res.has_errors, res.problems
    return tmp / "out", res


def summaries(res) -> dict[str, str]:
    return {d.member: d.path for d in res.documents if d.kind == "personal_summary"}


def text_of(out: Path, res, name: str) -> str:
    return document_text(out / summaries(res)[name])


def test_one_summary_per_member_on_the_team_at_year_end(built):
    out, res = built
    paths = summaries(res)
    assert list(paths) == ["张三", "李四", "钱七", "孙八", "Lina", "LINA"]  # not 王五 (left), not 赵六 (not yet)
    assert paths["张三"] == "测试局/个人工作总结/张三2025年度个人工作总结.docx"
    # one file name for two members: each gets their department, nothing is overwritten
    assert paths["Lina"] == "测试局/个人工作总结/Lina（办公室）2025年度个人工作总结.docx"
    assert paths["LINA"] == "测试局/个人工作总结/LINA（宣传股）2025年度个人工作总结.docx"
    assert all((out / p).is_file() for p in paths.values())
    recorded = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["units"][0]["documents"]
    assert [d["member"] for d in recorded if d["kind"] == "personal_summary"] == list(paths)


def test_the_figures_are_the_members_own_and_agree_with_the_ledger(built):
    out, res = built
    [ledger] = [d for d in res.documents if d.kind == "training_ledger"]
    rows = {}
    for line in document_text(out / ledger.path).splitlines():
        cells = line.split(" | ")
        if len(cells) == 7 and cells[1] in summaries(res):  # 序号 姓名 部门 在队情况 参训次数 学时 等次
            rows[cells[1]] = cells
    for name in ("张三", "李四", "钱七", "LINA"):
        times, hours = rows[name][4], rows[name][5]
        assert f"参加培训{times}次、{hours}学时" in text_of(out, res, name), name
    zhang = text_of(out, res, "张三")
    assert "参加培训3次、6.5学时" in zhang
    assert "在队期间组织的培训全部参加，内容包括“评论写作”“舆情研判”“保密纪律”" in zhang
    # the member's category's metrics, their rank among its year-end members where it speaks for them
    # (钱七 reported 3 too: a shared rank is said to be shared)
    assert "全年完成发帖40条（在6名网络评论员中居第1位）、上报舆情3次（在6名网络评论员中并列第1位）" in zhang
    # the months without work are 张三's weakness: said once, in 不足, the fewer way round
    assert "在队12个月中只有3月、7月有工作量记录，工作的经常性还不够" in zhang and zhang.count("3月、7月") == 1
    assert "被评为“优秀”等次" in zhang
    assert zhang.splitlines()[1] == "办公室　张三"
    assert zhang.rstrip().splitlines()[-2:] == ["张三", "2025年12月28日"]  # signed with the name and the date
    # a member who joined this year counts from joining
    assert "2025年5月，本人加入" in text_of(out, res, "钱七") and "入队以来参加培训2次" in text_of(out, res, "钱七")


def test_the_teams_averages_are_over_everyone_on_the_years_team(built):
    out, res = built
    # 7 members on the year's team (王五 included, 赵六 not); 11 attendances; 24.5 person-hours; 发帖 65
    assert context_of(res)["全年在队人数"] == 7
    assert context_of(res)["人均参训次数"] == round(11 / 7, 1) == 1.6
    assert context_of(res)["人均学时"] == round(24.5 / 7, 1)
    # a member's figure is set against the category over the member's own months on the team:
    # 钱七 joined in May; May to December, 35 posts (张三's 30 in July, 钱七's 5) over 50
    # member-months (seven in May and June, six after 王五 left), times 8 months
    assert "缺席1次" in text_of(out, res, "李四") and "9月5日“保密纪律”培训本人未能参加" in text_of(out, res, "李四")
    assert f"发帖5条（低于同期网络评论员人均{round(35 / 50 * 8, 1)}条）" in text_of(out, res, "钱七")
    # one on the team all year, against the plain average of those on it all year (王五 and 钱七 were
    # not): 张三's 3 reports over five members
    assert "没有上报舆情记录（全年在队的网络评论员人均0.6次）" in text_of(out, res, "李四")


def test_a_member_without_trainings_or_work_gets_no_empty_section(built):
    out, res = built
    text = text_of(out, res, "孙八")
    headings = [line for line in text.splitlines() if re.match(r"^[一二三四五六]、", line)]
    # missed every training and recorded no work: said as such, by name, never as "0次"; no grade, no section
    assert headings == ["一、思想认识", "二、学习培训", "三、工作开展", "四、不足和打算"]
    assert "队伍组织的评论写作、舆情研判、保密纪律培训本人都没有参加" in text
    assert "本人全年没有发帖、上报舆情的工作量记录" in text
    assert "0次" not in text and "0条" not in text and "考核中" not in text
    # with work but no grade: the work section, then the plans
    li = text_of(out, res, "李四")
    assert [h for h in li.splitlines() if re.match(r"^[一二三四五六]、", h)] == [
        "一、思想认识", "二、学习培训", "三、工作开展", "四、考核情况", "五、不足和打算"]


def test_every_summary_passes_lint(built):
    out, res = built
    for path in summaries(res).values():
        assert lint_docx(out / path) == [], path


def test_fields_lists_the_members_own_variables():
    r = run("fields")
    assert r.exit_code == 0
    assert "【个人工作总结的变量】" in r.output
    assert "本人：" in r.output and "{{ 本人.参训次数 }}" in r.output
    assert "人均参训次数：" in r.output


def test_only_personal_summary_and_hand_edits(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    unit(inp)
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    mine = out / "测试局" / "个人工作总结" / "张三2025年度个人工作总结.docx"
    mine.write_bytes(mine.read_bytes() + b"edited")  # 张三 reworded his draft
    edited = mine.read_bytes()
    other = out / "测试局" / "测试局2025年度工作总结.docx"
    before = other.stat().st_mtime_ns
    r = run("build", str(inp), "-o", str(out), "--only", "个人工作总结")
    assert r.exit_code == 0, r.output
    assert "测试局：已生成 个人工作总结 6 份（在“个人工作总结”文件夹中）" in r.output
    assert "“张三2025年度个人工作总结.docx”在上次生成后被修改过，已保留原文件" in r.output
    assert mine.read_bytes() == edited
    assert (mine.parent / "张三2025年度个人工作总结（新生成）.docx").is_file()
    assert other.stat().st_mtime_ns == before  # the other kinds are not rebuilt…
    kinds = [d["kind"] for d in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["units"][0]["documents"]]
    assert "summary" in kinds and kinds.count("personal_summary") == 6  # …and still recorded
    assert run("build", str(inp), "-o", str(out), "--only", "personal_summary").exit_code == 0


def test_a_probationary_member_says_when_they_joined_then_what_they_are_now(tmp_path):
    # not 2016年3月入队的本人现为中共预备党员 (a clause on 本人), nor 2016年入队以来…预备党员 (the
    # probation dated from joining)
    make_workbook(tmp_path, "测试局.xlsx", unit={"单位名称": "测试局", "年度": 2025},
                  members=[member("张三", 政治面貌="中共预备党员", 入队日期="2016-03-01"),
                           member("李四", 政治面貌="中共预备党员", 入队日期="2025-05-01")], trainings=TRAININGS)
    [res] = build.gather(tmp_path).units
    thought = {m["姓名"]: m["小结"]["思想认识"] for m in context_of(res)["名册"]}
    assert thought["张三"].startswith("本人2016年3月入队，现为中共预备党员，按照党员标准严格要求自己，")
    assert thought["李四"].startswith("本人今年5月入队，现为中共预备党员，")


def test_months_that_tie_are_all_named(tmp_path):
    # 张三: March and July tie for the most, January and February for the least; 李四 does
    # the same every month (no month stands out, none is named)
    work = [["姓名", "月份", "发帖（条）"]] + [["张三", m, {3: 8, 7: 8, 1: 1, 2: 1}.get(m, 4)] for m in range(1, 13)]
    work += [["李四", m, 4] for m in range(1, 13)]
    make_workbook(tmp_path, "测试局.xlsx", unit={"单位名称": "测试局", "年度": 2025},
                  members=[member("张三"), member("李四")], sheets={"工作量": work})
    [res] = build.gather(tmp_path).units
    own = {m["姓名"]: m["小结"] for m in context_of(res)["名册"]}
    # 张三's only shortfall is the uneven months: said once, in 不足和打算, not again in 工作开展
    assert "3月、7月完成最多，1月、2月最少，" in own["张三"]["不足和打算"]
    assert "月" not in own["张三"]["工作开展"]
    assert "完成最多" not in own["李四"]["工作开展"] + own["李四"]["不足和打算"] and "最少" not in own["李四"]["工作开展"]


def test_a_member_counted_nowhere_still_gets_figures(tmp_path):
    # 李四 left on 20 December (on the team on every month's 15th) with no row: the only
    # 新闻通讯员, counted in no level; nothing to divide by is no fault
    work = [["姓名", "月份", "发帖（条）", "稿件（篇）"]] + [["张三", m, 4, 0] for m in range(1, 13)] + [["王五", 3, 0, 2]]
    make_workbook(tmp_path, "测试局.xlsx", unit={"单位名称": "测试局", "年度": 2025},
                  members=[member("张三"), member("李四", 队伍类别="新闻通讯员", 离队日期="2025-12-20"),
                           member("王五", 队伍类别="新闻通讯员")], sheets={"工作量": work})
    [res] = build.gather(tmp_path).units
    people = {r["姓名"]: r for r in context_of(res)["全年人员"]}
    assert not people["李四"]["计入人均"] and people["王五"]["计入人均"]
    assert [(w["指标"], w["同类人均"]) for w in people["李四"]["工作量"]] == [("稿件", 2)]


def test_the_only_member_of_a_category_is_not_compared_with_peers_they_lack(tmp_path):
    work = [["姓名", "月份", "发帖（条）", "稿件（篇）"]]
    work += [[n, m, 4 if m > 1 else 1, 0] for n in ("张三", "李四") for m in range(1, 13)]
    work += [["王五", m, 0, 5 if m > 1 else 1] for m in range(1, 13)]
    make_workbook(tmp_path, "测试局.xlsx", unit={"单位名称": "测试局", "年度": 2025},
                  members=[member("张三"), member("李四"), member("王五", 队伍类别="新闻通讯员")], sheets={"工作量": work})
    [res] = build.gather(tmp_path).units
    lacking = {r["姓名"]: r["小结"]["不足和打算"] for r in context_of(res)["名册"]}
    assert "本人的工作量与同类成员平均水平基本持平，但各月不够均衡" in lacking["张三"]
    # no 同类成员 to be level with; eleven months alike are no peak worth naming
    assert "本人的工作量各月不够均衡，1月完成最少，" in lacking["王五"]


def test_the_only_member_at_year_end_is_said_to_be_so_at_year_end(tmp_path):
    work = [["姓名", "月份", "发帖（条）", "稿件（篇）"]] + [["张三", m, 4, 0] for m in range(1, 13)]
    work += [["王五", m, 0, 3] for m in range(1, 13)] + [["赵六", 2, 0, 1]]
    make_workbook(tmp_path, "测试局.xlsx", unit={"单位名称": "测试局", "年度": 2025},
                  members=[member("张三"), member("王五", 队伍类别="新闻通讯员"),
                           member("赵六", 队伍类别="新闻通讯员", 离队日期="2025-06-08")], sheets={"工作量": work})
    [res] = build.gather(tmp_path).units
    work_of = {r["姓名"]: r["小结"]["工作开展"] for r in context_of(res)["名册"]}
    assert "稿件36篇（年末队伍中唯一的新闻通讯员）" in work_of["王五"]  # 赵六 was one until June


def test_an_honour_the_roster_notes_is_in_the_members_summary_and_a_circumstance_is_not(tmp_path):
    honour = "2025年度优秀通讯员，市级媒体采用稿件三篇"
    people = [member("张三", 备注=honour + "。"), member("李四", 备注="借调县委宣传部"), member("王五")]
    work = [["姓名", "月份", "发帖（条）"]] + [[n, m, 3] for n in ("张三", "李四") for m in range(1, 13)]
    (tmp_path / "有").mkdir()
    (tmp_path / "无").mkdir()
    make_workbook(tmp_path / "有", "测试局.xlsx", unit={"单位名称": "测试局", "年度": 2025}, members=people,
                  sheets={"工作量": work})
    make_workbook(tmp_path / "无", "测试局.xlsx", unit={"单位名称": "测试局", "年度": 2025}, members=people)
    for folder, said in (("有", f"。其他成绩：{honour}。"), ("无", f"本年度，本人的主要成绩有：{honour}。")):
        [res] = build.gather(tmp_path / folder).units
        work_of = {r["姓名"]: r["小结"]["工作开展"] for r in context_of(res)["名册"]}
        assert work_of["张三"].endswith(said), folder
        assert "借调" not in work_of["李四"] and "成绩" not in work_of["李四"] + work_of["王五"], folder


def test_a_unit_that_keeps_no_work_sheet_does_not_blame_its_members_for_it(tmp_path):
    # the unit records no work at all: that is the clerk's gap (the annual summary says so), not each member's
    (tmp_path / "in").mkdir()
    make_workbook(tmp_path / "in", unit={"单位名称": "测试局", "年度": 2025}, members=MEMBERS[:2], trainings=TRAININGS)
    result = build.build(build.Options(tmp_path / "in", tmp_path / "out", jobs=1))
    [res] = result.units
    texts = {name: document_text(tmp_path / "out" / path) for name, path in summaries(res).items()}
    assert not any("没有按月登记工作量" in t or "缺少记录可查" in t for t in texts.values())
    # 张三 missed nothing: the shortfall is measured against the category's duties
    assert "回顾一年的工作，对照网络评论员的职责，本人在办公室的工作中，评论的深度和针对性还有提高的空间。" in texts["张三"]
