"""The fixes applied to every rendered document, a clerk's own templates included:
they need the rendered text, so they cannot be in the template (the signature's
indents, a chart's paragraph, and the column widths from the content, which columns.py
works out)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from itertools import islice

from .cells import KEPT_COUNT, KEPT_DATE, KEPT_TOGETHER
from .chinese import JOIN, printed_width, text_width
from .columns import caption, drop_empty_columns, fit_columns
from .ooxml import W_NS, W, child, grandchild
from .styles import CELL_SPACING, CENTER, CHAR, CHAR_SPACE, NO_INDENT, ONE_PAGE, TEXT_WIDTH


def finish_document(xml: bytes) -> Callable[[object], None]:
    """The fixes a rendered document needs, in order, as one function for its parsed body: a fix whose
    mark (a name no writer escapes) is not in the XML has nothing to do, and the bytes tell in µs."""
    body = max(0, xml.find(b"body"))
    todo = [fix for fix, mark in _FIXES
            if (xml.find(mark, body) >= 0 if isinstance(mark, bytes) else mark.search(xml, body))]
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


_LABELLED_DATE = re.compile(rf"(?:[\u4e00-\u9fff]{{2,6}}：)?{KEPT_DATE.pattern}")


def join_dates(body) -> None:
    """A date in a table cell's long text, or in the line above a table (填报单位…统计截止：2025年
    12月31日, which a long unit name wraps), never breaks (a member form's 发现舆情 row printed
    12月/16日, its trainings 6月10/日): a WORD JOINER between its characters. Long text in a
    cell wraps at word boundaries (GENRE), and a date is a word; in body text a line may
    break inside one, as Chinese type allows. So does a count with its 名 in a cell's long
    text (网络评论员13名、新闻通讯员2名). A cell holding a date alone is left as it
    is: its column is as wide as the date (columns.fit_columns), and a clerk searching the
    document in Word finds it."""
    for t in body.iter(W + "t"):
        text = t.text
        if not text or len(text) <= 5:
            continue
        dated = "月" in text and "日" in text and not KEPT_DATE.fullmatch(text.strip()) and KEPT_DATE.search(text)
        # a count with its measure word (网络信息员1名 printed 网络信息员1 / 名)
        if not (dated or "名" in text and KEPT_COUNT.search(text)):
            continue
        if _in_cell(t):
            t.text = KEPT_TOGETHER.sub(_joined, text)
        elif dated and _style_of(t.getparent().getparent()) == "GwMeta":  # the date with its label: 统计截止：…
            t.text = _LABELLED_DATE.sub(_joined, text)


def _joined(m: re.Match) -> str:
    return JOIN.join(m.group())


def _in_cell(el) -> bool:
    """Whether an element is inside a table cell (asked only of the few texts holding a date:
    an XPath picking them took a tenth of a second on a member form)."""
    while (el := el.getparent()) is not None:
        if el.tag == _TC:
            return True
    return False


_TC, _TR, _P, _PPR, _PSTYLE, _IND, _JC, _SECTPR, _KEEP_NEXT = (
    W + n for n in ("tc", "tr", "p", "pPr", "pStyle", "ind", "jc", "sectPr", "keepNext"))


def keep_totals(body) -> None:
    """A table's total row (合计…) never opens a page alone: the row above it is kept with it,
    and the total with a line of text right under the table (填表人…, the sign-off). And a
    table of more than six rows never leaves its last row alone on a page (the roster of a
    40-member street office printed one row on its sixth): its last two rows are kept
    together, and the two above a total. Member forms (styles.ONE_PAGE) are fitted to their
    page and left as they are."""
    for tbl in body.iterchildren(W + "tbl"):
        # the last rows read from the end: a ledger's thousand rows are never listed
        tail = list(islice(tbl.iterchildren(_TR, reversed=True), WIDOW_ROWS + 1))
        if not tail:
            continue
        # (fit_columns has put its WORD JOINERs in a long 合计 text by now)
        total = "".join(tail[0].itertext(W + "t")).replace(JOIN, "").strip().startswith("合计")
        if total and len(tail) >= 3:
            for p in tail[1].iter(_P):
                _keep_with_next(p)
            after = tbl.getnext()
            if after is not None and after.tag == _P and para_text(after).strip():
                for p in tail[0].iter(_P):
                    _keep_with_next(p)
        if len(tail) > WIDOW_ROWS and caption(tbl) != ONE_PAGE:  # (three kept together left a page 60% blank)
            # with a total row, the two data rows above it (one data row and 合计 alone on a page)
            for row in tail[1:3] if total else tail[1:2]:
                for p in row.iter(_P):
                    _keep_with_next(p)


WIDOW_ROWS = 6  # rows, the header among them: a table this long keeps its last two rows together


def para_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def _style_of(p) -> str:
    ps = grandchild(p, _PPR, _PSTYLE)
    return ps.get(W + "val") if ps is not None else ""


def _set_indent(p, right_chars: float = 0.0, left: int = 0) -> None:
    """The paragraph's indent: ``right_chars`` characters on the right (a right-aligned
    issuer), or ``left`` twips on the left (the date, which is then left-aligned)."""
    ppr = child(p, _PPR)
    for el in list(ppr.iterchildren(_IND)):
        ppr.remove(el)
    attrs = {W + "firstLine": "0", W + "firstLineChars": "0"}
    attrs.update({W + "right": str(round(right_chars * CHAR)), W + "rightChars": str(round(right_chars * 100))}
                 if not left else {W + "left": str(left), W + "leftChars": "0"})
    ind = ppr.makeelement(_IND, attrs)
    jc = child(ppr, _JC)  # w:ind comes before w:jc in pPr
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
        sect = grandchild(p, _PPR, _SECTPR) if p.tag == _P else None
        p = p.getnext()
    if sect is None:
        sect = child(body, _SECTPR)
    size = child(sect, W + "pgSz") if sect is not None else None
    mar = child(sect, W + "pgMar") if sect is not None else None
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
    space at each change between Chinese and digits, and prints the digits in its stand-in
    Latin face: 9.1 characters. Placed by its start, the two-character offset holds in both;
    its end is planned with LibreOffice's width (``printed_width``), as ``--pdf`` prints, so
    Word leaves a little more room on the right.
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
        if para_text(prev).strip() and not _attachment_note(prev):
            break
        prev = prev.getprevious()


def _attachment_note(p) -> bool:
    """Whether a paragraph is (a line of) the 附件说明 between the body and the signature
    (GB/T 9704 7.3.3: 附件：1.… with the names aligned under the first by a hanging indent).
    It is not body text: kept with the signature alone, it left the signature's page without
    any (a full page 5, then 附件 and the signature on page 6)."""
    ind = grandchild(p, _PPR, _IND)
    return para_text(p).lstrip().startswith("附件") or (ind is not None and ind.get(W + "hanging") is not None)


def _keep_with_next(p) -> None:
    """w:keepNext on a paragraph (after its style, where the schema puts it)."""
    ppr = child(p, _PPR)
    if ppr is None:
        ppr = p.makeelement(_PPR, {})
        p.insert(0, ppr)
    if child(ppr, _KEEP_NEXT) is None:
        style = child(ppr, _PSTYLE)
        keep = ppr.makeelement(_KEEP_NEXT, {})
        if style is not None:
            style.addnext(keep)
        else:
            ppr.insert(0, keep)


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


# each fix and what a document's XML holds when it has something to do (see finish_document):
# bytes it contains, or a pattern it matches
_FIXES: list[tuple[Callable, bytes | re.Pattern[bytes]]] = [
    (fix_signature, b"GwSign"), (fix_figures, b"drawingml/2006/chart"), (drop_empty_columns, b"tblCaption"),
    (fit_columns, b"tbl"), (keep_totals, b"tbl"), (join_dates, b"tbl"),
    # a phone's hyphen and the digits after it (a "-" alone is in nearly every document's zh-CN);
    # a pattern that opens with the hyphen, which the search finds as a plain byte: one that
    # opened with the digits before it took 10 ms on a member form
    (join_phones, re.compile(rb"-\d{7}"))]
