"""The run's records: each written document, each unit's outcome, the run as a whole;
the one place that writes and reads their JSON form (``manifest.json``); and the
re-run stamps that say whether a unit's inputs changed since the last run."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import ERROR, Problem
from .kinds import ORDER, all_templates
from .output import is_inside, read_journal, readable, write_atomic

if TYPE_CHECKING:
    from .records import UnitModel

MANIFEST = "manifest.json"


@dataclass
class Document:
    """One file a run wrote (or carried from the last run), relative to the output folder."""

    kind: str
    path: str
    sha256: str = ""
    template: str = ""  # a clerk's own template: its file name
    source: str = ""  # an annotated copy: the workbook it marks
    member: str = ""  # a personal summary: the member's name
    pdf: str = ""
    pdf_sha256: str = ""
    kept: str = ""  # this run only: the hand-edited file left in place, when this one went beside it
    fresh: bool = False  # this run only: written now (not carried from the last run)

    def to_json(self) -> dict:
        d = {"kind": self.kind}
        d.update((k, v) for k, v in (("template", self.template), ("source", self.source), ("member", self.member))
                 if v)
        d.update(path=self.path, sha256=self.sha256)
        d.update((k, v) for k, v in (("pdf", self.pdf), ("pdf_sha256", self.pdf_sha256)) if v)
        return d

    def note(self) -> dict:
        """What the journal keeps of the record beside the path and hash it is written with."""
        return {k: v for k, v in (("kind", self.kind), ("template", self.template), ("source", self.source),
                                  ("member", self.member)) if v}

    @classmethod
    def from_json(cls, d: object) -> Document | None:
        """A record read back from a manifest or the journal; None for anything that is not one."""
        if not isinstance(d, dict) or not isinstance(d.get("path"), str) or not isinstance(d.get("kind"), str):
            return None
        text: dict[str, Any] = {k: d.get(k) if isinstance(d.get(k), str) else "" for k in
                                ("sha256", "template", "source", "member", "pdf", "pdf_sha256")}
        return cls(d["kind"], d["path"], **text)

    @property
    def order(self) -> int:
        return ORDER.get(self.kind, len(ORDER))


@dataclass(frozen=True)
class Skip:
    """A kind not written for a unit, and why."""

    kind: str
    reason: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "reason": self.reason}

    @classmethod
    def from_json(cls, d: object) -> Skip | None:
        if not isinstance(d, dict) or not isinstance(d.get("kind"), str):
            return None
        return cls(d["kind"], str(d.get("reason", "")))


class State(str, Enum):
    """What a run did with a unit."""

    BUILT = "built"  # rendered now (all its kinds, or those --only named)
    UNCHANGED = "unchanged"  # inputs as last time, documents still there: carried over
    NOT_SELECTED = "not selected"  # --unit named others: carried over
    FAILED = "failed"  # errors in its data: no documents


# what to tell a clerk of each (the report's unit sections, the desk's carried units)
STATE_WORDS = {State.BUILT: "已生成", State.UNCHANGED: "未变化，沿用上次", State.NOT_SELECTED: "未选中，沿用上次",
               State.FAILED: "有错误，未生成"}


@dataclass
class UnitResult:
    """One unit's outcome: its data, what was written or carried, what was skipped and why."""

    model: UnitModel
    previous: UnitModel | None = None
    figures: dict = field(default_factory=dict)  # its scalars and 上年 (figures.recorded); empty when failed
    state: State = State.BUILT
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stamp: str = ""  # digest of everything its documents are made from (see unit_stamp)
    folder: str = ""  # its folder in the output folder (build._assign_folders)
    # a unit that failed now: the documents an earlier run made for it, still on disk; kept in
    # the record so that once its workbook is fixed they are known as the tool's, not edits
    earlier: list[Document] = field(default_factory=list)

    @property
    def source_label(self) -> str:
        """Its workbook as problems name it: the path under the input folder."""
        return self.model.source_label

    @property
    def name(self) -> str:
        return self.model.unit.name if self.model.unit else ""

    @property
    def has_errors(self) -> bool:
        return any(p.level == ERROR for p in self.problems)

    @property
    def outcome(self) -> State:
        """What to tell a clerk: FAILED when errors left it without documents (its data, or its
        folder refused), else its state."""
        return State.FAILED if self.has_errors and not self.documents else self.state

    def carry(self, last: LastUnit, state: State) -> None:
        """Take the last run's records of this unit (its documents were not rendered now)."""
        self.state = state
        self.documents = list(last.documents)
        self.skipped = list(last.skipped)
        if state != State.UNCHANGED:
            self.stamp = last.stamp

    def to_json(self, input_dir: Path) -> dict:
        return {
            "单位名称": self.name,
            "年度": self.model.year,
            "source": {"path": readable((input_dir / self.source_label).as_posix()), "sha256": self.model.sha256},
            "previous_source": (
                {"path": readable(self.previous.source.as_posix()), "sha256": self.previous.sha256}
                if self.previous else None
            ),
            "figures": self.figures,
            "state": self.state.value,
            "stamp": self.stamp,
            "documents": [d.to_json() for d in self.documents],
            **({"earlier": [d.to_json() for d in self.earlier]} if self.earlier else {}),
            "skipped": [s.to_json() for s in self.skipped],
            "problems": [p.as_dict() for p in self.problems],
        }


