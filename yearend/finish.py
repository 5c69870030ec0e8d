"""The fixes applied to every rendered document, a clerk's own templates included:
they need the rendered text, so they cannot be in the template (the signature's
indents, column widths from the content, a chart's paragraph)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable

from .chinese import text_width
from .ooxml import W_NS, W
from .styles import CELL_SPACING, CENTER, CHAR, CHAR_SPACE, DROP_EMPTY, NO_INDENT, TEXT_WIDTH


def finish_document(xml: bytes) -> Callable[[object], None]:
    """The fixes a rendered document needs, in order, as one function for its parsed body: a fix whose
    mark (a name no writer escapes) is not in the XML has nothing to do, and the bytes tell in µs."""
    body = max(0, xml.find(b"body"))
    todo = [fix for fix, mark in _FIXES if xml.find(mark, body) >= 0]
    return functools.partial(_apply, todo)


def _apply(fixes: list, body) -> None:
    for fix in fixes:
        fix(body)


_PHONE = re.compile(r"(?<!\d)(\d{3,4})-(\d{7,8})(?!\d)")


def join_phones(body) -> None:
    """A phone number never breaks (0871-/65123456, nor 0871-6512345/6 when a closing 。
    pulls its last digit down): the hyphen gets a WORD JOINER (U+2060) on each side and one
    after the number. Word's own non-breaking hyphen (w:noBreakHyphen) is not enough:
    LibreOffice breaks after it, or inside the digits, in a line of Chinese text."""
    for t in body.iter(W + "t"):
        text = t.text or ""
        if "-" in text and _PHONE.search(text):
            t.text = _PHONE.sub(lambda m: f"{m.group(1)}{JOIN}-{JOIN}{m.group(2)}{JOIN}", text)


JOIN = "\u2060"  # WORD JOINER: no line break on either side, prints nothing


def keep_totals(body) -> None:
    """A table's total row (合计…) never opens a page alone: the row above it is kept with it,
    and the total with a line of text right under the table (填表人…, the sign-off)."""
    for tbl in body.iterchildren(W + "tbl"):
        rows = tbl.findall(W + "tr")
        if len(rows) < 3 or not "".join(rows[-1].itertext(W + "t")).strip().startswith("合计"):
            continue
        for p in rows[-2].iter(W + "p"):
            _keep_with_next(p)
        after = tbl.getnext()
        if after is not None and after.tag == W + "p" and para_text(after).strip():
            for p in rows[-1].iter(W + "p"):
                _keep_with_next(p)


def drop_empty_columns(body) -> None:
    """Leave out the columns of a marked table (styles.DROP_EMPTY) that no data row filled:
    the 舆情 ledger's 处置措施 or 回应 when a unit records neither. The header is the first
    row; a row of one cell across the table (the totals) is not data and narrows with it.
    The width a column gave up goes to the others in proportion. Written here because it
    depends on the data; docxtpl has no way to leave out a column."""
    for caption in list(body.iter(W + "tblCaption")):
        if caption.get(W + "val") != DROP_EMPTY:
            continue
        tbl = caption.getparent().getparent()
        grid = tbl.find(W + "tblGrid")
        cols = grid.findall(W + "gridCol")
        n = len(cols)
        rows = [list(tr.iterchildren(_TC)) for tr in tbl.iterchildren(_TR)]
        data = [r for r in rows[1:] if len(r) == n]
        if not data:
            continue
        empty = [c for c in range(n) if all(not "".join(r[c].itertext(W + "t")).strip() for r in data)]
        if not empty or len(empty) == n:
            continue
        widths = [int(c.get(W + "w", "0")) for c in cols]
        kept = [c for c in range(n) if c not in empty]
        spare = sum(widths[c] for c in empty)
        room = sum(widths[c] for c in kept)
        new = {c: widths[c] + spare * widths[c] // max(1, room) for c in kept}
        new[kept[-1]] += sum(widths) - sum(new.values())
        for c in empty:
            grid.remove(cols[c])
        for c in kept:
            cols[c].set(W + "w", str(new[c]))
        for r in rows:
            if len(r) == n:
                for c in empty:
                    r[c].getparent().remove(r[c])
                for c in kept:
                    _set_width(r[c], new[c])
            else:  # a merged row: the cell across the table spans what is left
                for tc in r:
                    tcpr = _tcpr(tc)
                    span = tcpr.find(_GRIDSPAN) if tcpr is not None else None
                    if span is not None and int(span.get(_VAL)) == n:
                        span.set(_VAL, str(len(kept)))
                        _set_width(tc, sum(new.values()))


def _set_width(tc, width: int) -> None:
    if (tcpr := _tcpr(tc)) is not None and (tcw := tcpr.find(_TCW)) is not None:
        _set_tcw(tcw, str(width))


def _set_tcw(tcw, width: str) -> None:
    """A cell's width (its w:tcW) in twips; its type set only where it is not dxa already."""
    tcw.set(_W_W, width)
    if tcw.get(_W_TYPE) != "dxa":
        tcw.set(_W_TYPE, "dxa")


