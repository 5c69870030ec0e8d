"""A very large document finished a few pages at a time (yearend/pieces.py) is byte for
byte the one finished whole: for every kind of the samples and of units unlike them, and
for the cases the cuts are made to avoid (a total row above a page's first line, a page
break inside a table, a broken document)."""

from __future__ import annotations

import io
import zipfile

import pytest
from helpers import SAMPLES, context_of
from lxml import etree
from units import make

from yearend import documents, gather, ooxml, pieces, resources
from yearend.errors import TemplateProblem
from yearend.finish import finish_document
from yearend.ooxml import W_NS
from yearend.render import render_document


def _cut_at_every_page(monkeypatch) -> list:
    """From here on every document is cut before every page that can start a piece; the
    cuts found (or None), document by document."""
    found: list = []
    real = pieces.cuts
    monkeypatch.setattr(pieces, "WHOLE", 0)
    monkeypatch.setattr(pieces, "cuts", lambda data, size=None: found.append(real(data, 1)) or found[-1])
    return found


def _documents(folder) -> dict[str, bytes]:
    out = {}
    for res in gather.gather(folder).units:
        for record, data in documents.render_unit(context_of(res), res.model.tables, resources.DEFAULT_TEMPLATES):
            out[record.path] = data
    return out


@pytest.mark.slow  # every document of four units, rendered twice
def test_every_kind_comes_out_the_same_finished_in_pieces(tmp_path, monkeypatch):
    for seed in (28, 69):  # a 40-member street office in three categories; a school
        make(tmp_path, seed)
    whole = {**_documents(SAMPLES), **_documents(tmp_path)}
    found = _cut_at_every_page(monkeypatch)
    pieced = {**_documents(SAMPLES), **_documents(tmp_path)}
    assert pieced.keys() == whole.keys()
    assert [p for p in pieced if pieced[p] != whole[p]] == []
    cut = [at for at in found if at]
    assert len(cut) >= 4 and sum(len(at) - 1 for at in cut) > 50  # each member form, a page a piece


SHELL = (f'<w:document xmlns:w="{W_NS}"><w:body>{{}}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
         '</w:sectPr></w:body></w:document>')


def _page(title: str) -> str:
    return (f'<w:p><w:pPr><w:pStyle w:val="GwTitle"/><w:pageBreakBefore/></w:pPr><w:r><w:t>{title}</w:t></w:r></w:p>')


def _table(rows: list[str], inside: str = "") -> str:
    cells = "".join(f'<w:tr><w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p>{inside}</w:tc>'
                    f'<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>' for text in rows)
    return f'<w:tbl><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>{cells}</w:tbl>'


