"""Issue 11, nineteenth round: a question that found nothing is answered by the documents of
its few best relaxed forms, those holding the most of the query first, rather than by the
documents of the one best form alone.

举报小煤矿违法生产 查实了给奖金吗 给多少: no document holds every word. The one best relaxed
form keeps 举报, 违法 and 奖金 (the rarest words together) and finds laws that reward reports
of other things; the coal mine regulation that answers (举报 … 煤矿 … 奖励) lacks 奖金 and was
not listed at all. Another form, about as informative, keeps 煤矿 instead, and finds it.
The shipped corpus's index (a question's relaxation weighs words by their share of the
documents, which a handful of documents would not show); which words each document holds is
read from the documents' own texts (brute force)."""

from __future__ import annotations

from search import SearchRequest
from search.relaxation import _coverage
from tests.conftest import normalized_texts
from tests.search.conftest import all_ids

COAL_ACCIDENTS = (
    "laws/state-council-regulations/bench-国务院关于预防煤矿生产安全事故的特别规定-2013-07-18.txt"
)
Q = "举报小煤矿违法生产 查实了给奖金吗 给多少"
WORDS = ("举报", "煤矿", "违法", "奖金")


def test_the_law_of_another_good_relaxed_form_is_listed(shipped_searcher):
    everything = all_ids(shipped_searcher, q="")
    texts = normalized_texts(shipped_searcher, everything)
    # No document holds the question's words together; the regulation that answers holds
    # 举报, 煤矿 and 违法 but not 奖金, and documents without 煤矿 hold 举报, 违法 and 奖金.
    assert not any(all(w in t for w in WORDS) for t in texts.values())
    assert "奖金" not in texts[COAL_ACCIDENTS]
    assert all(w in texts[COAL_ACCIDENTS] for w in ("举报", "煤矿", "违法"))
    assert any(
        all(w in t for w in ("举报", "违法", "奖金")) and "煤矿" not in t for t in texts.values()
    )
    result = shipped_searcher.search(SearchRequest(q=Q, per_page=10))
    ids = [h.id for h in result.hits]
    assert COAL_ACCIDENTS in ids[:3]
    # 未包含 is true of the page: every hit holds each word not listed there.
    assert "奖金" in result.dropped and "煤矿" in result.dropped
    kept = [w for w in WORDS if w not in result.dropped]
    assert kept and all(all(w in texts[d] for w in kept) for d in all_ids(shipped_searcher, q=Q))


def test_coverage_orders_by_the_weight_held():
    # Documents 0-3; three units of weights 2, 1 and 0.1.
    masks = [0b0011, 0b0101, 0b1000]
    weights = [2.0, 1.0, 0.1]
    # 0 holds 3.0, 1 holds 2.0, 2 holds 1.0, 3 holds 0.1: four levels, most first.
    assert _coverage(0b1111, masks, weights, band=1.0) == [0b0001, 0b0010, 0b0100, 0b1000]
    # Within a band of 0.6 of a level's best, 2.0 joins 3.0 (2.0 >= 1.8); 1.0 does not.
    assert _coverage(0b1111, masks, weights, band=0.6) == [0b0011, 0b0100, 0b1000]
    # Only the documents given are split.
    assert _coverage(0b0110, masks, weights, band=1.0) == [0b0010, 0b0100]
