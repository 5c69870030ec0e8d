#!/usr/bin/env python3
"""Regenerate the bundled Word templates in templates/.

    python scripts/build_templates.py [--fonts standard|windows] [-o templates/]

The .docx files are committed so a clerk can open and reword them in Word or
WPS; this script is how we rebuild them when the layout or the default wording
changes. A clerk's edits live in the .docx files, not here.

Each kind of document (``yearend.kinds``: KINDS and ROLLUP) is written to its
``kind.template`` from the text file named after it, ``scripts/template_text/<name>.txt``
(实施方案.txt → 实施方案.docx). The wording lives there, one directive a line; the
structure (tables with their column widths, forms, the duties block) lives here, in
the Python builders a directive names. scripts/template_text/README.txt has the
full format; in short:

    # comment                   a line starting with # (blank lines are skipped too)
    landscape                   first line only: the page is A4 landscape
    p TEXT                      a body paragraph
    lead TEXT                   a body paragraph kept on the page of the next (a list's introduction)
    title / docno / to / meta / byline / caption / attachmark TEXT
                                a paragraph in that style (公文标题, 发文字号, 主送机关, 填报说明,
                                署名, 表格标题, 附件标识)
    h1 TEXT, h2 TEXT            a heading numbered by {{ 编号(1) }} / {{ 编号(2) }}
    tag STATEMENT               a paragraph {%p STATEMENT %} (docxtpl removes it when rendering)
    blank                       an empty paragraph
    pagebreak                   the next paragraph starts a new page
    numbered                    then "- item" lines (the - first): paragraphs 1.item, 2.item, …
    numbered-loop LIST [STYLE]  1. 2. … over a context list of strings; STYLE, the lists
                                whose items decide between 1. and （1） (those of one document)
    chart NAME CAPTION          a caption and the native chart 图表.NAME
    attachment TEXT             the 附件 line after the body, kept with it and the signature
    signature [VARIABLE [DATE]] the signature block ({{ 落款 }} or VARIABLE, then {{ 成文日期 }} or DATE)
    table NAME, form NAME       a table or form built by table_NAME() / form_NAME() below
    duties                      the duties of each category and tier (DUTIES_FILE's wording)

    An indented line continues the line before it (joined with nothing between: break
    between Chinese characters or after }} / %}, never inside a Jinja tag).
    [[LIST: EXPR]]              {% for x in LIST %}EXPR{% if not loop.last %}、{% endif %}{% endfor %}
    [[LIST|SEP: EXPR]]          the same with SEP (may be empty) between items instead of 、
    [[NAME]]                    a named piece of wording from _职责.txt (层级分工)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yearend import styles  # noqa: E402
from yearend.kinds import KINDS, ROLLUP, Kind  # noqa: E402
from yearend.ooxml import normalise_zip  # noqa: E402

TEXT = Path(__file__).resolve().parent / "template_text"
# the default duties of each category and the tiers' sentence, shared by the plan, the
# formation notice and the rules
DUTIES_FILE = TEXT / "_职责.txt"


class Builder:
    """Adds formal-document parts to a python-docx Document, Jinja tags included."""

    def __init__(self, fonts: str, landscape: bool = False):
        self.doc = styles.new_document(fonts, landscape)
        self.break_next = False  # the next paragraph starts a new page (``pagebreak``)

    def p(self, text: str = "", style: str | None = None):
        para = self.doc.add_paragraph(text)
        if style:
            para.style = self.doc.styles[styles.STYLE_NAMES[style]]
        if self.break_next:
            para.paragraph_format.page_break_before = True
            self.break_next = False
        return para

    def tag(self, statement: str):
        """A paragraph holding only ``{%p … %}``: docxtpl removes it when rendering."""
        return self.p("{%p " + statement + " %}")

    def h1(self, text: str):
        return self.p("{{ 编号(1) }}" + text, "GwH1")

    def h2(self, text: str):
        return self.p("{{ 编号(2) }}" + text, "GwH2")

    def numbered(self, items: list[str]):
        for i, item in enumerate(items, 1):
            self.p(f"{i}.{item}")

    def numbered_loop(self, seq: str, style: str = ""):
        """``1.`` ``2.`` … over a context list of strings (``（1）`` where an item starts with a digit,
        of ``seq`` or of ``style``, the lists that share one style in a document);
        a list of one item is not numbered (a 1. stands only when a 2. follows)."""
        self.tag(f"for x in {seq}")
        self.p("{% if " + seq + "|length > 1 %}{{ loop.index|条目(" + (style or seq) + ") }}{% endif %}{{ x }}")
        self.tag("endfor")

    def chart(self, caption: str, name: str):
        """A caption and a native chart (``图表.name``) in a paragraph of its own."""
        self.p(caption, "GwCaption")
        self.p("{{ 图表." + name + " }}", "GwFigure")
        self.p()

    @staticmethod
    def _row(row, first: bool) -> None:
        """Rows do not split; the first row repeats at the top of each page."""
        from docx.oxml import parse_xml

        trpr = row._tr.get_or_add_trPr()
        trpr.append(parse_xml(f'<w:cantSplit xmlns:w="{styles.W_NS}"/>'))
        if first:
            trpr.append(parse_xml(f'<w:tblHeader xmlns:w="{styles.W_NS}"/>'))

    def _text(self, para, text: str, left: bool, bold: bool = False, size: float | None = None) -> None:
        from docx.shared import Pt

        para.text = text
        para.style = self.doc.styles[styles.STYLE_NAMES["GwCellLeft" if left else "GwCell"]]
        for run in para.runs:
            if bold:
                run.bold = True
            if size:
                run.font.size = Pt(size)

    def table(self, columns: list[tuple[str, str, int]], loop: str, total: list[str] | None = None,
              size: float | None = None, footer: str = "", drop_empty: bool | tuple[str, ...] = False):
        """A table with a header row repeated on each page and one row per item of ``loop``.

        ``columns`` is (header, cell expression, width in twips); the widths add up
        to the 版心 width and are sized for their content at 14 pt (a CJK character
        is 280 twips, a digit 140, plus 170 of cell margins), or at ``size`` points
        when a wide table needs smaller text. Rows do not split. ``footer`` is a last row of
        one cell across the table, kept on the page of what follows it (the sign-off line);
        ``drop_empty`` marks the table so that a column no row filled is left out when the
        document is written (columns.drop_empty_columns): any column, or those headed as named.
        """
        from docx.oxml import parse_xml
        from docx.shared import Twips

        # every run's size set, 四号 unless told: a table that takes its size from the style cannot
        # be made smaller when its short words overfill the line (columns._shrink), and broke them
        size = size or styles.TABLE_SIZE / 2  # (half-points: GwCell's size)
        t = self.doc.add_table(rows=4 + (1 if total else 0), cols=len(columns))
        if drop_empty:
            mark = styles.DROP_EMPTY if drop_empty is True else styles.DROP_NAMED + "、".join(drop_empty)
            t._tbl.tblPr.append(parse_xml(f'<w:tblCaption xmlns:w="{styles.W_NS}" w:val="{mark}"/>'))
        t.style = self.doc.styles[styles.STYLE_NAMES["GwTable"]]
        t.autofit = False
        for i, (_, _, width) in enumerate(columns):
            t.columns[i].width = Twips(width)
        var = loop.split(" in ")[0].strip()
        rows = [
            [h for h, _, _ in columns],
            ["{%tr for " + loop + " %}"] + [""] * (len(columns) - 1),
            ["{{ " + var + "." + e + " }}" if e and not e.startswith("{") else e for _, e, _ in columns],
            ["{%tr endfor %}"] + [""] * (len(columns) - 1),
        ]
        if total:
            rows.append(total)
        if total and total[1] == "":
            # "合计" spans the narrow 序号 column and the next one instead of wrapping
            t.rows[4].cells[0].merge(t.rows[4].cells[1])
            rows[4] = [total[0], *total[2:]]
        for r, values in enumerate(rows):
            row = t.rows[r]
            self._row(row, r == 0)
            cells = list(dict.fromkeys(row.cells))  # a merged cell appears once
            for c, value in enumerate(values):
                cell = cells[c]
                if len(cells) == len(columns):
                    cell.width = Twips(columns[c][2])
                for i, line in enumerate(value.split("\n")):  # a \n: a paragraph of its own
                    para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    self._text(para, line, r == 2 and columns[c][2] >= 2000, r == 0, size)
        if footer:
            row = t.add_row()
            self._row(row, False)
            cell = row.cells[0].merge(row.cells[-1])
            self._text(cell.paragraphs[0], footer, True, size=size)
            cell.paragraphs[0].paragraph_format.keep_with_next = True
        return t

    def form(self, widths: list[int], rows: list[list[tuple[str, int]]], heights: dict[int, int] | None = None,
             size: float | None = None, one_page: bool = False):
        """A form: ``rows`` of (text, columns spanned) on a grid of ``widths``; text with
        ``\n`` becomes several paragraphs, and a row in ``heights`` gets that least height.
        ``one_page`` marks it to be kept on its page when written (finish.fit_form_page)."""
        from docx.enum.table import WD_ROW_HEIGHT_RULE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import parse_xml
        from docx.shared import Twips

        t = self.doc.add_table(rows=len(rows), cols=len(widths))
        if one_page:
            t._tbl.tblPr.append(parse_xml(f'<w:tblCaption xmlns:w="{styles.W_NS}" w:val="{styles.ONE_PAGE}"/>'))
        t.style = self.doc.styles[styles.STYLE_NAMES["GwTable"]]
        t.autofit = False
        for i, w in enumerate(widths):
            t.columns[i].width = Twips(w)
        for r, cells in enumerate(rows):
            row = t.rows[r]
            self._row(row, r == 0)  # should a long form break, its first row heads the next page too
            if heights and r in heights:
                row.height, row.height_rule = Twips(heights[r]), WD_ROW_HEIGHT_RULE.AT_LEAST
            c = 0
            for text, span in cells:
                cell = row.cells[c]
                for i in range(c, c + span):
                    row.cells[i].width = Twips(widths[i])
                if span > 1:
                    cell = cell.merge(row.cells[c + span - 1])
                lines = text.split("\n")
                left = len(lines) > 1 or span > 2 or widths[c] > 4000
                for i, line in enumerate(lines):
                    para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    self._text(para, line, left, size=size)
                    if "签字" in line or line.endswith("日"):
                        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # the signature and date lines of a box
                c += span
        return t

    def _kept_blank(self) -> None:
        """The last paragraph (unless a tag docxtpl removes) kept with a blank line after it,
        which is kept with what follows."""
        last = self.doc.paragraphs[-1]
        if last.text and not last.text.startswith("{%p"):
            last.paragraph_format.keep_with_next = True
        self.p().paragraph_format.keep_with_next = True

    def attachment_line(self, text: str):
        """A blank line and the 附件 line after the body, kept on one page with the body's last
        paragraph and the signature that follows (no page of a 附件 line and signature alone)."""
        self._kept_blank()
        para = self.p(text)
        para.paragraph_format.keep_with_next = True  # with the signature, or a further attachment, after it
        # GB/T 9704 7.3.4: a 附件说明 that wraps continues under the attachment's name: indented
        # two characters as any paragraph, its "附件：" (three) hanging before the name
        lead = len(text) - len(text.lstrip()) + text.find("：") + 1 if "：" in text else 3
        from docx.oxml import parse_xml

        ppr = para._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:ind xmlns:w="{styles.W_NS}" w:left="{(2 + lead) * styles.CHAR}" '
                             f'w:leftChars="{(2 + lead) * 100}" w:hanging="{lead * styles.CHAR}" '
                             f'w:hangingChars="{lead * 100}"/>'))
        return para

    def attachment_item(self, text: str):
        """A further attachment under the 附件说明's first (2.名称), its number under the 1.
        (three 全角空格 stand for "附件：", as offices type it), kept with the lines around it
        as the 附件说明 is."""
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        return self.p("\u3000" * 3 + text)

    def landscape_section(self):
        """What follows goes on A4 landscape pages (a wide attachment after a portrait 公文):
        a new section starting a new page, the sheet turned, its page numbers turned with it."""
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        styles.set_page(section, True)
        styles.add_page_numbers(self.doc, section, True)

    def signature(self, signer: str = "落款", date: str = "成文日期"):
        """The signature block, kept on one page with the paragraph before it (GB/T 9704: a
        signature never stands alone on a page)."""
        self._kept_blank()
        self.p("{{ " + signer + " }}", "GwSign")
        self.p("{{ " + date + " }}", "GwDate")

    def save(self, path: Path) -> None:
        import io

        buf = io.BytesIO()
        self.doc.save(buf)
        path.write_bytes(normalise_zip(buf.getvalue()))


# ---------------------------------------------------------------- the text files


@dataclass
class Line:
    """One directive of a text file: its name, its text, the ``- `` items that follow it."""

    name: str
    text: str
    where: str  # file:line, for messages
    items: list[str] = field(default_factory=list)


class FormatError(ValueError):
    pass


def read_lines(path: Path) -> list[Line]:
    """The directives of a text file, continuation lines joined and items attached."""
    lines: list[Line] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):  # -sig: Notepad's BOM
        where = f"{path.name}:{n}"
        line = raw.rstrip(" \t")  # ASCII only: a trailing 全角空格 is text
        if not line or line.lstrip(" \t").startswith("#"):
            continue
        if line[0] in " \t":
            if not lines:
                raise FormatError(f"{where}: an indented line continues nothing")
            last = lines[-1]
            if last.items:
                last.items[-1] += line.lstrip(" \t")
            else:
                last.text += line.lstrip(" \t")
        elif line.startswith("- "):
            if not lines:
                raise FormatError(f"{where}: an item belongs to nothing")
            lines[-1].items.append(line[2:])
        else:
            name, _, text = line.partition(" ")
            lines.append(Line(name, text, where))
    return lines


def _join(seq: str, expr: str, sep: str = "、") -> str:
    """``{% for x in seq %}expr{% if not loop.last %}、{% endif %}{% endfor %}``."""
    return "{% for x in " + seq + " %}" + expr + "{% if not loop.last %}" + sep + "{% endif %}{% endfor %}"


_SHORTHAND = re.compile(r"\[\[(.*?)\]\](?!\])")


def _split_top(text: str, mark: str, last: bool = False) -> tuple[str, str] | None:
    """``text`` split at the first (or last) ``mark`` outside brackets and parentheses."""
    depth, found = 0, None
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == mark and depth == 0:
            found = i
            if not last:
                break
    return None if found is None else (text[:found], text[found + 1:])


def expand(text: str, snippets: dict[str, str], where: str) -> str:
    """``[[LIST: EXPR]]``, ``[[LIST|SEP: EXPR]]`` and ``[[NAME]]`` in ``text`` expanded."""

    def one(m: re.Match) -> str:
        inner = m.group(1)
        parts = _split_top(inner, ":")
        if parts is None:
            if inner not in snippets:
                raise FormatError(f"{where}: [[{inner}]] names no wording (known: {', '.join(snippets)})")
            return expand(snippets[inner], snippets, where)
        head, expr = parts
        expr = expr.removeprefix(" ")
        sep_parts = _split_top(head, "|", last=True)
        seq, sep = sep_parts if sep_parts else (head, "、")
        if not seq.strip():
            raise FormatError(f"{where}: [[{inner}]] has no list")
        return _join(seq.strip(), expand(expr, snippets, where), sep)

    return _SHORTHAND.sub(one, text)


@dataclass(frozen=True)
class Duties:
    """_职责.txt: the tiers' sentence (``tiers TEXT``). Each category's duties are data
    (the 职责 variable: the duties sheet's, else duties.DEFAULT_DUTIES)."""

    tiers: str

    @classmethod
    def read(cls, path: Path = DUTIES_FILE) -> Duties:
        tiers = None
        for line in read_lines(path):
            if line.name != "tiers":
                raise FormatError(f"{line.where}: {path.name} knows only tiers, not {line.name}")
            tiers = line.text
        if tiers is None:
            raise FormatError(f"{path.name}: needs a tiers line")
        return cls(tiers)

    def snippets(self) -> dict[str, str]:
        return {"层级分工": self.tiers}


# ---------------------------------------------------------------- the structure, in Python

W = styles.TEXT_WIDTH
WIDE = styles.LANDSCAPE_TEXT_WIDTH


def duties(b: Builder, d: Duties) -> None:
    """Duties of each category (a sub-heading each when there are several), then the tiers'."""
    b.tag("for c in 类别统计")
    b.tag("if 类别统计|length > 1")
    b.h2("{{ c.类别 }}")
    b.tag("endif")
    b.tag("for x in 职责[c.类别]")
    b.p("{{ loop.index|条目(职责[c.类别]) }}{{ x }}")
    b.tag("endfor")
    b.tag("endfor")
    b.tag("if 层级职责")
    b.p(expand(d.tiers, {}, DUTIES_FILE.name))
    b.tag("endif")


def table_department(b: Builder) -> None:
    """The team by department (部门统计): the plan's make-up, the formation notice without quotas."""
    b.table([("序号", "{{ loop.index }}", 800), ("部门", "部门", 3000), ("人数", "人数", 1000),
             ("构成", "构成", W - 4800)], "d in 部门统计", total=["合计", "", "{{ 队伍人数 }}", ""])


def table_training_plan(b: Builder) -> None:
    """The plan's trainings for the coming year (培训计划)."""
    b.table([("序号", "序号", 750), ("时间", "时间", 1800), ("主题", "主题", W - 5950),
             ("形式", "形式", 1300), ("学时", "学时", 700), ("对象", "对象", 1400)], "p in 培训计划")


def table_plan_roster(b: Builder) -> None:
    """The plan's attachment: the team at year end."""
    b.table([("序号", "序号", 750), ("姓名", "姓名", 1200), ("性别", "性别", 750), ("部门", "部门", 1900),
             ("职务", "职务", W - 7100), ("队伍类别", "队伍类别", 1700), ("层级", "层级", 800)], "m in 名册",
            drop_empty=("层级",))  # tiers only where the roster uses them


def table_trainings(b: Builder) -> None:
    """The summary's trainings; 学时 is wide enough for the total's "17.5" on one line."""
    b.table([("序号", "序号", 750), ("日期", "月日", 1600), ("主题", "主题", W - 5500),
             ("形式", "形式", 1300), ("学时", "学时", 850), ("参训人数", "参训人数", 1000)], "t in 培训列表",
            total=["合计", "", "{{ 培训次数 }}次", "", "{{ 培训学时 }}", "{{ 参训人次 }}"])


def table_roster(b: Builder) -> None:
    """The roster, landscape. 五号 (10.5 pt): twelve columns, 部门 and 职务 apart and 备注 last,
    fit the 225 mm line only at this size. These widths are weights: columns.fit_columns sizes
    the columns from what they hold once rendered, so no short value breaks inside its cell."""
    cols = [("序号", "序号", 600), ("姓名", "姓名", 1000), ("性别", "性别", 600), ("出生年月", "出生年月", 1250),
            ("政治面貌", "政治面貌", 1450), ("部门", "部门", 1400), ("职务", "职务", 0), ("队伍类别", "队伍类别", 1250),
            ("层级", "层级", 600), ("入队时间", "入队年月", 1250), ("联系电话", "{{ m.联系电话|掩码 }}", 1350),
            ("备注", "备注", 1000)]
    cols[6] = ("职务", "职务", WIDE - sum(c[2] for c in cols))
    b.table(cols, "m in 名册", size=10.5, drop_empty=("层级",))  # tiers only where the roster uses them


def table_ledger_trainings(b: Builder) -> None:
    """The ledger's trainings, landscape, with their totals."""
    b.table([("序号", "序号", 650), ("日期", "月日", 1300), ("主题", "主题", 2400), ("形式", "形式", 1150),
             ("主讲人", "主讲人", 1650), ("地点", "地点", 1650), ("学时", "学时", 700), ("参训人数", "参训人数", 1150),
             ("参训人员", "参训情况", WIDE - 10650)], "t in 培训列表",
            total=["合计", "", "{{ 培训次数 }}次", "", "", "", "{{ 培训学时 }}", "{{ 参训人次 }}", ""], size=10.5)


def table_ledger_members(b: Builder) -> None:
    """The ledger's hours of each member of the year's team."""
    b.table([("序号", "序号", 650), ("姓名", "姓名", 1300), ("部门", "部门", WIDE - 6850), ("在队情况", "在队情况", 1900),
             ("参训次数", "参训次数", 1000), ("学时", "学时", 1000), ("等次", "等次", 1000)], "m in 全年人员",
            total=["合计", "", "{{ 全年在队人数 }}名", "", "{{ 参训人次 }}", "{{ 成员学时合计 }}", ""], size=12,
            drop_empty=("等次",))  # a unit that held no assessment


def table_quotas(b: Builder) -> None:
    """The formation notice's places by department (名额表)."""
    b.table([("序号", "{{ loop.index }}", 750), ("部门", "部门", 2400), ("队伍类别", "{{ q.队伍类别 or '不限' }}", 1800),
             ("层级", "{{ q.层级 or '不限' }}", 1000), ("名额", "名额", 900), ("现有", "现有", 900),
             ("情况", "情况", W - 7750)], "q in 名额表",
            total=["合计", "", "", "", "{{ 名额合计 }}", "{{ 名额现有合计 }}",
                   "{% if 缺额合计 %}缺{{ 缺额合计 }}名{% endif %}{% if 缺额合计 and 超额合计 %}、{% endif %}"
                   "{% if 超额合计 %}超出{{ 超额合计 }}名{% endif %}"])


def table_units(b: Builder) -> None:
    """The roll-up's units (the columns of 汇总表.xlsx), landscape."""
    cols = [("序号", "序号", 600), ("单位", "单位名称", 0), ("队伍人数", "队伍人数", 900), ("新增人数", "新增人数", 900),
            ("减少人数", "减少人数", 900), ("党员人数", "党员人数", 900), ("培训次数", "培训次数", 900),
            ("培训学时", "培训学时", 900), ("参训人次", "参训人次", 900), ("人均学时", "人均学时", 900),
            ("参训率", "{{ u.参训率|百分比 }}", 900), ("优秀人数", "优秀人数", 900), ("排名", "排名", 650)]
    cols[1] = ("单位", "单位名称", WIDE - sum(c[2] for c in cols))
    b.table(cols, "u in 单位列表", total=["合计", "", "{{ 合计.队伍人数 }}", "{{ 合计.新增人数 }}", "{{ 合计.减少人数 }}",
                                         "{{ 合计.党员人数 }}", "{{ 合计.培训次数 }}", "{{ 合计.培训学时 }}",
                                         "{{ 合计.参训人次 }}", "{{ 合计.人均学时 }}", "{{ 合计.参训率|百分比 }}",
                                         "{{ 合计.优秀人数 }}", ""], size=10.5)


def table_opinions(b: Builder) -> None:
    """The 舆情 ledger, landscape, at 五号: GENRE's eleven columns, the totals in the last row.
    A column nobody filled is left out (drop_empty); the widths are weights (fit_columns)."""
    # a time's day, clock and what was done on lines of their own, so that none breaks inside
    # its cell; a line with nothing to say is left out (an empty cell keeps one empty line)
    def moment(step: str, extra: str = "", late: bool = True) -> str:
        flag = "\n{%p if o." + step + "情况 == '超时' %}\n（超时）\n{%p endif %}" if late else ""
        return ("{%p if o." + step + "月日 %}\n{{ o." + step + "月日 }}\n{%p if o." + step + "时刻 %}\n{{ o." + step
                + "时刻 }}\n{%p endif %}" + extra + flag + "\n{%p else %}\n\n{%p endif %}")
    cols = [("序号", "序号", 600), ("发现时间", moment("发现", late=False), 1100), ("来源", "来源", 1100),
            ("内容摘要", "内容摘要", 0), ("等级", "等级", 750), ("发现人", "发现人", 1000),
            ("上报时间", moment("上报"), 1100), ("处置措施", "处置措施", 2000),
            ("回应", moment("回应", "\n{%p if o.回应方式 %}\n{{ o.回应方式 }}\n{%p endif %}"), 2000),
            ("办结时间", "办结时间", 1100), ("结果", "处置结果", 1600)]
    cols[3] = ("内容摘要", "内容摘要", WIDE - sum(c[2] for c in cols))
    major = "按等级 if x.名称 in ('较大', '重大', '特别重大')"
    b.table(cols, "o in 舆情列表", size=10.5, drop_empty=True, footer=(
        "合计：全年登记舆情{{ 舆情总数 }}条{% if 较大以上舆情数 %}，其中"
        + _join(major, "{{ x.名称 }}{{ x.数量 }}条") + "{% endif %}；{{ 上报及时情况 }}；{{ 回应及时情况 }}；"
        "{% if 未办结数 %}未办结{{ 未办结数 }}条{% else %}均已办结{% endif %}。"))


def table_outlets(b: Builder) -> None:
    """The responsibility plan's websites and accounts (阵地列表)."""
    cols = [("序号", "序号", 700), ("平台", "平台", 1400), ("名称", "名称", 0), ("主办部门", "主办部门", 1500),
            ("负责人", "负责人", 1100), ("审核人", "{{ o.审核人 or '未明确' }}", 1100), ("状态", "状态", 900)]
    cols[2] = ("名称", "名称", W - sum(c[2] for c in cols))
    b.table(cols, "o in 阵地列表", size=12)


def table_unit_opinions(b: Builder) -> None:
    """The roll-up's 舆情 figures of each unit that sent its 舆情台账 (汇总表.xlsx's 舆情 sheet)."""
    def rate(e: str) -> str:
        return "{% if " + e + " != '' %}{{ " + e + "|百分比 }}{% else %}—{% endif %}"
    cols = [("序号", "序号", 700), ("单位", "单位名称", 0), ("舆情总数", "舆情总数", 1300),
            ("较大及以上", "较大以上舆情数", 1500), ("重大及以上", "重大以上舆情数", 1500),
            ("上报及时率", rate("u.上报及时率"), 1500), ("回应及时率", rate("u.回应及时率"), 1500),
            ("未办结", "未办结数", 1100)]
    cols[1] = ("单位", "单位名称", WIDE - sum(c[2] for c in cols))
    b.table(cols, "u in 舆情单位列表", total=["合计", "", "{{ 舆情合计.舆情总数 }}", "{{ 舆情合计.较大以上舆情数 }}",
                                            "{{ 舆情合计.重大以上舆情数 }}", rate("舆情合计.上报及时率"),
                                            rate("舆情合计.回应及时率"), "{{ 舆情合计.未办结数 }}"], size=12)


TRAININGS_SHOWN = 6  # trainings listed on a member's form; more are counted, as the page allows
# with the 舆情 row on the form, two lines fewer of trainings keep it on one page
SHOWN = f"(4 if 有舆情台账 else {TRAININGS_SHOWN})"
# A line break inside a cell (a newline typed into the builder's text would start a new
# paragraph and split the loop).
BREAK_TAG = "{{ 换行 }}"


def form_member(b: Builder) -> None:
    """One member's form: one table (two tables in a row would merge anyway), sized so that
    every short value (中共预备党员, 网络文明志愿者, 基础教育股, 党组书记、局长, 2022年11月2日)
    stays on one line at 12 pt."""
    label, v1, v2 = 1150, 1900, 1400
    widths = [label, v1, label, v2, label, W - 3 * label - v1 - v2]
    b.form(widths, [
        [("姓名", 1), ("{{ m.姓名 }}", 1), ("性别", 1), ("{{ m.性别 }}", 1), ("出生年月", 1), ("{{ m.出生年月 }}", 1)],
        [("政治面貌", 1), ("{{ m.政治面貌 }}", 1), ("部门", 1), ("{{ m.部门 }}", 1), ("职务", 1), ("{{ m.职务 }}", 1)],
        [("队伍类别", 1), ("{{ m.队伍类别 }}", 1), ("层级", 1), ("{{ m.层级 or '—' }}", 1), ("入队日期", 1),
         ("{{ m.入队日期 }}", 1)],
        [("参训次数", 1), ("{{ m.参训次数 }}次", 1), ("参训学时", 1), ("{{ m.学时 }}", 1), ("得分", 1), ("{{ m.得分 if m.得分 != '' else '—' }}", 1)],
        # a leaver nobody recorded in the work sheet: unknown, not 发帖0条 (levels.counted); no row
        # at all in a unit that keeps no work sheet (a row of — that nobody could fill)
        [("{%tr if 工作指标 %}", 6)],
        [("工作量", 1), ("{% if m.工作量 and m.计入人均 %}" + _join("m.工作量", "{{ x.指标 }}{{ x.合计 }}{{ x.单位 }}", "，")
                          + "{% else %}—{% endif %}", 5)],
        [("{%tr endif %}", 6)],
        # the member's own 舆情 finds, where the workbook records them (the row is left out otherwise)
        [("{%tr if 有舆情台账 %}", 6)],
        [("发现舆情", 1), ("{% if m.发现舆情数 %}{{ m.发现舆情数 }}条{% if m.发现较大以上 %}，其中较大及以上"
                          "{{ m.发现较大以上数 }}条：" + _join("m.发现较大以上", "{{ x.月日 }}“{{ x.内容摘要 }}”")
                          + "{% if m.发现较大以上数 > m.发现较大以上|length %}等{% endif %}{% endif %}{% else %}—{% endif %}", 5)],
        [("{%tr endif %}", 6)],
        [("参加培训", 1), ("{% for t in m.培训记录[:" + SHOWN + "] %}{{ t.月日 }}　{{ t.主题 }}"
                          "（{{ t.学时 }}学时）{% if not loop.last %}" + BREAK_TAG + "{% endif %}{% endfor %}"
                          "{% if m.参训次数 > " + SHOWN + " %}" + BREAK_TAG + "等{{ m.参训次数 }}次，详见培训台账"
                          "{% endif %}{% if not m.参训次数 %}—{% endif %}", 5)],
        [("个人小结", 1), ("\n\n\n\n\n本人签字：　　　　　　　　\n　　　　年　　月　　日", 5)],
        [("考核意见", 1), ("等次：{{ m.考核情况 }}\n负责人签字：　　　　　　　　（盖章）\n　　　　年　　月　　日", 5)],
    ], heights={11: 3900, 12: 1900}, size=12, one_page=True)


def form_nomination(b: Builder) -> None:
    """The formation notice's attachment: a blank nomination form."""
    label, value = 1500, 1600
    pick = "（在选定的一项上打“√”）"
    b.form([label, value, label, value, label, W - 3 * label - 2 * value], [
        [("姓名", 1), ("", 1), ("性别", 1), ("", 1), ("出生年月", 1), ("", 1)],
        [("政治面貌", 1), ("", 1), ("职务", 1), ("", 1), ("联系电话", 1), ("", 1)],
        [("部门", 1), ("", 5)],
        # a choice only where there is one: categories when the team has several, tiers when the roster uses them
        [("{%tr if 类别统计|length > 1 %}", 6)],
        [("队伍类别", 1), ("{% for c in 类别统计 %}{{ c.类别 }}　{% endfor %}" + pick, 5)],
        [("{%tr endif %}", 6)],
        [("{%tr if 层级统计 %}", 6)],
        [("推荐层级", 1), ("{% for t in 层级统计 %}{{ t.层级 }}　{% endfor %}" + pick, 5)],
        [("{%tr endif %}", 6)],
        [("网络平台账号", 1), ("", 5)],
        [("推荐理由", 1), ("", 5)],
        [("部门意见", 1), ("\n负责人签字：　　　　　　\n　　　　年　　月　　日", 5)],
        [("审核意见", 1), ("\n　　　　年　　月　　日", 5)],
    ], heights={9: 800, 10: 2800, 11: 1500, 12: 1200}, size=14)


# `table NAME` and `form NAME` in a text file call these
TABLES: dict[str, Callable[[Builder], None]] = {
    "department": table_department, "training_plan": table_training_plan, "plan_roster": table_plan_roster,
    "trainings": table_trainings, "roster": table_roster, "ledger_trainings": table_ledger_trainings,
    "ledger_members": table_ledger_members, "quotas": table_quotas, "units": table_units,
    "opinions": table_opinions, "unit_opinions": table_unit_opinions, "outlets": table_outlets,
}
FORMS: dict[str, Callable[[Builder], None]] = {"member": form_member, "nomination": form_nomination}

# directive → paragraph style
STYLED = {"title": "GwTitle", "docno": "GwDocNo", "to": "GwTo", "meta": "GwMeta", "byline": "GwByline",
          "caption": "GwCaption", "attachmark": "GwAttachMark"}
# directives that take no text (signature's is optional)
BARE = {"blank", "pagebreak", "landscape", "duties"}


# ---------------------------------------------------------------- text → document


def text_file(kind: Kind) -> Path:
    """A kind's text file: its template's name with .txt (实施方案.docx ← 实施方案.txt)."""
    return TEXT / (kind.name + ".txt")


def build(kind: Kind, fonts: str = "standard", shared: Duties | None = None) -> Builder:
    """The template of ``kind``, walked from its text file (``shared``: _职责.txt, read)."""
    lines = read_lines(text_file(kind))
    d = shared or Duties.read()
    snippets = d.snippets()
    landscape = bool(lines) and lines[0].name == "landscape"
    b = Builder(fonts, landscape)
    for i, line in enumerate(lines):
        name, where = line.name, line.where
        text = expand(line.text, snippets, where)
        if line.items and name != "numbered":
            raise FormatError(f"{where}: only numbered takes - items")
        if name in BARE and text:
            raise FormatError(f"{where}: {name} takes no text")
        if name == "p":
            b.p(text)
        elif name == "lead":
            b.p(text).paragraph_format.keep_with_next = True
        elif name in STYLED:
            b.p(text, STYLED[name])
        elif name == "h1":
            b.h1(text)
        elif name == "h2":
            b.h2(text)
        elif name == "tag":
            b.tag(text)
        elif name == "blank":
            b.p()
        elif name == "pagebreak":
            b.break_next = True
        elif name == "landscape":
            if i:
                raise FormatError(f"{where}: landscape is the first line or none")
        elif name == "numbered":
            if text or not line.items:
                raise FormatError(f"{where}: numbered takes no text, and - items after it")
            b.numbered([expand(item, snippets, where) for item in line.items])
        elif name == "numbered-loop":
            seq, _, style = text.partition(" ")
            b.numbered_loop(seq, style.strip())
        elif name == "chart":
            chart, _, caption = text.partition(" ")
            b.chart(caption, chart)
        elif name == "attachment":
            b.attachment_line(text)
        elif name == "attachment-item":
            b.attachment_item(text)
        elif name == "landscape-section":
            if text:
                raise FormatError(f"{where}: landscape-section takes no text")
            b.landscape_section()
        elif name == "signature":
            b.signature(*(text.split() or ["落款"]))
        elif name == "duties":
            duties(b, d)
        elif name in ("table", "form"):
            known = TABLES if name == "table" else FORMS
            if text not in known:
                raise FormatError(f"{where}: no {name} named {text!r} (known: {', '.join(known)})")
            known[text](b)
        else:
            raise FormatError(f"{where}: unknown directive {name!r}")
    if b.break_next:
        raise FormatError(f"{text_file(kind).name}: pagebreak at the end breaks nothing")
    return b


def build_all(output: Path, fonts: str = "standard") -> list[Path]:
    """Every kind's template (KINDS, then ROLLUP) written into ``output``."""
    output.mkdir(parents=True, exist_ok=True)
    d = Duties.read()
    written = []
    for kind in (*KINDS, ROLLUP):
        path = output / kind.template
        build(kind, fonts, d).save(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="重新生成 templates/ 中的模板（措辞在 scripts/template_text/*.txt）")
    ap.add_argument("--fonts", choices=sorted(styles.FONT_PROFILES), default="standard")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "templates")
    args = ap.parse_args(argv)
    for path in build_all(args.output, args.fonts):
        print(f"已生成 {path}")


if __name__ == "__main__":
    main()
