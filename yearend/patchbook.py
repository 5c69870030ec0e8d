"""An annotated copy made by editing the workbook's own XML.

The copy is the clerk's file as it is (every sheet, style, picture, chart, validation
and macro kept), plus a fill and a comment on each cell a problem names and a first
sheet 问题清单 listing every problem with a link to its cell. Only the parts that
change are parsed: the workbook, its styles, the content types and the sheets that
get a mark.

openpyxl loads and saves the whole workbook instead: a tenth to a third of a second
a file, most of a county's 问题标注 stage, and it drops what it does not model. No
library edits a workbook part by part, so this is written here. A workbook it does
not handle plainly (Strict OOXML, no styles part, a marked sheet that already has
comments, rows or cells without their references, links to other workbooks, a
linked picture or a data connection that would be fetched on opening, a formula that
runs a program, a DOCTYPE, a macro workbook under an .xlsx name or the other way round)
gets None, and annotate makes its copy with openpyxl, which drops such things.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .errors import ERROR, Level, Problem
from .ooxml import RELS_NS, XML_DECLARATION, excel_text, parse_untrusted, write_zip
from .opener import MAX_UNPACKED, may_hold_formulas

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
S = f"{{{MAIN}}}"
R_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS = R_DOC + "/comments"
VML = R_DOC + "/vmlDrawing"
WORKSHEET = R_DOC + "/worksheet"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
LINK_COLOUR = "FF0563C1"
# a worksheet's children that come after legacyDrawing (ECMA-376 CT_Worksheet)
_AFTER_LEGACY = {"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                 "tableParts", "extLst"}
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_SHEET_VIEW = re.compile(rb"<(?:\w+:)?sheetView\s[^<>]*>")  # a sheet view's start tag, where tabSelected is
_TAB_SELECTED = re.compile(rb'\stabSelected="(?:1|true)"')
# what opening the copy would fetch from elsewhere: openpyxl's copy leaves these out
_FETCHED = ("xl/externallinks/", "xl/connections", "xl/querytables/")


class _Unusual(Exception):
    """What this module leaves to openpyxl."""


def patched(data: bytes, problems: list[Problem], fills: dict[Level, str], list_sheet: str,
            dangerous: re.Pattern, macros: bool = False) -> bytes | None:
    """The annotated copy of the workbook ``data``, or None when it is one to leave to
    openpyxl. ``fills``: level → RGB; ``dangerous``: a formula the copy may not keep;
    ``macros``: the file is named .xlsm."""
    try:
        return _Book(data, dangerous, macros).annotate(problems, fills, list_sheet)
    except Exception:  # whatever an odd file does to zipfile or lxml: openpyxl's copy, as before
        return None


class _Book:
    def __init__(self, data: bytes, dangerous: re.Pattern, macros: bool):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > MAX_UNPACKED:  # a bomb: the reader has refused it already
                raise _Unusual("too large")
            self.parts = {info.filename: z.read(info) for info in infos}
        if any(name.casefold().startswith(_FETCHED) for name in self.parts):
            raise _Unusual("links to other workbooks, or data connections")
        for name, part in self.parts.items():
            if b"<!DOCTYPE" in part[:4096]:  # entities that re-serialising would leave dangling
                raise _Unusual("a DOCTYPE")
            if name.endswith(".rels") and b"External" in part and any(
                    r.get("TargetMode") == "External" and not r.get("Type", "").endswith("/hyperlink")
                    for r in parse_untrusted(part)):
                raise _Unusual("a linked picture or object, fetched on opening")
        self.changed: dict[str, bytes] = {}
        self.trees: dict[str, Any] = {}
        self.workbook = self._xml("xl/workbook.xml", "workbook")
        self.rels = self._xml("xl/_rels/workbook.xml.rels")
        self.types = self._xml("[Content_Types].xml")
        self.styles = self._xml("xl/styles.xml", "styleSheet")
        main = next((o.get("ContentType", "") for o in self.types.iterfind(f"{{{TYPES_NS}}}Override")
                     if o.get("PartName", "").casefold() == "/xl/workbook.xml"), "")
        if ("macroEnabled" in main) != macros:  # a renamed file: Excel refuses a name that lies
            raise _Unusual("the file's name and its content differ")
        rels = {r.get("Id"): (_resolve("xl/", r.get("Target", "")), r.get("Type", "")) for r in self.rels}
        entries = self.workbook.findall(f"{S}sheets/{S}sheet")
        if self.workbook.find(S + "sheets") is None:
            raise _Unusual("no sheets")
        self.sheets = {sh.get("name"): rels.get(sh.get(f"{{{R_DOC}}}id"), ("", ""))[0] for sh in entries}
        self.worksheets = {rels[r][0] for r in rels if rels[r][1] == WORKSHEET and rels[r][0] in self.parts}
        for name in self.worksheets:
            if may_hold_formulas(self.parts[name]):  # read as XML: CDATA, comments and prefixes hide nothing
                for f in self._xml(name, "worksheet").iter(S + "f"):
                    if dangerous.search("".join(f.itertext())):
                        raise _Unusual("a formula that runs a program or reads another file")

    def _xml(self, name: str, root: str | None = None):
        if name not in self.trees:
            self.trees[name] = parse_untrusted(self.parts[name])
        el = self.trees[name]
        if root is not None and el.tag != S + root:  # Strict OOXML has other namespaces
            raise _Unusual(name)
        return el

    def _free(self, pattern: str) -> str:
        """A part name no part has, as OPC compares names (case aside), listed or declared."""
        taken = {n.casefold() for n in (*self.parts, *self.changed)} | {
            o.get("PartName", "").lstrip("/").casefold() for o in self.types.iterfind(f"{{{TYPES_NS}}}Override")}
        n = 1
        while pattern.format(n).casefold() in taken:
            n += 1
        return pattern.format(n)

    # ---------------------------------------------------------------- styles

    def _append(self, container_tag: str, tag: str, el) -> int:
        """``el`` added to a styles list (fills, fonts, cellXfs); its index."""
        container = self.styles.find(S + container_tag)
        if container is None:
            raise _Unusual(container_tag)
        index = len(container.findall(S + tag))
        container.append(el)
        container.set("count", str(index + 1))
        return index

    def _xf(self, base: int, fill: int | None = None, font: int | None = None) -> int:
        xfs = self.styles.find(S + "cellXfs")
        found = xfs.findall(S + "xf") if xfs is not None else []
        if not found:
            raise _Unusual("no cell formats")
        new = copy.deepcopy(found[base] if base < len(found) else found[0])
        if fill is not None:
            new.set("fillId", str(fill))
            new.set("applyFill", "1")
        if font is not None:
            new.set("fontId", str(font))
            new.set("applyFont", "1")
        return self._append("cellXfs", "xf", new)

    def _fill(self, rgb: str) -> int:
        fills = self.styles.find(S + "fills")
        if fills is None:
            raise _Unusual("no fills")
        for pattern in ("none", "gray125")[len(fills.findall(S + "fill")):]:  # Excel reads these two as these
            self._append("fills", "fill", parse_untrusted(
                f'<fill xmlns="{MAIN}"><patternFill patternType="{pattern}"/></fill>'))
        fill = parse_untrusted(f'<fill xmlns="{MAIN}"><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
                               '<bgColor indexed="64"/></patternFill></fill>')
        return self._append("fills", "fill", fill)

    def _font(self, bold: bool = False, link: bool = False) -> int:
        fonts = self.styles.find(S + "fonts")
        first = fonts.find(S + "font") if fonts is not None else None
        if first is None:
            raise _Unusual("no fonts")
        font = copy.deepcopy(first)  # the workbook's own font and size
        for el in font.findall(S + "b") + font.findall(S + "u") + font.findall(S + "color"):
            font.remove(el)
        if bold:
            _in_order(font, font.makeelement(S + "b", {}))
        if link:
            _in_order(font, font.makeelement(S + "u", {}))
            _in_order(font, font.makeelement(S + "color", {"rgb": LINK_COLOUR}))
        return self._append("fonts", "font", font)

    # ---------------------------------------------------------------- marks

    def annotate(self, problems: list[Problem], fills: dict[Level, str], list_sheet: str) -> bytes:
        fill_ids = {level: self._fill(rgb) for level, rgb in fills.items()}
        by_sheet: dict[str, dict[str, list[Problem]]] = {}
        for p in problems:
            # a chart sheet has no cells: its problems are in the list only
            if self.sheets.get(p.sheet) in self.worksheets and _REF.fullmatch(p.cell or "") and _inside_grid(p.cell):
                by_sheet.setdefault(p.sheet, {}).setdefault(p.cell, []).append(p)
        marked: dict[tuple[int, str], int] = {}
        for sheet, cells in by_sheet.items():
            self._mark_sheet(self.sheets[sheet], cells, fill_ids, marked)
        self._list_sheet(problems, fills, fill_ids, list_sheet)
        for name in set(self.sheets.values()) & self.parts.keys():  # the list is the sheet that opens
            if name not in self.changed and _TAB_SELECTED.search(self.parts[name]):
                self.changed[name] = _SHEET_VIEW.sub(lambda m: _TAB_SELECTED.sub(b"", m[0]), self.parts[name])
        self.changed["xl/styles.xml"] = _bytes(self.styles)
        self.changed["xl/workbook.xml"] = _bytes(self.workbook)
        self.changed["xl/_rels/workbook.xml.rels"] = _bytes(self.rels)
        self.changed["[Content_Types].xml"] = _bytes(self.types)
        members = {name: self.changed.get(name, data) for name, data in self.parts.items()}
        members.update({name: data for name, data in self.changed.items() if name not in self.parts})
        return write_zip(members)

    def _mark_sheet(self, part: str | None, cells: dict[str, list[Problem]], fill_ids: dict[Level, int],
                    marked: dict[tuple[int, str], int]) -> None:
        if part is None or part not in self.parts:
            raise _Unusual("a sheet without its part")
        root = self._xml(part, "worksheet")
        data = root.find(S + "sheetData")
        if data is None or root.find(S + "legacyDrawing") is not None:
            raise _Unusual("no cells, or comments already")  # merging into a sheet's own comments: openpyxl
        rels_name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
        rels = (parse_untrusted(self.parts[rels_name]) if rels_name in self.parts
                else parse_untrusted(f'<Relationships xmlns="{RELS_NS}"/>'))
        if any(r.get("Type", "").endswith("/comments") or "threadedComment" in r.get("Type", "") for r in rels):
            raise _Unusual("comments already")  # a sheet has one comments part
        rows = {}
        for row in data.iterfind(S + "row"):
            if row.get("r") is None:
                raise _Unusual("a row without its number")
            rows[int(row.get("r"))] = row
        cells = _merged_to_first(root, cells)
        styles = _column_styles(root)
        notes = []
        for ref, found in sorted(cells.items(), key=lambda kv: _position(kv[0])):
            level = ERROR if any(p.level == ERROR for p in found) else found[0].level
            cell = _cell(data, rows, ref, styles)
            key = (int(cell.get("s") or 0), level)
            if key not in marked:
                marked[key] = self._xf(key[0], fill=fill_ids[level])
            cell.set("s", str(marked[key]))
            notes.append((ref, excel_text("\n".join(f"【{p.level}】{p.message}" for p in found)), len(found)))
        comments = self._free("xl/comments{}.xml")
        self.changed[comments] = _comments(notes)
        vml = self._free("xl/drawings/vmlDrawing{}.vml")
        self.changed[vml] = _vml(notes)
        base = posixpath.dirname(part)
        _relate(rels, COMMENTS, posixpath.relpath(comments, base))
        vml_id = _relate(rels, VML, posixpath.relpath(vml, base))
        legacy = root.makeelement(S + "legacyDrawing", {f"{{{R_DOC}}}id": vml_id}, nsmap={"r": R_DOC})
        after = next((el for el in root if isinstance(el.tag, str) and el.tag.split("}")[-1] in _AFTER_LEGACY), None)
        if after is not None:
            after.addprevious(legacy)
        else:
            root.append(legacy)
        for view in root.iterfind(f"{S}sheetViews/{S}sheetView"):
            view.attrib.pop("tabSelected", None)
        self.changed[part] = _bytes(root)
        self.changed[rels_name] = _bytes(rels)
        self._override("/" + comments, COMMENTS_TYPE)
        if not any(d.get("Extension", "").lower() == "vml" for d in self.types.iterfind(f"{{{TYPES_NS}}}Default")):
            self.types.insert(0, self.types.makeelement(f"{{{TYPES_NS}}}Default",
                                                        {"Extension": "vml", "ContentType": VML_TYPE}))

    def _override(self, name: str, content_type: str) -> None:
        self.types.append(self.types.makeelement(f"{{{TYPES_NS}}}Override",
                                                 {"PartName": name, "ContentType": content_type}))

    # ---------------------------------------------------------------- the list

    def _list_sheet(self, problems: list[Problem], fills: dict[Level, str], fill_ids: dict[Level, int],
                    name: str) -> None:
        taken = {n.casefold() for n in self.sheets}
        while name.casefold() in taken:
            name += "_"
        header = self._xf(0, font=self._font(bold=True))
        link = self._xf(0, font=self._font(link=True))
        level_xf = {level: self._xf(0, fill=fill_ids[level]) for level in fills}
        rows = [_row(1, ["级别", "工作表", "单元格", "问题"], [header] * 4)]
        links = []
        for i, p in enumerate(problems, start=2):
            linked = p.sheet in self.sheets and p.cell
            styles = [level_xf.get(p.level, level_xf[ERROR]), None, link if linked else None, None]
            rows.append(_row(i, [p.level, p.sheet, p.cell, p.message], styles))
            if linked:
                target = "'" + p.sheet.replace("'", "''") + "'!" + p.cell
                links.append(f'<hyperlink ref="C{i}" location={quoteattr(excel_text(target))} '
                             f'display={quoteattr(excel_text(p.cell))}/>')
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate((8, 14, 10, 90), 1))
        xml = (f'{XML_DECLARATION}<worksheet xmlns="{MAIN}" xmlns:r="{R_DOC}"><sheetViews>'
               '<sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
               'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
               f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(rows)}</sheetData>'
               + (f'<hyperlinks>{"".join(links)}</hyperlinks>' if links else "")
               + '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
        part = self._free("xl/worksheets/sheet{}.xml")
        self.changed[part] = xml.encode("utf-8")
        self._override("/" + part, WORKSHEET_TYPE)
        rel = _relate(self.rels, WORKSHEET, posixpath.relpath(part, "xl"))
        sheets = self.workbook.find(S + "sheets")
        ids = [int(s.get("sheetId", "0")) for s in sheets.iterfind(S + "sheet") if s.get("sheetId", "").isdigit()]
        sheets.insert(0, sheets.makeelement(S + "sheet", {"name": name, "sheetId": str(max(ids, default=0) + 1),
                                                          f"{{{R_DOC}}}id": rel}, nsmap={"r": R_DOC}))
        for defined in self.workbook.iter(S + "definedName"):  # names of one sheet point at it by its place
            if (local := defined.get("localSheetId", "")).isdigit():
                defined.set("localSheetId", str(int(local) + 1))
        for view in self.workbook.iter(S + "workbookView"):
            view.set("activeTab", "0")
            view.attrib.pop("firstSheet", None)


# a font's properties in the order Excel writes them (ECMA-376 CT_Font)
_FONT_ORDER = ["b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name",
               "family", "charset", "scheme"]


def _in_order(font, el) -> None:
    """``el`` put among a font's properties where Excel puts it."""
    rank = _FONT_ORDER.index(el.tag.split("}")[-1])
    for child in font:
        name = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
        if name in _FONT_ORDER and _FONT_ORDER.index(name) > rank:
            child.addprevious(el)
            return
    font.append(el)


