#!/usr/bin/env python3
"""Print the figures we watch: start-up, reading a large sheet, a full build.

    python benchmarks/run.py

Tests never assert a time; this script measures and prints.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def startup() -> None:
    t = best_of(5, lambda: subprocess.run([sys.executable, str(ROOT / "generate.py"), "--help"],
                                          check=True, capture_output=True))
    print(f"启动（generate.py --help）：{t * 1000:.0f} ms（5 次取最快）")


def large_sheet(rows: int = 100_000) -> None:
    from openpyxl import Workbook

    with tempfile.TemporaryDirectory() as tmp:
        wb = Workbook(write_only=True)
        u = wb.create_sheet("单位信息")
        u.append(["单位名称", "基准局"])
        u.append(["年度", 2025])
        m = wb.create_sheet("人员名册")
        m.append(["姓名", "部门"])
        for i in range(50):
            m.append([f"人员{i}", "办公室"])
        t = wb.create_sheet("培训记录")
        t.append(["日期", "主题", "学时", "参训人员"])
        start = dt.date(2025, 1, 1)
        for i in range(rows):
            t.append([start + dt.timedelta(days=i % 365), f"主题{i}", 2, "人员1、人员2"])
        path = Path(tmp) / "large.xlsx"
        wb.save(path)
        # Measured in a fresh process, as a run is: the parent that wrote the
        # workbook is large, and forking a large parent is slower.
        subprocess.run([sys.executable, __file__, "--read", str(path)], check=True)


def read_figures(path: Path) -> None:
    from yearend import gather

    alone = best_of(3, lambda: gather.read_one(path))
    isolated = best_of(3, lambda: gather.read_models([path]))
    print(f"读取并校验 100000 行的培训记录：{isolated:.2f} s，经读取进程（3 次取最快）；"
          f"其中读取本身 {alone:.2f} s，其余是进程启动和结果回传")


def sample_build() -> None:
    from yearend import build

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        result = build.build(build.Options(ROOT / "input_samples", Path(tmp)))
        elapsed = time.perf_counter() - t
        docs = sum(len(u.documents) for u in result.units)
        print(f"生成 input_samples/：{docs} 份文档，{elapsed:.2f} s，每份 {elapsed / docs * 1000:.0f} ms")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--read"]:
        read_figures(Path(sys.argv[2]))
        sys.exit(0)
    startup()
    large_sheet()
    sample_build()
