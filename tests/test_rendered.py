"""Rendered checks: LibreOffice prints our documents, and the PDF is measured.

Needs LibreOffice 25.2 or later (`.ci/run` installs it from Debian's backports),
Noto CJK fonts and poppler-utils; skipped, saying why, where they are absent.
LibreOffice 7.4 (Debian 12's own) lays a 16 pt glyph into two grid cells, so its
pages cannot show the 28-character line that Word and WPS print.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from helpers import context_of, member
from printed import (
    BODY_BOTTOM,
    LEFT,
    LEFT_MARGIN_TURNED,
    LINE,
    MM,
    PAGE_NUMBER,
    PROBLEM,
    PT,
    RIGHT,
    TURNED_BOTTOM,
    TURNED_TOP,
    Line,
    blank_pages,
    body_lines,
    broken_words,
    forms_spilling,
    is_body_size,
    lost_marks,
    pages,
    paragraphs,
    render,
    signature_alone,
)

from yearend import build, styles

pytestmark = [pytest.mark.skipif(PROBLEM is not None, reason=PROBLEM or ""), pytest.mark.libreoffice, pytest.mark.slow]


PROSE = {"plan", "summary", "commendation", "plan_notice", "formation_notice", "rules"}  # documents that open with body text


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, sample_build):
    """Every kind of one sample unit, the other's plan and summary, and the roll-up (from the
    shared sample build; the PDFs are made in a folder of this module's own)."""
    out = tmp_path_factory.mktemp("rendered")
    result = sample_build.result
    chosen = [d for u in result.units for d in u.documents if d.kind != "personal_summary"
              and (u.name == "青山县教育局" or d.kind in PROSE | {"training_ledger", "roster"})]
    # three members' personal summaries: one of each unit's first, and a new member's (who
    # joined this year: a shorter year)
    for u in result.units:
        joiner = next(m["姓名"] for m in context_of(u)["名册"] if m["年内入队"])
        chosen += [d for d in u.documents if d.kind == "personal_summary" and d.member in (context_of(u)["名册"][0]["姓名"], joiner)
                   and (u.name == "青山县教育局" or d.member == joiner)]
    chosen += [d for d in result.documents if d.kind == "rollup"]
    kinds = {Path(d.path).name: d.kind for d in chosen}
    pdfs = render([sample_build.out / d.path for d in chosen], out)
    assert set(kinds) >= {"2025年度网络评论员队伍建设情况汇总.docx", "青山县教育局2025年度网络评论员队伍名册.docx"}
    return {name: pages(pdf) for name, pdf in pdfs.items()}, kinds


def test_a_full_page_holds_22_body_lines(rendered):
    full = []
    for name, doc in rendered[0].items():
        for i, (_, _, lines) in enumerate(doc):
            body = body_lines(lines)
            # a page of text only, from the 版心's top (not below a blank line carried over
            # from the page before) down to its lower edge, with no blank paragraphs (as
            # before a signature) leaving a line empty
            gaps = [b.y0 - a.y0 for a, b in zip(body, body[1:], strict=False)]
            if body and all(is_body_size(ln) for ln in body) and body[-1].y1 > BODY_BOTTOM - LINE \
                    and body[0].y0 < styles.MARGIN_TOP * PT + LINE and all(g < 1.5 * LINE for g in gaps):
                full.append((name, i + 1, len(body)))
    assert full, "样例文档中没有整页正文"
    assert all(n == 22 for _, _, n in full), full


