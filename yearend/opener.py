"""Open a workbook file: sniff what it really is, refuse zip bombs, decrypt, and hand
out its sheets through one of two readers (python-calamine, or openpyxl cell by cell
for a sheet whose extent would make calamine allocate the whole rectangle); and the
second look at an .xlsx's XML for error values and formulas with no cached value."""

from __future__ import annotations

import io
from pathlib import Path

from .attached import read_source
from .errors import WorkbookError
from .rawcells import RawTable, cell_ref, is_blank

# Sniffed from the first bytes, because clerks rename files freely.
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(path: Path, data: bytes) -> None:
    """Raise a WorkbookError for content that is not a spreadsheet at all."""
    if not data:
        raise WorkbookError("文件是空的（0 字节），请重新从 Excel/WPS 保存后再放入文件夹")
    if data.startswith(_ZIP):
        _not_a_bomb(data)
        return
    if data.startswith(_OLE):
        return
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta", b"<head")):
        raise WorkbookError(
            "文件实际是网页（HTML）格式，只是扩展名为 Excel。请用 Excel/WPS 打开它，"
            "再“另存为” Excel 工作簿（.xlsx）",
        )
    try:
        data[:4096].decode("utf-8")
        text = True
    except UnicodeDecodeError:
        text = b"\x00" not in data[:4096]
    if text:
        raise WorkbookError(
            "文件实际是文本（CSV 等）格式，不是 Excel 工作簿。请用 Excel/WPS 打开它，"
            "再“另存为” Excel 工作簿（.xlsx）",
        )
    raise WorkbookError("文件已损坏或不是 Excel 工作簿，无法读取。请用 Excel/WPS 打开后另存为 .xlsx")


# A unit's workbook unpacks to a few megabytes (a 100,000-row sheet to about 30). What
# unpacks to far more is a zip bomb or not a unit's data, and reading it would take
# gigabytes: refused before any reader sees it, by the sizes the zip declares.
MAX_PART = 256 * 1024**2
MAX_UNPACKED = 512 * 1024**2


def _not_a_bomb(data: bytes) -> None:
    import zipfile

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not readable as a zip: the reader names it as corrupt
    biggest = max(infos, key=lambda i: i.file_size, default=None)
    total = sum(i.file_size for i in infos)
    if biggest is not None and (biggest.file_size > MAX_PART or total > MAX_UNPACKED):
        raise WorkbookError(
            f"文件解压后有 {total // 1024**2} MB（其中“{biggest.filename}”{biggest.file_size // 1024**2} MB），"
            "远超一个单位的数据量，可能已损坏或是恶意构造的文件，未读取。请用 Excel/WPS 打开后另存为 .xlsx 再试")


def load_bytes(path: Path, password: str | None = None) -> bytes:
    """The workbook's bytes as a reader needs them: checked, and decrypted if need be."""
    data = read_source(path)  # a file, or a workbook inside a .zip attachment
    _sniff(path, data)
    if data.startswith(_OLE):
        data = _decrypt(path, data, password)
    return data


def _open(path: Path, password: str | None = None):
    """(calamine workbook, the bytes it was read from)."""
    import python_calamine as pc  # heavy: imported only when a workbook is read

    data = load_bytes(path, password)
    try:
        # from_filelike sniffs the format from the content, so an .xlsx renamed
        # .xls still opens.
        return pc.CalamineWorkbook.from_filelike(io.BytesIO(data)), data
    except pc.PasswordError as e:
        raise WorkbookError(
            "工作簿设有打开密码，无法读取。请在 Excel/WPS 中取消密码后另存，再放入文件夹"
        ) from e
    except Exception as e:  # calamine raises many kinds for broken files
        raise WorkbookError(UNREADABLE) from e


UNREADABLE = "文件已损坏或格式无法识别，无法读取。请用 Excel/WPS 打开后另存为 .xlsx"


def _decrypt(path: Path, data: bytes, password: str | None) -> bytes:
    """An encrypted workbook (an OLE container with an EncryptionInfo stream) opened
    with ``password``, or a WorkbookError saying it has one. A plain .xls comes back
    unchanged."""
    import msoffcrypto  # only for OLE files: .xls and encrypted .xlsx

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        encrypted = office.is_encrypted()
    except Exception:  # not an Office container msoffcrypto knows: let calamine judge it
        return data
    if not encrypted:
        return data
    if not password:
        raise WorkbookError("工作簿设有打开密码，无法读取。请加 --password 密码 重新运行，"
                                       "或在 Excel/WPS 中取消密码后另存，再放入文件夹")
    out = io.BytesIO()
    try:
        office.load_key(password=password)
        office.decrypt(out)
    except Exception as e:
        raise WorkbookError("工作簿设有打开密码，用 --password 给出的密码无法打开。请核对密码") from e
    return out.getvalue()


ERROR_VALUE = "单元格是错误值“{}”（公式出错），请改正公式或直接填写内容"
NO_CACHED_VALUE = ("单元格是公式，但文件中没有它的计算结果（文件可能由其他程序生成，未经 Excel/WPS 保存）。"
                   "请用 Excel/WPS 打开此文件、保存后重新运行，或直接填写内容")


