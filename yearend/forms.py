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
        rows = tbl.findall(_TR)
        heights = []
        for tr in rows:
            set_ = tr.find(f"{W}trPr/{W}trHeight")
            least = int(set_.get(W + "val", "0")) if set_ is not None else 0
            heights.append((max(least, _row_height(tr, grid)), set_))
        box = next((i for i, (_, set_) in enumerate(heights) if set_ is not None), None)
        if box is None:
            continue
        excess = sum(h for h, _ in heights) + _above(tbl) + SAFETY - ROOM
        if excess <= 0:
            continue
        tr, (height, set_) = rows[box], heights[box]
        lines = _lines_of_box(tr)
        blanks = [p for p in tr.iter(_P) if not "".join(p.itertext(_T)).strip()]
        size = _size(tr)
        line = int(LINE * size * 10)
        # what its text needs, with the blank lines it may give up taken away
        spare = max(0, len(blanks) - FEWEST_BLANKS)
        drop = min(spare, math.ceil(max(0, excess - (height - _content(lines, line))) / line))
        for p in blanks[:drop]:
            p.getparent().remove(p)
        set_.set(W + "val", str(max(_content(lines - drop, line), height - excess)))


def _content(lines: int, line: int) -> int:
    return lines * line + ROW_MARGINS


def _size(el, default: int = 28) -> int:
    sz = next(el.iter(_SZ), None)
    return int(sz.get(W + "val")) if sz is not None else default


def _lines_of_box(tr) -> int:
    return max(sum(1 for _ in tc.iter(_P)) for tc in tr.iter(_TC))


def _row_height(tr, grid: list[int]) -> int:
    """A row's estimated height in twips: its tallest cell's lines, single-spaced."""
    tallest = 0
    col = 0
    for tc in tr.iterchildren(_TC):
        span_el = tc.find(f"{W}tcPr/{W}gridSpan")
        span = int(span_el.get(W + "val")) if span_el is not None else 1
        width = max(1, sum(grid[col:col + span]) - CELL_MARGINS)
        col += span
        size = _size(tc)
        lines = 0
        for p in tc.iterchildren(_P):
            pieces = [""]
            for el in p.iter(_T, _BR):
                if el.tag == _BR:
                    pieces.append("")
                else:
                    pieces[-1] += el.text or ""
            lines += sum(max(1, math.ceil(printed_width(s.strip()) * size * 10 / width)) for s in pieces)
        tallest = max(tallest, lines * int(LINE * size * 10))
    return tallest + ROW_MARGINS


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
