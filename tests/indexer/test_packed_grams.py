"""The gram fields' terms packed in ints (``packed_grams``) are the grams ``gram_runs``
defines, and the ints sort as the grams do (the writer sorts a field's keys, not its
terms, and writes the terms in that order)."""

from __future__ import annotations

import pytest

from indexer.analysis import gram_runs, normalize, packed_grams, unpack_gram
from tests.conftest import CORPUS_DOCS


def _grams(text: str) -> set[str]:
    return {gram for grams, _start, _pos in gram_runs(text) for gram in grams}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "，。、 \n",
        "会",
        "工会",
        "工会 会员",
        "5.1亿 2013-03-27 14:42 50% a%b%",
        "第一条、第二章\n\n总则——附则",
        "𠀀𠀁x 𠀂，𠀃",  # characters beyond the BMP: four UTF-8 bytes, one code point
        "ＡＢ（２０１３）８号",  # folded to ab[2013]8号
        "x\ty\r\nz",
    ],
)
def test_packed_grams_are_the_gram_runs(text):
    norm = normalize(text)
    keys = packed_grams(norm)
    assert sorted(map(unpack_gram, keys)) == sorted(_grams(norm))
    assert len(keys) == len(_grams(norm))


def test_packed_grams_on_the_shipped_corpus_sort_as_their_grams():
    files = sorted(p for p in CORPUS_DOCS.rglob("*") if p.suffix in {".txt", ".md", ".html"})
    assert len(files) > 20
    for path in files:
        norm = normalize(path.read_text("utf-8", errors="replace"))
        keys = packed_grams(norm)
        assert {unpack_gram(k) for k in keys} == _grams(norm), path
        # UTF-8 order is code point order: what the term table needs.
        ordered = [unpack_gram(k) for k in sorted(keys)]
        assert ordered == sorted(ordered, key=lambda g: g.encode("utf-8")), path
