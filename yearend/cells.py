"""A table's cells as the layout fixes read them (columns.fit_columns, forms.fit_form_page):
one pass over a rendered table gives each cell's place, texts and size; each column's
texts measured once (Table), and the rows' lines estimated at any widths (Heights).
Written here because these run for every cell of every table of every document: a
county's ten thousand documents, a ledger's 1,300 cells measured two to four times."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import TypeVar, cast

from . import schema
from .chinese import printed_width, text_width
from .ooxml import W, child
from .styles import CELL_MARGINS

SHORT_WORD = 6  # characters (a digit counts ½): a cell text this wide or less never breaks
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")  # nor does a whole date (2024年10月12日, 7 wide)


# characters: a longer name in a cell (a 部门 such as 党政综合办公室) is kept whole when the room
# allows (measured counts up to 12: a wider text is never taken for one)
MEDIUM = 11
_PHRASE = re.compile(r"[\s，、；：。！？,;:!?（）()“”]")


@functools.lru_cache(maxsize=4096)
def measured(raw: str) -> tuple[float, bool, float]:
    """A cell's paragraph text as the column widths read it (Table): its width (up to 2 ×
    SHORT_WORD), whether it is long text, and, when it is not empty, no wider than MEDIUM
    and (if long) a name rather than a phrase, its printed width (else -1). Cached: a
    ledger's columns repeat their words (一般, 已处置, 是, the dates)."""
    text = raw.strip()
    width = text_width(text) if len(text) <= 2 * SHORT_WORD else 2 * SHORT_WORD
    long = width > SHORT_WORD and not DATE.fullmatch(text)
    # a long text with a mark or a space in it is a phrase (已解决，当事人认可), not a name: it wraps
    printed = _printed(text) if text and width <= MEDIUM and not (long and _PHRASE.search(text)) else -1.0
    return width, long, printed


_TR, _TC, _TCPR, _GRIDSPAN, _TCW, _VAL = (W + n for n in ("tr", "tc", "tcPr", "gridSpan", "tcW", "val"))
_P, _T, _SZ, _RPR, _TBL, _SDT = W + "p", W + "t", W + "sz", W + "rPr", W + "tbl", W + "sdt"


def cell_properties(tc):
    """A cell's properties: its first child when it has them (the schema puts them first).
    Looked up so rather than by an element path, which lxml parses in Python on every call:
    this runs for every cell of every table of every document."""
    first = tc[0] if len(tc) else None
    return first if first is not None and first.tag == _TCPR else None


class Cell:
    """A cell as the layout fixes see it: its element, its row (from 0), its first grid column,
    the columns it spans, its w:tcW (None when it has none), its paragraphs' texts, its
    text size once size_of has looked it up, and its paragraphs' printed widths once printed_of
    has measured them."""

    __slots__ = ("tc", "row", "col", "span", "tcw", "texts", "size", "printed")

    def __init__(self, tc, col: int, row: int):
        self.tc, self.row, self.col, self.span = tc, row, col, 1
        self.size: int | None = None
        self.tcw = None
        self.texts: list[str] = []
        self.printed: list[float] | None = None


def printed_of(cell: Cell) -> list[float]:
    """A cell's paragraphs' printed widths (_printed), measured once: the line estimates
    (Heights) of a table's every trial width and size read them again."""
    if cell.printed is None:
        cell.printed = [_printed(t) for t in cell.texts]
    return cell.printed


def size_of(cell: Cell) -> int:
    """A cell's text size (half-points): the first w:sz under a w:rPr inside the cell (a
    paragraph mark's or a run's), 0 when none sets one. Looked up only where it is used (a
    column's first cell; every cell when a table shrinks, unless read_cells read them all in
    its pass): walking every w:sz of a ledger was more than half of measuring it. (The walk gave a size found between cells, in a
    content control's properties, to the cell before; only the cell's own counts now.)"""
    if cell.size is None:
        sz = next((el for el in cell.tc.iter(_SZ) if el.getparent().tag == _RPR), None)
        cell.size = int(sz.get(_VAL)) if sz is not None else 0
    return cell.size


