"""The jieba internals the reindex relies on, checked against ``Tokenizer.cut`` (public)."""

from __future__ import annotations

import re

from indexer.analysis import Analyzer, normalize
from indexer.jieba_adapter import run_cutter, split_blocks
from union_search.config import DEFAULT_RESOURCES

WORDISH = re.compile(r"[^\W_]")

TEXT = normalize(
    "第一条　为了维护职工合法权益，根据《中华人民共和国工会法》，制定本办法。\r\n"
    "C++ 与 C# 的 v2.0-beta 版本，增长 5.1%；ＡＢＣ１２３。\t工会经费  按 2% 拨缴 Ωμέγα"
)


def test_blocks_cut_one_by_one_give_the_words_of_the_whole_text():
    tokenizer = Analyzer.from_resources(DEFAULT_RESOURCES).tokenizer()
    blocks = split_blocks(TEXT)
    assert "".join(blocks) == TEXT
    cut_run = run_cutter(tokenizer)
    # Between runs jieba yields one character at a time (spaces whole): the same
    # characters, so with punctuation and spaces dropped the words are equal.
    from_blocks = [
        w for i, b in enumerate(blocks) for w in (cut_run(b) if i % 2 else b) if WORDISH.search(w)
    ]
    whole = [w for w in tokenizer.cut(TEXT, HMM=False) if WORDISH.search(w)]
    assert from_blocks == whole
    assert len(blocks) > 20 and "合法权益" in whole and "工会法" in whole
