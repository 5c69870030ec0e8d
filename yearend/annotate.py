"""Annotated copies: each problem marked on a copy of the clerk's workbook.

The cell a problem names is filled (red for 错误, yellow for 警告) and carries a
comment with the message; a first sheet 问题清单 lists every problem of the file
with a link to its cell. The clerk's own file is only ever read.

An .xlsx or .xlsm is copied by editing its XML (patchbook), everything of the clerk's
kept; what patchbook leaves alone, openpyxl copies with its formatting. What openpyxl
cannot open either (.xls, Strict OOXML) is rebuilt from calamine's values into a plain
.xlsx, so every readable workbook gets its copy.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import warnings
from pathlib import Path

from . import opener, workers
from .errors import ERROR, WARNING, Problem
from .kinds import ANNOTATED
from .manifest import Document
from .ooxml import FIXED_DATE, excel_text, set_text, workbook_bytes
from .output import Writer, free_name, inside, is_inside, read_journal, safe_name, sha256_file, write_atomic

FOLDER = "问题标注"
LIST_SHEET = "问题清单"
FILLS = {ERROR: "FFC7CE", WARNING: "FFEB9C"}
RECORD = ".yearend.json"  # hashes of the annotated copies last written


def _copy(path: Path, password: str | None, problems: list[Problem]) -> tuple[bytes, bool] | None:
    """One annotated copy (in a worker process), or None when the file defeats openpyxl and calamine."""
    try:
        return annotated_copy(path, opener.load_bytes(path, password), problems)
    except Exception:  # whatever openpyxl or calamine make of an odd file
        return None


def write_annotations(paths: list[tuple[Path, str]], problems: list[Problem], output_dir: Path, password: str | None = None,
                      overwrite: bool = False, jobs: int = 1, run_id: str = "") -> tuple[list[Document], list[str]]:
    """An annotated copy under ``问题标注/`` of every workbook in ``paths`` (path, label)
    with problems;
    returns the copies, and the names of the workbooks whose copy could not be made
    (the copy is a courtesy: their problems are printed and in the manifest).

    ``check`` and ``build`` both write them, so their hashes are kept in a record of
    their own in that folder: a copy the clerk has edited is kept, as documents are.
    Our own copies of workbooks that no longer have problems are removed.
    """
    folder = output_dir / FOLDER
    record_path = folder / RECORD
    try:
        previous = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    if not isinstance(previous, dict):
        previous = {}
    # the record is a file a person can edit: only paths inside the output folder count
    previous = {k: v for k, v in previous.items() if isinstance(k, str) and isinstance(v, str) and is_inside(output_dir, k)}
    ours: dict[str, set[str]] = {k: {v} for k, v in previous.items()}
    for entry in read_journal(output_dir):  # copies written by a run that stopped before its record
        if entry["path"].startswith(FOLDER + "/"):
            ours.setdefault(entry["path"], set()).add(entry["sha256"])
    writer = Writer(output_dir, ours, overwrite, run_id)
    written: list[Document] = []
    failed: list[str] = []
    by_file: dict[str, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.file, []).append(p)
    todo = [(path, label) for path, label in paths if label in by_file]
    # in worker processes: a copy is tens of milliseconds (patchbook) to a third of a second
    # (openpyxl), and a file that kills openpyxl costs only its own copy
    taken: set[str] = set()
    # closed however the loop ends (Ctrl-C: see workers.isolated)
    with contextlib.closing(workers.isolated(_copy, [(path, password, by_file[label]) for path, label in todo],
                                             jobs)) as made:
        for (path, label), copy in zip(todo, made, strict=True):
            if copy is None or isinstance(copy, (workers.Died, workers.Raised)):
                failed.append(label)
                continue
            data, rebuilt = copy
            name = Path(copy_name(path, rebuilt))
            # a workbook in a subfolder: the folder's name before its own, so two units' 报表.xlsx stay apart
            stem = safe_name("_".join([*Path(label).parent.parts, name.stem]))
            # 甲局/报表.xlsx and 甲局_报表.xlsx make one name: the second gets _2 (files are in a fixed order)
            stem = free_name(stem, taken)
            taken.add(stem.casefold())
            done = writer.write(f"{FOLDER}/{stem}{name.suffix}", data, {"kind": ANNOTATED, "source": label})
            written.append(Document(ANNOTATED, done.path, done.sha256, source=label, kept=done.kept))
    kept = {d.path for d in written}
    for relative, digest in previous.items():
        target = inside(output_dir, relative)
        if relative not in kept and target.is_file() and sha256_file(target) == digest:
            target.unlink()  # ours, unchanged, and its workbook is fixed now
    if written or previous:
        folder.mkdir(parents=True, exist_ok=True)
        record = {d.path: d.sha256 for d in written}
        write_atomic(record_path, json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
    return written, failed


def copy_name(source: Path, rebuilt: bool) -> str:
    suffix = ".xlsm" if source.suffix.lower() == ".xlsm" and not rebuilt else ".xlsx"
    return f"{source.stem}（问题标注）{suffix}"


def annotated_copy(source: Path, data: bytes, problems: list[Problem]) -> tuple[bytes, bool]:
    """(the annotated workbook's bytes, whether it had to be rebuilt from values).

    ``data`` is the workbook as read (decrypted when it had a password).
    """
    from .patchbook import patched

    macros = source.suffix.lower() == ".xlsm"
    if macros or source.suffix.lower() == ".xlsx":  # the clerk's own file, with marks added to its XML
        found = patched(data, problems, FILLS, LIST_SHEET, _DANGEROUS_FORMULA, macros)
        if found is not None:
            return found, False
    import openpyxl  # heavy: for what patchbook leaves (see there), and for .xls

    rebuilt = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
        try:
            # links to other workbooks are not carried: opening the copy would fetch them
            # (a \\server\share path sends the clerk's Windows credentials there)
            wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=macros, keep_links=False)
        except Exception:  # .xls, Strict OOXML: openpyxl cannot open them
            wb = None
        if wb is None or not wb.worksheets:  # a Strict file may also open with no sheets at all
            wb, rebuilt = _rebuild(data), True
    problems = problems + ([] if rebuilt else _neutralise(wb, data, problems[0].file if problems else source.name))
    _mark(wb, problems)
    return workbook_bytes(wb), rebuilt


# A formula that runs another program (DDE: =cmd|' /C calc'!A0) or reads another workbook
# ([1]Sheet1!A1, \\server\share\book.xlsx): in the copy it becomes the text it was.
# ([1]Sheet1!A1 and '[1]Sheet 1'!A1 name another workbook; 表1[2025] is a column of a table here)
_DANGEROUS_FORMULA = re.compile(r"\w\|'?[^!]*'?!|\[\d+\][^!]*!|\\\\|https?://", re.IGNORECASE)


def _neutralise(wb, data: bytes, label: str) -> list[Problem]:
    """Formulas that would run a program or read a file elsewhere made text, and links to
    other workbooks (already not loaded) named: the problems the copy's list adds."""
    import zipfile

    found = []
    # only the cells that exist: iter_rows would create every cell of the used range, and a
    # stray cell at XFD1048576 makes that range seventeen billion cells. Every sheet, wherever
    # the workbook stores it: this is the copy patchbook left to openpyxl, the odd file
    for ws in wb.worksheets:
        for cell in list(getattr(ws, "_cells", {}).values()):
            if cell.data_type == "f" and isinstance(cell.value, str) and _DANGEROUS_FORMULA.search(cell.value):
                set_text(cell, cell.value)
                found.append(Problem(WARNING, label, ws.title, cell.coordinate,
                                     "这一格的公式会调用其他程序或读取其他文件（DDE 或外部链接），"
                                     "在标注副本中已改为文字，不会执行。原工作簿未改动，请核对这个公式"))
    try:
        links = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("xl/externalLinks/")
                 and n.endswith(".xml")]
    except zipfile.BadZipFile:
        links = []
    if links:
        found.append(Problem(WARNING, label, "", "", f"工作簿链接了 {len(links)} 个外部文件，标注副本中已去掉这些链接，"
                                                      "打开副本时不会去读取它们。原工作簿未改动"))
    return found


def _rebuild(data: bytes):
    """A plain workbook holding the values of every sheet, as calamine reads them."""
    import openpyxl
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    wb = openpyxl.Workbook()
    wb.properties.created = FIXED_DATE
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
        cell.comment = Comment(excel_text(text), "yearend", width=320, height=min(400, 80 + 40 * len(found)))

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
    for letter, width in zip("ABCD", (8, 14, 10, 90), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
