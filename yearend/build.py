"""The run, and only the run: gather → plan → render → write → manifest.

Everything is read and validated before anything is written (as mkdocs does),
so one bad workbook costs only its own documents and the clerk sees every
problem of every file at once. The steps themselves live in their modules:
reading in workbook/model, figures in figures, documents in render, files in
output, records in manifest, processes in workers. Nothing here words a message
for the screen: the run returns a RunResult and the CLI tells the clerk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from . import figures, layout, manifest, model, report, workbook, workers
from .annotate import FOLDER, write_annotations
from .chinese import as_date
from .errors import ERROR, WARNING, OfficeMissing, OutputError, Problem, TemplateProblem, WorkbookError
from .kinds import CUSTOM, KINDS, ROLLUP, ROLLUP_BOOK, ROLLUP_WORKBOOK, TEMPLATES, Kind, custom_templates
from .manifest import MANIFEST, Document, LastRun, PdfResult, RollupResult, RunResult, Skip, State, UnitResult
from .output import Writer, free_name, inside, lock, remove_leftovers, safe_name, sha256_file
from .render import Cleaned, clean

# What the reader opens (python-calamine; .et is WPS's own, read by its content).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".et")
TEMPLATE_SUFFIXES = (".xltx", ".xltm", ".xlt", ".ett", ".ots")
DEFAULT_TEMPLATES = TEMPLATES
BROKEN_READ = ("读取这个文件时读取程序异常退出（文件可能已损坏，或大到超出内存）。"
               "请用 Excel/WPS 打开后另存为 .xlsx 再试")
REJECTED_PATH = "记录中的路径“{}”不在输出文件夹内（manifest.json 可能被改动过），已忽略，未读取也未删除任何文件"
BROKEN_RENDER = "生成这个单位的文档时工作进程异常退出（可能内存不足），未生成文档。请单独重新运行"


@dataclass(frozen=True)
class Options:
    """What a build is asked to do."""

    input_dir: Path
    output_dir: Path
    templates: Path = DEFAULT_TEMPLATES
    force: bool = False  # overwrite hand-edited documents, rebuild unchanged units
    password: str | None = None
    jobs: int | None = None  # worker processes (default: cores, at most 4)
    fonts: str = "standard"
    previous_dir: Path | None = None  # last year's workbooks, for comparison only
    only: frozenset[str] | None = None  # kind keys to rebuild (kinds.parse_only)
    units: frozenset[str] | None = None  # unit names to rebuild
    pdf: bool = False
    issuer: str = ""  # who signs the roll-up (--issuer); default the units' shared 上级单位

    @property
    def workers(self) -> int:
        return self.jobs or workers.default_jobs()


class Stage(str, Enum):
    """The steps a progress display shows."""

    READ = "read"
    RENDER = "render"
    PDF = "pdf"


Progress = Callable[[Stage, int, int], None]  # (stage, done, total)
UnitDone = Callable[[UnitResult], None]


def _no_progress(stage: Stage, done: int, total: int) -> None:
    pass


def _nothing(res: UnitResult) -> None:
    pass


# ------------------------------------------------------------------ gather


def discover(input_dir: Path, exclude: Path | None = None) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The workbooks under ``input_dir``, subfolders included (a county office keeps one
    folder per unit), as (path, label: the path under ``input_dir``), sorted; and a note
    naming every other file, so nothing is passed over in silence. ``exclude`` (the
    output folder) is never read, wherever it lies: inside the input folder, or the
    input folder itself (then the files the last run wrote there are left alone)."""
    found: list[tuple[Path, str]] = []
    notes: list[Problem] = []
    out = exclude.resolve() if exclude is not None else None
    ours = _our_files(out) if out is not None and (input_dir.resolve() == out or out in input_dir.resolve().parents) else set()

    def note(label: str, message: str) -> None:
        notes.append(Problem(WARNING, label, "", "", message))

    def walk(folder: Path, prefix: str) -> None:
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError:
            note(prefix.rstrip("/") or folder.name, "无法打开这个文件夹（没有权限或已被移走），其中的工作簿未读取")
            return
        others: list[str] = []
        for path in entries:
            label = prefix + path.name
            if path.name.startswith(".") or path.resolve() in ours:
                continue
            if path.is_dir():
                if path.resolve() == out:
                    continue
                if path.is_symlink():
                    note(label, "这是指向别处的文件夹链接，未读取。如需处理其中的工作簿，请把它们复制进来")
                elif path.suffix.lower() in WORKBOOK_SUFFIXES + TEMPLATE_SUFFIXES:
                    note(label, "这是一个文件夹，不是工作簿，只是名字像工作簿；未读取")
                else:
                    walk(path, label + "/")
                continue
            suffix = path.suffix.lower()
            if path.name.startswith("~$"):
                note(label, "这是 Excel/WPS 打开文件时生成的临时锁文件，已跳过")
            elif suffix in WORKBOOK_SUFFIXES:
                found.append((path, label))
            elif suffix in TEMPLATE_SUFFIXES:
                note(label, "这是 Excel/WPS 的模板文件，不是工作簿，未读取。请打开后另存为 .xlsx 工作簿")
            elif suffix == ".csv":
                note(label, "CSV 文件只能保存一张表，装不下单位信息和人员名册，未读取。请用 Excel/WPS 打开后另存为 .xlsx")
            else:
                others.append(path.name)
        if others:  # Word files, PDFs, notes: one line a folder
            shown = "、".join(others[:5]) + (f" 等 {len(others)} 个文件" if len(others) > 5 else "")
            note(prefix.rstrip("/") or input_dir.name,
                 f"{shown}不是 Excel 工作簿（.xlsx、.xlsm、.xls、.xlsb、.et、.ods），未读取")

    walk(input_dir, "")
    return found, notes