def _both(body: str) -> tuple[bytes, bytes, list[int] | None]:
    """The document part finished whole and in pieces (cut at every page), and the cuts."""
    data = SHELL.format(body).encode("utf-8")
    fixes = finish_document(data)
    root = etree.fromstring(data)
    fixes(root.find(f"{{{W_NS}}}body"))
    whole = io.BytesIO()
    etree.ElementTree(root).write(whole, xml_declaration=True, encoding="UTF-8", standalone=True)
    at = pieces.cuts(data, 1)
    pieced = io.BytesIO()
    if at is not None:
        ends = pieces.ends(f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'.encode())
        pieces.write(pieced, data, at, ends, f'xmlns:w="{W_NS}"'.encode(), lambda body, ahead: fixes(body), "坏了")
    return whole.getvalue(), pieced.getvalue(), at


def test_a_total_row_above_the_next_page_is_kept_as_whole(monkeypatch):
    monkeypatch.setattr(pieces, "WHOLE", 0)
    body = "".join(_page(f"第{i}页") + _table(["甲", "乙", "合计"]) for i in range(3))
    whole, pieced, at = _both(body)
    assert at is not None and len(at) == 4  # three pieces
    # each table's row above the total, and its total row when a line follows (the next page's
    # title, read across the cut; not after the last table): two cells each
    assert pieced.count(b"keepNext") == whole.count(b"keepNext") == 2 + 2 + 2 + 2 + 2
    assert pieced.startswith(b"<?xml") and pieced == whole


def test_a_page_break_inside_a_table_is_parsed_with_the_rest(monkeypatch):
    monkeypatch.setattr(pieces, "WHOLE", 0)
    body = _page("一") + _table(["甲", "合计"]) + _page("二") + _table(["乙"], inside=_page("表中")) + _page("三")
    whole, pieced, at = _both(body)
    assert at is not None and len(at) == 5  # the cut inside the table found, and not kept
    assert pieced == whole


def test_a_broken_document_in_pieces_is_named_as_broken(monkeypatch):
    monkeypatch.setattr(pieces, "WHOLE", 0)
    body = _page("一") + "<w:p><w:r><w:t>开</w:t></w:r>" + _page("二")  # a paragraph never closed
    data = SHELL.format(body).encode("utf-8")
    at = pieces.cuts(data, 1)
    assert at is not None
    with pytest.raises(TemplateProblem, match="坏了"):
        pieces.write(io.BytesIO(), data, at, (b"", b""), f'xmlns:w="{W_NS}"'.encode(), lambda body, ahead: None, "坏了")


def test_small_documents_and_signed_ones_are_parsed_whole():
    body = "".join(_page(f"第{i}页") for i in range(3))
    assert pieces.cuts(SHELL.format(body).encode(), 1) is None  # under WHOLE bytes
    big = SHELL.format(body * (pieces.WHOLE // len(body) + 1)).encode()
    assert pieces.cuts(big) is not None
    assert pieces.cuts(big.replace(b"GwTitle", b"GwSign", 1)) is None


def test_a_page_break_kept_only_in_a_tracked_change_is_no_cut():
    """Word's track changes keep a paragraph's old properties in w:pPrChange: a page break
    there is not the paragraph's (forms._above walks past it), so no piece starts there."""
    tracked = ('<w:p><w:pPr><w:pStyle w:val="GwMeta"/><w:pPrChange w:id="1" w:author="a"><w:pPr>'
               '<w:pageBreakBefore/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>填报单位</w:t></w:r></w:p>')
    body = _page("一") + tracked + _table(["甲"]) + _page("二") + _table(["乙"])
    data = SHELL.format(body).encode("utf-8")
    at = pieces.cuts(data + b" " * pieces.WHOLE, 1)
    assert at is not None and len(at) == 3 and data[at[1]:].startswith(_page("二").encode())


@pytest.mark.parametrize("odd", ["<!-- <w:p><w:pPr><w:pageBreakBefore/> -->", "<?mso <w:p><w:pPr><w:pageBreakBefore/>?>",
                                 "<![CDATA[ <w:p><w:pPr><w:pageBreakBefore/> ]]>"])
def test_a_document_holding_a_comment_or_instruction_is_parsed_whole(odd):
    """Text inside a comment (or CDATA, or a processing instruction) may look like a page's
    paragraph: a cut there lost the paragraph the comment stood in."""
    body = "".join(_page(f"第{i}页") for i in range(3))
    data = SHELL.format(body.replace("</w:r></w:p>", f"</w:r>{odd}</w:p>", 1)).encode("utf-8")
    assert pieces.cuts(SHELL.format(body).encode() + b" " * pieces.WHOLE, 1) is not None
    assert pieces.cuts(data + b" " * pieces.WHOLE, 1) is None


@pytest.mark.parametrize("twice", [False, True])
def test_a_clerks_template_with_a_chart_atop_every_page_comes_out_the_same(tmp_path, monkeypatch, twice):
    """Charts' drawings are numbered through the document (docxtpl's fix_docpr_ids): one in a
    page's first paragraph, read with the piece before it, is numbered once, with its own.
    ``twice``: the document part written a second time, as a member over 1 GiB is (given to
    zipfile after compressing it once), numbered as the first time."""
    import docx

    if twice:
        monkeypatch.setattr(ooxml, "_SMALL", 0)
    d = docx.Document()
    d.add_paragraph("{%p for m in 名册 %}")
    d.add_paragraph("{{ 图表.部门构成 }}").paragraph_format.page_break_before = True
    d.add_paragraph("{{ m.姓名 }}，{{ m.部门 }}")
    d.add_paragraph("{%p endfor %}")
    template = tmp_path / "每人一页.docx"
    d.save(template)
    [res] = [u for u in gather.gather(SAMPLES).units if u.name == "青山县教育局"]
    ctx = context_of(res)
    whole = render_document(template, ctx, finish=finish_document)
    found = _cut_at_every_page(monkeypatch)
    pieced = render_document(template, ctx, finish=finish_document)
    assert found[-1] is not None and len(found[-1]) > 10  # a piece a member
    one, two = (zipfile.ZipFile(io.BytesIO(x)).read("word/document.xml") for x in (whole, pieced))
    assert one.count(b"<wp:docPr") == len(ctx["名册"]) and one == two
    assert pieced == whole
