"""The run: discover inputs, read and validate all, compute, render, write, record.

Everything is read and validated before anything is written (as mkdocs does),
so one bad workbook costs only its own documents and the clerk sees every
problem of every file at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, figures, layout, model, workbook
from .chinese import as_date
from .errors import ERROR, WARNING, OutputError, Problem, TemplateProblem, WorkbookError
from .render import Cleaned, clean

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
MANIFEST = "manifest.json"
DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _always(tables: set[str], ctx: dict) -> str:
    return ""


def _needs_trainings(tables: set[str], ctx: dict) -> str:
    if "trainings" not in tables:
        return "工作簿中没有“培训记录”表"
    return "" if ctx["培训列表"] else f"培训记录中没有{ctx['年度']}年的培训"


def _needs_excellent(tables: set[str], ctx: dict) -> str:
    if "assessment" not in tables:
        return "工作簿中没有“考核结果”表"
    return "" if ctx["优秀名单"] else "考核结果中没有评为“优秀”的人员"


def _needs_members(tables: set[str], ctx: dict) -> str:
    return "" if ctx["全年人员"] else f"{ctx['年度']}年没有在队人员"


@dataclass(frozen=True)
class Kind:
    """One kind of document: its template file, its file label, its title, and
    ``needs``, which says why a unit's data cannot fill it ("" when it can)."""

    key: str
    template: str
    label: str
    title: str
    needs: Callable[[set[str], dict], str] = _always


KINDS: tuple[Kind, ...] = (
    Kind("plan", "实施方案.docx", "{计划年度}年度实施方案", "关于加强{单位名称}{队伍名称}建设的实施方案"),
    Kind("summary", "年度工作总结.docx", "{年度}年度工作总结", "{单位名称}{年度}年度{队伍名称}建设工作总结"),
    Kind("roster", "名册.docx", "{队伍名称}名册", "{单位名称}{队伍名称}名册"),
    Kind("training_ledger", "培训台账.docx", "{年度}年度培训台账", "{单位名称}{年度}年度培训台账", _needs_trainings),
    Kind("member_form", "个人考核登记表.docx", "{年度}年度个人考核登记表", "{年度}年度{队伍名称}个人考核登记表",
         _needs_members),
    Kind("commendation", "表彰通报.docx", "{年度}年度表彰通报", "关于表彰{年度}年度优秀{成员称谓}的通报",
         _needs_excellent),
)
# Written once for a run over two or more units, into the output folder's top.
ROLLUP = Kind("rollup", "汇总.docx", "{年度}年度{队伍名称}建设情况汇总", "{年度}年度{队伍名称}建设情况汇总")
ROLLUP_BOOK = "汇总表.xlsx"
KIND_NAMES = {k.key: k.template.removesuffix(".docx") for k in (*KINDS, ROLLUP)}


@dataclass
class UnitResult:
    model: model.UnitModel
    previous: model.UnitModel | None = None
    context: dict = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stamp: str = ""  # digest of everything its documents are made from (see unit_stamp)
    state: str = ""  # "" rendered now, "unchanged" or "not selected": documents carried from the last run

    @property
    def name(self) -> str:
        return self.model.unit.name if self.model.unit else ""

    @property
    def has_errors(self) -> bool:
        return any(p.level == ERROR for p in self.problems)


@dataclass
class RunResult:
    units: list[UnitResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # belonging to no unit
    documents: list[dict] = field(default_factory=list)  # belonging to no single unit
    read: list[Path] = field(default_factory=list)  # workbooks that could be opened

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for u in self.units for p in u.problems]

    @property
    def exit_code(self) -> int:
        return 1 if any(p.level == ERROR for p in self.all_problems) else 0


Report = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


# ------------------------------------------------------------------ discovery


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


# A reading worker may use this much address space (Linux): a file that makes the
# reader allocate without end then ends only its worker, and is named.
READ_MEMORY_LIMIT = 4 * 1024**3
BROKEN_READ = ("读取这个文件时读取程序异常退出（文件可能已损坏，或大到超出内存）。"
               "请用 Excel/WPS 打开后另存为 .xlsx 再试")


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the worker process still isolates a crash
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > READ_MEMORY_LIMIT:
        resource.setrlimit(resource.RLIMIT_AS, (READ_MEMORY_LIMIT, hard))


def read_one(path: Path, password: str | None = None) -> tuple[model.UnitModel | None, list[Problem]]:
    """Read and validate one workbook: (its model, or None; problems that stopped it)."""
    with _no_gc():
        try:
            raw = workbook.read_workbook(path, password)
        except WorkbookError as e:
            return None, [Problem(ERROR, path.name, "", "", e.message)]
        except MemoryError:
            return None, [Problem(ERROR, path.name, "", "", BROKEN_READ)]
        return model.build_model(raw), []


