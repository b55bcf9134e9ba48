"""One content decision for `extract` and `reindex`; unsupported and missing-tool files
are rejected per file with a reason, and the reindex goes on."""

from __future__ import annotations

import json

import pytest

from indexer.document import Rejected
from indexer.extract import extract_document, extract_documents
from tests.indexer import format_samples as fs
from tests.serving import run_cli


def test_extract_and_reindex_decide_every_file_alike(formats_corpus, resources):
    config, report, _ = formats_corpus
    rejected = {r.path: r.reason for r in report.rejected if "#" not in r.path}
    for path in sorted(config.corpus_dir.iterdir()):
        name = path.name
        try:
            extract_documents(path, config.corpus_dir, resources)
        except Rejected as r:
            assert rejected.get(name) == r.reason, name
        else:
            assert name in report.added, name


def test_extract_command_rejects_rtf_as_reindex_does(formats_corpus):
    config, report, _ = formats_corpus
    rtf = config.corpus_dir / "notice.rtf"
    proc = run_cli("extract", str(rtf), timeout=120)
    assert proc.returncode == 1
    reason = json.loads(proc.stdout)["reason"]
    assert reason.startswith("unsupported: RTF document")
    assert {r.path: r.reason for r in report.rejected}["notice.rtf"] == reason


def test_extract_command_prints_every_page_of_a_web_archive(formats_corpus):
    config, _, _ = formats_corpus
    proc = run_cli("extract", str(config.corpus_dir / "site.warc.gz"), timeout=120)
    assert proc.returncode == 0, proc.stderr
    ids = [d["id"] for d in json.loads(proc.stdout)]
    assert ids == [*fs.WARC_PAGES, fs.WARC_DOCX_URI]


def test_wget_names_without_a_suffix_are_read_by_content(formats_corpus, notice):
    config, report, _ = formats_corpus
    assert "ShowArticle.asp?ArticleID=356" in report.added
    assert "ShowArticle.asp?ArticleID=356" in fs.search_ids(config, notice.title)


def test_odt_is_read_without_libreoffice(formats_corpus, notice, resources):
    config, report, _ = formats_corpus
    assert "notice.odt" in report.added
    doc = extract_document(config.corpus_dir / "notice.odt", config.corpus_dir, resources)
    assert (doc.title, doc.date, doc.issuer) == (notice.title, notice.date, notice.issuer)
    assert "notice.odt" in fs.search_ids(config, notice.long_paragraphs(1)[0][5:25])


def test_images_are_not_documents(formats_corpus):
    _, report, _ = formats_corpus
    reasons = {r.path: r.reason for r in report.rejected}
    assert reasons["logo.png"].startswith("binary file (PNG image): not a document")


@pytest.fixture
def no_tools_path(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_missing_tool_rejects_only_the_files_that_need_it(tmp_path, notice, no_tools_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    fs.notice_pdf(corpus / "notice.pdf", notice)
    (corpus / "page.html").write_bytes((fs.CORPUS_DOCS / fs.NOTICE_ID).read_bytes())
    _, report = fs.reindexed(tmp_path, corpus)
    assert report.added == ["page.html"]
    assert {r.path: r.reason for r in report.rejected} == {
        "notice.pdf": "pdftotext not installed: apt-get install poppler-utils poppler-data"
    }
