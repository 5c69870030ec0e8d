"""What a template may hold, and the check every template passes once before any unit
renders: macros and links to outside files are taken out, every variable it names exists.

A clerk's template is a file from anywhere. Word refuses a .docx whose package carries a
macro project, so a macro copied into every unit's document would make them all
unopenable; a linked picture or a remote attached template makes LibreOffice (and Word)
fetch a URL, on Windows a ``\\\\server\\share`` path, when the document is opened. Both are
taken out of the template as it is prepared, with a warning, never carried into output.
"""

from __future__ import annotations

import re
from pathlib import Path

# Package parts and content types of a macro project (VBA, its data, ActiveX controls)
_MACRO_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/.*|_rels/vbaProject\.bin\.rels)$")
_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MACRO_TYPE = re.compile(r'<(Override|Default)\b[^>]*ContentType="application/vnd\.ms-(office\.vbaProject|word\.vbaData\+xml|office\.activeX[^"]*)"[^>]*/>')
_MACRO_REL = re.compile(r'<Relationship\b[^>]*Type="[^"]*/(vbaProject|wordVbaData|control|activeXControlBinary)"[^>]*/>')
# A relationship to something outside the package; hyperlinks are followed only when clicked.
_EXTERNAL = re.compile(r'<Relationship\b(?=[^>]*TargetMode="External")[^>]*/>')
_REL_ID = re.compile(r'\bId="([^"]+)"')


def sanitise(files: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """The template's parts without macros or links that would be fetched, and what was
    taken out, in words for the clerk (empty when nothing was)."""
    notes = []
    macros = [name for name in files if _MACRO_PART.search(name)]
    if macros:
        files = {name: data for name, data in files.items() if name not in macros}
        for name in list(files):
            if name == "[Content_Types].xml" or name.endswith(".rels"):
                text = files[name].decode("utf-8")
                text = _MACRO_REL.sub("", _MACRO_TYPE.sub("", text)).replace(_MACRO_MAIN, _PLAIN_MAIN)
                files[name] = text.encode("utf-8")
        notes.append("含有宏（VBA 代码），生成的文档中已去掉宏：Word 不会打开带宏的 .docx。模板中的文字和格式照用")
    linked: list[str] = []
    for name in [n for n in files if n.endswith(".rels")]:
        text = files[name].decode("utf-8")
        dropped = [m[0] for m in _EXTERNAL.finditer(text) if not re.search(r'Type="[^"]*/hyperlink"', m[0])]
        if not dropped:
            continue
        for rel in dropped:
            text = text.replace(rel, "")
        files[name] = text.encode("utf-8")
        ids = [m[1] for rel in dropped if (m := _REL_ID.search(rel))]
        owner = name.replace("_rels/", "").removesuffix(".rels")  # word/_rels/document.xml.rels → word/document.xml
        if owner in files:
            files[owner] = _unlink(files[owner].decode("utf-8"), ids).encode("utf-8")
        linked += ids
    if linked:
        notes.append(f"链接了外部的文件或网址（{len(linked)} 处，如链接的图片或远程模板），已去掉这些链接，"
                     "生成和打开文档时不会去读取它们。需要图片时请在 Word 中“插入图片”而不是“链接到文件”")
    return files, notes


def _unlink(xml: str, ids: list[str]) -> str:
    """References to the removed relationships taken out: a picture's r:link, an attached
    template's or a subdocument's element."""
    for rid in ids:
        xml = re.sub(rf'\s+r:(link|id)="{re.escape(rid)}"', "", xml)
        xml = re.sub(rf'<w:(attachedTemplate|subDoc)\b[^>]*r:id="{re.escape(rid)}"[^>]*/>', "", xml)
    return xml


def unknown_variables(env, sources: list[str], known: set[str]) -> list[str]:
    """The variables a template's Jinja sources name that are not ``known``: in every
    branch, taken or not (jinja2.meta, as docxtpl's get_undeclared_template_variables)."""
    from jinja2 import meta

    found: set[str] = set()
    for source in sources:
        found |= meta.find_undeclared_variables(env.parse(source))
    return sorted(found - known - set(env.globals))


def macro_file(path: Path) -> bool:
    """A macro-enabled Word template or document (.docm, .dotm): named, never used."""
    return path.suffix.lower() in (".docm", ".dotm")
