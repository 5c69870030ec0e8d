"""Gather: the run's input as models and problems, written nowhere.

Discovery (every workbook under the input folder, and a word on every other file),
reading (each workbook in a worker process, so that a file which crashes the reader
costs only itself), and year pairing (a unit's latest year, with year − 1 for
comparison). Figures are not computed here: they are computed with the documents,
in the unit's worker.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from . import model, opener, workbook, workers
from .annotate import FOLDER
from .attached import read_source
from .desk import EXPECTED_BOOK, is_list_copy, match_problems, other_years, read_expected
from .errors import ERROR, WARNING, Problem, WorkbookError
from .kinds import ROLLUP_BOOK
from .manifest import Expected, LastRun, RunResult, State, UnitResult
from .output import inside, readable, sha256_bytes
from .records import UnitModel

# What the reader opens (python-calamine; .et is WPS's own, read by its content).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".et")
TEMPLATE_SUFFIXES = (".xltx", ".xltm", ".xlt", ".ett", ".ots")
INTERNAL_READ = ("读取这个文件时程序内部出错（{}），这不是文件的问题，其他文件照常处理。"
                 "请加 --debug 重新运行，并把输出和这个文件发给维护人员")
BROKEN_READ = ("读取这个文件时读取程序异常退出（文件可能已损坏，或大到超出内存）。"
               "请用 Excel/WPS 打开后另存为 .xlsx 再试")


class Stage(str, Enum):
    """The steps a progress display shows."""

    READ = "read"
    ANNOTATE = "annotate"  # the annotated copies: one step, said done once
    RENDER = "render"
    ROLLUP = "rollup"  # one step
    PDF = "pdf"
    RECORD = "record"  # 问题汇总.xlsx, the report and the manifest: one step


Progress = Callable[[Stage, int, int], None]  # (stage, done, total)


def _no_progress(stage: Stage, done: int, total: int) -> None:
    pass


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
            label = prefix + readable(path.name)  # how problems, the report and the manifest name it
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
            if not prefix and path.name.casefold() == EXPECTED_BOOK.casefold():
                continue  # the list of units expected, read by gather
            if path.name.startswith("~$"):
                note(label, "这是 Excel/WPS 打开文件时生成的临时锁文件，已跳过")
            elif suffix in WORKBOOK_SUFFIXES and is_list_copy(path.name):
                note(label, f"这像是应报单位名单的副本，不是单位的工作簿，未读取。名单只读输入文件夹中的“{EXPECTED_BOOK}”"
                            "（或 --expected 指定的文件）")
            elif suffix in WORKBOOK_SUFFIXES:
                if not path.is_file():  # a named pipe, a device or a socket: opening it would wait for ever
                    note(label, "这不是普通文件（可能是管道、设备或套接字），未读取。请放入真正的工作簿文件")
                elif not os.access(path, os.R_OK):
                    note(label, "没有读取这个文件的权限，未读取。请检查文件权限，或复制一份可以打开的再试")
                else:
                    found.append((path, label))
            elif suffix == ".zip" and path.is_file():
                _archive(path, label, found, note)
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


def _archive(path: Path, label: str, found: list[tuple[Path, str]], note: Callable[[str, str], None]) -> None:
    """The workbooks in a .zip attachment, each as a path through the archive (attached.py);
    an archive that cannot be opened is read as a file that fails, so that it is named as
    an error and, named like a listed unit, is that unit's 读取失败."""
    from .attached import contents

    try:
        members, refused = contents(path)
    except WorkbookError:
        found.append((path, label))
        return
    others, nested = [], 0
    before = len(found)
    for name, _ in members:
        base = name.rsplit("/", 1)[-1]
        if name.startswith("__MACOSX/") or base.startswith((".", "~$")):
            continue
        if Path(base).suffix.lower() in WORKBOOK_SUFFIXES and is_list_copy(base):
            note(f"{label}/{readable(name)}", "这像是应报单位名单的副本，不是单位的工作簿，未读取")
        elif Path(base).suffix.lower() in WORKBOOK_SUFFIXES:
            found.append((path / name, f"{label}/{readable(name)}"))
        else:
            others.append(base)
            nested += base.lower().endswith((".zip", ".rar", ".7z"))
    if refused:
        note(label, f"压缩包中的{'、'.join(readable(r) for r in refused[:5])}名称指向压缩包以外的位置"
                    "（如 ../、C:\\、绝对路径）或与前面的重复，未读取。如确是本单位的工作簿，请解压后放入")
    if others:
        shown = "、".join(others[:5]) + (f" 等 {len(others)} 个文件" if len(others) > 5 else "")
        note(label, f"压缩包中的{shown}不是 Excel 工作簿，未读取" + ("（压缩包中的压缩包请解压后放入）" if nested else ""))
    elif len(found) == before and not refused:
        note(label, "压缩包中没有 Excel 工作簿，未读取")


