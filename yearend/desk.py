"""The county's collection desk: the units expected (应报单位.xlsx) and each one's state.

A county office runs the tool again and again while units send their workbooks in.
With a list of the units it expects, every run knows each one's state: 未报送 (no
workbook), 读取失败 (a file that is its but could not be read), 有错误, 有警告, 已生成.
Without a list, the units that sent workbooks are the list. The screen, the report,
the manifest, the roll-up and 问题汇总.xlsx all count from ``entries``, so every one
of them gives the same number of units.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ERROR, WARNING, Problem, WorkbookError
from .manifest import DESK_ORDER, DeskState, Entry, Expected, RunResult, UnitResult

EXPECTED_BOOK = "应报单位.xlsx"
HEADERS = {  # column → the header spellings it is known by (after normalise_header)
    "name": ("单位名称", "单位", "名称", "单位全称", "报送单位"),
    "short": ("简称", "单位简称"),
    "contact": ("联系人", "填报人", "经办人"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"),
}


# ------------------------------------------------------------------ the list


def read_expected(path: Path, label: str) -> tuple[list[Expected] | None, list[Problem]]:
    """The units ``path`` lists (its first sheet with a 单位名称 column), or None when it
    cannot be used; problems name ``label``, its sheet and cells."""
    from .opener import _Calamine, _open
    from .rawcells import cell_ref
    from .schema import normalise_header

    try:
        book, _ = _open(path)
        wb = _Calamine(book)
        sheets = [(n, wb.rows(n)) for n in wb.names if n not in wb.hidden]
    except WorkbookError as e:
        return None, [Problem(ERROR, label, "", "", f"应报单位名单无法读取：{e.message}。本次不按名单核对报送情况")]
    except Exception:
        return None, [Problem(ERROR, label, "", "", "应报单位名单无法读取（文件可能已损坏）。"
                                                     "请用 Excel/WPS 打开后另存为 .xlsx；本次不按名单核对报送情况")]
    for sheet, rows in sheets:
        for r, row in enumerate(rows[:10]):
            columns = {key: c for c, v in enumerate(row) for key, names in HEADERS.items()
                       if isinstance(v, str) and normalise_header(v) in names}
            if "name" not in columns:
                continue
            units: list[Expected] = []
            problems: list[Problem] = []
            seen: dict[str, str] = {}
            for n, values in enumerate(rows[r + 1:], start=r + 1):
                got = _fields(values, columns)
                name = got.get("name", "")
                if not name or name in ("合计", "总计") or name.startswith(("注：", "说明")):
                    continue
                ref = cell_ref(n, columns["name"])
                if name in seen:
                    problems.append(Problem(WARNING, label, sheet, ref,
                                            f"单位“{name}”在名单中重复（第一次在 {seen[name]}），只算一个。请删去重复的一行"))
                    continue
                seen[name] = ref
                units.append(Expected(name, got.get("short", ""), got.get("contact", ""), got.get("phone", "")))
            if not units:
                problems.append(Problem(WARNING, label, sheet, "", "应报单位名单中没有单位，本次不按名单核对报送情况。"
                                                                   "请在“单位名称”列下每行填一个单位"))
                return None, problems
            return units, problems
    return None, [Problem(ERROR, label, "", "", "应报单位名单中找不到“单位名称”列（应在前 10 行的表头中）。"
                                                 "请加上表头“单位名称”（可再加“简称”“联系人”“联系电话”）；本次不按名单核对报送情况")]


def _fields(values: list[object], columns: dict[str, int]) -> dict[str, str]:
    """A row of the list as text by column (a phone typed as a number is its digits)."""
    from .rawcells import is_blank
    from .readers import read_phone

    out = {}
    for key, c in columns.items():
        v = values[c] if c < len(values) else None
        if not is_blank(v):
            out[key] = read_phone(v) if key == "phone" else " ".join(str(v).split())
    return out


# ------------------------------------------------------------------ the states


def state_of(res: UnitResult) -> DeskState:
    """A unit that sent a workbook: 有错误 when errors left it without documents, else 有警告 or 已生成."""
    if res.has_errors and not res.documents:
        return DeskState.ERRORS
    return DeskState.WARNINGS if res.problems else DeskState.BUILT


def _first_error(problems: list[Problem]) -> str:
    for p in problems:
        if p.level == ERROR:
            where = f"{p.sheet}!{p.cell}" if p.sheet and p.cell else p.sheet
            return (f"{where}：" if where else "") + p.message
    return ""


def _matches(e: Expected, name: str) -> bool:
    squeeze = "".join
    keys = {squeeze(e.name.split())} | ({squeeze(e.short.split())} if e.short else set())
    return squeeze(name.split()) in keys


def entries(result: RunResult) -> list[Entry]:
    """Every unit of the run, in the list's order (then units not on it), with its state;
    the files that belong to no unit are ``stray_files``."""
    def own(u: UnitResult, e: Expected | None) -> Entry:
        state = state_of(u)
        return Entry(e.name if e else u.name, state, e, u, [u.source_label],
                     _first_error(u.problems) if state == DeskState.ERRORS else "")

    if result.expected is None:
        return [own(u, None) for u in result.units]
    left = list(result.units)
    matched: dict[int, UnitResult] = {}
    for i, e in enumerate(result.expected):  # by name or 简称 first, for every listed unit
        u = next((u for u in left if _matches(e, u.name)), None)
        if u is not None:
            matched[i] = u
            left.remove(u)
    for i, e in enumerate(result.expected):  # 财政局 listed, 青山县财政局 sent: the one unit holding the name
        if i not in matched:
            holders = [u for u in left if _holds(u.name, e)]
            if len(holders) == 1:
                matched[i] = holders[0]
                left.remove(holders[0])
    no_unit = _no_unit(result)
    found = []
    for i, e in enumerate(result.expected):
        if i in matched:
            found.append(own(matched[i], e))
            continue
        files = [f for f in no_unit if _holds(f, e)]
        for f in files:
            no_unit.pop(f)
        found.append(Entry(e.name, DeskState.UNREADABLE, e, files=files,
                           reason=_first_error([p for p in result.problems if p.file in files]))
                     if files else Entry(e.name, DeskState.NOT_SENT, e))
    return found + [own(u, None) for u in left]


def _holds(text: str, e: Expected) -> bool:
    return e.name in text or (len(e.short) >= 2 and e.short in text)


def _no_unit(result: RunResult) -> dict[str, str]:
    """Workbooks that are no unit's (unreadable, or no 单位名称): label → why, in the order found."""
    owned = set(result.unit_files)
    return {label: _first_error([p for p in result.problems if p.file == label]) or "未能读出单位名称"
            for label in result.files if label not in owned}