def _our_files(output_dir: Path) -> set[Path]:
    """What the last run wrote into ``output_dir``: never input, when input and output are one folder."""
    last = LastRun.read(output_dir)
    mine = {inside(output_dir, d.path) for u in last.units.values() for d in u.documents}
    mine |= {inside(output_dir, d.path) for d in last.documents}
    mine |= {output_dir / ROLLUP_BOOK, output_dir / FOLDER}
    return {p.resolve() for p in mine}


def read_one(path: Path, password: str | None = None, sparse: bool = False,
             label: str = "") -> tuple[model.UnitModel | None, list[Problem]]:
    """Read and validate one workbook: (its model, or None; problems that stopped it).
    ``sparse``: with the second reader (workbook._Sparse); ``label``: how problems name it."""
    label = label or path.name
    with workers.no_gc():
        try:
            raw = workbook.read_workbook(path, password, sparse, label)
        except WorkbookError as e:
            return None, [Problem(ERROR, label, "", "", e.message)]
        except MemoryError:
            return None, [Problem(ERROR, label, "", "", BROKEN_READ)]
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a panic in the reader's Rust code (pyo3's PanicException is no Exception)
            if not sparse and workbook.is_ooxml(path):
                return read_one(path, password, True, label)
            return None, [Problem(ERROR, label, "", "", BROKEN_READ)]
        return model.build_model(raw), []


def read_models(paths: list[tuple[Path, str]], password: str | None = None, jobs: int | None = None,
                progress: Progress = _no_progress) -> tuple[list[model.UnitModel], list[Problem]]:
    """Read every workbook, each in a worker process, so that a file which makes the
    reader abort (some odd files crash calamine's Rust code) costs only itself.

    A file whose worker dies twice is read once more with the second reader when it
    is an .xlsx (a stray cell at XFD1048576 makes calamine allocate the whole sheet),
    and named when that dies too. The run goes on either way."""
    done = workers.isolated_retrying(read_one, [(p, password, False, label) for p, label in paths],
                                     jobs or workers.default_jobs(), lambda i, n: progress(Stage.READ, i, n))
    for i, (path, label) in enumerate(paths):
        if done[i] is workers.DIED and workbook.is_ooxml(path):
            done[i] = next(workers.isolated(read_one, [(path, password, True, label)], 1))
    models, problems = [], []
    for (_, label), value in zip(paths, done, strict=True):
        m, trouble = (None, [Problem(ERROR, label, "", "", BROKEN_READ)]) if value is workers.DIED else value
        problems.extend(trouble)
        if m is not None:
            models.append(m)
    return models, problems


