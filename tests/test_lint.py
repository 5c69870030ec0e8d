"""The GB/T 9704 checker: every document we write passes; each deliberate fault fails, named."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH as ALIGN
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from helpers import SAMPLES, run

from yearend import build, finish
from yearend.lint import lint_docx
from yearend.lintroles import Para, assign


@pytest.fixture(scope="module")
def written(sample_build):
    """Every document of the shared sample build and its roll-up (read only: faults go into copies)."""
    out, result = sample_build.out, sample_build.result
    docs = [out / d.path for u in result.units for d in u.documents]
    assert {d.kind for u in result.units for d in u.documents} == {k.key for k in build.KINDS}
    return docs + [out / d.path for d in result.documents if d.kind == "rollup"]


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
def test_every_document_build_writes_passes(written):
    for path in written:
        assert lint_docx(path) == [], path.name


@pytest.mark.slow
def test_the_windows_font_profile_passes_too(tmp_path):
    result = build.build(build.Options(SAMPLES, tmp_path, fonts="windows"))
    for d in (d for u in result.units for d in u.documents):
        path = tmp_path / d.path
        assert lint_docx(path) == [], path.name
        assert "仿宋_GB2312" not in zipfile.ZipFile(path).read("word/styles.xml").decode()


def test_a_plain_python_docx_document_fails(tmp_path):
    d = docx.Document()
    d.add_paragraph("一、总体要求")
    d.add_paragraph("正文内容")
    d.save(tmp_path / "plain.docx")
    found = [str(f) for f in lint_docx(tmp_path / "plain.docx")]
    assert_in_clerk_units(found)
    for expected in ("纸张现为 215.9×279.4 毫米，应为 A4（210×297 毫米）", "页边距不对：上边距现为 25.4 毫米，应为 37 毫米",
                     "文档网格现为“无网格”，应为“指定行和字符网格”", "中文语言现为 en-US，应为 zh-CN", "使用了主题字体",
                     "没有设置“奇偶页不同”", "单页页码：没有页脚", "第 1 段“一、总体要求”（一级标题）：中文字体未指定，应为黑体",
                     "第 2 段“正文内容”：中文字体未指定，应为仿宋_GB2312", "行距现为多倍行距 1.15 倍，应为固定值 28.95 磅",
                     "首行缩进现为 0 字，应为 2 字", "字号现为 11 磅，应为三号（16 磅）", "段后间距现为 10 磅，应为 0 磅"):
        assert any(expected in f for f in found), expected


def mutate(source: Path, target: Path, part: str, old: str, new: str, count: int = 1) -> Path:
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    text = parts[part].decode("utf-8")
    assert old in text, old
    parts[part] = text.replace(old, new, count).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    target.write_bytes(buf.getvalue())
    return target


SUMMARY = "青山县教育局2025年度工作总结.docx"
FAULTS = [
    ("word/document.xml", 'w:w="11906" w:h="16838"', 'w:w="12240" w:h="15840"', "第 1 节页面设置：纸张现为 215.9×279.4 毫米，应为 A4（210×297 毫米）"),
    ("word/document.xml", 'w:top="2098"', 'w:top="1440"', "页边距不对：上边距现为 25.4 毫米，应为 37 毫米"),
    ("word/document.xml", 'w:charSpace="-848"', 'w:charSpace="0"',
     "文档网格现为“指定行和字符网格”：每页 22 行（跨度 28.95 磅）、每行 27 字（跨度 16 磅），应为“指定行和字符网格”"),
    ("word/settings.xml", "<w:evenAndOddHeaders/>", "", "没有设置“奇偶页不同”"),
    ("word/styles.xml", 'w:eastAsia="zh-CN"', 'w:eastAsia="ja-JP"', "中文语言现为 ja-JP，应为 zh-CN"),
    ("word/styles.xml", '<w:rFonts w:ascii="仿宋_GB2312"', '<w:rFonts w:asciiTheme="minorHAnsi" w:ascii="仿宋_GB2312"',
     "使用了主题字体"),
    ("word/document.xml", '<w:p><w:r><w:t xml:space="preserve">截至',
     '<w:p><w:r><w:rPr><w:rFonts w:eastAsia="宋体"/></w:rPr><w:t xml:space="preserve">截至',
     "“截至2025年12月31日，队伍…”：中文字体现为宋体，应为仿宋_GB2312（或仿宋）"),
    ("word/document.xml", '<w:p><w:r><w:t xml:space="preserve">截至',
     '<w:p><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">截至', "字号现为四号（14 磅），应为三号（16 磅）"),
    ("word/document.xml", '<w:p><w:r><w:t xml:space="preserve">截至',
     '<w:p><w:pPr><w:spacing w:line="360" w:lineRule="auto"/></w:pPr><w:r><w:t xml:space="preserve">截至',
     "行距现为 1.5 倍行距，应为固定值 28.95 磅"),
    ("word/document.xml", '<w:p><w:r><w:t xml:space="preserve">截至',
     '<w:p><w:pPr><w:ind w:firstLine="0" w:firstLineChars="0"/></w:pPr><w:r><w:t xml:space="preserve">截至',
     "首行缩进现为 0 字，应为 2 字"),
    ("word/document.xml", '<w:pStyle w:val="GwH1"/></w:pPr><w:r>', '<w:pStyle w:val="GwH1"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>',
     "（一级标题）：标题不应加粗"),
    ("word/document.xml", '<w:pStyle w:val="GwH1"/></w:pPr><w:r>',
     '<w:pStyle w:val="GwH1"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="楷体"/></w:rPr>', "（一级标题）：中文字体现为楷体，应为黑体"),
    ("word/document.xml", "<w:tblHeader/>", "", "第 1 个表格：表头行应设为“在各页顶端重复”"),
    ("word/document.xml", "<w:trPr><w:cantSplit/></w:trPr>", "<w:trPr/>", "第 1 个表格：表格行应设为“不允许跨页断行”"),
    ("word/document.xml", '<w:gridCol w:w="760"/>', '<w:gridCol w:w="760.0"/>', "第 1 个表格：列宽数值“760.0”不是整数"),
    ("word/document.xml", '<w:pStyle w:val="GwCell"/></w:pPr><w:r>',
     '<w:pStyle w:val="GwCell"/></w:pPr><w:r><w:rPr><w:sz w:val="32"/></w:rPr>', "字号现为三号（16 磅），应为四号（14 磅）或更小"),
    ("word/document.xml", 'w:right="2256" w:rightChars="705"', 'w:right="640" w:rightChars="200"',
     "落款“青山县教育局”：发文机关署名右空现为 2 字，应为 7.05 字"),
    ("word/document.xml", 'w:left="5325" w:leftChars="0"', 'w:left="6000" w:leftChars="0"',
     "落款“青山县教育局”：成文日期首字距版心左边现为 18.75 字，应为 16.64 字"),
    ("word/document.xml", ">2025年12月26日<", ">2025年12月06日<", "成文日期应使用阿拉伯数字"),
    ("word/footer1.xml", 'w:val="right"', 'w:val="center"', "单页页码：单页页码现为居中，应居右"),
    ("word/footer2.xml", 'w:left="280"', 'w:left="0"', "双页页码：双页页码应左空一字（四号字），现为 0 字"),
    ("word/footer1.xml", "— ", "- ", "页码应为“— 1 —”的形式"),
    ("word/document.xml", '<w:pStyle w:val="GwFigure"/>', "", "第 17 段（图表）：图表或图片所在段落的行距是固定值"),
]


@pytest.mark.parametrize(("part", "old", "new", "expected"), FAULTS, ids=[f[3][:14] for f in FAULTS])
def test_each_deliberate_fault_is_named(written, tmp_path, part, old, new, expected):
    source = next(p for p in written if p.name == SUMMARY)
    bad = mutate(source, tmp_path / "bad.docx", part, old, new)
    found = [str(f) for f in lint_docx(bad)]
    assert any(expected in f for f in found), found
    assert_in_clerk_units(found)


PLAN_FAULTS = [
    ('<w:pStyle w:val="GwAttachMark"/><w:pageBreakBefore/>', '<w:pStyle w:val="GwAttachMark"/>', "附件应另起一页"),
    ('<w:pStyle w:val="GwTitle"/></w:pPr>', '<w:pStyle w:val="GwTitle"/><w:jc w:val="left"/></w:pPr>', "（标题）：对齐方式现为左对齐，应为居中"),
]


@pytest.mark.parametrize(("old", "new", "expected"), PLAN_FAULTS, ids=[f[2] for f in PLAN_FAULTS])
def test_plan_faults_are_named(written, tmp_path, old, new, expected):
    plan = next(p for p in written if p.name.endswith("实施方案.docx") and "教育局" in p.name)
    bad = mutate(plan, tmp_path / "bad.docx", "word/document.xml", old, new)
    assert any(expected in str(f) for f in lint_docx(bad))


def test_doc_number_form(written, tmp_path):
    plan = next(p for p in written if p.name.endswith("实施方案印发通知.docx") and "教育局" in p.name)
    bad = mutate(plan, tmp_path / "bad.docx", "word/document.xml", "青教发〔2025〕36号", "青教发[2025]第036号")
    assert any("发文字号应写成“〔2025〕36号”" in str(f) for f in lint_docx(bad))


def test_lint_command_exit_codes(written, tmp_path):
    ok = run("lint", str(written[0]))
    assert ok.exit_code == 0 and ok.output.endswith("：合格\n")
    bad = mutate(written[0], tmp_path / "bad.docx", "word/document.xml", 'w:top="2098"', 'w:top="1440"')
    r = run("lint", str(bad))
    assert r.exit_code == 1
    assert "1 处不合格" in r.output and "页边距不对" in r.output


def test_a_landscape_page_number_that_is_not_turned_is_named(written, tmp_path):
    roster = next(p for p in written if p.name.endswith("名册.docx"))
    assert lint_docx(roster) == []
    bad = mutate(roster, tmp_path / "bad.docx", "word/footer1.xml", '<w:textDirection w:val="tbRl"/>', "")
    found = [str(f) for f in lint_docx(bad)]
    assert found == ["单页页码：横排页面的页码应随纸张转向，放在竖排时的页面下方（页面左侧、文字方向 tbRl），使装订后与竖排页码位置一致"]


# ------------------------------------------------------------------ documents this tool did not write

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_UNIT = re.compile(r"\s?(字|磅|毫米|行|倍|段|节|个|×)")


def assert_in_clerk_units(found: list[str]) -> None:
    """Every number in a finding is in 字, 磅, 毫米 (or counts lines, paragraphs, sections):
    no None, no tuple of raw values, no twips or half-points. Quoted text from the document
    (“…”), a part's file name, A4 and GB2312 are left out."""
    for text in found:
        assert "None" not in text and "(" not in text, text
        bare = re.sub(r"“[^”]*”|word/\S+\.xml|A4|GB2312", "", text)
        for m in _NUMBER.finditer(bare):
            assert _UNIT.match(bare, m.end()), (m.group(), text)