def read_cells(tbl, sized: bool = False) -> list[Cell]:
    """Every cell of a table, row by row, in one pass over just the elements that matter
    (lxml picks them by tag in C): this runs for every cell of every table of every
    document, and walking each cell's children through Python proxies took most of it.
    A table holding another table is walked cell by cell instead. ``sized``: each cell's
    size read in the same pass (the first w:sz under a w:rPr after the cell starts is its
    own), for a table whose every cell's size will be asked (columns._smaller), unless a content
    control between cells might hold one (then size_of, cell by cell)."""
    out: list[Cell] = []
    cell = None
    texts: list[str] = []  # the cell's paragraphs' texts (outside a cell, a list no cell keeps)
    col, row = 0, -1
    control = False  # a content control seen in the table
    # (a nested table or a content control is found in the same pass: looking for one
    # first walked the whole table again, a fifth of this)
    for el in tbl.iter(_TR, _TC, _GRIDSPAN, _TCW, _P, _T, _TBL, *((_SZ, _SDT) if sized else ())):
        tag = el.tag
        if tag == _T:
            if texts:
                # as p.itertext(w:t) gives it: each text with what follows it (nearly never anything)
                tail = el.tail
                texts[-1] += (el.text or "") + tail if tail else el.text or ""
        elif tag == _P:
            texts.append("")
        elif tag == _SZ:
            if cell is not None and cell.size is None and el.getparent().tag == _RPR:
                cell.size = int(el.get(_VAL))
        elif tag == _TC:
            if cell is not None:
                col += cell.span
            cell = Cell(el, col, row)
            texts = cell.texts
            out.append(cell)
        elif tag == _TR:
            cell, col, row = None, 0, row + 1
            texts = []
        elif tag == _TBL:
            if el is not tbl:
                return _nested(tbl)
        elif tag == _SDT:
            control = True
        elif cell is None:
            continue
        elif tag == _GRIDSPAN:
            cell.span = int(el.get(_VAL))
        else:
            cell.tcw = el
    if sized:
        for cell in out:
            cell.size = None if control else cell.size or 0
    return out


def _nested(tbl) -> list[Cell]:
    out: list[Cell] = []
    for row, tr in enumerate(tbl.iterchildren(_TR)):
        col = 0
        for tc in tr.iterchildren(_TC):
            cell = Cell(tc, col, row)
            tcpr = cell_properties(tc)
            if tcpr is not None:
                span = child(tcpr, _GRIDSPAN)
                cell.span = int(span.get(_VAL)) if span is not None else 1
                cell.tcw = child(tcpr, _TCW)
            cell.texts = ["".join(p.itertext(_T)) for p in tc.iterchildren(_P)]
            out.append(cell)
            col += cell.span
    return out


MIN_SIZE = 16  # half-points: 8 pt, the smallest a table's text is made to keep its words whole (columns._shrink)


