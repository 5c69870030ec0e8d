"""One workbook's tables as model.py reads them: the problems found so far, and each
table's rows with the checks every reader makes (required cells, kinds, closed lists).
opinions.py and outlets.py read their sheets through the same Table."""

from __future__ import annotations

from collections import Counter

from .errors import ERROR, WARNING, Level, Problem
from .readers import CONTROL, READERS, BadValue, control_characters


class Problems:
    """The problems of one workbook, collected as its tables are read."""

    def __init__(self, raw):
        self.file = raw.label
        self.hidden = raw.hidden
        self.found: list[Problem] = list(raw.problems)
        self.years: Counter[int] = Counter()  # the year of every training date and work month read
        self.unread: set[str] = set()  # names of roster rows not read for an error of their own
        self.outside: set[Problem] = set()  # dates outside the year: one problem in all if the 年度 is wrong
        self.roster_read = False  # the roster gave members (set once it is read)

    def follows_from_roster(self, names: list[str]) -> bool:
        """Names missing only through the roster's own error (none read, or their rows in error): not reported again."""
        return not self.roster_read or all(n in self.unread for n in names)

    def add(self, level: Level, sheet: str, cell: str, message: str, outside: bool = False) -> None:
        """A problem; ``outside``: of a date outside the year, held back when the 年度 itself is wrong."""
        self.found.append(Problem(level, self.file, sheet, cell, message))
        if outside:
            self.outside.add(self.found[-1])

    def value(self, sheet: str, cell, kind: str, label: str):
        """Read one cell with the reader for ``kind``; None (and a problem) if it cannot be read."""
        if cell is None:
            return None
        try:
            value = READERS[kind](cell.value)
        except BadValue as e:
            self.add(ERROR, sheet, cell.ref, f"{label}：{e}")
            return None
        if isinstance(value, str) and CONTROL.search(value):
            self.add(WARNING, sheet, cell.ref,
                     f"{label}中有 Word 文档无法容纳的控制字符（{'、'.join(control_characters(value))}），"
                     "已删除，其余文字照用。请核对这一格的内容")
            value = CONTROL.sub("", value)
        return value


class Table:
    """One table of the workbook for reading: ``rows`` is empty when the table is absent
    (``present`` False) or lacks a required column (named as a problem)."""

    def __init__(self, raw, key: str, problems: Problems):
        self.raw = raw.tables.get(key)
        self.problems = problems
        self.present = self.raw is not None
        self.headless = key in raw.headless  # its sheet is there, its header not: named as such already
        self.rows = []
        if self.raw is None:
            return
        t = self.raw
        self.sheet = t.sheet
        missing = [c for c in t.table.columns if c.required and c.key not in t.columns]
        for c in missing:
            problems.add(ERROR, t.sheet, "",
                         f"缺少必填列“{c.header}”（表头在第 {t.header_row} 行），请在表头中添加这一列后重新运行")
        self.complete = not missing
        if not missing:
            self.rows = t.rows

    def required(self, row, key: str):
        col = self.raw.table.column(key)
        cell = row.cells.get(key)
        if cell is None:
            ref = self.raw.ref(key, row.number)
            if (self.sheet, ref) not in self.problems.hidden:  # an error value or formula: reported as such
                self.problems.add(ERROR, self.sheet, ref, f"“{col.header}”未填写，这是必填项，请补充")
            return None
        return self.problems.value(self.sheet, cell, col.kind, col.header)

    def all_required(self, row, *keys: str) -> tuple | None:
        """The values of the required columns ``keys`` of ``row``, or None when one is missing
        (each missing one named as a problem)."""
        values = tuple(self.required(row, key) for key in keys)
        return None if any(v is None or v == "" for v in values) else values

    def optional(self, row, key: str, default=None):
        if key not in self.raw.columns or key not in row.cells:
            return default
        col = self.raw.table.column(key)
        v = self.problems.value(self.sheet, row.cells[key], col.kind, col.header)
        return default if v is None else v

    def warn(self, row, key: str, message: str, outside: bool = False) -> None:
        """A warning on ``row``'s cell of ``key``; ``outside``: a date outside the year."""
        self.problems.add(WARNING, self.sheet, row.cells[key].ref, message, outside)

    def closed(self, row, key: str, value: str, allowed: tuple[str, ...]) -> None:
        """A warning when ``value`` is not one of the usual values of its column."""
        if value and value not in allowed and key in row.cells:
            header = self.raw.table.column(key).header
            self.warn(row, key, f"{header}“{value}”不在常用值（{'、'.join(allowed)}）中，已按原样使用；如是笔误请改正")
