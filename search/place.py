"""A place named in a question, read as a district preference (the district facet in spirit).

A worker who types ``北京 加班费怎么算`` asks about Beijing, not for documents that hold the
word 北京: as a word, a place name is common in general Chinese, so a relaxation weighs it
light and drops it first, and a document of Beijing that does not repeat the name is not
told from any other. So when a question (``Compiled.asks``, or a query holding a string
found nowhere as typed) names an area that is a value of the district facet (or a short
form the gazetteer gives it: 北京 → 北京市, 河南 → 河南省), typed as a word of its own or as
one of the words of a string found nowhere (在郑州找工作), the place is not searched: the
rest of the question is searched among the documents of that area and the areas below it,
relaxed as far as they need, and those come first (``Searcher._matched`` with a scope);
then the rest of the question over every document, where among close relevance
(``search.authority``, ``search.passages``) the national documents (全国: laws that apply
everywhere) come before other areas' local ones. A quoted place, a place in a field
(``title:北京``) and a researcher's keywords (``哈尔滨 2013``: no question, every word found
as typed) stay words: they count the documents holding them.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from indexer.analysis import normalize
from indexer.levels import LEVELS
from search.bitsets import docnums_of
from search.query import And, Compiled, Word

NOTICE = "按地区优先：{districts}"


@dataclass(frozen=True)
class Place:
    word: str  # as typed: 北京
    district: str  # the district facet's value it names: 北京市


def named_places(
    tree,
    names: Mapping[str, str],
    parts: Callable[[str], list[str]],
    occurs: Callable[[str], bool],
) -> tuple[list[Place], object | None]:
    """The places a query's top-level words name (``names``: word → district value), and
    the tree without them; no places (and the tree itself) when nothing else would be left.
    A word names a place when it is one, typed alone, unquoted and without a field; or when
    it occurs in no document as typed (``occurs``) and one of its words (``parts``) is a
    place (在郑州找工作): then what stands before and after the place are words of their own
    (在, 找工作), as if typed with spaces around the place."""
    children = tree.children if isinstance(tree, And) else [tree]
    places: list[Place] = []
    rest: list = []
    for child in children:
        if not isinstance(child, Word) or child.phrase or child.field is not None:
            rest.append(child)
            continue
        text = normalize(child.text).strip()
        if text in names:
            places.append(Place(text, names[text]))
            continue
        inside: list[str] = []
        if any(name in text for name in names) and not occurs(text):
            inside = [w for w in parts(text) if w in names]
        for word in inside:
            places.append(Place(word, names[word]))
            text = text.replace(word, " ", 1)
        if inside:
            rest.extend(Word(piece) for piece in text.split())
        else:
            rest.append(child)
    if not places or not rest:
        return [], tree
    return places, rest[0] if len(rest) == 1 else And(rest)


def relaxable(tree, occurs: Callable[[str], bool]) -> bool:
    """Whether a word of the query's top level, unquoted, occurs in no document as typed
    (a sentence, searched as its words and relaxed: 我是职工这边的协商代表)."""
    children = tree.children if isinstance(tree, And) else [tree]
    return any(
        isinstance(c, Word) and not c.phrase and not occurs(normalize(c.text).strip())
        for c in children
    )


def preferred_ranks(ranks: array, place: int, national: int) -> array:
    """``ranks`` (per document, its authority level's rank, ``search.authority``) with
    the place first: the documents of ``place`` keep their rank, the national ones come
    one band of levels after them, every other document two bands after. Close relevance
    is then ordered by place, then by authority, where the ranks are read."""
    band = len(LEVELS)
    shift = bytes((b + 2 * band) % 256 for b in range(256))
    out = array(ranks.typecode)
    out.frombytes(ranks.tobytes().translate(shift))
    for d in docnums_of(national & ~place):
        out[d] = ranks[d] + band
    for d in docnums_of(place):
        out[d] = ranks[d]
    return out


def place_mask(districts: list[str], documents: Callable[[str], int]) -> int:
    """The documents of any of ``districts`` and the areas below them."""
    mask = 0
    for district in districts:
        mask |= documents(district)
    return mask


@dataclass(frozen=True)
class Preference:
    """The areas a question named, the question without them (searched among the areas'
    documents first) and the ranks for what follows (preferred_ranks)."""

    places: tuple[Place, ...]
    ranks: array
    compiled: Compiled  # the question without the places
    area: int  # the documents of the places and of the areas below them

    @property
    def districts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.district for p in self.places))

    @property
    def notice(self) -> str:
        return place_notice(self.districts)


def place_notice(districts) -> str:
    """What the page says of a place preference: 按地区优先：北京市."""
    return NOTICE.format(districts="、".join(districts))
