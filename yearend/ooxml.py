"""What every writer of Office files here shares: namespaces, the fixed date, byte-stable
zips, text XML accepts, and openpyxl workbooks written without the clock.

Same input, same bytes: nothing we write carries the time it was written. Imports
nothing of ours, so every module that writes a .docx or .xlsx can use it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# The one date stamped where a file format wants a date and the data gives none:
# zip members, the properties of a workbook we make from nothing, a document with no 成文日期.
FIXED_DATE = dt.datetime(2000, 1, 1)
ZIP_DATE = FIXED_DATE.timetuple()[:6]

# Characters XML 1.0 forbids, which Word refuses to open. \a and \f are among
# them, which also stops docxtpl reading them as "new paragraph" / "page break".
# Not \x0b, Excel's line break inside a cell: clean_text makes it a \n first.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# what clean_text changes: the forbidden characters, \r and \x0b (not \t and \n)
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(s: str) -> str:
    """Line breaks kept as \\n (docxtpl writes them as <w:br/>); forbidden characters removed."""
    # isprintable() is False for every character _UNCLEAN finds (control, surrogate,
    # noncharacter) and checks a context's tens of thousands of texts in a third of the time
    if s.isprintable() or not _UNCLEAN.search(s):
        return s
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return XML_FORBIDDEN.sub("", s)


def parse_untrusted(data: bytes | str, huge: bool = False):
    """An XML part of a file from anywhere (a clerk's template, a document to lint, a
    rendered body holding their text): no entity expanded (XXE, billion laughs), nothing
    fetched from the network; ``huge`` lifts libxml2's limits on depth and text size,
    for our own rendered documents of thousands of pages only."""
    from lxml import etree

    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=huge))


def child(el, tag: str):
    """``el``'s first child element called ``tag``, or None: what ``el.find(tag)`` gives, in a
    fraction of its time. lxml's find goes through its path language (3.5 µs for a paragraph's
    pPr, against 0.4 µs here when the child is the first, as a pPr or a pStyle is, and 1.7 µs
    otherwise), and the layout fixes look up a few thousand children a document."""
    if len(el):
        first = el[0]
        if first.tag == tag:
            return first
    return next(el.iterchildren(tag), None)


def grandchild(el, tag: str, inner: str):
    """``el.find("tag/inner")`` for a document as Word writes it (one ``tag`` child: a
    paragraph's pPr, a table's tblPr): ``inner`` under ``el``'s first ``tag``."""
    found = child(el, tag)
    return child(found, inner) if found is not None else None


def write_zip(members: dict, cache: dict | None = None) -> bytes:
    """The members in the order given, with a fixed timestamp: the same input, the same bytes.

    A member is its bytes, or a function that writes them to the file object it is given
    (a large document part is serialised straight into the archive, never held whole).
    ``cache`` (kept by the caller across documents made from one template) holds each
    member as zipfile compressed it; a member whose bytes are the very object cached is
    copied, not compressed again. The styles, numbering, fonts and settings of a personal
    summary are the same object in every one of a unit's forty summaries: compressing
    them was a third of writing each. The archive is byte for byte the one zipfile writes
    (tests/test_render.py compares them)."""
    if cache is None:
        return _zip64(members)
    # Written here from zipfile's own records rather than through a ZipFile: each member's
    # local record and central-directory entry come from zipfile (_compressed), and only
    # the entry's offset and the end record are set here. Going through a ZipFile for each
    # of a county's ten thousand documents (copying every cached member's info, writing
    # the directory from them) took a third of writing one.
    parts: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data in members.items():
        found = cache.get(name)
        if found is None or found[0] is not data:
            found = (data, *_compressed(name, data))
            if isinstance(data, bytes):
                cache[name] = found
        _, local, entry = found
        parts.append(local)
        directory.append(entry[:_OFFSET_AT] + struct.pack("<L", offset) + entry[_OFFSET_AT + 4:])
        offset += len(local)
    size = sum(map(len, directory))
    if offset + size >= zipfile.ZIP64_LIMIT or len(directory) >= zipfile.ZIP_FILECOUNT_LIMIT:
        return _zip64(members)  # zipfile's own writing, with its ZIP64 records
    end = struct.pack(_END, b"PK\x05\x06", 0, 0, len(directory), len(directory), size, offset, 0)
    return b"".join([*parts, *directory, end])


# The zip format's records (PKWARE APPNOTE 4.3.12 and 4.3.16): the end of the central
# directory, and where a central-directory entry holds its local record's offset.
_END = "<4s4H2LH"
_OFFSET_AT = struct.calcsize("<4s4B4HL2L5H2L") - 4


