"""The tokenizers keep Whoosh's Token contract exactly, on real text."""

from __future__ import annotations

import pytest

from indexer.analysis import (
    Analyzer,
    BulkNormalize,
    GramTokenizer,
    JiebaTokenizer,
    normalize,
    query_grams,
)
from tests.conftest import CORPUS_DOCS
from tests.reports import HARBIN_REPORT
from union_search.config import DEFAULT_RESOURCES

SEED = CORPUS_DOCS / HARBIN_REPORT
ANALYZER = Analyzer.from_resources(DEFAULT_RESOURCES)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.mark.parametrize(
    "tokenizer", [GramTokenizer(), JiebaTokenizer(ANALYZER)], ids=["gram", "word"]
)
def test_offsets_are_exact_on_the_seed(tokenizer, seed_text):
    norm = normalize(seed_text)
    assert len(norm) == len(seed_text)
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in tokenizer(seed_text, positions=True, chars=True)
    ]
    assert len(tokens) > 3000
    for text, _pos, start, end in tokens:
        assert norm[start:end] == text
    positions = [p for _, p, _, _ in tokens]
    assert positions == sorted(set(positions)), "positions strictly increase"


def test_word_positions_count_tokens(seed_text):
    positions = [t.pos for t in JiebaTokenizer(ANALYZER)(seed_text[:3000], positions=True)]
    assert positions == list(range(len(positions)))


def test_start_pos_and_start_char_shift_tokens():
    # Whoosh tokenizers reuse one Token object: read each token as it comes.
    shifted = [
        (t.pos, t.startchar)
        for t in GramTokenizer()("总工会", positions=True, chars=True, start_pos=10, start_char=100)
    ]
    assert shifted == [(10, 100), (11, 101), (12, 102)]


def test_every_character_position_carries_one_gram():
    grams = [(t.text, t.pos) for t in GramTokenizer()("工会会员，5.1亿", positions=True)]
    assert grams == [
        ("工会", 0),
        ("会会", 1),
        ("会员", 2),
        ("员", 3),
        ("5.", 5),
        (".1", 6),
        ("1亿", 7),
        ("亿", 8),
    ]


def test_full_width_and_case_fold_without_changing_length():
    assert normalize("ＡＢＣ２０１３年　Union") == "abc2013年 union"


def test_query_grams_cover_the_literal():
    assert query_grams("会会员") == [["会会", "会员"]]
    assert query_grams("工会") == [["工会"]]
    assert query_grams("会") == [["会"]]
    assert query_grams("《工会法》") == [["工会", "会法"]]


def test_union_terms_stay_whole():
    for term in ["工资集体协商", "工人先锋号", "职工之家", "金秋助学"]:
        assert ANALYZER.query_words(term) == [term]


def test_words_and_word_spans_agree(seed_text):
    norm = normalize(seed_text[:5000])
    assert list(ANALYZER.words(norm)) == [w for w, *_ in ANALYZER.word_spans(norm)]


def test_pre_analysed_postings_equal_whoosh_indexing_the_tokenizers(seed_text):
    """The writer's fast path (``document_fields``) gives exactly the postings Whoosh's
    own formats produce from our tokenizers."""
    from whoosh import formats

    from indexer.document import Document
    from indexer.schema import TITLE_BOOST, document_fields

    doc = Document(id="seed.txt", title="哈尔滨市总工会２０１３年工作报告", body=seed_text)
    values = document_fields(doc, ANALYZER)
    for name, text, tokenizer, fmt in [
        ("body_gram", doc.body, GramTokenizer(), formats.Existence()),
        ("title_gram", doc.title, GramTokenizer(), formats.Existence(field_boost=TITLE_BOOST)),
        ("body", doc.body, JiebaTokenizer(ANALYZER), formats.Frequency()),
        ("title", doc.title, JiebaTokenizer(ANALYZER), formats.Frequency(field_boost=TITLE_BOOST)),
    ]:
        expected = sorted(
            (w.encode("utf-8"), f, wt, v) for w, f, wt, v in fmt.word_values(text, tokenizer)
        )
        assert expected and sorted(values[name].items()) == expected, name


def test_bulk_normalize_folds_every_character_as_normalize(seed_text):
    """The reindex's numpy folding (``BulkNormalize``) gives ``normalize``'s text for every
    code point, lone surrogates included, and for a real document."""
    bulk = BulkNormalize()
    every = "".join(map(chr, range(0x110000)))
    assert bulk(every) == normalize(every)
    assert bulk("") == ""
    mixed = "工會經費（２０１３）\ud800ＡＢＣ〔1〕\U00020000" + seed_text
    assert bulk(mixed) == normalize(mixed)
    assert bulk(mixed) != mixed  # something folded: the table is not the identity
