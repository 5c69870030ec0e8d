#!/usr/bin/env python3
"""A county's year end: N synthetic units built in one run, against a plain docxtpl loop.

    python benchmarks/county.py [--units 200] [--jobs 2] [--baseline 20] [--repeat 1]

Makes N unit workbooks (20–60 members, 8–20 trainings, a year of work figures,
assessments, points, a plan and a 舆情台账 of 20–200 items; seeded, so every run has the same data), runs
``generate.py build`` on them in a child process, and prints: documents written,
wall time, documents per second, peak memory (the run's main process, and the
largest worker). Then it renders the same kinds from the same contexts with a
plain docxtpl loop (``DocxTemplate(path)``, ``render``, ``save`` per document;
charts left out, which only flatters the loop) over the first ``--baseline``
units, and prints the ratio per document. With ``--floor 1`` (the default) each build is
followed by its floor: the same files written again with zipfile; ``--repeat N`` builds
N times, each with its floor, and prints the median of the N ratios (the machine's speed
drifts, and a single build and floor may catch it in two moods). Every build and floor
writes into a folder of its own, and nothing is deleted until the end: on ext4 without a
journal, creating a file skips every inode deleted in the last minute (more while its
inode table waits to be written back), so a phase that started right after the last
one's 11,000 files were removed paid for it in kernel time (measured: build 17.6 s on a
quiet disk against 21.9 s just after removing a run's output, kernel time 1.8 against
7.5 s; the floor 10.1 against 12.7 s). For the same reason, start it a few minutes after
deleting a large folder (an earlier run's). Tests never assert a time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

DEPARTMENTS = ["办公室", "组织人事股", "宣传股", "财务股", "业务一股", "业务二股", "法规股", "信息中心", "后勤服务中心",
               "综合执法队"]


def make_units(folder: Path, n: int) -> None:
    from make_samples import POINTS_BUREAU, make_unit

    rng = random.Random(2025)
    with contextlib.redirect_stdout(io.StringIO()):  # make_unit prints a line a file
        for i in range(n):
            name = f"青山县第{i + 1:03d}单位"
            make_unit(folder / f"{name}.xlsx", 1000 + i, name, "本单位", rng.sample(DEPARTMENTS, rng.randint(4, 8)),
                      rng.randint(20, 60), rng.randint(8, 20), ["网络评论员", "新闻通讯员"], with_work=True,
                      with_duties=False, info=[("上级单位", "青山县委宣传部"), ("成文日期", dt.date(2025, 12, 26))],
                      points=POINTS_BUREAU,
                      opinions={"kind": rng.choice(["bureau", "town"]), "n": rng.randint(20, 200),
                                "late": rng.random() < 0.3, "untimed": rng.randint(0, 5), "open_items": rng.randint(0, 3)})


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from yearend import build
t = time.perf_counter()
result = build.build(build.Options(Path({inp!r}), Path({out!r}), jobs={jobs}, force=True))
wall = time.perf_counter() - t
docs = sum(len(u.documents) for u in result.units) + len(result.documents)
# this process's own peak: Linux's VmHWM, since ru_maxrss carries over the peak of the process
# that started it (the benchmark, which held the floor's files in memory, in a --repeat)
try:
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({{"wall": wall, "docs": docs, "units": len(result.units), "self_kb": peak,
    "children_kb": workers.ru_maxrss, "user": own.ru_utime + workers.ru_utime, "sys": own.ru_stime + workers.ru_stime}}))
"""


