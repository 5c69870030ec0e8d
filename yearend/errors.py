"""The exceptions, the problem record and the problem levels shared by every stage.

Library code raises a ``YearendError`` subclass for what stops a whole file or
run, and returns ``Problem`` records for what is wrong inside a workbook; the
CLI turns both into Chinese messages and an exit code in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    """How bad a problem is. The value is what the clerk reads and the manifest keeps."""

    ERROR = "错误"  # blocks the unit's documents
    WARNING = "警告"  # the documents are still written

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


ERROR = Level.ERROR
WARNING = Level.WARNING


class YearendError(Exception):
    """Base of every error the program raises on purpose; its text is for the user."""


class WorkbookError(YearendError):
    """Raised when a file cannot be read as a workbook at all (corrupt, encrypted, not a spreadsheet)."""

    @property
    def message(self) -> str:
        return str(self)


class TemplateProblem(YearendError):
    """Raised when a template cannot be rendered: an unknown variable, a syntax error, a sandbox breach,
    or a filter given a value it cannot format (the text names the template)."""


class FilterError(YearendError):
    """Raised by a template filter given a value it cannot format (``{{ 单位名称|日期 }}``,
    ``{{ 编号(5) }}``); rendering turns it into a TemplateProblem naming the template."""


class OutputError(YearendError):
    """Raised when a document cannot be written safely inside the output folder."""


class OfficeMissing(YearendError):
    """Raised by the PDF step when LibreOffice is not installed (the .docx files are written)."""


class UnknownKind(YearendError):
    """Raised when ``--only`` names a kind that does not exist; ``names`` are the unknown words."""

    def __init__(self, names: list[str]):
        super().__init__("、".join(names))
        self.names = names


class UnknownUnit(YearendError):
    """Raised when ``--unit`` names a unit no workbook of the input folder holds, before
    anything is written; ``closest`` gives each unknown name the units it resembles."""

    def __init__(self, closest: dict[str, list[str]], not_sent: list[str] | None = None):
        super().__init__("、".join(closest))
        self.closest = closest
        self.not_sent = not_sent or []  # names on the list of units expected whose workbook has not come


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with where it is and what to do about it."""

    level: Level
    file: str
    sheet: str
    cell: str
    message: str

    def as_dict(self) -> dict:
        return {"level": self.level.value, "file": self.file, "sheet": self.sheet, "cell": self.cell,
                "message": self.message}

    @classmethod
    def from_dict(cls, d: dict) -> Problem:
        return cls(Level(d.get("level", ERROR.value)), str(d.get("file", "")), str(d.get("sheet", "")),
                   str(d.get("cell", "")), str(d.get("message", "")))

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f" {self.sheet}"
            if self.cell:
                where += f"!{self.cell}"
        return f"[{self.level}] {where}：{self.message}"


def screen_lines(problems: list[Problem], per_file: int = 6) -> tuple[list[str], dict[str, int]]:
    """Problems as the screen lists them: a run of the same problem down one column of one
    sheet is one line with its range (工作量!C4:C371 共368行：月份不在 2024 年内…), and a
    file's first ``per_file`` lines only; (the lines, file → lines held back). The report,
    问题汇总.xlsx and the annotated copies keep every cell."""
    import re
    from collections import Counter

    lines: list[tuple[str, str]] = []
    run: list[Problem] = []

    def flush() -> None:
        if len(run) > 2:
            first, last = run[0], run[-1]
            where = f"{first.file} {first.sheet}!{first.cell}:{last.cell} 共{len(run)}行"
            lines.append((first.file, f"[{first.level}] {where}：{first.message}"))
        else:
            lines.extend((p.file, str(p)) for p in run)
        run.clear()

    def column(p: Problem) -> str:
        m = re.fullmatch(r"([A-Z]+)\d+", p.cell)
        return m.group(1) if m else ""

    for p in problems:
        if run and not (column(p) and (p.level, p.file, p.sheet, column(p), p.message)
                        == (run[-1].level, run[-1].file, run[-1].sheet, column(run[-1]), run[-1].message)):
            flush()
        run.append(p)
    flush()
    kept: list[str] = []
    shown: Counter[str] = Counter()
    held: Counter[str] = Counter()
    for file, line in lines:
        shown[file] += 1
        if shown[file] <= per_file:
            kept.append(line)
        else:
            held[file] += 1
    return kept, dict(held)


def errors_first(problems: list[Problem]) -> list[Problem]:
    """Errors, then warnings, each in the order found: how every list of problems is shown."""
    return sorted(problems, key=lambda p: p.level != ERROR)


COMMAND_VARIABLE = "YEAREND_COMMAND"  # set by the CLI: how the user runs the tool


def command() -> str:
    """The command the user ran, for a message that tells them what to type next."""
    import os

    return os.environ.get(COMMAND_VARIABLE) or "yearend"


def what_and_how(message: str) -> tuple[str, str]:
    """A problem's message as (what is wrong, what to do), for 问题汇总.xlsx's two columns:
    the advice runs from the first clause, outside brackets and quotes, that starts with 请
    or with 如 (not 如“…” or 如 2025…, which are examples), to the end (…，请核对姓名 / …；如是
    名单漏列，请补进名单；如…); else none. A split for reading only: nothing is decided by it.
    Data with a bracket left open (a unit named 教育局(本级) is read again without them."""
    for nested in (True, False):
        depth = 0
        for i, ch in enumerate(message):
            if nested and ch in "（(“":
                depth += 1
            elif nested and ch in "）)”":
                depth = max(0, depth - 1)
            if depth or ch not in "。；，" or i + 1 >= len(message) or i == 0:
                continue
            rest = message[i + 1:]
            if rest.startswith("请") or (rest.startswith("如") and len(rest) > 1 and rest[1] not in "“\"0123456789 "):
                return message[:i], rest
    return message, ""
