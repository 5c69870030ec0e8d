"""Build unit workbooks in code, so each test shows its data next to its assertion."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import Workbook

from yearend.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "input_samples"

# one training in March for everyone: enough for the kinds that need a 培训记录
TRAININGS = [{"日期": "2025-03-01", "主题": "写作", "学时": 2, "参训人员": "全体"}]

MEMBER_HEADERS = ["姓名", "部门", "性别", "出生年月", "政治面貌", "职务", "队伍类别", "层级", "领导小组职务", "入队日期", "离队日期",
                  "联系电话"]


def run(*args: str, width: int | None = None) -> Result:
    """The command line, in this process, as ``generate.py``: exit code and everything it printed.
    ``width`` fixes the terminal width that help and usage text are wrapped to (otherwise
    click asks the terminal, as it does for a clerk)."""
    extra = {} if width is None else {"terminal_width": width}
    return CliRunner().invoke(cli, list(args), prog_name="generate.py", **extra)


def make_workbook(
    folder: Path,
    name: str = "单位.xlsx",
    unit: dict | list | None = None,
    members: list[dict] | None = None,
    trainings: list[dict] | None = None,
    sheets: dict[str, list[list]] | None = None,
    title_rows: int = 0,
    start_col: int = 1,
) -> Path:
    """A workbook with a 单位信息 sheet, a 人员名册 and optionally a 培训记录.

    ``unit`` is a dict of key → value (vertical layout) or a list of rows written
    as they are. ``members`` and ``trainings`` are dicts keyed by header; the
    headers are the union of keys in order of first use. ``sheets`` adds raw
    sheets (name → rows). ``title_rows`` puts that many title lines above each
    table's header; ``start_col`` shifts tables right (2 → the table starts in B).
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "单位信息"
    if isinstance(unit, list):
        for row in unit:
            ws.append(row)
    else:
        for k, v in ({"单位名称": "测试局", "年度": 2025} if unit is None else unit).items():
            ws.append([k, v])
    if members is not None:
        _table(wb, "人员名册", members, title_rows, start_col)
    if trainings is not None:
        _table(wb, "培训记录", trainings, title_rows, start_col)
    for sheet, rows in (sheets or {}).items():
        s = wb.create_sheet(sheet)
        for row in rows:
            s.append(row)
    path = Path(folder) / name
    wb.save(path)
    return path


def unit(folder: Path, name: str, file: str | None = None, year: int = 2025, **extra) -> Path:
    """The workbook ``file`` (default ``name``.xlsx) of a unit called ``name``, in ``folder``
    (made if need be): 张三 (the group's 组长) and 李四, and TRAININGS; ``extra`` adds to or
    overrides its 单位信息."""
    folder.mkdir(parents=True, exist_ok=True)
    return make_workbook(folder, file or f"{name}.xlsx", unit={"单位名称": name, "年度": year, **extra},
                         members=[member("张三", 领导小组职务="组长"), member("李四")], trainings=TRAININGS)


def _table(wb, title: str, rows: list[dict], title_rows: int, start_col: int) -> None:
    ws = wb.create_sheet(title)
    headers: list[str] = []
    for r in rows:
        for k in r:
            if k not in headers:
                headers.append(k)
    pad = [None] * (start_col - 1)
    for i in range(title_rows):
        ws.append(pad + ([f"{title}（标题行）"] if i == 0 else ["填表单位：测试局"]))
    ws.append(pad + headers)
    for r in rows:
        ws.append(pad + [r.get(h) for h in headers])


def member(name: str, dept: str = "办公室", **extra) -> dict:
    return {"姓名": name, "部门": dept, **extra}


def context_of(res) -> dict:
    """A gathered unit's full template context, as its worker computes it (gather itself
    computes no figures: they are computed with each unit's documents)."""
    from yearend import figures
    from yearend.render import Cleaned, clean

    return Cleaned(clean(figures.context(res.model, res.previous)))
