"""What a file really is, decided from its bytes (the suffix is only a tie-breaker).

One decision for ``reindex`` (scanning the corpus) and ``extract`` (one file): a .doc that
is really HTML is read as HTML, a .xls that is really a zip workbook as .xlsx, an .et
(WPS spreadsheet) as whichever of the two it turns out to be, and a file without a
suffix (``ShowArticle.asp?ArticleID=356``) by what it holds.
"""

from __future__ import annotations

import codecs
import gzip
import io
import zipfile
from pathlib import Path

import olefile

from indexer.decode import check_not_binary
from indexer.document import Rejected
from indexer.html_extract import looks_like_html

# Enough bytes for every signature, a gzip member header and the start of a WARC record.
HEAD_BYTES = 8192

# Kinds with an extractor; the values name them in messages.
TEXT = "text"
HTML = "html"
PDF = "pdf"
DOCX = "docx"
XLSX = "xlsx"
ODT = "odt"
WORD97 = "word97"
XLS = "xls"
WARC = "warc"
DOCUMENT_KINDS = (TEXT, HTML, PDF, DOCX, XLSX, ODT, WORD97, XLS, WARC)

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
# Text files that are parts of a web page or data, not documents a reader would search.
_NOT_DOCUMENT_SUFFIXES = {
    ".css": "stylesheet",
    ".js": "script",
    ".mjs": "script",
    ".json": "JSON data",
    ".map": "source map",
    ".svg": "SVG image",
    ".csv": "CSV data",
}
_IMAGE_MAGIC = (
    (b"\x89PNG", "PNG"),
    (b"GIF8", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"RIFF", "RIFF media"),
)
_ARCHIVE_MAGIC = (
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"\x7fELF", "program"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_GZIP_MAGIC = b"\x1f\x8b"
_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": ODT,
}
_LIBREOFFICE = "needs LibreOffice, 260 MB, not installed by this project; save as .docx or PDF"


def sniff_file(path: Path) -> str:
    """The kind of the file at ``path``; raises :class:`Rejected` for what we cannot read."""
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError as exc:
        raise Rejected(f"cannot read file: {exc.strerror}") from None
    return sniff(head, Path(path).name, opener=lambda: open(path, "rb"))


def sniff_bytes(raw: bytes, name: str) -> str:
    """Like :func:`sniff_file`, for content already in memory (a web-archive record)."""
    return sniff(raw[:HEAD_BYTES], name, opener=lambda: io.BytesIO(raw))


def sniff(head: bytes, name: str, opener) -> str:
    """Decide from the first bytes; ``opener()`` gives the whole file for containers."""
    suffix = Path(name).suffix.lower()
    if not head.strip():
        raise Rejected("empty file")
    if head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        return PDF
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(opener)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(opener, suffix)
    if head.startswith(_GZIP_MAGIC):
        return _sniff_gzip(head)
    if head.startswith(b"WARC/"):
        return WARC
    if head.lstrip().startswith(b"{\\rtf"):
        raise Rejected(f"unsupported: RTF document ({_LIBREOFFICE})")
    for magic, what in _IMAGE_MAGIC:
        if head.startswith(magic):
            raise Rejected(f"binary file ({what} image): not a document; put scans in a PDF")
    for magic, what in _ARCHIVE_MAGIC:
        if head.startswith(magic):
            raise Rejected(f"binary file ({what}): not a document")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")
        return HTML if suffix in HTML_SUFFIXES or looks_like_html(text) else TEXT
    check_not_binary(head)
    if suffix in _NOT_DOCUMENT_SUFFIXES:
        raise Rejected(f"not a document: {_NOT_DOCUMENT_SUFFIXES[suffix]} ({suffix})")
    return HTML if suffix in HTML_SUFFIXES or _looks_like_markup(head) else TEXT


def _looks_like_markup(head: bytes) -> bool:
    text = head.decode("utf-8", errors="ignore")
    if text.startswith("\ufeff"):
        text = text[1:]
    return looks_like_html(text)


def _sniff_zip(opener) -> str:
    try:
        with opener() as f, zipfile.ZipFile(f) as z:
            names = set(z.namelist())
            mimetype = ""
            if "mimetype" in names:
                mimetype = z.read("mimetype")[:100].decode("ascii", "ignore").strip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise Rejected("broken zip container (truncated or damaged office file)") from None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if mimetype in _ODF_MIMETYPES:
        return _ODF_MIMETYPES[mimetype]
    if mimetype.startswith("application/vnd.oasis.opendocument."):
        kind = mimetype.rsplit(".", 1)[-1]
        raise Rejected(f"unsupported: OpenDocument {kind} ({_LIBREOFFICE})")
    if "ppt/presentation.xml" in names:
        raise Rejected("unsupported: PowerPoint presentation (.pptx)")
    raise Rejected("not a document: zip archive (unpack it into the corpus folder)")


def _sniff_ole(opener, suffix: str) -> str:
    """OLE2 compound files: Word 97 (.doc, WPS .wps), Excel 97 (.xls, WPS .et) and others."""
    try:
        with opener() as f:
            ole = olefile.OleFileIO(f)
            try:
                streams = {"/".join(s).lower() for s in ole.listdir()}
            finally:
                ole.close()
    except (OSError, ValueError, IndexError, EOFError) as exc:
        # olefile raises OSError for a damaged header or a truncated FAT.
        raise Rejected(f"broken OLE2 office file: {str(exc)[:80]}") from None
    if "worddocument" in streams:
        return WORD97
    if "workbook" in streams or "book" in streams:
        return XLS
    if "powerpoint document" in streams:
        raise Rejected("unsupported: PowerPoint 97 presentation (.ppt)")
    if "contents" in streams or suffix == ".wps":
        raise Rejected("unsupported: Microsoft Works / old WPS document (save it as .docx)")
    raise Rejected("unsupported: OLE2 file that is neither a Word nor an Excel document")


def _sniff_gzip(head: bytes) -> str:
    try:
        start = gzip.GzipFile(fileobj=io.BytesIO(head)).read(16)
    except (OSError, EOFError):
        start = b""  # the member is longer than the head; peek with zlib instead
    if not start:
        import zlib

        try:
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            raise Rejected("broken gzip file") from None
    if start.startswith(b"WARC/"):
        return WARC
    raise Rejected("not a document: gzip archive (only .warc.gz web archives are read)")
