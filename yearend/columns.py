"""Column widths from the rendered content: every table's columns sized so that no short
word breaks inside a cell, and the columns of a marked table that no data row filled left
out. Written here because they depend on the data, known only after rendering; finish
applies them with its other fixes."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import forms
from .cells import MIN_SIZE, Table, cell_properties, kept_pieces, line_room, read_cells, size_of
from .chinese import JOIN
from .ooxml import W, child, grandchild
from .styles import CELL_MARGINS, DROP_EMPTY, DROP_NAMED, ONE_PAGE, TABLE_SIZE

_TR, _TC, _GRIDSPAN, _TCW, _VAL, _SZ, _SZ_CS, _P, _T = (
    W + n for n in ("tr", "tc", "gridSpan", "tcW", "val", "sz", "szCs", "p", "t"))
_TBL_PR, _GRID, _GRID_COL = W + "tblPr", W + "tblGrid", W + "gridCol"
_W_W, _W_TYPE = W + "w", W + "type"


def drop_empty_columns(body) -> None:
    """Leave out the columns of a marked table that no data row filled: any column
    (styles.DROP_EMPTY: the 舆情 ledger's 处置措施 or 回应 when a unit records neither) or
    those the mark names by their headers (styles.DROP_NAMED: the roster's 层级, for a unit
    without tiers; GENRE keeps its 备注 and the training ledger's 主讲人 and 地点). The header is
    the first row; a row with merged cells (the totals) is not data: its cells lose the
    columns left out, and one within them only is removed. The width a column gave up goes
    to the others in proportion. Written here because it depends on the data; docxtpl has
    no way to leave out a column."""
    for caption in list(body.iter(W + "tblCaption")):
        mark = caption.get(W + "val", "")
        if mark != DROP_EMPTY and not mark.startswith(DROP_NAMED):
            continue
        tbl = caption.getparent().getparent()
        grid = child(tbl, _GRID)
        cols = list(grid.iterchildren(_GRID_COL))
        n = len(cols)
        rows = [list(tr.iterchildren(_TC)) for tr in tbl.iterchildren(_TR)]
        data = [r for r in rows[1:] if len(r) == n]
        if not data or len(rows[0]) != n:
            continue
        named = set(mark[len(DROP_NAMED):].split("、")) if mark != DROP_EMPTY else None
        empty = {c for c in range(n) if (named is None or "".join(rows[0][c].itertext(W + "t")).strip() in named)
                 and all(not "".join(r[c].itertext(W + "t")).strip() for r in data)}
        if not empty or len(empty) == n:
            continue
        widths = [int(c.get(W + "w", "0")) for c in cols]
        kept = [c for c in range(n) if c not in empty]
        spare = sum(widths[c] for c in empty)
        room = sum(widths[c] for c in kept)
        new = {c: widths[c] + spare * widths[c] // max(1, room) for c in kept}
        new[kept[-1]] += sum(widths) - sum(new.values())
        for c in sorted(empty):
            grid.remove(cols[c])
        for c in kept:
            cols[c].set(W + "w", str(new[c]))
        for r in rows:
            col = 0
            for tc in r:
                tcpr = cell_properties(tc)
                span_el = child(tcpr, _GRIDSPAN) if tcpr is not None else None
                span = int(span_el.get(_VAL)) if span_el is not None else 1
                left = [c for c in range(col, col + span) if c in new]
                col += span
                if not left:
                    tc.getparent().remove(tc)
                    continue
                if span_el is not None:
                    if len(left) > 1:
                        span_el.set(_VAL, str(len(left)))
                    else:
                        span_el.getparent().remove(span_el)
                _set_width(tc, sum(new[c] for c in left))


def _set_width(tc, width: int) -> None:
    if (tcpr := cell_properties(tc)) is not None and (tcw := child(tcpr, _TCW)) is not None:
        _set_tcw(tcw, str(width))


def _set_tcw(tcw, width: str) -> None:
    """A cell's width (its w:tcW) in twips; its type set only where it is not dxa already."""
    tcw.set(_W_W, width)
    if tcw.get(_W_TYPE) != "dxa":
        tcw.set(_W_TYPE, "dxa")


def _twips(chars: float, size: int) -> int:
    """A cell as wide as ``chars`` characters of ``size`` half-points, margins included."""
    return int(chars * size * 10) + CELL_MARGINS


def fit_columns(body, default_size: int = 28) -> None:
    """Column widths from the rendered content: a column whose texts are all short (学时,
    参训人数, 基本合格, 网络评论员, 2026年3月, 中共预备党员) is made as wide as its widest one, so
    none breaks inside a cell; the columns holding longer text (主题, 备注, 参训人员) get four
    characters at least and share the rest by how much text they hold. Word, WPS and
    LibreOffice break Chinese anywhere, so the width is the only thing that keeps a short
    word whole; written here because it depends on the data, known only after rendering."""
    for tbl in body.iter(W + "tbl"):
        if grandchild(tbl, _TBL_PR, W + "tblpPr") is not None:  # a floating page number, not a table
            continue
        grid = child(tbl, _GRID)
        cols = list(grid.iterchildren(_GRID_COL)) if grid is not None else []
        if len(cols) < 2:
            continue
        form = caption(tbl) == ONE_PAGE
        cells = read_cells(tbl, sized=not form)  # walked once, for measuring and for writing back
        widths = [int(c.get(W + "w", "0")) for c in cols]
        table = Table(cells, len(widths))
        fit: list[_Fit] = []
        new = _column_widths(table, widths, default_size, strict=True, fit=fit)
        if isinstance(new, float):  # the short words alone overfill the line: smaller text, then fit
            _shrink(tbl, cells, new)
            fit = []
            new = _column_widths(table, widths, default_size, fit=fit)
        if isinstance(new, list) and fit and (fit[0].broken or fit[0].crowded) and not form:
            new = _smaller(tbl, table, widths, default_size, new, fit[0])
        if isinstance(new, list):
            for col, w in zip(cols, new, strict=True):
                col.set(W + "w", str(w))
            # a cell's width, worked out once for each place a cell has (a ledger's 1,300 cells, a dozen)
            spans = {(col, span): str(sum(new[col:col + span])) for col, span in {(c.col, c.span) for c in cells}}
            for cell in cells:  # (_set_tcw, written out: this runs for every cell)
                tcw = cell.tcw
                if tcw is not None:
                    tcw.set(_W_W, spans[cell.col, cell.span])
                    if tcw.get(_W_TYPE) != "dxa":
                        tcw.set(_W_TYPE, "dxa")
        final = new if isinstance(new, list) else widths
        _keep_words_whole(cells, final, [size or default_size for size in table.sizes(default_size)], table.long_text)
        if form:  # a form kept on its page, measured with the cells just walked
            forms.fit_form_page(tbl, cells, final, size_of(cells[0]) or default_size if cells else default_size)


# where Chinese meets a digit or a Latin letter, either way round (the place LibreOffice adds its space)
SCRIPT_CHANGE = re.compile(r"(?<=[\u4e00-\u9fff])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[\u4e00-\u9fff])")


def _keep_words_whole(cells: list, widths: list[int], sizes: list[int], long_text: list[bool]) -> None:
    """The words of a cell's text wider than its line kept whole (cells.kept_pieces: a list's
    items, 王建然、 社区党委书记、, and the words of any other text, 社区/治理和/城市/管理/办公室),
    with a WORD JOINER between their characters, at the table's final widths and its columns'
    sizes (``sizes``; a cell's own where it was read). Only the long-text columns' cells
    (``long_text``; a short one is as wide as its widest word) and those spanning columns are
    looked at; a cell's text is read from its w:t elements again, for the few wider than their
    line. Texts that fit are left as typed (Word's search finds them), but in a column where a
    kept word joins a Chinese character to a digit (网络评论员⁠5名), theirs are joined too:
    LibreOffice adds a space at each such change that a joiner takes away, and one column
    printed 网络评论员 4名 above 网络评论员5名."""
    rooms: dict[tuple[int, int, int | None], float] = {}  # characters a line, for each place and size
    n = len(long_text)
    joined_cells, script_joined = set(), set()  # cells joined here; columns where a script change was
    for cell in cells:
        if cell.span == 1 and cell.col < n and not long_text[cell.col]:
            continue
        texts = cell.texts
        longest = len(texts[0]) if len(texts) == 1 else max(map(len, texts), default=0)
        if longest < 2:
            continue
        room = rooms.get((cell.col, cell.span, cell.size))
        if room is None:
            size = cell.size or sizes[min(cell.col, len(sizes) - 1)]
            room = rooms[cell.col, cell.span, cell.size] = line_room(widths, cell.col, cell.span, size)
        if longest <= room:
            continue
        for p in cell.tc.iterchildren(_P):
            runs = list(p.iter(_T))
            pieces = kept_pieces(runs[0].text or "" if len(runs) == 1 else "".join(t.text or "" for t in runs), room)
            if pieces is None:
                continue
            joined = "".join(JOIN.join(piece) if kept else piece for piece, kept in pieces)
            joined_cells.add(id(cell))
            if SCRIPT_CHANGE.search(joined.replace(JOIN, "")):
                script_joined.add(cell.col)
            if len(runs) == 1:  # nearly every cell: one run
                runs[0].text = joined
                continue
            # a piece may run on from one w:t into the next: the joined text cut where each run
            # ends, a joiner going with the character after it (into the next run)
            ends, at = [], 0
            for t in runs[:-1]:
                at += len(t.text or "")
                ends.append(at)
            cuts, at, to, k = [], 0, 0, 0  # at: in the text as typed; to: in the joined text
            for piece, kept in pieces:
                while k < len(ends) and ends[k] < at + len(piece):
                    inside = ends[k] - at  # the piece's character the run after starts with
                    cuts.append(to + (2 * inside - 1 if kept and inside else inside))
                    k += 1
                at += len(piece)
                to += 2 * len(piece) - 1 if kept and piece else len(piece)
            cuts += [len(joined)] * (len(ends) - k)
            for t, a, b in zip(runs, [0, *cuts], [*cuts, len(joined)], strict=True):
                t.text = joined[a:b]
    for cell in cells:
        if cell.col in script_joined and id(cell) not in joined_cells:
            for t in cell.tc.iter(_T):
                if t.text and SCRIPT_CHANGE.search(t.text):
                    t.text = SCRIPT_CHANGE.sub(JOIN, t.text)


def caption(tbl) -> str:
    """A table's caption (its w:tblCaption, Word's 可选文字 title): our templates mark tables by it."""
    cap = grandchild(tbl, _TBL_PR, W + "tblCaption")
    return cap.get(W + "val", "") if cap is not None else ""


FIVE, SMALL = 21, 18  # half-points: 五号 (10.5 pt) and 小五 (9 pt), the steps a crowded table takes (_smaller)


class _Fit:
    """What the widths _column_widths chose leave in a table with long-text columns: how many
    names they break (_keep_medium_whole's), whether a long-text column is at its floor, and
    the table's estimated lines (cells.Table.lines), counted only when asked (_smaller
    needs them only when a smaller size still breaks a name, or none was broken)."""

    __slots__ = ("broken", "crowded", "_count", "_lines")

    def __init__(self, broken: int, crowded: bool, count: Callable[[], int]):
        self.broken, self.crowded, self._count = broken, crowded, count
        self._lines: int | None = None

    def lines(self) -> int:
        if self._lines is None:
            self._lines = self._count()
        return self._lines


def _smaller(tbl, table: Table, widths: list[int], default_size: int, new: list[int], now: _Fit) -> list[int]:
    """A crowded table (a landscape roster of twelve columns: 部门 printed 党政综合办公/室, or 备注
    four characters wide and rows six lines tall) set in the largest of 五号, 小五 and 8 pt
    (FIVE, SMALL, MIN_SIZE) below its own that keeps all its names whole, where some are broken now, or that breaks no
    more of them and takes a quarter fewer lines (estimated, cells.Table.lines); the widths for that size,
    else ``new`` as it is. Forms keep their size (forms.fit_form_page)."""
    cells = table.cells
    if not cells or not _all_sized(cells):
        return new  # a size from a style: _shrink would leave the table as it is
    largest = max(cell.size or 0 for cell in cells)
    if largest >= TABLE_SIZE:
        # a table at 四号 is one in a plan's or a summary's text: it keeps its size (_shrink makes it
        # just small enough); a denser one (a ledger, the roster) starts smaller
        return new
    for size in (FIVE, SMALL, MIN_SIZE):
        if size >= largest:
            continue
        factor = (size + 0.5) / largest  # the largest size becomes ``size`` exactly (int() rounds down)
        fit: list[_Fit] = []
        trial = _column_widths(table, widths, default_size, fit=fit, factor=factor)
        if isinstance(trial, list) and fit and ((now.broken and not fit[0].broken) or (
                fit[0].broken <= now.broken and fit[0].lines() <= now.lines() * 3 // 4)):
            _shrink(tbl, cells, factor, sized=True)
            return trial
    return new


def _all_sized(cells: list) -> bool:
    """Whether every cell with text sets its own size (our templates' do; a table that takes
    its size from a style is left as it is). Looks up every cell's size, as the table reads
    before any is changed."""
    for cell in cells:
        size_of(cell)
    return not any(cell.texts and any(t.strip() for t in cell.texts) and not cell.size for cell in cells)


def _shrink(tbl, cells: list, factor: float, sized: bool = False) -> None:
    """Every size in the table made ``factor`` smaller (not below MIN_SIZE), so that its short
    words fit the line whole: GENRE's "the table changes shape rather than break them".
    Only where every cell with text sets its size (our templates do); a table that takes its
    size from a style is left to give way. ``sized``: _all_sized has said so already."""
    if not sized and not _all_sized(cells):
        return
    scaled: dict[str, str] = {}  # a ledger's thousands of sizes are two or three values
    for el in tbl.iter(_SZ, _SZ_CS):
        val = el.get(_VAL)
        to = scaled.get(val)
        if to is None:
            to = scaled[val] = str(max(MIN_SIZE, int(int(val) * factor)))
        el.set(_VAL, to)
    for cell in cells:  # as the table now reads (each cell's size is one of those just set)
        if cell.size:  # one not read yet (a form's) is read when asked: it was taken for none, and the default
            cell.size = max(MIN_SIZE, int(cell.size * factor))


def _column_widths(table: Table, widths: list[int], default_size: int, strict: bool = False,
                   fit: list[_Fit] | None = None, factor: float | None = None) -> list[int] | float | None:
    """The new widths of a table's columns (same total), or None to leave them. With
    ``strict``, when the short words alone cannot stand whole on the line, the factor
    their text must shrink by instead. ``fit`` gets what widths for long-text columns
    leave (_Fit); ``factor``: the widths the table would take with its sizes made that
    much smaller (_smaller's trial)."""
    n = len(widths)
    sizes = table.sizes(default_size, factor)
    long_text = table.long_text
    amount = table.amount
    # the widest short text's width in twips (_twips grows with the printed width: one call a column)
    need = [_twips(w, sizes[c]) if w >= 0 else 0 for c, w in enumerate(table.widest)]
    total = sum(widths)
    if strict:
        floors = [need[i] if not long_text[i] else max(need[i], _twips(4, sizes[i] or default_size)) for i in range(n)]
        if sum(floors) > total and any(need):
            margins = CELL_MARGINS * n
            return max(0.1, (total - margins) / max(1, sum(floors) - margins))
    if not any(long_text):  # short words only: each column its widest, the room left shared as the template shares it
        if not any(need):
            return None
        if sum(need) > total:  # too many for one line: every column gives way in proportion
            new = [int(w * total / sum(need)) for w in need]
        else:
            spare = total - sum(need)
            # a blank form's boxes (no text in any cell of theirs) take the room left, in equal
            # shares: a label needs no more than its word, and a phone number is written by hand
            blank = [0 if need[i] else 1 for i in range(n)]
            parts = blank if any(blank) else widths
            new = [w + spare * t // max(1, sum(parts)) for w, t in zip(need, parts, strict=True)]
        new[max(range(n), key=lambda i: new[i])] += total - sum(new)
        return new
    fixed = [0 if long_text[i] else need[i] for i in range(n)]
    flex = [i for i in range(n) if long_text[i]]
    short = [i for i in range(n) if not long_text[i]]
    if not any(fixed):
        return None
    room = total - sum(fixed[i] for i in short)
    floor = [max(need[i], _twips(4, sizes[i] or default_size)) for i in flex]  # four characters
    if room < sum(floor) and room >= sum(max(need[i], _twips(2, sizes[i] or default_size)) for i in flex):
        floor = [max(need[i], _twips(2, sizes[i] or default_size)) for i in flex]  # long text gives way first
    if room < sum(floor):  # more than the line holds: the short columns give way in proportion
        wanted = max(1, sum(fixed[i] or widths[i] for i in short))
        if (total - sum(floor)) / wanted < 0.9:  # and, when that is not enough, long text gets 2 characters
            floor = [_twips(2, sizes[i] or default_size) for i in flex]
        scale = (total - sum(floor)) / wanted
        for i in short:
            fixed[i] = int((fixed[i] or widths[i]) * scale)
        room = total - sum(fixed[i] for i in short)
    weights = [amount[i] or 1 for i in flex]
    share = {i: max(f, int(room * w / sum(weights))) for i, f, w in zip(flex, floor, weights, strict=True)}
    excess = sum(share.values()) - room
    for i in sorted(flex, key=lambda i: -share[i]):  # give back what the floors took, from the widest
        give = min(excess, share[i] - floor[flex.index(i)])
        share[i] -= give
        excess -= give
    new = [share[i] if i in flex else (fixed[i] or widths[i]) for i in range(n)]
    new[max(flex, key=lambda i: new[i])] += total - sum(new)  # rounding: the total stays the 版心's
    names = table.names
    filled = [size or default_size for size in sizes]
    left = _keep_medium_whole(new, flex, dict(zip(flex, floor, strict=True)),
                              {i: sorted({_twips(w, sizes[i] or default_size) for w in names[i]}) for i in flex if names[i]},
                              table, filled)
    if fit is not None:
        fit.append(_Fit(left, any(new[i] <= f for i, f in zip(flex, floor, strict=True)),
                        lambda: table.lines(new, filled)))
    return new


def _keep_medium_whole(new: list[int], flex: list[int], floor: dict[int, int], names: dict[int, list[int]],
                       table: Table, sizes: list[int]) -> int:
    """The long-text columns holding names at most MEDIUM wide (a 部门 such as 平安建设办公室, a
    地点 such as 局三楼会议室; ``names``: the widths each needs, ascending) made as wide as their
    widest name, where their share fell short of it, with room the other long-text columns
    give in proportion from above their floors and above their widest name that is whole now
    (none is broken to keep another whole), when the table is estimated to take no more
    lines so (each row as tall as its tallest cell): a name kept whole, never a page more. The
    narrowest shortfall first. Word and LibreOffice break Chinese anywhere, so a department
    of seven characters in a column of six prints 平安建设办公/室. Returns how many of the names
    are still broken."""
    short = sorted((i for i in names if new[i] < names[i][-1]), key=lambda i: names[i][-1] - new[i])
    if not short:
        return 0
    # the rows' heights from the columns that keep their width, worked out once; a trial
    # measures the cells of the others again (a ledger's dozen columns, four or five of them)
    moving, still = table.split()
    base = still.rows(new, sizes, {})
    height = sum(moving.rows(new, sizes, dict(base)).values())
    for i in short:
        wanted = names[i][-1] - new[i]
        limit = {j: max(floor[j], max((w for w in names.get(j, ()) if w <= new[j]), default=0))
                 for j in flex if j != i}
        spare = {j: new[j] - limit[j] for j in limit if new[j] > limit[j]}
        if sum(spare.values()) < wanted:
            continue
        # first in proportion to what each can give, rounded cumulatively (the parts add up to
        # what is wanted and none gives more than it has); then from one column alone, the one
        # with most to spare first: a 部门 of ten characters gives where taking a little from
        # each would add a line to every row whose 备注 wraps
        for givers in [spare, *({j: s} for j, s in sorted(spare.items(), key=lambda js: -js[1]) if s >= wanted)]:
            trial = new[:]
            total, given, before = sum(givers.values()), 0, 0
            for j, s in givers.items():
                given += s
                now = wanted * given // total
                trial[j] -= now - before
                before = now
            trial[i] += wanted
            lines = sum(moving.rows(trial, sizes, dict(base)).values())
            if lines <= height:
                new[:], height = trial, lines
                break
            if len(spare) == 1:
                break  # the one giver was the proportion
    return sum(1 for i in names for w in names[i] if w > new[i])


