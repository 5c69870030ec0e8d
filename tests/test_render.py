"""Rendering: golden text of the sample documents, escaping, the sandbox, valid XML."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from doctext import document_text
from docx.oxml.ns import qn
from helpers import SAMPLES, context_of, make_workbook, member
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from markupsafe import Markup

from yearend import build, columns, finish, forms, gather, resources, styles
from yearend.chinese import printed_width
from yearend.errors import TemplateProblem
from yearend.render import clean_text, render_document

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("YEAREND_REGEN_GOLDEN") == "1"


@pytest.fixture(scope="module")
def sample_run(sample_build):
    out, result = sample_build.out, sample_build.result
    assert result.exit_code == 0, result.all_problems
    return out, result


KINDS = [k.key for k in build.KINDS]


def _golden_cases():
    return [(u, k) for u in ("青山县教育局", "青山县河口镇人民政府") for k in KINDS]


def test_the_rollup_matches_golden_text(sample_run):
    out, result = sample_run
    [doc] = [d for d in result.documents if d.kind == "rollup"]
    text = document_text(out / doc.path)
    golden = GOLDEN / "rollup.txt"
    if REGENERATE:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("unit,kind", _golden_cases())
def test_sample_documents_match_golden_text(sample_run, unit, kind):
    out, result = sample_run
    [res] = [u for u in result.units if u.name == unit]
    docs = [d for d in res.documents if d.kind == kind]
    if kind == "personal_summary":  # the first member's, and a new member's (their opening differs)
        joiner = next(m["姓名"] for m in context_of(res)["名册"] if m["年内入队"])
        docs = [docs[0], next(d for d in docs if d.member == joiner)]
    text = "\n――――\n".join(document_text(out / doc.path) for doc in docs)
    golden = GOLDEN / f"{unit}-{kind}.txt"
    if REGENERATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"缺少 {golden.name}：运行 YEAREND_REGEN_GOLDEN=1 pytest tests/test_render.py 生成"
    assert text == golden.read_text(encoding="utf-8")


def _render(tmp_path, members, **unit):
    path = make_workbook(tmp_path, unit={"单位名称": "测试局", "年度": 2025, **unit}, members=members)
    result = gather.gather(tmp_path)
    [res] = result.units
    assert not res.has_errors, res.problems
    data = render_document(resources.DEFAULT_TEMPLATES / "实施方案.docx", context_of(res), finish=lambda xml: finish.fix_signature)
    path.unlink()
    return data


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def test_markup_characters_reach_the_document_as_text(tmp_path):
    data = _render(tmp_path, [member("张三", "A&B <c> \"引号\" 'x'")], 上级单位="市委<宣传部>&网信办")
    text = document_text(data)
    assert "A&B <c> \"引号\" 'x'" in text
    assert "根据市委<宣传部>&网信办有关工作要求" in text
    _xml(data)  # still well-formed


def test_control_characters_are_removed_and_line_breaks_kept(tmp_path):
    # real files carry control characters as _xHHHH_ escapes, which calamine decodes
    data = _render(tmp_path, [member("张三", "办公室_x0007__x000C__x0001_一科_x000D_\n二科")])
    text = document_text(data)
    assert "办公室一科\n二科" in text
    assert b"\x07" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_a_printable_text_is_one_clean_text_leaves_as_it_is():
    # clean_text takes str.isprintable() as proof of nothing to remove: true of every character
    from yearend.ooxml import _UNCLEAN

    assert not [c for c in range(0x110000) if chr(c).isprintable() and _UNCLEAN.search(chr(c))]
    assert clean_text("办公室\x0b一科\r\n二科\x07") == "办公室\n一科\n二科"


def test_clean_gives_back_a_clean_context_itself_and_copies_one_with_anything_to_clean():
    from collections import Counter, namedtuple

    from yearend.render import clean
    from yearend.variables import Chart

    shared = {"姓名": "张三", "学时": 4.5}
    chart = Chart("column", "参训人次", ("1月", "2月"), (("人次", (1.0, 2.0)),))
    ctx = {"名册": [shared, shared], "单位名称": "青山县民政局", "图表": {"月度": chart}, "空": None, ("a", 1): "x"}
    assert clean(ctx) is ctx
    for dirty in ({"名册": [{"姓名": "张\x07三"}]}, {"部门\r": 1}, {"t": ("一\x0b二",)},
                  {"图表": Chart("column", "参训\x01人次", ("1月",), (("人次", (1.0,)),))},
                  {"图表": Chart("column", "参训人次", ("1\x0c月",), (("人次", (1.0,)),))}):
        out = clean(dirty)
        assert out is not dirty and out != dirty
        assert "\x07" not in repr(out) and "\\r" not in repr(out) and "\\x0" not in repr(out)
    # clean makes a Counter a plain dict and a named tuple a plain tuple: never left as they are
    counted = {"c": Counter(一般=2)}
    assert type(clean(counted)["c"]) is dict
    pair = namedtuple("pair", "a b")
    assert type(clean({"p": pair("x", "y")})["p"]) is tuple
    # a record met twice in a context cleaned is cleaned once, and shared as before
    copied = clean({"名册": [shared, shared], "单位名称": "民政局\x07"})
    assert copied["单位名称"] == "民政局" and copied["名册"][0] is copied["名册"][1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=40))
def test_any_cell_text_gives_valid_xml_holding_the_text(tmp_path, text):
    tpl = resources.DEFAULT_TEMPLATES / "年度工作总结.docx"
    ctx = _minimal_context()
    ctx["单位名称"] = text
    data = render_document(tpl, ctx)
    root = _xml(data)
    expected = clean_text(text)
    body = document_text(data)
    # the text may gain line breaks as <w:br/>, never lose characters XML allows
    assert expected.replace("\n", "") in body.replace("\n", "")
    # and it is text: no element of ours carries it as a tag or an attribute
    assert root.tag == styles.W + "document"
    assert all(el.tag.startswith(("{http://schemas.openxmlformats.org/", "{http://schemas.microsoft.com/"))
               for el in root.iter() if isinstance(el.tag, str))


def _minimal_context() -> dict:
    from yearend.variables import SCALARS
    ctx = {k: "" for k in SCALARS}
    ctx.update({k: 0 for k in ("年度", "计划年度", "队伍人数", "新增人数", "减少人数", "党员人数", "党员比例", "平均年龄",
                               "部门数", "培训次数", "培训学时", "参训人次", "人均学时", "参训率", "优秀人数",
                               "计划培训次数", "计划培训学时")})
    ctx["年度"], ctx["落款"], ctx["成文日期"] = 2025, "测试局", "2025年12月31日"
    for k in ("名册", "部门统计", "类别统计", "层级统计", "培训列表", "培训计划", "工作指标", "月度工作", "部门工作",
              "考核统计", "优秀名单", "成效", "问题", "计划", "名额表", "名额缺口"):
        ctx[k] = []
    ctx.update({"领导小组": {"组长": [], "副组长": [], "成员": []}, "职责": {}, "上年": {}, "增减": {}})
    return ctx


def _template(tmp_path, text: str) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    path = tmp_path / "自定义.docx"
    d.save(path)
    return path


@pytest.mark.parametrize("tag", [
    "{{ 单位名称.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__ }}",
    "{{ 编号.__init__.__globals__ }}",
])
def test_the_sandbox_refuses_python_internals(tmp_path, tag):
    with pytest.raises(TemplateProblem, match="不允许"):
        render_document(_template(tmp_path, tag), _minimal_context())


def test_including_a_file_is_refused_and_leaks_nothing(tmp_path):
    with pytest.raises(TemplateProblem) as e:
        render_document(_template(tmp_path, "{% include '/etc/passwd' %}"), _minimal_context())
    assert "root:" not in str(e.value)


def test_unknown_variable_is_named(tmp_path):
    with pytest.raises(TemplateProblem, match="不存在的变量“队伍总人数”"):
        render_document(_template(tmp_path, "共{{ 队伍总人数 }}人"), _minimal_context())


def test_section_without_data_is_left_out_and_numbering_closes_up(tmp_path):
    # no trainings, no work sheet, no assessment, no points: only the sections the data supports
    make_workbook(tmp_path, members=[member("张三", 领导小组职务="组长")])
    result = gather.gather(tmp_path)
    ctx = context_of(result.units[0])
    text = document_text(render_document(resources.DEFAULT_TEMPLATES / "年度工作总结.docx", ctx))
    headings = [line for line in text.splitlines() if line and line[0] in "一二三四五（" and "、" in line[:3]]
    # a lone （一） is no sub-heading; with no points sheet, the problems and plans the data shows
    assert headings == ["一、基本情况", "二、主要做法和成效", "三、存在的问题", "四、下一步工作打算"]
    assert "0次" not in text and "有序开展" not in text.split("现将")[0].replace("队伍管理有序开展", "")
    problems = text.split("三、存在的问题")[1].split("四、")[0]
    assert "没有组织集中培训" in problems and "工作量没有按月登记" in problems
    # no grades yet is a step to come (the summary is often written before the assessment), not a fault;
    # no item opens with a year, so the list keeps 1. (not （1）)
    assert "考核" not in problems.replace("考核缺少依据", "")
    plans = text.split("四、下一步工作打算")[1]
    assert "1.按季度组织集中培训，2026年全年不少于4次" in plans and "按考核办法完成2025年度考核" in plans


def test_signature_indents_follow_gbt_9704():
    pitch = finish.GRID_PITCH
    # issuer 6 characters, 2025年12月26日 printed 9.1 wide: the date is the longer, so it ends
    # 2 characters from the right and the issuer moves left to keep the offset
    r1, left = finish.signature_indents("青山县教育局", "2025年12月26日")
    issuer_start = styles.TEXT_WIDTH - r1 * styles.CHAR - 6 * pitch
    assert abs(left - (issuer_start + 2 * pitch)) <= 2  # the date starts 2 characters right of the issuer
    date_end = left + printed_width("2025年12月26日") * pitch
    assert abs(styles.TEXT_WIDTH - date_end - 2 * styles.CHAR) <= 2  # and ends 2 from the right
    # a long issuer: issuer right-indented 2, the date starts 2 characters in from its start
    r1, left = finish.signature_indents("青山县河口镇人民政府办公室", "2025年1月6日")
    assert r1 == 2.0 and abs(left - (styles.TEXT_WIDTH - 2 * styles.CHAR - 13 * pitch + 2 * pitch)) <= 2
    # a landscape line (the roll-up) holds 40 whole characters, centred: the offset stays 2
    r1, left = finish.signature_indents("青山县委宣传部", "2025年12月30日", styles.LANDSCAPE_TEXT_WIDTH)
    inset = (styles.LANDSCAPE_TEXT_WIDTH - 40 * pitch) / 2
    issuer_start = styles.LANDSCAPE_TEXT_WIDTH - inset - r1 * styles.CHAR - 7 * pitch
    assert abs(inset + left - (issuer_start + 2 * pitch)) <= 2


def test_a_column_loop_widens_its_table(tmp_path):
    """docxtpl's {%tc for %} adds cells; the table's grid gets a column for each."""
    import docx

    d = docx.Document()
    t = d.add_table(rows=2, cols=4)
    for row, (label, field) in enumerate((("指标", "x.指标"), ("合计", "x.合计"))):
        for col, text in enumerate((label, "{%tc for x in 工作指标 %}", "{{ " + field + " }}", "{%tc endfor %}")):
            t.cell(row, col).text = text
    path = tmp_path / "列循环.docx"
    d.save(path)
    metrics = [{"指标": n, "合计": i} for i, n in enumerate(("发帖", "跟帖", "转发", "上报"), 1)]
    out = docx.Document(io.BytesIO(render_document(path, {**_minimal_context(), "工作指标": metrics})))
    [table] = out.tables
    assert [c.text for c in table.rows[0].cells] == ["指标", "发帖", "跟帖", "转发", "上报"]
    assert [c.text for c in table.rows[1].cells] == ["合计", "1", "2", "3", "4"]
    assert len(table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))) == 5  # was 4


def test_a_tag_in_the_header_is_filled(tmp_path):
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "{{ 单位名称 }}文件（{{ 年度 }}年度，共{{ 队伍人数 }}名）"
    d.add_paragraph("正文")
    path = tmp_path / "页眉.docx"
    d.save(path)
    [ctx] = [context_of(u) for u in gather.gather(SAMPLES).units if u.name == "青山县教育局"]
    out = docx.Document(io.BytesIO(render_document(path, ctx)))
    assert out.sections[0].header.paragraphs[0].text == "青山县教育局文件（2025年度，共30名）"


@pytest.mark.parametrize("tag,advice", [
    ("{{ 单位名称|日期 }}", "模板“滤器.docx”：“测试局”不是日期，日期过滤器只能用于日期"),
    ("{{ 单位名称|中文数字 }}", "模板“滤器.docx”：“测试局”不是数字，“中文数字”过滤器只能用于数字"),
    ("{{ 编号(5) }}", "模板“滤器.docx”：编号的层级只能是 1 到 4，而不是 5"),
])
def test_a_filter_given_the_wrong_value_names_the_template_and_says_why(tmp_path, tag, advice):
    import docx

    d = docx.Document()
    d.add_paragraph(tag)
    path = tmp_path / "滤器.docx"
    d.save(path)
    ctx = {**_minimal_context(), "单位名称": "测试局"}
    with pytest.raises(TemplateProblem) as e:
        render_document(path, ctx)
    assert str(e.value).startswith(advice)
    assert "Error" not in str(e.value)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=12).filter(lambda n: "\x00" not in n), st.binary(max_size=3000)),
                min_size=1, max_size=6, unique_by=lambda m: m[0]))
def test_the_zip_written_from_cached_members_is_zipfiles_own(members):
    """write_zip with its cache writes the archive itself from zipfile's records; it must be
    byte for byte what zipfile writes, for any names (non-ASCII ones set a flag) and data,
    whether a member is new, cached or written by a function, document after document."""
    from yearend.ooxml import _zip64, write_zip

    plain = dict(members)
    cache: dict = {}
    for _ in range(2):  # compressed, then taken from the cache
        assert write_zip(plain, cache) == _zip64(plain)
    name, data = members[0]
    streamed = dict(plain, **{name: lambda f: f.write(data)})
    assert write_zip(streamed, cache) == _zip64(plain)
    # written in pieces (as lxml serialises a document part, and pieces.write does, some as
    # memoryviews), each piece compressed as zipfile's writer compresses it
    cut = len(data) // 3
    pieces = dict(plain, **{name: lambda f: (f.write(data[:cut]), f.write(memoryview(data)[cut:]))})
    assert write_zip(pieces, cache) == _zip64(pieces)
    assert zipfile.ZipFile(io.BytesIO(write_zip(plain, cache))).testzip() is None


def test_a_dicts_keys_and_methods_mean_what_they_mean_in_jinja():
    """make_environment looks x.名称 up in a dict without Jinja's detour through an
    exception; what a template gets must be what Jinja's sandbox gives."""
    from jinja2 import UndefinedError
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    from yearend.render import make_environment

    ours, jinja = make_environment(), SandboxedEnvironment(undefined=make_environment().undefined, autoescape=True)
    record = {"姓名": "张三", "items": "键名与方法同名", "部门": None}
    for source in ("{{ r.姓名 }}", "{{ r.items()|list|length }}", "{{ r.部门 }}", "{{ r.get('姓名') }}"):
        assert ours.from_string(source).render(r=record) == jinja.from_string(source).render(r=record)
    with pytest.raises(UndefinedError, match="没有"):
        ours.from_string("{{ r.没有 }}").render(r=record)
    with pytest.raises(SecurityError):
        ours.from_string("{{ r.__class__.__subclasses__() }}").render(r=record)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "<w:pPr><w:jc w:val=\"center\"/></w:pPr>"]),
                          st.text(alphabet="甲乙 \t\n\a\f&", max_size=12)), min_size=1, max_size=5))