class Table:
    """A table's cells and what each column holds, measured once for every trial of its
    widths (a crowded ledger's are worked out two to four times: strict, after shrinking,
    at a smaller size): each column's first cell of its own (its size is the column's:
    template cells share it), whether it holds long text, how much text (the long-text
    columns share by it), its widest short text's printed width (-1 when none), its names
    no wider than MEDIUM (printed widths); and the cells' line estimates (Heights), made
    when first asked for."""

    __slots__ = ("cells", "first", "long_text", "amount", "widest", "names", "_split")

    def __init__(self, cells: list[Cell], n: int):
        self.cells = cells
        self.first: list[Cell | None] = [None] * n
        # each column's texts counted, then each distinct one measured once: a ledger's columns
        # repeat (一般, 已处置, 是, the dates). Widths are halves, so the sums come out the same.
        texts: list[list[str]] = [[] for _ in range(n)]
        for cell in cells:
            c = cell.col
            if cell.span != 1 or c >= n:
                continue
            if self.first[c] is None:
                self.first[c] = cell
            texts[c] += cell.texts
        self.long_text, self.amount, self.widest = [False] * n, [0.0] * n, [-1.0] * n
        self.names: list[list[float]] = [[] for _ in range(n)]
        for c in range(n):
            for raw, count in Counter(texts[c]).items():
                width, long, printed = measured(raw)
                self.amount[c] += min(width, 40) * count
                if long:
                    self.long_text[c] = True
                    if printed > 0:  # a name, not a phrase, at most MEDIUM wide
                        self.names[c].append(printed)
                elif printed > self.widest[c]:
                    self.widest[c] = printed
        self._split: tuple[Heights, Heights] | None = None

    def sizes(self, default_size: int, factor: float | None = None) -> list[int]:
        """Each column's text size: its first cell's (``factor`` times it, as columns._shrink
        would make it), else ``default_size``; 0 for a column without a cell of its own."""
        out = []
        for cell in self.first:
            if cell is None:
                out.append(0)
                continue
            size = size_of(cell)
            if factor is not None and size:
                size = max(MIN_SIZE, int(size * factor))
            out.append(size or default_size)
        return out

    def split(self) -> tuple[Heights, Heights]:
        """The line estimates of the cells in the long-text columns (those whose widths a
        trial moves: columns._keep_medium_whole) and of the others."""
        if self._split is None:
            moving, still = [], []
            wide = {c for c, long in enumerate(self.long_text) if long}
            for cell in self.cells:
                if cell.col in wide if cell.span == 1 else any(c in wide for c in range(cell.col, cell.col + cell.span)):
                    moving.append(cell)
                else:
                    still.append(cell)
            self._split = Heights(moving), Heights(still)
        return self._split

    def lines(self, widths: list[int], sizes: list[int]) -> int:
        """The table's estimated lines at ``widths``: each row as tall as its tallest cell."""
        moving, still = self.split()
        return sum(moving.rows(widths, sizes, still.rows(widths, sizes, {})).values())


def line_room(widths: list[int], col: int, span: int, size: int) -> float:
    """Characters a line in a cell from grid column ``col`` across ``span`` columns of ``widths``
    (twips), its text ``size`` half-points: its width less the margins (a twip at least)."""
    return max(1, sum(widths[col:col + span]) - CELL_MARGINS) / (size * 10)


class Heights:
    """Some cells' line estimates at any widths: a cell's each paragraph's lines, whole
    characters a line (a Chinese character does not fit in what is left of one), by its
    paragraphs' printed widths (printed_of: the wider of LibreOffice's and Word's); a row
    as tall as its tallest cell. Each row's least (its cells' paragraphs, a line each) is
    counted once, and each place's (column, span) cells kept widest first: at given widths
    only the cells wider than their line are measured (a ledger's trials measured its 1,300
    cells each time, nearly all one line)."""

    __slots__ = ("least", "wide")

    def __init__(self, cells: list[Cell]):
        self.least: dict[int, int] = {}
        wide: dict[tuple[int, int], list[tuple[float, int, list[float]]]] = {}
        for cell in cells:
            printed = printed_of(cell)
            least = len(printed) or 1
            if least > self.least.get(cell.row, 0):
                self.least[cell.row] = least
            if printed:
                wide.setdefault((cell.col, cell.span), []).append((max(printed), cell.row, printed))
        for group in wide.values():
            group.sort(key=itemgetter(0), reverse=True)
        self.wide = wide

    def rows(self, widths: list[int], sizes: list[int], rows: dict[int, int]) -> dict[int, int]:
        """``rows`` (row → lines) with each row made as tall as its tallest cell at ``widths``."""
        for row, n in self.least.items():
            if n > rows.get(row, 0):
                rows[row] = n
        for (col, span), group in self.wide.items():
            size = sizes[col] if col < len(sizes) else sizes[-1]
            room = max(1, int(line_room(widths, col, span, size)))  # whole characters a line
            for widest, row, printed in group:
                if widest <= room:
                    break  # this one and the rest: a line a paragraph, counted in least
                lines = math.ceil(widest / room) if len(printed) == 1 else sum(
                    1 if w <= room else math.ceil(w / room) for w in printed)
                if lines > rows.get(row, 0):
                    rows[row] = lines
        return rows


