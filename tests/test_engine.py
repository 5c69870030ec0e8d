"""One unit's failure stays its own, and faults are told as they are (issue 22).

Each case is a county of two units, one of them hostile: the other is built, the
manifest is written and valid JSON, and the hostile one gets a named error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil

import pytest
from helpers import make_workbook, member, run

from yearend import build, documents, figures, model, resources
from yearend.output import TEMP_PREFIX
from yearend.readers import BadValue, read_date, read_month, read_number

TRAINING = {"日期": "2025-03-05", "主题": "网络评论写作", "学时": 3, "参训人员": "全体"}



def _county(tmp_path, hostile: dict | None = None, trainings: list[dict] | None = None, **sheets):
    """甲局 (good) and 乙局 (the case under test) in one input folder."""
    inp = tmp_path / "in"
    inp.mkdir()
    make_workbook(inp, "甲局.xlsx", unit={"单位名称": "甲局", "年度": 2025}, members=[member("张三")],
                  trainings=[TRAINING])
    make_workbook(inp, "乙局.xlsx", unit={"单位名称": "乙局", "年度": 2025, **(hostile or {})},
                  members=[member("李四")], trainings=trainings or [TRAINING], sheets=sheets or None)
    return inp, tmp_path / "out"


def _manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))  # raises on NaN or bad JSON: strict


def _unit(out, name: str) -> dict:
    return next(u for u in _manifest(out)["units"] if u["单位名称"] == name)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_while_reading_is_an_internal_error_not_a_damaged_file(tmp_path, monkeypatch, jobs):
    inp, out = _county(tmp_path)
    real = model.build_model

    def buggy(raw):
        if raw.label == "乙局.xlsx":
            raise ZeroDivisionError("a bug of ours")
        return real(raw)

    monkeypatch.setattr(model, "build_model", buggy)
    r = run("build", str(inp), "-o", str(out), "-j", jobs)
    assert r.exit_code == 1
    assert "读取这个文件时程序内部出错（ZeroDivisionError），这不是文件的问题" in r.output
    assert "文件可能已损坏" not in r.output and "Traceback" not in r.output
    assert _unit(out, "甲局")["documents"]
    r = run("--debug", "build", str(inp), "-o", str(tmp_path / "out2"), "-j", jobs)
    assert "工作进程中的程序内部错误" in r.output and "a bug of ours" in r.output and "buggy" in r.output


def test_a_bug_half_way_through_a_units_documents_leaves_no_temporary_file(tmp_path, monkeypatch):
    inp, out = _county(tmp_path)
    real = documents.render_unit

    def buggy(ctx, *args, **kwargs):
        for n, made in enumerate(real(ctx, *args, **kwargs)):
            if ctx["单位名称"] == "乙局" and n == 3:  # three staged, not yet committed
                raise KeyError("a bug of ours")
            yield made

    monkeypatch.setattr(documents, "render_unit", buggy)
    r = run("build", str(inp), "-o", str(out), "-j", "1")
    assert r.exit_code == 1 and "生成这个单位的文档时程序内部出错（KeyError）" in r.output
    assert _unit(out, "甲局")["documents"] and not [p for p in out.rglob("*") if p.name.startswith(TEMP_PREFIX)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_while_rendering_is_an_internal_error_and_the_other_unit_is_built(tmp_path, monkeypatch, jobs):
    inp, out = _county(tmp_path)
    real = figures.context

    def buggy(m, previous=None, quarter=None):
        if m.unit.name == "乙局":
            raise KeyError("a bug of ours")
        return real(m, previous, quarter)

    monkeypatch.setattr(figures, "context", buggy)
    r = run("build", str(inp), "-o", str(out), "-j", jobs)
    assert r.exit_code == 1
    assert "生成这个单位的文档时程序内部出错（KeyError）" in r.output and "内存不足" not in r.output
    assert _unit(out, "甲局")["documents"] and not _unit(out, "乙局")["documents"]
    assert (out / "运行报告.html").is_file()
    r = run("--debug", "build", str(inp), "-o", str(tmp_path / "out2"), "-j", jobs)
    assert "a bug of ours" in r.output and "buggy" in r.output


@pytest.mark.parametrize("hours, words", [
    (1e30, "大得不合理"), (-3, "是负数"), ("-54", "是负数"), ("1e999", "不是数字"),
])
def test_an_absurd_number_is_an_error_on_its_cell_and_the_county_goes_on(tmp_path, hours, words):
    inp, out = _county(tmp_path, trainings=[dict(TRAINING, 学时=hours)])
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 1
    assert "乙局.xlsx 培训记录!C2" in r.output and words in r.output
    assert _unit(out, "甲局")["documents"] and not _unit(out, "乙局")["documents"]


def test_a_negative_work_count_is_an_error_not_a_target_of_minus_one(tmp_path):
    work = [["姓名", "月份", "发帖"], ["李四", 3, -54]]
    inp, out = _county(tmp_path, 工作量=work)
    r = run("build", str(inp), "-o", str(out))
    assert "乙局.xlsx 工作量!C2" in r.output and "是负数" in r.output
    assert "-54" not in "".join(json.dumps(u["figures"], ensure_ascii=False) for u in _manifest(out)["units"])


@pytest.mark.parametrize("date", [dt.date(9999, 12, 31), "0001-01-01", "1899-12-31"])
def test_a_date_outside_1900_to_2100_is_an_error_on_its_cell(tmp_path, date):
    inp, out = _county(tmp_path, hostile={"成文日期": date})
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 1 and "程序内部出错" not in r.output
    assert "乙局.xlsx 单位信息!B3" in r.output and "不合理" in r.output
    assert _unit(out, "甲局")["documents"]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1, -0.5, 1e7, "-2学时", True])
def test_numbers_that_count_nothing_are_refused(value):
    with pytest.raises(BadValue):
        read_number(value)


@pytest.mark.parametrize("value", [0, 0.0, 2, "2.5学时", "１２", 1_000_000])
def test_ordinary_numbers_pass(value):
    assert read_number(value) >= 0


@pytest.mark.parametrize("value", [dt.date(1, 1, 1), dt.datetime(9999, 12, 31), "2200-01-01", 21991231])
def test_dates_far_outside_the_century_are_refused(value):
    with pytest.raises(BadValue, match="不合理|无法识别"):
        read_date(value)
    with pytest.raises(BadValue):
        read_month(value)


def test_a_named_pipe_and_an_unreadable_file_are_named_and_skipped(tmp_path):
    import os

    inp, out = _county(tmp_path)
    os.mkfifo(inp / "管道.xlsx")  # opening it would wait for a writer for ever
    locked = make_workbook(inp, "锁住.xlsx", unit={"单位名称": "丙局", "年度": 2025}, members=[member("王五")])
    locked.chmod(0)
    try:
        r = run("build", str(inp), "-o", str(out))
    finally:
        locked.chmod(0o644)
    assert "管道.xlsx：这不是普通文件" in r.output
    if os.geteuid() != 0:  # root reads any file
        assert "锁住.xlsx：没有读取这个文件的权限" in r.output
    assert _unit(out, "甲局")["documents"] and _unit(out, "乙局")["documents"]


def test_what_the_run_does_while_its_workers_read_is_done_once_whatever_there_is_to_read():
    from yearend import workers

    seen: list[str] = []
    assert list(workers.isolated(abs, [(-1,), (-2,)], 2, meanwhile=lambda: seen.append("pool"))) == [1, 2]
    assert list(workers.isolated(abs, [], 2, meanwhile=lambda: seen.append("nothing"))) == []
    assert list(workers.isolated(abs, [(-3,)], 1, in_process=True, meanwhile=lambda: seen.append("here"))) == [3]
    assert seen == ["pool", "nothing", "here"]


def _pid_and(value: object) -> tuple[int, object]:
    return os.getpid(), value


def _name_of(value: object) -> str:
    return type(value).__name__


class _Unpicklable:
    """What a call may not be sent as: pickling it fails."""

    def __reduce__(self):
        raise TypeError("not to be sent")


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_get_their_calls_by_the_memory_they_inherit_or_sent_when_spawned(monkeypatch, method):
    from yearend import workers

    monkeypatch.setattr(workers, "_method", lambda: method)
    big = {"名册": [{"姓名": f"成员{i}"} for i in range(1000)]}
    calls = [(-1,), (big,), ("甲",)]
    out = list(workers.isolated(_pid_and, calls, 2))
    assert [v for _, v in out] == [-1, big, "甲"] and all(pid != os.getpid() for pid, _ in out)
    assert not workers._INHERITED  # nothing left held once the pool is done
    sent = list(workers.isolated(_name_of, [(_Unpicklable(),), (1,)], 2))
    if method == "fork":  # found in the worker's own memory: never pickled
        assert sent == ["_Unpicklable", "int"]
    else:
        assert isinstance(sent[0], workers.Raised)


def test_a_pool_left_early_ends_its_workers_at_once():
    """Ctrl-C, or a caller that stops reading: the calls not started are dropped and the
    running ones ended, not waited for (a second Ctrl-C during that wait hung the run)."""
    import contextlib
    import multiprocessing
    import time

    from yearend import workers

    before = set(multiprocessing.active_children())  # another test's, ending in its own time
    start = time.monotonic()
    with contextlib.closing(workers.isolated(time.sleep, [(0,)] + [(30,)] * 4, 2)) as results:
        assert next(results) is None
    assert time.monotonic() - start < 20  # the sleeps left would take 30 s or more
    deadline = time.monotonic() + 5  # ended: gone within moments, where a sleeping worker stays 30 s
    while set(multiprocessing.active_children()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not set(multiprocessing.active_children()) - before


def test_a_broken_template_is_named_when_there_is_no_workbook_to_read(tmp_path):
    templates = tmp_path / "tpl"
    shutil.copytree(resources.DEFAULT_TEMPLATES, templates)
    (templates / "名册.docx").write_bytes(b"not a zip")
    (tmp_path / "in").mkdir()
    result = build.build(build.Options(tmp_path / "in", tmp_path / "out", templates=templates))
    assert any(p.file == "名册.docx" and "不是有效的 Word 文档" in p.message for p in result.problems)


@pytest.mark.slow
def test_workers_die_with_the_run(tmp_path):
    """kill -9 of the run's process takes its workers with it (Linux)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    code = ("import time\nfrom yearend import workers\n"
            "list(workers.isolated(time.sleep, [(60,), (60,)], 2))\n")
    run = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 20
    children: list[int] = []
    while time.time() < deadline and len(children) < 2:
        time.sleep(0.2)
        children = [int(p) for p in os.listdir("/proc") if p.isdigit() and _ppid(int(p)) == run.pid]
    assert len(children) == 2
    run.send_signal(signal.SIGKILL)
    run.wait()
    time.sleep(1)
    assert not [c for c in children if os.path.exists(f"/proc/{c}") and _state(c) != "Z"]


