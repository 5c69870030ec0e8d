#!/usr/bin/env python3
"""A county of ordinary units with one hostile unit of each kind the engine must survive.

    python benchmarks/hostile_county.py [--units 200] [--jobs 2]

Makes ``--units`` seeded ordinary workbooks (as benchmarks/county.py does) and adds one
unit per hostile case: 学时 = 1e30, a negative work count, 成文日期 9999-12-31 and
0001-01-01, a 46-character unit name with a 30-character team name, a unit named
``manifest.json``, a folder and workbook with GBK-encoded names, a named pipe and an
unreadable file with workbook names; and a clerk's template with a tag that spans a
paragraph and a cell. Runs ``build`` once and prints: units built and failed, the
hostile units' first problem each, whether manifest.json is valid JSON and the report
was written, documents written and wall time. Tests never assert a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from county import make_units  # noqa: E402
from helpers import make_workbook, member  # noqa: E402

TRAINING = {"日期": "2025-03-05", "主题": "网络评论写作", "学时": 3, "参训人员": "全体"}


def hostile(folder: Path) -> list[str]:
    """The hostile units' workbooks; returns the names of the units among them."""
    def unit(file: str, name: str, info: dict | None = None, hours: object = 3, **sheets) -> None:
        make_workbook(folder, file, unit={"单位名称": name, "年度": 2025, **(info or {})},
                      members=[member("张三"), member("李四")], trainings=[dict(TRAINING, 学时=hours)],
                      sheets=sheets or None)

    unit("学时过大.xlsx", "学时过大局", hours=1e30)
    unit("负数.xlsx", "负数局", 工作量=[["姓名", "月份", "发帖"], ["张三", 3, -54]])
    unit("日期9999.xlsx", "日期九九局", {"成文日期": dt.date(9999, 12, 31)})
    unit("日期0001.xlsx", "日期零一局", {"成文日期": "0001-01-01"})
    long_name = "青山县" + "长" * 43
    unit("长名.xlsx", long_name, {"队伍名称": "网" * 28 + "队伍"})
    unit("名字像清单.xlsx", "manifest.json")
    gbk = folder / os.fsdecode("报表".encode("gbk"))
    gbk.mkdir()
    make_workbook(gbk, os.fsdecode("编码局报表.xlsx".encode("gbk")), unit={"单位名称": "编码局", "年度": 2025},
                  members=[member("王五")], trainings=[TRAINING])
    os.mkfifo(folder / "管道.xlsx")
    locked = make_workbook(folder, "锁住.xlsx", unit={"单位名称": "锁住局", "年度": 2025}, members=[member("赵六")])
    locked.chmod(0)
    return ["学时过大局", "负数局", "日期九九局", "日期零一局", long_name, "manifest.json", "编码局"]


def spanning_template(folder: Path) -> Path:
    import docx

    from yearend.resources import DEFAULT_TEMPLATES

    templates = folder / "模板"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    d = docx.Document()
    d.add_paragraph("{% if 队伍人数 > 100000 %}开始")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "结束{% endif %}"
    d.save(templates / "跨越.docx")
    return templates


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    from yearend import build

    with tempfile.TemporaryDirectory() as tmp:
        inp, out = Path(tmp) / "in", Path(tmp) / "out"
        inp.mkdir()
        make_units(inp, args.units)
        names = hostile(inp)
        templates = spanning_template(Path(tmp))
        start = time.perf_counter()
        result = build.build(build.Options(inp, out, templates=templates, jobs=args.jobs, force=True))
        wall = time.perf_counter() - start
        (inp / "锁住.xlsx").chmod(0o644)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        built = [u for u in result.units if u.documents]
        print(f"{dt.date.today()}：{args.units} 个普通单位 + {len(names)} 个有问题的单位（另有管道、无权限文件和坏模板各一），"
              f"--jobs {args.jobs}，用时 {wall:.1f} 秒")
        print(f"生成了文档的单位 {len(built)} 个，未生成的 {len(result.units) - len(built)} 个；"
              f"文档 {sum(len(u.documents) for u in result.units)} 份；manifest.json 有效（{len(manifest['units'])} 个单位）；"
              f"运行报告{'已' if (out / '运行报告.html').is_file() else '未'}写出；退出码 {result.exit_code}")
        for res in result.units:
            if res.name in names or not res.documents:
                first = next((p for p in res.problems if p.level == "错误"), res.problems[0] if res.problems else None)
                said = f"{first.level} {first.sheet}!{first.cell} {first.message}" if first else "无问题"
                print(f"  {res.name[:20]}：{'已生成' if res.documents else '未生成'}；{said[:90]}")
        for p in result.problems:
            print(f"  （不属于单位）{p.level} {p.file}：{p.message[:80]}")


if __name__ == "__main__":
    main()
