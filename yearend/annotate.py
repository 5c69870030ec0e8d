"""Annotated copies: each problem marked on a copy of the clerk's workbook.

The cell a problem names is filled (red for 错误, yellow for 警告) and carries a
comment with the message; a first sheet 问题清单 lists every problem of the file
with a link to its cell. The clerk's own file is only ever read.

openpyxl copies an .xlsx or .xlsm with its formatting. What openpyxl cannot open
(.xls, Strict OOXML) is rebuilt from calamine's values into a plain .xlsx, so
every readable workbook gets its copy.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from pathlib import Path

from .errors import ERROR, Problem
from .render import normalise_zip

FOLDER = "问题标注"
LIST_SHEET = "问题清单"
FILLS = {ERROR: "FFC7CE", "警告": "FFEB9C"}
_FORMULA_START = ("=", "+", "-", "@")
NEW_WORKBOOK_DATE = dt.datetime(2000, 1, 1)  # what a workbook we make from nothing is dated


def set_text(cell, value) -> None:
    """Write ``value`` into an openpyxl cell; text that starts like a formula stays text
    (a sheet or cell text such as ``=HYPERLINK(…)`` is never run in the clerk's Excel)."""
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"


def copy_name(source: Path, rebuilt: bool) -> str:
    suffix = ".xlsm" if source.suffix.lower() == ".xlsm" and not rebuilt else ".xlsx"
    return f"{source.stem}（问题标注）{suffix}"


def annotated_copy(source: Path, data: bytes, problems: list[Problem]) -> tuple[bytes, bool]:
    """(the annotated workbook's bytes, whether it had to be rebuilt from values).

    ``data`` is the workbook as read (decrypted when it had a password).
    """
    import openpyxl  # heavy: only when a workbook has problems

    rebuilt = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=source.suffix.lower() == ".xlsm")
        except Exception:  # .xls, Strict OOXML: openpyxl cannot open them
            wb, rebuilt = _rebuild(data), True
    _mark(wb, problems)
    return workbook_bytes(wb), rebuilt


def workbook_bytes(wb) -> bytes:
    """The .xlsx bytes of an openpyxl workbook, the same for the same content.

    ``Workbook.save`` stamps the current time as the modified date, so the
    workbook is written through ``ExcelWriter`` with the date it was created
    (the clerk's own date for a copy, ``NEW_WORKBOOK_DATE`` for a new one).
    """
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    props = wb.properties
    props.modified = props.created = props.created or NEW_WORKBOOK_DATE
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_zip(out.getvalue())


def _rebuild(data: bytes):
    """A plain workbook holding the values of every sheet, as calamine reads them."""
    import openpyxl
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    wb = openpyxl.Workbook()
    wb.properties.created = NEW_WORKBOOK_DATE
    wb.remove(wb.active)
    for name in book.sheet_names:
        ws = wb.create_sheet(name[:31])
        for r, row in enumerate(book.get_sheet_by_name(name).to_python(skip_empty_area=False), start=1):
            for c, value in enumerate(row, start=1):
                if value not in ("", None):
                    set_text(ws.cell(r, c), value)
    return wb


def _mark(wb, problems: list[Problem]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    by_cell: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        if p.sheet in wb.sheetnames and p.cell:
            by_cell.setdefault((p.sheet, p.cell), []).append(p)
    for (sheet, ref), found in by_cell.items():
        cell = wb[sheet][ref]
        level = ERROR if any(p.level == ERROR for p in found) else found[0].level
        cell.fill = PatternFill("solid", fgColor=FILLS[level])
        text = "\n".join(f"【{p.level}】{p.message}" for p in found)
        cell.comment = Comment(text, "yearend", width=320, height=min(400, 80 + 40 * len(found)))

    name = LIST_SHEET
    while name in wb.sheetnames:
        name += "_"
    ws = wb.create_sheet(name, 0)
    wb.active = 0
    for sheet in wb.worksheets[1:]:
        sheet.sheet_view.tabSelected = False
    ws.append(["级别", "工作表", "单元格", "问题"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for p in problems:
        row = ws.max_row + 1
        for col, value in enumerate((p.level, p.sheet, p.cell, p.message), start=1):
            set_text(ws.cell(row, col), value)
        ws.cell(row, 1).fill = PatternFill("solid", fgColor=FILLS.get(p.level, FILLS[ERROR]))
        if p.sheet in wb.sheetnames and p.cell:
            link = ws.cell(row, 3)
            link.hyperlink = f"#'{p.sheet}'!{p.cell}"
            link.font = Font(color="0563C1", underline="single")
    for col, width in zip("ABCD", (8, 14, 10, 90), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
