"""Best-passage candidates scored from the unit store and the text store give the same
search records as reading their stored fields.

The old path is the searcher over a copy of the shipped index whose generation has no
``units.bin`` (a generation written before the unit store): the fallback. Both searchers
run in this process, so sets iterate in the same order in both.
"""

from __future__ import annotations

import dataclasses
import random
import re
import shutil
import tomllib

import pytest

from indexer.analysis import FOLDS, normalize
from indexer.store import IndexStore
from indexer.unit_store import UNITS_FILE
from search import SearchRequest, open_searcher
from search.highlight import find_marks
from tests.conftest import CORPUS_DOCS, make_config
from union_search.config import PROJECT_ROOT

# Questions, article citations, phrases and quoted runs, several concepts, filters, pages.
EXTRA = [
    SearchRequest(q="劳动合同法 第82条"),
    SearchRequest(q="工会法43条"),
    SearchRequest(q="《工会法》第四十三条"),
    SearchRequest(q="劳动法第四十四条"),
    SearchRequest(q='"职工 书屋"'),
    SearchRequest(q='"劳动合同"'),
    SearchRequest(q='"情况，合"'),
    SearchRequest(q="加班费怎么算"),
    SearchRequest(q="竞业限制 最长 期限"),
    SearchRequest(q="用人单位 解除 劳动合同 经济补偿"),
    SearchRequest(q="女职工 产假 多少天"),
    SearchRequest(q="工会 经费 拨缴", page=2),
    SearchRequest(q="职工 工会 会员", per_page=50),
    SearchRequest(q="劳动 合同 工资", match="any_order"),
    SearchRequest(q="工會經費怎麼用"),
    SearchRequest(q="ＬＯＧＯ 工会"),
]


def judged_queries() -> list[str]:
    out = []
    relevance = PROJECT_ROOT / "bench" / "relevance"
    for path in [relevance / "queries.toml", *sorted(relevance.glob("heldout*.toml"))]:
        with open(path, "rb") as f:
            out += [q["text"] for q in tomllib.load(f)["query"]]
    return list(dict.fromkeys(out))


@pytest.fixture(scope="module")
def without_unit_store(shipped_index, tmp_path_factory):
    """A searcher over a copy of the shipped index whose generation has no unit store."""
    tmp = tmp_path_factory.mktemp("no-units")
    shutil.copytree(shipped_index.index_dir, tmp / "index", symlinks=True)
    config = make_config(tmp, CORPUS_DOCS)
    (IndexStore(config.index_dir).current().path / UNITS_FILE).unlink()
    with open_searcher(config) as searcher:
        yield searcher


def record(result) -> dict:
    out = dataclasses.asdict(result)
    out.pop("took_ms")
    return out


def test_the_shipped_index_has_a_unit_store_and_the_copy_has_none(
    shipped_searcher, without_unit_store
):
    assert shipped_searcher._snapshot().units is not None
    assert without_unit_store._snapshot().units is None


def test_search_records_are_those_of_the_stored_fields(shipped_searcher, without_unit_store):
    requests = [SearchRequest(q=q) for q in judged_queries()] + EXTRA
    reranked = 0
    for request in requests:
        new = shipped_searcher.search(request)
        old = without_unit_store.search(request)
        assert record(new) == record(old), request
        reranked += bool(new.question_words) or len(new.highlight_terms) > 1
    # Most of them go through best-passage ranking (questions, several concepts).
    assert reranked > len(requests) // 2


def test_marks_in_the_normalised_text_are_those_in_the_stored_text(shipped_searcher):
    """find_marks on the text store's text (normalized=True) against find_marks on the
    stored body, on real bodies mixed with other forms of their own characters."""
    rng = random.Random(16)
    unfold: dict[str, list[str]] = {}
    for raw, norm in FOLDS.items():
        unfold.setdefault(chr(norm), []).append(chr(raw))
    docs = shipped_searcher.search(SearchRequest(q="工会", per_page=30)).hits
    checked = 0
    for hit in docs:
        body = shipped_searcher.document(hit.id).text[:3000]
        # Other forms of a third of the characters that have one (traditional, full width).
        raw = "".join(
            rng.choice(unfold[c]) if c in unfold and rng.random() < 0.3 else c for c in body
        )
        norm = normalize(raw)
        words = re.findall(r"[\u4e00-\u9fff]{2,6}", norm)
        literals = rng.sample(words, min(5, len(words))) + ["工会", "职工 代表", "a"]
        assert find_marks(norm, literals, normalized=True) == find_marks(raw, literals)
        checked += 1
    assert checked == 30


def test_normalising_is_idempotent_and_keeps_separators():
    """What find_marks(normalized=True) relies on: a normalised character has no other
    form, and a character is a separator ([\\W_]) exactly when its normalised form is."""
    sep = re.compile(r"[\W_]")
    for raw, norm in FOLDS.items():
        assert normalize(chr(norm)) == chr(norm)
        assert bool(sep.match(chr(raw))) == bool(sep.match(chr(norm)))
