"""The command line and the run: exit codes, messages, manifest, safe output."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from helpers import SAMPLES, context_of, make_workbook, member, run
from openpyxl import load_workbook

from yearend import build
from yearend.cli import cli


def good_unit(folder: Path, name: str = "测试局", file: str | None = None) -> Path:
    return make_workbook(folder, file or f"{name}.xlsx", unit={"单位名称": name, "年度": 2025},
                         members=[member("张三", 领导小组职务="组长"), member("李四", 政治面貌="中共党员")],
                         trainings=[{"日期": "2025-04-01", "主题": "写作", "学时": 2, "参训人员": "全体"}])


def team_of(result, name: str) -> list[str]:
    """The names of a sample unit's members on the team at year end, as the figures count them."""
    return [r["姓名"] for r in next(context_of(u) for u in result.units if u.name == name)["名册"]]


def _commands(group, path=()):
    """Every command of the CLI, as the words that reach it: walked, not listed by hand."""
    import click

    yield list(path)
    for name, command in getattr(group, "commands", {}).items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield [*path, name]


def test_the_walk_finds_every_command():
    assert {tuple(c) for c in _commands(cli)} >= {(), ("build",), ("check",), ("fields",), ("init",), ("lint",)}


@pytest.mark.parametrize("command", list(_commands(cli)), ids=lambda c: " ".join(c) or "yearend")
def test_every_command_has_chinese_help(command):
    r = run(*command, "--help")
    assert r.exit_code == 0
    assert r.output.startswith("用法：")
    assert "显示本帮助并退出" in r.output
    assert re.search(r"[\u4e00-\u9fff]{6,}", r.output.split("\n", 2)[2])  # a Chinese description


def test_build_samples_exit_0_and_message(sample_build):
    r = sample_build.cli
    assert r.exit_code == 0, r.output
    # the documents counted, not listed: 13 file names made a line of 300 characters
    assert "青山县教育局：已生成 13 份文档、个人工作总结 30 份（在“个人工作总结”文件夹中）\n" in r.output
    # the samples show the quota check: two departments off their quota, one short
    assert "[警告] 青山县教育局.xlsx 名额!D4：局办公室 网络评论员 名额8名，现有6名，缺2名；请督促部门推荐补齐" in r.output
    # and a 重大 舆情 item reported late, on purpose (README)
    assert "[警告] 青山县教育局.xlsx 舆情台账!I5：重大舆情发现后3小时才上报，超过1小时的时限。" in r.output
    # and an account with no 审核人, and one that stopped (README)
    assert "[警告] 青山县教育局.xlsx 网络阵地!F6：抖音“青山教育”在用，但没有填写审核人" in r.output
    assert "汇总（2 个单位）：已生成 2025年度网络评论员队伍建设情况汇总.docx、汇总表.xlsx\n" in r.output
    assert r.output.strip().endswith(f"完成：收到 2 个单位的工作簿，已生成 2 个（其中 2 个有警告）；81 份文档，问题标注副本 2 份，写入 {sample_build.out}/（明细见 manifest.json）。")


def test_missing_input_folder_is_a_usage_error_in_chinese(tmp_path):
    r = run("build", str(tmp_path / "没有"))
    assert r.exit_code == 2
    assert f"错误：'输入文件夹' 的值无效：文件夹 '{tmp_path / '没有'}' 不存在。" in r.output


def test_unknown_command_is_a_usage_error():
    r = run("print")
    assert r.exit_code == 2
    assert "没有命令 'print'。" in r.output


