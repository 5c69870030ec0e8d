"""The Jinja environment and the rendering of one Word document with docxtpl.

Templates are sandboxed (no reaching Python internals), strict (an unknown
variable is an error, not an empty string) and autoescaped (``A&B <c>`` in a cell
is text, never markup).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .charts import Chart, bind
from .chinese import FILTERS, HeadingCounter
from .errors import TemplateProblem

# Characters XML 1.0 forbids, which Word refuses to open. \a and \f are among
# them, which also stops docxtpl reading them as "new paragraph" / "page break".
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A fixed zip timestamp, so the same input gives the same bytes.
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def clean_text(s: str) -> str:
    """Line breaks kept as \\n (docxtpl writes them as <w:br/>); forbidden characters removed."""
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _XML_FORBIDDEN.sub("", s)


def clean(value):
    """``clean_text`` applied to every string in a context, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, tuple):
        return tuple(clean(v) for v in value)
    if isinstance(value, Chart):
        return dataclasses.replace(value, title=clean_text(value.title), categories=clean(value.categories),
                                   series=clean(value.series))
    return value


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


def _explain(template: str, e: Exception) -> str:
    if isinstance(e, UndefinedError):
        m = re.search(r"'([^']+)' is undefined", str(e))
        what = f"“{m[1]}”" if m else f"（{e}）"
        return (f"模板“{template}”使用了不存在的变量{what}。"
                "请运行 python generate.py fields 查看可用的变量名，改正模板中的写法")
    if isinstance(e, SecurityError):
        return f"模板“{template}”试图访问不允许的内容，已拒绝渲染。请删除模板中以下划线开头的属性或方法调用"
    if isinstance(e, TypeError) and "no loader" in str(e):  # include/import/extends: there is no loader
        return (f"模板“{template}”试图读取其他文件（include、import 或 extends），已拒绝渲染。"
                "请删除这个标签，把需要的文字直接写进模板")
    if isinstance(e, TemplateError):
        line = getattr(e, "docx_context", None)
        near = "".join(x.strip() for x in line) if line else ""
        return f"模板“{template}”的标签写法有误：{e.message or e}" + (f"（在“{near[:60]}”附近）" if near else "")
    return f"模板“{template}”无法渲染：{type(e).__name__}。请检查模板中的标签"


def render_document(
    template: Path,
    context: dict,
    properties: dict | None = None,
    postprocess: Callable | None = None,
) -> bytes:
    """Render ``template`` with ``context``; return the .docx bytes.

    ``properties`` sets the core document properties (title, author, the date);
    ``postprocess`` gets the rendered python-docx Document before it is saved
    (the layout fixes that depend on the text). Raises TemplateProblem.
    """
    from docxtpl import DocxTemplate  # heavy: imported only when rendering

    ctx = clean(context)
    ctx["编号"] = HeadingCounter()
    try:
        tpl = DocxTemplate(str(template))
        bind(ctx, tpl)
        tpl.render(ctx, jinja_env=make_environment(), autoescape=True)
    except Exception as e:  # Jinja, sandbox and docxtpl errors alike
        raise TemplateProblem(_explain(template.name, e)) from e
    doc = tpl.docx
    if postprocess is not None:
        postprocess(doc)
    _set_properties(doc, properties or {})
    buf = io.BytesIO()
    tpl.save(buf)
    return normalise_zip(buf.getvalue())


def _set_properties(doc, props: dict) -> None:
    cp = doc.core_properties
    when = props.get("date")
    stamp = dt.datetime.combine(when, dt.time(9, 0)) if isinstance(when, dt.date) else dt.datetime(2000, 1, 1)
    cp.created = stamp
    cp.modified = stamp
    cp.revision = 1
    cp.title = clean_text(props.get("title", ""))
    cp.author = clean_text(props.get("author", ""))
    cp.last_modified_by = "yearend"
    cp.comments = ""


def normalise_zip(data: bytes) -> bytes:
    """The same members in the same order with a fixed timestamp: byte-identical output."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()