def para_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def _style_of(p) -> str:
    ps = p.find(f"{W}pPr/{W}pStyle")
    return ps.get(W + "val") if ps is not None else ""


def _set_indent(p, right_chars: float = 0.0, left: int = 0) -> None:
    """The paragraph's indent: ``right_chars`` characters on the right (a right-aligned
    issuer), or ``left`` twips on the left (the date, which is then left-aligned)."""
    ppr = p.find(W + "pPr")
    for el in ppr.findall(W + "ind"):
        ppr.remove(el)
    attrs = {W + "firstLine": "0", W + "firstLineChars": "0"}
    attrs.update({W + "right": str(round(right_chars * CHAR)), W + "rightChars": str(round(right_chars * 100))}
                 if not left else {W + "left": str(left), W + "leftChars": "0"})
    ind = ppr.makeelement(W + "ind", attrs)
    jc = ppr.find(W + "jc")  # w:ind comes before w:jc in pPr
    if jc is not None:
        jc.addprevious(ind)
    else:
        ppr.append(ind)
    if left:
        if jc is None:
            jc = ppr.makeelement(W + "jc", {})
            ind.addnext(jc)
        jc.set(W + "val", "left")


GRID_PITCH = CHAR + CHAR_SPACE * 20 / 4096  # a 三号 character as the document grid prints it (twips)


def line_width(body, p=None) -> int:
    """The text block's width (twips) of the section ``p`` is in (a portrait 公文 with a
    landscape attachment has two), else of the body's last section."""
    sect = None
    while p is not None and sect is None:  # a section ends at the paragraph holding its sectPr
        sect = p.find(f"{W}pPr/{W}sectPr") if p.tag == W + "p" else None
        p = p.getnext()
    if sect is None:
        sect = body.find(W + "sectPr")
    size = sect.find(W + "pgSz") if sect is not None else None
    mar = sect.find(W + "pgMar") if sect is not None else None
    if size is None or mar is None:
        return TEXT_WIDTH
    return int(size.get(W + "w")) - int(mar.get(W + "left", "0")) - int(mar.get(W + "right", "0"))


