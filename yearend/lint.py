"""``lint``: check any .docx against the layout rules (docs/layout.md) by reading its XML.

Each property is resolved the way Word resolves it: the paragraph's or run's own
properties, then its style and the styles it is based on, then the document
defaults. python-docx is not asked (reading a linked footer through it creates
one); the parts are read with the standard library's zipfile and lxml.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import finish
from . import styles as gbt
from .finish import para_text
from .ooxml import R_NS, WP_NS, W, parse_untrusted

WP = f"{{{WP_NS}}}"

_ALL = gbt.FONT_PROFILES.values()
FACES = {
    "title": {f.title for f in _ALL} | {"宋体"},
    "body": {f.body for f in _ALL},
    "kai": {f.kai for f in _ALL},
    "hei": {f.hei for f in _ALL},
    "song": {f.song for f in _ALL},
}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
H1 = re.compile(r"^[一二三四五六七八九十]+、")
H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
DOC_NO = re.compile(r"[〔\[［【(（<〈]\s*(\d{4})\s*[〕\]］】)）>〉]\s*第?\s*(\d+)\s*号")
GOOD_DOC_NO = re.compile(r"〔\d{4}〕[1-9]\d*号")
DATE = re.compile(r"^\s*(\S{4})年(\S{1,2})月(\S{1,3})日\s*$")
GOOD_DATE = re.compile(r"^\d{4}年[1-9]\d?月[1-9]\d?日$")
SPECIAL = {"GwTitle", "GwDocNo", "GwTo", "GwMeta", "GwByline", "GwSign", "GwDate", "GwAttachMark", "GwCaption", "GwFooter"}


@dataclass(frozen=True)
class Finding:
    where: str  # 页面设置, 第 3 段“…”, 页脚
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


def _attr(el, path: str, attr: str):
    if el is None:
        return None
    child = el.find(path) if path else el
    return None if child is None else child.get(W + attr)


class Styles:
    """The styles part, for resolving a property along paragraph → styles → defaults."""

    def __init__(self, root):
        self.by_id = {s.get(W + "styleId"): s for s in root.findall(W + "style")} if root is not None else {}
        self.default_p = next((sid for sid, s in self.by_id.items()
                               if s.get(W + "type") == "paragraph" and s.get(W + "default") == "1"), None)
        d = root.find(W + "docDefaults") if root is not None else None
        self.default_ppr = d.find(f"{W}pPrDefault/{W}pPr") if d is not None else None
        self.default_rpr = d.find(f"{W}rPrDefault/{W}rPr") if d is not None else None

    def chain(self, style_id: str | None) -> list:
        out, seen = [], set()
        sid = style_id or self.default_p
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            out.append(self.by_id[sid])
            based = self.by_id[sid].find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None
        return out

    def para(self, p) -> tuple[list, list, str]:
        """(pPr chain, rPr chain, style id) for paragraph ``p``."""
        ppr = p.find(W + "pPr")
        sid = _attr(ppr, W + "pStyle", "val") or self.default_p or ""
        styles = self.chain(sid)
        pprs = [ppr] + [s.find(W + "pPr") for s in styles] + [self.default_ppr]
        rprs = [s.find(W + "rPr") for s in styles] + [self.default_rpr]
        return pprs, rprs, sid

    def run_chain(self, r, para_rprs: list) -> list:
        rpr = r.find(W + "rPr")
        rstyle = _attr(rpr, W + "rStyle", "val")
        styles = [s.find(W + "rPr") for s in self.chain(rstyle)] if rstyle else []
        return [rpr] + styles + para_rprs


def first(chain: list, path: str, attr: str):
    for el in chain:
        v = _attr(el, path, attr)
        if v is not None:
            return v
    return None


MAX_PART = 256 * 1024**2  # a part larger than this is no document's: a zip bomb


def lint_docx(path: Path) -> list[Finding]:
    """Every way the document at ``path`` departs from docs/layout.md (empty: it passes)."""
    from lxml import etree

    try:
        z = zipfile.ZipFile(path)
        parts = {n: z.read(n) for n in z.namelist() if n.startswith("word/") and n.endswith((".xml", ".rels"))
                 and z.getinfo(n).file_size <= MAX_PART}
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, NotImplementedError):
        return [Finding("文件", "不是有效的 .docx 文件，无法检查")]
    def parse(name: str):
        return parse_untrusted(parts[name]) if name in parts else None

    try:
        doc, styles_root, settings = parse("word/document.xml"), parse("word/styles.xml"), parse("word/settings.xml")
        if doc is None:
            return [Finding("文件", "缺少正文部分（word/document.xml），无法检查")]
        styles = Styles(styles_root)
        out: list[Finding] = []
        out += _check_defaults(styles, parts)
        out += _check_sections(doc)
        out += _check_footers(doc, parts, styles, settings)
        out += _check_paragraphs(doc, styles)
        out += _check_tables(doc, styles)
        return out
    except etree.XMLSyntaxError as e:
        return [Finding("文件", f"文档中的 XML 已损坏或含有不允许的内容，无法检查（{e.msg}）。请用 Word 或 WPS 打开后另存再试")]



def _check_defaults(styles: Styles, parts: dict) -> list[Finding]:
    out = []
    where = "文档默认格式"
    if first([styles.default_rpr], W + "rFonts", "eastAsia") is None:
        out.append(Finding(where, "文档默认字体没有指定中文字体（w:eastAsia），中文会落到主题字体上"))
    lang = first([styles.default_rpr] + [s.find(W + "rPr") for s in styles.chain(None)], W + "lang", "eastAsia")
    if lang != "zh-CN":
        out.append(Finding(where, f"中文语言应为 zh-CN，现为 {lang or '未设置'}"))
    chain = [s.find(W + "pPr") for s in styles.chain(None)] + [styles.default_ppr]
    for tag, what in (("autoSpaceDE", "中文与英文字母"), ("autoSpaceDN", "中文与数字")):
        if first(chain, W + tag, "val") not in ("0", "false", "off"):
            out.append(Finding(where, f"没有关闭{what}之间的自动间距（w:{tag} 应为 0）：落款下的日期会偏离，"
                                      "表格中的“2025年3月”等会被挤断"))
    for name, data in parts.items():
        if re.search(rb'w:(ascii|hAnsi|eastAsia|cs)Theme="', data):
            out.append(Finding(name, "使用了主题字体（*Theme 属性），它会压过指定的字体名，应删除"))
    return out


def _sections(doc) -> list:
    return list(doc.find(W + "body").iter(W + "sectPr"))


def _landscape(sect) -> bool:
    return _attr(sect, W + "pgSz", "w") == str(gbt.PAGE_H)


def _check_sections(doc) -> list[Finding]:
    out = []
    for i, sect in enumerate(_sections(doc), start=1):
        where = f"第 {i} 节页面设置"
        w, h = _attr(sect, W + "pgSz", "w"), _attr(sect, W + "pgSz", "h")
        size = {w, h}
        if size != {str(gbt.PAGE_W), str(gbt.PAGE_H)}:
            out.append(Finding(where, f"纸张应为 A4（{gbt.PAGE_W}×{gbt.PAGE_H}），现为 {w}×{h}"))
        margins = {k: _attr(sect, W + "pgMar", k) for k in ("top", "bottom", "left", "right")}
        bad = [f"{k}={margins[k]}（应为 {v}）" for k, v in gbt.margins(_landscape(sect)).items()
               if margins[k] != str(v)]
        if bad:
            out.append(Finding(where, "页边距不对：" + "，".join(bad)))
        grid = (_attr(sect, W + "docGrid", "type"), _attr(sect, W + "docGrid", "linePitch"),
                _attr(sect, W + "docGrid", "charSpace"))
        if grid != ("linesAndChars", str(gbt.LINE_PITCH), str(gbt.CHAR_SPACE)):
            out.append(Finding(where, "文档网格应为“指定行和字符网格”，每页 22 行、每行 28 字"
                                      f"（linePitch {gbt.LINE_PITCH}，charSpace {gbt.CHAR_SPACE}），现为 {grid}"))
    return out


def _footer_part(doc, parts: dict, kind: str):
    sect = next(reversed(_sections(doc)), None)
    ref = None
    for el in (sect.findall(W + "footerReference") if sect is not None else []):
        if el.get(W + "type") == kind:
            ref = el.get(f"{{{R_NS}}}id")
    if ref is None:
        return None
    for rel in parse_untrusted(parts.get("word/_rels/document.xml.rels", b"<x/>")):
        if rel.get("Id") == ref:
            return parse_untrusted(parts.get("word/" + rel.get("Target").lstrip("/").removeprefix("word/"), b"<x/>"))
    return None


def _check_footers(doc, parts: dict, styles: Styles, settings) -> list[Finding]:
    out = []
    if settings is None or settings.find(W + "evenAndOddHeaders") is None:
        out.append(Finding("页码", "没有设置“奇偶页不同”（w:evenAndOddHeaders），单双页页码无法分放右、左"))
    for kind, side, label in (("default", "right", "单页"), ("even", "left", "双页")):
        footer = _footer_part(doc, parts, kind)
        where = f"{label}页码"
        if footer is None:
            out.append(Finding(where, "没有页脚，缺少页码"))
            continue
        paras = [p for p in footer.iter(W + "p") if p.find(f".//{W}instrText") is not None]
        page = [p for p in paras if "PAGE" in "".join(t.text or "" for t in p.iter(W + "instrText"))]
        if not page:
            out.append(Finding(where, "页脚中没有页码域（PAGE）"))
            continue
        p = page[0]
        sect = next(reversed(_sections(doc)), None)
        if sect is not None and _landscape(sect):
            cell = next(p.iterancestors(W + "tc"), None)
            table = next(p.iterancestors(W + "tbl"), None)
            turned = cell is not None and _attr(cell, W + "tcPr/" + W + "textDirection", "val") == "tbRl"
            floats = table is not None and _attr(table, W + "tblPr/" + W + "tblpPr", "horzAnchor") == "page"
            if not (turned and floats):
                out.append(Finding(where, "横排页面的页码应随纸张转向，放在竖排时的页面下方（页面左侧、文字方向 tbRl），"
                                          "使装订后与竖排页码位置一致"))
        pprs, rprs, _ = styles.para(p)
        text = para_text(p)
        if not (text.startswith("— ") and text.endswith(" —")):
            out.append(Finding(where, f"页码应为“— 1 —”的形式（一字线加空格），现为“{text}”"))
        jc = first(pprs, W + "jc", "val")
        if jc != side:
            out.append(Finding(where, f"{label}页码应居{'右' if side == 'right' else '左'}（jc {side}），现为 {jc}"))
        indent = first(pprs, W + "ind", side) or first(pprs, W + "ind", "start" if side == "left" else "end")
        if indent != str(gbt.PAGE_NUMBER_INDENT):
            out.append(Finding(where, f"页码应空一字（{side} 缩进 {gbt.PAGE_NUMBER_INDENT}），现为 {indent}"))
        runs = [r for r in p.iter(W + "r") if r.find(W + "t") is not None]
        for r in runs[:1]:
            chain = styles.run_chain(r, rprs)
            size, face = first(chain, W + "sz", "val"), first(chain, W + "rFonts", "ascii")
            if size != str(gbt.PAGE_NUMBER_SIZE):
                out.append(Finding(where, f"页码应为四号（sz {gbt.PAGE_NUMBER_SIZE}），现为 {size}"))
            if face not in FACES["song"]:
                out.append(Finding(where, f"页码字体应为宋体，现为 {face}"))
    return out


def _role(sid: str, text: str) -> str:
    if sid in ("GwH1",) or (sid not in SPECIAL and H1.match(text)):
        return "h1"
    if sid in ("GwH2",) or (sid not in SPECIAL and H2.match(text)):
        return "h2"
    return {"GwTitle": "title", "GwDocNo": "docno", "GwSign": "sign", "GwDate": "date",
            "GwAttachMark": "attach", "GwCaption": "caption", "GwTo": "to", "GwMeta": "meta",
            "GwByline": "byline"}.get(sid, "body")


ROLE_FACE = {"title": "title", "h1": "hei", "h2": "kai", "body": "body", "docno": "body", "sign": "body",
             "date": "body", "attach": "hei", "caption": "hei", "to": "body", "meta": "body",
             "byline": "body"}
ROLE_NAME = {"title": "标题", "h1": "一级标题", "h2": "二级标题", "body": "正文", "docno": "发文字号",
             "sign": "落款", "date": "成文日期", "attach": "附件标识", "caption": "表格标题", "to": "主送机关",
             "meta": "填报说明", "byline": "署名"}
FACE_NAME = {"title": "方正小标宋简体（或华文中宋、宋体）", "hei": "黑体", "kai": "楷体_GB2312（或楷体）",
             "body": "仿宋_GB2312（或仿宋）", "song": "宋体"}


def _in_table(p) -> bool:
    return next(p.iterancestors(W + "tc"), None) is not None


def _check_paragraphs(doc, styles: Styles) -> list[Finding]:
    out = []
    body = doc.find(W + "body")
    paras = [p for p in body.iter(W + "p") if not _in_table(p)]
    signs = []
    for n, p in enumerate(paras, start=1):
        text = para_text(p).strip()
        if p.find(f".//{W}drawing/{WP}inline") is not None:
            pprs = styles.para(p)[0]
            if first(pprs, W + "spacing", "lineRule") == "exact":
                out.append(Finding(f"第 {n} 段（图表）", "图表或图片所在段落的行距是固定值，只能显示一行高；"
                                                      "请把这一段改用“图表”样式（或单倍行距）"))
            continue
        if not text:
            continue
        pprs, rprs, sid = styles.para(p)
        role = _role(sid, text)
        where = f"第 {n} 段“{text[:16]}{'…' if len(text) > 16 else ''}”"
        want_size = gbt.TITLE_SIZE if role == "title" else gbt.BODY_SIZE
        for r in p.iter(W + "r"):
            rtext = "".join(t.text or "" for t in r.findall(W + "t"))
            if not rtext.strip():
                continue
            chain = styles.run_chain(r, rprs)
            if _CJK.search(rtext):
                face = first(chain, W + "rFonts", "eastAsia")
                if face not in FACES[ROLE_FACE[role]]:
                    out.append(Finding(where, f"{ROLE_NAME[role]}的中文字体应为{FACE_NAME[ROLE_FACE[role]]}，现为 {face or '未指定'}"))
                    break
            size = first(chain, W + "sz", "val")
            if size != str(want_size):
                out.append(Finding(where, f"{ROLE_NAME[role]}字号应为 {want_size // 2} 磅，现为 "
                                          f"{int(size) / 2 if size else '未指定'} 磅"))
                break
            if role in ("h1", "h2") and _has_on(chain, "b"):
                out.append(Finding(where, f"{ROLE_NAME[role]}不应加粗"))
                break
        rule, line = first(pprs, W + "spacing", "lineRule"), first(pprs, W + "spacing", "line")
        if role != "title" and (rule, line) != ("exact", str(gbt.LINE_PITCH)):
            out.append(Finding(where, f"行距应为固定值 28.95 磅（line {gbt.LINE_PITCH} exact），现为 {line} {rule}"))
        if role in ("body", "h1", "h2"):
            chars, twips = first(pprs, W + "ind", "firstLineChars"), first(pprs, W + "ind", "firstLine")
            if chars != "200" and twips != str(2 * gbt.CHAR):
                out.append(Finding(where, f"{ROLE_NAME[role]}首行应缩进 2 字（firstLineChars 200），现为 "
                                          f"{chars or twips or '无缩进'}"))
        if role == "title" and first(pprs, W + "jc", "val") != "center":
            out.append(Finding(where, "标题应居中"))
        if role == "docno" or (role == "body" and DOC_NO.search(text) and len(text) < 30):
            m = DOC_NO.search(text)
            if m and not GOOD_DOC_NO.search(text):
                out.append(Finding(where, f"发文字号应写成“〔{m[1]}〕{int(m[2])}号”：六角括号、不加“第”、序号不编虚位"))
        if role == "date" or (role == "body" and DATE.match(text)):
            if DATE.match(text) and not GOOD_DATE.match(text):
                out.append(Finding(where, "成文日期应使用阿拉伯数字、年份写全、月日不编虚位，如“2025年12月31日”"))
        if role in ("sign", "date"):
            signs.append((role, text, p))
        if role == "attach" and first(pprs, W + "pageBreakBefore", "val") is None and \
                p.find(f"{W}pPr/{W}pageBreakBefore") is None and not _after_page_break(p):
            out.append(Finding(where, "附件应另起一页"))
    out += _check_signature(signs, body)
    return out


def _has_on(chain: list, tag: str) -> bool:
    for el in chain:
        if el is None:
            continue
        child = el.find(W + tag)
        if child is not None:
            return child.get(W + "val") not in ("0", "false", "off")
    return False


def _after_page_break(p) -> bool:
    """A page break (or a section starting a new page) just before ``p``."""
    prev = p.getprevious()
    if prev is None:
        return False
    if any(br.get(W + "type") == "page" for br in prev.iter(W + "br")):
        return True
    sect = prev.find(f"{W}pPr/{W}sectPr")  # the section before ends here: ours start a new page
    return sect is not None and _attr(sect, W + "type", "val") in (None, "nextPage", "evenPage", "oddPage")


def _check_signature(signs: list, body) -> list[Finding]:
    out = []
    for (r1, issuer, p1), (r2, date, p2) in zip(signs, signs[1:], strict=False):
        if (r1, r2) != ("sign", "date"):
            continue
        want1, want2 = finish.signature_indents(issuer, date, finish.line_width(body, p1))
        got1 = int(_attr(p1.find(W + "pPr"), W + "ind", "right") or 0) / gbt.CHAR
        got2 = int(_attr(p2.find(W + "pPr"), W + "ind", "left") or 0)
        jc = _attr(p2.find(W + "pPr"), W + "jc", "val")
        if abs(got1 - want1) > 0.05 or abs(got2 - want2) > 20 or jc not in ("left", "start"):
            out.append(Finding(f"落款“{issuer}”", f"发文机关署名应右空 {want1:g} 字，成文日期应左对齐、从署名第一个字右移 2 字处开始"
                                                  f"（左缩进 {want2} 缇），现为署名右空 {round(got1, 2):g} 字、日期左缩进 {got2} 缇"
                                                  f"{'' if jc in ('left', 'start') else '且未左对齐'}"))
    return out


def _check_tables(doc, styles: Styles) -> list[Finding]:
    out = []
    for i, tbl in enumerate(doc.find(W + "body").iter(W + "tbl"), start=1):
        where = f"第 {i} 个表格"
        rows = tbl.findall(W + "tr")
        if rows and rows[0].find(f"{W}trPr/{W}tblHeader") is None:
            out.append(Finding(where, "表头行应设为“在各页顶端重复”（w:tblHeader）"))
        if any(r.find(f"{W}trPr/{W}cantSplit") is None for r in rows):
            out.append(Finding(where, "表格行应设为“不允许跨页断行”（w:cantSplit）"))
        bad = [w for el in (*tbl.iter(W + "gridCol"), *tbl.iter(W + "tcW")) if (w := el.get(W + "w")) is not None
               and not w.isdigit()]
        if bad:  # ST_TwipsMeasure is a whole number: Word may report the file as damaged otherwise
            out.append(Finding(where, f"列宽应为整数（缇），现有“{bad[0]}”"))
        for p in tbl.iter(W + "p"):
            if not para_text(p).strip():
                continue
            pprs, rprs, _ = styles.para(p)
            if (first(pprs, W + "spacing", "lineRule"), first(pprs, W + "spacing", "line")) == \
                    ("exact", str(gbt.LINE_PITCH)):
                out.append(Finding(where, f"单元格“{para_text(p)[:10]}”沿用了正文的 28.95 磅固定行距，应使用单元格自己的行距"))
                break
            r = next((r for r in p.iter(W + "r") if r.find(W + "t") is not None), None)
            size = first(styles.run_chain(r, rprs), W + "sz", "val") if r is not None else None
            if size and int(size) > gbt.TABLE_SIZE:
                out.append(Finding(where, f"表格文字应为四号或更小，单元格“{para_text(p)[:10]}”为 {int(size) / 2:g} 磅"))
                break
    return out

