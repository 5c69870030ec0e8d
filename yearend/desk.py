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
from .manifest import DESK_ORDER, DeskState, Entry, Expected, RunResult, State, UnitResult

EXPECTED_BOOK = "应报单位.xlsx"
HEADERS = {  # column → the header spellings it is known by (after normalise_header)
    "name": ("单位名称", "单位", "名称", "单位全称", "报送单位"),
    "short": ("简称", "单位简称"),
    "contact": ("联系人", "填报人", "经办人"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"),
    "superior": ("上级单位", "主管单位"),
}


# ------------------------------------------------------------------ the list


def is_list_copy(name: str) -> bool:
    """A file named like the list (应报单位(1).xlsx, 应报单位.XLSX): a copy, not a unit's workbook."""
    return name.casefold().startswith(Path(EXPECTED_BOOK).stem)


def read_expected(path: Path, label: str) -> tuple[list[Expected] | None, list[Problem]]:
    """The units ``path`` lists, or None when it cannot be used; problems name ``label``,
    its sheet and cells. The list is the sheet whose header row (in its first ten rows)
    has 单位名称 and the most of the other columns known (简称, 联系人, 联系电话)."""
    from .opener import _Calamine, _open
    from .schema import SHEET_LOOKUP, normalise_header

    def fail(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(ERROR, label, "", "", message + "；本次不按名单核对报送情况")]

    try:
        book, _ = _open(path)
        wb = _Calamine(book)
        sheets = [(n, wb.rows(n)) for n in wb.names if n not in wb.hidden]
    except WorkbookError as e:
        return fail(f"应报单位名单无法读取：{e.message.rstrip('。')}")
    except Exception:
        return fail("应报单位名单无法读取（文件可能已损坏）。请用 Excel/WPS 打开后另存为 .xlsx")
    if {"unit", "members"} <= {SHEET_LOOKUP.get(normalise_header(n)) for n, _ in sheets}:  # 单位信息 and 人员名册
        return fail("这是单位的工作簿，不是应报单位名单（名单只有一张表：单位名称、简称、联系人、联系电话）")
    best: tuple[int, str, list, int, dict[str, list[int]]] | None = None
    for sheet, rows in sheets:
        for r, row in enumerate(rows[:10]):
            columns: dict[str, list[int]] = {}
            for c, v in enumerate(row):
                for key, names in HEADERS.items():
                    if isinstance(v, str) and normalise_header(v) in names:
                        columns.setdefault(key, []).append(c)
            if "name" in columns and (best is None or len(columns) > best[0]):
                best = (len(columns), sheet, rows, r, columns)
    if best is None:
        return fail("应报单位名单中找不到“单位名称”列（应在前 10 行的表头中）。"
                    "请加上表头“单位名称”（可再加“简称”“联系人”“联系电话”）")
    return _units(best[1], best[2], best[3], best[4], label)


def _units(sheet: str, rows: list, header: int, columns: dict[str, list[int]],
           label: str) -> tuple[list[Expected] | None, list[Problem]]:
    """The listed units under the header row: one a row, blank rows, totals and notes passed over."""
    from .rawcells import cell_ref

    units: list[Expected] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for n, values in enumerate(rows[header + 1:], start=header + 1):
        got = _fields(values, columns)
        name = got.get("name", "")
        ref = cell_ref(n, columns["name"][0])
        if not name or name in ("合计", "总计") or name.startswith(("注：", "说明")):
            continue
        if name is _NOT_TEXT:
            problems.append(Problem(WARNING, label, sheet, ref, "单位名称应为文字，这一行未列入名单。请改正"))
            continue
        key = "".join(name.split())
        if key in seen:
            problems.append(Problem(WARNING, label, sheet, ref,
                                    f"单位“{name}”在名单中重复（第一次在 {seen[key]}），只算一个。请删去重复的一行"))
            continue
        seen[key] = ref
        units.append(Expected(name, got.get("short", ""), got.get("contact", ""), got.get("phone", ""),
                              got.get("superior", "")))
    if not units:
        problems.append(Problem(WARNING, label, sheet, "", "应报单位名单中没有单位，本次不按名单核对报送情况。"
                                                           "请在“单位名称”列下每行填一个单位"))
        return None, problems
    return units, problems


_NOT_TEXT = "\0"  # a name cell holding a number, TRUE or a date: no unit's name


def _fields(values: list[object], columns: dict[str, list[int]]) -> dict[str, str]:
    """A row of the list as text by column: the first filled of the columns a key has
    (联系电话 before 手机); a phone typed as a number is its digits. A name that is not text
    (a number, TRUE, a date: a column slipped) is ``_NOT_TEXT``; other columns take text only."""
    from .rawcells import is_blank
    from .readers import read_phone

    out = {}
    for key, cs in columns.items():
        for c in cs:
            v = values[c] if c < len(values) else None
            if is_blank(v):
                continue
            if key == "phone" and isinstance(v, (str, int, float)) and not isinstance(v, bool):
                out[key] = read_phone(v)
            elif isinstance(v, str):
                out[key] = " ".join(v.split())
            else:
                out[key] = _NOT_TEXT if key == "name" else ""
            break
    return out


# ------------------------------------------------------------------ the states


def state_of(res: UnitResult) -> DeskState:
    """A unit that sent a workbook: 有错误 when errors left it without documents, else 有警告 or 已生成."""
    if res.outcome == State.FAILED:
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


def _holds(text: str, e: Expected) -> bool:
    return e.name in text or (len(e.short) >= 2 and e.short in text)


def _pair(listed: list[Expected], names: list[str]) -> tuple[dict[int, int], dict[int, list[int]]]:
    """The one rule that matches the list to what came in (units by their 单位名称, unread
    files by their names): listed unit → the name that is its, by name or 简称 first for
    every listed unit; then, longest listed names first, a listed name (财政局) held in
    exactly one name left (青山县财政局). Also each listed unit whose name several names hold.
    Indexes into ``listed`` and ``names``."""
    left = list(range(len(names)))
    matched: dict[int, int] = {}
    several: dict[int, list[int]] = {}
    for i, e in enumerate(listed):
        j = next((j for j in left if _matches(e, names[j])), None)
        if j is not None:
            matched[i] = j
            left.remove(j)
    # longest first: 财政局机关服务中心 takes its own unit before 财政局 looks for one
    for i in sorted((i for i in range(len(listed)) if i not in matched), key=lambda i: (-len(listed[i].name), i)):
        holders = [j for j in left if _holds(names[j], listed[i])]
        if len(holders) == 1:
            matched[i] = holders[0]
            left.remove(holders[0])
        elif holders:
            several[i] = holders
    return matched, several


def match(result: RunResult) -> tuple[dict[int, UnitResult], dict[int, list[UnitResult]]]:
    """Listed unit (its index) → the unit that sent its workbook (``_pair``); and each
    listed unit whose name several units' names hold."""
    matched, several = _pair(result.expected or [], [u.name for u in result.units])
    return ({i: result.units[j] for i, j in matched.items()},
            {i: [result.units[j] for j in js] for i, js in several.items()})


def _file_name(label: str) -> str:
    """What a file's name says of its unit: its stem (青山县林业局报表 of 三月/青山县林业局报表.zip)."""
    return Path(label).stem


def entries(result: RunResult, no_unit: dict[str, str]) -> list[Entry]:
    """Every unit of the run, in the list's order (then units not on it), with its state;
    ``no_unit``: the workbooks that are no unit's (``_no_unit``), of which those named like
    an unread listed unit are its 读取失败."""
    def own(u: UnitResult, e: Expected | None) -> Entry:
        state = state_of(u)
        return Entry(e.name if e else u.name, state, e, u, [u.source_label],
                     _first_error(u.problems) if state == DeskState.ERRORS else "")

    if result.expected is None:
        return [own(u, None) for u in result.units]
    matched, _ = match(result)
    # a file that could not be read is the unread listed unit its name names, by the same rule
    unread = [i for i in range(len(result.expected)) if i not in matched]
    unowned = list(no_unit)
    files, _ = _pair([result.expected[i] for i in unread], [_file_name(f) for f in unowned])
    failed = {unread[i]: unowned[j] for i, j in files.items()}
    found = []
    for i, e in enumerate(result.expected):
        if i in matched:
            found.append(own(matched[i], e))
        elif i in failed:
            found.append(Entry(e.name, DeskState.UNREADABLE, e, files=[failed[i]],
                               reason=_first_error([p for p in result.problems if p.file == failed[i]])))
        else:
            found.append(Entry(e.name, DeskState.NOT_SENT, e))
    taken = {id(u) for u in matched.values()}
    return found + [own(u, None) for u in result.units if id(u) not in taken]


def _no_unit(result: RunResult) -> dict[str, str]:
    """Workbooks that are no unit's (unreadable, or no 单位名称): label → why, in the order found."""
    owned = set(result.unit_files)
    return {label: _first_error([p for p in result.problems if p.file == label]) or "未能读出单位名称"
            for label in result.files if label not in owned}


def settle(result: RunResult) -> None:
    """Each unit's state, and the files that are no unit's nor a listed unit's (读取失败),
    recorded on the run."""
    no_unit = _no_unit(result)
    result.desk = entries(result, no_unit)
    taken = {f for e in result.desk for f in e.files}
    result.strays = {f: why for f, why in no_unit.items() if f not in taken}


def other_years(result: RunResult) -> None:
    """The run's year (the latest of the units without errors: the roll-up's), and a
    warning on each unit of another year: the roll-up leaves it out, and the clerk must
    chase it as any other. Where the units are gathered, before anything is written."""
    years = {u.model.year for u in result.units if not u.has_errors}
    result.year = max(years, default=0)
    for u in result.units:
        if len(years) > 1 and not u.has_errors and u.model.year != result.year:
            u.problems.append(Problem(WARNING, u.source_label, "", "", (
                f"本工作簿是{u.model.year}年度的，其他单位是{result.year}年度：本单位的文档按{u.model.year}年度生成，"
                f"汇总未包含本单位。如报错了年度，请重新报送{result.year}年度的工作簿")))


def tally(found: list[Entry]) -> dict[DeskState, int]:
    """How many units are in each state, every state present (0 too), in DESK_ORDER."""
    counts = dict.fromkeys(DESK_ORDER, 0)
    for entry in found:
        counts[entry.state] += 1
    return counts


def listed(result: RunResult, found: list[Entry]) -> list[Entry]:
    """The units the count is of: the listed ones with a list, else all."""
    return [e for e in found if e.expected is not None] if result.expected is not None else found


def count_line(result: RunResult, built: str = "已生成") -> str:
    """The run's units in one phrase, the same on the screen and in the report: 应报 30
    个单位，已生成 23 个（其中 3 个有警告），有错误 4 个，读取失败 1 个，未报送 2 个; the states
    add up to the first figure, and units not on the list are counted apart. ``built``:
    what a unit without errors is (check: 可以生成)."""
    found = result.desk
    counts = tally(listed(result, found))
    done = counts[DeskState.BUILT] + counts[DeskState.WARNINGS]
    warned = f"（其中 {counts[DeskState.WARNINGS]} 个有警告）" if counts[DeskState.WARNINGS] else ""
    parts = [f"{built} {done} 个{warned}"] + [f"{state.value} {counts[state]} 个" for state in
                                              (DeskState.ERRORS, DeskState.UNREADABLE, DeskState.NOT_SENT) if counts[state]]
    head = f"应报 {len(result.expected)} 个单位" if result.expected is not None else f"收到 {len(found)} 个单位的工作簿"
    unlisted = [e for e in found if e.expected is None] if result.expected is not None else []
    tail = ""
    if unlisted:
        done = sum(1 for e in unlisted if e.included)
        tail = f"；另有 {len(unlisted)} 个单位不在应报名单中（{built} {done} 个）"
    tail += f"；另有 {len(result.strays)} 个文件不是任何单位的工作簿" if result.strays else ""
    return f"{head}，{'，'.join(parts)}{tail}"


def match_problems(result: RunResult, book: str) -> list[Problem]:
    """What the clerk should check of the matching: a unit not on the list; a listed name
    matched only as part of a unit's name; a listed name several units' names hold."""
    matched, several = match(result)
    expected = result.expected or []
    found = [Problem(WARNING, u.source_label, "", "", (
        f"工作簿中的单位名称“{u.name}”与{book}中的“{expected[i].name}”不完全相同，按名称包含对上。"
        "如不是同一单位，请改正名单或工作簿“单位信息”表中的单位名称"))
        for i, u in matched.items() if not _matches(expected[i], u.name)]
    found += [Problem(WARNING, book, "", "", (
        f"名单中的“{expected[i].name}”同时包含在{'、'.join(f'“{u.name}”' for u in units)}中，未能确定是哪一个，"
        "按未报送处理。请在名单中写全称，或填写“简称”"))
        for i, units in several.items()]
    taken = {id(u) for u in matched.values()}
    found += [Problem(WARNING, u.source_label, "", "", (
        f"单位“{u.name}”不在{book}中。如是名单漏列，请补进名单；如单位名称写得不一致，请按名单改正工作簿“单位信息”表中的单位名称"))
        for u in result.units if id(u) not in taken]
    return found
