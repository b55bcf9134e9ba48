"""Issue 11, fifteenth round: the lay-term list extended to the laws of ``corpus/docs``
not read before (judicial interpretations, State Council regulations, local regulations).
An everyday word of the new lines reaches the law that says it in its own words, on a small
real index of shipped documents whose texts say which document holds which wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.analysis import normalize
from search import SearchRequest, open_searcher
from tests.conftest import index_of_docs
from tests.laws import CONTRACT_LAW, LABOUR_DISPUTES_1, LABOUR_DISPUTES_2, LABOUR_LAW, WOMEN_WORKERS
from tests.reports import GOV_REPORT_2009

DOCS = [
    LABOUR_DISPUTES_1,
    LABOUR_DISPUTES_2,
    WOMEN_WORKERS,
    CONTRACT_LAW,
    LABOUR_LAW,
    GOV_REPORT_2009,
]


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("laws_read")
    return index_of_docs(tmp_path, DOCS)


@pytest.mark.parametrize(
    ("query", "everyday", "legal", "laws"),
    [
        # 劳动争议司法解释（一） 第十五条, （二） 第三条: the IOU is the laws' 工资欠条.
        ("老板给我打了白条", "白条", "工资欠条", {LABOUR_DISPUTES_1, LABOUR_DISPUTES_2}),
        # 女职工劳动保护特别规定 第七条: 生育多胞胎的，每多生育1个婴儿，增加产假15天.
        ("生了双胞胎产假", "双胞胎", "多胞胎", {WOMEN_WORKERS}),
    ],
)
def test_an_everyday_word_reaches_a_law_read_this_round(config, query, everyday, legal, laws):
    with open_searcher(config) as searcher:
        texts = {d: normalize(searcher.document(d).title + searcher.document(d).text) for d in DOCS}
        result = searcher.search(SearchRequest(q=query))
    # No shipped document of the index says the everyday word; the law says the legal form.
    assert not any(everyday in t for t in texts.values())
    assert all(legal in texts[d] for d in laws)
    assert legal in dict(result.expansions)[everyday]
    assert laws & {h.id for h in result.hits[:3]}
