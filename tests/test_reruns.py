"""A county's re-runs: unchanged units are skipped, a part can be rebuilt, a killed
run leaves no broken document, and --pdf hands back one PDF per document."""

from __future__ import annotations

import gc
import json
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, make_workbook, member, run

from yearend import build, gather, pdf, resources
from yearend import manifest as manifest_of


def unit(folder: Path, name: str, members: int = 2, excellent: bool = False) -> Path:
    people = [member(f"成员{i}") for i in range(members)]
    sheets = {"考核结果": [["姓名", "等次"]] + [[p["姓名"], "优秀" if excellent and i == 0 else "称职"]
                                                for i, p in enumerate(people)]}
    return make_workbook(folder, f"{name}.xlsx", unit={"单位名称": name, "年度": 2025}, members=people,
                         trainings=[{"日期": "2025-04-01", "主题": "写作", "学时": 2, "参训人员": "全体"}], sheets=sheets)


def manifest(out: Path) -> dict:
    return {u["单位名称"]: u for u in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["units"]}


def stamps(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.docx")}


@pytest.fixture
def county(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    unit(inp, "甲局")
    unit(inp, "乙局")
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    return inp, out


def test_a_newer_program_rebuilds_every_unit_its_version_raised_or_not(county, monkeypatch):
    # a clerk who installs a fix reruns the same folder: the fix is in the documents
    inp, out = county
    before = stamps(out)
    monkeypatch.setattr(manifest_of, "code_digest", lambda: "yearend with a fix, still 0.1.0")
    time.sleep(0.01)
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0 and "未重新生成" not in r.output
    after = stamps(out)
    assert all(after[k] != before[k] for k in before if "/" in k)


def test_a_rerun_skips_units_whose_inputs_did_not_change(county):
    inp, out = county
    before, recorded = stamps(out), manifest(out)
    time.sleep(0.01)
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0
    # one line for all the units carried, not one each (a county's rerun gave twenty)
    assert "乙局、甲局：工作簿和模板与上次相同，未重新生成（加 --force 重新生成）" in r.output
    assert "已生成（未变化，沿用上次）" in r.output  # the table at the end
    after = stamps(out)
    assert {k: v for k, v in after.items() if "/" in k} == {k: v for k, v in before.items() if "/" in k}
    assert {n: u["documents"] for n, u in manifest(out).items()} == {n: u["documents"] for n, u in recorded.items()}

    unit(inp, "乙局", members=3)  # a corrected workbook arrives
    r = run("build", str(inp), "-o", str(out))
    assert "\n甲局：工作簿和模板与上次相同" in r.output and "乙局：已生成" in r.output
    assert manifest(out)["乙局"]["figures"]["队伍人数"] == 3
    changed = {k for k, v in stamps(out).items() if before.get(k) != v}
    assert changed and all(k.startswith(("乙局/", "2025年度")) for k in changed)

    r = run("build", str(inp), "-o", str(out), "--force")
    assert "未重新生成" not in r.output


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
def test_a_changed_template_rebuilds_every_unit(county, tmp_path):
    inp, out = county
    templates = tmp_path / "模板"
    shutil.copytree(resources.DEFAULT_TEMPLATES, templates)
    r = run("build", str(inp), "-o", str(out), "-t", str(templates))
    assert "未重新生成" in r.output  # the same templates, elsewhere
    import docx
    d = docx.Document()
    d.add_paragraph("{{ 单位名称 }}的通知")
    d.save(templates / "通知.docx")
    r = run("build", str(inp), "-o", str(out), "-t", str(templates))
    assert "未重新生成" not in r.output
    assert (out / "甲局" / "甲局通知.docx").is_file() and (out / "乙局" / "乙局通知.docx").is_file()


def test_only_and_unit_rebuild_a_part_and_the_manifest_keeps_the_rest(county):
    inp, out = county
    recorded = manifest(out)
    unit(inp, "甲局", members=4)
    unit(inp, "乙局", members=5)
    r = run("build", str(inp), "-o", str(out), "--only", "summary", "--unit", "甲局")
    assert r.exit_code == 0, r.output
    now = manifest(out)
    # 甲局's summary is new; its other documents and all of 乙局's are the last run's
    new = {d["kind"]: d["sha256"] for d in now["甲局"]["documents"]}
    old = {d["kind"]: d["sha256"] for d in recorded["甲局"]["documents"]}
    assert new.keys() == old.keys()
    assert [k for k in new if new[k] != old[k]] == ["summary"]
    assert now["乙局"]["documents"] == recorded["乙局"]["documents"]
    assert now["甲局"]["stamp"] == ""  # partly rebuilt: the next full run does the rest
    r = run("build", str(inp), "-o", str(out))
    assert "甲局：已生成" in r.output and "乙局：已生成" in r.output

    r = run("build", str(inp), "-o", str(out), "--only", "年度工作总结,plan")
    assert r.exit_code == 0
    r = run("build", str(inp), "-o", str(out), "--only", "摘要")
    assert r.exit_code == 2 and "不认识的种类：摘要" in r.output
    # a --unit no workbook holds is a usage error before anything is written, naming the closest
    before = (out / "manifest.json").read_bytes()
    r = run("build", str(inp), "-o", str(out), "--unit", "丙局")
    assert r.exit_code == 2 and "没有找到单位“丙局”" in r.output and "Traceback" not in r.output
    r = run("build", str(inp), "-o", str(out), "--unit", "甲")
    assert r.exit_code == 2 and "没有找到单位“甲”，最接近的是：甲局。" in r.output
    assert (out / "manifest.json").read_bytes() == before


@pytest.mark.slow
def test_a_killed_run_leaves_no_broken_document(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(40):
        unit(inp, f"单位{i:02d}", members=25)
    proc = subprocess.Popen([sys.executable, str(ROOT / "generate.py"), "build", str(inp), "-o", str(out), "-j", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.rglob("*.docx"))) < 20:
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    docs = list(out.rglob("*.docx"))
    assert 20 <= len(docs) < 40 * (9 + 25)  # nine kinds a unit (no one graded 优秀), a summary a member
    for doc in docs:  # every document there is whole
        with zipfile.ZipFile(doc) as z:
            assert z.testzip() is None and "word/document.xml" in z.namelist()
    r = run("build", str(inp), "-o", str(out))  # and the next run finishes the job
    assert r.exit_code == 0
    assert not list(out.rglob(".~yearend-*"))
    assert len(list(out.rglob("*.docx"))) == 40 * (9 + 25) + 1


SOFFICE = pdf.find_soffice()


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="未安装 LibreOffice（.ci/run 会安装）")
def test_pdf_gives_one_pdf_per_document_with_the_right_pages(tmp_path, monkeypatch):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    unit(inp, "甲局", members=3, excellent=True)
    monkeypatch.chdir(tmp_path)  # folders given as a clerk types them: relative
    r = run("build", "in", "-o", "out", "--pdf", "-j", "2")
    assert r.exit_code == 0, r.output
    [entry] = manifest(out).values()
    assert len(entry["documents"]) == 10 + 3  # ten kinds, a personal summary a member
    pages = {}
    for d in entry["documents"]:
        target = out / d["pdf"]
        assert target == (out / d["path"]).with_suffix(".pdf") and target.read_bytes().startswith(b"%PDF")
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
        pages[d["kind"]] = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages["member_form"] == 3  # a page per member
    assert pages["roster"] == 1 and pages["commendation"] == 1 and pages["personal_summary"] <= 2
    assert not list(out.glob(".~yearend-pdf-*"))
    # a corrected workbook, built without --pdf: the out-of-date PDFs go
    unit(inp, "甲局", members=4, excellent=True)
    assert run("build", str(inp), "-o", str(out)).exit_code == 0
    assert not list((out / "甲局").glob("*.pdf"))
    # --pdf on an unchanged unit converts what has no PDF yet
    r = run("build", str(inp), "-o", str(out), "--pdf")
    assert "未重新生成" in r.output and len(list((out / "甲局").rglob("*.pdf"))) == 10 + 4


def test_pdf_without_libreoffice_still_writes_the_documents_and_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    unit(inp, "甲局")
    r = run("build", str(inp), "-o", str(out), "--pdf")
    assert r.exit_code == 0
    assert "未找到 LibreOffice" in r.output and "apt-get install libreoffice-writer fonts-noto-cjk" in r.output
    assert len(list((out / "甲局").glob("*.docx"))) == 9 and not list(out.rglob("*.pdf"))


def test_rendering_in_two_processes_gives_the_same_bytes(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("甲局", "乙局", "丙局"):
        unit(inp, name, members=4)
    one, two = tmp_path / "one", tmp_path / "two"
    build.build(build.Options(inp, one, jobs=1))
    build.build(build.Options(inp, two, jobs=2))
    files = sorted(p.relative_to(one) for p in one.rglob("*.docx"))
    assert len(files) == 3 * (9 + 4) + 1  # nine kinds and four personal summaries a unit, the roll-up
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # the models were frozen for the run only


def test_results_kept_to_the_end_of_a_run_are_frozen_only_inside_it():
    from yearend import workers

    workers.keep()  # outside a run: nothing is frozen, the collector walks everything as usual
    assert gc.get_freeze_count() == 0
    with workers.frozen():
        kept = [[i] for i in range(1000)]  # as a model just received
        before = gc.get_freeze_count()
        workers.keep()
        assert gc.get_freeze_count() >= before + 1000
    assert gc.get_freeze_count() == 0 and kept


def test_a_lone_unit_renders_its_personal_summaries_apart_with_the_same_result(tmp_path, monkeypatch):
    """One unit and two workers: its personal summaries are a task of their own (build._parts);
    the documents, their order in the manifest and the progress are as from one process."""
    inp = tmp_path / "in"
    inp.mkdir()
    unit(inp, "甲局", members=4)
    parts = []
    real = build._parts
    monkeypatch.setattr(build, "_parts", lambda only, split: parts.append(real(only, split)) or parts[-1])
    one, two = tmp_path / "one", tmp_path / "two"
    build.build(build.Options(inp, one, jobs=1))
    seen: list[tuple] = []
    result = build.build(build.Options(inp, two, jobs=2), progress=lambda *a: seen.append(a))
    assert [len(p) for p in parts] == [1, 2] and parts[1][1] == {"personal_summary"}
    files = sorted(p.relative_to(one) for p in one.rglob("*.docx"))
    assert len(files) == 9 + 4
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    assert [d["path"] for d in manifest(one)["甲局"]["documents"]] == [d["path"] for d in manifest(two)["甲局"]["documents"]]
    assert [a for a in seen if a[0] == gather.Stage.RENDER] == [(gather.Stage.RENDER, 1, 1)]  # one unit, done once
    assert not result.units[0].problems


def test_the_progress_callback_counts_files_and_units(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    unit(inp, "甲局")
    unit(inp, "乙局")
    seen: list[tuple[str, int, int]] = []
    build.build(build.Options(inp, tmp_path / "out", jobs=2), progress=lambda *a: seen.append(a))
    assert [s for s in seen if s[0] == gather.Stage.READ][-1] == ("read", 2, 2)
    assert [s for s in seen if s[0] == gather.Stage.RENDER] == [("render", 1, 2), ("render", 2, 2)]
