#!/usr/bin/env python3
"""Print units unlike the samples and measure what a director would see.

    python scripts/check_units.py [--units 50] [--first 1] [-o folder]

Makes ``--units`` seeded units (tests/units.py: 局, 镇, 街道办事处, 中学, 医院 of 3 to 300
members, one to four categories, long departments and posts, leavers, 舆情 or none), builds
every kind, prints each document (and each unit's first personal summary) to PDF with
LibreOffice as ``build --pdf`` does, and checks every page (tests/printed.py): no short
word or name broken inside a table cell (nor an item of a 、 list, nor a long name inside
one of its words), no punctuation mark lost in print, no signature alone on a page, no page but the
last more than a third blank, one page a member on the form, one size in each cell.
Prints each failure and exits 1 if there is any. Prints as a plain ``soffice --convert-to
pdf`` does (LibreOffice's own substitute fonts, the wider digits); ``--stand-ins`` prints
as ``build --pdf`` does. Takes minutes: on demand, not in CI
(tests/test_varied.py runs the same checks on a handful of units there).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from printed import (  # noqa: E402
    TABLE_KINDS,
    blank_pages,
    broken_items,
    broken_names,
    broken_phones,
    broken_words,
    forms_spilling,
    leads_left,
    lost_marks,
    mixed_sizes,
    pages,
    paragraphs,
    signature_alone,
    to_print,
)
from units import describe, make  # noqa: E402

from yearend import build  # noqa: E402
from yearend.pdf import convert  # noqa: E402


def check(out: Path, result, stand_ins: bool = False) -> dict[str, list[str]]:
    """Each document's failures (path → messages), from the build's ``result`` in ``out``."""
    found: dict[str, list[str]] = defaultdict(list)
    for batch in to_print(result):  # a unit at a time: LibreOffice's time limit is per batch
        done, failed = convert([out / d.path for d in batch], out / "_pdf", stand_ins=stand_ins)
        for path in failed:
            found[str(path.relative_to(out))].append("未能转换成 PDF")
        pdfs = {d.name: pdf for d, pdf in done.items()}
        for d in batch:
            if Path(d.path).name in pdfs:
                found[d.path] += _checks(out, d.path, d.kind, pages(pdfs[Path(d.path).name]))
    return {k: v for k, v in found.items() if v}


def _checks(out: Path, path: str, kind: str, doc) -> list[str]:
    """One printed document's failures."""
    texts = paragraphs(out / path)
    found = [f"第{n}页 断开：{a}｜{b}" for n, a, b in broken_words(doc, texts)] if kind in TABLE_KINDS else []
    if kind in TABLE_KINDS:
        cells = paragraphs(out / path, in_cells=True)
        found += [f"第{n}页 列举的名称断开：{a}｜{b}" for n, a, b in broken_items(doc, cells)]
        found += [f"第{n}页 名称在词中断开：{split}" for n, split in broken_names(doc, cells)]
    found += [f"印出来少了 {k} 个“{m}”" for m, k in lost_marks(doc, texts).items()]
    found += [f"第{n}页 落款单独成页" for n in signature_alone(doc)]
    found += [f"第{n}页 电话号码断开：{a}｜{b}" for n, a, b in broken_phones(doc)]
    found += [f"第{n}页 只排了{filled:.0%}" for n, filled in blank_pages(doc)]
    found += [f"第{n}页 末行引出下页的列表：{text}" for n, text in leads_left(doc, texts)]
    if kind == "member_form":
        found += [f"第{n}页 不是恰好一人" for n in forms_spilling(doc)]
    return found + [f"单元格字号不一：{text}" for text in mixed_sizes(out / path)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成一批与样例不同的单位，打印成 PDF，逐页检查")
    ap.add_argument("--units", type=int, default=50)
    ap.add_argument("--first", type=int, default=1, help="第一个单位的种子")
    ap.add_argument("-o", "--output", type=Path, default=None, help="保留输入和输出的文件夹（默认用临时文件夹）")
    ap.add_argument("--stand-ins", action="store_true", help="像 build --pdf 那样用 Noto CJK 代替 Windows 字体打印")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        where = args.output or Path(tmp)
        inp, out = where / "in", where / "out"
        for seed in range(args.first, args.first + args.units):
            make(inp, seed)
            print(f"单位{seed}：{describe(seed)}")
        result = build.build(build.Options(inp, out, force=True))
        failures = check(out, result, args.stand_ins)
        for path, messages in sorted(failures.items()):
            print(path)
            for m in messages:
                print("   ", m)
        print(f"{args.units} 个单位，{sum(len(u.documents) for u in result.units)} 份文档，"
              f"{len(failures)} 份有问题，共 {sum(len(v) for v in failures.values())} 处")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
