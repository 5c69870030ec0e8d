"""Native Word charts: a chart part whose data sits in an embedded workbook, so a
clerk can right-click it in Word or WPS and edit the figures; not a picture.

figures.py describes each chart as a ``Chart`` (plain data). When a document is
rendered, ``bind`` turns each into an object that docxtpl prints like its own
InlineImage: on ``{{ 图表.月度学时 }}`` it adds the chart part and the workbook to
the document and returns the inline graphic.

python-pptx writes the chart XML (``CategoryChartData``, its ``ChartXmlWriter``,
and its chart object model for legend, labels, axes and colours). python-docx has
no charts, so the part, its two relationships and the ``wp:inline`` are added here
by hand. The embedded workbook is written with openpyxl in the layout python-pptx's
XML refers to (categories in column A from row 2, one series a column, its name
in row 1), because python-pptx's own writer stamps the clock into the workbook and
the same input must give the same bytes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from . import layout

CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
# Chart text is 宋体: present on every Chinese Windows PC and legible at 10.5 pt,
# where 仿宋 thins out; the same face the page numbers use.
FACE = "宋体"
TEXT_SIZE = 10.5
# Colours that stay apart when a county office prints in black and white.
COLOURS = ("1F4E79", "C55A11", "7F7F7F", "BF9000", "548235", "7030A0", "2E75B6", "843C0C")
EMU_PER_TWIP = 635
EMU_PER_MM = 36000
FIRST_DRAWING_ID = 9001  # clear of the ids python-docx gives pictures


@dataclass(frozen=True)
class Chart:
    """One chart: ``kind`` is "column" (clustered), "line" (with markers) or "bar"
    (horizontal, stacked); one value per category in each series."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    height_mm: int = 70
    labels: bool = True  # the value printed on each column or bar

    def __str__(self) -> str:  # what `fields` and a chart outside a render show
        return f"（图表：{self.title}）"


def bind(ctx: dict, tpl) -> None:
    """Make the charts in ``ctx["图表"]`` printable in ``tpl`` (a DocxTemplate)."""
    if not isinstance(ctx.get("图表"), dict):
        return
    ids = itertools.count(FIRST_DRAWING_ID)
    ctx["图表"] = {name: _Inline(tpl, chart, ids) if isinstance(chart, Chart) else chart
                  for name, chart in ctx["图表"].items()}


class _Inline:
    """Printed by Jinja (``__html__``, as docxtpl's InlineImage): adds the chart to
    the part being rendered and closes the template's run around the drawing."""

    def __init__(self, tpl, chart: Chart, ids):
        self.tpl, self.chart, self.ids = tpl, chart, ids

    def __html__(self) -> str:
        if not self.chart.series or not self.chart.categories:
            return ""
        rid = add_chart(self.tpl.current_rendering_part, self.chart)
        return "</w:t></w:r><w:r>" + inline_xml(self.chart, rid, next(self.ids)) + '</w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__


def inline_xml(chart: Chart, rid: str, drawing_id: int) -> str:
    cx = layout.TEXT_WIDTH * EMU_PER_TWIP
    cy = chart.height_mm * EMU_PER_MM
    return (
        '<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{drawing_id}" name={quoteattr(chart.title)} descr={quoteattr(chart.title)}/>'
        '<wp:cNvGraphicFramePr/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<a:graphicData uri="{CHART_URI}"><c:chart xmlns:c="{CHART_URI}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
    )


def add_chart(part, chart: Chart) -> str:
    """Add the chart part (related from ``part``) and its workbook; return the rId."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.part import Part, XmlPart

    package = part.package
    space = chart_space(chart)
    chart_part = XmlPart(package.next_partname("/word/charts/chart%d.xml"), CHART_TYPE, space, package)
    rid = part.relate_to(chart_part, RT.CHART)
    book = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), WORKBOOK_TYPE,
                workbook(chart), package)
    space.get_or_add_externalData().rId = chart_part.relate_to(book, RT.PACKAGE)
    return rid


def _chart_data(chart: Chart):
    from pptx.chart.data import CategoryChartData

    data = CategoryChartData(number_format="General")
    data.categories = chart.categories
    for name, values in chart.series:
        data.add_series(name, values)
    return data


def chart_space(chart: Chart):
    """The ``c:chartSpace`` element: python-pptx's XML, dressed for a printed page."""
    from lxml import etree
    from pptx.chart.chart import Chart as PptxChart
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.oxml import parse_xml
    from pptx.util import Pt

    kind = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "line": XL_CHART_TYPE.LINE_MARKERS,
            "bar": XL_CHART_TYPE.BAR_STACKED}[chart.kind]
    space = parse_xml(_chart_data(chart).xml_bytes(kind))
    view = PptxChart(space, None)
    view.has_title = False  # the caption paragraph above the chart is its title
    view.has_legend = len(chart.series) > 1
    if view.has_legend:
        view.legend.position = XL_LEGEND_POSITION.BOTTOM
        view.legend.include_in_layout = False
    view.font.size = Pt(TEXT_SIZE)
    view.font.name = FACE
    defrpr = space.find(".//{*}txPr/{*}p/{*}pPr/{*}defRPr")
    etree.SubElement(defrpr, "{http://schemas.openxmlformats.org/drawingml/2006/main}ea").set("typeface", FACE)

    value_axis = view.value_axis
    value_axis.minimum_scale = 0
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9D9D9")
    value_axis.format.line.fill.background()
    if chart.kind == "bar":
        # the first department on top, as in the table, and the values still along the bottom
        view.category_axis.reverse_order = True
        space.find(".//{*}valAx/{*}crosses").set("val", "max")  # python-pptx has no setter for this side

    plot = view.plots[0]
    if chart.kind == "column":
        plot.gap_width = 80
    if chart.kind == "bar":
        plot.gap_width = 60
        plot.overlap = 100
    for colour, series in zip(itertools.cycle(COLOURS), plot.series):
        rgb = RGBColor.from_string(colour)
        if chart.kind == "line":
            series.format.line.color.rgb = rgb
            series.format.line.width = Pt(1.75)
            series.smooth = False
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = rgb
            series.marker.format.line.color.rgb = rgb
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = rgb
    if chart.labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.show_value = True
        labels.font.size = Pt(TEXT_SIZE)
        if chart.kind == "column":
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
        elif chart.kind == "bar":
            labels.position = XL_LABEL_POSITION.CENTER
            labels.font.color.rgb = RGBColor.from_string("FFFFFF")
    # no border round the chart: it sits on the page like a table
    space_pr = etree.SubElement(space, "{http://schemas.openxmlformats.org/drawingml/2006/chart}spPr")
    space.find("{*}chart").addnext(space_pr)
    etree.SubElement(etree.SubElement(space_pr, "{http://schemas.openxmlformats.org/drawingml/2006/main}ln"),
                     "{http://schemas.openxmlformats.org/drawingml/2006/main}noFill")
    return space


def workbook(chart: Chart) -> bytes:
    """The chart's data as the embedded workbook Word and WPS open to edit it."""
    import openpyxl

    from .annotate import NEW_WORKBOOK_DATE, set_text, workbook_bytes

    wb = openpyxl.Workbook()
    wb.properties.created = NEW_WORKBOOK_DATE
    ws = wb.active
    ws.title = "Sheet1"  # the sheet python-pptx's formulas name
    for row, label in enumerate(chart.categories, 2):
        set_text(ws.cell(row, 1), label)
    for col, (name, values) in enumerate(chart.series, 2):
        set_text(ws.cell(1, col), name)
        for row, value in enumerate(values, 2):
            ws.cell(row, col, value)
    return workbook_bytes(wb)
