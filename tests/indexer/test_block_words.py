"""A reindex's words remembered per block are jieba's words of the whole text."""

from __future__ import annotations

from indexer.analysis import Analyzer, normalize
from tests.conftest import CORPUS_DOCS
from union_search.config import DEFAULT_RESOURCES

ANALYZER = Analyzer.from_resources(DEFAULT_RESOURCES)

# Blocks of every kind jieba tells apart: Chinese runs, letters, digits and the
# connectors its runs take (+#&._%-), full-width forms (folded), other scripts, spaces,
# tabs, CR LF, punctuation, a union term, and the same clauses again.
MIXED = (
    "第一条　为了维护职工合法权益，根据《中华人民共和国工会法》，制定本办法。\r\n"
    "第二条 C++ 与 C# 的 v2.0-beta 版本，增长 5.1%，费用 1,234.5 元；ＡＢＣ１２３。\n"
    "\t工会经费  按 2% 拨缴…… Ωμέγα ελληνικά、Ïñtërnâtiônàl & Ünïcödé！\n"
    "为了维护职工合法权益，根据《中华人民共和国工会法》，制定本办法。\n"
    "  ①②③ ㈠ 〔2013〕8号 ―― ~~~ 职工代表大会"
)


def test_block_words_equal_the_words_of_the_whole_text():
    words = ANALYZER.block_words()
    texts = [normalize(MIXED), normalize(MIXED[::-1]), "", " \n", "，。", "工会"]
    for text in texts * 2:  # the second time every block is remembered
        assert list(words(text)) == list(ANALYZER.words(text))


def test_block_words_start_again_at_their_limit_with_the_same_words():
    words = ANALYZER.block_words(limit=4)
    texts = [normalize(p.read_text("utf-8")) for p in sorted(CORPUS_DOCS.rglob("*.txt"))[:40]]
    assert len(texts) == 40
    for text in texts + texts[::-1]:
        assert list(words(text)) == list(ANALYZER.words(text))
    assert len(words._blocks) <= 4