def run_build(inp: Path, out: Path, jobs: int) -> dict:
    """The build in a child process; with ``tree_mib``, the largest sum of the resident
    memory of the child and all its workers at one moment (sampled every 200 ms, Linux)."""
    import threading

    code = CHILD.format(root=str(ROOT), inp=str(inp), out=str(out), jobs=jobs)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while child.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(child.pid))
            time.sleep(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    stdout, _ = child.communicate()
    watcher.join()
    if child.returncode:
        raise SystemExit(f"build failed ({child.returncode})")
    found = json.loads(stdout.strip().splitlines()[-1])
    found["tree_mib"] = peak[0] / 1024
    return found


def _tree_rss_kb(root: int) -> int:
    """Memory (KiB) of ``root`` and its descendants, from /proc; 0 elsewhere. Each process
    counts its proportional set size (Pss): a page a forked worker still shares with its
    parent counts half in each, where resident sizes would count it twice."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir() if Path("/proc/self").exists() else ():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "smaps_rollup").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry.name)] = next((int(line.split()[1]) for line in status.splitlines()
                                     if line.startswith("Pss:")), 0)
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in tree)


def plain_loop(inp: Path, units: int) -> tuple[int, float]:
    """Documents rendered and seconds taken by DocxTemplate(path) / render / save per document."""
    from docxtpl import DocxTemplate

    from yearend import figures, gather, resources
    from yearend.chinese import ArticleCounter, HeadingCounter
    from yearend.kinds import KINDS
    from yearend.render import LINE_BREAK, Cleaned, clean, make_environment

    result = gather.gather(inp)
    contexts = [(Cleaned(clean(figures.context(u.model, u.previous))), u.model.tables) for u in result.units if not u.has_errors][:units]
    count, start = 0, time.perf_counter()
    for ctx, tables in contexts:
        for kind in KINDS:
            if kind.needs(tables, ctx):
                continue
            for member in ctx["名册"] if kind.folder else [None]:  # a personal summary: one per member
                c = dict(ctx, 编号=HeadingCounter(), 条款=ArticleCounter(), 图表={k: "" for k in ctx["图表"]}, 本人=member,
                         换行=LINE_BREAK)
                tpl = DocxTemplate(str(resources.DEFAULT_TEMPLATES / kind.template))
                tpl.render(c, jinja_env=make_environment(), autoescape=True)
                tpl.save(io.BytesIO())
                count += 1
    return count, time.perf_counter() - start


def zip_floor(out: Path, target: Path) -> tuple[int, float, float, float]:
    """The floor under any build: the run's own .docx and .xlsx files, their members read
    into memory first, written again with zipfile (deflated, as ours are) and fsynced one
    by one, in this process, into ``target`` (a new folder). Returns (files, seconds, CPU
    seconds in user and in kernel mode)."""
    import zipfile

    files = sorted(p for p in out.rglob("*") if p.suffix in (".docx", ".xlsx") and p.is_file())
    members = []
    for p in files:
        with zipfile.ZipFile(p) as z:
            members.append([(i, z.read(i)) for i in z.infolist()])
    target.mkdir()
    start, cpu = time.perf_counter(), os.times()
    for i, parts in enumerate(members):
        path = target / f"{i}.zip"
        with open(path, "wb") as f:
            with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
                for info, data in parts:
                    z.writestr(info, data)
            f.flush()
            os.fsync(f.fileno())
    wall, after = time.perf_counter() - start, os.times()
    return len(files), wall, after.user - cpu.user, after.system - cpu.system


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=200)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--baseline", type=int, default=20, help="units rendered by the plain docxtpl loop")
    ap.add_argument("--floor", type=int, default=1, help="1: also time writing the same bytes with zipfile")
    ap.add_argument("--repeat", type=int, default=1, help="builds, each followed by its floor; the median ratio last")
    args = ap.parse_args()
    print(f"{dt.date.today()}，{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in"
        inp.mkdir()
        t = time.perf_counter()
        make_units(inp, args.units)
        print(f"生成 {args.units} 个单位的工作簿：{time.perf_counter() - t:.1f} 秒")
        plain = 0.0
        if args.baseline:
            count, seconds = plain_loop(inp, args.baseline)
            plain = seconds / count
            print(f"对照：普通 docxtpl 循环 {count} 份文档 {seconds:.1f} 秒，每份 {plain * 1000:.1f} ms（不含图表）")
        for jobs in args.jobs:
            ratios = []
            for i in range(args.repeat):  # build, floor, build, floor: a drifting machine moves both
                out = Path(tmp) / f"out{jobs}-{i}"  # a new folder each time: nothing deleted just before (above)
                r = run_build(inp, out, jobs)
                per = r["wall"] / r["docs"]
                print(f"build --jobs {jobs}：{r['units']} 个单位，{r['docs']} 份文档，用时 {r['wall']:.1f} 秒，"
                      f"每秒 {r['docs'] / r['wall']:.1f} 份（每份 {per * 1000:.1f} ms，含读取、计算和写入），"
                      + (f"是普通循环的 {plain / per:.1f} 倍；" if plain else "")
                      + f"内存峰值：主进程 {r['self_kb'] / 1024:.0f} MiB，单个工作进程 {r['children_kb'] / 1024:.0f} MiB，"
                      f"全部进程同时合计 {r['tree_mib']:.0f} MiB；CPU 用户态 {r['user']:.1f} 秒，内核态 {r['sys']:.1f} 秒")
                if args.floor:
                    files, floor, user, system = zip_floor(out, Path(tmp) / f"floor{jobs}-{i}")
                    ratios.append(r["wall"] / floor)
                    print(f"  下限：用 zipfile 把同样的 {files} 个文件重新写一遍（单进程，逐个 fsync）{floor:.1f} 秒"
                          f"（CPU 用户态 {user:.1f} 秒，内核态 {system:.1f} 秒）；"
                          f"build 是下限的 {ratios[-1]:.2f} 倍")
            if len(ratios) > 1:
                print(f"--jobs {jobs}，{len(ratios)} 次：build 是下限的 {statistics.median(ratios):.2f} 倍（中位数；"
                      f"{min(ratios):.2f}–{max(ratios):.2f}）")

if __name__ == "__main__":
    main()