def _resolve(base: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))


def _relate(rels, kind: str, target: str) -> str:
    """A relationship added to ``rels``; its new id."""
    taken = {r.get("Id") for r in rels}
    n = len(taken) + 1
    while f"rId{n}" in taken:
        n += 1
    rels.append(rels.makeelement(f"{{{RELS_NS}}}Relationship", {"Id": f"rId{n}", "Type": kind, "Target": target}))
    return f"rId{n}"


def _position(ref: str) -> tuple[int, int]:
    """(row, column), both from 1, of a reference such as AB12."""
    m = _REF.fullmatch(ref)
    if m is None:
        raise _Unusual(ref)
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]), col


def _merged_to_first(root, cells: dict[str, list[Problem]]) -> dict[str, list[Problem]]:
    """A mark on a cell inside a merged range moved to the range's first cell, which is the
    one Excel shows (and shows a comment on)."""
    ranges = []
    for merged in root.iterfind(f"{S}mergeCells/{S}mergeCell"):
        first, _, last = merged.get("ref", "").partition(":")
        if _REF.fullmatch(first) and _REF.fullmatch(last):
            ranges.append((first, _position(first), _position(last)))
    if not ranges:
        return cells
    out: dict[str, list[Problem]] = {}
    for ref, found in cells.items():
        row, col = _position(ref)
        ref = next((first for first, (r1, c1), (r2, c2) in ranges if r1 <= row <= r2 and c1 <= col <= c2), ref)
        out.setdefault(ref, []).extend(found)
    return out