def test_the_unit_check_catches_raw_values():
    for raw in ("第 1 节页面设置：页边距不对：top=1440（应为 2098）", "第 3 段“各股室：”：首行缩进现为 (None, '360', None)",
                "第 3 段“各股室：”：右缩进 640"):
        with pytest.raises(AssertionError):
            assert_in_clerk_units([raw])


ISSUER, DATE = "青山县教育局", "2025年12月31日"


def _set(parent, tag: str, **attrs: str):
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    for k, v in attrs.items():
        child.set(qn(f"w:{k}"), v)
    return child


def _page_number(p, side: str) -> None:
    """— n — in 宋体 四号, one 四号 character in from the outer edge."""
    p.alignment = ALIGN.RIGHT if side == "right" else ALIGN.LEFT
    setattr(p.paragraph_format, f"{side}_indent", Pt(14))
    for text in ("— ", "", " —"):
        r = p.add_run(text)
        r.font.name, r.font.size = "宋体", Pt(14)
        if not text:
            for kind in ("begin", None, "end"):
                el = OxmlElement("w:fldChar" if kind else "w:instrText")
                if kind:
                    el.set(qn("w:fldCharType"), kind)
                else:
                    el.text = " PAGE "
                r._r.append(el)


def clerk_notice(path: Path, edit=None) -> Path:
    """A 通知 as a clerk lays it out in Word to GB/T 9704, with direct formatting and Word's
    own styles (no Gw style): 发文字号, title, 主送, body, a heading, a 附件说明 of two
    attachments, 落款 and 成文日期. ``edit(paras)`` changes it before it is saved."""
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    _set(sec._sectPr, "w:docGrid", type="linesAndChars", linePitch="579", charSpace="-848")
    d.settings.odd_and_even_pages_header_footer = True
    _page_number(sec.footer.paragraphs[0], "right")
    _page_number(sec.even_page_footer.paragraphs[0], "left")
    defaults = d.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set(defaults, "w:rFonts", eastAsia="仿宋_GB2312")
    _set(defaults, "w:lang", eastAsia="zh-CN")
    normal = d.styles["Normal"]
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    pf = normal.paragraph_format
    pf.line_spacing, pf.space_before, pf.space_after, pf.first_line_indent = Pt(28.95), Pt(0), Pt(0), Pt(32)
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        _set(normal.element.get_or_add_pPr(), tag, val="0")

    def para(text: str, align=None, first=None, left=None, size=None, face=None):
        p = d.add_paragraph()
        r = p.add_run(text)
        if size:
            r.font.size = Pt(size)
        if face:
            r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
        p.alignment = align
        if first is not None:
            p.paragraph_format.first_line_indent = Pt(first)
        if left is not None:
            p.paragraph_format.left_indent = Pt(left)
        return p

    paras = {"docno": para("青教发〔2025〕5号", ALIGN.CENTER, first=0)}
    para("")
    paras["title"] = para("关于做好2025年度年终工作的通知", ALIGN.CENTER, first=0, size=22, face="方正小标宋简体")
    para("")
    paras["to"] = para("各乡镇人民政府，县直各单位：", first=0)
    paras["body"] = para("为做好2025年度年终各项工作，现将有关事项通知如下。")
    paras["h1"] = para("一、报送材料", face="黑体")
    para("请于12月31日前报送年度工作总结和考核材料。")
    para("")
    paras["note"] = para("附件：1.年度考核登记表", first=-48, left=80)  # 2 字 in, wrapping under the name
    paras["item"] = para("2.年度培训台账", first=0, left=80)  # its number under the 1.
    para("")
    right, left = finish.signature_indents(ISSUER, DATE)
    paras["sign"] = para(ISSUER, ALIGN.RIGHT, first=0)
    paras["date"] = para(DATE, first=0)
    # set in Word as 字符: 右缩进 6.42 字符, 左缩进 17.27 字符
    _set(paras["sign"]._p.get_or_add_pPr(), "w:ind", rightChars=str(round(right * 100)))
    _set(paras["date"]._p.get_or_add_pPr(), "w:ind", leftChars=str(round(left / 320 * 100)))
    if edit:
        edit(paras)
    buf = io.BytesIO()
    d.save(buf)
    with zipfile.ZipFile(buf) as z, zipfile.ZipFile(path, "w") as out:
        for n in z.namelist():  # Word's template names theme fonts; the clerk chose fonts by name
            out.writestr(n, re.sub(rb' w:(ascii|hAnsi|eastAsia|cs)[Tt]heme="[^"]*"', b"", z.read(n)))
    return path


