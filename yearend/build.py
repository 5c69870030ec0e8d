"""The run, and only the run: gather → plan → documents → side outputs → manifest.

Everything is read and validated before anything is written (as mkdocs does),
so one bad workbook costs only its own documents and the clerk sees every
problem of every file at once. The steps themselves live in their modules:
discovery, reading and year pairing in gather, what a worker does for one unit
in documents, files in output, records in manifest, processes in workers. Nothing here words a message
for the screen: the run returns a RunResult and the CLI tells the clerk.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import desk, manifest, report, workers
from .annotate import FOLDER, write_annotations
from .documents import UnitOutput, UnitTask, build_unit, check_templates, render_rollup
from .errors import ERROR, WARNING, OfficeMissing, OutputError, Problem, UnknownUnit, errors_first, what_and_how
from .gather import Progress, Stage, _no_progress, gather
from .kinds import CUSTOM, KINDS, ROLLUP, ROLLUP_BOOK, ROLLUP_WORKBOOK
from .manifest import MANIFEST, Document, LastRun, PdfResult, RollupResult, RunResult, State, UnitResult
from .output import (
    LOCK,
    Writer,
    free_name,
    inside,
    lock,
    read_journal,
    remove_journal,
    remove_leftovers,
    safe_name,
    sha256_file,
)
from .resources import DEFAULT_TEMPLATES
from .sheets import PROBLEM_BOOK, problems_workbook

REJECTED_PATH = "记录中的路径“{}”不在输出文件夹内（manifest.json 可能被改动过），已忽略，未读取也未删除任何文件"
INTERNAL_RENDER = ("生成这个单位的文档时程序内部出错（{}），未生成文档；其他单位照常生成。"
                   "请加 --debug 重新运行，并把输出和这个单位的工作簿发给维护人员")
BROKEN_RENDER = "生成这个单位的文档时工作进程异常退出（可能内存不足），未生成文档。请单独重新运行"


@dataclass(frozen=True)
class Options:
    """What a build is asked to do."""

    input_dir: Path
    output_dir: Path
    templates: Path = DEFAULT_TEMPLATES
    force: bool = False  # rebuild every unit, unchanged ones too (hand-edited documents are still kept)
    overwrite: bool = False  # replace documents a person edited (--overwrite-edits); never the default
    password: str | None = None
    jobs: int | None = None  # worker processes (default: cores, at most 4)
    fonts: str = "standard"
    previous_dir: Path | None = None  # last year's workbooks, for comparison only
    only: frozenset[str] | None = None  # kind keys to rebuild (kinds.parse_only)
    units: frozenset[str] | None = None  # unit names to rebuild
    pdf: bool = False
    issuer: str = ""  # who signs the roll-up (--issuer); default the units' shared 上级单位
    quarter: int | None = None  # the 舆情 report for this quarter (1–4) instead of the year (--quarter)
    expected: Path | None = None  # the list of units expected (--expected); default 应报单位.xlsx in input_dir

    @property
    def workers(self) -> int:
        return self.jobs or workers.default_jobs()


UnitDone = Callable[[UnitResult], None]


def _nothing(res: UnitResult) -> None:
    pass


# ------------------------------------------------------------------ the run


@workers.frozen()
def build(options: Options, progress: Progress = _no_progress, unit_done: UnitDone = _nothing) -> RunResult:
    """The whole run. Returns what happened; the manifest is written last.

    A unit whose workbook, previous year, templates and options are those of the
    last run, with its documents still there, is not rendered again (unless
    ``force``). ``only`` (kinds) and ``units`` (names) rebuild a part; the manifest
    keeps what the last run recorded for the rest. ``unit_done`` hears of each unit
    as soon as its documents are written (or carried, or refused).
    """
    o = options
    run_id = f"{time.time_ns()}-{os.getpid()}"  # marks this run's lines in the journal (output.JOURNAL)
    # each template prepared and checked once, before any unit, in this process while the
    # workers read (the render workers forked later inherit the prepared templates)
    templates: list[tuple[list[Problem], frozenset[str]]] = []
    result = gather(o.input_dir, o.password, o.jobs, o.previous_dir, progress, exclude=o.output_dir,
                    expected=o.expected, meanwhile=lambda: templates.append(check_templates(o.templates, o.fonts)))
    if o.units:
        o = replace(o, units=_units_named(result, o.units))
    out = o.output_dir
    with lock(out):
        remove_leftovers(out)
        last = LastRun.read(out)
        for path in last.rejected:
            result.problems.append(Problem(WARNING, MANIFEST, "", "", REJECTED_PATH.format(path)))
        try:
            result.annotated, result.not_annotated = write_annotations(result.read, result.all_problems, out,
                                                                       o.password, o.overwrite, o.workers, run_id)
        except OutputError as e:
            result.problems.append(Problem(ERROR, "", "", "", str(e)))
        result.documents.extend(result.annotated)
        progress(Stage.ANNOTATE, 1, 1)
        _assign_folders(result)
        for res in result.units:
            if res.has_errors:  # no documents now: the ones an earlier run made stay on record
                before = last.unit(res.name)
                res.earlier = [d for d in before.documents + before.earlier if (out / d.path).is_file()]
        present = {res.name for res in result.units}
        result.stale = [(name, docs) for name, u in sorted(last.units.items()) if name not in present
                        and (docs := [d for d in u.documents if (out / d.path).is_file()])]
        hashes = last.hashes()  # what the tool wrote before is ours to replace
        writer = Writer(out, hashes, o.overwrite, run_id)
        checked, broken = templates[0]
        result.problems.extend(checked)
        try:
            _render_and_write(result, o, last, hashes, progress, unit_done, broken, run_id)
        except KeyboardInterrupt:
            result.interrupted = True
            _settle(result, last, run_id, out)
            remove_leftovers(out)  # the workers are ended (workers._stop): their unfinished batches' files
        desk.settle(result)
        if not result.interrupted:
            try:
                result.rollup = _rollup(result, o, last, writer, broken)
            except OutputError as e:
                result.problems.append(Problem(ERROR, "", "", "", str(e)))
            if result.rollup:
                result.documents.extend(result.rollup.documents)
            progress(Stage.ROLLUP, 1, 1)
            if o.pdf:
                try:
                    result.pdf = _pdfs(result, out, o.jobs, progress, writer)
                except KeyboardInterrupt:  # LibreOffice is stopped and its scratch removed by now
                    result.interrupted = True
        try:
            w = writer.write(PROBLEM_BOOK, problems_workbook(_problem_rows(result)))
            result.problem_book = Document("problems", w.path, w.sha256, kept=w.kept, fresh=True)
        except OutputError as e:
            result.problems.append(Problem(ERROR, "", "", "", str(e)))
        try:
            w = writer.write(report.REPORT, report.render(result, str(o.input_dir)))
            result.report = Document("report", w.path, w.sha256, kept=w.kept, fresh=True)
        except OutputError as e:
            result.problems.append(Problem(ERROR, "", "", "", str(e)))
        manifest.write(out, o.input_dir, result)
        progress(Stage.RECORD, 1, 1)
        if not result.interrupted:
            remove_journal(out)  # the manifest holds it all now
    if result.interrupted:
        raise KeyboardInterrupt
    return result


def _settle(result: RunResult, last: LastRun, run_id: str, out: Path) -> None:
    """After Ctrl-C: each unit whose worker's records never came back records what is on
    disk (the journal's entries of this run, over what the last run recorded), with no
    stamp, so the next run builds it again; a unit not reached keeps the last run's
    records. The manifest then says what is on disk, and nothing the tool wrote is taken
    for a person's edit."""
    written_now = {d.path for d in result.documents}
    result.documents += [d for d in _last_rollup(last) if d.path not in written_now]  # made last: the last run's stays
    mine: dict[str, Document] = {}
    for entry in read_journal(out):
        if entry.get("run") == run_id:
            record = Document.from_json(entry)
            if record is not None:
                mine[record.path] = record
    for res in result.units:
        if res.documents or res.has_errors or res.state != State.BUILT:
            continue
        before = last.unit(res.name)
        written = {p: d for p, d in mine.items() if p.startswith(res.folder + "/")}
        res.documents = [d for d in before.documents if d.path not in written] + list(written.values())
        res.documents.sort(key=lambda d: (d.order, d.path))
        res.skipped = list(before.skipped)
        res.stamp = before.stamp if not written else ""


def _render_and_write(result: RunResult, o: Options, last: LastRun, hashes: dict[str, set[str]], progress: Progress,
                      unit_done: UnitDone, broken: frozenset[str] = frozenset(), run_id: str = "") -> None:
    out = o.output_dir
    last_pdfs = {d.path: d for u in last.units.values() for d in u.documents if d.pdf}
    todo = _plan(result, o, last)
    for res in result.units:
        if res not in todo:
            unit_done(res)
    # With fewer units than workers, a unit's per-member documents (a personal summary each)
    # are a task of their own, so that a large unit's two halves render on two cores. With
    # more, every worker is busy anyway, and a second task only sends the unit's figures
    # twice (200 units: 31.0 s split, 25.7 s whole; one unit of 5,000: 24.6 s split, 29.1 s whole).
    split = len(todo) < o.workers
    tasks = [(res, part) for res in todo for part in _parts(o.only, split)]
    # the units carried over need their figures too (report, roll-up): a task that renders nothing
    tasks += [(res, frozenset()) for res in result.units if res not in todo and not res.has_errors]
    by_folder: dict[str, dict[str, set[str]]] = {}
    for path, digests in hashes.items():
        by_folder.setdefault(path.split("/", 1)[0], {})[path] = digests
    calls = [(UnitTask(res.model, res.previous, o.templates, o.fonts, part, res.folder, out,
                       by_folder.get(res.folder, {}), o.overwrite, broken, run_id, o.quarter),) for res, part in tasks]
    # in worker processes with the memory cap, so that a unit too large to render costs
    # only itself and is named; in this process only when asked for one job (-j 1)
    # closed however the loop ends: a run stopped by Ctrl-C leaves the pool (see workers.isolated)
    with contextlib.closing(workers.isolated(build_unit, calls, o.workers, in_process=o.jobs == 1)) as done:
        finished = 0
        for i, ((res, part), value) in enumerate(zip(tasks, done, strict=True)):
            if isinstance(value, workers.Died):
                value = UnitOutput({}, problems=[Problem(ERROR, res.source_label, "", "", BROKEN_RENDER)])
            elif isinstance(value, workers.Raised):
                result.faults.append(value.trace)
                value = UnitOutput({}, problems=[Problem(ERROR, res.source_label, "", "", INTERNAL_RENDER.format(value.kind))])
            res.figures = res.figures or value.figures
            res.problems.extend(p for p in value.problems if p not in res.problems)  # a unit that died twice: once
            result.problems.extend(p for p in value.template_problems if p not in result.problems)  # once a run
            res.skipped += value.skipped
            res.documents += value.documents
            for record in value.documents:
                _remove_stale_pdf(out, last_pdfs.get(record.path))
            if not part or (i + 1 < len(tasks) and tasks[i + 1][0] is res):
                continue  # carried over, or its other part is still to come
            if o.only is not None:
                _keep_the_rest(res, last.unit(res.name), o.only)
            finished += 1
            unit_done(res)  # its line before the stage's end (-v: the stage's time after the last unit)
            progress(Stage.RENDER, finished, len(todo))
    if not todo:  # nothing rendered (every unit carried): the stage still ends here, for -v's times
        progress(Stage.RENDER, 0, 0)


def _parts(only: frozenset[str] | None, split: bool) -> list[frozenset[str]]:
    """The kinds a unit renders, as the tasks they are rendered in: with ``split``, the
    per-member kinds apart."""
    wanted = only if only is not None else frozenset([*(k.key for k in KINDS), CUSTOM])
    apart = frozenset(k.key for k in KINDS if k.folder) & wanted if split else frozenset()
    return [part for part in (wanted - apart, apart) if part]


def _rollup(result: RunResult, o: Options, last: LastRun, writer: Writer, broken: frozenset[str]) -> RollupResult:
    if o.units or (o.only is not None and ROLLUP.key not in o.only):
        return RollupResult(documents=_last_rollup(last), carried=True)
    made = render_rollup(result, o.templates, writer, o.fonts, o.issuer, ROLLUP.template not in broken)
    if made.missing == "units":  # none made now: the last one stays on disk, and on record as the tool's
        made.documents = [d for d in _last_rollup(last) if (o.output_dir / d.path).is_file()]
    return made


def _problem_rows(result: RunResult) -> list[tuple[str, ...]]:
    """Every problem of the run as 问题汇总.xlsx has it, errors first, each with its unit's
    contact (the workbook's, else the list's; a file that is no unit's has none); a listed
    unit that sent nothing is a row too, so that one sheet is the whole phone list."""
    by_file = {f: e for e in result.desk for f in e.files}
    by_unit = {e.unit.name: e for e in result.desk if e.unit is not None}
    for label, name in result.unit_files.items():  # its other files: an older year's, a copy
        if name in by_unit:
            by_file.setdefault(label, by_unit[name])
    rows: list[tuple[str, ...]] = [(e.name, e.contact, e.phone, "", "", "", e.state.value, "未收到本单位的工作簿",
                                    "请催报") for e in result.desk if e.state == desk.DeskState.NOT_SENT]
    for p in errors_first(result.all_problems):
        e = by_file.get(p.file)
        what, how = what_and_how(p.message)
        rows.append((e.name if e else "", e.contact if e else "", e.phone if e else "",
                     p.file, p.sheet, p.cell, p.level.value, what, how))
    return rows


def _last_rollup(last: LastRun) -> list[Document]:
    """The roll-up document and 汇总表.xlsx as the last run recorded them."""
    return [d for d in last.documents if d.kind in (ROLLUP.key, ROLLUP_WORKBOOK)]


def _assign_folders(result: RunResult) -> None:
    """Each unit's folder: its safe name, or with a suffix when an earlier unit's name
    makes the same one (青山/教育局 and 青山_教育局), with a warning; compared as Windows
    compares file names, case aside."""
    # the names this program writes at the output folder's top (the roll-up's ends so)
    ours = {name.casefold() for name in (MANIFEST, report.REPORT, FOLDER, ROLLUP_BOOK, LOCK, PROBLEM_BOOK)}
    rollup_end = ROLLUP.label.rsplit("}", 1)[-1] + ".docx"
    taken: dict[str, str] = {}
    for res in result.units:
        base = safe_name(res.name)
        clashes = base.casefold() in ours or base.endswith(rollup_end)
        folder = free_name(base, taken.keys() | ours | ({base.casefold()} if clashes else set()))
        if clashes:
            res.problems.append(Problem(WARNING, res.source_label, "", "", (
                f"单位名称“{res.name}”转成文件夹名后与本程序自己写的文件“{base}”同名，"
                f"为免互相覆盖，本单位的文档写入“{folder}”。请核对单位名称")))
        elif folder != base:
            res.problems.append(Problem(WARNING, res.source_label, "", "", (
                f"单位名称“{res.name}”与“{taken[base.casefold()]}”转成文件夹名后相同（“{base}”），"
                f"为免互相覆盖，本单位的文档写入“{folder}”。请核对两个单位名称")))
        taken[folder.casefold()] = res.name
        res.folder = folder


def _units_named(result: RunResult, units: frozenset[str]) -> frozenset[str]:
    """The units ``--unit`` names, by the workbook's name (or its folder's) or by the list's
    name or 简称; a name no workbook holds stops the run before anything is written (a
    typo would otherwise refresh no unit and still write the roll-up), with the closest
    names, or, for a listed unit, that it has sent nothing yet."""
    import difflib

    names = sorted({res.name for res in result.units})
    known = {n: n for n in names} | {safe_name(n): n for n in names}
    not_sent = []
    if result.expected is not None:
        matched, _ = desk.match(result)
        for i, e in enumerate(result.expected):
            for key in (e.name, e.short):
                if key and i in matched:
                    known.setdefault(key, matched[i].name)
                elif key:
                    not_sent.append(key)
    unknown = sorted(units - known.keys())
    if unknown:
        raise UnknownUnit({name: [n for n in names if name in n or n in name][:3]
                           or difflib.get_close_matches(name, names, n=3, cutoff=0.4) for name in unknown},
                          [name for name in unknown if name in not_sent])
    return frozenset(known[name] for name in units)


def _plan(result: RunResult, o: Options, last: LastRun) -> list[UnitResult]:
    """The units to render now; the others are carried from the last run or failed."""
    # a quarter's report is another document from the same inputs: part of what makes a unit unchanged
    base = manifest.templates_digest(o.templates, o.fonts) + (f"|第{o.quarter}季度" if o.quarter else "")
    todo = []
    for res in result.units:
        if res.has_errors:
            continue
        res.stamp = manifest.unit_stamp(res, base)
        before = last.unit(res.name)
        named = o.units is not None and (res.name in o.units or safe_name(res.name) in o.units)
        if o.units and not named:
            res.carry(before, State.NOT_SELECTED)
        elif not (o.force or o.overwrite or named) and o.only is None and before.stamp == res.stamp \
                and _all_there(o.output_dir, before):
            res.carry(before, State.UNCHANGED)
        else:
            todo.append(res)
    return todo


def _keep_the_rest(res: UnitResult, before: manifest.LastUnit, only: frozenset[str]) -> None:
    """After --only: the kinds not rebuilt keep what the last run recorded."""
    res.documents += [d for d in before.documents if d.kind not in only]
    res.skipped += [s for s in before.skipped if s.kind not in only]
    res.documents.sort(key=lambda d: d.order)
    if before.stamp != res.stamp:
        res.stamp = ""  # only part of it is from these inputs: the next full run rebuilds it


def _all_there(output_dir: Path, unit: manifest.LastUnit) -> bool:
    return bool(unit.documents) and all((output_dir / d.path).is_file() for d in unit.documents)


def _remove_stale_pdf(output_dir: Path, last: Document | None) -> None:
    """The PDF the last run made of a document just written again is out of date:
    removed (converted anew with --pdf), unless someone has changed it since."""
    if last is None:
        return
    pdf = inside(output_dir, last.pdf)
    if pdf.is_file() and sha256_file(pdf) == last.pdf_sha256:
        pdf.unlink()


def _pdfs(result: RunResult, output_dir: Path, jobs: int | None, progress: Progress, writer: Writer) -> PdfResult:
    """A PDF beside every .docx this run wrote, and beside those of unchanged units that
    have none yet; never for the units --unit left out. Each is written as documents are
    (a PDF a person changed, or put there, is kept and the new one goes beside it) and
    recorded on its Document as soon as it is placed, Ctrl-C or not."""
    from .pdf import convert_beside

    def wanted(u: UnitResult, d: Document) -> bool:
        if u.state == State.BUILT:
            return True
        return u.state == State.UNCHANGED and not (d.pdf and (output_dir / d.pdf).is_file())

    records = [d for u in result.units for d in u.documents if wanted(u, d)]
    rollup = result.rollup
    records += [d for d in result.documents if d.kind == ROLLUP.key and rollup is not None
                and (not rollup.carried or not (d.pdf and (output_dir / d.pdf).is_file()))]
    records = [d for d in records if d.path.endswith(".docx") and (output_dir / d.path).is_file()]
    if not records:
        return PdfResult()
    by_path = {output_dir / d.path: d for d in records}
    placed: list[Document] = []

    def place(doc: Path, pdf: Path) -> None:
        record = by_path[doc]
        w = writer.write(Path(record.path).with_suffix(".pdf").as_posix(), pdf.read_bytes(),
                         {"kind": "pdf", "source": record.path})
        record.pdf, record.pdf_sha256 = w.path, w.sha256
        placed.append(record)
        if w.kept:
            result.problems.append(Problem(WARNING, Path(w.kept).name, "", "", (
                f"这份 PDF 不是本程序上次生成的，或生成后被改过（如盖了电子章），已保留；新的 PDF 另存为“{Path(w.path).name}”")))

    try:
        failed = convert_beside(list(by_path), output_dir, jobs or min(2, workers.default_jobs()), place,
                                lambda n: progress(Stage.PDF, min(n, len(records) - 1), len(records)))
    except OfficeMissing:
        return PdfResult(office_missing=True)
    progress(Stage.PDF, len(records), len(records))
    for doc in failed:
        result.problems.append(Problem(WARNING, doc.name, "", "", "LibreOffice 未能把这份文档转成 PDF（超时或出错）；"
                                                                 ".docx 已写好，可以用 Word 或 WPS 另存为 PDF"))
    return PdfResult(len(placed), [doc.relative_to(output_dir).as_posix() for doc in failed])
