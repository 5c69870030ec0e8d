"""GB/T 9704-2012 layout: the numbers, the styles and the page set-up templates are built with.

Used when the templates are built (``scripts/build_templates.py``), by ``lint``, and
by ``finish`` (the fixes applied after rendering), which reads the same numbers. The styles part is written here by hand
because python-docx's default one is 790 KB of Word 2010 styles that resolve
Chinese text to a Japanese theme font; ours names every font explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from .ooxml import W_NS, W

# Page (twips; 1 mm = 56.69 twips)
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1587, 1474
TEXT_WIDTH = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 8845: the 156 mm 版心
LANDSCAPE_TEXT_WIDTH = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM  # 12756: the 版心 turned, 225 mm
HEADER_DISTANCE = 851
# The page number's top sits 7 mm under the 版心: 35 − 7 = 28 mm from the page
# bottom; with a 14 pt exact line its bottom is 23 mm (1304 twips) up.
FOOTER_DISTANCE = 1304
LINE_PITCH = 579  # 28.95 pt: 22 lines in the 225 mm 版心
CHAR_SPACE = -848  # 28 characters of 三号 in the 156 mm line
# The body's first-line indent of 2 characters in twips, for LibreOffice, which reads these and
# not w:firstLineChars (Word's): 2 × 320 left the first line 0.35 pt short of 26 grid characters
# (a grid character is 315.86 twips), so it held 25, and a 、 that fell at its end hung in the
# margin, which LibreOffice does not draw in a justified line: 所管网站、账号 printed
# 所管网站账号. 625 is under two grid characters with room for LibreOffice's rounding.
FIRST_LINE = 625
BODY_SIZE = 32  # half-points: 三号 16 pt
TITLE_SIZE = 44  # 二号 22 pt
TABLE_SIZE = 28  # 四号 14 pt
PAGE_NUMBER_SIZE = 28  # 四号
CHAR = 320  # one 三号 character in twips
PAGE_NUMBER_INDENT = 280  # one 四号 character


@dataclass(frozen=True)
class Fonts:
    title: str
    body: str
    kai: str
    hei: str
    song: str


FONT_PROFILES = {
    "standard": Fonts("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"),
    "windows": Fonts("华文中宋", "仿宋", "楷体", "黑体", "宋体"),
}

# style id → (Chinese name, what it is); build_templates and lint use these ids.
STYLE_NAMES = {
    "GwTitle": "公文标题",
    "GwDocNo": "发文字号",
    "GwTo": "主送机关",
    "GwMeta": "填报说明",
    "GwByline": "署名",
    "GwH1": "一级标题",
    "GwH2": "二级标题",
    "GwSign": "落款",
    "GwDate": "成文日期",
    "GwAttachMark": "附件标识",
    "GwCaption": "表格标题",
    "GwFigure": "图表",
    "GwCell": "表格文字",
    "GwCellLeft": "表格文字左对齐",
    "GwFooter": "页码",
    "GwTable": "公文表格",
}


def _rfonts(face: str) -> str:
    f = quoteattr(face)
    return f"<w:rFonts w:ascii={f} w:hAnsi={f} w:eastAsia={f} w:cs={f}/>"


def _pstyle(sid: str, ppr: str = "", rpr: str = "", based: str = "Normal", extra: str = "") -> str:
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{STYLE_NAMES[sid]}"/><w:basedOn w:val="{based}"/>{extra}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


NO_AUTO_SPACE = '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
# Punctuation may hang past the line's end, as Word's own default, said outright: LibreOffice
# reads an explicit w:overflowPunct = 1 as "do not hang" (its import turns the value over), and
# left to its default it hangs a 、 or ， past the end of a justified line and does not print
# it (所管网站、账号 came out 所管网站账号). Said, it carries the last character over with it.
HANG_PUNCTUATION = '<w:overflowPunct w:val="1"/>'
NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
CENTER = '<w:jc w:val="center"/>'
CELL_SPACING = '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def styles_xml(fonts: Fonts) -> str:
    """The whole styles part for a font profile."""
    sz = lambda half_points: f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'  # noqa: E731
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:styles xmlns:w="{W_NS}">'
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{_rfonts(fonts.body)}{sz(BODY_SIZE)}<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        # no extra space between Chinese and digits or Latin letters: Word and LibreOffice add
        # about a quarter character there by default, which moves the date under a signature
        # off its place and pushes 2025年3月 out of a cell sized for it
        f"{HANG_PUNCTUATION}{NO_AUTO_SPACE}"
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/><w:jc w:val="both"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:pPr>{HANG_PUNCTUATION}{NO_AUTO_SPACE}<w:ind w:firstLineChars="200" w:firstLine="{FIRST_LINE}"/>'
        '<w:jc w:val="both"/></w:pPr>'
        # LibreOffice sizes the character grid from Normal's own East Asian font
        # size (not the document defaults); without it, each 16 pt glyph takes
        # two 12 pt grid cells and a line holds 19 characters instead of 28.
        # LibreOffice 7.4 (Debian 12) puts a 16 pt glyph into two 15.75 pt cells
        # whatever is set here; 25.2 (Debian's backports) sets 28 a line, as Word
        # and WPS do, and is what the rendered checks run on.
        f'<w:rPr>{_rfonts(fonts.body)}{sz(BODY_SIZE)}</w:rPr>'
        "</w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        "<w:semiHidden/></w:style>"
        + _pstyle("GwTitle", NO_INDENT + CENTER, _rfonts(fonts.title) + sz(TITLE_SIZE), extra="<w:next w:val=\"Normal\"/>")
        + _pstyle("GwDocNo", NO_INDENT + CENTER)
        + _pstyle("GwTo", NO_INDENT + '<w:jc w:val="left"/>')
        + _pstyle("GwMeta", NO_INDENT + '<w:jc w:val="left"/>')
        + _pstyle("GwByline", NO_INDENT + CENTER)  # a personal summary's 部门 and name under its title
        + _pstyle("GwH1", '<w:keepNext/><w:outlineLvl w:val="0"/>', _rfonts(fonts.hei))
        + _pstyle("GwH2", '<w:keepNext/><w:outlineLvl w:val="1"/>', _rfonts(fonts.kai))
        + _pstyle("GwSign", f'<w:keepNext/><w:ind w:firstLine="0" w:firstLineChars="0" w:right="{2 * CHAR}" '
                  'w:rightChars="200"/><w:jc w:val="right"/>')
        + _pstyle("GwDate", '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>')
        + _pstyle("GwAttachMark", NO_INDENT + '<w:jc w:val="left"/>', _rfonts(fonts.hei))
        + _pstyle("GwCaption", '<w:keepNext/>' + NO_INDENT + CENTER, _rfonts(fonts.hei))
        # A chart's paragraph: a fixed 28.95 pt line would cut the chart to one line
        + _pstyle("GwFigure", NO_INDENT + CELL_SPACING + CENTER)
        + _pstyle("GwCell", NO_INDENT + CELL_SPACING + CENTER, sz(TABLE_SIZE))
        + _pstyle("GwCellLeft", NO_INDENT + CELL_SPACING + '<w:jc w:val="left"/>', sz(TABLE_SIZE))
        + _pstyle("GwFooter", NO_INDENT + '<w:snapToGrid w:val="0"/>'
                  f'<w:spacing w:before="0" w:after="0" w:line="{PAGE_NUMBER_SIZE * 10}" w:lineRule="exact"/>',
                  _rfonts(fonts.song) + sz(PAGE_NUMBER_SIZE))
        + '<w:style w:type="table" w:customStyle="1" w:styleId="GwTable">'
        f'<w:name w:val="{STYLE_NAMES["GwTable"]}"/><w:basedOn w:val="TableNormal"/>'
        f'<w:tblPr><w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tcPr><w:vAlign w:val="center"/></w:tcPr></w:style>'
        "</w:styles>"
    )


# Parts python-docx's default document carries that we do not want: Word 2010
# style copies, a theme whose fonts would win over ours, Japanese font table
# entries, a thumbnail and a customXml item.
_DROP_RELS = ("stylesWithEffects", "/theme", "/webSettings", "/fontTable", "/customXml", "/numbering", "thumbnail")


def new_document(profile: str = "standard", landscape: bool = False):
    """A python-docx Document with our styles, A4 page, grid and page-number footers."""
    import docx
    from docx.oxml import parse_xml

    fonts = FONT_PROFILES[profile]
    doc = docx.Document()
    for part in (doc.part, doc.part.package):
        for rid, rel in list(part.rels.items()):
            if any(x in rel.reltype for x in _DROP_RELS):
                part.rels.pop(rid)
    doc.part._styles_part._element = parse_xml(styles_xml(fonts).encode("utf-8"))
    _settings(doc)
    section = doc.sections[0]
    set_page(section, landscape)
    add_page_numbers(doc, section, landscape)
    return doc


def _settings(doc) -> None:
    from docx.oxml import parse_xml

    settings = doc.settings.element
    for tag in ("themeFontLang", "attachedTemplate", "rsids"):
        for el in settings.findall(W + tag):
            settings.remove(el)
    settings.append(parse_xml(f'<w:themeFontLang xmlns:w="{W_NS}" w:val="en-US" w:eastAsia="zh-CN"/>'))
    doc.settings.odd_and_even_pages_header_footer = True


def margins(landscape: bool = False) -> dict[str, int]:
    """The page margins in twips. A landscape page turns the sheet, not the margins'
    sides. GB/T 9704 puts a landscape table's head at the binding edge (the left of
    the portrait sheet), so the sheet is turned clockwise to read it: the binding
    margin is on top, the portrait bottom margin on the left, the 天头 on the right."""
    if landscape:
        return {"top": MARGIN_LEFT, "bottom": MARGIN_RIGHT, "left": MARGIN_BOTTOM, "right": MARGIN_TOP}
    return {"top": MARGIN_TOP, "bottom": MARGIN_BOTTOM, "left": MARGIN_LEFT, "right": MARGIN_RIGHT}


def set_page(section, landscape: bool = False) -> None:
    """A4 with the 版心 margins; landscape pages turn the sheet, not the margins' sides."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml import parse_xml
    from docx.shared import Twips

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Twips(PAGE_H), Twips(PAGE_W)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    m = margins(landscape)
    section.top_margin, section.bottom_margin = Twips(m["top"]), Twips(m["bottom"])
    section.left_margin, section.right_margin = Twips(m["left"]), Twips(m["right"])
    section.header_distance = Twips(HEADER_DISTANCE)
    section.footer_distance = Twips(FOOTER_DISTANCE)
    sect = section._sectPr
    for el in sect.findall(W + "docGrid"):
        sect.remove(el)
    sect.append(parse_xml(
        f'<w:docGrid xmlns:w="{W_NS}" w:type="linesAndChars" w:linePitch="{LINE_PITCH}" w:charSpace="{CHAR_SPACE}"/>'
    ))