def test_a_clerks_notice_laid_out_to_the_standard_passes(tmp_path):
    assert lint_docx(clerk_notice(tmp_path / "通知.docx")) == []


def _text(p, text: str) -> None:
    p.runs[0].text = text


def _ind(p, **attrs: str) -> None:
    _set(p._p.get_or_add_pPr(), "w:ind", **attrs)


# each part of the notice checked against its own rule, in a clerk's units
ROLE_FAULTS = [
    ("to", lambda p: setattr(p.paragraph_format, "first_line_indent", Pt(32)),
     "第 5 段“各乡镇人民政府，县直各单位：”（主送机关）：应顶格：首行缩进现为 2 字，应为 0 字"),
    ("to", lambda p: _text(p, "各乡镇人民政府，县直各单位:"), "（主送机关）：冒号应为全角“：”，现为半角“:”"),
    ("docno", lambda p: setattr(p, "alignment", ALIGN.LEFT), "“青教发〔2025〕5号”（发文字号）：对齐方式现为左对齐，应为居中"),
    ("docno", lambda p: _text(p, "青教发[2025]第05号"), "（发文字号）：发文字号应写成“〔2025〕5号”"),
    ("title", lambda p: setattr(p.runs[0].font, "size", Pt(16)), "（标题）：字号现为三号（16 磅），应为二号（22 磅）"),
    ("title", lambda p: setattr(p.paragraph_format, "first_line_indent", None), "（标题）：首行缩进现为 1.45 字，应为 0 字"),  # Normal's 2 字 of 16 磅 in 22 磅 characters
    ("h1", lambda p: setattr(p.paragraph_format, "first_line_indent", Pt(0)), "（一级标题）：首行缩进现为 0 字，应为 2 字"),
    ("note", lambda p: setattr(p.paragraph_format, "left_indent", Pt(48)), "（附件说明）：左空现为 0 字，应为 2 字"),
    ("note", lambda p: _text(p, "附件：1.年度考核登记表。"), "（附件说明）：附件名称后不加标点符号，现以“。”结尾"),
    ("item", lambda p: setattr(p.paragraph_format, "left_indent", None),
     "（附件说明）：序号左空现为 0 字，应为 5 字（与上一行附件的序号对齐）"),
    ("sign", lambda p: _ind(p, rightChars="0", right="0"), "落款“青山县教育局”：发文机关署名右空现为 0 字，应为 7.05 字"),
    ("sign", lambda p: _ind(p, rightChars="200"), "落款“青山县教育局”：发文机关署名右空现为 2 字，应为 7.05 字"),
    ("date", lambda p: setattr(p, "alignment", ALIGN.RIGHT), "成文日期现为右对齐，应左对齐"),
    ("date", lambda p: _ind(p, leftChars="1527"), "成文日期首字距版心左边现为 15.27 字，应为 16.64 字"),
    ("date", lambda p: _text(p, "二〇二五年十二月三十一日"), "（成文日期）：成文日期应使用阿拉伯数字"),
    ("date", lambda p: p.runs[0]._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体"),
     "“2025年12月31日”（成文日期）：中文字体现为宋体，应为仿宋_GB2312（或仿宋）"),
    ("sign", lambda p: setattr(p.paragraph_format, "line_spacing", 1.5),
     "“青山县教育局”（发文机关署名）：行距现为 1.5 倍行距，应为固定值 28.95 磅"),
]


