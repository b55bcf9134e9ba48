"""Traditional ↔ simplified: a traditional-character document made from real corpus text
(converted with OpenCC), found by simplified queries and vice versa, with exact marks."""

from __future__ import annotations

import re
import shutil
from html import unescape

import pytest
from opencc import OpenCC

from indexer.analysis import normalize
from indexer.build import reindex
from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, make_config
from tests.laws import CONTRACT_LAW, LABOUR_LAW, UNION_LAW
from tests.reports import HARBIN_REPORT
from tests.search.conftest import all_ids

OTHERS = [
    LABOUR_LAW,
    HARBIN_REPORT,
]
TRAD_ID = "trad/union-law-traditional.txt"
MARK = re.compile(r"<mark[^>]*>(.*?)</mark>")


def _body(path) -> str:
    """The body of a shipped law file (after its header block)."""
    text = path.read_text("utf-8")
    return text.split("<!-- INFO END -->", 1)[1].strip()


@pytest.fixture(scope="module")
def trad(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trad")
    corpus = tmp / "corpus"
    for doc_id in [UNION_LAW, CONTRACT_LAW, *OTHERS]:
        dest = corpus / doc_id
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CORPUS_DOCS / doc_id, dest)
    to_trad = OpenCC("s2t")
    union = _body(CORPUS_DOCS / UNION_LAW)[:3000]
    contract = next(
        p for p in _body(CORPUS_DOCS / CONTRACT_LAW).split("\n") if "劳动合同" in p and len(p) > 60
    )
    title = to_trad.convert("中华人民共和国工会法（繁体节选）")
    body = to_trad.convert(union + "\n\n" + contract)
    dest = corpus / TRAD_ID
    dest.parent.mkdir(parents=True)
    dest.write_text(f"title: {title}\ndate: 2021-12-24\n\n{body}\n", "utf-8")
    config = make_config(tmp, corpus)
    reindex(config)
    with open_searcher(config) as searcher:
        yield searcher, title, body


def test_the_document_really_is_traditional(trad):
    _, title, body = trad
    assert "工會" in title and "工會" in body and "勞動合同" in body
    assert "工会" not in body and "劳动合同" not in body


@pytest.mark.parametrize(
    "simplified, traditional",
    [
        ("工会", "工會"),
        ("劳动合同", "勞動合同"),
        ("工会法", "工會法"),
        ("职工代表大会", "職工代表大會"),
    ],
)
def test_both_directions_find_the_same_documents(trad, simplified, traditional):
    searcher, title, body = trad
    expected_ids = all_ids(searcher, q=simplified)
    assert all_ids(searcher, q=traditional) == expected_ids
    # The traditional document is found by the simplified query, and every simplified
    # document containing the words by the traditional one (brute force over the texts).
    if traditional in title + body:
        assert TRAD_ID in expected_ids
    for doc_id in [UNION_LAW, CONTRACT_LAW, *OTHERS]:
        doc = searcher.document(doc_id)
        if simplified in doc.title + doc.text:
            assert doc_id in expected_ids, doc_id


def test_marks_land_on_the_stored_characters(trad):
    searcher, _, body = trad
    # Simplified query on the traditional document: every 工會, and only that, is marked.
    view = searcher.document(TRAD_ID, q="工会")
    marked = [unescape(m) for b in view.blocks for m in MARK.findall(b.html)]
    assert marked == ["工會"] * view.text.count("工會")
    assert view.marks == view.text.count("工會") > 0
    # Traditional query on a simplified document.
    view = searcher.document(UNION_LAW, q="勞動合同")
    marked = [unescape(m) for b in view.blocks for m in MARK.findall(b.html)]
    assert marked == ["劳动合同"] * view.text.count("劳动合同")
    # Snippets too: the marked text is the stored text.
    result = searcher.search(SearchRequest(q="勞動合同"))
    hit = next(h for h in result.hits if h.id == TRAD_ID)
    assert {unescape(m) for m in MARK.findall(hit.snippet_html)} == {"勞動合同"}


def test_ranking_uses_the_folded_words(trad):
    searcher, title, _ = trad
    # jieba cuts the folded text, so the traditional title's words are the simplified ones.
    words = searcher.analyzer.query_words
    assert words(title) == words(normalize(title))
    assert "工会法" in words(title)
    # Both documents with 工会法 in the title are in the top tier, above the others.
    hits = searcher.search(SearchRequest(q="工會法")).hits
    in_title = [h.id for h in hits if "工会法" in normalize(h.title)]
    assert set(in_title) == {UNION_LAW, TRAD_ID}
    assert {h.id for h in hits[:2]} == {UNION_LAW, TRAD_ID}