def _inside_grid(ref: str) -> bool:
    row, col = _position(ref)
    return row <= 1048576 and col <= 16384


def _column_styles(root) -> list[tuple[int, int, str]]:
    """(first, last, style) of each column range with a style of its own."""
    out = []
    for col in root.iterfind(f"{S}cols/{S}col"):
        if col.get("style") and col.get("min", "").isdigit() and col.get("max", "").isdigit():
            out.append((int(col.get("min")), int(col.get("max")), col.get("style")))
    return out


def _cell(data, rows: dict, ref: str, columns: list[tuple[int, int, str]]):
    """The cell ``ref`` of a sheet's data, made (with its row) when the sheet has none there,
    in the order Excel requires; a new cell takes its row's format, else its column's, as
    Excel gives a cell typed there."""
    row_no, col = _position(ref)
    row = rows.get(row_no)
    if row is None:
        row = data.makeelement(S + "row", {"r": str(row_no)})
        later = [n for n in rows if n > row_no]
        if later:
            rows[min(later)].addprevious(row)
        else:
            data.append(row)
        rows[row_no] = row
    after = None  # the row's first cell to the right of ``ref``
    for c in row.iterfind(S + "c"):
        r = c.get("r")
        if r is None or not _REF.fullmatch(r):
            raise _Unusual("a cell without its reference")
        if r == ref:
            return c
        if _position(r)[1] > col:
            after = c
            break
    style = row.get("s") if row.get("customFormat") in ("1", "true") else next(
        (s for first, last, s in columns if first <= col <= last), None)
    new = row.makeelement(S + "c", {"r": ref, **({"s": style} if style else {})})
    if after is not None:
        after.addprevious(new)
    else:
        row.append(new)
    row.attrib.pop("spans", None)  # a hint of the row's columns, which may no longer hold
    return new