# ------------------------------------------------------------------ the collection desk (desk.py)


@dataclass(frozen=True)
class Expected:
    """One unit the office expects a workbook from, as its list gives it."""

    name: str
    short: str = ""
    contact: str = ""
    phone: str = ""
    superior: str = ""  # its 上级单位, for init --list to fill in


class DeskState(str, Enum):
    """A unit's state at the desk; the value is what the clerk reads."""

    NOT_SENT = "未报送"
    UNREADABLE = "读取失败"
    ERRORS = "有错误"
    WARNINGS = "有警告"
    BUILT = "已生成"


DESK_ORDER = list(DeskState)  # what needs the clerk most comes first


@dataclass
class Entry:
    """One unit at the desk: what the list expects and what the run made of it."""

    name: str
    state: DeskState
    expected: Expected | None = None  # None: a unit that sent a workbook but is not on the list
    unit: UnitResult | None = None
    files: list[str] = field(default_factory=list)  # its workbooks as problems name them
    reason: str = ""  # why it is not built: the first error, or why its file could not be read

    def _given(self, key: str) -> str:
        """The workbook's 联系人 or 联系电话 (``key``) when it gives one, else the list's."""
        own = self.unit.model.unit if self.unit is not None else None
        return getattr(own, key, "") or getattr(self.expected, key, "")

    @property
    def contact(self) -> str:
        return self._given("contact")

    @property
    def phone(self) -> str:
        return self._given("phone")

    @property
    def words(self) -> str:
        """Its state as the screen's table and the report say it; a unit carried from the
        last run says so: 已生成（未变化，沿用上次）."""
        carried = self.unit is not None and self.unit.outcome in (State.UNCHANGED, State.NOT_SELECTED)
        return self.state.value + (f"（{STATE_WORDS[self.unit.outcome]}）" if carried and self.unit else "")

    @property
    def included(self) -> bool:
        """Built (with warnings or without): its figures can be summed."""
        return self.state in (DeskState.BUILT, DeskState.WARNINGS)


@dataclass
class RollupResult:
    """The roll-up of a run over several units: what was written, the units left out
    (name, year) because their year is not the latest, and ``missing`` when nothing
    could be written: "units" (fewer than two error-free units), "template"
    (汇总.docx is not in the templates folder; 汇总表.xlsx is still written)."""

    documents: list[Document] = field(default_factory=list)
    units: int = 0
    left_out: list[tuple[str, int]] = field(default_factory=list)
    missing: str = ""
    carried: bool = False  # a partial run (--unit, --only) kept the last run's roll-up
    figures: dict = field(default_factory=dict)  # the roll-up's variables (figures.rollup), for the run report


@dataclass
class RunResult:
    units: list[UnitResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # belonging to no unit
    documents: list[Document] = field(default_factory=list)  # belonging to no single unit
    read: list[tuple[Path, str]] = field(default_factory=list)  # workbooks that could be opened: (path, label)
    rollup: RollupResult | None = None
    annotated: list[Document] = field(default_factory=list)  # annotated copies (also in documents)
    not_annotated: list[str] = field(default_factory=list)  # workbooks whose annotated copy could not be made
    pdf: PdfResult | None = None
    interrupted: bool = False  # Ctrl-C: the manifest records what was done before it
    report: Document | None = None  # 运行报告.html
    problem_book: Document | None = None  # 问题汇总.xlsx
    faults: list[str] = field(default_factory=list)  # tracebacks of faults of ours in workers, for --debug
    files: list[str] = field(default_factory=list)  # every workbook found in the input folder, as problems name it
    unit_files: dict[str, str] = field(default_factory=dict)  # label → unit name, for each that is a unit's
    expected: list[Expected] | None = None  # the units expected (应报单位.xlsx, --expected); None: no list
    expected_label: str = ""  # how problems name the list
    desk: list[Entry] = field(default_factory=list)  # every unit's state at the desk (desk.settle), once built
    strays: dict[str, str] = field(default_factory=dict)  # workbooks that are no unit's: label → why
    year: int = 0  # the run's year: the latest of its units without errors (desk.other_years)
    # documents in the output folder of units that are not in this run (removed or renamed):
    # kept, never deleted, never counted as this year's; (unit name, its documents on disk)
    stale: list[tuple[str, list[Document]]] = field(default_factory=list)

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for u in self.units for p in u.problems]

    @property
    def exit_code(self) -> int:
        return 1 if any(p.level == ERROR for p in self.all_problems) else 0