@pytest.mark.parametrize(("part", "edit", "expected"), ROLE_FAULTS, ids=[f"{f[0]}-{i}" for i, f in enumerate(ROLE_FAULTS)])
def test_each_part_of_a_clerks_notice_has_its_own_rule(tmp_path, part, edit, expected):
    found = [str(f) for f in lint_docx(clerk_notice(tmp_path / "通知.docx", lambda paras: edit(paras[part])))]
    assert any(expected in f for f in found), found
    assert len(found) == 1, found  # the one fault, and no body-text rule on the part
    assert_in_clerk_units(found)


def test_every_fault_of_a_body_paragraph_is_named(tmp_path):
    def faults(paras):
        p = paras["body"]
        p.runs[0].font.size = Pt(12)
        p.runs[0]._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.line_spacing = 1.5
        p.paragraph_format.space_after = Pt(6)

    found = [str(f) for f in lint_docx(clerk_notice(tmp_path / "通知.docx", faults))]
    assert len(found) == 1, found
    assert found[0].startswith("第 6 段“为做好2025年度年终各项工作，…”：")
    for expected in ("中文字体现为宋体，应为仿宋_GB2312（或仿宋）", "字号现为小四（12 磅），应为三号（16 磅）",
                     "行距现为 1.5 倍行距，应为固定值 28.95 磅", "段后间距现为 6 磅，应为 0 磅", "首行缩进现为 0 字，应为 2 字"):
        assert expected in found[0], expected
    assert_in_clerk_units(found)


