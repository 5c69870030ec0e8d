"""Interrupted and repeated runs keep every promise (issue 23): a run stopped half way
leaves a manifest that says what is on disk, and the next run rebuilds exactly what
changed and calls nothing edited that was not."""

from __future__ import annotations

import json
import sys
import time

import pytest
from helpers import make_workbook, member, run

from yearend import output, workers

UNITS = ["甲局", "乙局", "丙局", "丁局"]



def _units(inp, trainings: int) -> None:
    for name in UNITS:
        make_workbook(inp, f"{name}.xlsx", unit={"单位名称": name, "年度": 2025},
                      members=[member("张三"), member("李四")],
                      trainings=[{"日期": f"2025-0{i + 3}-05", "主题": f"培训{i + 1}", "学时": 2, "参训人员": "全体"}
                                 for i in range(trainings)])


def _manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("after", [3, 15, pytest.param(30, marks=pytest.mark.slow)])
def test_ctrl_c_while_writing_then_a_plain_rerun(tmp_path, monkeypatch, after):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    _units(inp, 1)
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*.docx")}
    _units(inp, 2)  # every unit sends its workbook again, with a second training

    real, count = output._temporary, [0]

    def stopped(path, data, durable=True):  # Ctrl-C, once, after a number of files written
        count[0] += 1
        if count[0] == after + 1:
            raise KeyboardInterrupt
        return real(path, data, durable)

    monkeypatch.setattr(output, "_temporary", stopped)
    r = run("build", str(inp), "-o", str(out), "-j", "1")
    assert r.exit_code == 130
    monkeypatch.setattr(output, "_temporary", real)
    m = _manifest(out)  # written, and true: every file it names is there with that hash
    assert sorted(u["单位名称"] for u in m["units"]) == sorted(UNITS)
    for u in m["units"]:
        assert u["documents"], u["单位名称"]  # not reached: the last run's records, kept
        for d in u["documents"]:
            assert output.sha256_file(out / d["path"]) == d["sha256"], d["path"]
    # a unit's documents are moved into place together (documents._BATCH): a stop within the
    # first unit (11 documents) leaves every file as it was; a later one, the first unit written anew
    fresh = [p for p in before if before[p] != p.read_bytes()]
    assert not fresh if after < 11 else fresh
    assert not list(out.rglob(f"{output.TEMP_PREFIX}*"))  # the stopped batch's temporary files removed as it stops

    r = run("build", str(inp), "-o", str(out))  # the clerk runs it again
    assert r.exit_code == 0, r.output
    assert "修改过" not in r.output and not list(out.rglob("*（新生成）*"))
    from doctext import document_text

    for name in UNITS:
        summary = document_text(out / name / f"{name}2025年度工作总结.docx")
        assert "全年组织培训2次" in summary, name  # the new figures under the usual names
    assert not (out / output.JOURNAL).exists()  # a finished run leaves only its manifest
    assert not list(out.rglob(f"{output.TEMP_PREFIX}*"))


def test_ctrl_c_removes_the_temporary_files_the_ended_workers_left(tmp_path, monkeypatch):
    # a real Ctrl-C ends the render workers (workers._stop): their batches not yet moved into
    # place stay as temporary files, which the stopped run removes before it exits
    from yearend import build

    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    _units(inp, 1)

    def stopped(result, o, *args, **kwargs):
        folder = o.output_dir / UNITS[0]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{output.TEMP_PREFIX}abc123.tmp").write_bytes(b"half a batch")  # as an ended worker leaves it
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "_render_and_write", stopped)
    with pytest.raises(KeyboardInterrupt):  # told again once the manifest is written (the CLI exits 130)
        build.build(build.Options(inp, out))
    assert (out / "manifest.json").is_file() and not list(out.rglob(f"{output.TEMP_PREFIX}*"))


