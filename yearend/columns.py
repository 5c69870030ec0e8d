"""Column widths from the rendered content: every table's columns sized so that no short
word breaks inside a cell, and the columns of a marked table that no data row filled left
out. Written here because they depend on the data, known only after rendering; finish
applies them with its other fixes."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable

from . import forms
from .chinese import printed_width, text_width
from .ooxml import W, child, grandchild
from .styles import CELL_MARGINS, DROP_EMPTY, DROP_NAMED, ONE_PAGE


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
                tcpr = _tcpr(tc)
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
    if (tcpr := _tcpr(tc)) is not None and (tcw := child(tcpr, _TCW)) is not None:
        _set_tcw(tcw, str(width))


def _set_tcw(tcw, width: str) -> None:
    """A cell's width (its w:tcW) in twips; its type set only where it is not dxa already."""
    tcw.set(_W_W, width)
    if tcw.get(_W_TYPE) != "dxa":
        tcw.set(_W_TYPE, "dxa")


SHORT_WORD = 6  # characters (a digit counts ½): a cell text this wide or less never breaks
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")  # nor does a whole date (2024年10月12日, 7 wide)


# characters: a longer name in a cell (a 部门 such as 党政综合办公室) is kept whole when the room
# allows (_measured counts up to 12: a wider text is never taken for one)
MEDIUM = 11
_PHRASE = re.compile(r"[\s，、；：。！？,;:!?（）()“”]")


@functools.lru_cache(maxsize=4096)
def _measured(raw: str) -> tuple[float, bool, float]:
    """A cell's paragraph text as _column_widths reads it: its width (up to 2 × SHORT_WORD),
    whether it is long text, and, when it is not empty, no wider than MEDIUM and (if long)
    a name rather than a phrase, its printed width (else -1). Cached: a ledger's columns repeat their words (一般, 已处置, 是, the dates)."""
    text = raw.strip()
    width = text_width(text) if len(text) <= 2 * SHORT_WORD else 2 * SHORT_WORD
    long = width > SHORT_WORD and not DATE.fullmatch(text)
    # a long text with a mark or a space in it is a phrase (已解决，当事人认可), not a name: it wraps
    printed = _printed(text) if text and width <= MEDIUM and not (long and _PHRASE.search(text)) else -1.0
    return width, long, printed


_TR, _TC, _TCPR, _GRIDSPAN, _TCW, _VAL = (W + n for n in ("tr", "tc", "tcPr", "gridSpan", "tcW", "val"))
_P, _T, _SZ, _RPR, _TBL = W + "p", W + "t", W + "sz", W + "rPr", W + "tbl"
_TBL_PR, _GRID, _GRID_COL = W + "tblPr", W + "tblGrid", W + "gridCol"
_W_W, _W_TYPE = W + "w", W + "type"


def _tcpr(tc):
    """A cell's properties: its first child when it has them (the schema puts them first).
    Looked up so rather than by an element path, which lxml parses in Python on every call:
    this runs for every cell of every table of every document."""
    first = tc[0] if len(tc) else None
    return first if first is not None and first.tag == _TCPR else None


class _Cell:
    """A cell as fit_columns sees it: its element, its row (from 0), its first grid column,
    the columns it spans, its w:tcW (None when it has none), its paragraphs' texts, its
    text size once _size has looked it up, and its paragraphs' printed widths once _printed_of
    has measured them."""

    __slots__ = ("tc", "row", "col", "span", "tcw", "texts", "size", "printed")

    def __init__(self, tc, col: int, row: int):
        self.tc, self.row, self.col, self.span = tc, row, col, 1
        self.size: int | None = None
        self.tcw = None
        self.texts: list[str] = []
        self.printed: list[float] | None = None


def _printed_of(cell: _Cell) -> list[float]:
    """A cell's paragraphs' printed widths (_printed), measured once: the line estimates
    (_rows) of a table's every trial width and size read them again."""
    if cell.printed is None:
        cell.printed = [_printed(t) for t in cell.texts]
    return cell.printed