def _zip64(members: dict) -> bytes:
    """The archive as zipfile writes it, with its ZIP64 records when the members need them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            _write_member(dst, name, data)
    return out.getvalue()


def _write_member(archive: zipfile.ZipFile, name: str, data) -> None:
    """One member, as ZipFile.writestr writes it (writestr is open + write)."""
    with archive.open(_info(name), "w") as f:
        if isinstance(data, bytes):
            f.write(data)
        else:
            data(f)


def _info(name: str) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, ZIP_DATE)
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi.external_attr = 0o600 << 16
    return zi


def _compressed(name: str, data) -> tuple[bytes, bytes]:
    """One member as zipfile writes it: its local record (header and compressed data) and
    its central-directory entry, for an archive where it comes first.

    The records are zipfile's own, made once per member name (``_shape``); each new member
    fills in their CRC and sizes, and its data is compressed as zipfile's writer does (one
    compressobj, fed what each write gives it, then flushed). A ZipFile opened for every
    member (a county writes a hundred thousand) was most of the time of writing a small one."""
    header, entry = _shape(name)
    deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # zipfile's _get_compressor
    sink = _Sink(deflate)
    if isinstance(data, bytes):
        sink.write(data)
    else:
        data(sink)
    sink.parts.append(deflate.flush())
    packed = b"".join(sink.parts)
    if sink.size >= _SMALL or len(packed) >= _SMALL:
        return _zipfiles(name, data)  # let zipfile decide what a member this large needs
    sizes = struct.pack("<3L", sink.crc, len(packed), sink.size)
    return header[:14] + sizes + header[26:] + packed, entry[:16] + sizes + entry[28:]


class _Sink:
    """A member's data as zipfile's writer takes it: its CRC and size, compressed as it comes."""

    def __init__(self, deflate):
        self.deflate, self.crc, self.size, self.parts = deflate, 0, 0, []

    def write(self, data) -> int:
        n = len(data)
        self.crc = zlib.crc32(data, self.crc)
        self.size += n
        self.parts.append(self.deflate.compress(data))
        return n


_SMALL = 1 << 30  # a member this large (compressed or not) is written by zipfile itself


@functools.lru_cache(maxsize=256)
def _shape(name: str) -> tuple[bytes, bytes]:
    """The local header (without data) and central-directory entry zipfile writes for a member
    called ``name``: the same for any data but for its CRC and sizes."""
    local, entry = _zipfiles(name, b"")
    size = 30 + int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little")
    return local[:size], entry


def _zipfiles(name: str, data) -> tuple[bytes, bytes]:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _write_member(archive, name, data)
        start = archive.start_dir
    whole = out.getvalue()
    return whole[:start], whole[start:-struct.calcsize(_END)]


def normalise_zip(data: bytes) -> bytes:
    """The same members in the same order with a fixed timestamp: byte-identical output."""
    src = zipfile.ZipFile(io.BytesIO(data))
    return write_zip({info.filename: src.read(info.filename) for info in src.infolist()})


def core_properties(title: str = "", author: str = "", date: dt.date | None = None) -> bytes:
    """docProps/core.xml: title, author and a date from the data, never the clock."""
    stamp = (dt.datetime.combine(date, dt.time(9, 0)) if isinstance(date, dt.date) else FIXED_DATE)
    stamp_text = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        XML_DECLARATION
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(clean_text(title))}</dc:title>"
        f"<dc:creator>{escape(clean_text(author))}</dc:creator>"
        "<cp:lastModifiedBy>yearend</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp_text}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp_text}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@")
EXCEL_TEXT = 32767  # the most characters a cell (or a comment) holds; Excel repairs a longer one


def excel_text(text: str) -> str:
    """Text as an Excel cell or comment may hold it: clean (a \x0b pasted from Word is a
    line break, characters XML forbids are gone) and cut at Excel's limit."""
    text = clean_text(str(text))
    return text if len(text) <= EXCEL_TEXT else text[:EXCEL_TEXT - 1] + "…"


def set_text(cell, value) -> None:
    """Write ``value`` into an openpyxl cell; text that starts like a formula stays text
    (a sheet or cell text such as ``=HYPERLINK(…)`` is never run in the clerk's Excel), and
    text is made one Excel holds (``excel_text``: openpyxl refuses a \x0b)."""
    if isinstance(value, str):
        value = excel_text(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"


def workbook_bytes(wb) -> bytes:
    """The .xlsx bytes of an openpyxl workbook, the same for the same content.

    ``Workbook.save`` stamps the current time as the modified date, so the
    workbook is written through ``ExcelWriter`` with the date it was created
    (the clerk's own date for a copy, ``FIXED_DATE`` for a new one).
    """
    from openpyxl.writer.excel import ExcelWriter

    props = wb.properties
    props.modified = props.created = props.created or FIXED_DATE
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_zip(out.getvalue())
