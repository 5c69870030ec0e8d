"""Documents: what runs in a worker for one unit, and the roll-up over several units.

A unit's worker gets its model, computes its figures and context, renders each kind
and writes each document as soon as it is rendered (atomically, keeping hand edits),
and sends back records, never document bytes: a county's documents are written on
every core at once, and no process holds more than one document at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import figures, rollup
from .chinese import as_date
from .errors import ERROR, WARNING, OutputError, Problem, TemplateProblem, command
from .finish import finish_document
from .kinds import CUSTOM, KINDS, ROLLUP, ROLLUP_BOOK, ROLLUP_WORKBOOK, Kind, all_templates, custom_templates
from .manifest import Document, RollupResult, RunResult, Skip
from .output import Staged, Writer, discard, free_name, safe_name
from .records import UnitModel
from .render import Cleaned, clean
from .tplcheck import macro_file
from .workers import no_gc

if TYPE_CHECKING:
    from concurrent.futures import Future


def check_templates(templates: Path, fonts: str = "standard") -> tuple[list[Problem], frozenset[str]]:
    """Every template of the folder prepared once, before any unit renders: the problems
    (each named once, for the whole run) and the names of the templates that cannot be
    used (they are skipped for every unit). Prepared here, the templates are inherited
    by the worker processes forked after it, and so is the word dictionary (cells.words),
    loaded once here rather than in each worker."""
    from .cells import dictionary
    from .render import prepared
    from .variables import RenderContext, RollupContext, descriptions

    dictionary()  # loaded here, once, for every worker forked after
    unit_known = set(descriptions(RenderContext))
    rollup_known = set(descriptions(RollupContext)) | {"编号", "条款", "换行"}
    problems: list[Problem] = []
    broken: set[str] = set()
    for path in all_templates(templates):
        if not path.is_file():
            continue
        try:
            found = prepared(path, fonts)
        except TemplateProblem as e:
            problems.append(Problem(ERROR, path.name, "", "", str(e)))
            broken.add(path.name)
            continue
        problems += [Problem(WARNING, path.name, "", "", f"模板“{path.name}”{note}") for note in found.notes]
        unknown = found.unknown(rollup_known if path.name == ROLLUP.template else unit_known)
        if unknown:
            problems.append(Problem(ERROR, path.name, "", "", UNKNOWN_VARIABLES.format(
                path.name, "".join(f"“{v}”" for v in unknown), command())))
            broken.add(path.name)
    for path in sorted(templates.iterdir()) if templates.is_dir() else ():
        if macro_file(path):
            problems.append(Problem(WARNING, path.name, "", "", MACRO_TEMPLATE.format(path.name)))
    return problems, frozenset(broken)


UNKNOWN_VARIABLES = ("模板“{}”使用了不存在的变量{}，这份模板本次不生成文档。"
                     "请运行 {} fields 查看可用的变量名，改正模板中的写法")
MACRO_TEMPLATE = ("“{}”是带宏的 Word 文件（.docm/.dotm），不作为模板使用。"
                  "如需使用，请在 Word 中另存为“Word 文档（*.docx）”")
BROKEN_TEMPLATE = "模板“{}”有误（见问题列表），本次未生成"
# A document renders in a second or two; one that takes minutes is a template's runaway loop.
RENDER_SECONDS = 300


@dataclass
class UnitTask:
    """What a worker needs to build (part of) one unit's documents."""

    model: UnitModel
    previous: UnitModel | None
    templates: Path
    fonts: str
    kinds: frozenset[str]  # the kinds to render (kinds.CUSTOM for the clerk's own); empty: figures only
    folder: str  # the unit's folder under the output folder, and its files' name prefix
    output_dir: Path
    last: dict[str, set[str]]  # path → the sha256s the tool wrote there before, in the unit's folder
    overwrite: bool = False  # replace documents a person edited (--overwrite-edits)
    broken: frozenset[str] = frozenset()  # templates check_templates refused: skipped
    run_id: str = ""  # the run's id in the journal (output.JOURNAL)
    quarter: int | None = None  # the 舆情 report's quarter (--quarter); None: the year


@dataclass
class UnitOutput:
    """What a worker sends back for a unit: records of what it wrote, never the bytes."""

    figures: dict  # the scalars (variables.Scalars) and 上年: what the manifest, report and roll-up read
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the unit's (its folder refused, a name cut)
    template_problems: list[Problem] = field(default_factory=list)  # faults of templates: named once a run


def build_unit(task: UnitTask) -> UnitOutput:
    """Figures, context, documents of one unit: each document staged (written under a
    temporary name) as soon as it is rendered, and every _BATCH of them made durable and
    moved into place together by a thread while the next render (a sync waits for the
    disk; rendering needs the core)."""
    # The cyclic collector is off for the whole unit and back on once its context is freed:
    # a unit makes no cycles (none found after a worker's first unit), and its context,
    # tens of thousands of objects alive to its end, was walked by every collection
    # between its documents.
    with no_gc():
        return _build_unit(task)


