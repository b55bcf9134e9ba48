"""The union-term jieba dictionary: well-formed, built from the corpus, kept whole by jieba."""

from __future__ import annotations

import jieba

from indexer.resources import union_dict_hash
from indexer.union_terms import (
    SEED_FREQ,
    build_union_terms,
    ngram_candidates,
    quoted_candidates,
    write_union_dict,
)
from tests.reports import HARBIN_REPORT


def test_shipped_dict_format(resources):
    lines = resources.union_dict_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 50
    for line in lines:
        word, freq, tag = line.split(" ")
        assert word and int(freq) >= 2000 and tag


def test_jieba_keeps_union_terms_whole(resources):
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(resources.union_dict_path))
    tokens = tokenizer.lcut("全市开展工资集体协商，六个班组被授予全国工人先锋号，推行厂务公开")
    for term in ("工资集体协商", "工人先锋号", "厂务公开"):
        assert term in tokens
    assert "职代会" in tokenizer.lcut("召开职代会审议集体合同")


def test_mining_finds_quoted_campaigns_and_noun_terms():
    texts = [
        "工会工会工会工会工会。开展“职工书屋”建设。",
        "各企业工会要指导职工，",
        "和企业工会一起指导职工，",
        "由企业工会负责指导职工。",
        "企业工会和基层工会指导职工",
    ]
    assert "职工书屋" in quoted_candidates(texts)
    grams = ngram_candidates(texts, min_count=2)
    assert "企业工会" in grams
    assert not any(g.startswith("指导") for g in grams)


def test_build_keeps_only_terms_in_corpus(tmp_path, resources, corpus_root):
    docs = tmp_path / "docs"
    docs.mkdir()
    seed = corpus_root / HARBIN_REPORT
    (docs / "seed.txt").write_bytes(seed.read_bytes())
    terms = build_union_terms(docs, resources)
    assert terms["工人先锋号"] == SEED_FREQ
    assert "劳务派遣" not in terms  # a seed term the seed report never uses
    out = tmp_path / "union_terms.dict"
    write_union_dict(terms, out)
    assert union_dict_hash(tmp_path) and union_dict_hash(tmp_path / "nowhere") == ""
