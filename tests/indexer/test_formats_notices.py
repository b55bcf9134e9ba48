"""A red-header notice saved as Word or PDF reads like its text: the notice logic
(red header, 关于…的通知 title, 发文字号, signing date) runs on the office text too.

The notice is tests/fixtures/notices/xiangfang-jinqiu-notice.txt (written from real
paragraphs of the shipped Harbin union report); expectations come from the .txt's own
extraction, so each format is checked against what the plain-text path reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extract import extract_document
from search import SearchRequest, open_searcher
from tests.indexer import format_samples as fs

NOTICE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "notices" / "xiangfang-jinqiu-notice.txt"
)
FIELDS = ("title", "doc_type", "doc_number", "date", "issuer", "district")


def _paper_lines() -> list[str]:
    """The notice's visible lines, as typed (the indent is layout, not text)."""
    lines = NOTICE.read_text("utf-8").split("\n")
    return [line.strip() for line in lines if line.strip()]


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for line in _paper_lines():
        document.add_paragraph(line)
    document.save(str(path))


def _pdf(path: Path, width: int = 30) -> None:
    """Long paragraphs wrapped mid-sentence, as a printed page has them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 60
    for line in _paper_lines():
        for part in fs.wrap(line, width):
            pdf.setFont("STSong-Light", 14)
            pdf.drawString(60, y, part)
            y -= 22
    pdf.showPage()
    pdf.save()


@pytest.fixture(scope="module")
def notice_formats(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("notice-formats")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "notice.txt").write_bytes(NOTICE.read_bytes())
    _docx(corpus / "notice.docx")
    _pdf(corpus / "notice.pdf")  # read with pdftotext (scripts/ensure-tools)
    config, report = fs.reindexed(tmp, corpus)
    assert not report.rejected, report.rejected
    return config


def _office_names(config) -> list[str]:
    return sorted(p.name for p in config.corpus_dir.iterdir() if p.suffix != ".txt")


def test_office_notice_metadata_is_the_text_notices(notice_formats, resources):
    config = notice_formats
    corpus = config.corpus_dir
    text = extract_document(corpus / "notice.txt", corpus, resources)
    # The plain-text path reads the red-header notice (f13b's notice logic).
    assert text.title == "关于开展2024年“金秋助学”活动的通知"
    assert text.doc_number == "香工发〔2024〕8号"
    assert _office_names(config) == ["notice.docx", "notice.pdf"]
    for name in _office_names(config):
        doc = extract_document(corpus / name, corpus, resources)
        assert {f: getattr(doc, f) for f in FIELDS} == {f: getattr(text, f) for f in FIELDS}, name
        lines = doc.body.split("\n")
        # Header, number, signature and signing date stay in the text; the title moves.
        assert lines[0] == "哈尔滨市香坊区总工会文件", name
        assert lines[1] == "香工发〔2024〕8号", name
        assert lines[-3:] == ["哈尔滨市香坊区总工会", "2024年8月20日", "（此件主动公开）"], name
        assert "关于开展" not in doc.body, name


def test_office_notice_is_found_by_its_number_and_its_paragraphs(notice_formats):
    config = notice_formats
    names = ["notice.txt", *_office_names(config)]
    with open_searcher(config) as s:
        hits = s.search(SearchRequest(q="香工发[2024]8号", per_page=50)).hits
        assert {h.id: h.doc_number for h in hits} == {n: "香工发〔2024〕8号" for n in names}
        for line in _paper_lines():
            ids = {h.id for h in s.search(SearchRequest(q=f'"{line}"', per_page=50)).hits}
            assert set(names) <= ids, line