def _build_unit(task: UnitTask) -> UnitOutput:
    from concurrent.futures import ThreadPoolExecutor

    ctx = Cleaned(clean(figures.context(task.model, task.previous, task.quarter)))
    out = UnitOutput(figures.recorded(ctx))
    if not task.kinds:
        return out
    writer = Writer(task.output_dir, task.last, task.overwrite, task.run_id)
    commits: list[tuple[list[Document], Future]] = []  # each batch's records and commit, oldest first
    batch: list[Staged] = []
    records: list[Document] = []
    with ThreadPoolExecutor(1) as pool:
        try:
            for record, data in render_unit(ctx, task.model.tables, task.templates, task.fonts, task.kinds,
                                            task.folder, out.skipped, out.template_problems, task.broken):
                try:
                    batch.append(writer.stage(record.path, data, record.note()))
                except OutputError as e:
                    _refused(out, e, task)
                    break
                records.append(record)
                if len(batch) == _BATCH:
                    commits.append((records, pool.submit(writer.commit, batch)))
                    batch, records = [], []
                    if len(commits) > 1 and not _take(out, commits.pop(0), task):
                        break
        except BaseException:  # a fault of ours or a stop: the batch not committed leaves no temporary file
            discard(batch)
            raise
        commits.append((records, pool.submit(writer.commit, batch)))
        while commits and _take(out, commits.pop(0), task):
            pass
    return out


CUT_NAME = "文件名太长（超过文件系统允许的长度），已截短"
NO_ISSUER = ("汇总文档没有落款和成文日期：各单位“单位信息”表中的上级单位没有填写或写法不一致。"
             "请重新生成时用 --issuer 指定落款机关（如 --issuer 青山县委宣传部），或打印前在文档中补上落款和日期")
# Documents staged before they are made durable and moved into place together: one sync
# for 32 files; a run stopped in between removes their temporary files (a killed one leaves
# them, and the next run removes them).
_BATCH = 32


def _take(out: UnitOutput, committed: tuple[list[Document], Future], task: UnitTask) -> bool:
    """A committed batch's records into ``out``; False when the unit's folder refused a
    file (named once: nothing more of this unit is written, the run goes on)."""
    records, commit = committed
    done, error = commit.result()
    for record, staged in zip(records, done, strict=False):  # those before an error
        w = staged.written
        if w.cut and not any(p.message.startswith(CUT_NAME) for p in out.problems):  # once a unit
            out.problems.append(Problem(WARNING, task.model.source_label, "", "", CUT_NAME + (
                f"，如“{Path(w.cut).name}”写作“{Path(w.path).name}”。请在单位信息表中把单位名称或队伍名称写短一些")))
        record.path, record.sha256, record.kept, record.fresh = w.path, w.sha256, w.kept, True
        out.documents.append(record)
    if error is not None:
        _refused(out, error, task)
        return False
    return True


def _refused(out: UnitOutput, error: OutputError, task: UnitTask) -> None:
    problem = Problem(ERROR, task.model.source_label, "", "", str(error))
    if problem not in out.problems:
        out.problems.append(problem)


def _render(template: Path, ctx: dict, title: str, fonts: str, problems: list[Problem], ready=None) -> bytes | None:
    """One document, or None when its template is broken: the problem, naming the
    template and the tag, is added to ``problems`` and the run goes on. ``ready``: the
    template already prepared."""
    from .render import render_document

    try:
        # the cyclic collector waits for the document: its hundreds of thousands of short-lived
        # objects (lxml's proxies, Jinja's strings) are freed as they go, and a collection
        # every 700 of them walked the young ones still alive again and again
        with _time_limit(RENDER_SECONDS, template.name), no_gc():
            return render_document(ready or template, ctx, finish=finish_document, fonts=fonts, properties={
                "title": title, "author": ctx["落款"], "date": as_date(ctx["成文日期"])})
    except TemplateProblem as e:
        problems.append(Problem(ERROR, template.name, "", "", str(e)))
        return None


