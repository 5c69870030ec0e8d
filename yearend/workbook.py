"""Open a workbook and find its tables: the first stage of the pipeline.

Values are read with python-calamine (fast, and it decodes ``_x000D_`` escapes);
this module only locates tables and hands out raw cell values with their real
Excel addresses. Turning values into dates, numbers and names is ``model``'s job.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import schema
from .errors import ERROR, WARNING, Problem, WorkbookError

HEADER_SEARCH_ROWS = 10

# Sniffed from the first bytes, because clerks rename files freely.
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based row and column → ``C7``."""
    return f"{column_letter(col)}{row + 1}"


class RawCell(NamedTuple):
    # A tuple, not a dataclass: a 100,000-row sheet makes hundreds of thousands.
    value: object
    ref: str


@dataclass
class RawRow:
    number: int  # Excel row number, 1-based
    cells: dict[str, RawCell]  # column key → cell, only non-empty cells
    extras: dict[str, RawCell] = field(default_factory=dict)  # unknown header → cell


@dataclass
class RawTable:
    table: schema.Table
    sheet: str
    header_row: int  # Excel row number of the (last) header row
    columns: dict[str, int]  # column key → 0-based column index
    extra_columns: dict[str, int]  # header text as written → column index
    rows: list[RawRow]

    def ref(self, key: str, row_number: int) -> str:
        """The address of column ``key`` in Excel row ``row_number``, filled or not."""
        return cell_ref(row_number - 1, self.columns[key])


@dataclass
class RawWorkbook:
    path: Path
    tables: dict[str, RawTable]
    unit: dict[str, RawCell]  # unit key → value cell
    unit_sheet: str
    problems: list[Problem]
    # (sheet, ref) → why a cell that calamine gave as empty is not really empty
    hidden: dict[tuple[str, str], str] = field(default_factory=dict)
    label: str = ""  # how problems name the file: its path under the input folder

    def __post_init__(self) -> None:
        self.label = self.label or self.path.name


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


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
    data = path.read_bytes()
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