@dataclass
class PdfResult:
    """What ``--pdf`` did: how many documents got a PDF, which did not, and whether
    LibreOffice was there at all."""

    converted: int = 0
    failed: list[str] = field(default_factory=list)  # documents (relative paths) that got none
    office_missing: bool = False


# ------------------------------------------------------------------ last run


@dataclass
class LastUnit:
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    stamp: str = ""
    earlier: list[Document] = field(default_factory=list)  # of a unit that failed: older documents on disk


@dataclass
class LastRun:
    """What the last run's manifest recorded; empty when there is none (or it is not one)."""

    units: dict[str, LastUnit] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # recorded paths outside the output folder, ignored
    journal: list[dict] = field(default_factory=list)  # files written by runs that did not finish (output.JOURNAL)

    @classmethod
    def read(cls, output_dir: Path) -> LastRun:
        """The manifest as recorded; a document whose path (or PDF's) does not lie inside
        the output folder is left out and named in ``rejected``: nothing read back from a
        file a person can edit leads a run to touch a file elsewhere."""
        run = cls(journal=read_journal(output_dir))
        try:
            data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return run
        if not isinstance(data, dict):
            return run

        def safe(docs: list[Document]) -> list[Document]:
            kept = []
            for d in docs:
                bad = [p for p in (d.path, d.pdf) if p and not is_inside(output_dir, p)]
                run.rejected.extend(bad)
                if not bad:
                    kept.append(d)
            return kept

        run.documents = safe(_records(data.get("documents"), Document))
        # a stale unit (no workbook in that run) keeps its records: its files stay known as ours
        for u in [*(data.get("units") or []), *(data.get("stale") or [])]:
            if isinstance(u, dict) and isinstance(u.get("单位名称"), str) and u["单位名称"] not in run.units:
                stamp = u.get("stamp")
                run.units[u["单位名称"]] = LastUnit(safe(_records(u.get("documents"), Document)),
                                                  _records(u.get("skipped"), Skip),
                                                  stamp if isinstance(stamp, str) else "",
                                                  safe(_records(u.get("earlier"), Document)))
        return run

    def hashes(self) -> dict[str, set[str]]:
        """path → the sha256s this tool wrote there: what the last manifest records, and
        what a run that did not finish wrote (its journal)."""
        known: dict[str, set[str]] = {}
        for d in [d for u in self.units.values() for d in u.documents + u.earlier] + self.documents:
            known.setdefault(d.path, set()).add(d.sha256)
            if d.pdf:
                known.setdefault(d.pdf, set()).add(d.pdf_sha256)
        for entry in self.journal:
            known.setdefault(entry["path"], set()).add(entry["sha256"])
        return known

    def unit(self, name: str) -> LastUnit:
        return self.units.get(name) or LastUnit()


def _records(items: object, cls) -> list:
    found = (cls.from_json(d) for d in items) if isinstance(items, list) else ()
    return [r for r in found if r is not None]


def write(output_dir: Path, input_dir: Path, result: RunResult) -> None:
    """``manifest.json``: the record of what this run read and wrote."""
    data = {
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "tool_version": __version__,
        "units": [res.to_json(input_dir) for res in result.units],
        "documents": [d.to_json() for d in result.documents]
        + [d.to_json() for d in (result.report, result.problem_book) if d],
        "problems": [p.as_dict() for p in result.problems],
        "stale": [{"单位名称": name, "documents": [d.to_json() for d in docs]} for name, docs in result.stale],
        "desk": _desk(result),
    }
    # a lone surrogate left anywhere is written as JSON's own \udcXX escape, never as invalid UTF-8
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    write_atomic(output_dir / MANIFEST, text.encode("utf-8", "backslashreplace"))


def _desk(result: RunResult) -> dict:
    """Each unit's state at the collection desk, with the list it was checked against and
    the files that are no unit's."""
    return {
        "expected": result.expected_label if result.expected is not None else None,
        "units": [{"单位名称": e.name, "state": e.state.value, "listed": e.expected is not None,
                   "联系人": e.contact, "联系电话": e.phone, "files": e.files, "reason": e.reason}
                  for e in result.desk],
        "strays": [{"file": f, "reason": why} for f, why in result.strays.items()],
    }


# ------------------------------------------------------------------ stamps


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """This program's own files: a newer yearend rebuilds every unit on the next run, its
    version string raised or not (a rerun skips the units whose inputs are unchanged, and
    a clerk who installs a fix expects documents with the fix). About 2 ms."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def templates_digest(templates: Path, fonts: str) -> str:
    """What every document depends on besides its workbook: the templates, the font
    profile and this program (code_digest)."""
    h = hashlib.sha256(f"{code_digest()}\0{fonts}".encode())
    for path in all_templates(templates):
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def unit_stamp(res: UnitResult, base: str) -> str:
    """A unit's inputs: its workbook, its previous year's, and ``base`` (templates_digest)."""
    h = hashlib.sha256(base.encode())
    for source in (res.model, res.previous):
        h.update(source.sha256.encode() if source else b"-")
    return h.hexdigest()
