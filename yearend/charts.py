"""Native Word charts: a chart part whose data sits in an embedded workbook, so a
clerk can right-click it in Word or WPS and edit the figures; not a picture.

figures.py describes each chart as a ``Chart`` (plain data). When a document is
rendered, ``bind`` turns each into an object that docxtpl prints like its own
InlineImage: on ``{{ 图表.月度学时 }}`` it adds the chart part and the workbook to
the document and returns the inline graphic.

python-pptx writes the chart XML (``CategoryChartData``, its ``ChartXmlWriter``,
and its chart object model for legend, labels, axes and colours). python-docx has
no charts, so the part, its two relationships and the ``wp:inline`` are added here
by hand. The embedded workbook is written here in the layout python-pptx's XML
refers to (categories in column A from row 2, one series a column, its name in
row 1), because python-pptx's own writer stamps the clock into the workbook and
the same input must give the same bytes.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
from xml.sax.saxutils import quoteattr

from . import styles
from .ooxml import A_NS, C_NS, FIXED_DATE, R_NS, RELS_NS, WP_NS
from .variables import Chart

CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_URI = C_NS
# Chart text is 宋体: present on every Chinese Windows PC and legible at 10.5 pt,
# where 仿宋 thins out; the same face the page numbers use.
FACE = "宋体"
TEXT_SIZE = 10.5
# Colours that stay apart when a county office prints in black and white.
COLOURS = ("1F4E79", "C55A11", "7F7F7F", "BF9000", "548235", "7030A0", "2E75B6", "843C0C")
EMU_PER_TWIP = 635
EMU_PER_MM = 36000
RT_CHART = R_NS + "/chart"
RT_PACKAGE = R_NS + "/package"
RELS_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<Relationships xmlns="{RELS_NS}">')
DOCUMENT_RELS = "word/_rels/document.xml.rels"
BOOK = "Microsoft_Excel_Worksheet{}.xlsx"


def bind(ctx: dict, parts: ChartParts) -> None:
    """Make the charts in ``ctx["图表"]`` printable into a document collecting ``parts``."""
    if not isinstance(ctx.get("图表"), dict):
        return
    ctx["图表"] = {name: _Inline(parts, chart) if isinstance(chart, Chart) else chart
                  for name, chart in ctx["图表"].items()}


class _Inline:
    """Printed by Jinja (``__html__``, as docxtpl's InlineImage): adds the chart to
    the document's parts and closes the template's run around the drawing."""

    def __init__(self, parts: ChartParts, chart: Chart):
        self.parts, self.chart = parts, chart

    def __html__(self) -> str:
        if not self.chart.series or not self.chart.categories:
            return ""
        rid = self.parts.add(self.chart)
        return "</w:t></w:r><w:r>" + inline_xml(self.chart, rid) + '</w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__


def inline_xml(chart: Chart, rid: str) -> str:
    """The inline graphic. Its docPr id is a placeholder: docxtpl's fix_docpr_ids
    numbers every drawing of the rendered body."""
    cx = styles.TEXT_WIDTH * EMU_PER_TWIP
    cy = chart.height_mm * EMU_PER_MM
    return (
        '<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
        f'xmlns:wp="{WP_NS}">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="1" name={quoteattr(chart.title)} descr={quoteattr(chart.title)}/>'
        '<wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A_NS}">'
        f'<a:graphicData uri="{CHART_URI}"><c:chart xmlns:c="{CHART_URI}" '
        f'xmlns:r="{R_NS}" r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
    )


class ChartParts:
    """The parts one document adds for its charts: each chart, its relationships and
    its workbook; then the document's relationships and content types to match."""

    def __init__(self, existing: dict[str, bytes]):
        self.taken = set(existing)
        rels = existing.get(DOCUMENT_RELS, b"").decode("utf-8")
        self.next_rid = 1 + max((int(n) for n in re.findall(r'Id="rId(\d+)"', rels)), default=0)
        self.added: dict[str, bytes] = {}
        self.rels: list[str] = []

    def add(self, chart: Chart) -> str:
        """Add ``chart``; return the id the document's inline graphic refers to it by."""
        n = 1
        while f"word/charts/chart{n}.xml" in self.taken or f"word/embeddings/{BOOK.format(n)}" in self.taken:
            n += 1
        part, book = f"word/charts/chart{n}.xml", f"word/embeddings/{BOOK.format(n)}"
        xml, data = _made(chart)
        self.added[part] = xml  # the members in this order: the archive's bytes depend on it
        self.added[f"word/charts/_rels/chart{n}.xml.rels"] = (
            f'{RELS_HEAD}<Relationship Id="rId1" Type="{RT_PACKAGE}" Target="../embeddings/{BOOK.format(n)}"/>'
            "</Relationships>").encode()
        self.added[book] = data
        self.taken |= {part, book}
        rid = f"rId{self.next_rid}"
        self.next_rid += 1
        self.rels.append(f'<Relationship Id="{rid}" Type="{RT_CHART}" Target="charts/chart{n}.xml"/>')
        return rid

    def files(self, members: dict) -> dict[str, bytes]:
        """The added parts, and the document's relationships and content types with them."""
        if not self.added:
            return {}
        rels = members[DOCUMENT_RELS].decode("utf-8").replace("</Relationships>", "".join(self.rels) + "</Relationships>")
        overrides = "".join(
            f'<Override PartName="/{name}" ContentType="{CHART_TYPE if name.endswith(".xml") else WORKBOOK_TYPE}"/>'
            for name in self.added if not name.endswith(".rels"))
        types = members["[Content_Types].xml"].decode("utf-8").replace("</Types>", overrides + "</Types>")
        return {DOCUMENT_RELS: rels.encode("utf-8"), "[Content_Types].xml": types.encode("utf-8"), **self.added}


def _made(chart: Chart) -> tuple[bytes, bytes]:
    """A chart's part and its embedded workbook, made once for the charts a worker meets again:
    a unit's documents print the same chart twice (the summary's, the plan's), and making one
    takes python-pptx 3-8 ms."""
    return _made_as(repr(chart), chart)


@functools.lru_cache(maxsize=32)  # a county's charts are mostly each unit's own: a few kept, not all
def _made_as(key: str, chart: Chart) -> tuple[bytes, bytes]:
    """``key``, the chart's repr, tells 1 from 1.0, where the charts compare equal and might print differently."""
    from lxml import etree

    space = chart_space(chart)
    space.get_or_add_externalData().rId = "rId1"
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True), workbook(chart)


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
    etree.SubElement(defrpr, f"{{{A_NS}}}ea").set("typeface", FACE)

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
    if chart.unit:  # the value axis says what it counts
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = chart.unit
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(TEXT_SIZE)
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    if chart.labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.show_value = True
        labels.font.size = Pt(TEXT_SIZE)
        # a zero prints nothing (the format's third section is empty): no "0" squeezed on a bar
        labels.number_format = "General;-General;;@"
        labels.number_format_is_linked = False
        if chart.kind == "column":
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
        elif chart.kind == "bar":
            labels.position = XL_LABEL_POSITION.CENTER
            labels.font.color.rgb = RGBColor.from_string("FFFFFF")
    # no border round the chart: it sits on the page like a table
    space_pr = etree.SubElement(space, f"{{{C_NS}}}spPr")
    space.find("{*}chart").addnext(space_pr)
    etree.SubElement(etree.SubElement(space_pr, f"{{{A_NS}}}ln"),
                     f"{{{A_NS}}}noFill")
    return space


def workbook(chart: Chart) -> bytes:
    """The chart's data as the embedded workbook Word and WPS open to edit it.
    XlsxWriter (python-pptx's own choice) writes fixed zip times, and the created
    date is set, so the same chart gives the same bytes; text is written as text,
    so a name starting with "=" never becomes a formula."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": FIXED_DATE})
    sheet = book.add_worksheet("Sheet1")  # the sheet python-pptx's formulas name
    for row, label in enumerate(chart.categories, 1):
        sheet.write_string(row, 0, label)
    for col, (name, values) in enumerate(chart.series, 1):
        sheet.write_string(0, col, name)
        for row, value in enumerate(values, 1):
            sheet.write_number(row, col, value)
    book.close()
    return out.getvalue()