def test_a_full_line_holds_28_characters(rendered, tmp_path, make_unit):
    # A unit whose points are long runs of characters with no punctuation, so no
    # line-breaking rule moves a character: every full line must hold 28.
    text = "围绕中心工作持续加强队伍建设推动各项任务落实见效" * 4
    inp = make_unit(members=[member("张三"), member("李四")],
                    sheets={"工作要点": [["类别", "内容"], ["成效", text], ["成效", text]]}).parent
    result = build.build(build.Options(inp, tmp_path / "out"))
    summary = next(tmp_path / "out" / d.path for u in result.units for d in u.documents if d.kind == "summary")
    lines = [ln for _, _, page in pages(render([summary], tmp_path)[summary.name]) for ln in body_lines(page)]
    full = [ln.text for ln in lines if re.fullmatch(r"[\u4e00-\u9fff]+", ln.text) and ln.x1 > RIGHT - 8
            and abs(ln.x0 - LEFT) < 2]
    assert len(full) >= 4
    assert {len(t) for t in full} == {28}, full
    # and in the sample documents, 28 is what a full line of plain text holds
    counts = collections.Counter(
        len(ln.text) for doc in rendered[0].values() for _, _, page in doc for ln in body_lines(page)
        if re.fullmatch(r"[\u4e00-\u9fff，、。；：]+", ln.text) and ln.x1 > RIGHT - 8 and abs(ln.x0 - LEFT) < 2)
    assert counts.most_common(1)[0][0] == 28, counts


def test_page_numbers_sit_at_the_outer_edges(rendered):
    one_char = styles.PAGE_NUMBER_SIZE / 2
    for name, doc in rendered[0].items():
        for i, (width, height, lines) in enumerate(doc, start=1):
            numbers = [ln for ln in lines if PAGE_NUMBER.match(ln.text)]
            assert len(numbers) == 1, (name, i)
            ln = numbers[0]
            assert int(PAGE_NUMBER.match(ln.text)[1]) == i
            if width > height:
                # a landscape page, read with the sheet turned clockwise: the number
                # runs down its left edge, where the portrait page's bottom is
                assert ln.y1 - ln.y0 > 1.5 * (ln.x1 - ln.x0), ("页码应随纸张转向", name, i, ln)
                assert ln.x1 < LEFT_MARGIN_TURNED, ("页码应在版心下方", name, i, ln)
                if i % 2:  # odd: the portrait right, which is the landscape bottom
                    assert abs(ln.y1 - (TURNED_BOTTOM - one_char)) < 2, (name, i, ln)
                    odd_edge = height - ln.y1
                else:
                    assert abs(ln.y0 - (TURNED_TOP + one_char)) < 2, (name, i, ln)
                    even_edge = ln.y0
                continue
            assert ln.y0 > BODY_BOTTOM, "页码应在版心下方"
            if i % 2:  # odd: right, one character in from the 版心's edge
                assert abs(ln.x1 - (RIGHT - one_char)) < 2, (name, i, ln)
                odd_edge = width - ln.x1
            else:
                assert abs(ln.x0 - (LEFT + one_char)) < 2, (name, i, ln)
                even_edge = ln.x0
        if len(doc) > 1:
            # printed back to back, the numbers line up within 2 mm
            assert abs(odd_edge - even_edge) <= 2 * MM + 0.5, (name, odd_edge, even_edge)


def test_the_first_page_shows_body_text(rendered):
    docs, kinds = rendered
    for name, doc in docs.items():
        if kinds[name] not in PROSE:
            continue
        first = body_lines(doc[0][2])
        assert sum(1 for ln in first if is_body_size(ln)) >= 5, name


def test_the_signature_is_not_alone_on_its_page(rendered):
    for name, doc in rendered[0].items():
        assert signature_alone(doc) == [], f"{name}：落款单独成页"


def test_the_date_starts_two_characters_right_of_the_signature(rendered):
    """GB/T 9704 7.3.5.2, measured on the printed page (LibreOffice adds space between
    Chinese and digits whatever the styles say, so the date is placed by its start)."""
    char = styles.CHAR * PT
    seen = 0
    for name, doc in rendered[0].items():
        for width, height, lines in doc:
            body = body_lines(lines)
            right = width - styles.margins(landscape=True)["right"] * PT if width > height else RIGHT
            for k, ln in enumerate(body):
                if k and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", ln.text) and body[k - 1].y1 < ln.y0 < body[k - 1].y1 + LINE:
                    issuer = body[k - 1]
                    assert abs((ln.x0 - issuer.x0) / char - 2) <= 0.25, (name, issuer.text, (ln.x0 - issuer.x0) / char)
                    assert right - ln.x1 >= 1.75 * char, (name, "日期右空不足 2 字", (right - ln.x1) / char)
                    seen += 1
    assert seen >= 8  # plan, summary, commendation of both units, the roll-up, personal summaries