def _page_number_paragraph(odd: bool) -> str:
    side = f'<w:jc w:val="right"/><w:ind w:right="{PAGE_NUMBER_INDENT}"/>' if odd else \
        f'<w:jc w:val="left"/><w:ind w:left="{PAGE_NUMBER_INDENT}"/>'
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    return (
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="GwFooter"/>{side}</w:pPr>'
        + run.format("— ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + run.format(" —")
        + "</w:p>"
    )


def _turned_page_number(odd: bool) -> str:
    """The page number of a landscape page, where it sits on a portrait one.

    The sheet is turned clockwise to read a landscape page, so the portrait page's
    bottom edge is the landscape page's left edge. A one-cell table floats there
    (anchored to the page, so it leaves the body alone) with its text turned
    (tbRl): printed and turned back, the number reads upright at the portrait
    position, 7 mm under the 版心, odd right and even left, one character in.
    Word, WPS and LibreOffice all lay out floating tables and turned cell text;
    a DrawingML text box would do too, with more markup and less support.
    """
    para = _page_number_paragraph(odd).replace(f' xmlns:w="{W_NS}"', "", 1)
    return (
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr>'
        '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" '
        f'w:vertAnchor="page" w:horzAnchor="page" w:tblpX="{FOOTER_DISTANCE}" w:tblpY="{MARGIN_LEFT}"/>'
        f'<w:tblW w:w="{PAGE_NUMBER_SIZE * 10}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{PAGE_NUMBER_SIZE * 10}"/></w:tblGrid>'
        f'<w:tr><w:trPr><w:trHeight w:val="{TEXT_WIDTH}" w:hRule="exact"/></w:trPr>'
        f'<w:tc><w:tcPr><w:tcW w:w="{PAGE_NUMBER_SIZE * 10}" w:type="dxa"/><w:textDirection w:val="tbRl"/></w:tcPr>'
        f"{para}</w:tc></w:tr></w:tbl>"
    )


def add_page_numbers(doc, section, landscape: bool = False) -> None:
    """`— 1 —` in 四号 宋体: odd pages at the right, even pages at the left, one character in;
    on a landscape page, turned to where it sits on a portrait one."""
    from docx.oxml import parse_xml

    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        el = footer._element
        for p in list(el):
            el.remove(p)
        if landscape:
            el.append(parse_xml(_turned_page_number(odd)))
            el.append(parse_xml(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="GwFooter"/></w:pPr></w:p>'))
        else:
            el.append(parse_xml(_page_number_paragraph(odd)))

def use_fonts(root, profile: str) -> None:
    """Rename the standard profile's faces to ``profile``'s under ``root`` (the styles
    part, the document): a template the clerk has reworded keeps every other change."""
    faces = dict(zip(vars(FONT_PROFILES["standard"]).values(), vars(FONT_PROFILES[profile]).values(), strict=True))
    for el in root.iter(W + "rFonts"):
        for key, value in el.attrib.items():
            if value in faces:
                el.set(key, faces[value])


CELL_MARGINS = 200  # twips: GwTable's left and right cell margins (85 each), and some for the renderer's rounding
# A table's alternative-text title (w:tblCaption) asking for its empty columns to be left
# out when a document is written (columns.drop_empty_columns); a clerk sees it in Word's
# table properties, so it says what it does.
DROP_EMPTY = "没有内容的列在生成文档时略去"
DROP_NAMED = "没有内容时略去的列："  # then the columns' headers, joined by 、 (名册: 层级)
# The same for a form that must stay on one page (forms.fit_form_page): its first row of a
# set height gives up what the rows above need more.
ONE_PAGE = "本表一人一页，内容多时其中留白的栏相应缩短"