def _ppid(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_names_too_long_for_a_file_system_are_cut_with_a_warning(tmp_path):
    long_name = "青山县" + "长" * 43  # 46 characters: with a 30-character team name, 300 bytes
    inp, out = _county(tmp_path, hostile={"单位名称": long_name, "队伍名称": "网" * 28 + "队伍"})
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code == 0, r.output
    unit = _unit(out, long_name)
    assert unit["documents"] and all((out / d["path"]).is_file() for d in unit["documents"])
    assert all(len(part.encode()) <= 200 for d in unit["documents"] for part in d["path"].split("/"))
    assert any("文件名太长" in p["message"] for p in unit["problems"])
    assert run("build", str(inp), "-o", str(out)).exit_code == 0  # and again: nothing called edited
    assert "（新生成）" not in "".join(d["path"] for d in _unit(out, long_name)["documents"])


@pytest.mark.parametrize("name", ["manifest.json", "运行报告.html", "问题标注", "汇总表.xlsx"])
def test_a_unit_named_like_the_tools_own_files_gets_another_folder(tmp_path, name):
    inp, out = _county(tmp_path, hostile={"单位名称": name})
    r = run("build", str(inp), "-o", str(out))
    assert "与本程序自己写的文件" in r.output
    assert _unit(out, name)["documents"] and _unit(out, "甲局")["documents"]
    assert run("build", str(inp), "-o", str(out)).exit_code in (0, 1)  # the next run reads its manifest
    assert _unit(out, "甲局")["state"] == "unchanged"


def test_names_in_a_windows_zips_encoding_are_read_and_recorded_safely(tmp_path):
    """Unzipping a Windows zip on Linux leaves GBK bytes in file names: not UTF-8."""
    import os

    inp, out = _county(tmp_path)
    folder = inp / os.fsdecode("报表".encode("gbk"))
    folder.mkdir()
    (inp / "乙局.xlsx").rename(folder / os.fsdecode("乙局报表.xlsx".encode("gbk")))
    r = run("build", str(inp), "-o", str(out))
    assert r.exit_code in (0, 1) and "程序内部出错" not in r.output
    m = _manifest(out)  # valid JSON
    assert _unit(out, "乙局")["documents"] and _unit(out, "甲局")["documents"]
    assert "乙局报表" in json.dumps(m, ensure_ascii=False) or "\\udc" in (out / "manifest.json").read_text()
    assert (out / "运行报告.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("when", ["written", "synced"])
def test_a_full_disk_is_named_and_what_was_written_is_recorded(tmp_path, monkeypatch, jobs, when):
    """The disk fills up as 乙局's documents are written (the bytes into their temporary
    files), or as they are made durable (fsync alone; syncfs for a unit's batch)."""
    import ctypes
    import errno
    import os

    from yearend import output

    inp, out = _county(tmp_path)
    write, fsync = os.write, os.fsync

    def ours(fd) -> bool:
        return "乙局" in os.readlink(f"/proc/self/fd/{fd}")

    def write_full(fd, data):
        if ours(fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(fd, data)

    def fsync_full(fd):
        if ours(fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        return fsync(fd)

    def syncfs_full(fd):
        if ours(fd):
            ctypes.set_errno(errno.ENOSPC)
            return -1
        return 0

    if when == "written":
        monkeypatch.setattr(os, "write", write_full)
    else:
        monkeypatch.setattr(os, "fsync", fsync_full)
        monkeypatch.setattr(output, "_syncfs", lambda: syncfs_full)
    r = run("build", str(inp), "-o", str(out), "-j", jobs)
    assert r.exit_code == 1 and "程序内部出错" not in r.output
    assert "磁盘空间不足" in r.output
    assert _unit(out, "甲局")["documents"] and not _unit(out, "乙局")["documents"]
    assert not [p for p in (out / "乙局").rglob("*") if p.is_file()]  # no half-written file left


def _staged(tmp_path, monkeypatch, syncfs):
    import os

    from yearend import output

    fsynced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: fsynced.append(fd))
    monkeypatch.setattr(output, "_syncfs", lambda: syncfs)
    writer = output.Writer(tmp_path, {}, journal="run")
    return writer, [writer.stage(f"甲局/{i}.docx", b"doc%d" % i) for i in range(3)], fsynced


def test_a_batch_is_made_durable_by_one_sync_before_any_file_is_moved(tmp_path, monkeypatch):
    from yearend import output

    seen: list[list[str]] = []

    def syncfs(fd):  # what is in place when the batch's data is made durable
        seen.append(sorted(p.name for p in tmp_path.rglob("*.docx")))
        return 0

    writer, staged, fsynced = _staged(tmp_path, monkeypatch, syncfs)
    assert not list(tmp_path.rglob("*.docx")) and len(list(tmp_path.rglob("*.tmp"))) == 3
    done, error = writer.commit(staged)
    assert error is None and done == staged and seen == [[]] and not fsynced
    assert [(tmp_path / "甲局" / f"{i}.docx").read_bytes() for i in range(3)] == [b"doc0", b"doc1", b"doc2"]
    assert [json.loads(line)["path"] for line in (tmp_path / output.JOURNAL).read_text().splitlines()] == [
        "甲局/0.docx", "甲局/1.docx", "甲局/2.docx"]
    assert not list(tmp_path.rglob(f"{output.TEMP_PREFIX}*"))
    writer.write("乙局/单独.docx", b"alone")  # a file written alone is fsynced, as before
    assert len(fsynced) == 1 and seen == [[]]


def test_without_syncfs_each_staged_file_is_fsynced(tmp_path, monkeypatch):
    writer, staged, fsynced = _staged(tmp_path, monkeypatch, None)
    assert len(fsynced) == 3
    assert writer.commit(staged) == (staged, None)


def test_a_file_that_cannot_be_moved_stops_its_batch_and_every_later_one(tmp_path, monkeypatch):
    import os

    from yearend import output

    writer, staged, _ = _staged(tmp_path, monkeypatch, lambda fd: 0)
    replace = os.replace

    def open_in_word(src, dst):
        if str(dst).endswith("1.docx"):
            raise PermissionError(13, "Permission denied")
        return replace(src, dst)

    monkeypatch.setattr(os, "replace", open_in_word)
    done, error = writer.commit(staged)
    assert done == staged[:1] and "请关闭在 Word/WPS 中打开的这个文件" in str(error)
    later = [writer.stage("甲局/3.docx", b"doc3")]
    assert writer.commit(later) == ([], error)  # nothing more of the unit is moved
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(["0.docx", output.JOURNAL])


# ------------------------------------------------------------------ templates


def _templates(tmp_path, **extra):
    """A templates folder: the bundled ones and the clerk's ``extra`` (name → a function
    given a python-docx Document to fill, or the bytes of a file)."""
    import shutil

    import docx

    from yearend.resources import DEFAULT_TEMPLATES

    folder = tmp_path / "模板"
    shutil.copytree(DEFAULT_TEMPLATES, folder)
    for name, fill in extra.items():
        if isinstance(fill, bytes):
            (folder / name).write_bytes(fill)
            continue
        d = docx.Document()
        fill(d)
        d.save(folder / name)
    return folder


def _problems(out) -> list[dict]:
    m = _manifest(out)
    return m["problems"] + [p for u in m["units"] for p in u["problems"]]


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
def test_a_tag_across_a_paragraph_and_a_cell_is_named_not_a_lost_table(tmp_path):
    def spanning(d):
        d.add_paragraph("{% if 队伍人数 > 1000 %}开始")  # false: what lies between goes, cell tags and all
        d.add_table(rows=1, cols=1).cell(0, 0).text = "结束{% endif %}"

    inp, out = _county(tmp_path)
    r = run("build", str(inp), "-o", str(out), "-t", str(_templates(tmp_path, **{"跨越.docx": spanning})))
    found = [p for p in _problems(out) if p["file"] == "跨越.docx"]
    assert len(found) == 1 and "文档结构被破坏" in found[0]["message"] and "{%p" in found[0]["message"]
    assert r.exit_code == 1 and _unit(out, "甲局")["documents"]


def test_an_unknown_variable_in_a_branch_not_taken_is_named_once_before_rendering(tmp_path):
    def misspelt(d):
        d.add_paragraph("{% if 队伍人数 > 100000 %}{{ 队伍总人数 }}{% endif %}{{ 单位名称 }}")

    inp, out = _county(tmp_path)
    r = run("build", str(inp), "-o", str(out), "-t", str(_templates(tmp_path, **{"拼错.docx": misspelt})))
    found = [p for p in _problems(out) if p["file"] == "拼错.docx"]
    assert len(found) == 1 and "“队伍总人数”" in found[0]["message"]  # once, for two units
    assert r.exit_code == 1
    assert not [d for u in _manifest(out)["units"] for d in u["documents"] if d.get("template") == "拼错.docx"]
    r = run("check", str(inp), "-o", str(tmp_path / "c"), "-t", str(tmp_path / "模板"))
    assert "拼错.docx" in r.output and "队伍总人数" in r.output


@pytest.mark.slow
def test_a_runaway_loop_is_stopped_by_the_time_limit(tmp_path, monkeypatch):
    from yearend import documents

    def loops(d):
        d.add_paragraph("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")

    monkeypatch.setattr(documents, "RENDER_SECONDS", 1)
    inp, out = _county(tmp_path)
    r = run("build", str(inp), "-o", str(out), "-t", str(_templates(tmp_path, **{"死循环.docx": loops})))
    found = [p for p in _problems(out) if p["file"] == "死循环.docx"]
    assert found and "超过 1 秒" in found[0]["message"]
    assert r.exit_code == 1 and _unit(out, "甲局")["documents"] and _unit(out, "乙局")["documents"]


def _with_parts(path, parts: dict[str, bytes], replace: dict[str, tuple[str, str]]) -> bytes:
    """The .docx at ``path`` with ``parts`` added and text replaced in some of its parts."""
    import io
    import zipfile

    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            data = src.read(name)
            if name in replace:
                data = data.replace(replace[name][0].encode(), replace[name][1].encode())
            z.writestr(name, data)
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
def test_macros_and_links_to_outside_files_never_reach_a_document(tmp_path):
    import zipfile

    def plain(d):
        d.add_paragraph("{{ 单位名称 }}的自拟文档")

    folder = _templates(tmp_path, **{"自拟.docx": plain})
    rels = "word/_rels/document.xml.rels"
    link = ('<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            'Target="file://server/share/a.png" TargetMode="External"/></Relationships>')
    vba = ('<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
           'Target="vbaProject.bin"/>')
    (folder / "自拟.docx").write_bytes(_with_parts(folder / "自拟.docx", {"word/vbaProject.bin": b"VBA!"},
                                                   {rels: ("</Relationships>", vba + link)}))
    (folder / "宏.docm").write_bytes(b"PK")
    inp, out = _county(tmp_path)
    run("build", str(inp), "-o", str(out), "-t", str(folder))
    notes = [p["message"] for p in _problems(out) if p["file"] in ("自拟.docx", "宏.docm")]
    assert any("含有宏" in n for n in notes) and any("链接了外部的文件或网址" in n for n in notes)
    assert any("带宏的 Word 文件" in n for n in notes)
    doc = next(d for d in _unit(out, "甲局")["documents"] if d.get("template") == "自拟.docx")
    with zipfile.ZipFile(out / doc["path"]) as z:
        assert "word/vbaProject.bin" not in z.namelist()
        assert "TargetMode=\"External\"" not in z.read(rels).decode() and "vbaProject" not in z.read(rels).decode()
        assert "macroEnabled" not in z.read("[Content_Types].xml").decode()


def test_a_template_named_like_a_builtin_kind_is_refused(tmp_path):
    def summary(d):
        d.add_paragraph("{{ 单位名称 }}自己写的总结")

    inp, out = _county(tmp_path)
    r = run("build", str(inp), "-o", str(out), "-t", str(_templates(tmp_path, **{"2025年度工作总结.docx": summary})))
    assert "生成的文件名与自带的一种文档相同" in r.output
    paths = [d["path"] for d in _unit(out, "甲局")["documents"]]
    assert len(paths) == len(set(paths)) and "甲局/甲局2025年度工作总结.docx" in paths
    doc = next(d for d in _unit(out, "甲局")["documents"] if d["path"] == "甲局/甲局2025年度工作总结.docx")
    assert doc["kind"] == "summary"


def test_an_annotated_copy_carries_no_dde_formula_and_no_external_link(tmp_path):
    import io
    import zipfile

    from openpyxl import load_workbook

    inp, out = _county(tmp_path, trainings=[dict(TRAINING, 学时="半天")])  # a problem: so a copy is made
    book = inp / "乙局.xlsx"
    wb = load_workbook(book)
    wb["人员名册"]["D2"] = "=cmd|' /C calc'!A0"  # a DDE formula in a member's row
    wb["人员名册"]["E2"] = "=[1]Sheet1!A1"  # a cell of another workbook
    wb["人员名册"]["F2"] = "=1+1"  # an ordinary formula stays one
    wb.save(book)
    raw = io.BytesIO(book.read_bytes())  # and a link part, as Excel writes one for [1]
    with zipfile.ZipFile(raw, "a") as z:
        z.writestr("xl/externalLinks/externalLink1.xml", '<externalLink xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main"><externalBook/></externalLink>')
    book.write_bytes(raw.getvalue())
    run("build", str(inp), "-o", str(out))
    [copy] = [p for p in (out / "问题标注").glob("乙局*.xlsx")]
    names = zipfile.ZipFile(copy).namelist()
    assert not [n for n in names if n.startswith("xl/externalLinks/")]
    ws = load_workbook(copy)["人员名册"]
    assert ws["D2"].data_type == "s" and ws["E2"].data_type == "s" and ws["F2"].data_type == "f"
    listed = " ".join(str(c.value) for row in load_workbook(copy).worksheets[0].iter_rows() for c in row)
    assert "DDE" in listed and "链接了 1 个外部文件" in listed
    assert load_workbook(book)["人员名册"]["D2"].data_type == "f"  # the clerk's own file untouched


# ------------------------------------------------------------------ lint on files from anywhere

_XXE = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        '<w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
_BOMB = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + ']>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    '<w:t>&i;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize("xml, name", [("<w:document><w:body", "坏.docx"), (_XXE, "外部实体.docx"), (_BOMB, "实体炸弹.docx")])
def test_lint_gives_every_file_a_verdict_whatever_its_xml(tmp_path, xml, name):
    import io
    import shutil
    import zipfile

    from yearend.resources import DEFAULT_TEMPLATES

    good = tmp_path / "好.docx"
    shutil.copy(DEFAULT_TEMPLATES / "管理办法.docx", good)
    bad = tmp_path / name

    src = zipfile.ZipFile(good)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in src.namelist():
            z.writestr(n, xml if n == "word/document.xml" else src.read(n))
    bad.write_bytes(out.getvalue())
    r = run("lint", str(bad), str(good))
    assert "程序内部出错" not in r.output and "Traceback" not in r.output
    assert f"{bad}：" in r.output and f"{good}：" in r.output
    assert "root:" not in r.output  # /etc/passwd was never read into a message


# ------------------------------------------------------------------ any number, any date, the whole build

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NUMBER = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**12, 10**12),
                   st.sampled_from(["1e30", "-0", "NaN", "inf", "２", "3学时", "半天", "１.５小时", "1,5"]))
DATE = st.one_of(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.integers(-10**9, 10**9),
                 st.sampled_from(["0001-01-01", "9999-12-31", "2025.13.5", "2025年2月30日", "20250305", "1990.1", ""]))


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(hours=NUMBER, posts=NUMBER, score=NUMBER, places=NUMBER, planned=NUMBER, day=DATE, born=DATE, joined=DATE,
       left=DATE, month=DATE, signed=DATE)
def test_any_number_and_date_in_any_such_column_is_read_or_named(tmp_path_factory, hours, posts, score, places, planned,
                                                                 day, born, joined, left, month, signed):
    """Whatever a number or date column holds, the run ends normally: the unit is built or a
    problem names the cell; the manifest is valid JSON; no document says nan or inf."""
    tmp = tmp_path_factory.mktemp("numbers")
    inp = tmp / "in"
    inp.mkdir()
    cells = {"hours": hours, "posts": posts, "score": score, "places": places, "planned": planned, "day": day,
             "born": born, "joined": joined, "left": left, "month": month, "signed": signed}
    cells = {k: (str(v) if isinstance(v, float) and v != v or v in (float("inf"), float("-inf")) else v)
             for k, v in cells.items()}  # a workbook cannot hold nan or inf as a number: as text, as typed
    make_workbook(inp, unit={"单位名称": "甲局", "年度": 2025, "成文日期": cells["signed"]},
                  members=[member("张三", 出生年月=cells["born"], 入队日期=cells["joined"]), member("李四"),
                           member("王五", 离队日期=cells["left"])],
                  trainings=[{"日期": cells["day"], "主题": "培训", "学时": cells["hours"], "参训人员": "全体"}],
                  sheets={"工作量": [["姓名", "月份", "发帖"], ["张三", 3, cells["posts"]], ["李四", cells["month"], 5]],
                          "培训计划": [["时间", "主题", "学时"], ["2026年3月", "计划培训", cells["planned"]]],
                          "考核结果": [["姓名", "等次", "得分"], ["张三", "优秀", cells["score"]]],
                          "名额": [["部门", "队伍类别", "名额"], ["办公室", "网络评论员", cells["places"]]]})
    r = run("build", str(inp), "-o", str(tmp / "out"), "-j", "1")
    assert r.exit_code in (0, 1), r.output
    assert "程序内部出错" not in r.output
    m = json.loads((tmp / "out" / "manifest.json").read_text(encoding="utf-8"))
    [unit] = m["units"]
    if unit["documents"]:
        from doctext import document_text

        text = "".join(document_text(tmp / "out" / d["path"]) for d in unit["documents"])
        assert "nan" not in text.lower().replace("nanjing", "") and "inf" not in text.lower()
        assert not any(v < 0 for k, v in unit["figures"].items() if isinstance(v, (int, float)) and k != "计划学时差")
    else:
        assert any(p["level"] == "错误" and p["cell"] for p in unit["problems"])