def _second_look(data: bytes, tables: dict[str, RawTable]) -> dict[tuple[str, str], str]:
    """Why known cells that calamine returned empty are empty, where the file says more.

    calamine returns '' both for an error value (#N/A) and for a formula with no
    cached value (a file written by a program and never saved by Excel or WPS).
    openpyxl keeps them apart, so for a workbook whose sheets hold formulas or
    error values at all, the empty known cells of its data rows are looked up
    there: once for formulas and typed error values, and once more, for the
    formulas only, for their cached results.
    """
    if not data.startswith(_ZIP) or not _has_formulas(data):
        return {}
    wanted: dict[str, dict[int, list[int]]] = {}  # sheet → row number → columns
    for t in tables.values():
        for row in t.rows:
            cols = [c for key, c in t.columns.items() if key not in row.cells]
            if cols:
                wanted.setdefault(t.sheet, {})[row.number] = cols
    if not wanted:
        return {}
    found: dict[tuple[str, str], str] = {}
    formulas: dict[str, dict[int, list[int]]] = {}
    try:
        for sheet, number, c, cell in _cells(data, wanted, cached=False):
            if cell.data_type == "e":
                found[(sheet, cell_ref(number - 1, c))] = ERROR_VALUE.format(cell.value)
            elif cell.data_type == "f":
                formulas.setdefault(sheet, {}).setdefault(number, []).append(c)
        if formulas:
            for sheet, number, c, cell in _cells(data, formulas, cached=True):
                if cell.data_type == "e":
                    found[(sheet, cell_ref(number - 1, c))] = ERROR_VALUE.format(cell.value)
                elif cell.value is None:
                    found[(sheet, cell_ref(number - 1, c))] = NO_CACHED_VALUE
    except Exception:  # Strict OOXML and others openpyxl cannot open: the first look stands
        return found
    return found


def _cells(data: bytes, wanted: dict[str, dict[int, list[int]]], cached: bool):
    """(sheet, row number, column, openpyxl cell) for each wanted cell."""
    import openpyxl  # only for the rare workbook that needs a second look

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=cached)
    try:
        for sheet, rows in wanted.items():
            if sheet not in wb.sheetnames:
                continue
            first = min(rows)
            for number, cells in enumerate(wb[sheet].iter_rows(min_row=first, max_row=max(rows)), start=first):
                for c in rows.get(number, ()):
                    if c < len(cells):
                        yield sheet, number, c, cells[c]
    finally:
        wb.close()


# how a formula element starts, with the prefix a writer may give it (<f>, <f t=…>, <x:f>)
_FORMULA_STARTS = (b"<f>", b"<f ", b":f>", b":f ")


def may_hold_formulas(part: bytes) -> bool:
    """False when an XML part certainly holds no formula element (plain substring searches:
    a regular expression over every sheet was a fifth of reading a workbook)."""
    return any(start in part for start in _FORMULA_STARTS)


def _has_formulas(data: bytes) -> bool:
    """True when any worksheet part holds a formula (<f>, <x:f …>) or an error value (t="e")."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    part = z.read(name)
                    if b't="e"' in part or may_hold_formulas(part):
                        return True
    except Exception:
        return False
    return False


class _Calamine:
    """The sheets of a workbook as calamine reads them: fast, every format."""

    def __init__(self, wb):
        self.wb = wb
        self.names = list(wb.sheet_names)
        meta = {m.name: m for m in wb.sheets_metadata}
        # SheetVisibleEnum.Visible / .Hidden / .VeryHidden ("Visible" is in every one's class name)
        self.hidden = {n for n in self.names if n in meta and str(meta[n].visible).rsplit(".", 1)[-1] != "Visible"}

    def rows(self, name: str) -> list[list[object]]:
        return _trimmed(self.wb.get_sheet_by_name(name).to_python(skip_empty_area=False))


class _Sparse:
    """The sheets of an .xlsx/.xlsm read cell by cell (openpyxl, read-only, stored
    dimensions ignored): the second reader, for a sheet whose stated or actual extent
    (one stray cell at XFD1048576) makes calamine allocate the whole rectangle and die.
    Slower, but it holds only the cells that are there."""

    def __init__(self, data: bytes):
        import openpyxl  # only for the rare workbook calamine cannot read

        self.wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        self.names = list(self.wb.sheetnames)
        self.hidden = {n for n in self.names if getattr(self.wb[n], "sheet_state", "visible") != "visible"}

    def rows(self, name: str) -> list[list[object]]:
        ws = self.wb[name]
        if not hasattr(ws, "reset_dimensions"):  # a chartsheet: no cells
            return []
        ws.reset_dimensions()
        empty: list[object] = []
        return _trimmed([list(r) if r else empty for r in ws.iter_rows(values_only=True)])


def _trimmed(rows: list[list[object]]) -> list[list[object]]:
    # Trailing rows with no value at all cost nothing further on.
    while rows and all(is_blank(v) for v in rows[-1]):
        rows.pop()
    return rows


SPARSE_NOTE = ("这个工作簿中有工作表的范围大得异常（常见原因：表格以外很远处有单元格，如 XFD1048576），"
               "常规读取会耗尽内存，已改为逐格读取。建议在 Excel/WPS 中删除表格以外的行列后另存")


def is_ooxml(path: Path) -> bool:
    """Whether the file is a zip (an .xlsx or .xlsm by content), which the second reader can read."""
    try:
        return read_source(path)[:4] == _ZIP
    except (OSError, WorkbookError):
        return False