def _row(number: int, values: list[str], styles: list[int | None]) -> str:
    cells = []
    for col, (value, style) in enumerate(zip(values, styles, strict=True)):
        ref = f"{'ABCD'[col]}{number}"
        s = f' s="{style}"' if style is not None else ""
        if value:  # inline text: never a formula, whatever it starts with
            cells.append(f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(excel_text(value))}</t></is></c>')
        elif s:
            cells.append(f'<c r="{ref}"{s}/>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _comments(notes: list[tuple[str, str, int]]) -> bytes:
    body = "".join(f'<comment ref="{ref}" authorId="0"><text><t xml:space="preserve">{escape(text)}</t></text></comment>'
                   for ref, text, _ in notes)
    return (f'{XML_DECLARATION}<comments xmlns="{MAIN}"><authors><author>yearend</author></authors>'
            f"<commentList>{body}</commentList></comments>").encode()


def _vml(notes: list[tuple[str, str, int]]) -> bytes:
    """The legacy drawing Excel shows comments with: a hidden note shape per comment, as openpyxl writes it."""
    shapes = []
    for i, (ref, _, count) in enumerate(notes, 1026):
        row, col = _position(ref)
        height = min(400, 80 + 40 * count)
        shapes.append(
            f'<v:shape id="_x0000_s{i:04d}" type="#_x0000_t202" style="position:absolute; margin-left:59.25pt;'
            f'margin-top:1.5pt;width:320px;height:{height}px;z-index:1;visibility:hidden" fillcolor="#ffffe1" '
            'o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/>'
            '</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:AutoFill>False</x:AutoFill><x:Row>{row - 1}</x:Row><x:Column>{col - 1}</x:Column></x:ClientData>"
            "</v:shape>")
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
            '<o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" '
            'o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
            '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            + "".join(shapes) + "</xml>").encode("utf-8")


def _bytes(el) -> bytes:
    from lxml import etree

    return etree.tostring(el, xml_declaration=True, encoding="UTF-8", standalone=True)
