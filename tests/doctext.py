"""Document text as compared with golden files: paragraphs and table rows in body order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def _para(p) -> str:
    out = []
    for el in p.iter(W + "t", W + "br", W + "tab", WP + "docPr"):
        if el.tag == WP + "docPr":  # a chart or picture, by its name
            out.append(f"[图表：{el.get('name')}]")
        elif el.tag == W + "t":
            out.append((el.text or "").replace("\u2060", ""))  # a phone number's joiners (finish.join_phones)
        elif el.tag == W + "br":
            out.append("\n" if el.get(W + "type") != "page" else "")
        else:
            out.append("\t")
    return "".join(out)


def document_text(docx: bytes | Path) -> str:
    data = docx.read_bytes() if isinstance(docx, Path) else docx
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    lines = []
    for el in root.find(W + "body"):
        if el.tag == W + "p":
            lines.append(_para(el))
        elif el.tag == W + "tbl":
            for tr in el.iter(W + "tr"):
                lines.append(" | ".join(_para(p) for tc in tr.iter(W + "tc") for p in tc.iter(W + "p")))
    return "\n".join(lines) + "\n"
