"""Issue 11, seventh round: a query concept an article names only while citing another
article (因本法第二十六条第一款规定的情形致使劳动合同无效的) counts less when the document's
units are ranked, so the article that states it comes first. Real shipped laws."""

from __future__ import annotations

import random
import re

from search import SearchRequest, open_searcher
from search.cited_clauses import CITATION, CITED_CLAUSE_ENDS, cited_only
from search.highlight import find_marks
from tests.laws import CONTRACT_LAW
from tests.search.conftest import article_text


def test_an_article_label_is_not_a_citation_but_a_numbered_reference_is():
    assert CITATION.search("第二十六条 下列劳动合同无效或者部分无效") is None
    assert CITATION.search("因本法第二十六条第一款规定的情形") is not None
    assert CITATION.search("依照劳动合同法第八十七条的规定") is not None
    assert CITATION.search("依照《工会法》第43条") is not None
    assert CITATION.search("依照本条第一款规定裁减人员") is not None


def test_a_concept_held_only_in_citing_clauses_is_told_apart(contract_laws):
    with open_searcher(contract_laws) as searcher:
        text = searcher.document(CONTRACT_LAW).text
    article = article_text(text, "第四十六条")
    literals = ["解除劳动合同", "经济补偿"]
    marks = find_marks(article, literals)
    concepts = {w: w for w in literals}
    found = {0: ({article[s:e] for s, e in marks}, len(marks))}
    cited = cited_only(article, marks, lambda pos: 0, lambda i: (0, len(article)), found, concepts)
    # Read from the text: every clause naming 解除劳动合同 cites an article by number, and
    # the clause naming 经济补偿 does not.
    clauses = [c for c in re.split(f"[{re.escape(CITED_CLAUSE_ENDS)}]", article) if c]
    assert all(CITATION.search(c) for c in clauses if "解除劳动合同" in c)
    assert any(not CITATION.search(c) for c in clauses if "经济补偿" in c)
    assert cited == {0: {"解除劳动合同"}}
    # Named once plainly too, it is the article's own concept.
    plain = "用人单位解除劳动合同的，" + article
    marks = find_marks(plain, literals)
    found = {0: ({plain[s:e] for s, e in marks}, len(marks))}
    assert cited_only(plain, marks, lambda pos: 0, lambda i: (0, len(plain)), found, concepts) == {}


def test_the_article_stating_the_concept_is_the_best_unit(contract_laws):
    with open_searcher(contract_laws) as searcher:
        text = searcher.document(CONTRACT_LAW).text
        result = searcher.search(SearchRequest(q="劳动合同无效 情形"))
    # Without the rule, 第三十八条 would win: it names both words, 第二十六条 names one.
    citing = article_text(text, "第三十八条")
    assert "劳动合同无效" in citing and "情形" in citing
    assert "情形" not in article_text(text, "第二十六条")
    hit = next(h for h in result.hits if h.id == CONTRACT_LAW)
    assert hit.units[0].label == "第二十六条"


def test_citation_spans_are_the_citation_pattern_s_matches():
    """The fast scan from each 第 finds exactly CITATION's matches, in every shipped
    text and in random runs of the characters a citation is made of, from any start to
    any end (a lookbehind may read before the start; a match may not)."""
    from search.cited_clauses import citation_spans
    from tests.conftest import CORPUS_DOCS

    def reference(text: str, start: int, end: int) -> list[tuple[int, int]]:
        return [m.span() for m in CITATION.finditer(text, start, end)]

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in CORPUS_DOCS.rglob("*.txt")]
    assert sum(len(reference(t, 0, len(t))) for t in texts) > 0
    for text in texts:
        assert citation_spans(text) == reference(text, 0, len(text))
    rng = random.Random(5)
    alphabet = "本法例条第款一十3》，定则x"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
        start = rng.randrange(0, len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        assert citation_spans(text, start, end) == reference(text, start, end), (text, start, end)