@contextlib.contextmanager
def _no_gc():
    """Reading makes hundreds of thousands of small objects and no cycles worth
    collecting; the cyclic collector, left on, took a third of the time of a
    100,000-row sheet."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _pool(workers: int):
    """Worker processes with the memory cap. fork starts one in milliseconds;
    spawn (Windows, macOS) is what is there."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), initializer=_limit_memory)


def _pool_read(paths: list[Path], workers: int, password: str | None, done: dict,
               progress: Progress = _no_progress) -> list[Path]:
    """Read ``paths`` in a pool of worker processes into ``done``; return those whose worker died."""
    from concurrent.futures.process import BrokenProcessPool

    died = []
    with _pool(workers) as pool:
        futures = [(path, pool.submit(read_one, path, password)) for path in paths]
        for i, (path, future) in enumerate(futures, 1):
            try:
                with _no_gc():  # unpickling a large model is the same story
                    done[path] = future.result()
            except BrokenProcessPool:
                died.append(path)
            progress("读取工作簿", i, len(futures))
    return died


def read_models(paths: list[Path], password: str | None = None, jobs: int | None = None,
                progress: Progress = _no_progress) -> tuple[list[model.UnitModel], list[Problem]]:
    """Read every workbook, each in a worker process, so that a file which makes the
    reader abort (some odd files crash calamine's Rust code) costs only itself.

    When a worker dies, every file it could have been reading is read again alone,
    and the one that kills its worker again is named.
    """
    done: dict[Path, tuple] = {}
    if paths:
        died = _pool_read(paths, max(1, min(jobs or default_jobs(), len(paths))), password, done, progress)
        for path in died:
            if _pool_read([path], 1, password, done):
                done[path] = (None, [Problem(ERROR, path.name, "", "", BROKEN_READ)])
    models, problems = [], []
    for path in paths:
        m, trouble = done[path]
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
                res.problems.extend(p for p in other.problems)
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
        results.append(res)
    return results, problems


# --------------------------------------------------------------------- output

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
# A unit name is cut to 60 characters: with the document label, 「（新生成）」 and
# ".docx" a file name stays under Linux's 255 bytes (CJK is 3 bytes in UTF-8)
# and a Windows path stays well under 260 characters.
MAX_NAME = 60


def safe_name(name: str) -> str:
    """A unit or document name as a file name that is valid on Windows and Linux."""
    s = _UNSAFE.sub("_", name).strip().rstrip(". ")
    s = s[:MAX_NAME].rstrip(". ")
    if not s or set(s) <= {".", "_", " "}:
        s = "未命名"
    if s.split(".")[0].upper() in _RESERVED:
        s = "_" + s
    return s


def inside(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if root.resolve() not in target.parents:
        raise OutputError(f"输出路径“{relative}”超出了输出文件夹，已拒绝写入")
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~yearend-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes())


def read_manifest(output_dir: Path) -> dict:
    """The last run's manifest, or an empty one."""
    try:
        data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def document_hashes(data: dict) -> dict[str, str]:
    """path → sha256 of every document a manifest (``read_manifest``) lists."""
    known = {}
    for unit in data.get("units", []):
        for doc in unit.get("documents", []):
            known[doc.get("path", "")] = doc.get("sha256", "")
    for doc in data.get("documents", []):
        known[doc.get("path", "")] = doc.get("sha256", "")
    return known


@dataclass
class Writer:
    """Writes documents into the output folder without losing anyone's edits."""

    root: Path
    previous: dict[str, str]
    force: bool = False
    report: Report = _quiet

    def write(self, relative: str, data: bytes) -> str:
        """Write ``data`` at ``relative``; return the path actually written (relative)."""
        target = inside(self.root, relative)
        if target.exists() and not self.force:
            current = sha256_file(target)
            if current != sha256_bytes(data) and current != self.previous.get(relative):
                stem = target.stem
                relative = str(Path(relative).with_name(f"{stem}（新生成）{target.suffix}").as_posix())
                self.report(f"  注意：“{target.name}”在上次生成后被修改过，已保留原文件，新文件另存为“{Path(relative).name}”"
                            "（如确认要覆盖，请加 --force）")
                target = inside(self.root, relative)
        write_atomic(target, data)
        return relative


