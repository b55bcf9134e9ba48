"""A real notice from the shipped corpus, laid out as its signed paper version.

The gov.cn page carries the notice's metadata in an info table; the office versions of
the same notice carry it only in their text (title line, document number, issuer and
signing date at the end).  Expectations come from the HTML extraction, so each format
is checked against what the existing path reads from the same notice.
"""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from indexer.extract import extract_document
from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, make_config

NOTICE_ID = "gov-cn/20181109-0106.html"
FIXTURES = Path(__file__).parent / "fixtures"
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_FONT_SC_INDEX = 2  # Noto Sans CJK SC inside the collection


@dataclass
class Notice:
    title: str
    date: str
    issuer: str
    doc_type: str
    lines: list[str]  # the paper layout: title, number, body, issuer, signing date

    @property
    def paragraphs(self) -> list[str]:
        return self.lines[1:]

    def long_paragraphs(self, n: int) -> list[str]:
        return [line for line in self.lines if len(line) > 60][:n]


def real_notice(resources) -> Notice:
    doc = extract_document(CORPUS_DOCS / NOTICE_ID, CORPUS_DOCS, resources)
    body = doc.body.split("\n")
    y, m, d = (int(x) for x in doc.date.split("-"))
    signing = f"{y}年{m}月{d}日"
    # The page ends "国务院 / （此件公开发布）"; on paper the signing date follows the issuer.
    end = body.index(doc.issuer)
    lines = [doc.title, *body[: end + 1], signing, *body[end + 1 :]]
    return Notice(doc.title, doc.date, doc.issuer, doc.doc_type, lines)


def short_notice(notice: Notice) -> Notice:
    """The notice's first page: heading, covering letter, signature and the plan's opening
    (what tests/indexer/fixtures/notice-libreoffice.pdf holds, with the measures table)."""
    end = notice.lines.index(notice.issuer)
    lines = notice.lines[: end + 3] + notice.lines[end + 3 : end + 8]
    return Notice(notice.title, notice.date, notice.issuer, notice.doc_type, lines)


def phrase_across(first: str, second: str, k: int = 6) -> str:
    """The words that run across the break between two lines: up to ``k`` characters on
    each side, not crossing punctuation ("" when the break falls at punctuation, where a
    phrase stops anyway)."""
    left = re.search(rf"\w{{1,{k}}}$", first)
    right = re.match(rf"\w{{1,{k}}}", second)
    return left.group() + right.group() if left and right else ""


_SEARCHERS: dict[Path, object] = {}


def search_ids(config, phrase: str) -> list[str]:
    """Ids of the documents a quoted search for ``phrase`` finds (one searcher per index,
    kept for the session: loading the analyzer for every search would dominate)."""
    searcher = _SEARCHERS.get(config.index_dir)
    if searcher is None:
        searcher = _SEARCHERS[config.index_dir] = open_searcher(config)
    result = searcher.search(SearchRequest(q=f'"{phrase}"', per_page=50))
    return [h.id for h in result.hits]


def corpus_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name, raw in files.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_bytes(raw)
    return corpus


def reindexed(tmp_path: Path, corpus: Path, **overrides):
    from indexer.build import reindex

    config = make_config(tmp_path, corpus, reindex_jobs=1, **overrides)
    return config, reindex(config)


def searchable(text: str) -> str:
    """The text as a quoted search sees it (no spaces)."""
    return re.sub(r"\s+", "", text)


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


def wrap(line: str, width: int) -> list[str]:
    """Cut a paragraph into lines of ``width`` characters, mid-sentence, as a page does."""
    return [line[i : i + width] for i in range(0, len(line), width)] or [""]


