"""The county's collection desk, on a county folder built in code: 33 listed units (two
not sent), the mistakes units really make, a lock file, a .zip attachment, subfolders;
every count the same on the screen, in the report, the manifest, the roll-up, 汇总表.xlsx
and 问题汇总.xlsx."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from doctext import document_text
from helpers import TRAININGS, make_workbook, member, run, unit

from yearend import desk, gather

pytestmark = pytest.mark.slow

ORDINARY = [f"青山县第{i:02d}局" for i in range(1, 25)]  # 24 units that send a good workbook
NOT_SENT = {"青山县审计局": ("王五", "0719-8123001"), "青山县统计局": ("赵六", "13800000002")}
BROKEN = "青山县林业局"  # sends a file that cannot be read
BY_SHORT = ("青山县民政局", "民政局")  # listed by its full name, its workbook says 民政局
ZIPPED = "青山县水利局"  # its workbook arrives in a .zip, named in GBK
ERRORS = ["缺部门局", "空名册局", "错年度局", "离队日期局"]  # listed; each workbook has an error
UNLISTED = "名单外局"  # sends a workbook, is not on the list


class GBKName(zipfile.ZipInfo):
    """A zip entry named in GBK without the UTF-8 flag, as Windows' own zip tool writes it."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's name)
        return self.filename.encode("gbk"), self.flag_bits


