"""Packed string tables (search/packed.py) against the plain list and dict they replace."""

from __future__ import annotations

import random
from bisect import bisect_left

import pytest

from search.packed import PackedMultiMap, PackedPairMap, PackedStrings

# Empty strings, ASCII pinyin, CJK, a wildcard, characters outside the BMP.
ALPHABET = ["", "a", "gh", "工", "会", "经费", "?", "𠀋", "é", "z"]


def _random_strings(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 5))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(5))
def test_packed_strings_read_back_as_the_list(seed):
    rng = random.Random(seed)
    strings = _random_strings(rng, rng.randint(0, 300))
    packed = PackedStrings(strings)
    assert len(packed) == len(strings)
    assert list(packed) == strings
    assert [packed[i] for i in range(-len(strings), len(strings))] == strings + strings
    assert packed[3:40:7] == strings[3:40:7]
    for i, s in enumerate(strings):
        assert packed.raw(i) == s.encode("utf-8")


@pytest.mark.parametrize("seed", range(5))
def test_bisect_on_packed_strings_finds_what_it_finds_in_the_list(seed):
    rng = random.Random(seed)
    strings = sorted(_random_strings(rng, 400))
    packed = PackedStrings(strings)
    for probe in _random_strings(rng, 200) + strings[::13]:
        assert bisect_left(packed, probe) == bisect_left(strings, probe)
        # The bytewise search the lookups use: the same index as str order gives.
        assert packed.bisect_left(probe) == bisect_left(strings, probe)
    # A lone surrogate (not valid UTF-8) still falls where its code point sorts.
    for probe in ("\ud800", "工\udfff", "\udbff𠀋"):
        assert packed.bisect_left(probe) == bisect_left(strings, probe)


@pytest.mark.parametrize("seed", range(5))
def test_packed_multimap_is_the_dict_of_lists(seed):
    rng = random.Random(seed)
    words = sorted(set(_random_strings(rng, 200)))
    pairs = [
        (rng.choice(ALPHABET) + rng.choice(ALPHABET), rng.randrange(len(words))) for _ in range(600)
    ]
    expected: dict[str, list[str]] = {}
    for key, n in pairs:  # a key's words in the order given
        expected.setdefault(key, []).append(words[n])
    packed = PackedMultiMap([k for k, _ in pairs], [n for _, n in pairs], words)
    assert len(packed) == len(expected)
    assert dict(packed.items()) == expected
    assert packed == expected
    for key, found in expected.items():
        assert key in packed
        assert packed[key] == found
        assert packed.get(key) == found
        assert [words[n] for n in packed.ids(key)] == found
    for absent in ("不在", "zz?", "a" * 9):
        if absent not in expected:
            assert absent not in packed
            assert packed.get(absent, ()) == ()
            assert packed.get(absent) is None
            assert len(packed.ids(absent)) == 0
            with pytest.raises(KeyError):
                packed[absent]
    assert 3 not in packed


@pytest.mark.parametrize("seed", range(5))
def test_packed_pair_map_is_the_dict_of_pairs(seed):
    rng = random.Random(seed)
    expected = {
        key: (rng.choice(ALPHABET) + rng.choice(ALPHABET), rng.choice(ALPHABET))
        for key in _random_strings(rng, 300)
    }
    packed = PackedPairMap(expected)
    assert len(packed) == len(expected)
    assert list(packed) == sorted(expected)
    assert packed == expected
    for key, pair in expected.items():
        assert key in packed
        assert packed[key] == pair
        assert packed.get(key) == pair
    for absent in ("不在", "zz?", "a" * 9):
        if absent not in expected:
            assert absent not in packed
            assert packed.get(absent) is None
            with pytest.raises(KeyError):
                packed[absent]
    assert 3 not in packed
