"""What a printed document shows, measured on the PDF LibreOffice makes of it: the page
and line geometry (pdftotext's boxes) and the checks a director's eye makes (a signature
alone, a page more than a third blank, a word broken inside a cell, a form on two pages,
two sizes in one cell). Used by tests/test_rendered.py, tests/test_varied.py and
scripts/check_units.py."""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
from pathlib import Path

from yearend import styles
from yearend.cells import MEDIUM
from yearend.chinese import JOIN, text_width
from yearend.ooxml import W
from yearend.pdf import convert

MIN_VERSION = (25, 2)
PT = 1 / 20  # points per twip
MM = 72 / 25.4  # points per millimetre
def _soffice_problem() -> str | None:
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftotext"):
        return "未安装 LibreOffice 或 poppler-utils（.ci/run 会安装）"
    out = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=120).stdout
    m = re.search(r"LibreOffice (\d+)\.(\d+)", out)
    if not m or (int(m[1]), int(m[2])) < MIN_VERSION:
        return f"LibreOffice 版本过旧（{out.strip()[:40]}），字符网格需要 25.2 或更新版本"
    return None


PROBLEM = _soffice_problem()


def render(docs: list[Path], outdir: Path, stand_ins: bool = True) -> dict[str, Path]:
    """PDFs of ``docs``, made as ``build --pdf`` makes them (CJK fonts standing in
    for the Windows faces), or without ``stand_ins`` as a plain ``soffice --convert-to pdf``
    makes them (LibreOffice's own substitutes: digits in DejaVu, a sixth wider); every
    document must get one."""
    done, failed = convert(docs, outdir, stand_ins=stand_ins)
    assert not failed, failed
    return {d.name: pdf for d, pdf in done.items()}


Line = collections.namedtuple("Line", "x0 y0 x1 y1 text")