def _size(cell: _Cell) -> int:
    """A cell's text size (half-points): the first w:sz under a w:rPr inside the cell (a
    paragraph mark's or a run's), 0 when none sets one. Looked up only where it is used (a
    column's first cell; every cell when a table shrinks): walking every w:sz of a ledger
    was more than half of measuring it. (The walk gave a size found between cells, in a
    content control's properties, to the cell before; only the cell's own counts now.)"""
    if cell.size is None:
        sz = next((el for el in cell.tc.iter(_SZ) if el.getparent().tag == _RPR), None)
        cell.size = int(sz.get(_VAL)) if sz is not None else 0
    return cell.size


def _cells(tbl) -> list[_Cell]:
    """Every cell of a table, row by row, in one pass over just the elements that matter
    (lxml picks them by tag in C): this runs for every cell of every table of every
    document, and walking each cell's children through Python proxies took most of it.
    A table holding another table is walked cell by cell instead."""
    if any(True for _ in tbl.iterdescendants(_TBL)):
        return _cells_nested(tbl)
    out: list[_Cell] = []
    cell = None
    col, row = 0, -1
    for el in tbl.iter(_TR, _TC, _GRIDSPAN, _TCW, _P, _T):
        tag = el.tag
        if tag == _T:
            if cell is not None and cell.texts:
                # as p.itertext(w:t) gives it: each text with what follows it
                cell.texts[-1] += (el.text or "") + (el.tail or "")
        elif tag == _P:
            if cell is not None:
                cell.texts.append("")
        elif tag == _TC:
            if cell is not None:
                col += cell.span
            cell = _Cell(el, col, row)
            out.append(cell)
        elif tag == _TR:
            cell, col, row = None, 0, row + 1
        elif cell is None:
            continue
        elif tag == _GRIDSPAN:
            cell.span = int(el.get(_VAL))
        else:
            cell.tcw = el
    return out


def _cells_nested(tbl) -> list[_Cell]:
    out: list[_Cell] = []
    for row, tr in enumerate(tbl.iterchildren(_TR)):
        col = 0
        for tc in tr.iterchildren(_TC):
            cell = _Cell(tc, col, row)
            tcpr = _tcpr(tc)
            if tcpr is not None:
                span = child(tcpr, _GRIDSPAN)
                cell.span = int(span.get(_VAL)) if span is not None else 1
                cell.tcw = child(tcpr, _TCW)
            cell.texts = ["".join(p.itertext(_T)) for p in tc.iterchildren(_P)]
            out.append(cell)
            col += cell.span
    return out


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
        cells = _cells(tbl)  # walked once, for measuring and for writing back
        widths = [int(c.get(W + "w", "0")) for c in cols]
        form = caption(tbl) == ONE_PAGE
        fit: list[_Fit] = []
        new = _column_widths(cells, widths, default_size, strict=True, fit=fit)
        if isinstance(new, float):  # the short words alone overfill the line: smaller text, then fit
            _shrink(tbl, cells, new)
            fit = []
            new = _column_widths(cells, widths, default_size, fit=fit)
        if isinstance(new, list) and fit and (fit[0].broken or fit[0].crowded) and not form:
            new = _smaller(tbl, cells, widths, default_size, new, fit[0])
        if isinstance(new, list):
            for col, w in zip(cols, new, strict=True):
                col.set(W + "w", str(w))
            # a cell's width, worked out once for each place a cell has (a ledger's 1,300 cells, a dozen)
            spans = {(col, span): str(sum(new[col:col + span])) for col, span in {(c.col, c.span) for c in cells}}
            for cell in cells:
                if cell.tcw is not None:
                    _set_tcw(cell.tcw, spans[cell.col, cell.span])
        if form:  # a form kept on its page, measured with the cells just walked
            forms.fit_form_page(tbl, cells, new if isinstance(new, list) else widths,
                                _size(cells[0]) or default_size if cells else default_size)