def _has_formulas(data: bytes) -> bool:
    """True when any worksheet part holds a formula (<f>) or an error value (t="e")."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    part = z.read(name)
                    if b"<f>" in part or b"<f " in part or b't="e"' in part:
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


def _match_sheet_name(name: str) -> str | None:
    norm = schema.normalise_header(name)
    if norm in schema.SHEET_LOOKUP:
        return schema.SHEET_LOOKUP[norm]
    # "2025年人员名册" and similar: the longest known name inside the sheet name.
    best = None
    for spelling, key in schema.SHEET_LOOKUP.items():
        if len(spelling) >= 2 and spelling in norm and (best is None or len(spelling) > len(best[0])):
            best = (spelling, key)
    return best[1] if best else None


def _row_matches(table: schema.Table, row: list[object]) -> dict[int, str]:
    lookup = schema.HEADER_LOOKUP[table.key]
    found: dict[int, str] = {}
    for col, value in enumerate(row):
        if isinstance(value, str):
            key = lookup.get(schema.normalise_header(value))
            if key and key not in found.values():
                found[col] = key
    return found


def _find_header(table: schema.Table, rows: list[list[object]]):
    """The header of ``table`` in the top rows: (last header row index, {col: key}, {col: text}).

    A header row is the first row matching at least two known columns. A second
    header row under it (a merged two-row header) is folded in when its cells only
    fill the gaps the first row leaves.
    """
    ignored = {schema.normalise_header(x) for x in table.ignored}
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        found = _row_matches(table, rows[r])
        if len(found) < 2:
            continue
        texts = {c: str(v).strip() for c, v in enumerate(rows[r]) if not is_blank(v)}
        last = r
        if r + 1 < len(rows):
            below = {c: v for c, v in enumerate(rows[r + 1]) if not is_blank(v)}
            lookup = schema.HEADER_LOOKUP[table.key]
            fills_gaps = below and all(c not in found for c in below)
            sub = {}
            if fills_gaps:
                for c, v in below.items():
                    group = texts.get(c, "")
                    for candidate in (str(v), group + str(v)):
                        key = lookup.get(schema.normalise_header(candidate))
                        if key and key not in found.values() and key not in sub.values():
                            sub[c] = key
                            break
            if sub and all(isinstance(v, str) for v in below.values()):
                found.update(sub)
                for c, v in below.items():
                    texts[c] = str(v).strip()
                last = r + 1
        extras = {
            c: t
            for c, t in texts.items()
            if c not in found and schema.normalise_header(t) not in ignored and schema.normalise_header(t)
        }
        return last, found, extras
    return None


def _row_kind(row: list[object]) -> str:
    """'empty', 'note' (填表说明 and 注 below the table), 'total' (合计 rows) or 'data'."""
    firsts = []
    for v in row:
        # is_blank, written out: this runs for every cell of every row
        if v is None or v == "" or (type(v) is str and not v.strip()):
            continue
        firsts.append(v)
        if len(firsts) == 2:
            break
    if not firsts:
        return "empty"
    if isinstance(firsts[0], str) and firsts[0].strip().startswith(schema.NOTE_PREFIXES):
        return "note"
    for v in firsts:
        # every total word ends in 计; the cheap test spares normalising each cell
        if isinstance(v, str) and "计" in v and schema.normalise_header(v) in schema.TOTAL_WORDS:
            return "total"
    return "data"


def _filled(row: list[object], columns: list[tuple[int, object]], n: int, number: str, letters) -> dict:
    out = {}
    for c, key in columns:
        if c < n:
            v = row[c]
            if v is None or v == "" or (type(v) is str and not v.strip()):  # is_blank, written out
                continue
            out[key] = RawCell(v, letters[c] + number)
    return out


MAX_METRICS = 50  # work metric columns counted; a wider sheet is named, not ground through


def _read_table(table: schema.Table, sheet: str, rows: list[list[object]], header) -> RawTable:
    last, found, extras = header
    # Only the work sheet's unknown columns mean something (each is a metric).
    extras = dict(list(extras.items())[:MAX_METRICS]) if table.key == "work" else {}
    # Column letters once per column: computing them per cell was most of the
    # time on a 100,000-row sheet.
    letters = {c: column_letter(c) for c in (*found, *extras)}
    known, other = list(found.items()), list(extras.items())
    data: list[RawRow] = []
    for r in range(last + 1, len(rows)):
        row = rows[r]
        kind = _row_kind(row)
        if kind == "note":
            break  # nothing after the notes is data
        if kind != "data":
            continue
        n, number = len(row), str(r + 1)
        cells = _filled(row, known, n, number, letters)
        extra = _filled(row, other, n, number, letters) if other else {}
        if cells or extra:
            data.append(RawRow(r + 1, cells, extra))
    return RawTable(
        table, sheet, last + 1, {k: c for c, k in found.items()}, {t: c for c, t in extras.items()}, data
    )


def _too_wide(table: schema.Table, sheet: str, header, problems: list[Problem], fname: str) -> None:
    last, _, extras = header
    if table.key == "work" and len(extras) > MAX_METRICS:
        first_left_out = sorted(extras)[MAX_METRICS]
        problems.append(Problem(
            WARNING, fname, sheet, cell_ref(last, first_left_out),
            f"工作量表有 {len(extras)} 个指标列，只统计前 {MAX_METRICS} 个；从“{extras[first_left_out]}”"
            f"（{column_letter(first_left_out)} 列）起未统计。请删除多余的列，或把指标合并"))


def _read_unit(rows: list[list[object]]) -> dict[str, RawCell]:
    """Key/value pairs: a key and the next non-empty cell as its value (one or more
    pairs a row); or, on a row of two or more keys with nothing beside them, keys
    across the row with the values in the row under them."""
    lookup = schema.HEADER_LOOKUP["unit"]
    out: dict[str, RawCell] = {}
    for r, row in enumerate(rows):
        filled = [(c, v) for c, v in enumerate(row) if not is_blank(v)]
        keys = [lookup.get(schema.normalise_header(v)) if isinstance(v, str) else None for _, v in filled]
        if len({k for k in keys if k}) >= 2 and all(keys) and r + 1 < len(rows):
            below = rows[r + 1]
            for (c, _), key in zip(filled, keys, strict=True):
                if c < len(below) and not is_blank(below[c]) and key not in out:
                    out[key] = RawCell(below[c], cell_ref(r + 1, c))
            continue
        i = 0
        while i < len(filled):
            key = keys[i]
            if key and i + 1 < len(filled):
                c, v = filled[i + 1]
                out.setdefault(key, RawCell(v, cell_ref(r, c)))
                i += 2
            else:
                i += 1
    return out


def is_ooxml(path: Path) -> bool:
    """Whether the file is a zip (an .xlsx or .xlsm by content), which the second reader can read."""
    with open(path, "rb") as f:
        return f.read(4) == _ZIP


def read_workbook(path: Path, password: str | None = None, sparse: bool = False, label: str = "") -> RawWorkbook:
    """Find every known table in the workbook at ``path``; ``sparse``: with the second
    reader (``_Sparse``), for an .xlsx that the first cannot read without dying.

    Raises WorkbookError when the file cannot be opened at all; everything else
    wrong is a Problem in the result.
    """
    if sparse:
        data = load_bytes(path, password)
        try:
            wb = _Sparse(data)
        except Exception as e:
            raise WorkbookError(UNREADABLE) from e
    else:
        book, data = _open(path, password)
        wb = _Calamine(book)
    problems: list[Problem] = []
    fname = label or path.name
    if sparse:
        problems.append(Problem(WARNING, fname, "", "", SPARSE_NOTE))
    tables: dict[str, RawTable] = {}
    unit: dict[str, RawCell] = {}
    unit_sheet = ""

    def take(table: schema.Table, name: str, rows: list[list[object]], header) -> None:
        tables[table.key] = _read_table(table, name, rows, header)
        _too_wide(table, name, header, problems, fname)

    try:
        # visible sheets first: a hidden old copy of a table never wins over the visible one
        names = [n for n in wb.names if n not in wb.hidden] + [n for n in wb.names if n in wb.hidden]
        loaded: dict[str, list[list[object]]] = {}

        def rows_of(name: str) -> list[list[object]]:
            if name not in loaded:
                loaded[name] = wb.rows(name)
            return loaded[name]

        claimed: set[str] = set()
        # 1. by sheet name (hidden sheets too, after the visible ones: a clerk may hide a
        # sheet that is still data)
        for name in names:
            key = _match_sheet_name(name)
            if key is None:
                continue
            if key in tables or (key == "unit" and unit_sheet):
                problems.append(Problem(WARNING, fname, name, "",
                                        f"与工作表“{tables[key].sheet if key in tables else unit_sheet}”重复，"
                                        "本表未读取。如需使用，请把两表合并"))
                claimed.add(name)
                continue
            rows = rows_of(name)
            claimed.add(name)
            if key == "unit":
                unit, unit_sheet = _read_unit(rows), name
                continue
            table = schema.TABLES_BY_KEY[key]
            header = _find_header(table, rows)
            if header is None:
                problems.append(Problem(
                    ERROR if table.required else WARNING, fname, name, "",
                    f"前 {HEADER_SEARCH_ROWS} 行中找不到表头（至少两个列名，如"
                    f"“{'”“'.join(c.header for c in table.columns if c.required)}”），本表未读取",
                ))
                continue
            take(table, name, rows, header)

        # 2. by header row, for visible sheets whose name is unknown
        for name in names:
            if name in claimed or name in wb.hidden:
                continue
            rows = rows_of(name)
            if not unit_sheet:
                candidate = _read_unit(rows[:40])
                if "name" in candidate and "year" in candidate:
                    unit, unit_sheet = _read_unit(rows), name
                    continue
            best = None
            for table in schema.TABLES[1:]:
                if table.key in tables:
                    continue
                header = _find_header(table, rows)
                if header is None:
                    continue
                keys = set(header[1].values())
                if not all(c.key in keys for c in table.columns if c.required):
                    continue
                if best is None or len(keys) > len(best[1][1]):
                    best = (table, header)
            if best:
                take(best[0], name, rows, best[1])
    except WorkbookError:
        raise
    except Exception as e:  # a sheet calamine cannot decode
        raise WorkbookError("工作表内容无法解析，文件可能已损坏。请用 Excel/WPS 打开后另存为 .xlsx") from e

    return RawWorkbook(path, tables, unit, unit_sheet, problems, _second_look(data, tables), fname)