# ---------------------------------------------------------------------- run


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
                only: frozenset[str] | None = None) -> tuple[list[tuple[dict, bytes]], list[dict], list[Problem]]:
    """Every document of one unit, written nowhere: ([(record, bytes)], skipped, problems).
    A record has the kind, the file name and, for a clerk's template, its name.
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
            skipped.append({"kind": kind.key, "reason": reason})
            continue
        data = _render(template, ctx, kind.title.format(**ctx), fonts, problems)
        if data is not None:
            docs.append(({"kind": kind.key, "path": f"{folder}/{folder}{safe_name(kind.label.format(**ctx))}.docx"},
                         data))
    if only is None or "custom" in only:
        for template in custom_templates(templates):
            data = _render(template, ctx, template.stem, fonts, problems)
            if data is not None:
                docs.append(({"kind": "custom", "template": template.name,
                              "path": f"{folder}/{folder}{safe_name(template.stem)}.docx"}, data))
    return docs, skipped, problems


def render_units(units: list[UnitResult], templates: Path, fonts: str, jobs: int | None,
                 only: frozenset[str] | None, progress: Progress = _no_progress):
    """Yield (unit, (documents, skipped, problems)) in order, rendered ``jobs`` at a time
    in worker processes (in this one for a single job or unit). Each worker prepares
    each template once (render.prepared)."""
    from concurrent.futures.process import BrokenProcessPool

    workers = max(1, min(jobs or default_jobs(), len(units)))
    if workers == 1:
        for i, res in enumerate(units, 1):
            yield res, render_unit(res.context, res.model.tables, templates, fonts, only)
            progress("生成文档", i, len(units))
        return
    with _pool(workers) as pool:
        futures = [pool.submit(render_unit, res.context, res.model.tables, templates, fonts, only) for res in units]
        for i, (res, future) in enumerate(zip(units, futures, strict=True), 1):
            try:
                yield res, future.result()
            except BrokenProcessPool:
                yield res, ([], [], [Problem(ERROR, res.model.source.name, "", "",
                                             "生成这个单位的文档时工作进程异常退出（可能内存不足），未生成文档。请单独重新运行")])
            progress("生成文档", i, len(units))


def custom_templates(templates: Path) -> list[Path]:
    """A clerk's own templates: every other .docx in the templates folder (not Word's
    ~$ lock files), rendered once per unit with the same variables."""
    ours = {k.template for k in (*KINDS, ROLLUP)}
    if not templates.is_dir():
        return []
    return sorted(p for p in templates.iterdir() if p.suffix.lower() == ".docx" and p.name not in ours
                  and not p.name.startswith(("~$", ".")))


def render_rollup(result: RunResult, templates: Path, writer: Writer, fonts: str = "standard",
                  report: Report = _quiet) -> None:
    """The roll-up document and 汇总表.xlsx, for a run over two or more units."""
    from .sheets import rollup_workbook

    done = [res for res in result.units if res.context]
    if len(done) < 2:
        if len(result.units) >= 2:
            report(f"未生成汇总：可汇总的单位不足两个（{len(done)} 个单位没有错误）")
        return
    ctx, left_out = figures.rollup([res.context for res in done])
    ctx = Cleaned(ctx)  # made of the units' cleaned contexts
    for name, year in left_out:
        report(f"  汇总未包含 {name}：其年度（{year}）与其他单位（{ctx['年度']}）不同")
    template = templates / ROLLUP.template
    if template.is_file():
        data = _render(template, ctx, ROLLUP.title.format(**ctx), fonts, result.problems)
        if data is not None:
            written = writer.write(f"{safe_name(ROLLUP.label.format(**ctx))}.docx", data)
            result.documents.append({"kind": "rollup", "path": written, "sha256": sha256_bytes(data)})
    else:
        report(f"未生成汇总文档：模板文件“{ROLLUP.template}”不存在")
    data = rollup_workbook(ctx)
    written = writer.write(ROLLUP_BOOK, data)
    result.documents.append({"kind": "rollup_workbook", "path": written, "sha256": sha256_bytes(data)})
    names = "、".join(d["path"] for d in result.documents if d["kind"].startswith("rollup"))
    report(f"汇总（{ctx['单位数']} 个单位）：已生成 {names}")


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


ANNOTATION_RECORD = ".yearend.json"  # hashes of the annotated copies last written


def write_annotations(result: RunResult, output_dir: Path, password: str | None = None,
                      force: bool = False, report: Report = _quiet) -> list[dict]:
    """An annotated copy under ``问题标注/`` of every readable workbook with problems.

    ``check`` and ``build`` both write them, so their hashes are kept in a record of
    their own in that folder: a copy the clerk has edited is kept, as documents are.
    Our own copies of workbooks that no longer have problems are removed.
    """
    from . import annotate

    folder = output_dir / annotate.FOLDER
    record_path = folder / ANNOTATION_RECORD
    try:
        previous = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    writer = Writer(output_dir, previous, force, report)
    problems = result.all_problems
    written: list[dict] = []
    for path in result.read:
        mine = [p for p in problems if p.file == path.name]
        if not mine:
            continue
        try:
            data, rebuilt = annotate.annotated_copy(path, workbook.load_bytes(path, password), mine)
        except Exception:  # the copy is a courtesy; the problems are printed and in the manifest
            report(f"  未能生成“{path.name}”的问题标注副本，问题见上方列表和 manifest.json")
            continue
        name = Path(annotate.copy_name(path, rebuilt))
        relative = f"{annotate.FOLDER}/{safe_name(name.stem)}{name.suffix}"
        relative = writer.write(relative, data)
        written.append({"kind": "问题标注", "source": path.name, "path": relative, "sha256": sha256_bytes(data)})
    kept = {d["path"] for d in written}
    for relative, digest in previous.items():
        target = output_dir / relative
        if relative not in kept and target.is_file() and sha256_file(target) == digest:
            target.unlink()  # ours, unchanged, and its workbook is fixed now
    if written or previous:
        folder.mkdir(parents=True, exist_ok=True)
        record = {d["path"]: d["sha256"] for d in written}
        write_atomic(record_path, json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
    return written


def templates_digest(templates: Path, fonts: str) -> str:
    """What every document depends on besides its workbook: the templates, the font
    profile and this program's version."""
    h = hashlib.sha256(f"{__version__}\0{fonts}".encode())
    for path in ([templates / k.template for k in (*KINDS, ROLLUP)] + custom_templates(templates)):
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def unit_stamp(res: UnitResult, base: str) -> str:
    h = hashlib.sha256(base.encode())
    for source in (res.model.source, res.previous.source if res.previous else None):
        h.update(sha256_file(source).encode() if source else b"-")
    return h.hexdigest()


