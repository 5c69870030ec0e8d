"""``lint``: check any .docx against the layout rules (docs/layout.md) by reading its XML.

Each property is resolved the way Word resolves it: the paragraph's or run's own
properties, then its style and the styles it is based on, then the document
defaults. python-docx is not asked (reading a linked footer through it creates
one); the parts are read with the standard library's zipfile and lxml.

What each paragraph is (标题, 主送机关, 落款…) comes from ``lintroles``: by style in a
document we wrote, by position and text in anyone's. A paragraph's problems are all
reported, in one finding, each as what it is now and what it should be, in the units a
clerk sets in Word (``lintroles.chars``, ``size_words``, ``mm``, ``line_words``).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import finish
from . import styles as gbt
from .chinese import text_width
from .finish import para_text
from .lintroles import (
    DATE,
    DOC_NO,
    ROLE_FACE,
    ROLE_NAME,
    TWIPS_PER_MM,
    Para,
    assign,
    chars,
    grid_words,
    indent,
    jc_words,
    line_spacing,
    line_words,
    mm,
    num,
    placement,
    said,
    size_words,
    space,
)
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
FACE_NAME = {"title": "方正小标宋简体（或华文中宋、宋体）", "hei": "黑体", "kai": "楷体_GB2312（或楷体）",
             "body": "仿宋_GB2312（或仿宋）", "song": "宋体"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
GOOD_DOC_NO = re.compile(r"〔\d{4}〕[1-9]\d*号")
GOOD_DATE = re.compile(r"^\d{4}年[1-9]\d?月[1-9]\d?日$")
WORD_DEFAULT_SIZE = 20  # half-points: what Word shows text no style sizes in
ROLE_SIZE = {"title": gbt.TITLE_SIZE, "imprint": gbt.TABLE_SIZE}  # others: 三号
EXACT_LINE = {"body", "h1", "h2", "docno", "to", "sign", "date", "attach", "caption", "meta", "byline",
              "attachnote", "attachitem"}
NO_SPACING = EXACT_LINE - {"attach", "caption", "meta", "byline"}
CLOSE = 0.05  # characters: an indent this near the rule's passes


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
        if doc is None or doc.find(W + "body") is None:
            return [Finding("文件", "缺少正文部分（word/document.xml），无法检查")]
        styles = Styles(styles_root)
        out: list[Finding] = []
        out += _check_defaults(styles, parts)
        out += _check_sections(doc, styles)
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
        out.append(Finding(where, "文档默认字体没有指定中文字体，没有单独设置字体的中文会落到主题字体上"))
    lang = first([styles.default_rpr] + [s.find(W + "rPr") for s in styles.chain(None)], W + "lang", "eastAsia")
    if lang != "zh-CN":
        out.append(Finding(where, f"中文语言现为 {lang or '未设置'}，应为 zh-CN（中文（中国））"))
    chain = [s.find(W + "pPr") for s in styles.chain(None)] + [styles.default_ppr]
    for tag, what in (("autoSpaceDE", "西文"), ("autoSpaceDN", "数字")):
        if first(chain, W + tag, "val") not in ("0", "false", "off"):
            out.append(Finding(where, f"没有关闭“自动调整中文与{what}的间距”（段落 → 中文版式）：落款下的日期会偏离，"
                                      "表格中的“2025年3月”等会被挤断"))
    for name, data in parts.items():
        if re.search(rb'w:(ascii|hAnsi|eastAsia|cs)Theme="', data):
            out.append(Finding(name, "使用了主题字体（*Theme 属性），它会压过指定的字体名，应删除"))
    return out


def _sections(doc) -> list:
    return list(doc.find(W + "body").iter(W + "sectPr"))


def _landscape(sect) -> bool:
    return _attr(sect, W + "pgSz", "w") == str(gbt.PAGE_H)


MARGIN_NAMES = {"top": "上边距", "bottom": "下边距", "left": "左边距", "right": "右边距"}


def _check_sections(doc, styles: Styles) -> list[Finding]:
    out = []
    normal = num(first([s.find(W + "rPr") for s in styles.chain(None)] + [styles.default_rpr], W + "sz", "val"))
    for i, sect in enumerate(_sections(doc), start=1):
        where = f"第 {i} 节页面设置" + ("（横排）" if _landscape(sect) else "")
        w, h = num(_attr(sect, W + "pgSz", "w")), num(_attr(sect, W + "pgSz", "h"))
        if w is None or h is None or {round(w / TWIPS_PER_MM), round(h / TWIPS_PER_MM)} != {210, 297}:
            now = f"{mm(w, unit=False)}×{mm(h)}" if w is not None and h is not None else "未设置"
            out.append(Finding(where, f"纸张现为 {now}，应为 A4（210×297 毫米）"))
        bad = []
        for side, want in gbt.margins(_landscape(sect)).items():
            got = num(_attr(sect, W + "pgMar", side))
            if got is None or abs(got - want) > 3:
                bad.append(f"{MARGIN_NAMES[side]}现为 {mm(got) if got is not None else '未设置'}，应为 {mm(want)}")
        if bad:
            out.append(Finding(where, "页边距不对：" + "；".join(bad)))
        kind = _attr(sect, W + "docGrid", "type")
        pitch, spacing = num(_attr(sect, W + "docGrid", "linePitch")), num(_attr(sect, W + "docGrid", "charSpace"))
        if (kind, pitch, spacing) != ("linesAndChars", gbt.LINE_PITCH, gbt.CHAR_SPACE):
            grid = grid_words(sect, kind, pitch, spacing, normal or WORD_DEFAULT_SIZE)
            out.append(Finding(where, f"文档网格现为{grid}，应为“指定行和字符网格”：每页 22 行（跨度 28.95 磅）、"
                                      "每行 28 字（跨度 15.79 磅）"))
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
        out.append(Finding("页码", "没有设置“奇偶页不同”（页面设置 → 版式），单双页页码无法分放右、左"))
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
            out.append(Finding(where, f"{label}页码现为{jc_words(jc)}，应{'居右' if side == 'right' else '居左'}"))
        got = indent(pprs, side, gbt.PAGE_NUMBER_SIZE)
        if abs(got - 1) > CLOSE:
            out.append(Finding(where, f"{label}页码应{'右' if side == 'right' else '左'}空一字（四号字），"
                                      f"现为{said(chars(got))}"))
        runs = [r for r in p.iter(W + "r") if r.find(W + "t") is not None]
        for r in runs[:1]:
            chain = styles.run_chain(r, rprs)
            size, face = num(first(chain, W + "sz", "val")), first(chain, W + "rFonts", "ascii")
            if size != gbt.PAGE_NUMBER_SIZE:
                out.append(Finding(where, f"页码字号现为{said(size_words(size, WORD_DEFAULT_SIZE))}，应为四号（14 磅）"))
            if face not in FACES["song"]:
                out.append(Finding(where, f"页码字体{'现为' + face if face else '未指定'}，应为宋体"))
    return out


def _in_table(p) -> bool:
    return next(p.iterancestors(W + "tc"), None) is not None


def _check_paragraphs(doc, styles: Styles) -> list[Finding]:
    """Body paragraphs outside tables, each by its role's rules: one finding a paragraph, naming
    all its problems, and one for each signature block placed wrong."""
    out = []
    body = doc.find(W + "body")
    paras = [p for p in body.iter(W + "p") if not _in_table(p)]
    resolved = [styles.para(p) for p in paras]
    roles = assign([Para(para_text(p), sid, first(pprs, W + "jc", "val") == "center")
                    for p, (pprs, _, sid) in zip(paras, resolved, strict=True)])
    signs, name_start = [], 5.0  # where the 附件说明's names start (characters): its further items' place
    for n, (p, (pprs, rprs, _), role) in enumerate(zip(paras, resolved, roles, strict=True), start=1):
        raw = para_text(p)
        text = raw.strip()
        if p.find(f".//{W}drawing/{WP}inline") is not None:
            if first(pprs, W + "spacing", "lineRule") == "exact":
                out.append(Finding(f"第 {n} 段（图表）", "图表或图片所在段落的行距是固定值，只能显示一行高；"
                                                      "请把这一段改用“图表”样式（或单倍行距）"))
            continue
        if not role or role == "masthead":
            continue
        problems, half = _run_problems(p, styles, rprs, role)
        problems += _spacing_problems(pprs, role)
        problems += _layout_problems(pprs, role, half, raw, name_start, finish.line_width(body, p))
        problems += _text_problems(role, text)
        if role == "attachnote":  # the names start after "附件：", the note being 2 characters in
            name_start = 2 + text_width(raw.lstrip()[:raw.lstrip().find("：") + 1 or raw.lstrip().find(":") + 1])
        if role == "attach" and not _has_on(pprs, "pageBreakBefore") and not _after_page_break(p):
            problems.append("附件应另起一页")
        if role in ("sign", "date"):
            signs.append((role, text, p, pprs, half))
        if problems:
            label = "" if role == "body" else f"（{ROLE_NAME[role]}）"
            out.append(Finding(f"第 {n} 段“{text[:16]}{'…' if len(text) > 16 else ''}”{label}", "；".join(problems)))
    out += _check_signature(signs, body)
    return out


def _run_problems(p, styles: Styles, rprs: list, role: str) -> tuple[list[str], float]:
    """Font, size and weight of every run with text, each fault once; and the paragraph's size
    (its first run's, half-points), which its indents are counted in."""
    face_kind = ROLE_FACE.get(role, "body")
    want = ROLE_SIZE.get(role, gbt.BODY_SIZE)
    faces: list[str] = []
    sizes: list[float | None] = []
    bold, half = False, None
    for r in p.iter(W + "r"):
        rtext = "".join(t.text or "" for t in r.findall(W + "t"))
        if not rtext.strip():
            continue
        chain = styles.run_chain(r, rprs)
        size = num(first(chain, W + "sz", "val"))
        half = half or size or WORD_DEFAULT_SIZE
        face = first(chain, W + "rFonts", "eastAsia")
        if _CJK.search(rtext) and face not in FACES[face_kind] and (face or "未指定") not in faces:
            faces.append(face or "未指定")
        if size != want and size not in sizes:
            sizes.append(size)
        bold = bold or (role in ("h1", "h2") and _has_on(chain, "b"))
    out = []
    if faces:
        now = "未指定" if faces == ["未指定"] else "现为" + "、".join(faces)
        out.append(f"中文字体{now}，应为{FACE_NAME[face_kind]}")
    if sizes:
        out.append(f"字号现为{said('、'.join(size_words(s, WORD_DEFAULT_SIZE) for s in sizes))}，应为{said(size_words(want))}")
    if bold:
        out.append("标题不应加粗")
    return out, half or num(first(rprs, W + "sz", "val")) or WORD_DEFAULT_SIZE


def _spacing_problems(pprs: list, role: str) -> list[str]:
    out = []
    line, rule = line_spacing(pprs)
    if role in EXACT_LINE and (rule, line) != ("exact", gbt.LINE_PITCH):
        words = line_words(line, rule)
        out.append(f"行距现为{said(words)}，应为固定值 28.95 磅")
    for side, name in (("before", "段前"), ("after", "段后")):
        got = space(pprs, side)
        if role in NO_SPACING and got:
            out.append(f"{name}间距现为{said(got)}，应为 0 {'行' if got.endswith('行') else '磅'}")
    return out


def _layout_problems(pprs: list, role: str, half: float, raw: str, name_start: float, width: int) -> list[str]:
    """Indents and alignment by role, in characters of the paragraph's size."""
    left, right, first_line = (indent(pprs, side, half) for side in ("left", "right", "first"))
    lead = text_width(raw[:len(raw) - len(raw.lstrip())])  # spaces typed before the text
    out = []
    if role in ("body", "h1", "h2"):
        if abs(first_line - 2) > CLOSE:
            out.append(f"首行缩进现为{said(chars(first_line))}，应为 2 字")
        out += [f"{name}缩进现为{said(chars(v))}，应为 0 字" for name, v in (("左", left), ("右", right)) if abs(v) > CLOSE]
    elif role in ("to", "attach"):
        out += [f"应顶格：{name}现为{said(chars(v))}，应为 0 字" for name, v in (("首行缩进", first_line), ("左缩进", left))
                if abs(v) > CLOSE]
    elif role in ("title", "docno") and abs(first_line) > CLOSE:
        out.append(f"首行缩进现为{said(chars(first_line))}，应为 0 字（有缩进则居中不正）")
    elif role == "attachnote":
        start = left + first_line + lead
        if abs(start - 2) > CLOSE:
            out.append(f"左空现为{said(chars(start))}，应为 2 字")
        colon = max(raw.find("："), raw.find(":")) + 1
        number = re.match(r"\s*[0-9０-９]+\s*[.．、]", raw[colon:])
        wants = {start + text_width(raw[:colon]) - lead} | ({start + text_width(raw[:colon + number.end()]) - lead}
                                                           if number else set())
        if start + text_width(raw.strip()) > width / (half * 10) and all(abs(left - w) > CLOSE for w in wants):
            out.append(f"回行左缩进现为{said(chars(left))}，应为{said(chars(min(wants)))}（与上一行附件名称首字对齐）")
    elif role == "attachitem" and abs(left + first_line + lead - name_start) > CLOSE:
        out.append(f"序号左空现为{said(chars(left + first_line + lead))}，应为{said(chars(name_start))}（与上一行附件的序号对齐）")
    jc = first(pprs, W + "jc", "val")
    if (role == "title" or (role == "docno" and "签发人" not in raw)) and jc != "center":
        out.append(f"对齐方式现为{jc_words(jc)}，应为居中")
    if role == "to" and jc in ("center", "right", "end"):
        out.append(f"对齐方式现为{jc_words(jc)}，应为左对齐（顶格）")
    return out


def _text_problems(role: str, text: str) -> list[str]:
    out = []
    m = DOC_NO.search(text)
    if (role == "docno" or (role == "body" and len(text) < 30)) and m and not GOOD_DOC_NO.search(text):
        out.append(f"发文字号应写成“〔{m[1]}〕{int(m[2])}号”：六角括号、不加“第”、序号不编虚位")
    if role == "date" and DATE.match(text) and not GOOD_DATE.match(text):
        out.append("成文日期应使用阿拉伯数字、年份写全、月日不编虚位，如“2025年12月31日”")
    if role in ("to", "attachnote") and re.search(r"^附件\s*:|:$", text):
        out.append("冒号应为全角“：”，现为半角“:”")
    if role in ("attachnote", "attachitem") and re.search(r"[。，；、.,;]$", text):
        out.append(f"附件名称后不加标点符号，现以“{text[-1]}”结尾")
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
    """Issuer right-indented two characters (more when the date is the longer), the date
    starting two characters right of the issuer's first (GB/T 9704 7.3.5.2), as ``finish`` sets them."""
    out = []
    for (r1, issuer, p1, pprs1, half1), (r2, date, p2, pprs2, half2) in zip(signs, signs[1:], strict=False):
        if (r1, r2) != ("sign", "date") or not GOOD_DATE.match(date):
            continue  # a date written wrong is named as such; where it goes follows from its right form
        width = finish.line_width(body, p1)
        want1, want2 = finish.signature_indents(issuer, date, width)
        right = placement(pprs1, half1, para_text(p1), width)[1] / gbt.CHAR
        start = placement(pprs2, half2, para_text(p2), width)[0]
        jc = first(pprs2, W + "jc", "val")
        problems = []
        if abs(right - want1) > CLOSE:
            problems.append(f"发文机关署名右空现为{said(chars(right))}，应为{said(chars(want1))}（右对齐、右缩进{said(chars(want1))}）")
        if abs(start - want2) > 20:
            problems.append(f"成文日期首字距版心左边现为{said(chars(start / gbt.CHAR))}，应为{said(chars(want2 / gbt.CHAR))}"
                            f"（比署名首字右移 2 字：左对齐、左缩进{said(chars(want2 / gbt.CHAR))}）")
        if jc not in (None, "left", "start", "both"):
            problems.append(f"成文日期现为{jc_words(jc)}，应左对齐、用左缩进定位（右对齐的日期在 Word、WPS 中位置不同）")
        if problems:
            out.append(Finding(f"落款“{issuer}”", "；".join(problems)))
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
            out.append(Finding(where, f"列宽数值“{bad[0]}”不是整数，Word 可能报告文件已损坏：请在 Word 中调整一下列宽后保存"))
        for p in tbl.iter(W + "p"):
            if not para_text(p).strip():
                continue
            pprs, rprs, _ = styles.para(p)
            if line_spacing(pprs) == (gbt.LINE_PITCH, "exact"):
                out.append(Finding(where, f"单元格“{para_text(p)[:10]}”沿用了正文的固定值 28.95 磅行距，应使用单元格自己的行距"))
                break
            r = next((r for r in p.iter(W + "r") if r.find(W + "t") is not None), None)
            size = num(first(styles.run_chain(r, rprs), W + "sz", "val")) if r is not None else None
            if size and size > gbt.TABLE_SIZE:
                out.append(Finding(where, f"单元格“{para_text(p)[:10]}”字号现为{said(size_words(size))}，应为四号（14 磅）或更小"))
                break
    return out
