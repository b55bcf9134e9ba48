"""Word .docx notices: python-docx, paragraphs and tables in reading order."""

from __future__ import annotations

from indexer.extract import extract_document
from tests.indexer.format_samples import search_ids


def _doc(formats_corpus, resources, name):
    config, _, _ = formats_corpus
    return extract_document(config.corpus_dir / name, config.corpus_dir, resources)


def test_docx_notice_has_the_metadata_of_its_web_page(formats_corpus, notice, resources):
    _, report, _ = formats_corpus
    assert "notice.docx" in report.added
    doc = _doc(formats_corpus, resources, "notice.docx")
    assert (doc.title, doc.date, doc.issuer, doc.doc_type) == (
        notice.title,
        notice.date,
        notice.issuer,
        notice.doc_type,
    )
    assert not doc.ocr


def test_docx_phrases_are_found_by_quoted_search(formats_corpus, notice):
    config, _, _ = formats_corpus
    for paragraph in notice.long_paragraphs(5):
        phrase = paragraph[12:30]
        assert "notice.docx" in search_ids(config, phrase), phrase
    assert "notice.docx" in search_ids(config, notice.title)


def test_docx_table_rows_come_in_reading_order(formats_corpus, notice, measures, resources):
    body = _doc(formats_corpus, resources, "notice.docx").body
    lines = body.split("\n")
    row = " ".join(measures.rows[0])
    assert row in lines  # one line per row, cells in column order
    assert body.index(notice.lines[3]) < body.index(row) < body.index(notice.lines[4])
    config, _, _ = formats_corpus
    assert "notice.docx" in search_ids(config, measures.rows[1][1][:16])


def test_file_named_doc_that_holds_docx_is_read_as_docx(formats_corpus, notice, resources):
    _, report, _ = formats_corpus
    assert "really-docx.doc" in report.added
    assert _doc(formats_corpus, resources, "really-docx.doc").title == notice.title


def test_truncated_docx_is_rejected_and_the_reindex_goes_on(formats_corpus):
    _, report, _ = formats_corpus
    reasons = {r.path: r.reason for r in report.rejected}
    assert "truncated or damaged" in reasons["broken-notice.docx"]
    assert "notice.docx" in report.added