def make_county(inp: Path) -> None:
    inp.mkdir(parents=True)
    for i, name in enumerate(ORDINARY):
        unit(inp / ("三月" if i % 3 == 0 else "四月") if i % 2 else inp, name, 联系人=f"联系人{i}")
    unit(inp, BY_SHORT[1])
    (inp / f"{BROKEN}.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (inp / "~$青山县第01局.xlsx").write_bytes(b"lock")
    staging = inp.parent / "staging"
    unit(staging, ZIPPED, file="报表.xlsx")
    with zipfile.ZipFile(inp / "水利局报送材料.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(GBKName(f"{ZIPPED}/{ZIPPED}报表.xlsx"), (staging / "报表.xlsx").read_bytes())
        zf.writestr("说明.txt", "请查收")
    trainings = [{"日期": f"2025-{m:02d}-10", "主题": f"第{m}次", "学时": 2, "参训人员": "甲、乙"} for m in (3, 6, 9)]
    make_workbook(inp, "缺部门局.xlsx", unit={"单位名称": "缺部门局", "年度": 2025},
                  members=[{"姓名": "甲"}, {"姓名": "乙"}], trainings=trainings)
    make_workbook(inp, "空名册局.xlsx", unit={"单位名称": "空名册局", "年度": 2025}, trainings=trainings,
                  sheets={"人员名册": [["姓名", "部门"]]})
    make_workbook(inp, "错年度局.xlsx", unit={"单位名称": "错年度局", "年度": 2024},
                  members=[member("甲"), member("乙")], trainings=trainings)
    make_workbook(inp, "离队日期局.xlsx", unit={"单位名称": "离队日期局", "年度": 2025},
                  members=[member("甲", 入队日期="2024-01-01", 离队日期="2023-05-01"), member("乙")], trainings=trainings)
    make_workbook(inp, "未填单位名称.xlsx", unit={"单位名称": "", "年度": 2025}, members=[member("甲")])
    unit(inp, UNLISTED)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年度应报单位名单"])
    ws.append(["序号", "单位名称", "简称", "联系人", "联系电话"])
    listed = [*ORDINARY, *NOT_SENT, BROKEN, BY_SHORT[0], ZIPPED, *ERRORS]
    for i, name in enumerate(listed, 1):
        contact, phone = NOT_SENT.get(name, (f"名单联系人{i}", 13900000000 + i))  # a phone typed as a number
        ws.append([i, name, BY_SHORT[1] if name == BY_SHORT[0] else None, contact, phone])
    wb.save(inp / desk.EXPECTED_BOOK)


LISTED = len(ORDINARY) + len(NOT_SENT) + 3 + len(ERRORS)  # 33


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    root = tmp_path_factory.mktemp("county")
    inp, out = root / "收到的报表", root / "output"
    make_county(inp)
    r = run("build", str(inp), "-o", str(out), "-j", "2")
    return inp, out, r


# the states add up to the units listed; the unit not on the list is counted apart
COUNT = (f"应报 {LISTED} 个单位，已生成 {len(ORDINARY) + 2} 个，有错误 4 个，读取失败 1 个，未报送 2 个；"
         "另有 1 个单位不在应报名单中（已生成 1 个）；另有 1 个文件不是任何单位的工作簿")


def test_one_count_on_the_screen_in_the_report_and_the_manifest(county):
    inp, out, r = county
    assert r.exit_code == 1, r.output
    assert f"完成：{COUNT}；" in r.output
    report = (out / "运行报告.html").read_text(encoding="utf-8")
    assert f"<p>{COUNT}。</p>" in report and f'<div class="card "><b>{LISTED}</b>应报单位</div>' in report
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    states = [u["state"] for u in m["desk"]["units"]]
    assert len(states) == LISTED + 1 and states.count("未报送") == 2 and states.count("读取失败") == 1
    assert states.count("有错误") == 4 and states.count("已生成") + states.count("有警告") == len(ORDINARY) + 3
    assert m["desk"]["expected"] == desk.EXPECTED_BOOK
    assert m["desk"]["strays"] == [{"file": "未填单位名称.xlsx", "reason": m["desk"]["strays"][0]["reason"]}]
    by_name = {u["单位名称"]: u for u in m["desk"]["units"]}
    assert by_name["青山县审计局"] == {"单位名称": "青山县审计局", "state": "未报送", "listed": True, "联系人": "王五",
                                  "联系电话": "0719-8123001", "files": [], "reason": ""}
    assert by_name[BROKEN]["files"] == [f"{BROKEN}.xlsx"] and by_name[BROKEN]["联系电话"].startswith("139")
    assert by_name[BY_SHORT[0]]["files"] == [f"{BY_SHORT[1]}.xlsx"]  # listed by full name, matched by its 简称
    assert by_name[ZIPPED]["state"] == "已生成" and by_name[ZIPPED]["files"] == [f"水利局报送材料.zip/{ZIPPED}/{ZIPPED}报表.xlsx"]
    assert by_name[UNLISTED]["listed"] is False and by_name[UNLISTED]["state"] == "有警告"
    # the screen's table: a row for every unit at the desk, sent or not
    table = r.output[r.output.index("单位"):]
    assert re.search(r"青山县审计局 +未报送", table) and re.search(rf"{BROKEN} +读取失败 +{BROKEN}\.xlsx", table)


def test_the_report_opens_with_what_to_do(county):
    inp, out, r = county
    report = (out / "运行报告.html").read_text(encoding="utf-8")
    todo = report.index("<h2>需要处理</h2>")
    assert todo < report.index("<h2>各单位一览</h2>")
    section = report[todo:report.index("</section>", todo)]
    assert section.index("未报送（2）") < section.index("读取失败（1）") < section.index("有错误，未生成（4）")
    assert "<td>青山县审计局</td><td>王五</td><td>0719-8123001</td>" in section
    assert "不是任何单位的工作簿（1）" in section and "未填单位名称.xlsx" in section
    assert "年度是2024年" in section  # each unit with errors shows its first


def test_the_rollup_names_who_is_not_in_it_and_every_unit_has_a_row(county):
    inp, out, r = county
    text = document_text(out / "2025年度网络评论员队伍建设情况汇总.docx")
    assert f"本次共涉及{LISTED + 1}个单位，其中{len(ORDINARY) + 3}个单位的数据纳入汇总，其余7个单位没有纳入：" in text
    assert "青山县审计局、青山县统计局未报送" in text and f"{BROKEN}报送的文件无法读取" in text
    assert "缺部门局、空名册局、错年度局、离队日期局报送的数据有错误，待改正后补报。" in text
    assert f"截至2025年底，{len(ORDINARY) + 3}个单位共有队伍成员" in text
    ws = openpyxl.load_workbook(out / "汇总表.xlsx")["汇总"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    names = [row[1] for row in rows[:-1]]
    assert len(names) == LISTED + 1 and set(names) >= {*NOT_SENT, BROKEN, *ERRORS, UNLISTED}
    assert dict((row[1], row[-1]) for row in rows[:-1])["青山县审计局"] == "未汇总：未报送"
    assert BY_SHORT[0] in names and BY_SHORT[1] not in names  # called as the list calls it


def test_one_sheet_to_phone_units_back(county):
    inp, out, r = county
    ws = openpyxl.load_workbook(out / "问题汇总.xlsx").active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert rows[0][:3] == ["青山县审计局", "王五", "0719-8123001"] and rows[0][7] == "未收到本单位的工作簿"
    levels = [row[6] for row in rows]
    assert levels == sorted(levels, key=["未报送", "错误", "警告"].index)  # who to chase first, then errors
    [missing_department] = [row for row in rows if row[0] == "缺部门局"]  # one error, no follow-on warnings
    assert missing_department[6] == "错误"


def test_quiet_shows_errors_only_and_each_file_a_few_lines(county):
    inp, out, r = county
    assert "[警告]" in r.output
    quiet = run("build", str(inp), "-o", str(out), "-q")
    assert quiet.exit_code == 1 and "[警告]" not in quiet.output and "[错误] 错年度局.xlsx" in quiet.output
    for name in ERRORS:
        assert sum(1 for line in r.output.splitlines() if line.startswith(f"[错误] {name}")) <= 6


def test_expected_given_as_an_option_is_the_same_list(county, tmp_path):
    inp, out, r = county
    listed = tmp_path / "名单.xlsx"
    listed.write_bytes((inp / desk.EXPECTED_BOOK).read_bytes())
    result = gather.gather(inp, expected=listed, exclude=out)
    desk.settle(result)
    assert desk.count_line(result) == COUNT


def test_without_a_list_the_units_that_sent_are_the_count(tmp_path):
    inp = tmp_path / "in"
    for name in ("甲局", "乙局"):
        unit(inp, name)
    make_workbook(inp, "丙局.xlsx", unit={"单位名称": "丙局", "年度": 2025}, members=[{"姓名": "甲"}], trainings=TRAININGS)
    r = run("build", str(inp), "-o", str(tmp_path / "out"))
    assert "完成：收到 3 个单位的工作簿，已生成 2 个，有错误 1 个；" in r.output
    text = document_text(tmp_path / "out" / "2025年度网络评论员队伍建设情况汇总.docx")
    assert "本次共涉及3个单位，其中2个单位的数据纳入汇总，其余1个单位没有纳入：丙局报送的数据有错误，待改正后补报。" in text


def test_init_writes_a_named_workbook_for_every_listed_unit(county, tmp_path):
    inp, out, r = county
    target = tmp_path / "下发"
    target.mkdir()
    (target / "青山县审计局.xlsx").write_bytes(b"sent back already")
    done = run("init", str(target), "--list", str(inp / desk.EXPECTED_BOOK), "--year", "2025")
    assert done.exit_code == 0, done.output
    assert f"已写入 {LISTED - 1} 份空白工作簿（2025 年度）" in done.output and "已存在，未覆盖" in done.output
    assert (target / "青山县审计局.xlsx").read_bytes() == b"sent back already"
    book = openpyxl.load_workbook(target / "青山县统计局.xlsx")
    info = {row[0].value: row[1].value for row in book["单位信息"].iter_rows(min_row=2)}
    assert (info["*单位名称"], info["*年度"], info["联系人"], info["联系电话"]) == ("青山县统计局", 2025, "赵六", "13800000002")
    assert book["人员名册"]["A1"].value == "*姓名" and book["人员名册"]["A1"].font.color.rgb.endswith("C00000")
    kinds = {dv.type for dv in book["培训记录"].data_validations.dataValidation}
    assert {"date", "decimal"} <= kinds
    # each 单位信息 key explained as its cell is selected; never as text the reader would take for its value
    prompts = {str(dv.sqref): dv.prompt for dv in book["单位信息"].data_validations.dataValidation}
    assert "不填按当年 12 月 31 日" in prompts["B7"] and book["单位信息"].max_column == 2
    assert book["填写说明"]["A1"].value == "青山县统计局2025年度队伍建设情况报表：填写说明"
    assert "generate.py" not in "".join(str(c.value) for c in book["填写说明"]["A"])
    # the reader takes the marked headers as they are
    m = gather.read_one(target / "青山县统计局.xlsx")[0]
    assert m.unit.name == "青山县统计局" and m.unit.contact == "赵六"


def test_the_year_defaults_to_the_year_being_closed():
    import datetime as dt

    from yearend.sheets import year_just_ending

    assert [year_just_ending(dt.date(2026, m, 1)) for m in (1, 6, 7, 12)] == [2025, 2025, 2026, 2026]


def _listed(folder: Path, rows: list[list], sheets: dict[str, list[list]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    for title, extra in (sheets or {}).items():
        ws = wb.create_sheet(title, 0)
        for row in extra:
            ws.append(row)
    ws = wb["Sheet"]
    for row in rows:
        ws.append(row)
    folder.mkdir(parents=True, exist_ok=True)
    wb.save(folder / desk.EXPECTED_BOOK)
    return folder / desk.EXPECTED_BOOK


def _desk(inp: Path) -> tuple[dict[str, str], list[str]]:
    result = gather.gather(inp)
    desk.settle(result)
    return {e.name: e.state.value for e in result.desk}, [str(p) for p in result.all_problems]


def test_a_name_matched_only_in_part_is_warned_and_an_ambiguous_one_is_not_taken(tmp_path):
    inp = tmp_path / "in"
    unit(inp, "青山县教育局直属机关")
    unit(inp, "青山县财政局")
    unit(inp, "青山县财政局机关服务中心")
    _listed(inp, [["单位名称"], ["教育局"], ["财政局"]])
    states, problems = _desk(inp)
    assert states["教育局"] == "有警告" and states["财政局"] == "未报送"
    assert any("“青山县教育局直属机关”与应报单位.xlsx中的“教育局”不完全相同，按名称包含对上" in p for p in problems)
    assert any("名单中的“财政局”同时包含在“青山县财政局”、“青山县财政局机关服务中心”中，未能确定是哪一个" in p
               for p in problems)


def test_the_list_is_read_as_a_clerk_types_it(tmp_path):
    inp = tmp_path / "in"
    unit(inp, "县委办")
    # a notes sheet first, with a column headed 单位; 联系电话 and 手机 both; a spaced duplicate; TRUE as a name
    _listed(inp, [["序号", "单位名称", "联系人", "联系电话", "手机"], [1, "县委办", "甲", "0719-1", None],
                  [2, "县 委办", "乙", None, 139], [3, True, None, None, None], [4, 12345, None, None, None]],
            sheets={"说明": [["单位", "说明"], ["各单位", "请按时报送"]]})
    result = gather.gather(inp)
    assert [(e.name, e.phone) for e in result.expected] == [("县委办", "0719-1")]
    messages = [p.message for p in result.problems]
    # TRUE and 12345 in the name column: a column slipped, not a unit's name
    assert any("在名单中重复" in m for m in messages) and sum("单位名称应为文字" in m for m in messages) == 2


def test_a_units_workbook_given_as_the_list_is_refused_and_still_read(tmp_path):
    inp = tmp_path / "in"
    book = unit(inp, "甲局")
    result = gather.gather(inp, expected=book)
    assert result.expected is None and [u.name for u in result.units] == ["甲局"]
    assert any("这是单位的工作簿，不是应报单位名单" in p.message for p in result.problems)


def test_copies_of_the_list_are_noted_not_read_as_units(tmp_path):
    inp = tmp_path / "in"
    unit(inp, "甲局")
    list_book = _listed(inp, [["单位名称"], ["甲局"]])
    (inp / "应报单位(1).xlsx").write_bytes(list_book.read_bytes())
    (inp / "三月").mkdir()
    (inp / "三月" / "应报单位.XLSX").write_bytes(list_book.read_bytes())
    result = gather.gather(inp)
    assert not any(p.level == "错误" for p in result.all_problems)
    assert sum("应报单位名单的副本" in p.message for p in result.problems) == 2


def test_a_broken_zip_named_for_a_listed_unit_is_its_failed_read(tmp_path):
    inp = tmp_path / "in"
    unit(inp, "甲局")
    (inp / "青山县林业局报表.zip").write_bytes(b"PK\x03\x04 cut short")
    (inp / "x.zip").write_bytes(b"PK\x03")
    _listed(inp, [["单位名称"], ["甲局"], ["青山县林业局"]])
    result = gather.gather(inp)
    desk.settle(result)
    assert {e.name: e.state.value for e in result.desk} == {"甲局": "已生成", "青山县林业局": "读取失败"}
    assert list(result.strays) == ["x.zip"] and result.exit_code == 1
    assert "压缩包已损坏" in result.desk[1].reason


def test_zip_names_that_leave_the_archive_are_refused(tmp_path):
    inp = tmp_path / "in"
    staged = unit(tmp_path / "staging", "甲局")
    with zipfile.ZipFile(inp.mkdir() or inp / "附件.zip", "w") as zf:
        for name in ("C:\\win\\甲局.xlsx", "../甲局.xlsx", "/甲局.xlsx", "./报表/甲局.xlsx", "报表//甲局.xlsx"):
            zf.writestr(name, staged.read_bytes())
    result = gather.gather(inp)
    assert [u.source_label for u in result.units] == ["附件.zip/报表/甲局.xlsx"]  # ./ and // made plain, read once
    [note] = [p for p in result.problems if "指向压缩包以外" in p.message]
    assert "C:/win/甲局.xlsx" in note.message and "../甲局.xlsx" in note.message


def test_the_same_file_twice_is_one_unit_with_a_warning(tmp_path):
    inp = tmp_path / "in"
    book = unit(inp, "甲局")
    with zipfile.ZipFile(inp / "附件.zip", "w") as zf:
        zf.writestr("甲局.xlsx", book.read_bytes())
    [res] = gather.gather(inp).units
    assert not res.has_errors and any("内容完全相同" in p.message for p in res.problems)


def test_unit_takes_the_lists_names_and_says_who_has_not_sent(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    unit(inp, "青山县教育局")
    unit(inp, "青山县财政局")
    _listed(inp, [["单位名称", "简称"], ["青山县教育局", "教育局"], ["青山县财政局", ""], ["青山县审计局", ""]])
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    r = run("build", str(inp), "-o", str(out), "--unit", "教育局")
    assert r.exit_code == 0 and "青山县教育局：已生成" in r.output
    r = run("build", str(inp), "-o", str(out), "--unit", "青山县审计局")
    assert r.exit_code == 2 and "“青山县审计局”在应报单位名单中，但还没有报送工作簿" in r.output


def test_init_gives_two_units_whose_names_make_one_file_name_a_file_each(tmp_path):
    book = _listed(tmp_path, [["单位名称"], ["青山/教育局"], ["青山_教育局"]])
    r = run("init", str(tmp_path / "下发"), "--list", str(book))
    assert r.exit_code == 0 and "已存在" not in r.output
    assert sorted(p.name for p in (tmp_path / "下发").iterdir()) == ["青山_教育局.xlsx", "青山_教育局_2.xlsx"]
    r = run("init", str(book / "sub"), "--list", str(book))
    assert r.exit_code == 1 and "无法创建或打开文件夹" in r.output


def test_a_message_splits_into_what_and_what_to_do_outside_its_examples():
    from yearend.errors import what_and_how

    assert what_and_how("前 10 行中找不到表头（至少两个列名，如“姓名”“部门”），本表未读取") == (
        "前 10 行中找不到表头（至少两个列名，如“姓名”“部门”），本表未读取", "")
    assert what_and_how("单位“甲”不在名单中。如是名单漏列，请补进名单；如名称不一致，请改正") == (
        "单位“甲”不在名单中", "如是名单漏列，请补进名单；如名称不一致，请改正")
    assert what_and_how("入队日期：日期“2025-13-01”不存在，请填写为 2025-03-05 这样的格式") == (
        "入队日期：日期“2025-13-01”不存在", "请填写为 2025-03-05 这样的格式")


def test_units_tied_at_the_top_are_all_named_or_none_is():
    from yearend.rollup import _ends

    rows = [{"序号": i, "单位名称": f"单位{i}", "参训率": v} for i, v in enumerate([100, 100, 100, 100, 100, 90, 80, 70,
                                                                               60, 50, 40, 30], 1)]
    top, bottom = _ends(rows, "参训率")
    assert top == "单位1、单位2、单位3、单位4、单位5" and bottom == "单位10、单位11、单位12"
    same = [dict(r, 参训率=100) for r in rows]
    assert _ends(same, "参训率") == ("", "")  # every unit at 100%: no top and no bottom
    # each end decided alone: four of six at 100% make no top, and the two below are still named
    six = [dict(r, 参训率=v) for r, v in zip(rows[:6], [100, 100, 100, 100, 60, 10], strict=True)]
    assert _ends(six, "参训率") == ("", "单位5、单位6")
    seven = [dict(r, 参训率=v) for r, v in zip(rows[:7], [9, 8, 7, 7, 6, 5, 4], strict=True)]
    assert _ends(seven, "参训率") == ("单位1、单位2", "单位5、单位6、单位7")


def test_a_unit_of_another_year_is_flagged_for_the_clerk_and_the_rollup_lists_by_rank(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    for name, hours in (("甲局", 1), ("乙局", 4), ("丙局", 2)):
        make_workbook(inp if inp.exists() else (inp.mkdir() or inp), f"{name}.xlsx", unit={"单位名称": name, "年度": 2025},
                      members=[member("张三")], trainings=[dict(TRAININGS[0], 学时=hours)])
    make_workbook(inp, "丁局.xlsx", unit={"单位名称": "丁局", "年度": 2024}, members=[member("张三")],
                  trainings=[dict(TRAININGS[0], 日期="2024-03-01")])
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0
    assert "[警告] 丁局.xlsx：本工作簿是2024年度的，其他单位是2025年度" in r.output
    assert re.search(r"丁局 +有警告", r.output)
    sheet = openpyxl.load_workbook(out / "问题汇总.xlsx").active
    assert any(row[0].value == "丁局" and "汇总未包含本单位" in row[7].value for row in sheet.iter_rows(min_row=2))
    assert "年度与其他单位不同，未纳入汇总（1）" in (out / "运行报告.html").read_text(encoding="utf-8")
    text = document_text(out / "2025年度网络评论员队伍建设情况汇总.docx")
    order = [line.split(" | ")[1] for line in text.splitlines() if re.match(r"\d+ \| ", line)]
    assert order[:3] == ["乙局", "丙局", "甲局"]  # by rank, as 排名按人均学时从高到低 says


def test_init_speaks_of_the_year_it_is_for(tmp_path):
    book = _listed(tmp_path, [["单位名称", "上级单位"], ["甲局", "中共青山县委宣传部"]])
    assert run("init", str(tmp_path / "下发"), "--list", str(book), "--year", "2026").exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "下发" / "甲局.xlsx")
    guide = "\n".join(str(c.value) for c in wb["填写说明"]["A"])
    assert "2026-03-05" in guide and "2025" not in guide and "“编号”" in guide
    info = {row[0].value: row[1].value for row in wb["单位信息"].iter_rows(min_row=2)}
    assert info["上级单位"] == "中共青山县委宣传部"
    [year] = [dv for dv in wb["单位信息"].data_validations.dataValidation if str(dv.sqref) == "B3"]
    assert year.type == "whole" and "2026" in year.error


def test_unread_files_and_parts_of_names_match_the_list_by_one_rule_whatever_its_order(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "青山县公安局交警大队.xlsx").write_bytes(b"PK\x03\x04 broken")  # the longer name is its unit
    (inp / "财政局转来").mkdir()
    (inp / "财政局转来" / "青山县民政局.xlsx").write_bytes(b"PK\x03\x04 broken")  # the file's name, not its folder
    unit(inp, "青山县财政局")
    unit(inp, "青山县财政局机关服务中心")
    for order in ([["财政局"], ["财政局机关服务中心"]], [["财政局机关服务中心"], ["财政局"]]):
        _listed(inp, [["单位名称"], *order, ["公安局"], ["公安局交警大队"], ["财政局转来"], ["青山县民政局"]])
        states, _ = _desk(inp)
        assert states == {"财政局": "有警告", "财政局机关服务中心": "有警告", "公安局": "未报送", "公安局交警大队": "读取失败",
                          "财政局转来": "未报送", "青山县民政局": "读取失败"}


def test_a_list_with_a_cover_sheet_is_still_a_list(tmp_path):
    inp = tmp_path / "in"
    unit(inp, "甲局")
    _listed(inp, [["单位名称"], ["甲局"], ["乙局"]], sheets={"封面": [["2025年度应报单位"]]})
    states, problems = _desk(inp)
    assert states == {"甲局": "已生成", "乙局": "未报送"}


def test_a_unit_whose_documents_could_not_be_written_is_not_summed_and_not_blamed_on_its_data(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    for name in ("甲局", "乙局", "丙局"):
        unit(inp, name)
    out.mkdir()
    (out / "乙局").write_text("a file where its folder goes")
    r = run("build", str(inp), "-o", str(out))
    text = document_text(out / "2025年度网络评论员队伍建设情况汇总.docx")
    assert "其中2个单位的数据纳入汇总，其余1个单位没有纳入：乙局的文档未能写入，待重新生成。" in text
    assert "乙局：有错误，未生成文档" in r.output and "汇总（2 个单位）" in r.output


def test_a_wrong_year_hides_every_date_outside_it_the_join_dates_too(tmp_path):
    from yearend import model, workbook

    trainings = [{"日期": f"2025-{m:02d}-10", "主题": f"第{m}次", "学时": 2, "参训人员": "甲"} for m in (3, 6, 9)]
    path = make_workbook(tmp_path, unit={"单位名称": "测试局", "年度": 2024},
                         members=[member("甲"), member("乙", 入队日期="2025-02-01")], trainings=trainings)
    m = model.build_model(workbook.read_workbook(path))
    assert [p.level for p in m.problems] == ["错误"]  # the wrong year, and nothing it explains