def signature_indents(issuer: str, date: str, width: int = TEXT_WIDTH) -> tuple[float, int]:
    """The issuer's right indent (characters) and the date's left indent (twips), GB/T 9704 7.3.5.2.

    The issuer is right-indented two characters; the date starts two characters right
    of the issuer's first character; when the date is the longer, the date ends two
    characters from the right and the issuer moves left to keep the offset.

    The date is placed by its start, not by its end: its width depends on the renderer.
    Word honours the styles' autoSpaceDE/DN = 0 and prints 2025年12月26日 seven characters
    wide; LibreOffice ignores both settings on import (writerfilter drops them) and adds
    space at each change between Chinese and digits, 8.3 characters. Placed by its start,
    the two-character offset holds in both; its end is planned with LibreOffice's width
    (``printed_width``), as ``--pdf`` prints, so Word leaves a little more room on the right.
    """
    w1, w2 = text_width(issuer), printed_width(date)
    # LibreOffice centres the grid's whole characters in the line: a landscape line (40.4
    # characters) loses 61 twips on each side, a portrait one (28.0) nothing
    inset = (width - int(width / GRID_PITCH) * GRID_PITCH) / 2
    # with the issuer right-indented 2, how far the date would pass the 2-character margin on the right
    over = (2 - w1 + w2) * GRID_PITCH - inset
    r1 = round(2 + max(0.0, over) / CHAR, 2)
    start = width - inset - r1 * CHAR - w1 * GRID_PITCH + 2 * GRID_PITCH  # the date's, from the line's start
    return r1, max(0, round(start - inset))



def fix_signature(body) -> None:
    """Set the signature block's indents from the rendered issuer and date text."""
    for style in body.iter(W + "pStyle"):
        if style.get(W + "val") != "GwSign":
            continue
        p = style.getparent().getparent()
        width = line_width(body, p)
        nxt = p.getnext()
        if nxt is not None and nxt.tag == W + "p" and _style_of(nxt) == "GwDate":
            r1, left = signature_indents(para_text(p).strip(), para_text(nxt).strip(), width)
            _set_indent(p, right_chars=r1)
            _set_indent(nxt, left=left)
            _keep_before(p)


def _keep_before(sign) -> None:
    """The blank lines above the signature and the last paragraph of text before them kept
    on the signature's page (GB/T 9704 7.3.5: a signature never stands alone on a page).
    The template keeps its own last paragraph, but which paragraph ends the body is known
    only after rendering: a section the data leaves out may have ended it."""
    prev = sign.getprevious()
    while prev is not None and prev.tag == W + "p":
        _keep_with_next(prev)
        if para_text(prev).strip():
            break
        prev = prev.getprevious()


