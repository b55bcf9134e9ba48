"""Fixtures for the format tests (one corpus holding every format, indexed once), and what
the store tests open a generation's stores with."""

from __future__ import annotations

import pytest

from tests.indexer import format_samples as fs


@pytest.fixture(scope="session")
def notice(resources) -> fs.Notice:
    return fs.real_notice(resources)


@pytest.fixture(scope="session")
def measures(resources) -> fs.Measures:
    return fs.real_measures(resources)


@pytest.fixture(scope="session")
def formats_corpus(tmp_path_factory, notice, measures):
    """Every format built from real corpus text, good and broken copies, reindexed.

    Yields (config, report, drawn PDF lines)."""
    tmp = tmp_path_factory.mktemp("formats")
    corpus = tmp / "corpus"
    corpus.mkdir()
    fs.notice_docx(corpus / "notice.docx", notice, measures)
    drawn = fs.notice_pdf(corpus / "notice.pdf", notice)
    fs.measures_xlsx(corpus / "measures.xlsx", measures)
    fs.measures_xls(corpus / "measures.xls", measures)
    fs.notice_odt(corpus / "notice.odt", notice)
    fs.site_warc(corpus / "site.warc.gz", (corpus / "notice.docx").read_bytes(), fs.png_bytes())
    fs.scanned_pdf(corpus / "scan.pdf", notice)
    # WPS spreadsheets are one of the two Excel formats under another name.
    (corpus / "measures-ole.et").write_bytes((corpus / "measures.xls").read_bytes())
    (corpus / "measures-zip.et").write_bytes((corpus / "measures.xlsx").read_bytes())
    # Suffixes that lie: decided by content.
    (corpus / "really-docx.doc").write_bytes((corpus / "notice.docx").read_bytes())
    (corpus / "ShowArticle.asp?ArticleID=356").write_bytes(
        (fs.CORPUS_DOCS / fs.NOTICE_ID).read_bytes()
    )
    (corpus / "notice.rtf").write_bytes(b"{\\rtf1\\ansi\\ansicpg936 " + notice.title.encode("gbk")
                                        + b"\\par}")  # fmt: skip
    (corpus / "logo.png").write_bytes(fs.png_bytes())
    # Made once by LibreOffice (see fixtures/README.md); WPS writer saves the same format.
    word97 = (fs.FIXTURES / "notice-word97.doc").read_bytes()
    (corpus / "notice.doc").write_bytes(word97)
    (corpus / "notice.wps").write_bytes(word97)
    (corpus / "broken-notice.doc").write_bytes(word97[: len(word97) // 2])
    (corpus / "libreoffice.pdf").write_bytes((fs.FIXTURES / "notice-libreoffice.pdf").read_bytes())
    (corpus / "libreoffice.odt").write_bytes((fs.FIXTURES / "notice-libreoffice.odt").read_bytes())
    broken = ("notice.docx", "notice.pdf", "measures.xlsx", "measures.xls", "notice.odt",
              "site.warc.gz")  # fmt: skip
    for name in broken:
        raw = (corpus / name).read_bytes()
        (corpus / f"broken-{name}").write_bytes(raw[: len(raw) // 2])
    config, report = fs.reindexed(tmp, corpus)
    return config, report, drawn


def docnum_ids(reader) -> list[str | None]:
    """Each docnum's document id, None for a deleted one: what a generation's per-document
    stores are opened with, read here from Whoosh's own id column."""
    ids = reader.column_reader("id")
    alive = set(reader.all_doc_ids())
    return [ids[d] if d in alive else None for d in range(reader.doc_count_all())]