def pair_years(models: list[model.UnitModel],
               earlier: list[model.UnitModel] = ()) -> tuple[list[UnitResult], list[Problem]]:
    """One result per unit name: its latest year, with year − 1 as the previous year.

    ``earlier`` (from ``--previous``) are only candidates for a previous year: they
    are matched by 单位名称 and never get documents of their own.
    """
    problems: list[Problem] = []
    by_name: dict[str, list[model.UnitModel]] = {}
    for m in models:
        if m.unit is None:
            problems.extend(m.problems)  # no unit name: belongs to no unit
            continue
        by_name.setdefault(m.unit.name, []).append(m)
    results = []
    for name in sorted(by_name):
        group = sorted(by_name[name], key=lambda m: (-m.unit.year, m.label))
        current = group[0]
        res = UnitResult(current, problems=list(current.problems))
        for other in group[1:]:
            if other.unit.year == current.unit.year:
                res.problems.append(Problem(
                    ERROR, other.label, "", "",
                    f"与“{current.label}”是同一单位（{name}）同一年度（{current.unit.year}），无法确定以哪个为准。"
                    "请删除或改正其中一个后重新运行"))
            elif other.unit.year == current.unit.year - 1 and res.previous is None:
                res.previous = other
                res.problems.extend(other.problems)
            else:
                res.problems.append(Problem(
                    WARNING, other.label, "", "",
                    f"是 {name} {other.unit.year} 年度的工作簿，本次只生成最新年度（{current.unit.year}）的文档，"
                    "并与上一年度比较；此文件未使用"))
        if res.previous is None:
            for other in earlier:
                if other.unit is not None and other.unit.name == name and other.unit.year == current.unit.year - 1:
                    res.previous = other
                    res.problems.extend(other.problems)
                    break
        if res.has_errors:
            res.state = State.FAILED
        results.append(res)
    return results, problems


def gather(input_dir: Path, password: str | None = None, jobs: int | None = None,
           previous_dir: Path | None = None, progress: Progress = _no_progress,
           exclude: Path | None = None) -> RunResult:
    """Read and validate every workbook under ``input_dir`` (and ``previous_dir``, whose
    workbooks serve only as previous years), never under ``exclude`` (the output
    folder); compute figures. Writes nothing."""
    paths, notes = discover(input_dir, exclude)
    same = previous_dir is not None and previous_dir.resolve() == input_dir.resolve()
    extra = discover(previous_dir, exclude)[0] if previous_dir and not same else []
    earlier = {path for path, _ in extra}
    models, read_problems = read_models(paths + extra, password, jobs, progress)
    units, unit_problems = pair_years([m for m in models if m.source not in earlier],
                                      [m for m in models if m.source in earlier])
    result = RunResult(units=units, problems=notes + read_problems + unit_problems,
                       read=[(m.source, m.label) for m in models])
    if previous_dir is not None:
        result.problems.extend(_previous_unused(previous_dir, same, units, [m for m in models if m.source in earlier]))
    if not paths:
        result.problems.append(Problem(ERROR, input_dir.name, "", "",
                                       "文件夹中没有 Excel 工作簿（.xlsx、.xlsm、.xls、.xlsb、.et、.ods），"
                                       "请把各单位的工作簿放进这个文件夹"))
    for res in units:
        if not res.has_errors:
            res.context = Cleaned(clean(figures.context(res.model, res.previous)))
    return result


def _previous_unused(folder: Path, same: bool, units: list[UnitResult], earlier: list[model.UnitModel]) -> list[Problem]:
    """A warning when ``--previous`` gave nothing to compare with: it is the input folder
    itself, or holds no unit's year − 1 (the same year, say)."""
    if same:
        return [Problem(WARNING, folder.name, "", "", "--previous 指定的上年文件夹就是输入文件夹，未另外读取；"
                                                      "上一年度的工作簿请放在另一个文件夹中")]
    if any(res.previous is not None and res.previous in earlier for res in units):
        return []
    wanted = sorted({res.model.year - 1 for res in units if res.model.unit})
    found = sorted({m.unit.year for m in earlier if m.unit})
    have = f"其中的工作簿是 {'、'.join(map(str, found))} 年度的" if found else "其中没有可用的单位工作簿"
    return [Problem(WARNING, folder.name, "", "", (
        f"--previous 指定的上年文件夹中没有本次各单位 {'、'.join(map(str, wanted)) or '上一'} 年度的工作簿"
        f"（{have}，按单位名称对应），未与上年比较"))]


# ------------------------------------------------------------------ render


def _finish(body) -> None:
    """The layout fixes that need the rendered text."""
    layout.fix_signature(body)
    layout.fix_figures(body)
    layout.fit_columns(body)


