"""The run, and only the run: gather → plan → render → write → manifest.

Everything is read and validated before anything is written (as mkdocs does),
so one bad workbook costs only its own documents and the clerk sees every
problem of every file at once. The steps themselves live in their modules:
reading in workbook/model, figures in figures, documents in render, files in
output, records in manifest, processes in workers. Nothing here words a message
for the screen: the run returns a RunResult and the CLI tells the clerk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from . import figures, layout, manifest, model, workbook, workers
from .annotate import write_annotations
from .chinese import as_date
from .errors import ERROR, WARNING, OfficeMissing, Problem, TemplateProblem, WorkbookError
from .kinds import CUSTOM, KINDS, ROLLUP, ROLLUP_BOOK, ROLLUP_WORKBOOK, custom_templates
from .manifest import Document, LastRun, PdfResult, RollupResult, RunResult, Skip, State, UnitResult
from .output import Writer, remove_leftovers, safe_name, sha256_file
from .render import Cleaned, clean

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
BROKEN_READ = ("读取这个文件时读取程序异常退出（文件可能已损坏，或大到超出内存）。"
               "请用 Excel/WPS 打开后另存为 .xlsx 再试")
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


def discover(input_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The workbooks in ``input_dir`` (sorted), and a note for each file passed over."""
    found, notes = [], []
    for path in sorted(input_dir.iterdir(), key=lambda p: p.name):
        if not path.is_file():
            continue
        if path.name.startswith("~$"):
            notes.append(Problem(WARNING, path.name, "", "", "这是 Excel/WPS 打开文件时生成的临时锁文件，已跳过"))
            continue
        if path.name.startswith("."):
            continue
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            found.append(path)
    return found, notes


def read_one(path: Path, password: str | None = None) -> tuple[model.UnitModel | None, list[Problem]]:
    """Read and validate one workbook: (its model, or None; problems that stopped it)."""
    with workers.no_gc():
        try:
            raw = workbook.read_workbook(path, password)
        except WorkbookError as e:
            return None, [Problem(ERROR, path.name, "", "", e.message)]
        except MemoryError:
            return None, [Problem(ERROR, path.name, "", "", BROKEN_READ)]
        return model.build_model(raw), []


def read_models(paths: list[Path], password: str | None = None, jobs: int | None = None,
                progress: Progress = _no_progress) -> tuple[list[model.UnitModel], list[Problem]]:
    """Read every workbook, each in a worker process, so that a file which makes the
    reader abort (some odd files crash calamine's Rust code) costs only itself and is named."""
    done = workers.isolated_retrying(read_one, [(p, password) for p in paths], jobs or workers.default_jobs(),
                                     lambda i, n: progress(Stage.READ, i, n))
    models, problems = [], []
    for path, value in zip(paths, done, strict=True):
        m, trouble = (None, [Problem(ERROR, path.name, "", "", BROKEN_READ)]) if value is workers.DIED else value
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
        group = sorted(by_name[name], key=lambda m: (-m.unit.year, m.source.name))
        current = group[0]
        res = UnitResult(current, problems=list(current.problems))
        for other in group[1:]:
            if other.unit.year == current.unit.year:
                res.problems.append(Problem(
                    ERROR, other.source.name, "", "",
                    f"与“{current.source.name}”是同一单位（{name}）同一年度（{current.unit.year}），无法确定以哪个为准。"
                    "请删除或改正其中一个后重新运行"))
            elif other.unit.year == current.unit.year - 1 and res.previous is None:
                res.previous = other
                res.problems.extend(other.problems)
            else:
                res.problems.append(Problem(
                    WARNING, other.source.name, "", "",
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
           previous_dir: Path | None = None, progress: Progress = _no_progress) -> RunResult:
    """Read and validate every workbook in ``input_dir`` (and ``previous_dir``, whose
    workbooks serve only as previous years); compute figures. Writes nothing."""
    paths, notes = discover(input_dir)
    same = previous_dir is not None and previous_dir.resolve() == input_dir.resolve()
    extra = set(discover(previous_dir)[0]) if previous_dir and not same else set()
    models, read_problems = read_models(paths + sorted(extra), password, jobs, progress)
    units, unit_problems = pair_years([m for m in models if m.source not in extra],
                                      [m for m in models if m.source in extra])
    result = RunResult(units=units, problems=notes + read_problems + unit_problems,
                       read=[m.source for m in models])
    if not paths:
        result.problems.append(Problem(ERROR, input_dir.name, "", "",
                                       "文件夹中没有 Excel 工作簿（.xlsx、.xlsm、.xls），请把各单位的工作簿放进这个文件夹"))
    for res in units:
        if not res.has_errors:
            res.context = Cleaned(clean(figures.context(res.model, res.previous)))
    return result


# ------------------------------------------------------------------ render


def _finish(body) -> None:
    """The layout fixes that need the rendered text."""
    layout.fix_signature(body)
    layout.fix_figures(body)


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
                only: frozenset[str] | None = None) -> tuple[list[tuple[Document, bytes]], list[Skip], list[Problem]]:
    """Every document of one unit, written nowhere: ([(record, bytes)], skipped, problems).
    Runs in a worker process; ``only`` limits it to some kinds."""
    docs, skipped, problems = [], [], []
    folder = safe_name(ctx["单位名称"])
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


