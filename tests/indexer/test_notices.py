"""Red-header notices, document numbers and signing dates, on real indexes.

The notice fixture is a red-header notice as Word gives it as text, written from real
paragraphs of the shipped Harbin union report; the gov.cn page 20181109-0106 is shipped.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from indexer.build import reindex
from indexer.extract import extract_document
from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, make_config

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOTICE = FIXTURES / "notices" / "xiangfang-jinqiu-notice.txt"
GOVCN = "gov-cn/20181109-0106.html"
MARK = re.compile(r"<mark>(.*?)</mark>")
BRACKETS = {"[": "〔[［(（", "]": "〕]］)）"}


@pytest.fixture(scope="module")
def notice_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("notices") / "corpus"
    (corpus / "gov-cn").mkdir(parents=True)
    for name in (GOVCN, GOVCN + ".meta"):
        shutil.copy2(CORPUS_DOCS / name, corpus / name)
    (corpus / "notices").mkdir()
    shutil.copy2(NOTICE, corpus / "notices" / NOTICE.name)
    # The same notice with its signing date in Chinese numerals and a spaced red header,
    # as some offices type them.
    text = NOTICE.read_text("utf-8")
    text = text.replace("2024年8月20日", "二〇二四年八月二十日")
    text = text.replace("哈尔滨市香坊区总工会文件", "哈尔滨市香坊区总工会文 件")
    (corpus / "notices" / "hanzi-date.txt").write_text(text, "utf-8")
    # A short page that cites the gov.cn notice's number twice (from its own words).
    (corpus / "notices" / "citing.txt").write_text(
        "市政府网站集约化工作推进情况\n\n"
        "根据国办函〔2018〕71号要求，推进政府网站互联互通融合发展。\n"
        "国办函〔2018〕71号明确，2019年12月底前，试点地区完成政府网站集约化工作。\n",
        "utf-8",
    )
    return corpus


@pytest.fixture(scope="module")
def notice_index(notice_corpus, tmp_path_factory):
    config = make_config(tmp_path_factory.mktemp("notices-index"), notice_corpus)
    report = reindex(config)
    assert not report.rejected
    return config


def test_red_header_notice_metadata(notice_corpus, resources):
    for name, date_line in (
        ("xiangfang-jinqiu-notice.txt", "2024年8月20日"),
        ("hanzi-date.txt", "二〇二四年八月二十日"),
    ):
        doc = extract_document(notice_corpus / "notices" / name, notice_corpus, resources)
        # Not the red header, not the number line: the 关于…的通知 line, joined over its wrap.
        assert doc.title == "关于开展2024年“金秋助学”活动的通知"
        assert doc.doc_type == "通知"
        assert doc.doc_number == "香工发〔2024〕8号"
        assert doc.date == "2024-08-20"  # the signing date, not 9月10日 in the text
        assert doc.issuer == "哈尔滨市香坊区总工会"
        assert doc.district == "香坊区"
        lines = doc.body.split("\n")
        # Every visible line but the title stays in the text: header, number, signature, date.
        assert lines[0].replace(" ", "") == "哈尔滨市香坊区总工会文件"
        assert lines[1] == "香工发〔2024〕8号"
        assert lines[-3:] == ["哈尔滨市香坊区总工会", date_line, "（此件主动公开）"]
        assert "关于开展" not in doc.body


def test_govcn_signing_date_stays_in_the_text(notice_corpus, resources):
    doc = extract_document(notice_corpus / GOVCN, notice_corpus, resources)
    assert doc.date == "2018-10-27"
    assert doc.doc_number == "国办函〔2018〕71号"
    assert "2018年10月27日" in doc.body.split("\n")


def test_a_signing_date_is_found_by_a_quoted_search(notice_index):
    with open_searcher(notice_index) as s:
        for q, doc_id in (
            ('"2018年10月27日"', GOVCN),
            ('"2024年8月20日"', "notices/xiangfang-jinqiu-notice.txt"),
            ('"二〇二四年八月二十日"', "notices/hanzi-date.txt"),
        ):
            result = s.search(SearchRequest(q=q))
            assert [h.id for h in result.hits] == [doc_id], q
            assert MARK.findall(result.hits[0].snippet_html) == [q.strip('"')]
            view = s.document(doc_id, q=q)
            assert view.marks >= 1


def _variants(number: str) -> list[str]:
    """The number written with each bracket pair users type."""
    return [
        number.replace("〔", o).replace("〕", c)
        for o, c in zip(BRACKETS["["], BRACKETS["]"], strict=True)
    ]


def _containing(corpus: Path, resources, number: str) -> set[str]:
    """Brute force: the documents whose text has the number in any bracket form."""
    pattern = re.compile(
        re.escape(number)
        .replace("〔", "[" + re.escape(BRACKETS["["]) + "]")
        .replace("〕", "[" + re.escape(BRACKETS["]"]) + "]")
    )
    found = set()
    for path in corpus.rglob("*"):
        if path.is_file() and path.suffix != ".meta":
            doc = extract_document(path, corpus, resources)
            if pattern.search(doc.title + "\n" + doc.body):
                found.add(doc.id)
    return found


@pytest.mark.parametrize("number", ["国办函〔2018〕71号", "香工发〔2024〕8号"])
def test_doc_number_search_with_any_brackets(notice_index, notice_corpus, resources, number):
    expected = _containing(notice_corpus, resources, number)
    assert expected
    with open_searcher(notice_index) as s:
        for typed in _variants(number):
            result = s.search(SearchRequest(q=typed, per_page=50))
            hits = {h.id: h for h in result.hits}
            assert expected <= set(hits), typed
            for doc_id in expected:
                hit = hits[doc_id]
                # The mark covers the characters as the document writes them.
                text = html.unescape(re.sub(r"</?mark>", "", hit.snippet_html))
                marked = [html.unescape(m) for m in MARK.findall(hit.snippet_html)]
                assert number in marked, (typed, hit.snippet_html)
                assert number in text
            own = [h for h in result.hits if h.doc_number == number]
            assert own, typed


@pytest.mark.parametrize(
    ("second_line", "doc_type"),
    [
        ("通知", "通知"),
        ("实施意见", "意见"),
        ("决定", "决定"),
        ("情况报告", "报告"),
        ("请示", "请示"),
        ("实施方案", "方案"),
        ("管理办法", "办法"),
        ("若干规定", "规定"),
        ("批复", "批复"),
        ("复函", "函"),
        ("会议纪要", "纪要"),
    ],
)
def test_doc_type_comes_from_the_notice_title(tmp_path, resources, second_line, doc_type):
    text = NOTICE.read_text("utf-8").replace("\n通知\n", f"\n{second_line}\n", 1)
    path = tmp_path / "notice.txt"
    path.write_text(text, "utf-8")
    doc = extract_document(path, tmp_path, resources)
    assert doc.title == "关于开展2024年“金秋助学”活动的" + second_line
    assert doc.doc_type == doc_type
    assert doc.doc_number == "香工发〔2024〕8号"


def test_the_document_issued_under_a_number_ranks_first(notice_index):
    with open_searcher(notice_index) as s:
        for typed in _variants("国办函〔2018〕71号"):
            hits = s.search(SearchRequest(q=typed)).hits
            assert [h.id for h in hits][:1] == [GOVCN], typed
            assert "notices/citing.txt" in [h.id for h in hits]  # citing it still matches