def _render(template: Path, ctx: dict, title: str, fonts: str, problems: list[Problem]) -> bytes | None:
    """One document, or None when its template is broken: the problem, naming the
    template and the tag, is added to ``problems`` and the run goes on."""
    from .render import render_document

    try:
        return render_document(template, ctx, finish=_finish, fonts=fonts, properties={
            "title": title, "author": ctx["落款"], "date": as_date(ctx["成文日期"])})
    except TemplateProblem as e:
        problems.append(Problem(ERROR, template.name, "", "", str(e)))
        return None


def render_unit(ctx: dict, tables: set[str], templates: Path, fonts: str = "standard",
                only: frozenset[str] | None = None,
                folder: str = "") -> tuple[list[tuple[Document, bytes]], list[Skip], list[Problem]]:
    """Every document of one unit, written nowhere: ([(record, bytes)], skipped, problems).
    Runs in a worker process; ``only`` limits it to some kinds; ``folder`` is the unit's
    folder and file-name prefix (its safe name, unless another unit's is the same)."""
    docs, skipped, problems = [], [], []
    folder = folder or safe_name(ctx["单位名称"])
    for kind in KINDS:
        if only is not None and kind.key not in only:
            continue
        template = templates / kind.template
        reason = kind.needs(tables, ctx)
        if not template.is_file():
            reason = f"模板文件“{kind.template}”不存在"
        if reason:
            skipped.append(Skip(kind.key, reason))
            continue
        if kind.folder:
            docs += _render_members(kind, template, ctx, fonts, f"{folder}/{kind.folder}", problems)
            continue
        data = _render(template, ctx, kind.title.format(**ctx), fonts, problems)
        if data is not None:
            docs.append((Document(kind.key, f"{folder}/{folder}{safe_name(kind.label.format(**ctx))}.docx"), data))
    if only is None or CUSTOM in only:
        for template in custom_templates(templates):
            data = _render(template, ctx, template.stem, fonts, problems)
            if data is not None:
                docs.append((Document(CUSTOM, f"{folder}/{folder}{safe_name(template.stem)}.docx",
                                      template=template.name), data))
    return docs, skipped, problems


def _render_members(kind: Kind, template: Path, ctx: dict, fonts: str, folder: str,
                    problems: list[Problem]) -> list[tuple[Document, bytes]]:
    """One document per member on the team at year end, with the member as 本人; a fault
    in the template is named once, not once per member."""
    docs = []
    label, title = safe_name(kind.label.format(**ctx)), kind.title.format(**ctx)
    for member, stem in member_files(ctx["名册"]):
        mine = Cleaned(ctx)
        mine["本人"] = member
        before = len(problems)
        data = _render(template, mine, member["姓名"] + title, fonts, problems)
        if data is None:
            if any(p.message == problems[-1].message for p in problems[:before]):
                problems.pop()  # the same fault for every member: named once
            continue
        docs.append((Document(kind.key, f"{folder}/{stem}{label}.docx", member=member["姓名"]), data))
    return docs


def member_files(members: list[dict]) -> list[tuple[dict, str]]:
    """Each member with the start of their file's name: the name; with the department added
    when two names make one file name (as Windows compares them), and a number after that."""
    stems = [safe_name(m["姓名"]) for m in members]
    clash = Counter(s.casefold() for s in stems)
    out, taken = [], set()
    for m, stem in zip(members, stems, strict=True):
        if clash[stem.casefold()] > 1:
            stem = safe_name(f"{m['姓名']}（{m['部门']}）")
        stem = free_name(stem, taken)
        taken.add(stem.casefold())
        out.append((m, stem))
    return out


def render_rollup(result: RunResult, templates: Path, writer: Writer, fonts: str = "standard",
                  issuer: str = "") -> RollupResult:
    """The roll-up document and 汇总表.xlsx, for a run over two or more units."""
    from .sheets import rollup_workbook

    done = [res for res in result.units if res.context]
    if len(done) < 2:
        return RollupResult(units=len(done), missing="units")
    ctx, left_out = figures.rollup([res.context for res in done], issuer)
    ctx = Cleaned(ctx)  # made of the units' cleaned contexts
    out = RollupResult(units=ctx["单位数"], left_out=left_out, figures=ctx)
    template = templates / ROLLUP.template
    if template.is_file():
        data = _render(template, ctx, ROLLUP.title.format(**ctx), fonts, result.problems)
        if data is not None:
            w = writer.write(f"{safe_name(ROLLUP.label.format(**ctx))}.docx", data)
            out.documents.append(Document(ROLLUP.key, w.path, w.sha256, kept=w.kept))
    else:
        out.missing = "template"
    w = writer.write(ROLLUP_BOOK, rollup_workbook(ctx))
    out.documents.append(Document(ROLLUP_WORKBOOK, w.path, w.sha256, kept=w.kept))
    return out


