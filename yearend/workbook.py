"""Open a workbook and find its tables: the first stage of the pipeline.

Values are read with python-calamine (fast, and it decodes ``_x000D_`` escapes);
this module only locates tables and hands out raw cell values with their real
Excel addresses. Turning values into dates, numbers and names is ``model``'s job.
"""

from __future__ import annotations

from pathlib import Path

from . import schema
from .errors import ERROR, WARNING, Problem, WorkbookError
from .opener import SPARSE_NOTE, UNREADABLE, _Calamine, _open, _second_look, _Sparse, load_bytes
from .rawcells import RawCell, RawRow, RawTable, RawWorkbook, cell_ref, column_letter, is_blank

HEADER_SEARCH_ROWS = 10



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
            sub: dict[int, str] = {}
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
        keys: list[str | None] = [lookup.get(schema.normalise_header(v)) if isinstance(v, str) else None
                                  for _, v in filled]
        if len({k for k in keys if k}) >= 2 and all(keys) and r + 1 < len(rows):
            below = rows[r + 1]
            for (c, _), key in zip(filled, keys, strict=True):
                if key and c < len(below) and not is_blank(below[c]) and key not in out:
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


def read_workbook(path: Path, password: str | None = None, sparse: bool = False, label: str = "") -> RawWorkbook:
    """Find every known table in the workbook at ``path``; ``sparse``: with the second
    reader (``_Sparse``), for an .xlsx that the first cannot read without dying.

    Raises WorkbookError when the file cannot be opened at all; everything else
    wrong is a Problem in the result.
    """
    wb: _Sparse | _Calamine
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
    headless: set[str] = set()

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
                headless.add(key)
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

    return RawWorkbook(path, tables, unit, unit_sheet, problems, _second_look(data, tables), fname, headless)