def notice_pdf(path: Path, notice: Notice, width: int = 34, per_page: int = 28) -> list[str]:
    """A text-layer PDF in a CID-keyed CJK font that is not embedded (poppler-data reads
    it), wrapped mid-sentence, with a running header, page numbers and a date set in
    separately placed runs.  Returns the visual lines that were drawn, in order."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size = 14
    pdf = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    drawn: list[str] = []
    visual = [(notice.title, "title")]
    for line in notice.paragraphs:
        kind = "date" if line.endswith("日") and len(line) < 15 else "body"
        visual += [(part, kind) for part in wrap(line, width)]
    pages = [visual[i : i + per_page] for i in range(0, len(visual), per_page)]
    for number, page in enumerate(pages, 1):
        pdf.setFont("STSong-Light", 10)
        pdf.drawCentredString(A4[0] / 2, height - 40, "国务院办公厅文件 国办函〔2018〕71号")
        pdf.drawCentredString(A4[0] / 2, 30, f"- {number} -")
        y = height - 80
        for text, kind in page:
            pdf.setFont("STSong-Light", size)
            if kind == "date":
                x = 330
                for run in re.findall(r"\d+|\D", text):
                    pdf.drawString(x, y, run)
                    x += pdfmetrics.stringWidth(run, "STSong-Light", size) + 4
            elif kind == "title":
                pdf.drawCentredString(A4[0] / 2, y, text[:24])
                if len(text) > 24:
                    y -= size * 1.6
                    pdf.drawCentredString(A4[0] / 2, y, text[24:])
            else:
                pdf.drawString(60, y, text)
            drawn.append(text)
            y -= size * 1.6
        pdf.showPage()
    pdf.save()
    return drawn


# -- the other formats, each built from the same real text --------------------------

MEASURES_ID = "gov-cn/20181123-0103.html"
_MEASURE = re.compile(r"^（([一二三四五六七八九十]+)）(.+?)（负责部门：([^；）]+)")


@dataclass
class Measures:
    """The measures of a real State Council notice as the table a federation would keep."""

    title: str
    header: list[str]
    rows: list[list[str]]


def real_measures(resources, limit: int = 12) -> Measures:
    doc = extract_document(CORPUS_DOCS / MEASURES_ID, CORPUS_DOCS, resources)
    rows = []
    for line in doc.body.split("\n"):
        match = _MEASURE.match(line)
        if match:
            rows.append([match.group(1), match.group(2).rstrip("。"), match.group(3)])
    return Measures(
        "支持自贸试验区深化改革创新措施分工表", ["序号", "措施", "负责部门"], rows[:limit]
    )


def notice_docx(path: Path, notice: Notice, measures: Measures) -> None:
    """The notice as Word writes it, with the measures table after the third paragraph."""
    import docx

    document = docx.Document()
    for i, line in enumerate(notice.lines):
        document.add_paragraph(line)
        if i == 3:
            table = document.add_table(rows=0, cols=3)
            for row in [measures.header, *measures.rows[:3]]:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = value
    document.save(str(path))


def measures_xlsx(path: Path, measures: Measures) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "分工"
    sheet.append([measures.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
    sheet.append(measures.header)
    for row in measures.rows:
        sheet.append([int(row[0]) if row[0].isdigit() else row[0], *row[1:]])
    book.save(str(path))


def measures_xls(path: Path, measures: Measures) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("分工")
    sheet.write_merge(0, 0, 0, 2, measures.title)
    for r, row in enumerate([measures.header, *measures.rows], start=1):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))


def notice_odt(path: Path, notice: Notice) -> None:
    """An OpenDocument text file: the zip layout and content.xml that ODF requires."""
    import zipfile
    from xml.sax.saxutils import escape

    paragraphs = "".join(
        f"<text:{'h' if i == 0 else 'p'}>{escape(line)}</text:{'h' if i == 0 else 'p'}>"
        for i, line in enumerate(notice.lines)
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        f"<office:body><office:text>{paragraphs}</office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored first and uncompressed, as ODF requires
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


WARC_PAGES = {
    "http://www.gov.cn/zhengce/content/2018-11/09/content_5338761.htm": NOTICE_ID,
    "http://www.gov.cn/zhengce/content/2018-11/23/content_5342665.htm": MEASURES_ID,
}
WARC_DOCX_URI = "http://www.gov.cn/zhengce/files/notice.docx"
WARC_REDIRECT_URI = "http://www.gov.cn/zhengce/"
WARC_IMAGE_URI = "http://www.gov.cn/images/logo.png"


def site_warc(path: Path, docx_bytes: bytes, png_bytes: bytes) -> None:
    """A gzipped WARC as wget --warc-file writes it: two real gov.cn pages, a Word
    attachment, a redirect and an image, each a response record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(uri: str, status: str, content_type: str, body: bytes, extra=()):
        headers = StatusAndHeaders(
            status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(WARC_REDIRECT_URI, "301 Moved Permanently", "text/html", b"",
                 [("Location", "http://www.gov.cn/zhengce/index.htm")])  # fmt: skip
        for uri, doc_id in WARC_PAGES.items():
            response(uri, "200 OK", "text/html; charset=utf-8", (CORPUS_DOCS / doc_id).read_bytes())
        response(WARC_DOCX_URI, "200 OK", DOCX_TYPE, docx_bytes)
        response(WARC_IMAGE_URI, "200 OK", "image/png", png_bytes)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def scanned_pdf(path: Path, notice: Notice, width: int = 28) -> list[str]:
    """The notice's covering letter as one scanned A4 page: a 300 dpi image wrapped as a
    PDF, with no text layer.  Title centred, the letter wrapped mid-sentence, issuer and
    signing date at the right.  Returns the drawn lines."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(CJK_FONT, 64, index=CJK_FONT_SC_INDEX)
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    end = notice.lines.index(notice.issuer)
    drawn: list[str] = []
    y = 300

    def line(text: str, x: int, gap: int = 110) -> None:
        nonlocal y
        draw.text((x, y), text, font=font, fill=0)
        drawn.append(text)
        y += gap

    for part in wrap(notice.title, width):
        line(part, (2480 - 64 * len(part)) // 2)
    y += 110  # the title stands apart from the letter
    for paragraph in notice.lines[2:end]:
        for part in wrap(paragraph, width):
            line(part, 200)
    y += 110
    for closing in notice.lines[end : end + 2]:  # issuer, signing date
        line(closing, 2280 - 64 * len(closing))
    page.save(path, "PDF", resolution=300.0)
    return drawn


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buf, "PNG")
    return buf.getvalue()
