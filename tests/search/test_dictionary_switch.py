"""A serving process notices a changed union dictionary the way it notices a new
generation: the index records the dictionary's hash, and a Searcher that opens a
generation built with another dictionary analyses queries with that one."""

from __future__ import annotations

import shutil

from indexer.build import reindex
from search import SearchRequest, open_searcher
from tests.conftest import RESOURCES, make_config

QUERY = "职工书屋示范点验收"


def complete_ids(result) -> list[str]:
    """The hits holding every word of the query (partial matches may follow them)."""
    n = result.partial.complete if result.partial else result.total
    return [h.id for h in result.hits[:n]]


def test_same_searcher_follows_a_reindex_with_another_dictionary(tmp_path, small_corpus):
    resources = tmp_path / "resources"
    shutil.copytree(RESOURCES, resources, ignore=shutil.ignore_patterns("docs"))
    (small_corpus / "hrbgh" / "shelf.txt").write_text(
        "title: 职工书屋示范点验收通知\ndate: 2024-05-06\n\n"
        f"开展{QUERY}工作，职工书屋示范点名单见附件。\n",
        "utf-8",
    )
    settings = make_config(tmp_path, small_corpus, resources_dir=resources)
    reindex(settings)

    with open_searcher(settings) as searcher:
        # match=any_order: the query's words (not only the whole string) are matched and
        # highlighted, so the split shows in the highlight terms.
        before = searcher.search(SearchRequest(q=QUERY, match="any_order"))
        assert complete_ids(before) == ["hrbgh/shelf.txt"]
        # Dictionary A (shipped): 职工书屋 / 示范点 / 验收.
        assert {"职工书屋", "示范点"} <= set(before.highlight_terms)
        terms_a = searcher.compile(QUERY)[0].terms

        with open(resources / "union_terms.dict", "a", encoding="utf-8") as f:
            f.write("职工书屋示范点 3000\n")
        report = reindex(settings)
        assert report.full and "dict" in report.full_reason

        after = searcher.search(SearchRequest(q=QUERY, match="any_order"))
        assert complete_ids(after) == ["hrbgh/shelf.txt"]
        # Dictionary B: 职工书屋示范点 / 验收, in the same process, same Searcher.
        terms_b = searcher.compile(QUERY)[0].terms
        assert ("body", "职工书屋示范点") in terms_b and ("body", "职工书屋示范点") not in terms_a
        assert ("body", "示范点") in terms_a and ("body", "示范点") not in terms_b
        assert "示范点" not in after.highlight_terms
