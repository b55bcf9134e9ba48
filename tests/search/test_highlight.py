"""Snippets: marks are exactly the literal occurrences, all else escaped."""

from __future__ import annotations

import html
import re

import pytest

from indexer.build import reindex
from search import SearchRequest, open_searcher
from search.highlight import find_marks, highlight_text, plain_text, render, snippet
from tests.conftest import make_config

MARK = re.compile(r"<mark>(.*?)</mark>")


@pytest.mark.parametrize("q", ['"集体合同"', '"工资集体协商"', "工人先锋号"])
def test_marks_equal_literal_occurrences_in_fragment(shipped_searcher, q):
    literal = q.strip('"')
    result = shipped_searcher.search(SearchRequest(q=q, per_page=20))
    assert result.hits
    for hit in result.hits:
        marked = MARK.findall(hit.snippet_html)
        assert marked and set(marked) == {literal}
        text = html.unescape(re.sub(r"</?mark>", "", hit.snippet_html))
        assert text.count(literal) == len(marked)


def test_longest_overlapping_match_wins():
    text = "马克思主义与马克"
    assert highlight_text(text, ["马克", "马克思"]) == "<mark>马克思</mark>主义与<mark>马克</mark>"
    assert find_marks("总工会工会", ["工会", "总工会"]) == [(0, 3), (3, 5)]


def test_snippet_is_about_120_chars_and_never_breaks_text():
    text = "前言。" * 100 + "这是关于工资集体协商的段落。" + "后记。" * 100
    html_out = snippet(text, ["工资集体协商"])
    plain = html.unescape(re.sub(r"</?mark>", "", html_out)).replace("…", "")
    assert plain in text.replace("\n", " ")
    assert len(plain) <= 130
    assert html_out.count("<mark>") == html_out.count("</mark>") == 1


def test_script_in_a_document_comes_back_escaped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "xss.txt").write_text(
        "title: 工会通知<script>alert(1)</script>\ndate: 2020-01-02\n\n"
        "职工之家建设<script>alert(1)</script>工作通知，职工之家。\n",
        "utf-8",
    )
    config = make_config(tmp_path, corpus)
    reindex(config)
    with open_searcher(config) as s:
        for q in ["职工之家", "alert", "<script>alert(1)</script>"]:
            result = s.search(SearchRequest(q=q))
            assert result.total == 1, q
            hit = result.hits[0]
            for fragment in (hit.title_html, hit.snippet_html):
                assert "<script" not in fragment
            assert "&lt;script&gt;" in hit.title_html + hit.snippet_html


def test_marks_fold_width_and_case_like_the_index():
    text = "２０１３年ＡＢＣ工会与abc，2013年"
    marks = find_marks(text, ["2013年", "abc"])
    assert [text[s:e] for s, e in marks] == ["２０１３年", "ＡＢＣ", "abc", "2013年"]


def test_plain_text_is_the_text_a_snippet_was_rendered_from():
    # Exports and did-you-mean read snippets back as text through this one function.
    text = '工会经费按<b>"2%"</b>拨缴 & 使用；职工'
    marks = [(0, 4), (11, 13)]
    html = render(text, marks, 2, len(text))
    assert "<mark>" in html and "&lt;b&gt;" in html
    assert plain_text(html) == text[2:]
