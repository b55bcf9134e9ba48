"""Issue 11, sixteenth round: the articles the lay-term list's comments name, read as data
(``search.named_articles``). Every reference resolves to a shipped document and to units of
it; the parser reads the comments' forms; a found law's named article comes first among
equals on a small real index."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extract import extract_document
from indexer.resources import load_resources
from indexer.units import split_units
from search import SearchRequest, open_searcher
from search.named_articles import STATE_PREFIX, load_named_articles
from tests.conftest import index_of_docs

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
DOCS = CORPUS / "docs"


@pytest.fixture(scope="module")
def laws() -> dict[str, list[set[str]]]:
    """Each shipped law's title → the labels of its units (one set per document)."""
    resources = load_resources(CORPUS)
    out: dict[str, list[set[str]]] = {}
    for path in sorted((DOCS / "laws").rglob("*.txt")):
        doc = extract_document(path, DOCS, resources)
        labels = {u.label.split()[0] for u in split_units(doc.body)}
        out.setdefault(doc.title, []).append(labels)
    return out


def test_every_reference_resolves_to_a_document_and_its_units(laws):
    named = load_named_articles(CORPUS / "lay_terms.txt")
    refs = named.references()
    assert len(refs) > 60  # the comments' references were read, not skipped
    unresolved = []
    for ref in refs:
        docs = laws.get(ref.law, []) + laws.get(STATE_PREFIX + ref.law, [])
        if not docs:
            unresolved.append((ref.line, ref.law, "no document"))
            continue
        for labels in docs:
            missing = sorted(ref.labels - labels)
            if missing:
                unresolved.append((ref.line, ref.law, missing))
    assert unresolved == [], "\n".join(map(str, unresolved))


LIST = """\
#: 解释（一） = 最高人民法院关于审理劳动争议案件适用法律问题的解释（一）
# wages (工资支付暂行规定 第五、十四、十五条; 保障农民工工资支付条例)
乱扣 => 克扣
# hours (劳动法 第三十六—三十八条, 第九章; 国务院关于职工工作时间的规定)
周末, 星期天 => 休息日
# a long comment (劳动合同法实施条例 第十九条第七项;
# 解释（一） 第一条第四项; 第十五条: 本解释第十五条之外的引文 第九十九条)
押金 => 抵押金

# no group after a blank line
不相干 => 无关
"""


def test_the_comments_forms_are_read(tmp_path):
    path = tmp_path / "lay_terms.txt"
    path.write_text(LIST, encoding="utf-8")
    named = load_named_articles(path)
    assert named.labels(["乱扣"], "工资支付暂行规定") == {"第五条", "第十四条", "第十五条"}
    # A range, and a chapter after a comma continuing the same law.
    assert named.labels(["星期天"], "中华人民共和国劳动法") == {
        "第三十六条",
        "第三十七条",
        "第三十八条",
        "第九章",
    }
    # An item names its article; a part without a title continues the law before it;
    # what follows a colon is a quotation, not a reference; the abbreviation is resolved.
    interpretation = "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）"
    assert named.labels(["押金"], interpretation) == {"第一条", "第十五条"}
    assert named.labels(["押金"], "中华人民共和国劳动合同法实施条例") == {"第十九条"}
    # A law named without articles names none; another law's title gets nothing.
    assert named.labels(["乱扣"], "保障农民工工资支付条例") == frozenset()
    assert named.labels(["乱扣"], "中华人民共和国劳动法") == frozenset()
    assert named.words(["乱扣", "不相干", "工资"]) == {"乱扣"}


CONTRACT_LAW = "laws/national-laws/0158-中华人民共和国劳动合同法.txt"


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return index_of_docs(tmp_path_factory.mktemp("named_articles"), [CONTRACT_LAW])


def test_a_named_article_comes_first_among_equals(config):
    # 辞退's group (the employer ends the contract) names 劳动合同法 第三十九—四十一条、第四十八条.
    # 第三十八条 (the worker leaves) holds the same legal forms as 第三十九条, as often: the
    # named article is shown, the other still listed after it.
    named = load_named_articles(CORPUS / "lay_terms.txt")
    assert "第三十九条" in named.labels(["辞退"], "中华人民共和国劳动合同法")
    assert "第三十八条" not in named.labels(["辞退"], "中华人民共和国劳动合同法")
    with open_searcher(config) as searcher:
        hit = searcher.search(SearchRequest(q="被辞退")).hits[0]
    labels = [u.label for u in hit.units]
    assert labels[0] == "第三十九条"
    assert "第三十八条" in labels