LIST_MARK = "、"
# a cell's text in pieces, each up to and with the mark after it: 除王建然、 李涛涵、 唐宇明外， 在队成员全部参加
_PIECE = re.compile(r"[^、，；：。！？]+[、，；：。！？]?")


_REMEMBERED = 120  # characters: a longer text (a ledger's 内容摘要) is seldom met twice, and a cache of them grows large
_F = TypeVar("_F", bound=Callable)


def _remembered_if_short(fn: _F) -> _F:
    """``fn`` of a text (and more) with its answers for texts of up to _REMEMBERED characters kept
    (the last 4,096 of them)."""
    cached = functools.lru_cache(maxsize=4096)(fn)

    @functools.wraps(fn)
    def call(text: str, *args):
        return cached(text, *args) if len(text) <= _REMEMBERED else fn(text, *args)

    return cast(_F, call)


@_remembered_if_short  # a form's texts are asked again, for its lines (forms.fit_form_page)
def kept_pieces(text: str, room: float) -> tuple[tuple[str, bool], ...] | None:
    """A cell paragraph's text wider than its line (``room`` characters) in pieces, each with
    whether it is kept whole; None when it fits or none is kept. An item of a list, a piece
    either side of a 、 (王建然、, 唐宇明外，, 社区党委书记、, 居委会主任), is one piece when it is at
    most MEDIUM wide and no wider than the line; any other text is in its words (``words``:
    社区/治理和/城市/管理/办公室), each kept whole when it fits the line, else in the dictionary's
    (监督管理/股). Word, WPS and LibreOffice break Chinese anywhere: a 部门 printed 社区治理和城/
    市管理办公室, a post 居委/会主任, a training's 参训人员 郭/娜磊, where GENRE has long text in a
    cell wrap at word boundaries."""
    if len(text) <= room or _printed(text) <= room:
        return None
    out: list[tuple[str, bool]] = []
    after = False  # the piece before ends with 、
    listed = LIST_MARK in text
    for piece in _PIECE.findall(text) if listed else [text]:  # (words keep a mark with the word before it)
        if listed and (after or piece.endswith(LIST_MARK)) and len(piece) > 1 and text_width(piece) <= MEDIUM \
                and _printed(piece) <= room:
            out.append((piece, True))
        else:
            for word in words(piece):
                if len(word) * 1.25 <= room or _printed(word) <= room:  # (no character prints wider than 1.25)
                    out.append((word, len(word) > 1))
                else:
                    out.extend((w, len(w) > 1 and _printed(w) <= room) for w in words(word, False))
        after = piece.endswith(LIST_MARK)
    return tuple(out) if any(kept for _, kept in out) and "".join(p for p, _ in out) == text else None


_OPENING = frozenset("（(“‘《〈【「『[")
# a one-character word that belongs to the word after it: 副/主任, 本/部门, 未/办结, 新/媒体
_BEFORE = frozenset("副正总本未不非已某各新")
_ASCII_RUN = re.compile(r"[0-9A-Za-z.%+\-]+")  # a number or a Latin word: 1.5, 4G, 2025
_NUMBER_AND_MEASURE = re.compile(r"\d(?=[\u4e00-\u9fff])")  # 67条, 1.5学时, 3名: the number with its measure word
_DIGIT_OR_LATIN = re.compile(r"[0-9A-Za-z]")
# what a cell's long text keeps whole here and in finish.join_dates: a date, and a count with its 名 (from
# the number's first digit: a scan from each digit of a long run was quadratic)
KEPT_DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日")
KEPT_COUNT = re.compile(r"(?<!\d)\d+名")
KEPT_TOGETHER = re.compile(f"{KEPT_DATE.pattern}|{KEPT_COUNT.pattern}")


