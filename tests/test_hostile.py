"""Hostile input and a hostile output folder: one test per way a run was once taken down
or made to touch what it must not (issue 16's numbered findings), and a property test of
arbitrary cell text through the whole build."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from doctext import document_text
from helpers import ROOT, SAMPLES, TRAININGS, context_of, make_workbook, member, run, unit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yearend import build, gather, opener, output, readers
from yearend.errors import ERROR, WARNING

DATA = Path(__file__).resolve().parent / "data"


def excel_text(s: str) -> str:
    """Text as Excel stores it in a file: a literal _xHHHH_ escaped, a control character as _xHHHH_
    (openpyxl refuses control characters and writes _x…_ as it is)."""
    import re

    s = re.sub(r"_(x[0-9A-Fa-f]{4})_", r"_x005F_\1_", s)
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", lambda m: f"_x{ord(m[0]):04X}_", s)


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# 1 ---------------------------------------------------------------- a reader that dies


def test_a_cell_at_xfd1048576_is_read_by_the_second_reader_and_the_run_goes_on(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    path = unit(inp, "甲局")
    unit(inp, "乙局")
    wb = openpyxl.load_workbook(path)
    wb["人员名册"]["XFD1048576"] = "远处的格子"  # calamine would allocate the whole sheet: half a terabyte
    wb.save(path)
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0, r.output
    assert "程序内部出错" not in r.output and "Traceback" not in r.output
    units = {u["单位名称"]: u for u in manifest(out)["units"]}
    assert len(units["甲局"]["documents"]) == len(units["乙局"]["documents"]) >= 4
    [note] = [p for p in units["甲局"]["problems"] if "XFD1048576" in p["message"]]
    assert note["level"] == "警告" and note["file"] == "甲局.xlsx"
    assert "张三" in document_text(out / units["甲局"]["documents"][2]["path"])  # the roster, from the second reader
    # its warning gets an annotated copy, as any problem does, without building the whole sheet's cells
    assert [d["source"] for d in manifest(out)["documents"] if d["kind"] == "问题标注"] == ["甲局.xlsx"]


def test_a_panic_in_the_reader_falls_back_to_the_second_reader(tmp_path, monkeypatch):

    class PanicException(BaseException):  # what pyo3 raises for a Rust panic: no Exception
        pass

    def panics(self, name):
        raise PanicException("capacity overflow")

    unit(tmp_path, "甲局")
    monkeypatch.setattr(opener._Calamine, "rows", panics)
    result = gather.gather(tmp_path)
    [res] = result.units
    assert [m.name for m in res.model.members] == ["张三", "李四"]
    assert any(p.level == WARNING and "逐格读取" in p.message for p in res.problems)


@pytest.mark.slow
def test_a_zip_bomb_is_refused_before_any_reader_unpacks_it(tmp_path):
    import zipfile

    path = unit(tmp_path, "甲局")
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        with dst.open("xl/sharedStrings2.xml", "w") as big:  # 300 MB of one byte, 300 KB packed
            chunk = b"a" * 1024**2
            for _ in range(300):
                big.write(chunk)
    assert bomb.stat().st_size < 2 * 1024**2
    result = gather.gather(tmp_path)
    assert [u.name for u in result.units] == ["甲局"]
    [p] = [p for p in result.all_problems if p.file == "炸弹.xlsx"]
    assert p.level == ERROR and p.message.startswith("文件解压后有 300 MB（其中“xl/sharedStrings2.xml”300 MB）")


# 2 ------------------------------------------------------- paths read back from records


def test_paths_in_an_edited_manifest_or_record_never_touch_a_file_outside(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    unit(inp, "甲局", 年度="二〇二五")  # an error: the annotated copy and its record are written too
    unit(inp, "乙局")
    victim, other = tmp_path / "别人的文件.txt", tmp_path / "另一个.txt"
    victim.write_text("不能删")
    other.write_text("也不能删")
    assert run("build", str(inp), "-o", str(out)).exit_code == 1
    m = manifest(out)
    m["units"][0]["documents"][0].update(pdf="../别人的文件.txt", pdf_sha256=sha(victim))
    (out / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    record = out / "问题标注" / ".yearend.json"
    record.write_text(json.dumps({"../另一个.txt": sha(other), "/etc/hostname": "x"}), encoding="utf-8")
    unit(inp, "甲局")  # fixed: its copy is no longer needed, and every kept record is looked at
    r = run("build", str(inp), "-o", str(out), "--force")
    assert r.exit_code == 0, r.output
    assert victim.read_text() == "不能删" and other.read_text() == "也不能删"
    assert "记录中的路径“../别人的文件.txt”不在输出文件夹内（manifest.json 可能被改动过），已忽略" in r.output


@pytest.mark.parametrize("relative", ["../x", "a/../../x", "/etc/passwd", "C:/Windows/x", "C:x", "", "."])
def test_the_guard_refuses_what_leaves_the_folder(tmp_path, relative):
    assert not output.is_inside(tmp_path, relative)


# 3 ------------------------------------------------------------ a unit folder that is a link


def test_a_linked_unit_folder_is_that_units_error_and_the_others_are_built(tmp_path):
    inp, out, elsewhere = tmp_path / "in", tmp_path / "out", tmp_path / "别处"
    unit(inp, "甲局")
    unit(inp, "乙局")
    elsewhere.mkdir()
    out.mkdir()
    (out / "甲局").symlink_to(elsewhere, target_is_directory=True)
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 1
    assert not list(elsewhere.iterdir())
    units = {u["单位名称"]: u for u in manifest(out)["units"]}
    assert units["甲局"]["documents"] == [] and len(units["乙局"]["documents"]) >= 4
    [p] = [p for p in units["甲局"]["problems"] if p["level"] == "错误"]
    assert "是指向别处的链接，为免写到输出文件夹以外，已拒绝写入" in p["message"]


# 4 ----------------------------------------------------------- （新生成） copies edited by hand


def test_an_edited_new_copy_is_kept_as_well(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    unit(inp, "甲局")
    run("build", str(inp), "-o", str(out))
    summary = out / "甲局" / "甲局2025年度工作总结.docx"
    summary.write_bytes(summary.read_bytes() + b"first edit")
    unit(inp, "甲局", 联系人="王五")  # changed: the unit is built again
    r = run("build", str(inp), "-o", str(out))
    copy = out / "甲局" / "甲局2025年度工作总结（新生成）.docx"
    assert copy.is_file() and "已保留原文件，新文件另存为“甲局2025年度工作总结（新生成）.docx”" in r.output
    copy.write_bytes(copy.read_bytes() + b"second edit")
    edited = copy.read_bytes()
    unit(inp, "甲局", 联系人="赵六")
    r = run("build", str(inp), "-o", str(out))
    assert copy.read_bytes() == edited
    assert (out / "甲局" / "甲局2025年度工作总结（新生成2）.docx").is_file()
    assert "新文件另存为“甲局2025年度工作总结（新生成2）.docx”" in r.output


# 5 ------------------------------------------------------------- names that make one folder


def test_units_whose_names_make_one_folder_get_two(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    unit(inp, "青山/教育局", file="a.xlsx")
    unit(inp, "青山_教育局", file="b.xlsx")
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0, r.output
    assert "已保留原文件" not in r.output
    units = {u["单位名称"]: u for u in manifest(out)["units"]}
    assert {Path(d["path"]).parts[0] for d in units["青山/教育局"]["documents"]} == {"青山_教育局"}
    assert {Path(d["path"]).parts[0] for d in units["青山_教育局"]["documents"]} == {"青山_教育局_2"}
    [p] = units["青山_教育局"]["problems"]
    assert p["level"] == "警告" and "为免互相覆盖，本单位的文档写入“青山_教育局_2”" in p["message"]


# 6 ----------------------------------------------------------------- a hidden old sheet


def test_a_visible_roster_wins_over_a_hidden_old_one(tmp_path):
    path = make_workbook(tmp_path, unit={"单位名称": "甲局", "年度": 2025},
                         members=[member("新人甲"), member("新人乙")])
    wb = openpyxl.load_workbook(path)
    old = wb.create_sheet("名册", 1)  # an alias of 人员名册, before it, hidden
    old.append(["姓名", "部门"])
    old.append(["老人", "办公室"])
    old.sheet_state = "hidden"
    wb.save(path)
    [res] = gather.gather(tmp_path).units
    assert [m.name for m in res.model.members] == ["新人甲", "新人乙"]
    assert any(p.sheet == "名册" and "重复，本表未读取" in p.message for p in res.problems)


# 7 ----------------------------------------------------------------------- bounded cost


def test_a_name_of_thousands_of_characters_gets_a_plain_break_and_a_warning(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    unit(inp, "长" * 5000, file="长.xlsx")
    r = run("build", str(inp), "-o", str(out))  # never returned before: every split of the title was tried
    assert r.exit_code == 0, r.output
    [u] = manifest(out)["units"]
    assert any("单位名称有 5000 个字，过长" in p["message"] for p in u["problems"])


def test_a_work_sheet_of_thousands_of_metric_columns_counts_fifty_and_says_so(tmp_path):
    metrics = [f"指标{i}" for i in range(3000)]
    rows = [["姓名", "月份", *metrics]] + [[n, m, *range(3000)] for n in ("张三", "李四") for m in range(1, 4)]
    make_workbook(tmp_path, members=[member("张三"), member("李四")], sheets={"工作量": rows})
    [res] = gather.gather(tmp_path).units
    assert len(res.model.metrics) == 50 and res.model.metrics[-1] == "指标49"
    [p] = [p for p in res.problems if p.sheet == "工作量"]
    assert p.cell == "BA1" and p.message.startswith("工作量表有 3000 个指标列，只统计前 50 个；从“指标50”（BA 列）起未统计")


# 8 ------------------------------------------------------------- every file read or named


def test_every_file_in_the_folder_is_read_or_named(tmp_path):
    inp = tmp_path / "in"
    unit(inp / "甲局", "甲局", file="报表.xlsx")  # one folder per unit
    unit(inp / "乙局", "乙局", file="报表.xlsx")
    shutil.copy(DATA / "青山县教育局-libreoffice.xls", inp / "青山县教育局.et")  # WPS's own format, read by content
    (inp / "名单.csv").write_text("姓名,部门\n张三,办公室\n", encoding="utf-8")
    (inp / "模板.xltx").write_bytes((inp / "甲局" / "报表.xlsx").read_bytes())
    (inp / "旧.xlsx").mkdir()
    (inp / "说明.docx").write_bytes(b"x")
    result = gather.gather(inp)
    assert [u.name for u in result.units] == ["乙局", "甲局", "青山县教育局"]
    assert {u.name: u.source_label for u in result.units}["甲局"] == "甲局/报表.xlsx"
    named = {p.file: p.message for p in result.problems}
    assert named["名单.csv"].startswith("CSV 文件只能保存一张表")
    assert named["模板.xltx"].startswith("这是 Excel/WPS 的模板文件，不是工作簿")
    assert named["旧.xlsx"].startswith("这是一个文件夹，不是工作簿")
    assert named["in"].startswith("说明.docx不是 Excel 工作簿")


ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def make_ods(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A minimal OpenDocument spreadsheet, written by hand: Calc is not installed where the tests run."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(v: object) -> str:
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'

    tables = "".join(f'<table:table table:name="{escape(name)}">'
                     + "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
                     + "</table:table>" for name, rows in sheets.items())
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        z.writestr("content.xml", content)
    return path


def test_an_ods_workbook_is_read(tmp_path):
    make_ods(tmp_path / "甲局.ods", {"单位信息": [["单位名称", "甲局"], ["年度", 2025]],
                                     "人员名册": [["姓名", "部门"], ["张三", "办公室"], ["李四", "宣传股"]]})
    [res] = gather.gather(tmp_path).units
    assert res.name == "甲局" and [m.name for m in res.model.members] == ["张三", "李四"]


# 9 ------------------------------------------------------------------ text as typed


def test_text_reaches_the_documents_as_typed_or_is_named(tmp_path, make_unit):
    inp = make_unit(unit={"单位名称": "甲局", "年度": 2025},
                    members=[member("刘丽（女）", "{_{办公室}_}"), member("张三", "信息_x0007_中心")],
                    trainings=TRAININGS).parent
    out = tmp_path / "out"
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0, r.output
    [u] = manifest(out)["units"]
    roster = document_text(out / next(d["path"] for d in u["documents"] if d["kind"] == "roster"))
    assert "刘丽（女）" in roster and "{_{办公室}_}" in roster and "信息中心" in roster
    [p] = [p for p in u["problems"] if "控制字符" in p["message"]]
    assert (p["level"], p["sheet"], p["cell"]) == ("警告", "人员名册", "B3")
    assert "（U+0007）" in p["message"]


def test_a_templates_own_escapes_still_print_braces(tmp_path):
    import docx

    from yearend.render import render_document

    d = docx.Document()
    d.add_paragraph("写法：{_{ 单位名称 }_}，值：{{ 单位名称 }}")
    path = tmp_path / "转义.docx"
    d.save(path)
    [ctx] = [context_of(u) for u in gather.gather(SAMPLES).units if u.name == "青山县教育局"]
    assert "写法：{{ 单位名称 }}，值：青山县教育局" in document_text(render_document(path, ctx))


# 10 ------------------------------------------------------------ one output folder, one run


def test_a_second_run_into_a_held_folder_stops_with_a_message(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    unit(inp, "甲局")
    with output.lock(out):
        r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 1
    assert f"错误：另一次生成正在写入输出文件夹“{out}”。请等它结束后再运行" in r.output
    assert not (out / "manifest.json").exists()
    assert run("build", str(inp), "-o", str(out)).exit_code == 0  # released


def test_the_output_folder_is_never_read_as_input(tmp_path):
    folder = tmp_path / "报表"
    unit(folder, "甲局")
    unit(folder, "乙局")
    for _ in range(2):  # the second run finds the first one's 汇总表.xlsx and copies beside the workbooks
        r = run("build", str(folder), "-o", str(folder))
        assert r.exit_code == 0, r.output
    assert [u["单位名称"] for u in manifest(folder)["units"]] == ["乙局", "甲局"]
    assert "汇总表.xlsx" not in r.output.replace("已生成 2025年度网络评论员队伍建设情况汇总.docx、汇总表.xlsx", "")
    inp, out = tmp_path / "县里", tmp_path / "县里" / "输出"  # the output folder inside the input folder
    unit(inp / "收到", "甲局")
    unit(inp / "收到", "乙局")
    for _ in range(2):
        r = run("build", str(inp), "-o", str(out))
        assert r.exit_code == 0, r.output
    assert [u["单位名称"] for u in manifest(out)["units"]] == ["乙局", "甲局"]
    # nothing of the output read as input (the units name no superior: the roll-up, unsigned, says so)
    assert [p["message"][:8] for p in manifest(out)["problems"]] == ["汇总文档没有落款"]


# 11 ---------------------------------------------------- permissions, Ctrl-C, file modes


def test_a_folder_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    inp, out = tmp_path / "in", tmp_path / "out"
    unit(inp, "甲局")

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output, "_open_new", refused)  # as a read-only share does (root is never refused)
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 1 and "程序内部出错" not in r.output
    assert f"没有权限写入文件夹“{out}" in r.output


def test_files_written_honour_the_umask(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    unit(inp, "甲局")
    run("build", str(inp), "-o", str(out))
    mask = os.umask(0)
    os.umask(mask)
    modes = {oct(p.stat().st_mode & 0o777) for p in out.rglob("*") if p.is_file() and p.name != ".yearend.lock"}
    assert modes == {oct(0o666 & ~mask)}


FAKE_SOFFICE = """#!/bin/sh
echo $$ >> "{pids}"
exec sleep 60
"""


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
@pytest.mark.skipif(os.name != "posix", reason="signals and a shell script stand in for LibreOffice")
def test_ctrl_c_during_pdf_stops_libreoffice_and_writes_the_manifest(tmp_path):
    inp, out, bin_ = tmp_path / "in", tmp_path / "out", tmp_path / "bin"
    unit(inp, "甲局")
    bin_.mkdir()
    pids = tmp_path / "pids"
    fake = bin_ / "soffice"
    fake.write_text(FAKE_SOFFICE.format(pids=pids))
    fake.chmod(0o755)
    # PYTHONFAULTHANDLER: should the run ever not end, SIGABRT makes it print every thread's stack
    env = {**os.environ, "PATH": f"{bin_}{os.pathsep}{os.environ['PATH']}", "PYTHONFAULTHANDLER": "1"}
    # SIGINT as a terminal's Ctrl-C delivers it: a suite started in the background by a shell
    # inherits SIGINT ignored, and Python then installs no KeyboardInterrupt for it
    proc = subprocess.Popen([sys.executable, str(ROOT / "generate.py"), "build", str(inp), "-o", str(out), "--pdf"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 60
    while not pids.exists() and time.time() < deadline:
        time.sleep(0.1)
    assert pids.exists(), "LibreOffice stand-in never started"
    proc.send_signal(signal.SIGINT)
    try:
        stdout, stderr = proc.communicate(timeout=90)  # seconds normally; a loaded machine is slow
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        stdout, stderr = proc.communicate(timeout=30)
        pytest.fail("the run did not end after Ctrl-C; its threads were at:\n" + stderr[-6000:])
    assert proc.returncode == 130, stdout + stderr
    assert "已中止" in stderr and "Traceback" not in stderr + stdout
    for pid in pids.read_text().split():
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)
    assert not list(out.glob(".~yearend-pdf-*"))
    [u] = manifest(out)["units"]
    assert len(u["documents"]) >= 4 and not any(d.get("pdf") for d in u["documents"])


# 12 ----------------------------------------------------------- Excel's first sixty days


@pytest.mark.parametrize("serial,day", [(1, "1900-01-01"), (59, "1900-02-28"), (61, "1900-03-01"), (45721, "2025-03-05")])
def test_excel_serials_before_march_1900(serial, day):
    assert readers.read_date(float(serial)).isoformat() == day


def test_excel_serial_60_is_a_day_that_never_was():
    with pytest.raises(readers.BadValue, match="1900年2月29日，这一天并不存在"):
        readers.read_date(60.0)


# ------------------------------------------------------------ any text, the whole build

TEXT = st.one_of(
    st.text(max_size=30).map(lambda s: "甲" + s),  # something visible always remains: no filter to reject
    st.sampled_from(["{{ 单位名称 }}", "{% for x in y %}", "{_{", "}_}", "<w:t>&amp;</w:t>", "_x0041_", "_xFFFE_",
                     "𠮷野家", "\u202e反向", "e\u0301\u0301", "\x01\x02", "刘丽（女）", "=HYPERLINK(\"x\")"]),
    st.text(alphabet="甲乙丙丁", min_size=2000, max_size=2000).map(lambda s: s * 16),  # 32,000 characters
)


@pytest.mark.slow
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(name=TEXT, dept=TEXT, post=TEXT, topic=TEXT, note=TEXT)
def test_any_text_in_any_text_column_gives_valid_documents_holding_it(tmp_path_factory, name, dept, post, topic, note):
    import zipfile

    from lxml import etree

    tmp = tmp_path_factory.mktemp("any")
    (tmp / "in").mkdir()
    make_workbook(tmp / "in", unit={"单位名称": "甲局", "年度": 2025},
                  members=[member("张三", excel_text(dept), 职务=excel_text(post), 备注=excel_text(note)),
                           member("李四")],
                  trainings=[{"日期": "2025-03-01", "主题": excel_text(topic), "学时": 2, "参训人员": "全体"}],
                  sheets={"考核结果": [["姓名", "等次", "评语"], ["张三", "优秀", excel_text(name)]]})
    book = openpyxl.load_workbook(tmp / "in" / "单位.xlsx")
    for cell in (c for ws in book.worksheets for row in ws.iter_rows() for c in row):
        if cell.data_type == "f":  # typed as text (Excel keeps a leading ' for that), not a formula
            cell.data_type = "s"
    book.save(tmp / "in" / "单位.xlsx")
    result = build.build(build.Options(tmp / "in", tmp / "out", jobs=1))
    [res] = result.units
    warned = {(p.sheet, p.cell) for p in res.problems if p.level == WARNING}
    assert not any(p.level == ERROR for p in res.problems), res.problems
    texts = "".join(document_text(tmp / "out" / d.path) for d in res.documents)
    for text, where in ((dept, ("人员名册", "B2")), (topic, ("培训记录", "B2"))):
        # as read: trimmed as Python trims (\x1c–\x1f count as spaces), Excel's line breaks as \n
        typed = readers.shown(text).replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
        if readers.CONTROL.search(typed):
            assert where in warned
            typed = readers.CONTROL.sub("", typed)
        if typed.strip():
            assert typed.strip().replace("\n", "") in texts.replace("\n", ""), (text, typed)
    for d in res.documents:
        with zipfile.ZipFile(tmp / "out" / d.path) as z:
            for part in z.namelist():
                if part.endswith(".xml"):
                    etree.fromstring(z.read(part))  # every part is well-formed XML
