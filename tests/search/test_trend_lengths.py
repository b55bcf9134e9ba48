"""Trends' per-document lengths (``CorpusView.lengths``) are the characters of each stored
body, taken from the lengths the reindex recorded (the unit store) without reading any
stored document: also for a body that normalising makes longer in UTF-16 (鱀 folds to 𬶨,
beyond the Basic Multilingual Plane, so the text store's span is one code unit longer),
0 for a deleted document, and read from the stored fields as before for a generation
without recorded lengths."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer.analysis import normalize
from indexer.build import reindex
from indexer.store import IndexStore
from indexer.unit_store import UNITS_FILE
from search import TrendRequest, open_searcher
from tests.conftest import copy_sample, make_config

# 长江保护法 第四十二条 (its second paragraph): 鱀 is folded to a character beyond the BMP.
YANGTZE = (
    "title: 长江保护法（节选）\nissuer: 全国人民代表大会常务委员会\n\n"
    "第四十二条　国家鼓励有条件的单位开展对长江流域江豚、白鱀豚、白鲟、中华鲟、长江鲟、鯮、"
    "鲥、四川白甲鱼、川陕哲罗鲑、胭脂鱼、鳤、圆口铜鱼、多鳞白甲鱼、华鲮、鲈鲤和葛仙米、弧形藻、"
    "眼子菜、水菜花等水生野生动植物生境特征和种群动态的研究，建设人工繁育和科普教育基地，"
    "组织开展水生生物救护。\n"
)


@pytest.fixture
def config(tmp_path):
    corpus = copy_sample(tmp_path / "corpus", {"gov-cn": 6, "laws": 6})
    (corpus / "yangtze.txt").write_text(YANGTZE, "utf-8")
    config = make_config(tmp_path, corpus, reindex_jobs=1)
    reindex(config)
    # A deleted document: its docnum stays in the generation, with no length.
    victim = sorted(p for p in (corpus / "gov-cn").rglob("*") if p.suffix != ".meta")[0]
    victim.unlink()
    report = reindex(config)
    assert report.removed and not report.full
    return config


def stored_lengths(searcher) -> dict[int, int]:
    """Live docnum → characters of its stored body, read from every stored document."""
    reader = searcher._snapshot().searcher().reader()
    return {d: len(reader.stored_fields(d).get("body") or "") for d in reader.all_doc_ids()}


def test_lengths_are_recorded_ones_and_exact(config):
    with open_searcher(config, preload=False) as searcher:
        expected = stored_lengths(searcher)
        view = searcher._view()
        size = view.facets.size
        assert size > len(expected)  # the deleted document's number is still there
        reads = []
        stored = view.stored
        view.stored = lambda d: reads.append(d) or stored(d)
        lengths = view.lengths()
        assert reads == []  # not one stored document read
        assert {d: lengths[d] for d in range(size) if d in expected} == expected
        assert all(lengths[d] == 0 for d in range(size) if d not in expected)
        # The folded body: its normalised text's UTF-16 span is longer than the body.
        reader = searcher._snapshot().searcher().reader()
        ids = reader.column_reader("id")
        (yangtze,) = [d for d in expected if ids[d] == "yangtze.txt"]
        body = reader.stored_fields(yangtze)["body"]
        assert len(normalize(body).encode("utf-16-le")) // 2 == len(body) + 1
        assert lengths[yangtze] == len(body)


def test_a_generation_without_recorded_lengths_reads_the_stored_bodies(config):
    gen = IndexStore(config.index_dir).current()
    with open_searcher(config, preload=False) as searcher:
        recorded = searcher.trends(TrendRequest(("工会",)))
    (Path(gen.path) / UNITS_FILE).unlink()
    with open_searcher(config, preload=False) as searcher:
        assert searcher._snapshot().units is None
        expected = stored_lengths(searcher)
        lengths = searcher._view().lengths()
        assert {d: lengths[d] for d in expected} == expected
        read = searcher.trends(TrendRequest(("工会",)))
    assert read.totals.characters == sum(expected.values()) > 0
    assert (read.buckets, read.totals) == (recorded.buckets, recorded.totals)


def test_trends_characters_equal_the_stored_bodies(config):
    with open_searcher(config, preload=False) as searcher:
        expected = stored_lengths(searcher)
        result = searcher.trends(TrendRequest(("工会",)))
    assert result.totals.characters == sum(expected.values())
    ix = whoosh_index.open_dir(str(IndexStore(config.index_dir).current().path))
    with ix.reader() as reader:
        assert result.totals.documents == reader.doc_count()
