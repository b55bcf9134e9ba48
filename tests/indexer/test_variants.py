"""The traditional → simplified fold table built from OpenCC's data."""

from __future__ import annotations

from importlib import resources

from opencc import OpenCC

from indexer.analysis import FOLDS, normalize
from indexer.variants import traditional_folds
from tests.conftest import CORPUS_DOCS
from tests.laws import UNION_LAW


def _opencc_table(name: str) -> dict[str, list[str]]:
    text = resources.files("opencc").joinpath("dictionary", name).read_text("utf-8")
    rows = (line.split("\t", 1) for line in text.splitlines() if "\t" in line)
    return {k: v.split(" ") for k, v in rows}


def test_folds_are_one_character_for_one_and_final():
    folds = traditional_folds()
    assert len(folds) > 2000  # the table is read, not a hand list
    for src, dst in folds.items():
        assert src != dst
        assert dst not in folds  # folding twice changes nothing
        assert len(normalize(chr(src))) == 1
    assert all(FOLDS[src] == dst for src, dst in folds.items())


def test_folds_follow_opencc_default_and_spare_simplified_characters():
    ts = _opencc_table("TSCharacters.txt")
    simplified_keys = set(_opencc_table("STCharacters.txt"))
    folds = traditional_folds()
    for trad, targets in ts.items():
        if trad in simplified_keys or len(targets[0]) != 1:
            assert ord(trad) not in folds, trad
        elif targets[0] != trad:
            assert normalize(trad) == normalize(targets[0]), trad
    assert normalize("工會 勞動合同 職工 後來 乾淨 裡 裏") == "工会 劳动合同 职工 后来 干净 里 里"
    # Characters that are everyday simplified text stay as they are.
    assert normalize("著作 吃饭 才能 群众 覆盖 了解 么") == "著作 吃饭 才能 群众 覆盖 了解 么"


def test_converted_corpus_text_folds_back_except_phrase_level_choices():
    """A real law converted to traditional by OpenCC folds back to the original text, but
    for the few characters whose traditional form is also a simplified character
    (覆 in 答覆, 瞭 in 瞭解): those need phrase-level conversion, which would change lengths."""
    to_trad = OpenCC("s2t")
    text = (CORPUS_DOCS / UNION_LAW).read_text("utf-8")
    trad = to_trad.convert(text)
    assert len(trad) == len(text) and trad != text
    simplified_keys = set(_opencc_table("STCharacters.txt"))
    ts = _opencc_table("TSCharacters.txt")
    for t, s in zip(normalize(trad), normalize(text), strict=True):
        if t != s:
            # Only where OpenCC's default for that traditional character is itself.
            assert ts.get(t, [t])[0] == t or t in simplified_keys
