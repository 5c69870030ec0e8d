"""The Jinja environment and the rendering of Word documents with docxtpl.

Templates are sandboxed (no reaching Python internals), strict (an unknown
variable is an error, not an empty string) and autoescaped (``A&B <c>`` in a cell
is text, never markup).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from . import pieces, styles
from .charts import Chart, ChartParts, bind
from .chinese import FILTERS, ArticleCounter, HeadingCounter
from .errors import FilterError, TemplateProblem, command
from .ooxml import XML_DECLARATION, clean_text, core_properties, parse_untrusted, write_zip
from .tplcheck import sanitise, unknown_variables


class Cleaned(dict):
    """A context ``clean`` has been through once, for all of a unit's documents:
    cleaning it again for each took longer than rendering the document."""


def clean(value, _memo: dict | None = None):
    """``clean_text`` applied to every string in a context, keys included. A dict or list
    met twice (a training's record is shared by everyone who attended it) is cleaned once.
    A context with nothing to clean (the readers have cleaned every cell) is returned as it
    is: looking costs a third of copying its tens of thousands of texts."""
    if isinstance(value, str):
        return clean_text(value)
    if not isinstance(value, (dict, list, tuple, Chart)):
        return value  # numbers, dates, None, counters
    if _memo is None and _clean_already(value, set()):
        return value
    memo = {} if _memo is None else _memo
    if id(value) in memo:
        return memo[id(value)]
    out: object
    # a leaf (text, a number, nothing) handled in place rather than by a call: a context
    # has tens of thousands of them
    if isinstance(value, dict):
        out = {_leaf(k) if type(k) in _LEAVES else clean(k, memo): _leaf(v) if type(v) in _LEAVES else clean(v, memo)
               for k, v in value.items()}
    elif isinstance(value, list):
        out = [_leaf(v) if type(v) in _LEAVES else clean(v, memo) for v in value]
    elif isinstance(value, tuple):
        out = tuple(_leaf(v) if type(v) in _LEAVES else clean(v, memo) for v in value)
    else:
        out = dataclasses.replace(value, title=clean_text(value.title), categories=clean(value.categories, memo),
                                  series=clean(value.series, memo))
    memo[id(value)] = out
    return out


def _clean_already(value, seen: set) -> bool:
    """Whether ``clean`` would give back an equal value of the same types: no text in it
    that clean_text changes, and no container but a plain dict, list or tuple, or a Chart
    (clean makes a Counter a dict and a named tuple a tuple)."""
    if id(value) in seen:
        return True
    seen.add(id(value))
    kind = type(value)
    if kind is dict:
        for k, v in value.items():
            if not (_plain(k) if type(k) is str else type(k) in _LEAVES or _clean_already(k, seen)):
                return False
            if not (_plain(v) if type(v) is str else type(v) in _LEAVES or _clean_already(v, seen)):
                return False
        return True
    if kind is list or kind is tuple:
        return all(_plain(v) if type(v) is str else type(v) in _LEAVES or _clean_already(v, seen) for v in value)
    if kind is Chart:
        return isinstance(value.title, str) and _plain(value.title) and _clean_already(value.categories, seen) \
            and _clean_already(value.series, seen)
    return type(value) in _LEAVES or not isinstance(value, (str, dict, list, tuple, Chart))


def _plain(s: str) -> bool:
    """``s`` as clean_text leaves it (isprintable first: nearly every text is)."""
    return s.isprintable() or clean_text(s) == s


class _Environment(SandboxedEnvironment):
    """The sandbox, with ``x.名称`` on a plain dict (every record of the context) looked up as
    Jinja would find it, without the exception Jinja takes to get there: it asks for the
    attribute first, and only a dict's own methods are attributes. That exception was
    nearly half of rendering a member form or a personal summary."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))
_LEAVES = frozenset({str, int, float, bool, type(None)})  # what clean handles in place


def _leaf(value):
    return clean_text(value) if type(value) is str else value


def make_environment() -> SandboxedEnvironment:
    env = _Environment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


def _explain(template: str, e: Exception) -> str:
    if isinstance(e, FilterError):
        return f"模板“{template}”：{e}"
    if isinstance(e, UndefinedError):
        m = re.search(r"'([^']+)' is undefined", str(e))
        what = f"“{m[1]}”" if m else f"（{e}）"
        return (f"模板“{template}”使用了不存在的变量{what}。"
                f"请运行 {command()} fields 查看可用的变量名，改正模板中的写法")
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


class Prepared:
    """What is the same for every document made from one template, done once per
    template and process: the zip members as bytes, the document part with an empty
    body, and the body (and any header, footer or footnotes holding a tag) patched
    by docxtpl and compiled by Jinja.

    A plain docxtpl loop opens the .docx with python-docx, patches and compiles the
    same XML again and saves every part again for every document; here only the
    rendered parts are new. docxtpl's own steps (``patch_xml``, ``resolve_listing``,
    ``fix_tables``, ``fix_docpr_ids``) are called, so its tags mean what they mean.
    """

    def __init__(self, template: Path, fonts: str):
        from docxtpl import DocxTemplate  # heavy: imported only when rendering
        from lxml import etree

        self.name = template.name
        self.helper = DocxTemplate(None)  # for its methods only; no document is loaded
        with zipfile.ZipFile(template) as z:
            files = {n: z.read(n) for n in z.namelist()}
        files, self.notes = sanitise(files)  # macros and links to outside files taken out, said in notes
        root = parse_untrusted(files["word/document.xml"])
        style_part = parse_untrusted(files["word/styles.xml"]) if "word/styles.xml" in files else None
        if fonts != "standard":  # a font name never comes from the data, so the template can be changed
            styles.use_fonts(root, fonts)
            if style_part is not None:
                styles.use_fonts(style_part, fonts)
                files["word/styles.xml"] = etree.tostring(style_part, xml_declaration=True, encoding="UTF-8",
                                                          standalone=True)
        body = root.find(styles.W + "body")
        raw = etree.tostring(body, encoding="unicode")
        # docxtpl's fix_tables widens a table's grid for cells a {%tc for %} loop
        # added; without such a loop it only measures every row (a fifth of a render)
        self.column_loops = "{%tc" in re.sub(r"<[^>]+>", "", raw).replace(" ", "")
        self.body_source = self._source(raw)
        body.clear()
        self.shell = etree.tostring(root, encoding="unicode")
        before, after = self.shell.split("<w:body/>", 1)
        self.around = before.encode("utf-8"), after.encode("utf-8")  # the document part around its body
        # the document's own declarations: the body's copies of them are dropped when spliced
        self.declared = {f'xmlns:{k}="{v}"' if k else f'xmlns="{v}"' for k, v in root.nsmap.items()}
        self.parts = {}
        for name, data in files.items():
            if _TAGGED_PART.match(name):
                xml = etree.tostring(parse_untrusted(data), encoding="unicode")
                text = re.sub(r"<[^>]+>", "", xml)  # Word may split a tag across runs
                if "{{" in text or "{%" in text:
                    self.parts[name] = self._source(xml)
        self.files = files
        self.zipped: dict = {}  # each member as compressed once (ooxml.write_zip)
        self.env = make_environment()
        self.named: list[str] | None = None  # every variable the template names (unknown)
        self.body = self._compile(self.body_source)
        self.compiled = {name: self._compile(src) for name, src in self.parts.items()}

    def unknown(self, known: set[str]) -> list[str]:
        """The variables this template names, in any branch, that are not ``known``; parsed
        once per prepared template (a run checks every template, a test session runs hundreds)."""
        if self.named is None:
            self.named = unknown_variables(self.env, [self.body_source, *self.parts.values()], set())
        return [name for name in self.named if name not in known]

    @functools.cached_property
    def piece_ends(self) -> tuple[bytes, bytes]:
        """The document part around its body as lxml writes a whole document (pieces.ends),
        for the documents written in pieces."""
        return pieces.ends(self.shell.encode("utf-8"))

    def _source(self, xml: str) -> str:
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.helper.patch_xml(xml))
        # docxtpl's escapes for a literal brace in a template ({_{ prints {{) become Jinja
        # string literals here, in the template, so that the same characters in the data
        # are never touched (docxtpl un-escapes the rendered document, data and all)
        for escaped, literal in _ESCAPES.items():
            source = source.replace(escaped, "{{ '" + literal + "' }}")
        return source

    def _compile(self, source: str):
        try:
            compiled = self.env.from_string(source)
        except Exception as e:
            raise TemplateProblem(_explain(self.name, _located(e, source))) from e
        # what the template's code calls for each {{ … }}: see _escaped
        compiled.root_render_func.__globals__["escape"] = _escaped
        return compiled

    def _rendered(self, compiled, source: str, ctx: dict) -> list[bytes]:
        """A tagged part rendered, as UTF-8 in a few pieces: Jinja's strings joined and encoded
        a few thousand at a time. A 5,000-page member form is 42 million characters; held as
        one Python string (two bytes a Chinese character) beside the list Jinja joins it from,
        and then spliced into a second one, it took 200 MB more than its bytes."""
        chunks: list[bytes] = []
        texts: list[str] = []
        try:
            for text in compiled.generate(ctx):
                texts.append(text)
                if len(texts) == 4096:
                    chunks.append(_joined(texts))
                    texts.clear()
            chunks.append(_joined(texts))
        except TemplateProblem:
            raise  # already in words (the time limit, a filter's own)
        except Exception as e:
            raise TemplateProblem(_explain(self.name, _located(e, source))) from e
        # line breaks, tabs, \a and \f in the data become Word's, by docxtpl's pass over each
        # paragraph; a paragraph without them it leaves as it is, so it is given only those
        # that hold one (a long title's line break sent a whole plan through it)
        if any(_has_listing(c) for c in chunks):
            xml = b"".join(chunks).decode("utf-8")
            chunks = [_PARAGRAPH.sub(lambda m: self.helper.resolve_listing(m[0]) if _has_listing(m[0]) else m[0],
                                     xml).encode("utf-8")]
        return chunks

    def _render_body(self, ctx: dict) -> list[bytes]:
        chunks = self._rendered(self.body, self.body_source, ctx)
        if self.column_loops:
            # docxtpl's fix_tables widens a table's grid for cells a {%tc for %} loop added
            from lxml import etree

            tree = self.helper.fix_tables(b"".join(chunks).decode("utf-8"))
            chunks = [etree.tostring(tree, encoding="unicode").encode("utf-8")]
        return chunks

    def _document(self, chunks: list[bytes]) -> bytes:
        """The document part, with the rendered body (``<w:body …>…</w:body>``, in ``chunks``)
        in place of the empty one, as UTF-8."""
        if b">" not in chunks[0]:
            chunks = [b"".join(chunks)]
        end = chunks[0].index(b">")
        head = _NS_DECLARATION.sub(lambda m: "" if m[0].strip() in self.declared else m[0],
                                   chunks[0][:end].decode("utf-8"))
        return b"".join((self.around[0], head.encode("utf-8"), memoryview(chunks[0])[end:], *chunks[1:],
                         self.around[1]))

    def render(self, ctx: dict, properties: dict, finish: Callable | None) -> bytes:
        from lxml import etree

        charts = ChartParts(self.files)
        bind(ctx, charts)
        # The body is spliced into the document as text and the whole parsed once (as
        # fix_tables parses): moving a parsed body into another tree makes lxml walk it
        # to reconcile namespaces, 23 s of a 5,000-page member form.
        data = self._document(self._render_body(ctx))
        # docxtpl renumbers drawings' ids with an XPath over the whole document (a tenth of
        # rendering a ledger); a document without one has nothing to renumber
        drawings = b"docPr" in data
        fixes = finish(data) if finish is not None else None

        def finished(body, ahead: bool = False) -> None:
            if drawings:
                self.helper.fix_docpr_ids(body)
                if ahead:  # the next piece's first paragraph (pieces.write): numbered again with its piece
                    self.helper.docx_ids_index -= sum(1 for _ in body[-1].iter(_DOC_PR))
            if fixes is not None:
                fixes(body)

        out: dict[str, bytes | Callable] = dict(self.files)
        at = pieces.cuts(data)
        if at is None:
            try:
                root = parse_untrusted(data, huge=True)
            except etree.XMLSyntaxError as e:  # a tag that opened in one paragraph or cell and closed in another
                raise TemplateProblem(BROKEN_STRUCTURE.format(self.name)) from e
            size = len(data)
            del data
            if drawings:
                self.helper.docx_ids_index = 1000
            finished(root.find(styles.W + "body"))
            if size <= pieces.WHOLE:  # serialised at once: lxml writing to a file object calls it for every 4 KB
                out["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                          standalone=True)
            else:  # serialised straight into its zip member: a long ledger's XML is never held whole
                out["word/document.xml"] = lambda f: etree.ElementTree(root).write(
                    f, xml_declaration=True, encoding="UTF-8", standalone=True)
        else:  # a document of thousands of pages, parsed and finished a few pages at a time
            ends, declared = self.piece_ends, " ".join(sorted(self.declared)).encode("utf-8")

            def part(f) -> None:  # may run twice (ooxml._compressed gives a member over 1 GiB to zipfile)
                if drawings:
                    self.helper.docx_ids_index = 1000
                pieces.write(f, data, at, ends, declared, finished, BROKEN_STRUCTURE.format(self.name))

            out["word/document.xml"] = part
        for name, compiled in self.compiled.items():
            out[name] = b"".join([XML_DECLARATION.encode("utf-8"), *self._rendered(compiled, self.parts[name], ctx)])
        if "docProps/core.xml" in out:
            out["docProps/core.xml"] = core_properties(**properties)
        out.update(charts.files(out))
        return write_zip(out, self.zipped)


BROKEN_STRUCTURE = ("模板“{}”生成的文档结构被破坏，未生成：有标签在一个段落或表格单元格中开始、在另一个中结束。"
                    "跨段落的条件和循环请单独成段写作 {{%p if … %}} … {{%p endif %}}，表格行写作 {{%tr for … %}} … {{%tr endfor %}}")


# {{ 换行 }}: a line break inside a paragraph (a table cell), as Word writes it: inside the
# run, so that the text after it keeps the run's size (a new run without properties took the
# cell's default: a form's first line at 12 pt, the rest at 14). Written as XML rather than a
# "\n" in the text, which would send the whole document through docxtpl's resolve_listing
# (a fifth of rendering a member form).
LINE_BREAK = Markup('</w:t><w:br/><w:t xml:space="preserve">')


def _joined(texts: list[str]) -> bytes:
    """Strings Jinja rendered, as UTF-8, without the line breaks _source put before each
    paragraph (each is inside one of Jinja's strings, a constant of the template's; two plain
    replaces: a regular expression with a group called Python for each of a ledger's 1,700
    paragraphs)."""
    return "".join(texts).replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>").encode("utf-8")


def _escaped(value):
    """What ``{{ … }}`` prints, as markupsafe's escape prints it; a plain text with nothing to
    escape (nearly every one) is printed as it is. escape wraps each text in a Markup made in
    Python, and a ledger prints a few thousand: a twentieth of rendering it. Set as the name
    Jinja's generated code calls (``escape``), in each compiled template's own globals."""
    if type(value) is str and _HTML_SPECIAL.search(value) is None:
        return value
    return escape(value)


_HTML_SPECIAL = re.compile("[&<>'\"]")  # what markupsafe's escape replaces


def _has_listing(xml: str | bytes) -> bool:
    """Whether ``xml`` holds what docxtpl's resolve_listing turns into Word's (\t, \a, \n,
    \f): four substring searches, which a ledger's body takes far faster than a regex."""
    if isinstance(xml, bytes):
        return any(ch in xml for ch in (b"\t", b"\a", b"\n", b"\f"))
    return any(ch in xml for ch in "\t\a\n\f")


_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # a paragraph as docxtpl's resolve_listing finds it
_NS_DECLARATION = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_ESCAPES = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_TAGGED_PART = re.compile(r"word/(header\d*|footer\d*|footnotes)\.xml$")
_PREPARED: dict[tuple, Prepared | TemplateProblem] = {}


def prepared(template: Path, fonts: str = "standard") -> Prepared:
    """The template, prepared once per process (again when its file changes)."""
    st = template.stat()
    # the path made absolute without asking the file system (resolve() took a dozen
    # lstat calls for every document of every unit)
    key = (os.path.abspath(template), st.st_mtime_ns, st.st_size, fonts)
    if key not in _PREPARED:
        try:
            _PREPARED[key] = Prepared(template, fonts)
        except TemplateProblem as e:
            _PREPARED[key] = e
        except (OSError, KeyError, zipfile.BadZipFile, ValueError) as e:
            _PREPARED[key] = TemplateProblem(f"模板“{template.name}”不是有效的 Word 文档（.docx），无法使用：{type(e).__name__}。"
                                             "请用 Word 或 WPS 打开后另存为 .docx")
    found = _PREPARED[key]
    if isinstance(found, TemplateProblem):
        raise found
    return found


def _located(e: Exception, source: str) -> Exception:
    """Attach the template text around a Jinja error's line, as docxtpl does."""
    lineno = getattr(e, "lineno", None)
    if isinstance(e, TemplateError) and lineno is not None:
        start = max(lineno - 4, 0)
        # docxtpl's attribute, which _explain reads
        e.docx_context = [re.sub(r"<[^>]+>", "", x)  # type: ignore[attr-defined]
                          for x in source.splitlines()[start:start + 7]]
    return e


def render_document(
    template: Path | Prepared,
    context: dict,
    properties: dict | None = None,
    finish: Callable | None = None,
    fonts: str = "standard",
) -> bytes:
    """Render ``template`` with ``context``; return the .docx bytes.

    ``properties`` sets the core document properties (title, author, the date);
    ``finish`` gets the rendered document's XML (bytes) before it is parsed and returns
    what to do to the parsed body element (the layout fixes that depend on the text,
    finish.finish_document); ``fonts`` names the font profile. ``template`` may be one already prepared
    (a unit's forty personal summaries ask the file system once, not forty times).
    Raises TemplateProblem.
    """
    ctx = dict(context) if isinstance(context, Cleaned) else clean(context)
    ctx["编号"] = HeadingCounter()
    ctx["条款"] = ArticleCounter()
    ctx["换行"] = LINE_BREAK
    ready = template if isinstance(template, Prepared) else prepared(template, fonts)
    return ready.render(ctx, properties or {}, finish)
