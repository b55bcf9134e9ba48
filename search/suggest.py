"""Completions as you type: document titles, union terms, common words and issuers.

Built once per index generation. Every entry is reachable by three keys: its normalised
text (so traditional input completes too), its full pinyin (gongh → 工会) and its pinyin
initials (ghjf → 工会经费). A lookup is a bisect into one sorted table of keys; the most
common short prefixes, whose ranges are long, have their answers precomputed. Entries and
keys are packed (``search.packed``): every server worker holds them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from indexer.analysis import normalize
from indexer.vocab_file import pinyin_key_text
from search.packed import PackedMultiMap, PackedStrings
from search.pinyin_input import compact, keys

MAX_COMPLETIONS = 10
_PRECOMPUTED_PREFIX = 2  # prefixes this long or shorter are answered from a table
_SCAN_LIMIT = 3000  # entries looked at for a longer prefix (bounded work per request)
# Shown first on equal counts: terms people search for, then issuers, then titles.
KIND_ORDER = {"term": 0, "word": 1, "issuer": 2, "title": 3}
_KINDS = tuple(KIND_ORDER)  # an entry's kind, stored as its index here
_TITLE_SLOTS = 3  # completions kept for titles when other kinds fill the list


@dataclass(frozen=True)
class Completion:
    text: str
    kind: str  # title | term (union-term dictionary) | word (index vocabulary) | issuer
    count: int  # documents


class Completer:
    def __init__(self, entries: Iterable[Completion], readings: Mapping[str, tuple[str, str]] = {}):
        merged: dict[tuple[str, str], Completion] = {}
        for e in entries:
            text = e.text.strip()
            if not text:
                continue
            key = (text, e.kind)
            old = merged.get(key)
            merged[key] = Completion(text, e.kind, e.count + (old.count if old else 0))
        ranked = sorted(merged.values(), key=_rank)
        del merged
        # Packed (search.packed): one entry per title and three keys each, in every server
        # worker; a Completion is made only for what a request returns.
        self._texts = PackedStrings(e.text for e in ranked)
        self._kinds = bytes(_KINDS.index(e.kind) for e in ranked)
        self._counts = array("Q", (e.count for e in ranked))
        pairs: list[tuple[str, int]] = []
        for i, e in enumerate(ranked):
            text = normalize(e.text)
            pinyin_of = pinyin_key_text(e.text, e.kind)
            full, initials = readings.get(pinyin_of) or keys(pinyin_of)
            for key in {text, full, initials}:
                if key:
                    pairs.append((key, i))
        del ranked
        pairs.sort()
        self._keys = PackedStrings(k for k, _ in pairs)
        self._entry_ids = array("I", [i for _, i in pairs])
        # Entries are ranked, so the first ids seen under a prefix are its best ones.
        short: dict[str, list[int]] = {}
        for key, i in sorted(pairs, key=lambda p: p[1]):
            for n in range(1, min(len(key), _PRECOMPUTED_PREFIX) + 1):
                best = short.setdefault(key[:n], [])
                if len(best) < 4 * MAX_COMPLETIONS and i not in best:
                    best.append(i)
        del pairs
        prefixes = [prefix for prefix, ids in short.items() for _ in ids]
        self._short = PackedMultiMap(prefixes, [i for ids in short.values() for i in ids], ())

    def _entry(self, i: int) -> Completion:
        return Completion(self._texts[i], _KINDS[self._kinds[i]], self._counts[i])

    @property
    def entries(self) -> list[Completion]:
        """Every entry, best first."""
        return [self._entry(i) for i in range(len(self._texts))]

    def complete(self, query: str, limit: int = MAX_COMPLETIONS) -> list[Completion]:
        prefix = compact(query) or normalize(query).strip()
        if not prefix:
            return []
        if len(prefix) <= _PRECOMPUTED_PREFIX:
            ids = list(self._short.ids(prefix))
        else:
            found: set[int] = set()
            start = self._keys.bisect_left(prefix)
            raw = prefix.encode("utf-8")
            for k in range(start, min(len(self._keys), start + _SCAN_LIMIT)):
                if not self._keys.raw(k).startswith(raw):
                    break
                found.add(self._entry_ids[k])
            ids = sorted(found)
        return _pick([self._entry(i) for i in ids], limit)


def _rank(e: Completion) -> tuple:
    return (-e.count, KIND_ORDER.get(e.kind, 9), len(e.text), e.text)


def _pick(ranked: list[Completion], limit: int) -> list[Completion]:
    """The best ``limit``, keeping a few places for titles (whose counts are small)."""
    ranked = sorted(ranked, key=_rank)
    titles = [e for e in ranked if e.kind == "title"][:_TITLE_SLOTS]
    others = [e for e in ranked if e.kind != "title"]
    chosen = others[: max(0, limit - len(titles))]
    chosen += titles[: limit - len(chosen)]
    return sorted(chosen, key=_rank)
