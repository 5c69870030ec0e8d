#!/usr/bin/env python3
"""One very large unit built alone: every kind, personal summaries included, no PDF.

    python benchmarks/large_unit.py [--members 5000] [--runs 3]

Makes one seeded workbook of ``--members`` members (40 trainings, a year of work
figures, assessments), runs ``generate.py build`` on it as a whole process
``--runs`` times, and prints each run's documents, wall time and peak memory (the
run's main process, its largest worker, and all its processes summed at one moment),
then the median. Tests never assert a time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import platform
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from county import DEPARTMENTS, run_build  # noqa: E402


def make(folder: Path, members: int) -> Path:
    from make_samples import POINTS_BUREAU, make_unit

    path = folder / "大单位.xlsx"
    with contextlib.redirect_stdout(io.StringIO()):
        make_unit(path, 7, "青山县大单位", "本单位", DEPARTMENTS, members, 40, ["网络评论员", "新闻通讯员"],
                  with_work=True, with_duties=False,
                  info=[("上级单位", "青山县委宣传部"), ("成文日期", dt.date(2025, 12, 26))], points=POINTS_BUREAU)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    print(f"{dt.date.today()}，{platform.machine()}，Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in"
        inp.mkdir()
        make(inp, args.members)
        walls, peaks = [], []
        for i in range(args.runs):
            r = run_build(inp, Path(tmp) / f"out{i}", args.jobs)
            peak = r["tree_mib"]
            walls.append(r["wall"])
            peaks.append(peak)
            print(json.dumps({"run": i + 1, "docs": r["docs"], "wall_s": round(r["wall"], 1),
                              "main_mib": round(r["self_kb"] / 1024), "worker_mib": round(r["children_kb"] / 1024),
                              "all_processes_mib": round(r["tree_mib"])},
                             ensure_ascii=False))
        print(f"{args.members} 人的单位（全部种类含个人工作总结，不含 PDF，--jobs {args.jobs}）：{r['docs']} 份文档，"
              f"用时中位数 {statistics.median(walls):.1f} 秒，内存峰值（全部进程同一时刻之和）中位数 "
              f"{statistics.median(peaks):.0f} MiB")


if __name__ == "__main__":
    main()