def caption(tbl) -> str:
    """A table's caption (its w:tblCaption, Word's 可选文字 title): our templates mark tables by it."""
    cap = grandchild(tbl, _TBL_PR, W + "tblCaption")
    return cap.get(W + "val", "") if cap is not None else ""


MIN_SIZE = 16  # half-points: 8 pt, the smallest a table's text is made to keep its words whole
FIVE, SMALL = 21, 18  # half-points: 五号 (10.5 pt) and 小五 (9 pt), the steps a crowded table takes (_smaller)


class _Fit:
    """What the widths _column_widths chose leave in a table with long-text columns: how many
    names they break (_keep_medium_whole's), whether a long-text column is at its floor, and
    the table's estimated lines (_rows over every cell), counted only when asked (_smaller
    needs them only when a smaller size still breaks a name, or none was broken)."""

    __slots__ = ("broken", "crowded", "_count", "_lines")

    def __init__(self, broken: int, crowded: bool, count: Callable[[], int]):
        self.broken, self.crowded, self._count = broken, crowded, count
        self._lines: int | None = None

    def lines(self) -> int:
        if self._lines is None:
            self._lines = self._count()
        return self._lines


def _smaller(tbl, cells: list, widths: list[int], default_size: int, new: list[int], now: _Fit) -> list[int]:
    """A crowded table (a landscape roster of twelve columns: 部门 printed 党政综合办公/室, or 备注
    four characters wide and rows six lines tall) set in the largest of 五号, 小五 and 8 pt
    (FIVE, SMALL, MIN_SIZE) below its own that keeps all its names whole, where some are broken now, or that breaks no
    more of them and takes a quarter fewer lines (estimated, _rows); the widths for that size,
    else ``new`` as it is. Forms keep their size (forms.fit_form_page)."""
    if not cells or not _all_sized(cells):
        return new  # a size from a style: _shrink would leave the table as it is
    largest = max(cell.size or 0 for cell in cells)
    before = [cell.size for cell in cells]
    for size in (FIVE, SMALL, MIN_SIZE):
        if size >= largest:
            continue
        factor = (size + 0.5) / largest  # the largest size becomes ``size`` exactly (int() rounds down)
        for cell, was in zip(cells, before, strict=True):
            cell.size = max(MIN_SIZE, int(was * factor)) if was else 0
        fit: list[_Fit] = []
        trial = _column_widths(cells, widths, default_size, fit=fit)
        for cell, was in zip(cells, before, strict=True):
            cell.size = was
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
        _size(cell)
    return not any(cell.texts and any(t.strip() for t in cell.texts) and not cell.size for cell in cells)


def _shrink(tbl, cells: list, factor: float, sized: bool = False) -> None:
    """Every size in the table made ``factor`` smaller (not below MIN_SIZE), so that its short
    words fit the line whole: GENRE's "the table changes shape rather than break them".
    Only where every cell with text sets its size (our templates do); a table that takes its
    size from a style is left to give way. ``sized``: _all_sized has said so already."""
    if not sized and not _all_sized(cells):
        return
    for el in tbl.iter(W + "sz", W + "szCs"):
        el.set(_VAL, str(max(MIN_SIZE, int(int(el.get(_VAL)) * factor))))
    for cell in cells:  # as the table now reads (each cell's size is one of those just set)
        cell.size = max(MIN_SIZE, int(cell.size * factor)) if cell.size else 0


