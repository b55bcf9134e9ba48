"""Issue 11, twentieth round: a piece found nowhere, relaxed whole, keeps the concept it tells.

进厂交了800块押金 走的时候不给退 is two statements. The first piece holds 进厂, in no
document, so the piece finds nothing and could only be dropped, with 押金 (the deposit, the
question's concept) inside it; the second piece's words together are in a few government
reports, which were all the page listed. The piece's most informative word now stands
beside it as a unit of its own, and the labour contract law (its article on employers taking
deposits) is listed first. The shipped corpus's index (how much a word weighs is its share
of the documents, which a handful of documents would not show); which words each document
holds is read from the documents' own texts (brute force)."""

from __future__ import annotations

from search import SearchRequest
from tests.conftest import normalized_texts
from tests.laws import CONTRACT_LAW
from tests.search.conftest import all_ids

Q = "进厂交了800块押金 走的时候不给退"
STATEMENT = ("走", "时候", "不", "给", "退")


def test_the_concept_of_a_piece_found_nowhere_is_kept(shipped_searcher):
    everything = all_ids(shipped_searcher, q="")
    texts = normalized_texts(shipped_searcher, everything)
    assert not any("进厂" in t for t in texts.values())
    # The second piece's words together are only in documents without the deposit.
    statement = [d for d, t in texts.items() if all(w in t for w in STATEMENT)]
    assert statement and not any("押金" in texts[d] for d in statement)
    result = shipped_searcher.search(SearchRequest(q=Q, per_page=10))
    ids = [h.id for h in result.hits]
    assert CONTRACT_LAW in ids[:3]
    # 未包含 names the piece found nowhere; 押金 is what was searched in its place.
    assert "进厂交了800块押金" in result.dropped and "押金" not in result.dropped
