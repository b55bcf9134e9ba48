"""Traditional → simplified character folding, from OpenCC's conversion tables.

The analysis normaliser folds text character for character so that offsets found in the
folded text are offsets in the stored text. Phrase-level conversion (OpenCC's TSPhrases)
can change lengths, so only characters are folded here: a traditional character maps to
OpenCC's first (default) simplified character when that is a single character
(TSCharacters; Taiwan and Hong Kong forms such as 裡 and 裏 are in it too). OpenCC's
variant tables (TWVariantsRev, HKVariantsRev) are not used: they map many everyday
simplified characters (著, 吃, 才, 群) to other forms.

A character that OpenCC also lists as a simplified character (a key of STCharacters, e.g.
麽) is left alone: it is valid simplified text, so folding it would change simplified
documents. A few traditional characters still occur in simplified text as parts of names
(昇腾, 乾县, 哪吒); they are folded too, identically in documents and queries, so every
such text stays findable as typed and highlights still mark the stored characters.

The tables are read from the text dictionaries that ``opencc-python-reimplemented`` ships
(OpenCC's own data), the one place this project touches that package.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

_PACKAGE = "opencc"
_FOLDER = "dictionary"


def _table(name: str) -> dict[str, list[str]]:
    """One OpenCC text dictionary: ``key<TAB>value value…`` per line."""
    text = resources.files(_PACKAGE).joinpath(_FOLDER, name).read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            out[key] = values.split(" ")
    return out


@lru_cache(maxsize=1)
def traditional_folds() -> dict[int, int]:
    """``str.translate`` table: traditional code point → simplified code point."""
    to_simplified = _table("TSCharacters.txt")
    simplified = _table("STCharacters.txt").keys()

    def simplify(ch: str) -> str | None:
        targets = to_simplified.get(ch)
        return targets[0] if targets and len(targets[0]) == 1 else None

    folds: dict[int, int] = {}
    for trad in to_simplified:
        target = simplify(trad)
        if len(trad) == 1 and target and target != trad and trad not in simplified:
            folds[ord(trad)] = ord(target)
    # A target that is itself folded (chains in the data) folds all the way, so that
    # normalising twice changes nothing.
    for src, dst in list(folds.items()):
        seen = {src}
        while dst in folds and dst not in seen:
            seen.add(dst)
            dst = folds[dst]
        folds[src] = dst
    return {src: dst for src, dst in folds.items() if src != dst}
