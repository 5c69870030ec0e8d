"""The tool as a clerk installs and uses it: the wheel, consoles that cannot show every
character, folders per unit, and the words on the screen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata

import pytest
from helpers import ROOT, SAMPLES, TRAININGS, member, run, unit

from yearend import build, gather, resources
from yearend.cli import cli

# help and usage text are wrapped to this terminal width, whatever terminal the tests run in
WIDTH = 80


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("YEAREND_SKIP_WHEEL") == "1", reason="YEAREND_SKIP_WHEEL=1")
def test_the_built_wheel_installs_into_a_fresh_environment_and_runs_from_another_folder(tmp_path):
    dist, venv, work = tmp_path / "dist", tmp_path / "venv", tmp_path / "别处"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    [wheel] = dist.glob("yearend-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_ = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    shutil.copytree(SAMPLES, work / "收到的报表")
    done = subprocess.run([str(bin_ / "yearend"), "build", "收到的报表", "-o", "输出"], cwd=work,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "已生成 2 个（其中 2 个有警告）；81 份文档" in done.stdout  # eleven kinds and 30 or 24 personal summaries a unit
    assert len(list((work / "输出").rglob("*.docx"))) == 80
    # no stray top-level module, and fields finds its samples inside the package
    site = subprocess.run([str(bin_ / "python"), "-c", "import importlib.util as u; print(u.find_spec('generate'))"],
                          cwd=work, capture_output=True, text=True)
    assert site.stdout.strip() == "None"
    fields = subprocess.run([str(bin_ / "python"), "-m", "yearend", "fields"], cwd=work, capture_output=True, text=True)
    assert "样例：青山县教育局" in fields.stdout


@pytest.mark.slow
def test_a_gbk_console_with_names_it_cannot_show_gets_documents_and_exit_0(tmp_path, make_unit):
    inp = make_unit(unit={"单位名称": "𠮷田镇😀", "年度": 2025},
                    members=[member("𠮷野"), member("李四😀", "宣传股")], trainings=TRAININGS).parent
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    for command in (["build", str(inp), "-o", str(out)], ["check", str(inp), "-o", str(tmp_path / "check")]):
        with open(tmp_path / "screen.txt", "wb") as screen:  # redirected, as a batch file does
            done = subprocess.run([sys.executable, str(ROOT / "generate.py"), *command], env=env,
                                  stdout=screen, stderr=subprocess.STDOUT)
        printed = (tmp_path / "screen.txt").read_bytes().decode("gbk")
        assert done.returncode == 0, printed
        assert "Traceback" not in printed and "程序内部出错" not in printed
        assert "?田镇?" in printed  # replaced on the console only
    [u] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["units"]
    assert u["单位名称"] == "𠮷田镇😀" and len(u["documents"]) >= 4  # and kept whole in the files


def test_one_folder_per_unit_is_read_and_each_units_workbook_is_named(tmp_path):
    inp, out = tmp_path / "县里", tmp_path / "out"
    unit(inp / "甲局", "甲局", file="2025年报表.xlsx")
    unit(inp / "乙镇" / "报表", "乙镇", file="2025年报表.xlsx")
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0, r.output
    table = r.output[r.output.index("单位  状态"):].splitlines()
    assert table[0] == "单位  状态    文档  警告  错误  工作簿"
    assert table[1].endswith("乙镇/报表/2025年报表.xlsx") and table[2].endswith("甲局/2025年报表.xlsx")
    units = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["units"]
    assert [u["source"]["path"] for u in units] == [f"{inp.as_posix()}/乙镇/报表/2025年报表.xlsx",
                                                    f"{inp.as_posix()}/甲局/2025年报表.xlsx"]


def test_only_reports_only_what_it_wrote(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    unit(inp, "甲局")
    run("build", str(inp), "-o", str(out))
    r = run("build", str(inp), "-o", str(out), "--only", "summary")
    assert "甲局：已生成 甲局2025年度工作总结.docx\n" in r.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["units"][0]["documents"]) == 9 + 2  # the others are still recorded


def test_the_end_line_counts_documents_and_annotated_copies_apart(tmp_path, make_unit):
    inp = make_unit("甲局.xlsx", unit={"单位名称": "甲局", "年度": 2025}, trainings=TRAININGS,
                    members=[member("张三", 队伍类别="网评员"), member("李四")]).parent  # a warning: an annotated copy
    out = tmp_path / "out"
    r = run("build", str(inp), "-o", str(out))
    assert r.output.strip().endswith(f"完成：收到 1 个单位的工作簿，已生成 1 个（其中 1 个有警告）；11 份文档，问题标注副本 1 份，写入 {out}/（明细见 manifest.json）。")


def test_previous_with_no_earlier_year_says_so(tmp_path):
    inp, last = tmp_path / "今年", tmp_path / "上年"
    unit(inp, "甲局")
    unit(last, "甲局")  # 2025 again: nothing to compare with
    r = run("build", str(inp), "-o", str(tmp_path / "out"), "--previous", str(last))
    assert ("[警告] 上年：--previous 指定的上年文件夹中没有本次各单位 2024 年度的工作簿（其中的工作簿是 2025 年度的，"
            "按单位名称对应），未与上年比较") in r.output


@pytest.mark.parametrize("args,message", [
    (["buld"], "错误：没有命令 'buld'。 是不是要写 'build'？"),
    (["build", str(SAMPLES), "--fonts", "x"], "错误：'--fonts' 的值无效：'x' 不是可选值之一：'standard', 'windows'。"),
    (["init", "x", "--year", "abc"], "错误：'--year' 的值无效：'abc' 不是有效的整数。"),
    (["build", str(SAMPLES), "--only", "总结"], "错误：'--only' 的值无效：不认识的种类：总结。可选：plan（实施方案）"),
])
def test_usage_errors_are_chinese(args, message):
    r = run(*args, width=WIDTH)
    assert r.exit_code == 2
    assert message in r.output


def test_help_fits_an_80_column_terminal_and_never_breaks_a_word():
    import click

    for name in [None, *cli.commands]:
        r = run(*([name] if name else []), "--help", width=WIDTH)
        lines = r.output.splitlines()
        assert max(columns(line) for line in lines) <= WIDTH, name
        text = " ".join(line.strip() for line in lines)
        for word in ("manifest.json", "LibreOffice", "training_ledger", "commendation", "--force"):
            if word in str(cli.commands.get(name, cli).help or "") + str([p.help for p in
                                                                        (cli.commands.get(name) or cli).params
                                                                        if isinstance(p, click.Option)]):
                assert word in text, (name, word)


def test_fields_describes_every_filter_in_chinese_in_whole_sentences():
    from yearend.chinese import FILTERS

    r = run("fields")
    lines = {line.split("：", 1)[0].strip(): line for line in r.output.splitlines() if "：" in line}
    for name in FILTERS:
        line = lines[name]
        assert any("\u4e00" <= c <= "\u9fff" for c in line.split("：", 1)[1])
        assert line.rstrip().endswith(("。", "）", "形。")), line


def test_the_blank_workbook_is_set_up_to_print(tmp_path):
    import openpyxl

    from yearend.sheets import init_folder

    [book, _] = init_folder(tmp_path / "新单位", resources.DEFAULT_TEMPLATES, "河口镇", 2025)
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9 and ws.sheet_properties.pageSetUpPr.fitToPage  # A4
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert wb["人员名册"].page_setup.orientation == "landscape" and wb["人员名册"].print_title_rows == "$1:$1"
    assert wb["单位信息"].page_setup.orientation == "portrait"
    guide = wb["填写说明"]
    assert guide.column_dimensions["A"].width <= 90
    assert all(c.alignment.wrap_text for c in guide["A"] if c.value)


FAKE_SOFFICE = """#!/bin/sh
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift ;;
    *.docx) sleep 0.6; name=$(basename "$1" .docx); printf '%%PDF-1.4 fake' > "$out/$name.pdf" ;;
  esac
  shift
done
"""


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for LibreOffice")
def test_pdf_progress_moves_as_documents_are_converted(tmp_path, monkeypatch):
    inp, out, bin_ = tmp_path / "in", tmp_path / "out", tmp_path / "bin"
    unit(inp, "甲局")
    bin_.mkdir()
    (bin_ / "soffice").write_text(FAKE_SOFFICE.replace("%%", "%"))
    (bin_ / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_}{os.pathsep}{os.environ['PATH']}")
    seen: list[tuple] = []
    result = build.build(build.Options(inp, out, pdf=True, jobs=1), progress=lambda *a: seen.append(a))
    steps = [done for stage, done, total in seen if stage == gather.Stage.PDF]
    assert steps[-1] == 11 and len(set(steps)) >= 3  # it moved before the end, not only at it
    assert result.pdf.converted == 11