# ------------------------------------------------------------------ the run


def build(options: Options, progress: Progress = _no_progress, unit_done: UnitDone = _nothing) -> RunResult:
    """The whole run. Returns what happened; the manifest is written last.

    A unit whose workbook, previous year, templates and options are those of the
    last run, with its documents still there, is not rendered again (unless
    ``force``). ``only`` (kinds) and ``units`` (names) rebuild a part; the manifest
    keeps what the last run recorded for the rest. ``unit_done`` hears of each unit
    as soon as its documents are written (or carried, or refused).
    """
    o = options
    result = gather(o.input_dir, o.password, o.jobs, o.previous_dir, progress, exclude=o.output_dir)
    out = o.output_dir
    with lock(out):
        remove_leftovers(out)
        last = LastRun.read(out)
        for path in last.rejected:
            result.problems.append(Problem(WARNING, MANIFEST, "", "", REJECTED_PATH.format(path)))
        try:
            result.annotated, result.not_annotated = write_annotations(result.read, result.all_problems, out,
                                                                       o.password, o.force, o.workers)
        except OutputError as e:
            result.problems.append(Problem(ERROR, "", "", "", str(e)))
        result.documents.extend(result.annotated)
        _unknown_units(result, o.units)
        _assign_folders(result)
        writer = Writer(out, last.hashes(), o.force)  # what the last run wrote is ours to replace
        try:
            _render_and_write(result, o, last, writer, progress, unit_done)
        except KeyboardInterrupt:
            result.interrupted = True
        if not result.interrupted:
            try:
                result.rollup = _rollup(result, o, last, writer)
            except OutputError as e:
                result.problems.append(Problem(ERROR, "", "", "", str(e)))
            if result.rollup:
                result.documents.extend(result.rollup.documents)
            if o.pdf:
                try:
                    result.pdf = _pdfs(result, out, o.jobs, progress)
                except KeyboardInterrupt:  # LibreOffice is stopped and its scratch removed by now
                    result.interrupted = True
        try:
            w = writer.write(report.REPORT, report.render(result, str(o.input_dir)))
            result.report = Document("report", w.path, w.sha256, kept=w.kept, fresh=True)
        except OutputError as e:
            result.problems.append(Problem(ERROR, "", "", "", str(e)))
        manifest.write(out, o.input_dir, result, _recorded_figures)
    if result.interrupted:
        raise KeyboardInterrupt
    return result


def _render_and_write(result: RunResult, o: Options, last: LastRun, writer: Writer, progress: Progress,
                      unit_done: UnitDone) -> None:
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
    calls = [(res.context, res.model.tables, o.templates, o.fonts, part, res.folder) for res, part in tasks]
    # in worker processes with the memory cap, so that a unit too large to render costs
    # only itself and is named; in this process only when asked for one job (-j 1)
    done = workers.isolated(render_unit, calls, o.workers, in_process=o.jobs == 1)
    finished = 0
    for i, ((res, _), value) in enumerate(zip(tasks, done, strict=True)):
        if value is workers.DIED:
            value = ([], [], [Problem(ERROR, res.source_label, "", "", BROKEN_RENDER)])
        docs, skipped, problems = value
        res.problems.extend(p for p in problems if p not in res.problems)  # a unit that died twice is named once
        res.skipped += skipped
        try:
            for record, data in docs:
                w = writer.write(record.path, data)
                record.path, record.sha256, record.kept, record.fresh = w.path, w.sha256, w.kept, True
                res.documents.append(record)
                _remove_stale_pdf(out, last_pdfs.get(record.path))
        except OutputError as e:  # this unit's folder is refused; the others go on
            refused = Problem(ERROR, res.source_label, "", "", str(e))
            if refused not in res.problems:  # named once, not once a part
                res.problems.append(refused)
        if i + 1 < len(tasks) and tasks[i + 1][0] is res:
            continue  # its other part is still to come
        if o.only is not None:
            _keep_the_rest(res, last.unit(res.name), o.only)
        finished += 1
        progress(Stage.RENDER, finished, len(todo))
        unit_done(res)