def test_a_notice_typed_without_any_layout_names_each_part(tmp_path):
    """The issue's case: Word's defaults throughout. The salutation, attachment note,
    signature and date are named as what they are, not held to the body text's indent."""
    d = docx.Document()
    for text in ("关于做好年终工作的通知", "", "各股室：", "请各股室于12月31日前报送材料。", "",
                 "附件：1.年度考核登记表", "", "青山县教育局", "2025年12月31日"):
        d.add_paragraph(text)
    d.save(tmp_path / "plain.docx")
    found = [str(f) for f in lint_docx(tmp_path / "plain.docx")]
    assert_in_clerk_units(found)
    by_start = {f.split("：")[0]: f for f in found if re.match(r"第 \d+ 段", f)}
    assert set(by_start) == {"第 1 段“关于做好年终工作的通知”（标题）", "第 3 段“各股室", "第 4 段“请各股室于12月31日前报送材料…”",
                             "第 6 段“附件", "第 8 段“青山县教育局”（发文机关署名）", "第 9 段“2025年12月31日”（成文日期）"}
    assert "（主送机关）" in by_start["第 3 段“各股室"] and "（附件说明）" in by_start["第 6 段“附件"]
    assert "首行缩进现为 0 字，应为 2 字" in by_start["第 4 段“请各股室于12月31日前报送材料…”"]
    assert "左空现为 0 字，应为 2 字" in by_start["第 6 段“附件"]  # GB/T 9704 7.3.3: 左空二字 by its own rule
    for f in found:
        if not f.startswith("第 4 段"):
            assert "首行缩进" not in f, f  # the body text's rule, on the body only
    # the issuer as typed starts at the left margin: far from its place, and said so in 字
    assert any(f.startswith("落款“青山县教育局”：发文机关署名右空现为 22.93 字，应为 6.88 字") for f in found), found