def test_line_breaks_are_resolved_paragraph_by_paragraph_as_docxtpl_does(paragraphs):
    """Only the paragraphs holding \\t, \\n, \\a or \\f go through docxtpl's resolve_listing;
    the document must come out as docxtpl's pass over all of them makes it."""
    from docxtpl import DocxTemplate
    from markupsafe import Markup

    from yearend.render import Prepared, make_environment

    xml = "".join(f'<w:p>{ppr}<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
                  for ppr, text in paragraphs)
    ready = Prepared.__new__(Prepared)
    ready.helper, ready.name = DocxTemplate(None), "测试.docx"
    compiled = make_environment().from_string("{{ body }}")
    rendered = b"".join(ready._rendered(compiled, "", {"body": Markup(xml)})).decode("utf-8")
    assert rendered == DocxTemplate(None).resolve_listing(xml)


def _table_body(cells: list[list[str]], size: int | None, width: int = 8800) -> etree._Element:
    """A body holding one table of ``cells`` (rows of texts), every run at ``size`` half-points (None: no size)."""
    w = styles.W_NS
    rpr = f'<w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>' if size else ""
    n = len(cells[0])
    rows = "".join("<w:tr>" + "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width // n}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr>{rpr}</w:pPr><w:r>{rpr}<w:t>{text}</w:t></w:r></w:p></w:tc>' for text in row) + "</w:tr>"
        for row in cells)
    grid = "".join(f'<w:gridCol w:w="{width // n}"/>' for _ in range(n))
    return etree.fromstring(f'<w:body xmlns:w="{w}"><w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl></w:body>')