def _parts(only: frozenset[str] | None, split: bool) -> list[frozenset[str]]:
    """The kinds a unit renders, as the tasks they are rendered in: with ``split``, the
    per-member kinds apart."""
    wanted = only if only is not None else frozenset([*(k.key for k in KINDS), CUSTOM])
    apart = frozenset(k.key for k in KINDS if k.folder) & wanted if split else frozenset()
    return [part for part in (wanted - apart, apart) if part]


def _rollup(result: RunResult, o: Options, last: LastRun, writer: Writer) -> RollupResult:
    if o.units or (o.only is not None and ROLLUP.key not in o.only):
        kept = [d for d in last.documents if d.kind in (ROLLUP.key, ROLLUP_WORKBOOK)]
        return RollupResult(documents=kept, carried=True)
    return render_rollup(result, o.templates, writer, o.fonts, o.issuer)


def _assign_folders(result: RunResult) -> None:
    """Each unit's folder: its safe name, or with a suffix when an earlier unit's name
    makes the same one (青山/教育局 and 青山_教育局), with a warning; compared as Windows
    compares file names, case aside."""
    taken: dict[str, str] = {}
    for res in result.units:
        base = safe_name(res.name)
        folder = free_name(base, taken)
        if folder != base:
            res.problems.append(Problem(WARNING, res.source_label, "", "", (
                f"单位名称“{res.name}”与“{taken[base.casefold()]}”转成文件夹名后相同（“{base}”），"
                f"为免互相覆盖，本单位的文档写入“{folder}”。请核对两个单位名称")))
        taken[folder.casefold()] = res.name
        res.folder = folder


def _unknown_units(result: RunResult, units: frozenset[str] | None) -> None:
    known = {res.name for res in result.units} | {safe_name(res.name) for res in result.units}
    for name in sorted((units or set()) - known):
        result.problems.append(Problem(ERROR, "", "", "", f"没有找到单位“{name}”。请按工作簿“单位信息”表中的单位名称填写 --unit"))


def _plan(result: RunResult, o: Options, last: LastRun) -> list[UnitResult]:
    """The units to render now; the others are carried from the last run or failed."""
    base = manifest.templates_digest(o.templates, o.fonts)
    todo = []
    for res in result.units:
        if res.has_errors:
            continue
        res.stamp = manifest.unit_stamp(res, base)
        before = last.unit(res.name)
        if o.units and res.name not in o.units and safe_name(res.name) not in o.units:
            res.carry(before, State.NOT_SELECTED)
        elif not o.force and o.only is None and before.stamp == res.stamp and _all_there(o.output_dir, before):
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


def _pdfs(result: RunResult, output_dir: Path, jobs: int | None, progress: Progress) -> PdfResult:
    """A PDF beside every .docx this run wrote, recorded on its Document."""
    from .pdf import convert_beside

    # written now, or carried from a run without --pdf (or whose PDF is gone)
    records = [d for u in result.units for d in u.documents
               if u.state == State.BUILT or not d.pdf or not (output_dir / d.pdf).is_file()]
    records += [d for d in result.documents if d.kind == ROLLUP.key]
    records = [d for d in records if d.path.endswith(".docx") and (output_dir / d.path).is_file()]
    if not records:
        return PdfResult()
    try:
        placed, failed = convert_beside([output_dir / d.path for d in records], output_dir,
                                        jobs or min(2, workers.default_jobs()),
                                        lambda n: progress(Stage.PDF, min(n, len(records) - 1), len(records)))
    except OfficeMissing:
        return PdfResult(office_missing=True)
    for d in records:
        pdf = placed.get(output_dir / d.path)
        if pdf is not None:
            d.pdf, d.pdf_sha256 = pdf.relative_to(output_dir).as_posix(), sha256_file(pdf)
    progress(Stage.PDF, len(records), len(records))
    for doc in failed:
        result.problems.append(Problem(WARNING, doc.name, "", "", "LibreOffice 未能把这份文档转成 PDF（超时或出错）；"
                                                                 ".docx 已写好，可以用 Word 或 WPS 另存为 PDF"))
    return PdfResult(len(placed), [doc.relative_to(output_dir).as_posix() for doc in failed])


def _recorded_figures(res: UnitResult) -> dict:
    """What the manifest records of a unit's figures: its scalars, and 上年 when known."""
    found = figures.scalars(res.context) if res.context else {}
    if res.context.get("上年"):
        found["上年"] = res.context["上年"]
    return found
