"""A form kept on its page: the member form is one page a member, but what the rows above
its blank boxes hold (a long department, three 舆情 finds, five trainings) differs from
member to member. Written here because no word processor shrinks a row to fit the page;
the heights depend on the rendered text, so they are set after rendering, with the
column widths final (columns.fit_columns calls this with the cells it walked)."""

from __future__ import annotations

import math

from .cells import kept_pieces, line_room, listed_lines
from .chinese import printed_width
from .ooxml import W, grandchild
from .styles import LINE_PITCH, MARGIN_BOTTOM, MARGIN_TOP, PAGE_H

ROOM = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM  # the 版心's height: 22 lines of 28.95 pt
LINE = 1.44  # a single-spaced line of a table cell, in its text size: Noto CJK's 17.25 pt at 12 pt
ROW_MARGINS = 110  # a row's top and bottom cell margins (45 each) and its border
SAFETY = 400  # twips kept free: the estimate is of a renderer's line breaking
FEWEST_BLANKS = 2  # blank lines a box keeps for the hand, whatever the rows above hold
SPARE = 2 * LINE_PITCH  # twips: two body lines left free under a box grown into the page's room (the estimate's slack)

_TR, _P, _T, _BR, _TRPR, _TRHEIGHT = (W + n for n in ("tr", "p", "t", "br", "trPr", "trHeight"))


def fit_form_page(tbl, cells: list, grid: list[int], size: int) -> None:
    """A table marked ``styles.ONE_PAGE`` fitted to the room its page leaves under the title:
    when its rows are estimated to need more than the template allowed, the first row of a
    set height (the 个人小结 box) gives it up, first from its height, then from its blank
    lines (two kept); when they leave more than SPARE free, the box grows into it. ``cells``
    as cells.read_cells gives them, ``grid`` the column widths, ``size`` the text size
    (half-points). A row's height is its tallest cell's lines (by
    ``printed_width``, the wider of LibreOffice's and Word's) at a single-spaced line each;
    a row's own height (w:trHeight) is its least."""
    rows = list(tbl.iterchildren(_TR))
    if not rows:
        return
    line = int(LINE * size * 10)
    lines = [1] * len(rows)
    rooms: dict[tuple[int, int], float] = {}  # characters a line, for each place a cell has
    count = len(rows)
    for cell in cells:
        row, span, texts = cell.row, cell.span, cell.texts
        if row >= count:
            continue
        room = rooms.get((cell.col, span))
        if room is None:
            room = rooms[cell.col, span] = line_room(grid, cell.col, span, size)
        if span == 1 and (not texts or len(texts) == 1 and len(texts[0]) * 1.25 <= room):
            continue  # one line (as _cell_lines counts it), what every row has
        n = _cell_lines(cell, room)
        if n > lines[row]:
            lines[row] = n
    sets = [_height(tr) for tr in rows]
    heights = [max(int(s.get(W + "val", "0")) if s is not None else 0, _content(n, line))
               for s, n in zip(sets, lines, strict=True)]
    box = next((i for i, s in enumerate(sets) if s is not None), None)
    if box is None:
        return
    excess = sum(heights) + _above(tbl) + SAFETY - ROOM
    if excess <= -SPARE:  # room left on the page: the box takes it (GENRE: 个人小结 about half a page)
        sets[box].set(W + "val", str(heights[box] - excess - SPARE))
        return
    if excess <= 0:
        return
    paragraphs = max(len(cell.texts) for cell in cells if cell.row == box)
    blanks = [p for p in rows[box].iter(_P) if not "".join(p.itertext(_T)).strip()]
    # what its text needs, with the blank lines it may give up taken away
    spare = max(0, len(blanks) - FEWEST_BLANKS)
    drop = min(spare, math.ceil(max(0, excess - (heights[box] - _content(paragraphs, line))) / line))
    for p in blanks[:drop]:
        p.getparent().remove(p)
    sets[box].set(W + "val", str(max(_content(paragraphs - drop, line), heights[box] - excess)))


def _height(tr):
    """A row's w:trHeight, or None (ooxml.grandchild: an element path is parsed in Python on
    every call, for every row of a member form's forty tables)."""
    return grandchild(tr, _TRPR, _TRHEIGHT)


def _content(lines: int, line: int) -> int:
    return lines * line + ROW_MARGINS


def _cell_lines(cell, room: float) -> int:
    """A cell's lines, ``room`` characters a line: each paragraph's, and within one the pieces
    between its line breaks (the trainings of a form's row), each as many lines as its
    printed width needs."""
    texts = cell.texts
    if cell.span > 1 and any(True for _ in cell.tc.iter(_BR)):  # the few cells that break lines
        texts = []
        for p in cell.tc.iterchildren(_P):
            texts.append("")
            for el in p.iter(_T, _BR):
                texts[-1] += "\n" if el.tag == _BR else (el.text or "")
        texts = [piece for t in texts for piece in t.split("\n")]
    # a text that would fit even at 1.25 a character (DejaVu's widest, with spacing) is one line:
    # most of a form's cells, not measured (nor, when all of a cell's texts are such, counted one by one)
    if max(map(len, texts), default=0) * 1.25 <= room:
        return len(texts) or 1
    return sum(1 if len(t) * 1.25 <= room else _text_lines(t, room) for t in texts) or 1


def _text_lines(text: str, room: float) -> int:
    """A paragraph's lines: its words kept whole (columns._keep_words_whole) leave the rest of
    a line empty where the next does not fit."""
    pieces = kept_pieces(text, room)
    if pieces is not None:
        return listed_lines(pieces, room)
    return max(1, math.ceil(printed_width(text.strip()) / room))


def _above(tbl) -> int:
    """The height of what stands above the table on its page (the title, 填报单位), a line
    pitch a line, back to the paragraph that starts the page."""
    total = 0
    el = tbl.getprevious()
    while el is not None and el.tag == _P:
        total += LINE_PITCH * (1 + sum(1 for _ in el.iter(_BR)))
        if grandchild(el, W + "pPr", W + "pageBreakBefore") is not None:
            break
        el = el.getprevious()
    return total
