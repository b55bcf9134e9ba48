"""Issue 11, second round: a question finds the law that answers it. Partial matches after
a few complete ones, relaxation that keeps the informative words, answering articles,
auto-correction; expectations by brute force over the stored texts."""

from __future__ import annotations

from search import SearchRequest
from tests.search.conftest import all_ids, contains


def search(searcher, q, **kw):
    return searcher.search(SearchRequest(q=q, per_page=100, **kw))


def ids_with(all_documents, *strings) -> set[str]:
    return {d.id for d in all_documents if all(contains(d, s) for s in strings)}


# -- partial matches after a few complete ones -----------------------------------------


def test_few_complete_matches_are_followed_by_partial_ones(shipped_searcher, all_documents):
    a, b = "工资", "发一次"
    complete = ids_with(all_documents, a, b)
    assert 1 <= len(complete) < 3  # the case: the words together are rare
    result = search(shipped_searcher, f"{a} {b}")
    assert result.partial is not None and result.partial.dropped == [b]
    assert result.partial.complete == len(complete)
    ids = all_ids(shipped_searcher, q=f"{a} {b}")
    # The complete matches first, then documents holding the word kept; total counts both.
    assert set(ids[: len(complete)]) == complete
    assert set(ids) == ids_with(all_documents, a) and result.total == len(ids)
    assert "只有" in result.notice and b in result.notice


def test_partial_matches_respect_filters(shipped_searcher, all_documents):
    result = search(shipped_searcher, "工资 发一次", levels=("法律",))
    laws = {d.id for d in all_documents if d.level == "法律"}
    assert {h.id for h in result.hits} <= laws
    assert result.partial is not None
    assert result.partial.complete == len(ids_with(all_documents, "工资", "发一次") & laws)


def test_enough_complete_matches_have_no_partial_ones(shipped_searcher, all_documents):
    assert len(ids_with(all_documents, "工会经费", "百分之二")) >= 3
    assert search(shipped_searcher, "工会经费 百分之二").partial is None


def test_a_word_typed_alone_is_never_supplemented(shipped_searcher, all_documents):
    # Counting stays exact: one word typed without spaces is never relaxed into its parts.
    word = "建会率"
    expected = ids_with(all_documents, word)
    assert 1 <= len(expected)
    result = search(shipped_searcher, word)
    assert result.partial is None and {h.id for h in result.hits} == expected


# -- relaxation keeps the informative words --------------------------------------------


def test_relaxation_drops_single_characters_before_words(shipped_searcher, all_documents):
    q = "产假工资谁发"
    parts = ["产假", "工资", "谁", "发"]
    assert not ids_with(all_documents, q) and not ids_with(all_documents, *parts)
    kept = ids_with(all_documents, "产假", "工资")
    assert kept
    result = search(shipped_searcher, q)
    assert set(result.dropped) == {"谁", "发"}
    assert {h.id for h in result.hits} == kept