def _column_widths(cells: list, widths: list[int], default_size: int, strict: bool = False,
                   fit: list[_Fit] | None = None) -> list[int] | float | None:
    """The new widths of a table's columns (same total), or None to leave them; ``cells``
    as _cells gives them. With ``strict``, when the short words alone cannot stand whole
    on the line, the factor their text must shrink by instead. ``fit`` gets what widths for
    long-text columns leave (_Fit)."""
    n = len(widths)
    need = [0] * n
    long_text = [False] * n
    sizes = [0] * n  # a column's text size: its first cell's (template cells share it)
    amount = [0.0] * n  # how much text a column holds: the long-text columns share by it
    # each column's texts counted, then each distinct one measured once: a ledger's columns
    # repeat (一般, 已处置, 是, the dates). Widths are halves, so the sums come out the same.
    texts: list[list[str]] = [[] for _ in range(n)]
    for cell in cells:
        c = cell.col
        if cell.span != 1 or c >= n:
            continue
        if not sizes[c]:
            sizes[c] = _size(cell) or default_size
        texts[c] += cell.texts
    names: list[list[float]] = [[] for _ in range(n)]  # a long-text column's names no wider than MEDIUM
    for c in range(n):
        widest = -1.0  # the widest short text's printed width (_twips grows with it: one call a column)
        for raw, count in Counter(texts[c]).items():
            width, long, printed = _measured(raw)
            amount[c] += min(width, 40) * count
            if long:
                long_text[c] = True
                if printed > 0:  # a name, not a phrase, at most MEDIUM wide
                    names[c].append(printed)
            elif printed > widest:
                widest = printed
        if widest >= 0:
            need[c] = _twips(widest, sizes[c])
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
    left = _keep_medium_whole(new, flex, dict(zip(flex, floor, strict=True)),
                              {i: sorted({_twips(w, sizes[i] or default_size) for w in names[i]}) for i in flex if names[i]},
                              cells, [size or default_size for size in sizes])
    if fit is not None:
        filled = [size or default_size for size in sizes]
        fit.append(_Fit(left, any(new[i] <= f for i, f in zip(flex, floor, strict=True)),
                        lambda: sum(_rows(cells, new, filled, {}).values())))
    return new


def _keep_medium_whole(new: list[int], flex: list[int], floor: dict[int, int], names: dict[int, list[int]],
                       cells: list, sizes: list[int]) -> int:
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
    moving, still = [], []
    for cell in cells:
        if cell.col in floor if cell.span == 1 else any(c in floor for c in range(cell.col, cell.col + cell.span)):
            moving.append(cell)
        else:
            still.append(cell)
    base = _rows(still, new, sizes, {})
    height = sum(_rows(moving, new, sizes, dict(base)).values())
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
            lines = sum(_rows(moving, trial, sizes, dict(base)).values())
            if lines <= height:
                new[:], height = trial, lines
                break
            if len(spare) == 1:
                break  # the one giver was the proportion
    return sum(1 for i in names for w in names[i] if w > new[i])


def _rows(cells: list, widths: list[int], sizes: list[int], rows: dict[int, int]) -> dict[int, int]:
    """``rows`` (row → lines) with each row made as tall as its tallest cell of ``cells`` at
    ``widths``: a cell's each paragraph's lines, whole characters a line (a Chinese character
    does not fit in what is left of one), by its paragraphs' printed widths (_printed_of: the
    wider of LibreOffice's and Word's). A table's estimated height."""
    rooms: dict[tuple[int, int], int] = {}  # characters a line, for each place a cell has
    for cell in cells:
        widths_of = _printed_of(cell)
        room = rooms.get((cell.col, cell.span))
        if room is None:
            size = sizes[cell.col] if cell.col < len(sizes) else sizes[-1]
            room = rooms[cell.col, cell.span] = max(
                1, int((sum(widths[cell.col:cell.col + cell.span]) - CELL_MARGINS) / (size * 10)))
        if len(widths_of) == 1:  # most cells: one paragraph
            lines = 1 if widths_of[0] <= room else math.ceil(widths_of[0] / room)
        else:
            lines = sum(1 if w <= room else math.ceil(w / room) for w in widths_of) or 1
        if lines > rows.get(cell.row, 0):
            rows[cell.row] = lines
    return rows


@functools.lru_cache(maxsize=4096)
def _printed(raw: str) -> float:
    return printed_width(raw.strip())
