"""A very large document's body parsed, finished and written a piece at a time.

A member form of 5,000 pages is 46 MB of XML; parsed whole it is a tree of about 520 MB
(libxml2 spends some 120 bytes a node, and the form has 2.2 million elements and a
million attributes), and that tree was most of a 5,000-member unit's memory. Cut before
the paragraphs that start a page, each piece is a few pages: parsed, finished (the
fixes of finish.finish_document), serialised into the archive and freed before the next.

The fixes look no further than a table, the paragraphs above it back to the start of
its page, and the paragraph after it; so a piece that starts a page, parsed with the
paragraph that follows it, comes out byte for byte as it would from the whole tree
(tests/test_pieces.py builds every kind both ways). The signature block's fix looks
further (to the end of its section, and back over blank paragraphs), so a document that
has one is parsed whole; so is one of no more than ``WHOLE`` bytes, which a single parse
does sooner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from .errors import TemplateProblem
from .ooxml import parse_untrusted

WHOLE = 2 << 20  # a document's XML up to this many bytes is parsed whole
PIECE = 1 << 20  # the least bytes of XML in a piece (about 11 MB of tree)

_OPEN, _CLOSE = b"<w:body>", b"</w:body>"
_PAGE = b"<w:pageBreakBefore"  # in the properties of a paragraph that starts a page
# a paragraph's start, its properties' start, the empty elements the schema puts before the mark
_PAGE_START = re.compile(rb"<w:p(?: [^>]*)?><w:pPr(?: [^>]*)?>(?:<w:\w+(?: [^>]*)?/>)*<w:pageBreakBefore")


def cuts(data: bytes, size: int | None = None) -> list[int] | None:
    """The offsets in a rendered document where its body's pieces start (each at a paragraph
    that starts a page), and last where the body's content ends; None when the document is to
    be parsed whole. Whether each cut is between the body's own children, not inside a table,
    is known when the pieces parse (``write``)."""
    size = PIECE if size is None else size
    start, end = data.find(_OPEN), data.rfind(_CLOSE)
    # a comment, CDATA or processing instruction (Word writes none; a tool might) may hold
    # text that looks like a paragraph: such a document is parsed whole
    if len(data) <= WHOLE or start < 0 or end < start or b"GwSign" in data or b"<!" in data or b"<?" in data:
        return None
    found = [start + len(_OPEN)]
    at = data.find(_PAGE, found[-1] + size, end)
    while at >= 0:
        p = max(data.rfind(b"<w:p>", found[-1], at), data.rfind(b"<w:p ", found[-1], at))
        # the mark in the paragraph's own properties, as forms._above reads it (not in a tracked
        # change's record of the old ones, w:pPrChange)
        m = _PAGE_START.match(data, max(p, 0))
        if p > found[-1] and m is not None and m.end() == at + len(_PAGE):
            found.append(p)
            at = data.find(_PAGE, p + size, end)
        else:
            at = data.find(_PAGE, at + 1, end)
    return found + [end] if len(found) > 1 else None


def write(out, data: bytes, at: list[int], ends: tuple[bytes, bytes], declared: bytes,
          finish: Callable[[Any, bool], None], broken: str) -> None:
    """The document part to the file object ``out``: ``ends`` (the document up to and
    including <w:body>, and from </w:body> on, as lxml writes them), and between them each
    piece of ``data`` cut at ``at``, parsed inside a <w:body> declaring ``declared`` (the
    document's namespaces), given to ``finish`` (with whether its last paragraph is the next
    piece's, see below), and written without that wrapper.

    A piece is parsed with the next piece's first paragraph after it (a table's total row is
    kept with the line under the table), which is finished with it but written with its own
    piece. A piece that does not parse so (a cut fell inside a table) is parsed with all the
    rest; if that fails too the document is broken: TemplateProblem(``broken``)."""
    from lxml import etree

    out.write(ends[0])
    for body, ahead in _parsed(data, at, declared, broken):
        finish(body, ahead)
        if ahead:
            body.remove(body[-1])
        if len(body) or body.text:  # else lxml writes <w:body …/>, and the piece is nothing
            xml = etree.tostring(body, encoding="UTF-8", xml_declaration=False)
            out.write(memoryview(xml)[xml.index(b">") + 1:len(xml) - len(_CLOSE)])
            del xml
        del body
    out.write(ends[1])


def _parsed(data: bytes, at: list[int], declared: bytes, broken: str) -> Iterator[tuple[Any, bool]]:
    """Each piece's body, parsed, and whether the next piece's first paragraph is in it, last."""
    from lxml import etree

    head = b"<w:body " + declared + b">"
    i, last = 0, len(at) - 1
    while i < last:
        stop = data.find(b"</w:p>", at[i + 1], at[-1]) if i + 1 < last else -1
        ahead = stop >= 0
        try:
            body = parse_untrusted(head + data[at[i]:stop + len(b"</w:p>") if ahead else at[-1]] + _CLOSE,
                                   huge=True)
            i += 1
        except etree.XMLSyntaxError:
            try:
                body = parse_untrusted(head + data[at[i]:at[-1]] + _CLOSE, huge=True)
            except etree.XMLSyntaxError as e:
                raise TemplateProblem(broken) from e
            i, ahead = last, False
        if ahead and not len(body):
            raise TemplateProblem(broken)  # cannot be: the paragraph after it parsed with it
        yield body, ahead
        del body  # freed before the next piece is parsed (the caller has let go of it too)


def ends(shell: bytes) -> tuple[bytes, bytes]:
    """The document part with an empty body (``shell``) as lxml writes a whole document,
    cut where the body's content goes."""
    import io

    from lxml import etree

    buf = io.BytesIO()
    etree.ElementTree(parse_untrusted(shell)).write(buf, xml_declaration=True, encoding="UTF-8", standalone=True)
    whole = buf.getvalue()
    i = whole.index(b"<w:body/>")
    return whole[:i] + _OPEN, _CLOSE + whole[i + len(b"<w:body/>"):]