def test_short_words_too_many_for_the_line_make_the_table_text_smaller_not_broken():
    body = _table_body([["基本合格"] * 14] * 3, 28)
    columns.fit_columns(body)
    sizes = {int(el.get(qn("w:val"))) for el in body.iter(qn("w:sz"), qn("w:szCs"))}
    assert len(sizes) == 1 and columns.MIN_SIZE <= sizes.pop() < 28  # one smaller size for the whole table
    cols = [int(c.get(qn("w:w"))) for c in body.iter(qn("w:gridCol"))]
    assert sum(cols) == 14 * (8800 // 14)
    assert [int(tcw.get(qn("w:w"))) for tcw in body.iter(qn("w:tcW"))] == cols * 3  # each cell as its column


ROSTER_HEAD = ["序号", "姓名", "性别", "出生年月", "政治面貌", "部门", "职务", "队伍类别", "层级", "入队时间", "联系电话", "备注"]


def _roster_row(i: int, department: str, note: str) -> list[str]:
    return [str(i), "慕容英子", "女", "1984年12月", "中共预备党员", department, "社区党委书记、居委会主任", "网络文明志愿者",
            "骨干", "2022年11月", "071*****1255", note]


def _sizes(body) -> set[int]:
    return {int(el.get(qn("w:val"))) for el in body.iter(qn("w:sz"), qn("w:szCs"))}


def test_a_crowded_roster_takes_a_smaller_size_rather_than_break_its_departments():
    # a street office's landscape roster (12,756 twips): at 五号 its 部门 and 队伍类别 columns were
    # narrower than 党政综合办公室 and 网络文明志愿者, and 备注 four characters wide
    notes = ["借调县委宣传部，期间工作由所在部门安排", "2025年度优秀通讯员，市级媒体采用稿件三篇", ""]
    rows = [ROSTER_HEAD] + [_roster_row(i, ["党政综合办公室", "平安建设办公室", "党群服务中心"][i % 3], notes[i % 3])
                            for i in range(1, 13)]
    body = _table_body(rows, 21, width=12756)
    columns.fit_columns(body)
    sizes = _sizes(body)
    assert len(sizes) == 1 and columns.MIN_SIZE <= min(sizes) < 21  # one smaller size for the whole table
    size = sizes.pop()
    cols = [int(c.get(qn("w:w"))) for c in body.iter(qn("w:gridCol"))]
    assert sum(cols) == 12 * (12756 // 12)
    for col, name in ((5, "党政综合办公室"), (7, "网络文明志愿者")):  # printed whole, margins included
        assert cols[col] >= int(printed_width(name) * size * 10) + 170


def test_a_roster_with_room_keeps_its_size():
    # the same columns with short departments and no notes: every name whole at 五号 already
    rows = [ROSTER_HEAD] + [_roster_row(i, "办公室", "")[:5] + ["办公室", "干事", "网络评论员"] + _roster_row(i, "", "")[8:]
                            for i in range(1, 13)]
    body = _table_body(rows, 21, width=12756)
    columns.fit_columns(body)
    assert _sizes(body) == {21}


def test_a_table_that_takes_its_text_size_from_a_style_is_not_shrunk():
    body = _table_body([["基本合格"] * 14] * 3, None)
    columns.fit_columns(body)
    assert not list(body.iter(qn("w:sz")))  # no size written where the style gives it
    assert sum(int(c.get(qn("w:w"))) for c in body.iter(qn("w:gridCol"))) == 14 * (8800 // 14)


def test_a_whole_date_is_kept_on_one_line_like_a_short_word():
    # 2024年10月12日 is 7 characters wide by text_width, longer than a short word, yet a
    # date broken after 12 reads as a typo: its column gets its printed width
    # (the table may take a smaller size to keep 城关市场监督管理所 whole: the date is measured at it)
    body = _table_body([["部门", "城关市场监督管理所", "职务", "综合执法大队副大队长", "入队日期", "2024年10月12日"]], 24)
    columns.fit_columns(body)
    cols = [int(c.get(qn("w:w"))) for c in body.iter(qn("w:gridCol"))]
    size = int(next(body.iter(qn("w:sz"))).get(qn("w:val")))
    assert 18 <= size <= 24
    assert cols[5] >= int(printed_width("2024年10月12日") * size * 10) + 170
    assert sum(cols) == 6 * (8800 // 6)


def _form_body(above: list[str], lines: int = 1) -> etree._Element:
    """A marked one-page form under a title and a 填报单位 line: a row for each text of
    ``above`` across the table (``lines`` paragraphs each), then the 个人小结 box (3900 twips,
    five blank lines, the signature and date) and the 考核意见 box (1900)."""
    w = styles.W_NS
    rpr = '<w:rPr><w:sz w:val="24"/></w:rPr>'

    def row(texts: list[str], height: int = 0) -> str:
        trpr = f'<w:trPr><w:trHeight w:val="{height}" w:hRule="atLeast"/></w:trPr>' if height else ""
        paras = "".join(f"<w:p><w:r>{rpr}<w:t>{t}</w:t></w:r></w:p>" for t in texts)
        return (f'<w:tr>{trpr}<w:tc><w:tcPr><w:tcW w:w="1150" w:type="dxa"/></w:tcPr><w:p><w:r>{rpr}<w:t>栏目</w:t></w:r></w:p></w:tc>'
                f'<w:tc><w:tcPr><w:tcW w:w="7695" w:type="dxa"/><w:gridSpan w:val="2"/></w:tcPr>{paras}</w:tc></w:tr>')
    rows = "".join(row([t] * lines) for t in above)
    rows += row([""] * 5 + ["本人签字：", "年　月　日"], 3900) + row(["等次：", "负责人签字：", "年　月　日"], 1900)
    return etree.fromstring(
        f'<w:body xmlns:w="{w}"><w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>个人考核登记表</w:t></w:r></w:p>'
        f'<w:p><w:r><w:t>填报单位：青山县教育局</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblCaption w:val="{styles.ONE_PAGE}"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="1150"/><w:gridCol w:w="3800"/><w:gridCol w:w="3895"/></w:tblGrid>{rows}</w:tbl></w:body>')


def _box(body) -> tuple[int, int]:
    """The 个人小结 box's height and its paragraphs."""
    tr = [tr for tr in body.iter(qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}") is not None][0]
    return int(tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}").get(qn("w:val"))), sum(1 for _ in tr.iter(qn("w:p"))) - 1


def test_a_member_form_whose_rows_hold_more_gives_it_up_from_its_blank_box():
    # the form's fix runs with its columns' (columns.fit_columns, on the cells it walked)
    fit_form_page = columns.fit_columns

    short = _form_body(["发帖55条"] * 8)
    fit_form_page(short)
    height, paras = _box(short)
    # room to spare: the box grows into it (GENRE: about half a page), SPARE left free; fitted
    # again, it stays as it is
    assert 3900 < height < forms.ROOM // 2 and paras == 7
    fit_form_page(short)
    assert _box(short) == (height, 7)
    longer = _form_body(["16条，其中较大及以上4条：1月17日“网民反映办事窗口排队时间过长”、2月18日“网民反映办事窗口排队时间过长”"] * 8)
    fit_form_page(longer)
    height, paras = _box(longer)
    assert 1000 < height < 3900 and paras == 7  # shorter, its blank lines all kept
    most = _form_body(["1月6日　网络评论写作技巧（1学时）"] * 12, lines=2)
    fit_form_page(most)
    height, paras = _box(most)
    assert paras == 4  # down to two blank lines for the hand, and no shorter than what it holds
    assert height >= int(4 * 1.44 * 240)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from("中文&<>'\"ab 1;#"), max_size=12), st.integers(), st.none(),
                 st.floats(allow_nan=False), st.text(max_size=8).map(Markup)))
def test_what_a_template_prints_is_escaped_as_markupsafe_escapes_it(value):
    from markupsafe import escape

    from yearend.render import _escaped

    assert str(_escaped(value)) == str(escape(value))


def test_the_compiled_templates_print_through_our_escape():
    from yearend.render import _escaped, prepared

    ready = prepared(resources.DEFAULT_TEMPLATES / "年度工作总结.docx")
    assert ready.body.root_render_func.__globals__["escape"] is _escaped


def test_a_units_documents_make_no_reference_cycles():
    # documents.build_unit renders a whole unit with the cyclic collector off; that is safe
    # only while rendering leaves no cycles behind (a 5,000-member unit would hold them all)
    import gc

    from yearend import documents, figures
    from yearend.render import Cleaned, clean

    model, _ = gather.read_one(SAMPLES / "青山县教育局.xlsx")

    def render() -> int:
        ctx = Cleaned(clean(figures.context(model, None)))
        return len(list(documents.render_unit(ctx, model.tables, resources.DEFAULT_TEMPLATES)))

    render()  # the first unit fills caches and imports
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        assert render() > 20
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    assert left == []
