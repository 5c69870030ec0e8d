"""For ``lint``: what each body paragraph of a 公文 is, and its properties in the units a clerk
sets them in Word (字, 磅 with the Chinese size name, 毫米), never twips or half-points.

A paragraph's role comes from its style in a document this tool wrote (the Gw* styles),
from its position and its text in any other (a clerk's own Word file).

The roles and how an unstyled paragraph is recognised (docs/layout.md, "What lint checks"):

- ``h1`` / ``h2``: starts ``一、`` / ``（一）``;
- ``attach`` (附件标识): only ``附件`` or ``附件1``;
- ``attachnote`` (附件说明): starts ``附件：`` followed by a name; ``attachitem``: the lines
  right under it (no blank line between) that start with a number, ``2.名称``;
- ``date`` (成文日期): the whole paragraph a date, ``2025年12月31日`` or ``二〇二五年十二月三十一日``;
- ``sign`` (发文机关署名): the paragraph right above a date, short, with no sentence
  punctuation and not ``特此通知``, whatever its alignment;
- ``imprint`` (版记): starts ``抄送：``, or ends ``印发`` after a date;
- and, only in a document with no Gw style (ours mark these by style), by position:
  ``docno`` (发文字号): a short paragraph among the first three holding ``〔2025〕5号``, the
  paragraphs above it being the ``masthead`` (版头, not checked); ``title``: the first
  paragraph after it (or the first of all) that does not end like a sentence, with the
  centred paragraphs right under it; ``to`` (主送机关): the first paragraph after the title
  (or in the title's place) that ends with a colon, has no sentence in it and does not
  open like body text (``为``, ``根据``, ``现将``… or ending ``如下：``).

Everything else is ``body``.

Values are resolved as Word does (the paragraph, its style chain, the defaults: the
``pprs`` lists of ``lint.Styles.para``); an indent in characters counts characters of the
paragraph's size, a non-zero ``*Chars`` attribute before the twips one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chinese import text_width
from .finish import GRID_PITCH
from .ooxml import W

H1 = re.compile(r"^[一二三四五六七八九十]+、")
H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
DOC_NO = re.compile(r"[〔\[［【(（<〈]\s*(\d{4})\s*[〕\]］】)）>〉]\s*第?\s*(\d+)\s*号")
DATE = re.compile(r"^\s*(\S{4})年(\S{1,2})月(\S{1,3})日\s*$")
ATTACH_MARK = re.compile(r"^附件\s*[0-9０-９]*$")
ATTACH_NOTE = re.compile(r"^附件\s*[：:]\s*\S")
ITEM = re.compile(r"^[0-9０-９]+\s*[.．、]")
IMPRINT = re.compile(r"^抄送\s*[：:]|\d{4}年\d{1,2}月\d{1,2}日\s*印发$")
SENTENCE = re.compile(r"[。；！？;!?]")
BODY_OPENERS = ("为", "根据", "按照", "依据", "依照", "遵照", "现将", "现就", "经", "近日", "近期", "今年", "关于")

STYLE_ROLE = {"GwTitle": "title", "GwDocNo": "docno", "GwSign": "sign", "GwDate": "date", "GwAttachMark": "attach",
              "GwCaption": "caption", "GwTo": "to", "GwMeta": "meta", "GwByline": "byline", "GwH1": "h1", "GwH2": "h2"}
ROLE_NAME = {"title": "标题", "h1": "一级标题", "h2": "二级标题", "body": "正文", "docno": "发文字号",
             "sign": "发文机关署名", "date": "成文日期", "attach": "附件标识", "caption": "表格标题", "to": "主送机关",
             "meta": "填报说明", "byline": "署名", "attachnote": "附件说明", "attachitem": "附件说明",
             "imprint": "版记", "masthead": "版头"}
ROLE_FACE = {"title": "title", "h1": "hei", "h2": "kai", "attach": "hei", "caption": "hei"}  # others: "body"


@dataclass(frozen=True)
class Para:
    text: str  # as written, leading spaces kept
    style: str  # style id
    centered: bool


def _content_role(text: str) -> str:
    for pattern, role in ((H1, "h1"), (H2, "h2"), (ATTACH_MARK, "attach"), (ATTACH_NOTE, "attachnote"),
                          (DATE, "date"), (IMPRINT, "imprint")):
        if pattern.search(text):
            return role
    return "body"


def issuer_like(text: str) -> bool:
    """Could be the issuing body's name: short, no sentence or clause punctuation, not a date,
    not a closing formula (特此通知, 此复)."""
    return (2 <= len(text) <= 40 and not re.search(r"[。，；：！？,;:!?]", text) and not DATE.match(text)
            and not text.startswith(("特此", "此复", "此致")))


def title_like(text: str) -> bool:
    return len(text) <= 80 and not text.endswith(("。", "；", "，", "、", "！", "？", "：", ":"))


def salutation_like(text: str) -> bool:
    return (text.endswith(("：", ":")) and len(text) <= 60 and not SENTENCE.search(text)
            and not text.rstrip("：:").endswith("如下") and not text.startswith(BODY_OPENERS))


def assign(paras: list[Para]) -> list[str]:
    """The role of each paragraph ("" for an empty one)."""
    texts = [p.text.strip() for p in paras]
    roles = [("" if not t else STYLE_ROLE.get(p.style) or _content_role(t)) for p, t in zip(paras, texts, strict=True)]
    for i, role in enumerate(roles):
        if role == "attachnote":  # the further attachments listed under the first
            j = i + 1
            while j < len(roles) and roles[j] == "body" and ITEM.match(texts[j]):
                roles[j] = "attachitem"
                j += 1
        elif role == "date" and i and roles[i - 1] == "body" and issuer_like(texts[i - 1]):
            roles[i - 1] = "sign"
    if not any(p.style.startswith("Gw") for p in paras):
        _by_position(paras, texts, roles)
    return roles


def _by_position(paras: list[Para], texts: list[str], roles: list[str]) -> None:
    """发文字号, 标题 and 主送机关 of a document not marked with our styles."""
    filled = [i for i, t in enumerate(texts) if t]
    if not filled:
        return
    start = filled[0]
    docno = next((i for i in filled[:3] if roles[i] == "body" and DOC_NO.search(texts[i]) and len(texts[i]) < 40), None)
    if docno is not None:
        roles[docno] = "docno"
        for i in filled:
            if i >= docno:
                break
            roles[i] = "masthead"
        start = docno + 1
    nxt = next((i for i in filled if i >= start), None)
    if nxt is None or roles[nxt] != "body":
        return
    if not salutation_like(texts[nxt]) and title_like(texts[nxt]):
        roles[nxt] = "title"
        j = nxt + 1  # a title set as several paragraphs: centred, no blank line between
        while (j < len(texts) and texts[j] and roles[j] == "body" and paras[j].centered and paras[nxt].centered
               and title_like(texts[j]) and not salutation_like(texts[j])):
            roles[j] = "title"
            j += 1
        nxt = next((i for i in filled if i >= j), None)
    if nxt is not None and roles[nxt] == "body" and salutation_like(texts[nxt]):
        roles[nxt] = "to"


# ------------------------------------------------------------------ values as a clerk reads them

TWIPS_PER_MM = 1440 / 25.4
SIZE_NAMES = {84: "初号", 72: "小初", 52: "一号", 48: "小一", 44: "二号", 36: "小二", 32: "三号", 30: "小三",
              28: "四号", 24: "小四", 21: "五号", 18: "小五", 15: "六号", 13: "小六", 11: "七号", 10: "八号"}
GRID_NAMES = {"lines": "只指定行网格", "linesAndChars": "指定行和字符网格", "snapToChars": "文字对齐字符网格"}
JC_WORDS = {"left": "左对齐", "start": "左对齐", "both": "两端对齐", "center": "居中", "right": "右对齐",
            "end": "右对齐", "distribute": "分散对齐"}
_IND = {"left": (("leftChars", "left"), ("startChars", "start")),
        "right": (("rightChars", "right"), ("endChars", "end")),
        "first": (("hangingChars", "hanging"), ("firstLineChars", "firstLine"))}


def num(value) -> float | None:
    """An attribute's number; None when unset or not a number (a damaged file)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def said(words: str) -> str:
    """``words`` after 现为 or 应为: a space before a number (现为 2 字, 现为三号)."""
    return (" " if words[:1].isdigit() else "") + words