def render_rollup(result: RunResult, templates: Path, writer: Writer, fonts: str = "standard") -> RollupResult:
    """The roll-up document and 汇总表.xlsx, for a run over two or more units."""
    from .sheets import rollup_workbook

    done = [res for res in result.units if res.context]
    if len(done) < 2:
        return RollupResult(units=len(done), missing="units")
    ctx, left_out = figures.rollup([res.context for res in done])
    ctx = Cleaned(ctx)  # made of the units' cleaned contexts
    out = RollupResult(units=ctx["单位数"], left_out=left_out)
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
    result = gather(o.input_dir, o.password, o.jobs, o.previous_dir, progress)
    out = o.output_dir
    out.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    last = LastRun.read(out)
    last_pdfs = {d.path: d for u in last.units.values() for d in u.documents if d.pdf}
    writer = Writer(out, last.hashes(), o.force)
    result.annotated, result.not_annotated = write_annotations(result.read, result.all_problems, out,
                                                               o.password, o.force)
    result.documents.extend(result.annotated)
    _unknown_units(result, o.units)
    todo = _plan(result, o, last)
    for res in result.units:
        if res not in todo:
            unit_done(res)
    calls = [(res.context, res.model.tables, o.templates, o.fonts, o.only) for res in todo]
    done = workers.isolated(render_unit, calls, o.workers, in_process=True)
    for i, (res, value) in enumerate(zip(todo, done, strict=True), 1):
        if value is workers.DIED:
            value = ([], [], [Problem(ERROR, res.model.source.name, "", "", BROKEN_RENDER)])
        docs, skipped, problems = value
        res.problems.extend(problems)
        res.skipped = skipped
        for record, data in docs:
            w = writer.write(record.path, data)
            record.path, record.sha256, record.kept = w.path, w.sha256, w.kept
            res.documents.append(record)
            _remove_stale_pdf(out, last_pdfs.get(record.path))
        if o.only is not None:
            _keep_the_rest(res, last.unit(res.name), o.only)
        progress(Stage.RENDER, i, len(todo))
        unit_done(res)
    if o.units or (o.only is not None and ROLLUP.key not in o.only):
        kept = [d for d in last.documents if d.kind in (ROLLUP.key, ROLLUP_WORKBOOK)]
        result.rollup = RollupResult(documents=kept, carried=True)
    else:
        result.rollup = render_rollup(result, o.templates, writer, o.fonts)
    result.documents.extend(result.rollup.documents)
    if o.pdf:
        result.pdf = _pdfs(result, out, o.jobs, progress)
    manifest.write(out, o.input_dir, result, _recorded_figures)
    return result


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
    pdf = output_dir / last.pdf
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
                                        jobs or min(2, workers.default_jobs()))
    except OfficeMissing:
        return PdfResult(office_missing=True)
    for i, d in enumerate(records, 1):
        pdf = placed.get(output_dir / d.path)
        if pdf is not None:
            d.pdf, d.pdf_sha256 = pdf.relative_to(output_dir).as_posix(), sha256_file(pdf)
        progress(Stage.PDF, i, len(records))
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
