"""A form kept on its page: the member form is one page a member, but what the rows above
its blank boxes hold (a long department, three 舆情 finds, five trainings) differs from
member to member. Written here because no word processor shrinks a row to fit the page;
the heights depend on the rendered text, so they are set after rendering, with the
column widths (columns.py) already final."""

from __future__ import annotations

import math

from .columns import CELL_MARGINS, printed_width
from .ooxml import W
from .styles import LINE_PITCH, MARGIN_BOTTOM, MARGIN_TOP, ONE_PAGE, PAGE_H

ROOM = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM  # the 版心's height: 22 lines of 28.95 pt
LINE = 1.44  # a single-spaced line of a table cell, in its text size: Noto CJK's 17.25 pt at 12 pt
ROW_MARGINS = 110  # a row's top and bottom cell margins (45 each) and its border
SAFETY = 400  # twips kept free: the estimate is of a renderer's line breaking
FEWEST_BLANKS = 2  # blank lines a box keeps for the hand, whatever the rows above hold

_TR, _TC, _P, _T, _BR, _SZ = (W + n for n in ("tr", "tc", "p", "t", "br", "sz"))
_TRHEIGHT, _GRIDSPAN = W + "trHeight", W + "gridSpan"


def fit_form_page(body) -> None:
    """Each table marked ``styles.ONE_PAGE`` fitted to the room its page leaves under the
    title: when the rows above are estimated to need more than the template allowed, the
    first row of a set height (the 个人小结 box) gives it up, first from its height, then
    from its blank lines (two kept). A row's height is its cells' lines (by
    ``printed_width``, the wider of LibreOffice's and Word's) at a single-spaced line each."""
    for caption in list(body.iter(W + "tblCaption")):
        if caption.get(W + "val") != ONE_PAGE:
            continue
        tbl = caption.getparent().getparent()
        grid = [int(c.get(W + "w", "0")) for c in tbl.iterfind(f"{W}tblGrid/{W}gridCol")]
        size = _size(tbl)
        line = int(LINE * size * 10)
        rows = _rows(tbl, grid, size)
        box = next((r for r in rows if r.set is not None), None)
        if box is None:
            continue
        excess = sum(r.height(line) for r in rows) + _above(tbl) + SAFETY - ROOM
        if excess <= 0:
            continue
        height = box.height(line)
        lines = max(box.paragraphs)
        blanks = [p for p in box.tr.iter(_P) if not "".join(p.itertext(_T)).strip()]
        # what its text needs, with the blank lines it may give up taken away
        spare = max(0, len(blanks) - FEWEST_BLANKS)
        drop = min(spare, math.ceil(max(0, excess - (height - _content(lines, line))) / line))
        for p in blanks[:drop]:
            p.getparent().remove(p)
        box.set.set(W + "val", str(max(_content(lines - drop, line), height - excess)))


def _content(lines: int, line: int) -> int:
    return lines * line + ROW_MARGINS


def _size(tbl, default: int = 28) -> int:
    """The table's text size: its first run's (a form's cells share one)."""
    sz = next(tbl.iter(_SZ), None)
    return int(sz.get(W + "val")) if sz is not None else default


class _Row:
    """A row as fit_form_page sees it: its element, its set height (w:trHeight, None when
    it has none), each cell's estimated lines and each cell's paragraphs."""

    __slots__ = ("tr", "set", "least", "lines", "paragraphs")

    def __init__(self, tr):
        self.tr = tr
        self.set = None
        self.least = 0
        self.lines: list[int] = []
        self.paragraphs: list[int] = []

    def height(self, line: int) -> int:
        return max(self.least, _content(max(self.lines, default=1), line))


def _rows(tbl, grid: list[int], size: int) -> list[_Row]:
    """Every row's cells measured in one pass over just the elements that matter (as
    columns._cells: this runs for every member's form). A cell's lines: each paragraph's
    pieces between line breaks, each as many lines as its printed width needs."""
    rows: list[_Row] = []
    col, span, width = 0, 1, 1
    pieces: list[str] = []  # the open paragraph's, between its line breaks
    for el in tbl.iter(_TR, _TRHEIGHT, _TC, _GRIDSPAN, _P, _T, _BR):
        tag = el.tag
        if tag == _T:
            if pieces:
                pieces[-1] += el.text or ""
            continue
        if tag == _BR:
            if pieces:
                pieces.append("")
            continue
        if pieces and tag in (_P, _TC, _TR):  # the paragraph before has ended
            rows[-1].lines[-1] += _lines(pieces, size, width)
            pieces = []
        if tag == _P:
            if rows and rows[-1].lines:
                if span:  # the cell's width, once its span is known (its properties come first)
                    width = max(1, sum(grid[col:col + span]) - CELL_MARGINS)
                    col += span
                    span = 0
                rows[-1].paragraphs[-1] += 1
                pieces = [""]
        elif tag == _TC:
            rows[-1].lines.append(0)
            rows[-1].paragraphs.append(0)
            span = 1
        elif tag == _GRIDSPAN:
            span = int(el.get(W + "val"))
        elif tag == _TRHEIGHT:
            rows[-1].set, rows[-1].least = el, int(el.get(W + "val", "0"))
        elif tag == _TR:
            rows.append(_Row(el))
            col = 0
    if pieces:
        rows[-1].lines[-1] += _lines(pieces, size, width)
    return rows


def _lines(pieces: list[str], size: int, width: int) -> int:
    return sum(max(1, math.ceil(printed_width(s.strip()) * size * 10 / width)) for s in pieces)


def _above(tbl) -> int:
    """The height of what stands above the table on its page (the title, 填报单位), a line
    pitch a line, back to the paragraph that starts the page."""
    total = 0
    el = tbl.getprevious()
    while el is not None and el.tag == _P:
        total += LINE_PITCH * (1 + sum(1 for _ in el.iter(_BR)))
        if el.find(f"{W}pPr/{W}pageBreakBefore") is not None:
            break
        el = el.getprevious()
    return total
