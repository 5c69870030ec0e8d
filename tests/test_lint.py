"""The GB/T 9704 checker: every document we write passes; each deliberate fault fails, named."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from helpers import SAMPLES, run

from yearend import build
from yearend.lint import lint_docx


@pytest.fixture(scope="module")
def written(sample_build):
    """Every document of the shared sample build and its roll-up (read only: faults go into copies)."""
    out, result = sample_build.out, sample_build.result
    docs = [out / d.path for u in result.units for d in u.documents]
    assert {d.kind for u in result.units for d in u.documents} == {k.key for k in build.KINDS}
    return docs + [out / d.path for d in result.documents if d.kind == "rollup"]


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
    for expected in ("纸张应为 A4", "页边距不对", "文档网格应为", "中文语言应为 zh-CN", "使用了主题字体",
                     "没有设置“奇偶页不同”", "单页页码：没有页脚", "第 1 段“一、总体要求”：一级标题的中文字体应为黑体",
                     "第 2 段“正文内容”：正文的中文字体应为仿宋_GB2312", "行距应为固定值 28.95 磅", "正文首行应缩进 2 字"):
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
    ("word/document.xml", 'w:w="11906" w:h="16838"', 'w:w="12240" w:h="15840"', "第 1 节页面设置：纸张应为 A4"),
    ("word/document.xml", 'w:top="2098"', 'w:top="1440"', "页边距不对：top=1440（应为 2098）"),
    ("word/document.xml", 'w:charSpace="-848"', 'w:charSpace="0"', "文档网格应为“指定行和字符网格”"),
    ("word/settings.xml", "<w:evenAndOddHeaders/>", "", "没有设置“奇偶页不同”"),
    ("word/styles.xml", 'w:eastAsia="zh-CN"', 'w:eastAsia="ja-JP"', "中文语言应为 zh-CN，现为 ja-JP"),
    ("word/styles.xml", '<w:rFonts w:ascii="仿宋_GB2312"', '<w:rFonts w:asciiTheme="minorHAnsi" w:ascii="仿宋_GB2312"',
     "使用了主题字体"),
    ("word/document.xml", '<w:p><w:r><w:t xml:space="preserve">截至',
     '<w:p><w:r><w:rPr><w:rFonts w:eastAsia="宋体"/></w:rPr><w:t xml:space="preserve">截至',
     "“截至2025年12月31日，队伍…”：正文的中文字体应为仿宋_GB2312（或仿宋），现为 宋体"),
    ("word/document.xml", '<w:p><w:r><w:t xml:space="preserve">截至',
     '<w:p><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">截至', "正文字号应为 16 磅，现为 14.0 磅"),
    ("word/document.xml", '<w:p><w:r><w:t xml:space="preserve">截至',
     '<w:p><w:pPr><w:spacing w:line="360" w:lineRule="auto"/></w:pPr><w:r><w:t xml:space="preserve">截至',
     "行距应为固定值 28.95 磅（line 579 exact），现为 360 auto"),
    ("word/document.xml", '<w:p><w:r><w:t xml:space="preserve">截至',
     '<w:p><w:pPr><w:ind w:firstLine="0" w:firstLineChars="0"/></w:pPr><w:r><w:t xml:space="preserve">截至',
     "正文首行应缩进 2 字（firstLineChars 200），现为 0"),
    ("word/document.xml", '<w:pStyle w:val="GwH1"/></w:pPr><w:r>', '<w:pStyle w:val="GwH1"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>',
     "一级标题不应加粗"),
    ("word/document.xml", '<w:pStyle w:val="GwH1"/></w:pPr><w:r>',
     '<w:pStyle w:val="GwH1"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="楷体"/></w:rPr>', "一级标题的中文字体应为黑体，现为 楷体"),
    ("word/document.xml", "<w:tblHeader/>", "", "第 1 个表格：表头行应设为“在各页顶端重复”"),
    ("word/document.xml", "<w:trPr><w:cantSplit/></w:trPr>", "<w:trPr/>", "第 1 个表格：表格行应设为“不允许跨页断行”"),
    ("word/document.xml", '<w:gridCol w:w="760"/>', '<w:gridCol w:w="760.0"/>', "第 1 个表格：列宽应为整数（缇），现有“760.0”"),
    ("word/document.xml", '<w:pStyle w:val="GwCell"/></w:pPr><w:r>',
     '<w:pStyle w:val="GwCell"/></w:pPr><w:r><w:rPr><w:sz w:val="32"/></w:rPr>', "表格文字应为四号或更小"),
    ("word/document.xml", 'w:right="2054" w:rightChars="642"', 'w:right="640" w:rightChars="200"',
     "发文机关署名应右空 6.42 字，成文日期应左对齐、从署名第一个字右移 2 字处开始（左缩进 5526 缇），现为署名右空 2 字"),
    ("word/document.xml", 'w:left="5526" w:leftChars="0"', 'w:left="6000" w:leftChars="0"',
     "现为署名右空 6.42 字、日期左缩进 6000 缇"),
    ("word/document.xml", ">2025年12月26日<", ">2025年12月06日<", "成文日期应使用阿拉伯数字"),
    ("word/footer1.xml", 'w:val="right"', 'w:val="center"', "单页页码：单页页码应居右（jc right），现为 center"),
    ("word/footer2.xml", 'w:left="280"', 'w:left="0"', "双页页码：页码应空一字（left 缩进 280），现为 0"),
    ("word/footer1.xml", "— ", "- ", "页码应为“— 1 —”的形式"),
    ("word/document.xml", '<w:pStyle w:val="GwFigure"/>', "", "第 17 段（图表）：图表或图片所在段落的行距是固定值"),
]


@pytest.mark.parametrize(("part", "old", "new", "expected"), FAULTS, ids=[f[3][:14] for f in FAULTS])
def test_each_deliberate_fault_is_named(written, tmp_path, part, old, new, expected):
    source = next(p for p in written if p.name == SUMMARY)
    bad = mutate(source, tmp_path / "bad.docx", part, old, new)
    found = [str(f) for f in lint_docx(bad)]
    assert any(expected in f for f in found), found


PLAN_FAULTS = [
    ('<w:pStyle w:val="GwAttachMark"/><w:pageBreakBefore/>', '<w:pStyle w:val="GwAttachMark"/>', "附件应另起一页"),
    ('<w:pStyle w:val="GwTitle"/></w:pPr>', '<w:pStyle w:val="GwTitle"/><w:jc w:val="left"/></w:pPr>', "标题应居中"),
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