# the workbook's own vocabulary, each one word however the dictionary would cut it: a 队伍类别
# printed 网络文明/志愿者 in a form's cell, a 政治面貌 中共/预备党员
VOCABULARY = (*schema.CATEGORIES, *schema.POLITICS)


_PARTS: dict[str, tuple[str, ...]] = {}  # each VOCABULARY word as the dictionary cut it before: 网络文明/志愿者


@functools.lru_cache(maxsize=1)
def dictionary():
    """jieba's dictionary (rjieba), with VOCABULARY added: loaded once a process, only for the
    texts that wrap in a cell (documents.check_templates loads it before the workers fork).
    A word of it wider than its line still breaks where the dictionary would (_PARTS)."""
    import rjieba

    for word in VOCABULARY:
        _PARTS[word] = tuple(rjieba.cut(word, hmm=False))
        rjieba.add_word(word, None, None)
    return rjieba


@_remembered_if_short
def words(text: str, joined: bool = True) -> tuple[str, ...]:
    """``text`` in the words a reader keeps whole (they join to ``text``): jieba's dictionary
    (rjieba, without guessing new words), with a one-character word joined to the word before
    it (监督管理/股, 教研组/长, a name the dictionary lacks: 宋/秀/霞) or, an opening bracket or
    副, to the one after (副主任); a number with its measure word (67条, 1.5学时), a date and a count
    (2025年3月5日, 13名) one word. Not ``joined``: the dictionary's words alone, where one of
    these is wider than a line (监督管理/股). Written here because no segmenter keeps these
    together; the dictionary is a library's (jieba's, in Rust: it loads in a tenth of a second)."""
    out: list[str] = []
    glue = False  # the next token belongs to the last word
    jieba = dictionary()  # (fills _PARTS)
    # a 队伍类别 wider than its line: where the dictionary alone cuts it
    tokens = _PARTS[text] if not joined and text in _PARTS else jieba.cut(text, hmm=False)
    for token in tokens:
        if token.isspace():  # a space is a word of its own, and a line may break either side of it
            out.append(token)
            glue = False
            continue
        single = joined and len(token) == 1
        starts = not out or out[-1].isspace()  # the text's first word, or the first after a space
        if not starts and (glue or single and token not in _OPENING and token not in _BEFORE):
            out[-1] += token
        else:
            out.append(token)
        # (a single character opening the text or following a space goes with the next: 新/媒体, 王/芳)
        glue = single and (token in _OPENING or token in _BEFORE or starts)
    if not _DIGIT_OR_LATIN.search(text):
        return tuple(out)
    # a number, a Latin word, a date, a count: no cut inside it, nor between a number and its measure word
    cuts, at = set(), 0
    for word in out[:-1]:
        at += len(word)
        cuts.add(at)
    for pattern in (_ASCII_RUN, KEPT_TOGETHER):
        for m in pattern.finditer(text):
            cuts.difference_update(range(m.start() + 1, m.end()))
    cuts.difference_update(m.end() for m in _NUMBER_AND_MEASURE.finditer(text))
    bounds = [0, *sorted(cuts), len(text)]
    return tuple(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a)


def listed_lines(pieces: Sequence[tuple[str, bool]], room: float) -> int:
    """The lines a text in ``pieces`` (kept_pieces) takes at ``room`` characters a line, whole
    characters a line: a kept piece that does not fit what is left of a line starts the next;
    the others fill each line."""
    width = max(1, int(room))
    lines, used = 1, 0.0
    for piece, kept in pieces:
        w = _printed(piece)
        if kept and used and used + w > width:
            lines, used = lines + 1, 0.0
        used += w
        while used > width:
            lines, used = lines + 1, used - width
    return lines


@functools.lru_cache(maxsize=4096)
def _printed(raw: str) -> float:
    return printed_width(raw.strip())
