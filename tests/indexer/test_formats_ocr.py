"""Scanned PDFs: OCR with tesseract (chi_sim), only with ``reindex --ocr``, marked on hits."""

from __future__ import annotations

import pytest

from search import SearchRequest, open_searcher
from tests.indexer import format_samples as fs


@pytest.fixture(scope="module")
def ocr_index(tmp_path_factory, notice, measures):
    tmp = tmp_path_factory.mktemp("ocr")
    corpus = tmp / "corpus"
    corpus.mkdir()
    drawn = fs.scanned_pdf(corpus / "scan.pdf", notice)
    fs.notice_docx(corpus / "notice.docx", notice, measures)
    config, report = fs.reindexed(tmp, corpus, ocr=True)
    return config, report, drawn


def test_scanned_pdf_is_read_by_ocr_and_found_by_quoted_search(ocr_index, notice, resources):
    from indexer.extract import extract_document

    config, report, drawn = ocr_index
    assert "scan.pdf" in report.added, report.rejected
    doc = extract_document(config.corpus_dir / "scan.pdf", config.corpus_dir, resources, ocr=True)
    assert (doc.title, doc.date, doc.issuer, doc.doc_type, doc.ocr) == (
        notice.title,
        notice.date,
        notice.issuer,
        notice.doc_type,
        True,
    )
    assert "scan.pdf" in fs.search_ids(config, notice.title)
    # The page wraps this sentence after 现; OCR lines are rejoined like a text layer's.
    broken = next(i for i, line in enumerate(drawn) if line.endswith("现"))
    phrase = fs.phrase_across(drawn[broken], drawn[broken + 1], 8)
    assert "scan.pdf" in fs.search_ids(config, phrase)


def test_ocr_text_is_marked_on_hits_pages_and_json(ocr_index, notice):
    from web import create_app

    config, _, _ = ocr_index
    with open_searcher(config) as searcher:
        hits = searcher.search(SearchRequest(q=f'"{notice.title}"')).hits
        flags = {h.id: h.ocr for h in hits}
        assert flags == {"scan.pdf": True, "notice.docx": False}
        assert searcher.document("scan.pdf").ocr
    app = create_app(config)
    client = app.test_client()
    api = client.get("/api/search", query_string={"q": f'"{notice.title}"'}).get_json()
    assert {h["id"]: h["ocr"] for h in api["hits"]} == flags
    assert client.get("/api/documents/scan.pdf").get_json()["ocr"] is True
    page = client.get("/search", query_string={"q": f'"{notice.title}"'}).get_data(as_text=True)
    assert page.count("OCR 识别文本") == 1
    scan_url = next(h["url"] for h in api["hits"] if h["id"] == "scan.pdf")
    docx_url = next(h["url"] for h in api["hits"] if h["id"] == "notice.docx")
    assert "OCR 识别自扫描件" in client.get(scan_url).get_data(as_text=True)
    assert "OCR 识别自扫描件" not in client.get(docx_url).get_data(as_text=True)
