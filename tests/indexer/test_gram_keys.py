"""The gram fields' terms packed in integer keys (``gram_keys``) are the grams
``gram_runs`` defines, distinct, and sort as the grams do in UTF-8 (the writer sorts a
segment's keys, not its terms, and writes the terms in that order)."""

from __future__ import annotations

import pytest

from indexer.analysis import gram_runs, normalize
from indexer.gram_keys import gram_keys, gram_terms
from tests.conftest import CORPUS_DOCS


def _grams(text: str) -> set[str]:
    return {gram for grams, _start, _pos in gram_runs(text) for gram in grams}


def _check(norm: str) -> None:
    keys = gram_keys(norm)
    terms = gram_terms(keys)
    assert set(terms) == _grams(norm)
    assert len(terms) == len(_grams(norm))  # distinct
    assert terms == sorted(terms, key=lambda g: g.encode("utf-8"))  # as the keys sort
    assert list(keys) == sorted(keys)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "，。、 \n",
        "会",
        "工会",
        "工会 会员 工会",
        "5.1亿 2013-03-27 14:42 50% a%b%",
        "第一条、第二章\n\n总则——附则",
        "𠀀𠀁x 𠀂，𠀃\U0010ffff\U0010fffe",  # beyond the BMP, to the last code point
        "ＡＢ（２０１３）８号",  # folded to ab[2013]8号
        "x\ty\r\nz",
    ],
)
def test_gram_keys_are_the_gram_runs(text):
    _check(normalize(text))


def test_gram_keys_on_the_shipped_corpus():
    files = sorted(p for p in CORPUS_DOCS.rglob("*") if p.suffix in {".txt", ".md", ".html"})
    assert len(files) > 20
    for path in files:
        _check(normalize(path.read_text("utf-8", errors="replace")))


def test_keyed_term_sets_invert_to_the_terms_documents(tmp_path):
    """A writer's ``KeyedTermSet`` postings come out per term in document order, also
    past the docnums the keys' low bits hold (then kept as plain term sets), and the
    same after a spill to a run."""
    from whoosh import index as whoosh_index

    from indexer.gram_keys import KEY_BITS
    from indexer.schema import build_schema
    from indexer.whoosh_adapter import KeyedTermSet, worker_writer

    texts = {0: "工会会员", 2: "会员大会", 7: "工会", (1 << (64 - KEY_BITS)) + 5: "大会 工会"}
    expected: dict[str, list[int]] = {}
    for docnum, text in texts.items():
        for gram in _grams(text):
            expected.setdefault(gram, []).append(docnum)
    for spill_after in (None, 2):
        path = tmp_path / f"ix{spill_after}"
        path.mkdir()
        ix = whoosh_index.create_in(str(path), build_schema())
        writer = worker_writer(ix, 16)
        sets = writer.pool.term_sets
        for i, (docnum, text) in enumerate(texts.items()):
            if i == spill_after:
                sets.spill()
            keys = gram_keys(text)
            sets.add_keys("body_gram", docnum, KeyedTermSet(keys, 1.0, gram_terms, KEY_BITS), 1.0)
        # Each field's terms are read before the next field, as the segment writer does.
        fields = {name: {t: list(docs) for t, docs in terms} for name, terms in sets.take()}
        assert list(fields) == ["body_gram"]
        found = fields["body_gram"]
        assert list(found) == sorted(expected)
        assert found == expected
        writer.cancel()