def test_no_page_but_the_last_is_more_than_a_third_blank(rendered):
    docs, kinds = rendered
    assert [(name, page, filled) for name, doc in docs.items() for page, filled in blank_pages(doc)] == []


def _chart_lines(doc, caption: str, height_mm: float) -> list[Line]:
    """The text LibreOffice drew for the chart under ``caption`` (axis labels, data labels, legend)."""
    lines, cap = next((lines, ln) for _, _, lines in doc for ln in lines if ln.text == caption)
    return [ln for ln in lines if cap.y1 < ln.y0 < cap.y1 + (height_mm + 5) * MM]


def _rows(lines: list[Line]) -> list[str]:
    rows = collections.defaultdict(list)
    for ln in lines:
        rows[round(ln.y0)].append(ln)
    return ["".join(ln.text for ln in sorted(row, key=lambda ln: ln.x0)) for row in rows.values()]


def test_charts_are_drawn_with_their_labels_inside_the_text_block(rendered):
    docs = rendered[0]
    summary = docs["青山县教育局2025年度工作总结.docx"]
    months = "".join(f"{m}月" for m in range(1, 13))
    work = _chart_lines(summary, "2025年度每月工作量", 70)
    assert months in _rows(work)
    texts = {ln.text for ln in work}
    assert {"发帖（条）", "跟帖（条）", "转发（次）", "报送信息（条）"} <= texts  # the legend, each metric with its unit
    assert "条/次" in texts  # the value axis says what it counts
    for ln in work:
        assert LEFT - 1 <= ln.x0 and ln.x1 <= RIGHT + 1, ln


def test_one_sheet_per_member_on_the_form(rendered):
    docs, _ = rendered
    form = docs["青山县教育局2025年度个人考核登记表.docx"]
    assert forms_spilling(form) == []  # every page one member's, and none runs onto a second page
    assert len(form) >= 25


def test_no_short_word_breaks_inside_a_table_cell(rendered):
    """A word and its remainder on the next line at the same x (学/时, 2026年3/月, 参训人/数):
    together no wider than a short word, so it should have stood on one line."""
    docs, kinds = rendered
    broken = [(name, *b) for name, doc in docs.items()
              if kinds[name] in {"roster", "training_ledger", "member_form", "summary", "plan"} for b in broken_words(doc)]
    assert broken == []


@pytest.fixture(scope="module")
def printed_plainly(tmp_path_factory, sample_build):
    """Both sample units' tables and the 教育局's prose printed as a plain ``soffice
    --convert-to pdf`` prints them, without build --pdf's stand-in fonts: LibreOffice's own
    substitute prints digits in DejaVu, a sixth wider than Noto's (a reader who prints so
    saw 1984年12|月 and 138****061|7 broken in the roster before widths allowed for it)."""
    tables = {"roster", "training_ledger", "member_form", "opinion_ledger"}
    chosen = [d for u in sample_build.result.units for d in u.documents
              if d.kind in tables or (d.kind in PROSE | {"ideology_plan"} and u.name == "青山县教育局")]
    docx = [sample_build.out / d.path for d in chosen]
    pdfs = render(docx, tmp_path_factory.mktemp("plain"), stand_ins=False)
    return [(d.kind, path, pages(pdfs[path.name])) for d, path in zip(chosen, docx, strict=True)]


def test_printed_plainly_no_short_word_breaks_and_the_date_keeps_its_margin(printed_plainly):
    assert {kind for kind, _, _ in printed_plainly} >= {"roster", "training_ledger", "member_form", "opinion_ledger"}
    broken = [(path.name, *b) for _, path, doc in printed_plainly for b in broken_words(doc, paragraphs(path))]
    assert broken == []
    assert [(path.name, lost) for _, path, doc in printed_plainly if (lost := lost_marks(doc, paragraphs(path)))] == []
    notice = next(doc for kind, _, doc in printed_plainly if kind == "plan_notice")
    dates = [ln for _, _, lines in notice for ln in body_lines(lines) if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", ln.text)]
    assert dates and all(RIGHT - ln.x1 >= 1.75 * styles.CHAR * PT for ln in dates)  # right-spaced 2, wider digits and all