def pages(pdf: Path) -> list[tuple[float, float, list[Line]]]:
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    out = []
    for w, h, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        lines = [Line(float(a), float(b), float(c), float(d), "".join(re.findall(r">([^<]*)</word>", inner)))
                 for a, b, c, d, inner in re.findall(
                     r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', body, re.S)]
        out.append((float(w), float(h), lines))
    return out


PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")
BODY_BOTTOM = (styles.PAGE_H - styles.MARGIN_BOTTOM) * PT  # the 版心's lower edge
LINE = styles.LINE_PITCH * PT
LEFT = styles.MARGIN_LEFT * PT
RIGHT = (styles.PAGE_W - styles.MARGIN_RIGHT) * PT
# a landscape page: the portrait 版心's left and right edges, turned to top and bottom
TURNED_TOP = styles.margins(landscape=True)["top"] * PT
TURNED_BOTTOM = TURNED_TOP + styles.TEXT_WIDTH * PT
LEFT_MARGIN_TURNED = styles.margins(landscape=True)["left"] * PT
TURNED_TOP_EDGE = styles.margins(landscape=True)["top"] * PT  # a landscape page's text block, top and bottom
LEFT_MARGIN_TURNED_RIGHT = styles.margins(landscape=True)["bottom"] * PT


def body_lines(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if ln.y1 <= BODY_BOTTOM + 2]


def is_body_size(ln: Line) -> bool:
    """三号 text: a 23 pt box; 四号 table text: 20 pt. A line that opens with a digit takes its
    box from the Latin face, which a plain soffice prints in DejaVu: 18.6 pt at 三号."""
    height = ln.y1 - ln.y0
    return 22 <= height <= 24 or (ln.text[:1].isascii() and ln.text[:1].isalnum() and 18 <= height <= 19.5)


DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def signature_alone(doc) -> list[int]:
    """The pages whose signature date has no body text above it, the 附件 line aside (GB/T
    9704: a signature never stands alone on a page)."""
    out = []
    for n, (_, _, lines) in enumerate(doc, 1):
        body = body_lines(lines)
        for k, ln in enumerate(body):
            # the 附件 line is not body text: with the signature alone, it leaves the page without any
            # a date of body size (a table's 2026年1月4日, at 五号, is no signature)
            if DATE.fullmatch(ln.text) and is_body_size(ln) and not [a for a in body[:max(0, k - 1)]
                                                if is_body_size(a) and not a.text.startswith("附件")]:
                out.append(n)
    return out


def blank_pages(doc) -> list[tuple[int, float]]:
    """(page, share filled) of each page but the last that is more than a third blank; the
    page before an attachment excepted, and the page before the signature's where what
    opens that page down to the signature's date (the block GB/T 9704 keeps together: the
    last heading, its paragraph, the 附件 line, the signature) could not have fitted in the
    room left."""
    out = []
    for i, (width, height, lines) in enumerate(doc[:-1], 1):
        if any(re.fullmatch(r"附件\d*", ln.text) for ln in doc[i][2][:4]):
            continue  # the main text's last page: the attachment starts a new page (GB/T 9704)
        if width > height:  # landscape: the turned margins
            top, bottom = TURNED_TOP_EDGE, height - LEFT_MARGIN_TURNED_RIGHT
        else:
            top, bottom = styles.MARGIN_TOP * PT, BODY_BOTTOM
        text = [ln for ln in lines if not PAGE_NUMBER.match(ln.text) and ln.y1 <= bottom + 2]
        filled = (max(ln.y1 for ln in text) - top) / (bottom - top) if text else 0
        dates = [ln for ln in doc[i][2] if DATE.fullmatch(ln.text)]
        following = body_lines(doc[i][2])
        block = dates[0].y1 - min(ln.y0 for ln in following) if dates and following else 0
        moved = block > (bottom - top) * (1 - filled) and block <= 14 * LINE  # it did not fit; a block, not a page
        if filled < 2 / 3 and not moved:
            out.append((i, round(filled, 2)))
    return out


def leads_left(doc, texts: str | None = None) -> list[tuple[int, str]]:
    """(page, line) of each page but the last whose last body line ends with a colon: the line
    that opens a list (应当具备以下条件：) left at the foot of a page, its list on the next. With
    ``texts`` (``paragraphs`` of the document), only a line that ends its paragraph: one that
    goes on over the page (…部门负责人：党政办主任…) is a paragraph split, as any may be."""
    out = []
    for i, (_width, _height, lines) in enumerate(doc[:-1], 1):
        text = [ln for ln in body_lines(lines) if not PAGE_NUMBER.match(ln.text)]
        if text:
            last = max(text, key=lambda ln: (ln.y1, ln.x1))
            if last.text.endswith(("：", ":")) and (texts is None or f"{last.text}\n" in texts):
                out.append((i, last.text))
    return out


def paragraphs(docx: Path, in_cells: bool = False) -> str:
    """Every paragraph's text of a document (``in_cells``: of its table cells only), one a line,
    as printed (without the WORD JOINERs that keep words whole): what a line and the next may
    be together without being a word broken (a ledger's 1月4日 and 11:00 are two paragraphs)."""
    import zipfile

    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    found = (p for tc in root.iter(W + "tc") for p in tc.iterchildren(W + "p")) if in_cells else root.iter(W + "p")
    return ("\n" + "\n".join("".join(p.itertext(W + "t")).strip() for p in found) + "\n").replace(JOIN, "")


MARKS = "、，。：；"


def lost_marks(doc, texts: str) -> dict[str, int]:
    """The punctuation marks the document holds (``texts``, as ``paragraphs`` gives them) that
    its print lacks, and how many of each: LibreOffice does not draw a mark hanging past the
    end of a justified line (所管网站、账号 printed 所管网站账号)."""
    printed = "".join(ln.text for _, _, lines in doc for ln in lines)
    return {m: texts.count(m) - printed.count(m) for m in MARKS if texts.count(m) > printed.count(m)}


def broken_words(doc, texts: str | None = None) -> list[tuple[int, str, str]]:
    """(page, line, next line) where a word and its remainder sit on consecutive lines at the
    same x (学/时, 2026年3/月, 林振/华) and together are no wider than a short word: it should
    have stood on one line. With ``texts`` (``paragraphs`` of the document), only where the
    two make a whole paragraph: a short word broken, not long text wrapping."""
    out = []
    # where a text stands whole on one line: a column that prints 23 whole has not broken a 2 above a 3
    whole = {(ln.text, round((ln.x0 + ln.x1) / 24)) for _, _, lines in doc for ln in lines}
    for n, (_, _, lines) in enumerate(doc, 1):
        for a in lines:
            for b in lines:
                # the next line of the same paragraph (_next_line), not a chart's next axis label (2 above
                # 0, 17.8 pt apart in a 12 pt box: lines of text are no further apart than 1.3 of their
                # box); a 14 pt table's lines are 20.3 pt apart in a 20.1 pt box (网络评论/员 was missed
                # at 18); not the form's （盖章） above its date line
                if _next_line(a, b) and b.y0 - a.y0 < max(18, 1.1 * (a.y1 - a.y0)) and b.x1 <= a.x1 + 12 \
                        and text_width(a.text + b.text) <= 6 and not PAGE_NUMBER.match(b.text) \
                        and not a.text.startswith("（") \
                        and (texts is None or f"\n{a.text}{b.text}\n" in texts) \
                        and not any((a.text + b.text, round((a.x0 + a.x1) / 24) + d) in whole for d in (-1, 0, 1)) \
                        and not (texts is not None and _inside_longer(a, b, lines, texts)) \
                        and not _axis(a, b, lines):
                    out.append((n, a.text, b.text))
    return out


def _axis(a: Line, b: Line, lines: list[Line]) -> bool:
    """Whether a and b are two labels of a chart's value axis (4, 2, 0 evenly spaced, one
    above the other): numbers, and a third number as far above a as b is below it."""
    step = b.y0 - a.y0
    return a.text.isdigit() and b.text.isdigit() and any(
        c.text.isdigit() and abs((a.y0 - c.y0) - step) < 1 and abs((c.x0 + c.x1) - (a.x0 + a.x1)) < 6 for c in lines)


def _inside_longer(a: Line, b: Line, lines: list[Line], texts: str) -> bool:
    """Whether a and b are two lines of a longer paragraph that wraps (综合执/法大队/副大队/长),
    which happens to hold a whole short paragraph of elsewhere (综合执法大队)."""
    def below(x: Line) -> Line | None:
        return next((c for c in lines if 0 < c.y0 - x.y0 < 1.3 * (x.y1 - x.y0) + 2
                     and abs((c.x0 + c.x1) - (x.x0 + x.x1)) < 24), None)
    above = next((c for c in lines if below(c) is a), None)
    after = below(b)
    return (after is not None and f"\n{a.text}{b.text}{after.text}" in texts) or \
        (above is not None and f"{above.text}{a.text}{b.text}\n" in texts)


PHONE_SPLIT = re.compile(r"\d{3,4}-?\d{0,7}$")


def broken_items(doc, texts: str) -> list[tuple[int, str, str]]:
    """(page, line, next line) where an item of a list in a table cell (郭娜磊 in 郭娜磊、魏俊,
    居委会主任 in 社区党委书记、居委会主任) is split between a line and the next of the same
    cell paragraph (``texts``, as ``paragraphs(docx, in_cells=True)`` gives them): a name or a post broken where a reader
    breaks only after the 、 (columns._keep_words_whole)."""
    out = []
    for n, (_, _, lines) in enumerate(doc, 1):
        for a in lines:
            for b in lines:
                if not (_next_line(a, b) and a.text and a.text[-1] not in MARKS and (a.text + b.text) in texts):
                    continue
                before, tail = re.match(r"(.*?)([^、，。：；]*)$", a.text).groups()
                head = re.match(r"[^、，。：；]*[、，。：；]?", b.text)[0]
                item = tail + head
                if tail and head and (head.endswith("、") or before.endswith("、")) \
                        and text_width(item) <= MEDIUM and text_width(item) <= text_width(a.text):
                    out.append((n, a.text, b.text))
    return out


def broken_names(doc, texts: str) -> list[tuple[int, str]]:
    """(page, the name with / where it broke) for each name in a table cell (a paragraph of
    ``texts``, as ``paragraphs(docx, in_cells=True)`` gives them, without marks, wider than a
    short word: 社区治理和城市管理办公室, 综合执法大队副大队长) printed on two or three lines of one
    cell that break inside one of the dictionary's words (cells.words, not joined): 社区治理和城/市管理办公室
    (监督管理/股 is a break between words, where the column is four characters wide)."""
    from yearend.cells import words

    names = {t for t in texts.split("\n") if 6 < text_width(t) <= 16 and not re.search(r"[，、；：。！？,;:!?（）() ]", t)}
    out = []
    for n, (_, _, lines) in enumerate(doc, 1):
        for a in lines:
            for b in (b for b in lines if _next_line(a, b)):
                for split in ([a.text, b.text], *([a.text, b.text, c.text] for c in lines if _next_line(b, c))):
                    name = "".join(split)
                    if name not in names:
                        continue
                    ends = {sum(map(len, split[:i])) for i in range(1, len(split))}
                    parts = words(name, False)  # the dictionary's words alone
                    bounds = {sum(map(len, parts[:i])) for i in range(1, len(parts))}
                    if not ends <= bounds:
                        out.append((n, "/".join(split)))
    return out


def _next_line(a: Line, b: Line) -> bool:
    """Whether b is the line under a in one paragraph: just below it (no further than 1.3 of
    their box), at its left edge or centred with it."""
    return 0 < b.y0 - a.y0 < 1.3 * max(a.y1 - a.y0, b.y1 - b.y0) and (
        abs(b.x0 - a.x0) < 12 or abs((a.x0 + a.x1) - (b.x0 + b.x1)) < 12)


def broken_phones(doc) -> list[tuple[int, str, str]]:
    """(page, line end, next line start) where a phone number runs from one line into the
    next (联系电话：0719-812345 / 6。)."""
    out = []
    for n, (_, _, lines) in enumerate(doc, 1):
        for a, b in zip(lines, lines[1:], strict=False):
            tail = PHONE_SPLIT.search(a.text)
            if tail and re.match(r"\d", b.text) and re.search(r"\d{3,4}-\d{7,8}", tail.group() + b.text[:9]):
                out.append((n, tail.group(), b.text[:9]))
    return out


def forms_spilling(doc) -> list[int]:
    """The pages of a member form that do not hold exactly one member's title."""
    return [n for n, (_, _, lines) in enumerate(doc, 1) if sum(1 for ln in lines if ln.text.endswith("个人考核登记表")) != 1]


def mixed_sizes(docx: Path) -> list[str]:
    """The table cells of a document whose runs are not all one size (the first line at 12 pt,
    the rest at 14): each cell's text, cut short."""
    import zipfile

    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    out = []
    for tc in root.iter(W + "tc"):
        sizes = {(r.find(f"{W}rPr/{W}sz").get(W + "val") if r.find(f"{W}rPr/{W}sz") is not None else "")
                 for r in tc.iter(W + "r") if "".join(r.itertext(W + "t")).strip()}
        if len(sizes) > 1:
            out.append("".join(tc.itertext(W + "t"))[:20])
    return out


# the kinds whose tables hold short words (names, dates, counts) that must not break
TABLE_KINDS = {"roster", "training_ledger", "member_form", "summary", "plan", "opinion_ledger", "formation_notice",
               "ideology_plan", "rollup"}


def to_print(result) -> list[list]:
    """What a build's ``result`` gives to print, a unit at a time: every document but the
    personal summaries, one of those, and the roll-up as a batch of its own."""
    batches = []
    for unit in result.units:
        personal = [d for d in unit.documents if d.kind == "personal_summary"]
        batches.append([d for d in unit.documents if d.kind != "personal_summary"] + personal[:1])
    return batches + [[d for d in result.documents if d.kind == "rollup"]]