def _remove_leftovers(output_dir: Path) -> None:
    """Temporary files of a run that was killed half way (write_atomic's)."""
    import shutil

    for tmp in output_dir.rglob(".~yearend-*.tmp"):
        tmp.unlink(missing_ok=True)
    for tmp in output_dir.glob(".~yearend-pdf-*"):
        shutil.rmtree(tmp, ignore_errors=True)


def build(input_dir: Path, output_dir: Path, templates: Path = DEFAULT_TEMPLATES,
          force: bool = False, report: Report = _quiet, password: str | None = None,
          jobs: int | None = None, fonts: str = "standard", previous_dir: Path | None = None,
          only: frozenset[str] | None = None, units: frozenset[str] | None = None,
          progress: Progress = _no_progress, pdf: bool = False) -> RunResult:
    """The whole run. Returns what happened; the manifest is written last.

    A unit whose workbook, previous year, templates and options are those of the
    last run, with its documents still there, is not rendered again (unless
    ``force``). ``only`` (kinds) and ``units`` (names) rebuild a part; the manifest
    keeps what the last run recorded for the rest.
    """
    result = gather(input_dir, password, jobs, previous_dir, progress)
    output_dir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(output_dir)
    last = read_manifest(output_dir)
    last_units = {u.get("单位名称"): u for u in last.get("units", []) if isinstance(u, dict)}
    last_pdfs = {d.get("path"): d for u in last_units.values() for d in u.get("documents", []) if d.get("pdf")}
    writer = Writer(output_dir, document_hashes(last), force, report)
    result.documents.extend(write_annotations(result, output_dir, password, force, report))
    base = templates_digest(templates, fonts)
    known = {res.name for res in result.units} | {safe_name(res.name) for res in result.units}
    for name in sorted((units or set()) - known):
        result.problems.append(Problem(ERROR, "", "", "", f"没有找到单位“{name}”。请按工作簿“单位信息”表中的单位名称填写 --unit"))
    todo = []
    for res in result.units:
        if res.has_errors:
            report(f"{res.name}：有错误，未生成文档")
            continue
        res.stamp = unit_stamp(res, base)
        before = last_units.get(res.name, {})
        if units and res.name not in units and safe_name(res.name) not in units:
            _carry(res, before, "not selected")
        elif not force and only is None and before.get("stamp") == res.stamp and _all_there(output_dir, before):
            _carry(res, before, "unchanged")
            report(f"{res.name}：工作簿和模板与上次相同，未重新生成（加 --force 重新生成）")
        else:
            todo.append(res)
    for res, (docs, skipped, problems) in render_units(todo, templates, fonts, jobs, only, progress):
        res.problems.extend(problems)
        res.skipped = skipped
        for record, data in docs:
            record["path"] = writer.write(record["path"], data)
            record["sha256"] = sha256_bytes(data)
            res.documents.append(record)
            _remove_stale_pdf(output_dir, last_pdfs.get(record["path"]))
        if only is not None:  # the kinds not rebuilt keep what the last run recorded
            before = last_units.get(res.name, {})
            res.documents += [d for d in before.get("documents", []) if d.get("kind") not in only]
            res.skipped += [d for d in before.get("skipped", []) if d.get("kind") not in only]
            res.documents.sort(key=_kind_order)
            if before.get("stamp") != res.stamp:
                res.stamp = ""  # only part of it is from these inputs: the next full run rebuilds it
        written = "、".join(Path(d["path"]).name for d in res.documents) or "无"
        report(f"{res.name}：已生成 {written}")
        for s in res.skipped:
            report(f"  未生成{KIND_NAMES[s['kind']]}：{s['reason']}")
    if units or (only is not None and "rollup" not in only):
        result.documents += [d for d in last.get("documents", []) if str(d.get("kind", "")).startswith("rollup")]
    else:
        render_rollup(result, templates, writer, fonts, report)
    if pdf:
        from .pdf import convert_run

        convert_run(result, output_dir, jobs, report, progress)
    write_manifest(output_dir, input_dir, result)
    return result