def test_force_rebuilds_but_keeps_edits_and_unit_rebuilds_the_named_unit(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    _units(inp, 1)
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    r = run("build", str(inp), "-o", str(out), "--unit", "乙局")
    states = {u["单位名称"]: u["state"] for u in _manifest(out)["units"]}
    assert states["乙局"] == "built" and states["甲局"] == "not selected"
    assert "未重新生成" not in [line for line in r.output.splitlines() if line.startswith("乙局")][0]


def test_two_sources_that_make_one_annotated_name_get_two_copies(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    (inp / "甲局").mkdir(parents=True)
    bad = [{"日期": "2025-03-05", "主题": "培训", "学时": "半天", "参训人员": "全体"}]  # a problem: a copy is made
    make_workbook(inp / "甲局", "报表.xlsx", unit={"单位名称": "甲局", "年度": 2025}, members=[member("张三")],
                  trainings=bad)
    make_workbook(inp, "甲局_报表.xlsx", unit={"单位名称": "乙局", "年度": 2025}, members=[member("李四")],
                  trainings=bad)
    run("build", str(inp), "-o", str(out))
    copies = [d for d in _manifest(out)["documents"] if d["kind"] == "问题标注"]
    assert len(copies) == 2 and len({d["path"] for d in copies}) == 2
    assert all((out / d["path"]).is_file() for d in copies)
    assert {d["source"] for d in copies} == {"甲局/报表.xlsx", "甲局_报表.xlsx"}


# ------------------------------------------------------------------ PDFs, kept like documents

libreoffice = pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice is not installed")


@pytest.mark.slow
@pytest.mark.libreoffice
@libreoffice
def test_a_pdf_the_clerk_put_there_is_kept_and_unit_limits_the_conversion(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    _units(inp, 1)
    r = run("build", str(inp), "-o", str(out), "--only", "roster", "--unit", "甲局", "--pdf")
    assert r.exit_code == 0, r.output
    pdfs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert pdfs == ["甲局/甲局2025年度网络评论员队伍名册.pdf"]  # --unit: no other unit's PDFs
    sealed = out / pdfs[0]
    sealed.write_bytes(b"%PDF-1.7 e-sealed by the clerk")  # the signed, sealed copy
    (out / "乙局").mkdir(exist_ok=True)
    (out / "乙局" / "乙局2025年度网络评论员队伍名册.pdf").mkdir()  # a folder where a PDF would go
    _units(inp, 2)  # new figures: the rosters are written again
    r = run("build", str(inp), "-o", str(out), "--only", "roster", "--pdf")
    assert r.exit_code == 0, r.output
    assert sealed.read_bytes() == b"%PDF-1.7 e-sealed by the clerk"
    assert "新的 PDF 另存为“甲局2025年度网络评论员队伍名册（新生成）.pdf”" in r.output
    units = {u["单位名称"]: u for u in _manifest(out)["units"]}
    roster = next(d for d in units["甲局"]["documents"] if d["kind"] == "roster")
    assert roster["pdf"] == "甲局/甲局2025年度网络评论员队伍名册（新生成）.pdf"
    assert output.sha256_file(out / roster["pdf"]) == roster["pdf_sha256"]
    other = next(d for d in units["乙局"]["documents"] if d["kind"] == "roster")
    assert other["pdf"].endswith("（新生成）.pdf") and (out / other["pdf"]).is_file()
    assert not [p for p in out.rglob(".~yearend-pdf-*")]  # no scratch left


# ------------------------------------------------------------------ units that disappear, last year's workbook


def test_documents_of_a_unit_no_longer_in_the_input_are_listed_as_stale_and_kept(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    _units(inp, 1)
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    (inp / "丁局.xlsx").unlink()  # removed (or renamed: its old name's documents are the same case)
    r = run("build", str(inp), "-o", str(out))
    assert "丁局：本次输入中没有这个单位的工作簿" in r.output and "未删除" in r.output
    m = _manifest(out)
    assert [s["单位名称"] for s in m["stale"]] == ["丁局"]
    assert all((out / d["path"]).is_file() for d in m["stale"][0]["documents"])
    assert "丁局" not in [u["单位名称"] for u in m["units"]]
    assert "旧文档" in (out / "运行报告.html").read_text(encoding="utf-8")
    from doctext import document_text

    rollup = next(p for p in out.glob("*建设情况汇总.docx"))
    assert "丁局" not in document_text(rollup)  # not counted as this year's
    (inp / "丁局.xlsx").unlink(missing_ok=True)
    make_workbook(inp, "丁局.xlsx", unit={"单位名称": "丁局", "年度": 2025},  # it comes back, changed
                  members=[member("张三"), member("王五")])
    r = run("build", str(inp), "-o", str(out))
    assert "修改过" not in r.output and not list(out.rglob("*（新生成）*"))  # its old files are known as ours


def test_a_bad_previous_year_workbook_warns_and_never_blocks_this_year(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    make_workbook(inp, "甲局2025.xlsx", unit={"单位名称": "甲局", "年度": 2025}, members=[member("张三")],
                  trainings=[{"日期": "2025.13.5", "主题": "培训", "学时": 2, "参训人员": "全体"}])  # a bad date
    make_workbook(inp, "甲局2026.xlsx", unit={"单位名称": "甲局", "年度": 2026}, members=[member("张三")])
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0, r.output
    [unit] = _manifest(out)["units"]
    assert unit["年度"] == 2026 and unit["documents"]
    bad = [p for p in unit["problems"] if p["file"] == "甲局2025.xlsx" and p["cell"] == "A2"]
    assert bad and bad[0]["level"] == "警告" and "本年度工作簿为“甲局2026.xlsx”" in bad[0]["message"]
    assert any("未与上年比较" in p["message"] for p in unit["problems"])
    assert "上年" not in unit["figures"]


def test_ctrl_c_while_writing_annotated_copies_then_a_rerun(tmp_path, monkeypatch):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    bad = [{"日期": "2025-03-05", "主题": "培训", "学时": "半天", "参训人员": "全体"}]
    for name in UNITS:
        make_workbook(inp, f"{name}.xlsx", unit={"单位名称": name, "年度": 2025}, members=[member("张三")],
                      trainings=bad)
    assert run("build", str(inp), "-o", str(out)).exit_code == 1
    for name in UNITS:  # each fixes one thing and sends it again, still with a problem
        make_workbook(inp, f"{name}.xlsx", unit={"单位名称": name, "年度": 2025}, members=[member("张三"), member("李四")],
                      trainings=bad)
    real, count = output._temporary, [0]

    def stopped(path, data, durable=True):
        count[0] += 1
        if count[0] == 3:  # the third annotated copy
            raise KeyboardInterrupt
        return real(path, data, durable)

    monkeypatch.setattr(output, "_temporary", stopped)
    assert run("build", str(inp), "-o", str(out), "-j", "1").exit_code == 130
    monkeypatch.setattr(output, "_temporary", real)
    r = run("build", str(inp), "-o", str(out))
    assert "修改过" not in r.output and not list(out.rglob("*（新生成）*"))
    assert len(list((out / "问题标注").glob("*.xlsx"))) == len(UNITS)


def test_a_unit_that_fails_keeps_its_earlier_documents_on_record(tmp_path):
    """Its workbook breaks, then is fixed: the documents of the run before the break are
    still the tool's, not edits (the failed run recorded them as earlier), and so is the roll-up."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    _units(inp, 1)
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    for name in UNITS:
        make_workbook(inp, f"{name}.xlsx", unit={"单位名称": name, "年度": 2025}, members=[member("张三")],
                      trainings=[{"日期": "2025-03-05", "主题": "培训", "学时": "半天", "参训人员": "全体"}])
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 1 and "已生成 0 个，有错误 4 个；0 份文档" in r.output
    assert all(u["earlier"] for u in _manifest(out)["units"])
    _units(inp, 2)
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0 and "修改过" not in r.output and not list(out.rglob("*（新生成）*"))


def test_a_link_in_the_journals_place_never_leads_outside(tmp_path):
    import os

    secret = tmp_path / "elsewhere.txt"
    secret.write_text("not the tool's", encoding="utf-8")
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    out.mkdir()
    _units(inp, 1)
    os.symlink(secret, out / output.JOURNAL)
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    assert secret.read_text(encoding="utf-8") == "not the tool's"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="asks /proc whether the workers are gone")
def test_ctrl_c_while_the_calls_are_submitted_stops_the_pool(monkeypatch):
    # a Ctrl-C in the annotated copies' submits left the run's process waiting at its exit for
    # workers that waited for work: a run that never ended. It is stopped as one during the wait is.
    from concurrent.futures import ProcessPoolExecutor

    real_submit, real_stop = ProcessPoolExecutor.submit, workers._stop
    submitted, stopped, processes = [], [], []

    def submit(self, *args, **kwargs):
        submitted.append(args)
        if len(submitted) == 2:
            processes.extend(self._processes.values())
            raise KeyboardInterrupt
        return real_submit(self, *args, **kwargs)

    def stop(pool):
        stopped.append(pool)
        real_stop(pool)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)
    monkeypatch.setattr(workers, "_stop", stop)
    with pytest.raises(KeyboardInterrupt):
        list(workers.isolated(abs, [(-1,), (-2,), (-3,)], 2))
    assert len(stopped) == 1 and processes
    # asked of the system, not of is_alive(): the pool's own thread reaps its workers too, and
    # is_alive() answers "alive" for a worker another thread has just reaped (a test that failed
    # one run in four)
    assert not [p.pid for p in processes if _exists(p.pid)]


def _exists(pid: int, wait: float = 5.0) -> bool:
    """Whether process ``pid`` is still there (a zombie not yet reaped counts as gone)
    after up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return False
        except FileNotFoundError:
            return False
        time.sleep(0.01)
    return True