def _our_files(output_dir: Path) -> set[Path]:
    """What the last run wrote into ``output_dir``: never input, when input and output are one folder."""
    last = LastRun.read(output_dir)
    mine = {inside(output_dir, d.path) for u in last.units.values() for d in u.documents}
    mine |= {inside(output_dir, d.path) for d in last.documents}
    mine |= {output_dir / ROLLUP_BOOK, output_dir / FOLDER}
    return {p.resolve() for p in mine}


def read_one(path: Path, password: str | None = None, sparse: bool = False,
             label: str = "") -> tuple[UnitModel | None, list[Problem]]:
    """Read and validate one workbook: (its model, or None; problems that stopped it).
    ``sparse``: with the second reader (opener._Sparse); ``label``: how problems name it."""
    label = label or path.name
    with workers.no_gc():
        try:
            raw = workbook.read_workbook(path, password, sparse, label)
        except WorkbookError as e:
            return None, [Problem(ERROR, label, "", "", e.message)]
        except MemoryError:
            return None, [Problem(ERROR, label, "", "", BROKEN_READ)]
        except BaseException as e:
            # a panic in the reader's Rust code: pyo3's PanicException, which is no Exception and
            # cannot be imported (pyo3 makes it at run time), so it is known by its name
            if type(e).__name__ != "PanicException":
                raise  # a fault of ours (or Ctrl-C): the worker reports it as it is
            if not sparse and opener.is_ooxml(path):
                return read_one(path, password, True, label)
            return None, [Problem(ERROR, label, "", "", BROKEN_READ)]
        built = model.build_model(raw)
        # the rows, every cell of the workbook, freed before the collector is back on: left to
        # the frame's end, they were the collection's to walk once it was (a tenth of reading)
        del raw
        built.sha256 = sha256_bytes(read_source(path))  # once, in the worker: the stamp and the manifest read it
        return built, []


def read_models(paths: list[tuple[Path, str]], password: str | None = None, jobs: int | None = None,
                progress: Progress = _no_progress,
                meanwhile: Callable[[], None] | None = None) -> tuple[list[UnitModel], list[Problem], list[str]]:
    """Read every workbook, each in a worker process, so that a file which makes the
    reader abort (some odd files crash calamine's Rust code) costs only itself:
    (models, problems, the tracebacks of faults of ours, for --debug).

    A file whose worker dies twice is read once more with the second reader when it
    is an .xlsx (a stray cell at XFD1048576 makes calamine allocate the whole sheet),
    and named when that dies too. The run goes on either way. ``meanwhile`` runs in this
    process while the workers read (see gather)."""
    done = workers.isolated_retrying(read_one, [(p, password, False, label) for p, label in paths],
                                     jobs or workers.default_jobs(), lambda i, n: progress(Stage.READ, i, n),
                                     meanwhile, kept=True)
    for i, (path, label) in enumerate(paths):
        if isinstance(done[i], workers.Died) and opener.is_ooxml(path):
            done[i] = next(workers.isolated(read_one, [(path, password, True, label)], 1))
    models, problems, faults = [], [], []
    for (_, label), value in zip(paths, done, strict=True):
        if isinstance(value, workers.Raised):
            faults.append(value.trace)
            problems.append(Problem(ERROR, label, "", "", INTERNAL_READ.format(value.kind)))
            continue
        m, trouble = (None, [Problem(ERROR, label, "", "", BROKEN_READ)]) if isinstance(value, workers.Died) else value
        problems.extend(trouble)
        if m is not None:
            models.append(m)
    return models, problems, faults


def pair_years(models: list[UnitModel],
               earlier: list[UnitModel] | None = None) -> tuple[list[UnitResult], list[Problem]]:
    """One result per unit name: its latest year, with year − 1 as the previous year.

    ``earlier`` (from ``--previous``) are only candidates for a previous year: they
    are matched by 单位名称 and never get documents of their own.
    """
    problems: list[Problem] = []
    by_name: dict[str, list[UnitModel]] = {}
    for m in models:
        if m.unit is None:
            problems.extend(m.problems)  # no unit name: belongs to no unit
            continue
        by_name.setdefault(m.unit.name, []).append(m)
    results = []
    for name in sorted(by_name):
        group = sorted(by_name[name], key=lambda m: (-m.year, m.label))
        current = group[0]
        res = UnitResult(current, problems=list(current.problems))
        for other in group[1:]:
            if other.year == current.year and other.sha256 == current.sha256:  # one file twice (and in a .zip)
                res.problems.append(Problem(WARNING, other.label, "", "", (
                    f"与“{current.label}”内容完全相同（同一单位 {name} 同一年度），只用了一份。可以删去其中一个")))
            elif other.year == current.year:
                res.problems.append(Problem(
                    ERROR, other.label, "", "",
                    f"与“{current.label}”是同一单位（{name}）同一年度（{current.year}），无法确定以哪个为准。"
                    "请删除或改正其中一个后重新运行"))
            elif other.year == current.year - 1 and res.previous is None:
                res.previous = other
                res.problems.extend(_previous_problems(other, current))
            else:
                res.problems.append(Problem(
                    WARNING, other.label, "", "",
                    f"是 {name} {other.year} 年度的工作簿，本次只生成最新年度（{current.year}）的文档，"
                    "并与上一年度比较；此文件未使用"))
        if res.previous is None:
            for other in earlier or ():
                if other.unit is not None and other.unit.name == name and other.year == current.year - 1:
                    res.previous = other
                    res.problems.extend(_previous_problems(other, current))
                    break
        if res.has_errors:
            res.state = State.FAILED
        results.append(res)
    return results, problems


