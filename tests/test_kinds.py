"""The kinds beyond plan and summary: which are written, which are skipped and why,
and the roll-up over several units (its document and 汇总表.xlsx)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from doctext import document_text
from helpers import TRAININGS, context_of, member, run

from yearend import build, resources
from yearend.manifest import Skip


def kinds(res) -> set[str]:
    return {d.kind for d in res.documents}


def test_members_only_writes_what_it_can_and_says_why_not_the_rest(tmp_path, make_unit):
    inp, out = make_unit(members=[member("张三"), member("李四")]).parent, tmp_path / "out"
    result = build.build(build.Options(inp, out))
    [res] = result.units
    assert kinds(res) == {"plan", "plan_notice", "summary", "roster", "member_form", "formation_notice", "rules",
                          "ideology_plan", "personal_summary"}
    assert res.skipped == [Skip("training_ledger", "工作簿中没有“培训记录”表"),
                           Skip("commendation", "工作簿中没有“考核结果”表"),
                           Skip("opinion_ledger", "工作簿中没有“舆情台账”表，或表中没有填写内容"),
                           Skip("opinion_report", "工作簿中没有“舆情台账”表，或表中没有填写内容"),
                           Skip("ideology_notice", "单位信息表中没有填写“责任制文号”，责任制实施方案不单独印发")]
    lines = run("build", str(inp), "-o", str(out), "--force").output.splitlines()
    assert "  未生成培训台账：工作簿中没有“培训记录”表" in lines
    assert "  未生成表彰通报：工作簿中没有“考核结果”表" in lines
    assert not any(d.kind.startswith("rollup") for d in result.documents)  # one unit: no roll-up


def test_tables_present_but_empty_of_what_a_kind_needs(tmp_path, make_unit):
    inp = make_unit(members=[member("张三")], trainings=[{"日期": "2024-03-01", "主题": "旧", "学时": 1}],
                    sheets={"考核结果": [["姓名", "等次"], ["张三", "称职"]]}).parent
    out = tmp_path / "out"
    [res] = build.build(build.Options(inp, out)).units
    assert {s.kind: s.reason for s in res.skipped} == {
        "training_ledger": "培训记录中没有2025年的培训",
        "commendation": "考核结果中没有评为“优秀”的人员",
        "opinion_ledger": "工作簿中没有“舆情台账”表，或表中没有填写内容",
        "opinion_report": "工作簿中没有“舆情台账”表，或表中没有填写内容",
        "ideology_notice": "单位信息表中没有填写“责任制文号”，责任制实施方案不单独印发",
    }


def test_member_form_has_a_page_per_member_on_the_years_team_leavers_included(tmp_path, make_unit):
    inp = make_unit(members=[member("张三"), member("李四", 离队日期="2025-06-30"),
                             member("王五", 离队日期="2024-12-31")], trainings=TRAININGS).parent
    out = tmp_path / "out"
    [res] = build.build(build.Options(inp, out)).units
    [doc] = [d for d in res.documents if d.kind == "member_form"]
    text = document_text(out / doc.path)
    assert text.count("个人考核登记表") == 2  # 王五 left before the year began
    assert "姓名 | 李四" in text and "王五" not in text
    import docx
    titles = [p for p in docx.Document(out / doc.path).paragraphs if "个人考核登记表" in p.text]
    assert all(p.paragraph_format.page_break_before for p in titles)


def test_commendation_groups_the_excellent_by_department(tmp_path, make_unit):
    inp = make_unit(members=[member("甲", "宣传科", 职务="科长"), member("乙", 队伍类别="新闻通讯员"),
                             member("丙", "宣传科")],
                    trainings=[{"日期": "2025-03-01", "主题": "写作", "学时": 2.5, "参训人员": "甲、丙"}],
                    sheets={"考核结果": [["姓名", "等次"], ["甲", "优秀"], ["乙", "优秀"], ["丙", "称职"]]}).parent
    out = tmp_path / "out"
    [res] = build.build(build.Options(inp, out)).units
    [doc] = [d for d in res.documents if d.kind == "commendation"]
    text = document_text(out / doc.path)
    # a 新闻通讯员 among them: not "优秀网络评论员"; who decided; one line of deeds each, from their own year
    assert "关于表彰2025年度\n网络评论员队伍优秀成员的通报" in text
    # the leader's post names no party body: the leading group decides, never a 局党组 the unit may lack;
    # a deed only where a figure stands out (甲 attended the one training as most did): with none, the names by
    # department, and no 其中 paragraph
    assert "经领导小组研究，决定对年度考核优秀的以下2名同志予以通报表彰：\n宣传科：甲\n办公室：乙\n希望" in text


def test_every_honouree_with_a_deed_gets_a_line_and_a_post_naming_its_department_is_not_said_twice(tmp_path, make_unit):
    def commendation(members, grades, folder):
        inp = make_unit(folder=f"in-{folder}", members=members, trainings=TRAININGS,
                        sheets={"考核结果": [["姓名", "等次", "得分"], *grades]}).parent
        [res] = build.build(build.Options(inp, tmp_path / folder)).units
        docs = {d.kind: document_text(tmp_path / folder / d.path) for d in res.documents if d.kind != "personal"}
        return docs["commendation"] if folder != "c" else docs

    text = commendation([member("甲", "综治中心", 职务="综治中心专职副主任"), member("乙", "宣传科", 职务="科长")],
                        [["甲", "优秀", 96], ["乙", "优秀", 95]], "a")
    assert "以下2名同志予以通报表彰：\n甲（综治中心专职副主任）：年度考核得分96分。\n乙（宣传科，科长）：年度考核得分95分。\n" in text
    # one honouree: not "以下1名同志"
    text = commendation([member("甲", "宣传科")], [["甲", "优秀", 96]], "b")
    assert "决定对年度考核优秀的以下同志予以通报表彰：\n甲（宣传科）：年度考核得分96分。" in text
    # eleven, one without a deed: names by department, the ten with a score singled out up to eight; the summary
    # counts them and refers to the commendation
    names = [f"成员{i}" for i in range(11)]
    docs = commendation([member(n, "宣传科" if i % 2 else "办公室") for i, n in enumerate(names)],
                        [[n, "优秀", 90 + i if i else ""] for i, n in enumerate(names)], "c")
    assert "以下11名同志予以通报表彰：\n办公室：成员0、成员2、成员4、成员6、成员8、成员10\n宣传科：成员1、" in docs["commendation"]
    # the eight highest scores (93 to 100), in the roll's order
    assert "其中，以下同志事迹突出：\n成员4（办公室）：年度考核得分94分。\n成员6" in docs["commendation"]
    assert "成员1（" not in docs["commendation"] and "成员2（" not in docs["commendation"]
    assert docs["commendation"].count("年度考核得分") == 8
    assert "评为优秀的11名同志已通报表彰，名单见表彰通报。" in docs["summary"] and "成员3" not in docs["summary"]


def test_two_units_give_a_rollup_and_a_workbook_whose_totals_add_up(tmp_path, make_unit):
    inp, out = tmp_path / "in", tmp_path / "out"
    make_unit("a.xlsx", unit={"单位名称": "+甲局", "年度": 2025, "上级单位": "某县委网信办"},
              members=[member("张三"), member("李四")], trainings=TRAININGS)
    make_unit("b.xlsx", unit={"单位名称": "乙局", "年度": 2025, "上级单位": "县委网信办"},
              members=[member("王五"), member("赵六"), member("钱七")],
              trainings=[{"日期": "2025-05-01", "主题": "研判", "学时": 3, "参训人员": "王五"}])
    result = build.build(build.Options(inp, out))
    paths = {d.kind: d.path for d in result.documents}
    assert paths == {"rollup": "2025年度网络评论员队伍建设情况汇总.docx", "rollup_workbook": "汇总表.xlsx"}
    ws = openpyxl.load_workbook(out / "汇总表.xlsx").active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    header, units, total = rows[0], rows[1:-1], rows[-1]
    col = {h: i for i, h in enumerate(header)}
    assert [u[col["单位名称"]] for u in units] == ["+甲局", "乙局"]
    assert ws.cell(3, col["单位名称"] + 1).data_type == "s"  # text that looks like a formula stays text
    figures = {u.name: context_of(u) for u in result.units}
    for key in ("队伍人数", "培训次数", "培训学时", "参训人次"):
        assert total[col[key]] == sum(f[key] for f in figures.values())
    # 人均学时 over everyone (2×2 + 3 hours over 5 people), not the mean of the units' 2 and 1
    assert (units[0][col["人均学时"]], units[1][col["人均学时"]], total[col["人均学时"]]) == (2, 1, 1.4)
    assert [u[col["排名"]] for u in units] == [1, 2]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"
    text = document_text(out / paths["rollup"])
    # the county office's 通报: no working notes; its table's columns are the workbook's
    assert "本次汇总" not in text and "截至2025年底，2个单位共有队伍成员5名，其中中共党员0名；全年新增0名、离队0名。" in text
    table_head = next(line for line in text.splitlines() if line.startswith("序号 | "))
    # the workbook's 备注 says why a unit is not summed; the document's table has summed units only
    assert header[-1] == "备注" and table_head.split(" | ") == ["序号", "单位", *header[2:-1]]
    assert "从人均学时看，+甲局位居前列，乙局相对靠后；从参训率看，+甲局较高，乙局较低。" in text
    # 某县委网信办 and 县委网信办 are one body: it signs, in its fuller spelling
    assert "\n某县委网信办\n2025年12月31日\n\n附件\n" in text  # the signature, then the table as its attachment
    run("build", str(inp), "-o", str(tmp_path / "另"), "--issuer", "青山县委网信办")
    assert "\n青山县委网信办\n2025年12月31日\n" in document_text(tmp_path / "另" / paths["rollup"])


def test_the_rollup_asks_no_unit_to_catch_up_where_none_trails(tmp_path, make_unit):
    # two units that trained every member alike: nobody trails, so nobody is told to analyse why
    for name, people in (("甲局", ["张三", "李四"]), ("乙局", ["王五", "赵六"])):
        make_unit(f"{name}.xlsx", unit={"单位名称": name, "年度": 2025, "上级单位": "县委网信办"},
                  members=[member(p) for p in people],
                  trainings=[{"日期": "2025-03-01", "主题": "写作", "学时": 2, "参训人员": "、".join(people)}])
    result = build.build(build.Options(tmp_path / "in", tmp_path / "out"))
    [doc] = [d for d in result.documents if d.kind == "rollup"]
    text = document_text(tmp_path / "out" / doc.path)
    assert "靠后" not in text and "分析原因" not in text
    assert "各单位要对照本通报查找差距，确保2026年教育培训按计划落实；" in text


def test_a_unit_that_grades_nobody_has_a_dash_for_its_excellent_in_the_rollup_not_a_zero(tmp_path, make_unit):
    inp, out = tmp_path / "in", tmp_path / "out"
    make_unit("甲.xlsx", unit={"单位名称": "甲局", "年度": 2025, "上级单位": "县委网信办"},
              members=[member("张三"), member("李四")],
              sheets={"考核结果": [["姓名", "等次"], ["张三", "优秀"], ["李四", "称职"]]})
    make_unit("乙.xlsx", unit={"单位名称": "乙局", "年度": 2025, "上级单位": "县委网信办"}, members=[member("王五")])
    make_unit("丙.xlsx", unit={"单位名称": "丙局", "年度": 2025, "上级单位": "县委网信办"}, members=[member("赵六")],
              sheets={"考核结果": [["姓名", "等次"], ["赵六", "称职"]]})
    build.build(build.Options(inp, out))
    text = document_text(out / "2025年度网络评论员队伍建设情况汇总.docx")
    rows = {line.split(" | ")[1]: line.split(" | ") for line in text.splitlines() if line.count(" | ") > 5}
    excellent = rows["单位"].index("优秀人数")
    # graded with none 优秀: 0; not graded at all: —; the total counts who was graded 优秀
    assert (rows["甲局"][excellent], rows["乙局"][excellent], rows["丙局"][excellent]) == ("1", "—", "0")
    total = next(line for line in text.splitlines() if line.startswith("合计 | ")).split(" | ")
    assert total[excellent - 1] == "1" and "考核优秀1名" in text  # 合计 spans 序号 and 单位
    ws = openpyxl.load_workbook(out / "汇总表.xlsx").active
    table = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    col = table[0].index("优秀人数")
    assert {r[1]: r[col] for r in table[1:-1]} == {"甲局": 1, "乙局": "—", "丙局": 0} and table[-1][col] == 1


def test_a_rollup_nobody_can_sign_is_written_without_a_signature_and_says_why(tmp_path, make_unit):
    inp, out = tmp_path / "in", tmp_path / "out"
    for name, superior in (("甲局", ""), ("乙局", "某县委宣传部")):  # one names no superior: no shared issuer
        make_unit(f"{name}.xlsx", unit={"单位名称": name, "年度": 2025, "上级单位": superior}, members=[member("张三")])
    result = build.build(build.Options(inp, out))
    warned = [p for p in result.problems if p.message.startswith("汇总文档没有落款")]
    assert len(warned) == 1 and warned[0].file == "2025年度网络评论员队伍建设情况汇总.docx" and "--issuer" in warned[0].message
    assert "某县委宣传部" not in document_text(out / warned[0].file)
    named = build.build(build.Options(inp, tmp_path / "另", issuer="青山县委宣传部"))
    assert not [p for p in named.problems if p.message.startswith("汇总文档没有落款")]


def test_rollup_leaves_out_a_unit_of_another_year_and_says_so(tmp_path, make_unit):
    inp, out = tmp_path / "in", tmp_path / "out"
    for name, year in (("甲局", 2025), ("乙局", 2025), ("丙局", 2024)):
        make_unit(f"{name}.xlsx", unit={"单位名称": name, "年度": year}, members=[member("张三")])
    result = build.build(build.Options(inp, out))
    assert result.rollup.left_out == [("丙局", 2024)]
    lines = run("build", str(inp), "-o", str(out)).output.splitlines()
    assert "汇总未包含 丙局：其年度（2024）与其他单位（2025）不同" in lines
    assert "汇总（2 个单位）：已生成 2025年度网络评论员队伍建设情况汇总.docx、汇总表.xlsx" in lines
    text = document_text(out / "2025年度网络评论员队伍建设情况汇总.docx")
    # named, with why, and in no table or total
    assert "本次共涉及3个单位，其中2个单位的数据纳入汇总，其余1个单位没有纳入：丙局报送的是2024年度数据。" in text
    assert "截至2025年底，2个单位共有队伍成员2名" in text and "| 丙局 |" not in text


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
def test_a_clerks_own_templates_are_rendered_and_a_broken_one_is_named(tmp_path, make_unit):
    import shutil

    import docx

    templates, out = tmp_path / "模板", tmp_path / "out"
    shutil.copytree(resources.DEFAULT_TEMPLATES, templates)
    for name, text in (("述职报告.docx", "{{ 单位名称 }}队伍现有{{ 队伍人数 }}名，全年培训{{ 培训次数|中文数字 }}次。"),
                       ("坏模板.docx", "{{ 队伍总数 }}"), ("越权.docx", "{{ 单位名称.__class__ }}"),
                       ("子类.docx", "{{ 队伍人数.__class__.__mro__[1].__subclasses__() }}"),
                       ("读文件.docx", "{% include '/etc/passwd' %}")):
        d = docx.Document()
        d.add_paragraph(text)
        d.save(templates / name)
    (templates / "~$述职报告.docx").write_bytes(b"lock")  # Word's lock file is no template
    inp = make_unit(members=[member("张三"), member("李四")], trainings=TRAININGS).parent
    result = build.build(build.Options(inp, out, templates=templates))
    [res] = result.units
    custom = [d for d in res.documents if d.kind == "custom"]
    assert [(d.template, d.path) for d in custom] == [("述职报告.docx", "测试局/测试局述职报告.docx")]
    assert "测试局队伍现有2名，全年培训一次。" in document_text(out / custom[0].path)
    assert {"plan", "summary", "roster", "training_ledger", "member_form"} <= kinds(res)  # the others still written
    named = {p.file: p.message for p in result.all_problems}  # a template's fault: once for the run
    assert named["坏模板.docx"].startswith("模板“坏模板.docx”使用了不存在的变量“队伍总数”")
    assert named["越权.docx"].startswith("模板“越权.docx”试图访问不允许的内容")
    assert named["子类.docx"].startswith("模板“子类.docx”试图访问不允许的内容")
    assert named["读文件.docx"].startswith("模板“读文件.docx”试图读取其他文件")
    assert result.exit_code == 1
    # nothing of the system leaks: not on screen, not in a message, not in any file written
    secret = Path("/etc/passwd").read_text().splitlines()[0] if Path("/etc/passwd").exists() else "root:x:0:0"
    screen = run("build", str(inp), "-o", str(tmp_path / "again"), "-t", str(templates)).output
    said = "\n".join([screen] + [p.message for p in result.all_problems])
    assert "root:" not in said and "subclasses" not in said.lower() and "<class" not in said
    for path in out.rglob("*"):
        if path.suffix == ".docx":
            text = "".join(zipfile.ZipFile(path).read(n).decode("utf-8", "replace")
                           for n in zipfile.ZipFile(path).namelist())
        elif path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
        else:
            continue
        assert secret not in text and "root:x:" not in text and "<class '" not in text, path


def test_previous_year_from_another_folder(tmp_path, make_unit):
    from yearend import figures

    inp, last, out = tmp_path / "in", tmp_path / "上年", tmp_path / "out"
    make_unit("测试局2024.xlsx", folder="上年", unit={"单位名称": "测试局", "年度": 2024}, members=[member("张三")],
              trainings=[{"日期": "2024-05-01", "主题": "旧", "学时": 4, "参训人员": "全体"}])
    make_unit("别的局2024.xlsx", folder="上年", unit={"单位名称": "别的局", "年度": 2024}, members=[member("王五")])
    make_unit(members=[member("张三"), member("李四")], trainings=TRAININGS)
    result = build.build(build.Options(inp, out, previous_dir=last))
    [res] = result.units  # the previous folder's units get no documents of their own
    assert res.previous is not None and res.previous.source.name == "测试局2024.xlsx"
    assert figures.scalars(context_of(res))["队伍人数"] == 2 and context_of(res)["上年"]["队伍人数"] == 1
    assert context_of(res)["增减"]["培训学时"] == -2
    summary = document_text(out / next(d.path for d in res.documents if d.kind == "summary"))
    assert "与2024年相比，队伍人数增加1名，培训次数持平，培训学时减少2学时" in summary
    assert not (out / "别的局").exists()


def test_a_leaver_with_a_grade_is_named_and_treated_as_a_leaver(tmp_path, make_unit):
    inp = make_unit(members=[member("张三"), member("李四", 离队日期="2025-10-31")], trainings=TRAININGS,
                    sheets={"考核结果": [["姓名", "等次"], ["张三", "优秀"], ["李四", "称职"]]}).parent
    out = tmp_path / "out"
    r = build.build(build.Options(inp, out))
    [res] = r.units
    warned = [p for p in res.problems if p.sheet == "考核结果"]
    assert [p.cell for p in warned] == ["B3"]
    assert warned[0].message.startswith("“李四”已于2025年10月31日离队，年度考核只评年末在队的人员")
    form = document_text(out / next(d.path for d in res.documents if d.kind == "member_form"))
    assert "等次：年内离队（2025年10月31日），不参加年度考核" in form and "等次：称职" not in form
    summary = document_text(out / next(d.path for d in res.documents if d.kind == "summary"))
    assert "评定结果为：优秀1名。" in summary  # 称职 is not counted


def test_a_leaver_nobody_recorded_has_no_work_figures_on_the_form(tmp_path, make_unit):
    work = [["姓名", "月份", "发帖（条）"]] + [["张三", m, 4] for m in range(1, 13)] + [["王五", 2, 0]]
    inp = make_unit(members=[member("张三"), member("李四", 离队日期="2025-10-31"), member("王五", 离队日期="2025-06-30")],
                    sheets={"工作量": work}).parent
    out = tmp_path / "out"
    [res] = build.build(build.Options(inp, out)).units
    forms = document_text(out / next(d.path for d in res.documents if d.kind == "member_form")).split("个人考核登记表")
    rows = {name: next(ln for ln in f.splitlines() if ln.startswith("工作量 | ")) for f in forms
            for name in ("张三", "李四", "王五") if f"姓名 | {name} " in f}
    # 李四 has no row: unknown, not 发帖0条; 王五's row of 0 is a figure recorded
    assert rows == {"张三": "工作量 | 发帖48条", "李四": "工作量 | —", "王五": "工作量 | 发帖0条"}


def test_a_phone_number_does_not_break_at_its_hyphen(tmp_path, make_unit):
    inp = make_unit(unit={"单位名称": "测试局", "年度": 2025, "联系人": "王五", "联系电话": "0871-65123456"},
                    members=[member("张三", 领导小组职务="组长")], trainings=TRAININGS).parent
    out = tmp_path / "out"
    [res] = build.build(build.Options(inp, out)).units
    path = out / next(d.path for d in res.documents if d.kind == "plan")
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "0871\u2060-\u206065123456\u2060" in xml  # joined on both sides and to what follows
    assert "联系电话：0871-65123456" in document_text(path)