def _keep_with_next(p) -> None:
    """w:keepNext on a paragraph (after its style, where the schema puts it)."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = p.makeelement(W + "pPr", {})
        p.insert(0, ppr)
    if ppr.find(W + "keepNext") is None:
        style = ppr.find(W + "pStyle")
        keep = ppr.makeelement(W + "keepNext", {})
        if style is not None:
            style.addnext(keep)
        else:
            ppr.insert(0, keep)


SHORT_WORD = 6  # characters (a digit counts ½): a cell text this wide or less never breaks
CELL_MARGINS = 200  # GwTable's left and right cell margins (85 each), and some for the renderer's rounding


@functools.lru_cache(maxsize=4096)  # every cell of every table asks; most texts recur (学时, dates, names)
def printed_width(text: str) -> float:
    """Characters as LibreOffice prints them: digits and Latin letters a little over half
    (0.56, measured in its PDFs), and a fifth more at each change between them and Chinese,
    where it puts its Asian/Latin spacing whatever the document says (in a table cell and
    in body text alike: 2025年12月26日 prints 8.3 characters wide). A % is nearly a whole
    character (73.8% broke before its sign)."""
    ascii_ = [ord(ch) < 0x2E80 for ch in text]
    changes = sum(1 for a, b in zip(ascii_, ascii_[1:], strict=False) if a != b)
    return sum((0.9 if ch == "%" else 0.56) if a else 1.0 for ch, a in zip(text, ascii_, strict=True)) + 0.2 * changes


_text_width = functools.lru_cache(maxsize=4096)(text_width)


_TR, _TC, _TCPR, _GRIDSPAN, _TCW, _VAL = (W + n for n in ("tr", "tc", "tcPr", "gridSpan", "tcW", "val"))
_P, _T, _SZ, _TBL = W + "p", W + "t", W + "sz", W + "tbl"
_W_W, _W_TYPE = W + "w", W + "type"


def _tcpr(tc):
    """A cell's properties: its first child when it has them (the schema puts them first).
    Looked up so rather than by an element path, which lxml parses in Python on every call:
    this runs for every cell of every table of every document."""
    first = tc[0] if len(tc) else None
    return first if first is not None and first.tag == _TCPR else None


class _Cell:
    """A cell as fit_columns sees it: its first grid column, the columns it spans, its w:tcW
    (None when it has none), its paragraphs' texts and its text size (half-points; 0 when
    no run sets one)."""

    __slots__ = ("col", "span", "tcw", "texts", "size")

    def __init__(self, col: int):
        self.col, self.span, self.size = col, 1, 0
        self.tcw = None
        self.texts: list[str] = []


def _cells(tbl) -> list[_Cell]:
    """Every cell of a table, row by row, in one pass over just the elements that matter
    (lxml picks them by tag in C): this runs for every cell of every table of every
    document, and walking each cell's children through Python proxies took most of it.
    A table holding another table is walked cell by cell instead."""
    if any(True for _ in tbl.iterdescendants(_TBL)):
        return _cells_nested(tbl)
    out: list[_Cell] = []
    cell = None
    col = 0
    for el in tbl.iter(_TR, _TC, _GRIDSPAN, _TCW, _P, _T, _SZ):
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
            cell = _Cell(col)
            out.append(cell)
        elif tag == _TR:
            cell, col = None, 0
        elif cell is None:
            continue
        elif tag == _GRIDSPAN:
            cell.span = int(el.get(_VAL))
        elif tag == _TCW:
            cell.tcw = el
        elif not cell.size and el.getparent().tag == W + "rPr":
            cell.size = int(el.get(_VAL))
    return out


def _cells_nested(tbl) -> list[_Cell]:
    out: list[_Cell] = []
    for tr in tbl.iterchildren(_TR):
        col = 0
        for tc in tr.iterchildren(_TC):
            cell = _Cell(col)
            tcpr = _tcpr(tc)
            if tcpr is not None:
                span = tcpr.find(_GRIDSPAN)
                cell.span = int(span.get(_VAL)) if span is not None else 1
                cell.tcw = tcpr.find(_TCW)
            cell.texts = ["".join(p.itertext(_T)) for p in tc.iterchildren(_P)]
            sz = tc.find(f".//{W}rPr/{W}sz")
            cell.size = int(sz.get(_VAL)) if sz is not None else 0
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
        if tbl.find(f"{W}tblPr/{W}tblpPr") is not None:  # a floating page number, not a table
            continue
        grid = tbl.find(W + "tblGrid")
        cols = grid.findall(W + "gridCol") if grid is not None else []
        if len(cols) < 2:
            continue
        cells = _cells(tbl)  # walked once, for measuring and for writing back
        slack = DATES_SLACK if _caption(tbl) == DROP_EMPTY else 0
        widths = [int(c.get(W + "w", "0")) for c in cols]
        new = _column_widths(cells, widths, default_size, slack, strict=True)
        if isinstance(new, float):  # the short words alone overfill the line: smaller text, then fit
            _shrink(tbl, cells, new)
            new = _column_widths(cells, widths, default_size, slack)
        if not isinstance(new, list):
            continue
        for col, w in zip(cols, new, strict=True):
            col.set(W + "w", str(w))
        # a cell's width, worked out once for each place a cell has (a ledger's 1,300 cells, a dozen)
        spans = {(col, span): str(sum(new[col:col + span])) for col, span in {(c.col, c.span) for c in cells}}
        for cell in cells:
            if cell.tcw is not None:
                _set_tcw(cell.tcw, spans[cell.col, cell.span])


# The 舆情 ledger's dates and times (10月18日) at 五号, which LibreOffice prints a little
# wider than printed_width says, get this much more room (twips).
DATES_SLACK = 150


def _caption(tbl) -> str:
    cap = tbl.find(f"{W}tblPr/{W}tblCaption")
    return cap.get(W + "val", "") if cap is not None else ""


MIN_SIZE = 16  # half-points: 8 pt, the smallest a table's text is made to keep its words whole


def _shrink(tbl, cells: list, factor: float) -> None:
    """Every size in the table made ``factor`` smaller (not below MIN_SIZE), so that its short
    words fit the line whole: GENRE's "the table changes shape rather than break them".
    Only where every cell with text sets its size (our templates do); a table that takes its
    size from a style is left to give way."""
    if any(cell.texts and any(t.strip() for t in cell.texts) and not cell.size for cell in cells):
        return
    for el in tbl.iter(W + "sz", W + "szCs"):
        el.set(_VAL, str(max(MIN_SIZE, int(int(el.get(_VAL)) * factor))))
    for cell in cells:  # as the table now reads (each cell's size is one of those just set)
        cell.size = max(MIN_SIZE, int(cell.size * factor)) if cell.size else 0


def _column_widths(cells: list, widths: list[int], default_size: int, slack: int = 0,
                   strict: bool = False) -> list[int] | float | None:
    """The new widths of a table's columns (same total), or None to leave them; ``cells``
    as _cells gives them. With ``strict``, when the short words alone cannot stand whole
    on the line, the factor their text must shrink by instead."""
    n = len(widths)
    need = [0] * n
    long_text = [False] * n
    sizes = [0] * n  # a column's text size: its first cell's (template cells share it)
    amount = [0.0] * n  # how much text a column holds: the long-text columns share by it
    # each column's texts counted, then each distinct one measured once: a ledger's columns
    # repeat (一般, 已处置, 是, the dates). Widths are halves, so the sums come out the same.
    texts: list[Counter[str]] = [Counter() for _ in range(n)]
    for cell in cells:
        c = cell.col
        if cell.span != 1 or c >= n:
            continue
        if not sizes[c]:
            sizes[c] = cell.size or default_size
        texts[c].update(cell.texts)
    for c in range(n):
        for raw, count in texts[c].items():
            text = raw.strip()
            width = _text_width(text) if len(text) <= 2 * SHORT_WORD else 2 * SHORT_WORD
            amount[c] += min(width, 40) * count
            if width > SHORT_WORD:
                long_text[c] = True
            elif text:
                wider = slack if slack and any(ch.isdigit() for ch in text) else 0  # dates and times only
                need[c] = max(need[c], _twips(printed_width(text), sizes[c]) + wider)
    total = sum(widths)
    if strict:
        floors = [need[i] if not long_text[i] else max(need[i], _twips(2, sizes[i] or default_size)) for i in range(n)]
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
            new = [w + spare * t // max(1, sum(widths)) for w, t in zip(need, widths, strict=True)]
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
    return new


CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"
FIGURE_PPR = "<w:pPr " + f'xmlns:w="{W_NS}"><w:pStyle w:val="GwFigure"/>{NO_INDENT}{CELL_SPACING}{CENTER}</w:pPr>'


def fix_figures(body) -> None:
    """A paragraph holding a chart gets the 图表 paragraph properties: at the body's
    fixed 28.95 pt line a chart shows as a one-line strip. Catches a clerk's own
    template that puts ``{{ 图表.… }}`` in an ordinary paragraph."""
    from lxml import etree

    for chart in body.iter(CHART):
        p = next(chart.iterancestors(W + "p"))
        if _style_of(p) != "GwFigure":
            new = etree.fromstring(FIGURE_PPR)
            old = p.find(W + "pPr")
            if old is not None:
                new.extend(old.findall(W + "rPr") + old.findall(W + "sectPr"))  # these come last, in this order
                p.remove(old)
            p.insert(0, new)


# each fix and what a document's XML holds when it has something to do (see finish_document)
_FIXES = [(fix_signature, b"GwSign"), (fix_figures, b"drawingml/2006/chart"), (drop_empty_columns, b"tblCaption"),
          (fit_columns, b"tbl"), (keep_totals, b"tbl"), (join_phones, b"-")]