def _previous_problems(previous: UnitModel, current: UnitModel) -> list[Problem]:
    """The previous year's problems, as warnings on this year's unit: that workbook serves
    only the comparison, so nothing in it blocks this year's documents. Each names both
    files; with errors in it, the comparison is left out and said so."""
    note = f"（上一年度工作簿，仅用于与上年比较；本年度工作簿为“{current.label}”）"
    found = [Problem(WARNING, p.file, p.sheet, p.cell, p.message + note) for p in previous.problems]
    if previous.has_errors:
        found.append(Problem(WARNING, previous.label, "", "", (
            f"上一年度工作簿有错误，本次未与上年比较，“{current.label}”的文档照常生成。改正后重新运行即可加上比较")))
    return found


def gather(input_dir: Path, password: str | None = None, jobs: int | None = None,
           previous_dir: Path | None = None, progress: Progress = _no_progress,
           exclude: Path | None = None, expected: Path | None = None,
           meanwhile: Callable[[], None] | None = None) -> RunResult:
    """Read and validate every workbook under ``input_dir`` (and ``previous_dir``, whose
    workbooks serve only as previous years), never under ``exclude`` (the output
    folder). Writes nothing; figures are computed with each unit's documents.
    ``meanwhile`` runs once in this process while the worker processes read (the build
    checks its templates then: this process would otherwise only wait)."""
    listed, label, list_problems = _expected(input_dir, expected)
    paths, notes = discover(input_dir, exclude)
    if expected is not None and listed is not None:  # --expected: then no unit's workbook, wherever it lies
        paths = [(p, lab) for p, lab in paths if p.resolve() != expected.resolve()]
    same = previous_dir is not None and previous_dir.resolve() == input_dir.resolve()
    extra = discover(previous_dir, exclude)[0] if previous_dir and not same else []
    earlier = {path for path, _ in extra}
    models, read_problems, faults = read_models(paths + extra, password, jobs, progress, meanwhile)
    units, unit_problems = pair_years([m for m in models if m.source not in earlier],
                                      [m for m in models if m.source in earlier])
    result = RunResult(units=units, problems=notes + read_problems + unit_problems,
                       read=[(m.source, m.label) for m in models], faults=faults,
                       files=[label for path, label in paths],
                       unit_files={m.label: m.unit.name for m in models if m.unit and m.source not in earlier},
                       expected=listed, expected_label=label)
    result.problems.extend(list_problems)
    other_years(result)
    if listed is not None:  # a unit's own (not on the list, matched by part of its name) on the unit
        by_file = {u.source_label: u for u in result.units}
        for problem in match_problems(result, label):
            (by_file[problem.file].problems if problem.file in by_file else result.problems).append(problem)
    if previous_dir is not None:
        result.problems.extend(_previous_unused(previous_dir, same, units, [m for m in models if m.source in earlier]))
    if not paths and result.expected is not None:  # the desk's first day: every listed unit 未报送
        result.problems.append(Problem(WARNING, input_dir.name, "", "",
                                       f"文件夹中还没有各单位的工作簿，{result.expected_label}中的 "
                                       f"{len(result.expected)} 个单位都未报送"))
    elif not paths:
        result.problems.append(Problem(ERROR, input_dir.name, "", "",
                                       "文件夹中没有 Excel 工作簿（.xlsx、.xlsm、.xls、.xlsb、.et、.ods），"
                                       "请把各单位的工作簿放进这个文件夹"))
    return result


def _previous_unused(folder: Path, same: bool, units: list[UnitResult], earlier: list[UnitModel]) -> list[Problem]:
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


def _expected(input_dir: Path, path: Path | None) -> tuple[list[Expected] | None, str, list[Problem]]:
    """The list of units expected (``--expected``, else 应报单位.xlsx in the input folder):
    (its units or None, how problems name it, its problems)."""
    here = next((p for p in sorted(input_dir.glob("*")) if p.name.casefold() == EXPECTED_BOOK.casefold()), None)
    unused: list[Problem] = []
    if path is None:
        if here is None or not here.is_file():
            return None, "", []
        path, label = here, readable(here.name)
    else:
        label = readable(str(path))
        if here is not None and here.resolve() != path.resolve():
            unused.append(Problem(WARNING, readable(here.name), "", "", "本次按 --expected 指定的名单核对报送情况，"
                                                                        "输入文件夹中的这份名单未使用"))
    units, problems = read_expected(path, label)
    return units, label, unused + problems
