"""Word 97 binaries (.doc, WPS .wps): antiword, with paragraphs and table rows whole."""

from __future__ import annotations

import subprocess

import pytest

from indexer.extract import extract_document
from tests.indexer.format_samples import search_ids


@pytest.mark.parametrize("name", ["notice.doc", "notice.wps"])
def test_word97_notice_has_the_metadata_of_its_web_page(formats_corpus, notice, resources, name):
    config, report, _ = formats_corpus
    assert name in report.added
    doc = extract_document(config.corpus_dir / name, config.corpus_dir, resources)
    assert (doc.title, doc.date, doc.issuer, doc.doc_type) == (
        notice.title,
        notice.date,
        notice.issuer,
        notice.doc_type,
    )


def test_word97_phrases_are_found_by_quoted_search(formats_corpus, notice):
    config, _, _ = formats_corpus
    for paragraph in notice.long_paragraphs(5):
        assert "notice.doc" in search_ids(config, paragraph[12:30]), paragraph


def test_word97_table_cells_are_not_cut_by_column_wrapping(formats_corpus, measures, resources):
    config, _, _ = formats_corpus
    path = config.corpus_dir / "notice.doc"
    plain = subprocess.run(
        ["antiword", "-m", "UTF-8.txt", str(path)], capture_output=True, text=True, check=True
    ).stdout
    cell = measures.rows[0][1]
    assert cell not in plain, "antiword's plain text wraps this cell inside its column"
    lines = extract_document(path, config.corpus_dir, resources).body.split("\n")
    assert " ".join(measures.rows[0]) in lines
    assert "notice.doc" in search_ids(config, cell)


def test_truncated_doc_is_rejected_with_a_reason(formats_corpus):
    _, report, _ = formats_corpus
    reasons = {r.path: r.reason for r in report.rejected}
    assert reasons["broken-notice.doc"].startswith("broken OLE2 office file")
    assert "notice.doc" in report.added


def test_odt_written_by_libreoffice_is_read(formats_corpus, notice, measures, resources):
    config, report, _ = formats_corpus
    assert "libreoffice.odt" in report.added
    path = config.corpus_dir / "libreoffice.odt"
    doc = extract_document(path, config.corpus_dir, resources)
    assert (doc.title, doc.date, doc.issuer) == (notice.title, notice.date, notice.issuer)
    assert " ".join(measures.rows[0]) in doc.body.split("\n")
    assert "libreoffice.odt" in search_ids(config, notice.long_paragraphs(2)[1][8:28])