@pytest.mark.parametrize(("texts", "expected"), [
    (["青教发〔2025〕5号", "", "关于做好年终工作的通知", "", "各乡镇人民政府，县直各单位：", "现将有关事项通知如下。"],
     ["docno", "", "title", "", "to", "body"]),
    (["青山县教育局文件", "青教发〔2025〕5号", "关于做好年终工作的通知"], ["masthead", "docno", "title"]),
    (["关于做好年终工作的通知", "为做好年终工作，通知如下：", "一、总体要求"], ["title", "body", "h1"]),
    (["各股室：", "（一）工作目标"], ["to", "h2"]),
    (["关于印发《某某办法》", "的通知", "", "各股室："], ["title", "title", "", "to"]),
    (["附件：1.甲表", "2.乙表", "", "特此通知", "2025年12月31日"], ["attachnote", "attachitem", "", "body", "date"]),
    (["附件2", "青山县教育局", "二〇二五年十二月三十一日", "抄送：县委办公室。"], ["attach", "sign", "date", "imprint"]),
])
def test_roles_from_position_and_text(texts, expected):
    paras = [Para(t, "Normal", centered=t.startswith(("关于", "的通知"))) for t in texts]
    assert assign(paras) == expected


def test_our_styles_decide_the_roles_in_our_documents():
    paras = [Para("各股室：", "GwTitle", centered=True), Para("各股室：", "Normal", centered=False)]
    assert assign(paras) == ["title", "body"]  # no role inferred by position in a document we wrote