def chars(x: float) -> str:
    """An indent in characters: ``2 字``, ``17.27 字``, a hanging first line ``悬挂 3 字``."""
    x = round(x, 2) + 0.0
    return f"悬挂 {-x:g} 字" if x < 0 else f"{x:g} 字"


def size_words(half: float | None, unset: float | None = None) -> str:
    """A font size: ``三号（16 磅）``, ``13 磅``; ``unset`` the size Word shows when none is set."""
    if half is None:
        return f"{(unset or 0) / 2:g} 磅（未设置字号）"
    name = SIZE_NAMES.get(int(half)) if half == int(half) else None
    return f"{name}（{half / 2:g} 磅）" if name else f"{half / 2:g} 磅"


def mm(twips: float | None, unit: bool = True) -> str:
    value = f"{round((twips or 0) / TWIPS_PER_MM, 1):g}"
    return f"{value} 毫米" if unit else value


def jc_words(jc: str | None) -> str:
    return JC_WORDS.get(jc or "left", jc or "左对齐")


def line_spacing(pprs: list) -> tuple[float | None, str | None]:
    """(line, rule) from the first element that sets a line; a missing rule is auto."""
    for ppr in pprs:
        sp = ppr.find(W + "spacing") if ppr is not None else None
        if sp is not None and sp.get(W + "line") is not None:
            return num(sp.get(W + "line")), sp.get(W + "lineRule") or "auto"
    return None, None