def _remove_stale_pdf(output_dir: Path, last: dict | None) -> None:
    """The PDF the last run made of a document just written again is out of date:
    removed (converted anew with --pdf), unless someone has changed it since."""
    if last is None:
        return
    pdf = output_dir / last["pdf"]
    if pdf.is_file() and sha256_file(pdf) == last.get("pdf_sha256"):
        pdf.unlink()


def _carry(res: UnitResult, before: dict, state: str) -> None:
    res.state = state
    res.documents = list(before.get("documents", []))
    res.skipped = list(before.get("skipped", []))
    if state != "unchanged":
        res.stamp = before.get("stamp", "")


def _all_there(output_dir: Path, unit: dict) -> bool:
    docs = unit.get("documents", [])
    return bool(docs) and all((output_dir / d.get("path", "")).is_file() for d in docs)


_ORDER = {k: i for i, k in enumerate([*(k.key for k in KINDS), "custom"])}


def _kind_order(doc: dict) -> int:
    return _ORDER.get(doc.get("kind", ""), len(_ORDER))


def manifest(input_dir: Path, result: RunResult) -> dict:
    units = []
    for res in result.units:
        src = res.model.source
        figures_ = figures.scalars(res.context) if res.context else {}
        if res.context.get("上年"):
            figures_["上年"] = res.context["上年"]
        units.append({
            "单位名称": res.name,
            "年度": res.model.year,
            "source": {"path": (input_dir / src.name).as_posix(), "sha256": sha256_file(src)},
            "previous_source": (
                {"path": res.previous.source.as_posix(), "sha256": sha256_file(res.previous.source)}
                if res.previous else None
            ),
            "figures": figures_,
            "stamp": res.stamp,
            "documents": res.documents,
            "skipped": res.skipped,
            "problems": [p.as_dict() for p in res.problems],
        })
    return {
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "tool_version": __version__,
        "units": units,
        "documents": result.documents,
        "problems": [p.as_dict() for p in result.problems],
    }


def write_manifest(output_dir: Path, input_dir: Path, result: RunResult) -> None:
    text = json.dumps(manifest(input_dir, result), ensure_ascii=False, indent=2)
    write_atomic(output_dir / MANIFEST, text.encode("utf-8"))


def init_folder(target: Path, name: str = "", year: int | None = None,
                templates: Path = DEFAULT_TEMPLATES) -> list[Path]:
    """A blank workbook for a new unit in ``target``, and a copy of the templates beside
    it to reword. Nothing that exists is overwritten. Returns what was written."""
    import shutil

    from .sheets import new_workbook

    book = target / f"{safe_name(name) if name else '本单位'}.xlsx"
    copies = target / "模板"
    clash = [p for p in (book, copies) if p.exists()]
    if clash:
        raise OutputError(f"“{clash[0]}”已经存在，为免覆盖，未写入任何文件。请换一个文件夹，或先移走它")
    target.mkdir(parents=True, exist_ok=True)
    write_atomic(book, new_workbook(name, year))
    shutil.copytree(templates, copies, ignore=shutil.ignore_patterns("~$*", ".*"))
    return [book, copies]