def test_empty_folder_is_an_error(tmp_path):
    r = run("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert r.exit_code == 1
    assert "文件夹中没有 Excel 工作簿" in r.output


def test_bad_files_are_named_the_good_unit_is_built_and_no_traceback(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    good_unit(inp)
    (inp / "~$测试局.xlsx").write_bytes(b"lock")
    (inp / "坏文件.xlsx").write_bytes(b"PK\x03\x04garbage")
    (inp / "网页.xls").write_text("<html><table><tr><td>1</td></tr></table></html>", encoding="utf-8")
    make_workbook(inp, "缺列.xlsx", unit={"单位名称": "缺列单位", "年度": 2025}, members=[{"姓名": "王五", "职务": "科员"}])
    r = run("build", str(inp), "-o", str(tmp_path / "out"))
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    assert "[警告] ~$测试局.xlsx：这是 Excel/WPS 打开文件时生成的临时锁文件，已跳过" in r.output
    assert "[错误] 坏文件.xlsx：文件已损坏或格式无法识别" in r.output
    assert "[错误] 网页.xls：文件实际是网页（HTML）格式" in r.output
    assert "[错误] 缺列.xlsx 人员名册：缺少必填列“部门”（表头在第 1 行）" in r.output
    assert "缺列单位：有错误，未生成文档" in r.output
    assert (tmp_path / "out" / "测试局" / "测试局2025年度工作总结.docx").exists()
    assert not (tmp_path / "out" / "缺列单位").exists()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert {p["file"] for p in manifest["problems"]} == {"~$测试局.xlsx", "坏文件.xlsx", "网页.xls"}


def test_check_validates_only(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    good_unit(inp)
    r = run("check", str(inp), "-o", str(out))
    assert r.exit_code == 0
    assert r.output == "测试局：可以生成\n收到 1 个单位的工作簿，可以生成 1 个。\n"
    make_workbook(inp, "坏.xlsx", unit={"单位名称": "坏单位", "年度": 2025},
                  members=[member("张三", 入队日期="2025-13-01")])
    r = run("check", str(inp), "-o", str(out))
    assert r.exit_code == 1
    assert "[错误] 坏.xlsx 人员名册!C2：入队日期：日期“2025-13-01”不存在，请填写为 2025-03-05 这样的格式" in r.output
    # only the annotated copy is written: no documents, no manifest
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "问题标注", "问题标注/.yearend.json", "问题标注/坏（问题标注）.xlsx"]


def test_fields_lists_variables_with_sample_values():
    r = run("fields")
    assert r.exit_code == 0
    assert "  队伍人数：年末在队人数（名）。样例：30" in r.output
    assert "  名册：" in r.output and "  中文数字：数字写成中文：12 → 十二" in r.output
    assert "  全年人员：" in r.output and "  单位列表：每个单位一项" in r.output


def test_manifest_shape(sample_build):
    out = sample_build.out
    assert sample_build.cli.exit_code == 0
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(m) == {"generated_at", "tool_version", "units", "documents", "problems", "stale", "desk"}
    assert m["desk"]["expected"] is None and m["desk"]["strays"] == []
    assert [(u["单位名称"], u["state"]) for u in m["desk"]["units"]] == [("青山县教育局", "有警告"),
                                                                   ("青山县河口镇人民政府", "有警告")]
    assert m["stale"] == []
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", m["generated_at"])
    unit = next(u for u in m["units"] if u["单位名称"] == "青山县教育局")
    src = SAMPLES / "青山县教育局.xlsx"
    assert unit["source"] == {"path": f"{SAMPLES.as_posix()}/青山县教育局.xlsx",
                              "sha256": hashlib.sha256(src.read_bytes()).hexdigest()}
    from yearend.variables import SCALARS
    assert list(unit["figures"]) == list(SCALARS)
    for doc in unit["documents"]:
        # a personal summary also names its member
        assert set(doc) == {"kind", "path", "sha256"} | ({"member"} if doc["kind"] == "personal_summary" else set())
        assert hashlib.sha256((out / doc["path"]).read_bytes()).hexdigest() == doc["sha256"]
    assert list(dict.fromkeys(d["kind"] for d in unit["documents"])) == [k.key for k in build.KINDS]
    summaries = [d for d in unit["documents"] if d["kind"] == "personal_summary"]
    assert [d["member"] for d in summaries] == team_of(sample_build.result, "青山县教育局")
    assert all(d["path"] == f"青山县教育局/个人工作总结/{d['member']}2025年度个人工作总结.docx" for d in summaries)
    # the annotated copies of the samples (their quota warnings), the roll-up, the report
    assert [d["kind"] for d in m["documents"]] == ["问题标注", "问题标注", "rollup", "rollup_workbook", "report", "problems"]
    for p in unit["problems"]:
        assert set(p) == {"level", "file", "sheet", "cell", "message"}


def test_sample_figures_match_the_workbook_counted_independently(sample_build):
    """Count the sample's members and trainings with openpyxl, not our reader."""
    out = sample_build.out
    assert sample_build.cli.exit_code == 0
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for unit in m["units"]:
        wb = load_workbook(SAMPLES / Path(unit["source"]["path"]).name, data_only=True)
        ws = wb["人员名册"]
        headers = [c.value for c in ws[3]]
        rows = [dict(zip(headers, (c.value for c in r), strict=False)) for r in ws.iter_rows(min_row=4) if r[1].value]
        left = [r["离队日期"] for r in rows]
        year_end = [r for r, lv in zip(rows, left, strict=True) if lv is None or lv.year > 2025]
        assert unit["figures"]["队伍人数"] == len(year_end)
        assert unit["figures"]["减少人数"] == sum(1 for lv in left if lv is not None and lv.year == 2025)
        assert unit["figures"]["新增人数"] == sum(1 for r in rows if r["入队日期"].year == 2025)
        assert unit["figures"]["党员人数"] == sum(1 for r in year_end if r["政治面貌"] in ("中共党员", "中共预备党员"))
        ts = wb["培训记录"]
        trainings = [r for r in ts.iter_rows(min_row=4, values_only=True) if r[0] != "合计" and r[1]]
        assert unit["figures"]["培训次数"] == len(trainings)
        total = next(r for r in ts.iter_rows(min_row=4, values_only=True) if r[0] == "合计")[4]
        assert unit["figures"]["培训学时"] == total  # the clerk's own 合计 row agrees


def test_same_input_gives_byte_identical_documents(sample_build, tmp_path):
    a, b = sample_build.out, tmp_path / "b"  # the shared build, and a second run into another folder
    assert sample_build.cli.exit_code == 0
    assert run("build", str(SAMPLES), "-o", str(b)).exit_code == 0
    files = sorted(p.relative_to(a) for p in [*a.rglob("*.docx"), *a.rglob("*.xlsx")])
    # nine kinds for each of two units, a personal summary per member, the roll-up and 汇总表.xlsx,
    # the samples' two annotated copies and 问题汇总.xlsx
    assert len(files) == 2 * 12 + 1 + 30 + 24 + 2 + 2 + 1  # the bureau issues its responsibility plan by a notice
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes()


def test_a_hand_edited_document_is_kept(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    good_unit(inp)
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    doc = out / "测试局" / "测试局2025年度工作总结.docx"
    doc.write_bytes(doc.read_bytes() + b"edited")  # the clerk polished it
    edited = doc.read_bytes()
    # …and the unit sends its workbook again, corrected
    make_workbook(inp, "测试局.xlsx", unit={"单位名称": "测试局", "年度": 2025},
                  members=[member("张三", 领导小组职务="组长"), member("李四", 政治面貌="中共党员"), member("王五")],
                  trainings=[{"日期": "2025-04-01", "主题": "写作", "学时": 2, "参训人员": "全体"}])
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0
    assert "“测试局2025年度工作总结.docx”在上次生成后被修改过，已保留原文件，新文件另存为“测试局2025年度工作总结（新生成）.docx”" in r.output
    assert doc.read_bytes() == edited
    assert (out / "测试局" / "测试局2025年度工作总结（新生成）.docx").exists()
    r = run("build", str(inp), "-o", str(out), "--force")  # rebuilds everything, and still keeps the edit
    assert r.exit_code == 0 and doc.read_bytes() == edited
    assert "--overwrite-edits" not in r.output  # never recommended in passing
    recorded = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["units"][0]["documents"]
    assert "测试局/测试局2025年度工作总结（新生成）.docx" in {d["path"] for d in recorded}
    r = run("build", str(inp), "-o", str(out), "--overwrite-edits")
    assert r.exit_code == 0 and doc.read_bytes() != edited


def test_unchanged_documents_are_rewritten_in_place(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    good_unit(inp)
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    r = run("build", str(inp), "-o", str(out), "--force")
    assert "修改过" not in r.output and "未重新生成" not in r.output
    assert sorted(p.name for p in (out / "测试局").iterdir()) == [
        "个人工作总结", "测试局2025年度个人考核登记表.docx", "测试局2025年度培训台账.docx", "测试局2025年度工作总结.docx",
        "测试局2025年度网络评论员队伍名册.docx", "测试局2026年度实施方案.docx", "测试局2026年度实施方案印发通知.docx",
        "测试局2026年度网络意识形态工作责任制实施方案.docx",
        "测试局2026年度网络评论员队伍调整充实通知.docx", "测试局网络评论员队伍管理办法.docx"]


@pytest.mark.parametrize("name,folder", [
    ("办公室/党建室", "办公室_党建室"), ("..", "未命名"), ("CON", "_CON"), ('a:*?"<>|b', "a_______b"),
    ("单位. ", "单位"), ("长" * 200, "长" * 60),
])
def test_unit_names_become_safe_folders(tmp_path, name, folder):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    good_unit(inp, name, file="u.xlsx")
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    made = [p for p in out.iterdir() if p.is_dir() and p.name != "问题标注"]  # a 300-character name is warned about
    assert [p.name for p in made] == [folder]
    assert all(out.resolve() in p.resolve().parents for p in out.rglob("*"))


def test_previous_year_in_the_folder_is_compared_not_built(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    good_unit(inp, file="2025.xlsx")
    make_workbook(inp, "2024.xlsx", unit={"单位名称": "测试局", "年度": 2024}, members=[member("张三")])
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [unit] = m["units"]
    assert unit["figures"]["上年"]["队伍人数"] == 1
    assert unit["figures"]["队伍人数"] == 2
    summary = (out / "测试局" / "测试局2025年度工作总结.docx")
    from doctext import document_text
    assert "与2024年相比，队伍人数增加1名，培训次数增加1次，培训学时增加2学时。" in document_text(summary)


def test_the_clerks_files_are_never_modified(sample_build):
    before = sample_build.inputs  # input_samples/ as it was before the shared build read it
    assert sample_build.cli.exit_code == 0
    assert {p.name: p.read_bytes() for p in SAMPLES.iterdir()} == before


def test_internal_error_shows_no_traceback_unless_debug(tmp_path, monkeypatch):
    good_unit(tmp_path)

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(build, "gather", boom)
    r = run("check", str(tmp_path))
    assert r.exit_code == 1
    assert r.output == "程序内部出错，未能完成。请加 --debug 重新运行，并把输出发给维护人员。\n"
    r = run("--debug", "check", str(tmp_path))
    assert isinstance(r.exception, RuntimeError)


def test_errors_come_first_and_quiet_shows_errors_only(tmp_path):
    # one unit with an error (no 单位名称) after one with warnings only (a name missing from the roster)
    (tmp_path / "in").mkdir()
    make_workbook(tmp_path / "in", "甲.xlsx", members=[member("张三")],
                  trainings=[{"日期": "2025-03-01", "主题": "写作", "学时": 2, "参训人员": "张三、无名氏"}])
    make_workbook(tmp_path / "in", "乙.xlsx", unit={"单位名称": "", "年度": 2025}, members=[member("李四")])
    r = run("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    lines = [ln for ln in r.output.splitlines() if ln.startswith("[")]
    assert lines and lines[0].startswith("[错误]") and lines[-1].startswith("[警告]")
    assert re.search(r"发现 \d+ 个错误、\d+ 个警告：", r.output)
    quiet = run("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q")
    assert "[错误]" in quiet.output and "[警告]" not in quiet.output
    assert re.search(r"另有 \d+ 个警告，见运行报告、问题汇总.xlsx 和问题标注副本。", quiet.output) and quiet.exit_code == 1


def test_the_same_problem_down_one_column_is_one_line_on_screen(tmp_path):
    (tmp_path / "in").mkdir()
    work = [["姓名", "月份", "发帖（条）"]] + [["甲", f"2024-{m:02d}", 3] for m in range(1, 6)] + \
           [["甲", f"2025-{m:02d}", 3] for m in range(1, 13)]
    make_workbook(tmp_path / "in", "甲.xlsx", members=[member("甲")], sheets={"工作量": work},
                  trainings=[{"日期": "2025-03-01", "主题": "写作", "学时": 2, "参训人员": "甲"}])
    r = run("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert "工作量!B2:B6 共5行：月份不在 2025 年内，未计入本年度统计" in r.output
    # the report and the annotated copy still have every cell
    annotated = load_workbook(next((tmp_path / "out" / "问题标注").glob("*.xlsx")))
    assert len([row for row in annotated["问题清单"].iter_rows(values_only=True) if row and "月份不在" in str(row)]) == 5


def test_help_and_messages_name_the_command_the_user_ran():
    from click.testing import CliRunner

    as_installed = CliRunner().invoke(cli, ["--help"], prog_name="yearend")
    assert "yearend build 收到的报表/" in as_installed.output and "python generate.py" not in as_installed.output
    from yearend.errors import command
    assert command() == "yearend"
    assert "python generate.py build 收到的报表/" in run("--help").output and command() == "python generate.py"


def test_the_problems_of_a_run_are_one_workbook_to_phone_units_back(tmp_path):
    (tmp_path / "in").mkdir()
    make_workbook(tmp_path / "in", "甲.xlsx", unit={"单位名称": "甲局", "年度": 2025, "联系人": "王五", "联系电话": "0871-65123456"},
                  members=[member("张三")],
                  trainings=[{"日期": "2025-03-01", "主题": "写作", "学时": 2, "参训人员": "张三、无名氏"}])
    make_workbook(tmp_path / "in", "乙.xlsx", unit={"单位名称": "", "年度": 2025}, members=[member("李四")])
    out = tmp_path / "out"
    run("build", str(tmp_path / "in"), "-o", str(out))
    ws = load_workbook(out / "问题汇总.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("单位", "联系人", "联系电话", "文件", "工作表", "单元格", "级别", "问题", "怎么改")
    assert rows[1][6] == "错误" and rows[-1][6] == "警告"  # errors first
    warned = next(r for r in rows if r[7] and "无名氏" in r[7])
    assert warned[:3] == ("甲局", "王五", "0871-65123456") and warned[3] == "甲.xlsx" and warned[8].startswith("请")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:I{len(rows)}"
    recorded = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert any(d["path"] == "问题汇总.xlsx" and d["kind"] == "problems" for d in recorded)
