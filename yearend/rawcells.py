"""The raw cells a workbook yields, with their real Excel addresses: what opening
and table-finding hand to ``model`` (which turns them into typed records)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import schema
from .errors import Problem


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
    headless: set[str] = field(default_factory=set)  # tables whose sheet was found by name but not its header

    def __post_init__(self) -> None:
        self.label = self.label or self.path.name


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
