"""Web archives: each HTML or office response is a document named by its target URI."""

from __future__ import annotations

from indexer.extract import extract_document
from tests.indexer import format_samples as fs


def test_each_page_of_the_archive_is_a_document_with_its_uri(formats_corpus, resources):
    config, report, _ = formats_corpus
    assert "site.warc.gz" in report.added
    for uri, doc_id in fs.WARC_PAGES.items():
        page = extract_document(fs.CORPUS_DOCS / doc_id, fs.CORPUS_DOCS, resources)
        assert uri in fs.search_ids(config, page.title)
        phrase = max(page.body.split("\n"), key=len)[20:40]
        assert uri in fs.search_ids(config, phrase), phrase
        from search import open_searcher

        with open_searcher(config) as searcher:
            view = searcher.document(uri)
        assert (view.title, view.date, view.issuer, view.doc_type, view.source_url) == (
            page.title,
            page.date,
            page.issuer,
            page.doc_type,
            uri,
        )


def test_office_attachment_in_the_archive_is_a_document(formats_corpus, notice):
    config, _, _ = formats_corpus
    assert fs.WARC_DOCX_URI in fs.search_ids(config, notice.title)


def test_redirects_and_images_are_not_documents(formats_corpus):
    config, report, _ = formats_corpus
    from search import open_searcher

    with open_searcher(config) as searcher:
        for uri in (fs.WARC_REDIRECT_URI, fs.WARC_IMAGE_URI):
            assert searcher.document(uri) is None
    assert not [r for r in report.rejected if fs.WARC_IMAGE_URI in r.path]


def test_truncated_archive_keeps_its_pages_and_reports_the_broken_one(formats_corpus):
    config, report, _ = formats_corpus
    broken = [r for r in report.rejected if r.path.startswith("broken-site.warc.gz#")]
    assert broken and all("truncated or damaged" in r.reason for r in broken)
    assert "broken-site.warc.gz" in report.added


def test_document_page_of_a_uri_id_is_served(formats_corpus):
    from web import create_app

    config, _, _ = formats_corpus
    client = create_app(config).test_client()
    uri = next(iter(fs.WARC_PAGES))
    hit = next(
        h
        for h in client.get("/api/search", query_string={"q": "政府网站集约化"}).get_json()["hits"]
        if h["id"] == uri
    )
    assert client.get(hit["url"]).status_code == 200
    assert client.get(f"/api/documents/{uri}").get_json()["source_url"] == uri
