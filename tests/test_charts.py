"""Native charts: chart parts in the .docx whose cached values, and whose embedded
workbook, hold the unit's figures; a chart only where its data is."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

import openpyxl
import pytest
from doctext import document_text
from helpers import SAMPLES, TRAININGS, context_of, member
from lxml import etree

from yearend import build, resources
from yearend.charts import Chart, chart_space, workbook

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    """rId → the target's path inside the zip, for ``part``."""
    p = PurePosixPath(part)
    root = etree.fromstring(z.read(str(p.parent / "_rels" / (p.name + ".rels"))))
    out = {}
    for rel in root.iter(PR + "Relationship"):
        parts = []
        for bit in (p.parent / rel.get("Target")).parts:  # resolve ../
            if bit == "..":
                parts.pop()
            else:
                parts.append(bit)
        out[rel.get("Id")] = "/".join(parts)
    return out


def charts_in(path: Path) -> dict[str, dict]:
    """Each chart of a .docx by its name: categories, series (name → values) from the
    chart's cache, and the rows of its embedded workbook."""
    z = zipfile.ZipFile(path)
    doc = etree.fromstring(z.read("word/document.xml"))
    rels = _rels(z, "word/document.xml")
    types = z.read("[Content_Types].xml").decode()
    out = {}
    for inline in doc.iter(WP + "inline"):
        name = inline.find(WP + "docPr").get("name")
        part = rels[inline.find(f".//{C}chart").get(R + "id")]
        assert f'PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"' \
            in types
        space = etree.fromstring(z.read(part))
        series = {}
        for ser in space.iter(C + "ser"):
            label = ser.find(f"{C}tx//{C}v").text
            series[label] = [float(v.text) for v in ser.findall(f"{C}val//{C}pt/{C}v")]
            categories = [v.text for v in ser.findall(f"{C}cat//{C}pt/{C}v")]
        book_part = _rels(z, part)[space.find(C + "externalData").get(R + "id")]
        ws = openpyxl.load_workbook(io.BytesIO(z.read(book_part))).active
        out[name] = {"categories": categories, "series": series,
                     "book": [[c.value for c in row] for row in ws.iter_rows()]}
    return out


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The samples, built with the default templates and one of ours that holds every chart
    (a build of this module's own: its templates are not the shared sample build's)."""
    import shutil

    import docx

    out, templates = tmp_path_factory.mktemp("out"), tmp_path_factory.mktemp("templates") / "模板"
    shutil.copytree(resources.DEFAULT_TEMPLATES, templates)
    d = docx.Document()
    for name in ("月度学时", "月度工作", "部门构成"):
        d.add_paragraph("{{ 图表." + name + " }}")
    d.save(templates / "图表.docx")
    result = build.build(build.Options(SAMPLES, out, templates=templates))
    return out, {u.name: u for u in result.units}


def _doc(out: Path, res, kind: str) -> Path:
    return out / next(d.path for d in res.documents if d.kind == kind)


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
def test_charts_stand_only_where_they_say_more_than_a_table(sample):
    """The training table lists every session and the plan's table every department: no
    chart repeats them; the work figures by month have no table, so they get a chart, and
    only when there is more than one month to show."""
    out, units = sample
    bureau, town = units["青山县教育局"], units["青山县河口镇人民政府"]
    assert set(charts_in(_doc(out, bureau, "summary"))) == {"2025年度每月工作量"}
    assert charts_in(_doc(out, town, "summary")) == {}  # no work sheet
    assert "各月工作量见下图" not in document_text(_doc(out, town, "summary"))
    assert charts_in(_doc(out, bureau, "plan")) == {}


MONTHS = [f"{m}月" for m in range(1, 13)]


def test_the_charts_hold_the_training_and_work_figures(sample):
    out, units = sample
    res = units["青山县教育局"]
    ctx = context_of(res)
    charts = charts_in(_doc(out, res, "custom"))
    assert set(charts) == {"2025年度每月培训学时", "2025年度每月工作量", "队伍成员部门分布"}

    hours = charts["2025年度每月培训学时"]
    assert hours["categories"] == MONTHS
    assert hours["series"] == {"培训学时": [r["学时"] for r in ctx["月度培训"]]}
    assert sum(hours["series"]["培训学时"]) == ctx["培训学时"] > 0

    work = charts["2025年度每月工作量"]
    assert list(work["series"]) == [f"{m['指标']}（{m['单位']}）" for m in ctx["工作指标"]]  # each with its unit
    for metric in ctx["工作指标"]:
        values = work["series"][f"{metric['指标']}（{metric['单位']}）"]
        assert sum(values) == metric["合计"]
        by_month = {m["月份"]: next(x["合计"] for x in m["各项"] if x["指标"] == metric["指标"]) for m in ctx["月度工作"]}
        assert values == [by_month.get(m, 0) for m in range(1, 13)]
    # the embedded workbook a clerk edits in Word holds the same numbers
    assert work["book"][0] == [None, *work["series"]]
    assert [row[0] for row in work["book"][1:]] == MONTHS
    assert [row[1] for row in work["book"][1:]] == work["series"]["发帖（条）"]


def test_the_department_chart_counts_each_department(sample):
    out, units = sample
    res = units["青山县教育局"]
    chart = charts_in(_doc(out, res, "custom"))["队伍成员部门分布"]
    depts = context_of(res)["部门统计"]
    assert chart["categories"] == [d["部门"] for d in depts]
    totals = [sum(col) for col in zip(*chart["series"].values(), strict=True)]
    assert totals == [d["人数"] for d in depts]
    assert list(chart["series"]) == [c["类别"] for c in context_of(res)["类别统计"]]


def test_no_work_sheet_no_work_chart(sample):
    out, units = sample
    res = units["青山县河口镇人民政府"]
    assert not context_of(res)["工作指标"]
    assert set(charts_in(_doc(out, res, "custom"))) == {"2025年度每月培训学时", "队伍成员部门分布"}


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
def test_no_trainings_no_chart_and_no_caption(tmp_path, make_unit):
    inp = make_unit(members=[member("张三"), member("李四", "宣传科", 队伍类别="新闻通讯员")]).parent
    out = tmp_path / "out"
    [res] = build.build(build.Options(inp, out)).units
    summary = _doc(out, res, "summary")
    assert charts_in(summary) == {}
    assert "每月培训学时" not in document_text(summary)
    assert context_of(res)["图表"]["部门构成"].series == (("网络评论员", (1, 0)), ("新闻通讯员", (0, 1)))


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
def test_a_chart_in_an_ordinary_paragraph_is_given_room(tmp_path, make_unit):
    """A clerk's template that puts a chart in a body paragraph (fixed 28.95 pt
    lines) still shows the whole chart: the paragraph gets the 图表 style."""
    import shutil

    import docx

    from yearend.lint import lint_docx

    templates, out = tmp_path / "模板", tmp_path / "out"
    shutil.copytree(resources.DEFAULT_TEMPLATES, templates)
    d = docx.Document(templates / "年度工作总结.docx")
    d.add_paragraph("{{ 图表.月度学时 }}")  # Normal style: exact line spacing
    d.save(templates / "我的总结.docx")
    inp = make_unit(members=[member("张三")], trainings=TRAININGS).parent
    [res] = build.build(build.Options(inp, out, templates=templates)).units
    path = out / next(d.path for d in res.documents if d.kind == "custom")
    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    holders = [p for p in body.iter(W + "p") if p.find(f".//{C}chart") is not None]
    assert len(holders) == 1  # the default summary shows no chart of training hours: only the clerk's one
    assert all(p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "GwFigure" for p in holders)
    assert lint_docx(path) == []


def test_chart_text_survives_odd_names():
    chart = Chart("bar", "a<b", ("办公室&党建", "=SUM(A1)"), (("类别<1>", (1, 2)),))
    xml = etree.tostring(chart_space(chart), encoding="unicode")
    assert "办公室&amp;党建" in xml and "类别&lt;1&gt;" in xml
    ws = openpyxl.load_workbook(io.BytesIO(workbook(chart))).active
    assert (ws["A3"].value, ws["A3"].data_type) == ("=SUM(A1)", "s")  # text, never a formula


def test_zero_values_carry_no_label_and_the_value_axis_names_its_unit(sample):
    out, units = sample
    path = _doc(out, units["青山县河口镇人民政府"], "custom")
    z = zipfile.ZipFile(path)
    spaces = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/charts/chart")}
    bar = next(x for x in spaces.values() if x.find(f".//{C}barChart/{C}barDir[@val='bar']") is not None)
    assert bar.find(f".//{C}dLbls/{C}numFmt").get("formatCode") == "General;-General;;@"  # empty third section: no 0
    titles = ["".join(t.text for t in x.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
              for sp in spaces.values() for x in sp.iter(f"{C}title")]
    assert "人数（名）" in titles and "学时" in titles


def test_a_chart_met_again_is_made_once_and_charts_equal_but_printed_differently_are_not_confused(monkeypatch):
    from yearend import charts

    made: list[Chart] = []
    real = charts.chart_space
    monkeypatch.setattr(charts, "chart_space", lambda c: made.append(c) or real(c))
    charts._made_as.cache_clear()
    whole = Chart("column", "参训人次", ("1月", "2月"), (("人次", (1, 2)),))
    decimal = Chart("column", "参训人次", ("1月", "2月"), (("人次", (1.0, 2.0)),))
    assert whole == decimal  # equal as values; the key tells them apart all the same
    first = charts._made(whole)
    assert charts._made(whole) == first and len(made) == 1
    assert charts._made(decimal) == (etree.tostring(_space_with_data(decimal), xml_declaration=True, encoding="UTF-8",
                                                    standalone=True), workbook(decimal))
    assert len(made) == 2


def _space_with_data(chart: Chart):
    space = chart_space(chart)
    space.get_or_add_externalData().rId = "rId1"
    return space
