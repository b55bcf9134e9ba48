"""Issue 11, fourteenth round: pseudo-relevance feedback (search.feedback). The words the
best articles of a question's first two candidates share, in the laws' own wording, break
ties among the candidates after them; nothing is matched that the question's words did not
match, and literal look-ups are left alone. A small real index of shipped laws; which words
an article holds and how many documents hold a word are read from the documents' own texts
(brute force), not from the engine."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from indexer.analysis import normalize
from search import open_searcher
from search.feedback import (
    COMMON,
    FRAME,
    SOURCES,
    Article,
    everyday_question,
    feedback_shares,
)
from search.general_idf import general_idf
from search.passages import CLOSE, by_best_passage
from search.query import parse_query
from tests.conftest import index_of_docs, normalized_texts

DOCS = [
    "laws/local-regulations/0114-山东省企业工资集体协商条例.txt",
    "laws/local-regulations/0131-杭州市企业工资集体协商条例.txt",
    "laws/local-regulations/0129-宁波市企业工资集体协商条例.txt",
    "laws/local-regulations/0118-河南省企业工资集体协商条例.txt",
    "laws/local-regulations/0115-山东省劳动合同条例.txt",
    "laws/local-regulations/0107-上海市劳动合同条例.txt",
    "laws/national-laws/0158-中华人民共和国劳动合同法.txt",
    "laws/national-laws/0159-中华人民共和国劳动法.txt",
    # Reports: most documents of the corpus are no laws (a word of every law is no topic).
    *[f"provincial-reports/2026-{p}.txt" for p in ("上海市", "云南省", "北京市", "吉林省")],
    *[f"provincial-reports/2026-{p}.txt" for p in ("四川省", "天津市", "安徽省", "山东省")],
    *[f"gov-reports/{y}-国务院政府工作报告.txt" for y in range(2008, 2018)],
]


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("feedback")
    return index_of_docs(tmp_path, DOCS)


@pytest.mark.parametrize(
    ("q", "asks", "cited", "expected"),
    [
        ("加班费 怎么算", True, False, True),
        ('"加班费" 怎么算', True, False, False),  # a quoted string: literal
        ("title:劳动法 怎么算", True, False, False),  # a field: a title look-up
        ("加班费 -劳动法 怎么算", True, False, False),  # an exclusion
        ("加班费 OR 加班工资", True, False, False),  # an alternative
        ("劳动法第四十四条 怎么算", True, True, False),  # a citation
        ("加班费", False, False, False),  # no question, no situation told
    ],
)
def test_only_questions_in_everyday_words_get_feedback(q, asks, cited, expected):
    assert everyday_question(parse_query(q).tree, asks, cited) is expected


def _articles(searcher, ids: list[str]) -> dict[str, Article]:
    """Each document as feedback reads it, from its view: its articles' spans and the
    question's matches, found with str.find."""
    out = {}
    for d in ids:
        view = searcher.document(d)
        body = normalize(view.text)
        spans = [(u.start, u.end) for u in view.units if u.kind == "条"]
        out[d] = Article(body, spans, [])
    return out


def _with_marks(article: Article, literals: list[str]) -> Article:
    marks = []
    for lit in literals:
        pos = article.body.find(lit)
        while pos >= 0:
            marks.append((pos, pos + len(lit)))
            pos = article.body.find(lit, pos + 1)
    return Article(article.body, article.spans, sorted(marks))


def test_feedback_words_are_shared_by_the_first_articles_and_break_ties_only(config):
    # The laws as a first ranking of a question asking about 要约 and 协商 (公司不回应协商要约
    # 怎么办), the two wage-negotiation regulations first.
    literals = ["要约", "协商"]
    ids = [d for d in DOCS if d.startswith("laws/")]
    with open_searcher(config) as searcher:
        articles = {d: _with_marks(a, literals) for d, a in _articles(searcher, ids).items()}
        texts = normalized_texts(searcher, DOCS)

        def frequency(word: str) -> int:
            return sum(1 for t in texts.values() if word in t)

        def best(a: Article) -> str:
            """The article holding the most distinct literals (the first of equals)."""
            held = [
                (len({lit for lit in literals if lit in a.body[s:e]}), -i)
                for i, (s, e) in enumerate(a.spans)
            ]
            i = -max(held)[1]
            return a.body[a.spans[i][0] : a.spans[i][1]]

        first = [(i, 0.0) for i in range(len(ids))]
        passage = dict.fromkeys(range(len(ids)), 1.0)  # all within the close band
        shares, terms = feedback_shares(
            first,
            passage,
            lambda i: articles[ids[i]],
            {lit: lit for lit in literals},
            dict.fromkeys(literals, 1.0),
            searcher.analyzer.words,
            frequency,
            len(DOCS),
            CLOSE,
            general_idf().of,
        )
        sources = [best(articles[d]) for d in ids[:SOURCES]]
        assert terms, "the two regulations' articles on the offer share words"
        for w in terms:
            assert all(w in s for s in sources)
            assert not any(w in lit or lit in w for lit in literals)  # not the question's
            assert general_idf().of(w) >= FRAME and frequency(w) <= len(DOCS) * COMMON
        # A candidate's share: the most of the words' weight one of its articles holds.
        for i, d in enumerate(ids):
            a = articles[d]
            held = [
                sum(v for w, v in terms.items() if w in a.body[s:e]) / sum(terms.values())
                for s, e in a.spans
            ]
            assert shares[i] == pytest.approx(max(held, default=0.0))
        assert len(set(shares.values())) > 1  # the words tell the candidates apart
        # The sources hold every word: they keep their places; the rest is re-ordered.
        levels = array("i", [0] * len(ids))
        again = by_best_passage(first, passage.__getitem__, levels, shares.__getitem__)
        assert [d for d, _ in again[:SOURCES]] == list(range(SOURCES))
        assert sorted(again) == sorted(first)
        tail = [(-shares[d], d) for d, _ in again[SOURCES:]]
        assert tail == sorted(tail)


def test_articles_sharing_no_word_give_no_feedback(config):
    with open_searcher(config) as searcher:
        articles = [
            Article("工会经费由用人单位拨缴", [(0, 11)], [(0, 2)]),
            Article("劳动者享受带薪年休假", [(0, 10)], [(0, 3)]),
            Article("劳动合同期满终止", [(0, 8)], [(0, 4)]),
        ]
        shares, terms = feedback_shares(
            [(0, 0.0), (1, 0.0), (2, 0.0)],
            {0: 1.0, 1: 1.0, 2: 1.0},
            articles.__getitem__,
            {},
            {},
            searcher.analyzer.words,
            lambda w: 1,
            100,
            CLOSE,
            general_idf().of,
        )
        assert shares == {} and terms == {}