@contextmanager
def _time_limit(seconds: float, name: str) -> Iterator[None]:
    """A TemplateProblem when rendering takes longer than ``seconds`` (a clerk's template
    with nested range(100000) loops would otherwise hold the run for ever). A timer signal:
    POSIX, in a process's main thread, where documents are rendered; elsewhere no limit."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise TemplateProblem(f"模板“{name}”生成一份文档超过 {seconds:g} 秒，已停止（模板中可能有次数极大的循环）。请检查模板")

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def render_unit(ctx: dict, tables: set[str], templates: Path, fonts: str = "standard",
                only: frozenset[str] | None = None, folder: str = "", skipped: list[Skip] | None = None,
                problems: list[Problem] | None = None,
                broken: frozenset[str] = frozenset()) -> Iterator[tuple[Document, bytes]]:
    """Every document of one unit as (record, bytes), one at a time; what cannot be
    rendered goes to ``skipped`` (with the reason) and ``problems``. ``only`` limits it
    to some kinds; ``folder`` is the unit's folder and file-name prefix (its safe name,
    unless another unit's is the same); ``broken`` names templates not to use."""
    skipped = [] if skipped is None else skipped
    problems = [] if problems is None else problems
    folder = folder or safe_name(ctx["单位名称"])
    ours = set()  # our kinds' file names: a clerk's template never takes one
    for kind in KINDS:
        if kind.folder:
            continue
        ours.add(f"{folder}/{folder}{safe_name(kind.label.format(**ctx))}.docx".casefold())
    for kind in KINDS:
        if only is not None and kind.key not in only:
            continue
        template = templates / kind.template
        reason = kind.needs(tables, ctx)
        if not template.is_file():
            reason = f"模板文件“{kind.template}”不存在"
        elif kind.template in broken:
            reason = BROKEN_TEMPLATE.format(kind.template)
        if reason:
            skipped.append(Skip(kind.key, reason))
            continue
        if kind.folder:
            yield from _render_members(kind, template, ctx, fonts, f"{folder}/{kind.folder}", problems)
            continue
        data = _render(template, ctx, kind.title.format(**ctx), fonts, problems)
        if data is not None:
            yield Document(kind.key, f"{folder}/{folder}{safe_name(kind.label.format(**ctx))}.docx"), data
    if only is None or CUSTOM in only:
        for template in custom_templates(templates):
            path = f"{folder}/{folder}{safe_name(template.stem)}.docx"
            if template.name in broken:
                continue  # named once for the run, by check_templates
            if path.casefold() in ours:
                problems.append(Problem(ERROR, template.name, "", "", SAME_NAME.format(template.name)))
                continue
            data = _render(template, ctx, template.stem, fonts, problems)
            if data is not None:
                yield Document(CUSTOM, path, template=template.name), data


SAME_NAME = ("自己的模板“{}”生成的文件名与自带的一种文档相同，会互相覆盖，未生成。"
             "请给这份模板换一个名字（如在文件名中加上“（自拟）”）")


def _render_members(kind: Kind, template: Path, ctx: dict, fonts: str, folder: str,
                    problems: list[Problem]) -> Iterator[tuple[Document, bytes]]:
    """One document per member on the team at year end, with the member as 本人; a fault
    in the template is named once, not once per member."""
    from .render import prepared

    label, title = safe_name(kind.label.format(**ctx)), kind.title.format(**ctx)
    try:
        ready = prepared(template, fonts)  # once for all the unit's members
    except TemplateProblem as e:
        problems.append(Problem(ERROR, template.name, "", "", str(e)))
        return
    for member, stem in member_files(ctx["名册"]):
        mine = Cleaned(ctx)
        mine["本人"] = member
        before = len(problems)
        data = _render(template, mine, member["姓名"] + title, fonts, problems, ready)
        if data is None:
            if any(p.message == problems[-1].message for p in problems[:before]):
                problems.pop()  # the same fault for every member: named once
            continue
        yield Document(kind.key, f"{folder}/{stem}{label}.docx", member=member["姓名"]), data


def member_files(members: list[dict]) -> list[tuple[dict, str]]:
    """Each member with the start of their file's name: the name; with the department added
    when two names make one file name (as Windows compares them), and a number after that."""
    stems = [safe_name(m["姓名"]) for m in members]
    clash = Counter(s.casefold() for s in stems)
    out: list[tuple[dict, str]] = []
    taken: set[str] = set()
    for m, stem in zip(members, stems, strict=True):
        if clash[stem.casefold()] > 1:
            stem = safe_name(f"{m['姓名']}（{m['部门']}）")
        stem = free_name(stem, taken)
        taken.add(stem.casefold())
        out.append((m, stem))
    return out


def render_rollup(result: RunResult, templates: Path, writer: Writer, fonts: str = "standard",
                  issuer: str = "", usable: bool = True) -> RollupResult:
    """The roll-up document and 汇总表.xlsx, for a run over two or more units."""
    from .sheets import rollup_workbook

    # the units the desk counts as built, in its order (the list's, else the units'); a unit
    # the list names (青山县民政局 for a workbook's 民政局) called as the list calls it
    done = [dict(e.unit.figures, 单位名称=e.name if e.expected is not None else e.unit.figures["单位名称"])
            for e in result.desk if e.included and e.unit is not None and e.unit.figures]
    if len(done) < 2:
        return RollupResult(units=len(done), missing="units")
    ctx, left_out = rollup.rollup(done, issuer, result.desk)
    ctx = Cleaned(ctx)  # made of the units' cleaned figures
    out = RollupResult(units=ctx["单位数"], left_out=left_out, figures=ctx)
    template = templates / ROLLUP.template
    if template.is_file() and usable:
        data = _render(template, ctx, ROLLUP.title.format(**ctx), fonts, result.problems)
        if data is not None:
            name = f"{safe_name(ROLLUP.label.format(**ctx))}.docx"
            w = writer.write(name, data)
            out.documents.append(Document(ROLLUP.key, w.path, w.sha256, kept=w.kept))
            if not ctx["落款"]:
                result.problems.append(Problem(WARNING, name, "", "", NO_ISSUER))
    else:
        out.missing = "template" if usable else "broken"
    w = writer.write(ROLLUP_BOOK, rollup_workbook(ctx))
    out.documents.append(Document(ROLLUP_WORKBOOK, w.path, w.sha256, kept=w.kept))
    return out