def line_words(line: float | None, rule: str | None) -> str:
    if line is None:
        return "单倍行距（未设置）"
    if rule in ("exact", "atLeast"):
        return f"{'固定值' if rule == 'exact' else '最小值'} {round(line / 20, 2):g} 磅"
    times = round(line / 240, 2)
    return {1: "单倍行距", 1.5: "1.5 倍行距", 2: "2 倍行距"}.get(times, f"多倍行距 {times:g} 倍")


def indent(pprs: list, side: str, half: float) -> float:
    """The ``left``, ``right`` or ``first`` (line; hanging is negative) indent in characters of a
    ``half``-half-point font: from the first element of the chain that sets that indent."""
    for ppr in pprs:
        ind = ppr.find(W + "ind") if ppr is not None else None
        if ind is None or all(ind.get(W + a) is None for pair in _IND[side] for a in pair):
            continue
        for k, (in_chars, in_twips) in enumerate(_IND[side]):
            c, t = num(ind.get(W + in_chars)), num(ind.get(W + in_twips))
            value = c / 100 if c else (t / (max(half, 1) * 10) if t else 0.0)
            if value:
                return -value if side == "first" and k == 0 else value
        return 0.0
    return 0.0


def space(pprs: list, side: str) -> str | None:
    """段前 (``before``) or 段后 (``after``) spacing as Word shows it, None when there is none."""
    for ppr in pprs:
        sp = ppr.find(W + "spacing") if ppr is not None else None
        if sp is None:
            continue
        auto, lines, twips = (sp.get(W + side + "Autospacing"), num(sp.get(W + side + "Lines")),
                              num(sp.get(W + side)))
        if auto is None and lines is None and twips is None:
            continue
        if auto in ("1", "true", "on"):
            return "自动"
        if lines:
            return f"{lines / 100:g} 行"
        return f"{twips / 20:g} 磅" if twips else None
    return None


def _get(el, tag: str, attr: str) -> float | None:
    child = el.find(W + tag) if el is not None else None
    return num(child.get(W + attr)) if child is not None else None


def _jc(pprs: list) -> str | None:
    return next((jc.get(W + "val") for ppr in pprs if ppr is not None and (jc := ppr.find(W + "jc")) is not None), None)


def grid_words(sect, kind, pitch, spacing, normal: float) -> str:
    """A section's document grid as Word's page set-up shows it: lines a page, characters a line
    (``normal``: Normal's font size in half-points, which Word sizes the grid's characters by)."""
    if kind not in GRID_NAMES:
        return "“无网格”"
    w, h = (_get(sect, "pgSz", k) or 0 for k in ("w", "h"))
    top, bottom, left, right = (_get(sect, "pgMar", k) or 0 for k in ("top", "bottom", "left", "right"))
    parts = [f"每页 {int((h - top - bottom) // pitch)} 行（跨度 {pitch / 20:g} 磅）"] if pitch else []
    char = normal * 10 + (spacing or 0) * 20 / 4096  # twips: Normal's character and the grid's extra
    if kind != "lines" and char > 0:
        parts.append(f"每行 {int((w - left - right) // char)} 字（跨度 {round(char / 20, 2):g} 磅）")
    return f"“{GRID_NAMES[kind]}”" + ("：" + "、".join(parts) if parts else "")


def placement(pprs: list, half: float, raw: str, width: int) -> tuple[float, float]:
    """(start, space after the end) of a one-line paragraph, twips from the text block's edges."""
    left, right = (indent(pprs, side, half) * half * 10 for side in ("left", "right"))
    first_line = indent(pprs, "first", half) * half * 10
    pitch = GRID_PITCH * half / 32
    lead = text_width(raw[:len(raw) - len(raw.lstrip())]) * pitch
    span = text_width(raw.strip()) * pitch
    jc = _jc(pprs)
    if jc in ("right", "end"):
        start = width - right - span
    elif jc == "center":
        start = left + (width - left - right - lead - span) / 2 + lead
    else:
        start = left + first_line + lead
    return start, width - start - span
