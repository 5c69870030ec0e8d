"""Rendered checks: LibreOffice prints our documents, and the PDF is measured.

Needs LibreOffice 25.2 or later (`.ci/run` installs it from Debian's backports),
Noto CJK fonts and poppler-utils; skipped, saying why, where they are absent.
LibreOffice 7.4 (Debian 12's own) lays a 16 pt glyph into two grid cells, so its
pages cannot show the 28-character line that Word and WPS print.
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import context_of, member

from yearend import build, styles
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
pytestmark = [pytest.mark.skipif(PROBLEM is not None, reason=PROBLEM or ""), pytest.mark.libreoffice, pytest.mark.slow]


def render(docs: list[Path], outdir: Path) -> dict[str, Path]:
    """PDFs of ``docs``, made as ``build --pdf`` makes them (CJK fonts standing in
    for the Windows faces); every document must get one."""
    done, failed = convert(docs, outdir)
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


def is_body_size(ln: Line) -> bool:  # 三号 text: a 23 pt box; 四号 table text: 20 pt
    return 22 <= ln.y1 - ln.y0 <= 24


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
        for _, _, lines in doc:
            body = body_lines(lines)
            dates = [k for k, ln in enumerate(body) if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", ln.text)]
            for k in dates:
                above = [ln for ln in body[:max(0, k - 1)] if is_body_size(ln)]
                assert above, f"{name}：落款单独成页"


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
    half_empty = []
    for name, doc in docs.items():
        for i, (width, height, lines) in enumerate(doc[:-1], 1):
            if any(ln.text == "附件" for ln in doc[i][2][:3]):
                continue  # the main text's last page: the attachment starts a new page (GB/T 9704)
            if width > height:  # landscape: the turned margins
                top, bottom = TURNED_TOP_EDGE, height - LEFT_MARGIN_TURNED_RIGHT
            else:
                top, bottom = styles.MARGIN_TOP * PT, BODY_BOTTOM
            text = [ln for ln in lines if not PAGE_NUMBER.match(ln.text) and ln.y1 <= bottom + 2]
            filled = (max(ln.y1 for ln in text) - top) / (bottom - top) if text else 0
            # the page before the signature's: GB/T 9704 keeps the signature with the body's
            # last paragraph (and a closing heading with it), so up to nine lines may move on
            signs_next = any(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", ln.text) for ln in doc[i][2])
            if filled < 2 / 3 and not (signs_next and filled >= 1 - 9 * LINE / (bottom - top)):
                half_empty.append((name, i, round(filled, 2)))
    assert half_empty == []


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
    titles = [sum(1 for ln in lines if ln.text.endswith("个人考核登记表")) for _, _, lines in form]
    assert titles == [1] * len(form)  # every page one member's, and none runs onto a second page
    assert len(form) >= 25


def test_no_short_word_breaks_inside_a_table_cell(rendered):
    """A word and its remainder on the next line at the same x (学/时, 2026年3/月, 参训人/数):
    together no wider than a short word, so it should have stood on one line."""
    from yearend.chinese import text_width

    docs, kinds = rendered
    broken = []
    for name, doc in docs.items():
        if kinds[name] not in {"roster", "training_ledger", "member_form", "summary", "plan"}:
            continue
        for n, (_, _, lines) in enumerate(doc, 1):
            for a in lines:
                for b in lines:
                    same_x = abs(b.x0 - a.x0) < 12 or abs((a.x0 + a.x1) - (b.x0 + b.x1)) < 12  # left or centred
                    if 0 < b.y0 - a.y0 < 18 and same_x and b.x1 <= a.x1 + 12 \
                            and text_width(a.text + b.text) <= 6 and not PAGE_NUMBER.match(b.text) \
                            and not a.text.startswith("（"):  # the form's （盖章） above its date line
                        broken.append((name, n, a.text, b.text))
    assert broken == []