def stray_files(result: RunResult, found: list[Entry]) -> dict[str, str]:
    """The workbooks that are no unit's and not a listed unit's (读取失败): label → why."""
    taken = {f for e in found for f in e.files}
    return {f: why for f, why in _no_unit(result).items() if f not in taken}


def settle(result: RunResult) -> None:
    """Each unit's state, and the files that are no unit's, recorded on the run."""
    result.desk = entries(result)
    result.strays = stray_files(result, result.desk)


def tally(found: list[Entry]) -> dict[DeskState, int]:
    """How many units are in each state, every state present (0 too), in DESK_ORDER."""
    counts = dict.fromkeys(DESK_ORDER, 0)
    for entry in found:
        counts[entry.state] += 1
    return counts


def count_line(result: RunResult, found: list[Entry]) -> str:
    """The run's units in one phrase, the same on the screen, in the report and in the
    roll-up's counts: 应报 30 个单位，已生成 23 个（其中 3 个有警告），有错误 4 个，读取失败 1 个，未报送 2 个."""
    counts = tally(found)
    built = counts[DeskState.BUILT] + counts[DeskState.WARNINGS]
    warned = f"（其中 {counts[DeskState.WARNINGS]} 个有警告）" if counts[DeskState.WARNINGS] else ""
    parts = [f"已生成 {built} 个{warned}"] + [f"{state.value} {counts[state]} 个" for state in
                                            (DeskState.ERRORS, DeskState.UNREADABLE, DeskState.NOT_SENT) if counts[state]]
    head = f"应报 {len(result.expected)} 个单位" if result.expected is not None else f"收到 {len(found)} 个单位的工作簿"
    unlisted = sum(1 for e in found if e.expected is None) if result.expected is not None else 0
    tail = f"，另有 {unlisted} 个不在应报名单中的单位" if unlisted else ""
    strays = len(result.strays)
    tail += f"，另有 {strays} 个文件不是任何单位的工作簿" if strays else ""
    return f"{head}，{'，'.join(parts)}{tail}"


def unlisted_problems(found: list[Entry], book: str) -> list[Problem]:
    """A warning on each unit that sent a workbook but is not on the list."""
    return [Problem(WARNING, e.unit.source_label, "", "", (
        f"单位“{e.name}”不在{book}中。如是名单漏列，请补进名单；如单位名称写得不一致，请按名单改正工作簿“单位信息”表中的单位名称"))
        for e in found if e.expected is None and e.unit is not None]
