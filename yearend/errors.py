"""The exceptions and the problem record shared by every stage.

Library code raises a ``YearendError`` subclass for what stops a whole file or
run, and returns ``Problem`` records for what is wrong inside a workbook; the
CLI turns both into Chinese messages and an exit code in one place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "错误"
WARNING = "警告"


class YearendError(Exception):
    """Base of every error the program raises on purpose; its text is for the user."""


class WorkbookError(YearendError):
    """Raised when a file cannot be read as a workbook at all (corrupt, encrypted, not a spreadsheet)."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


class TemplateProblem(YearendError):
    """Raised when a template cannot be rendered: an unknown variable, a syntax error, a sandbox breach."""


class OutputError(YearendError):
    """Raised when a document cannot be written safely inside the output folder."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with where it is and what to do about it."""

    level: str  # ERROR blocks the unit's documents, WARNING does not
    file: str
    sheet: str
    cell: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f" {self.sheet}"
            if self.cell:
                where += f"!{self.cell}"
        return f"[{self.level}] {where}：{self.message}"
