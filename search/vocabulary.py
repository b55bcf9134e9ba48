"""The index's own vocabulary, for did-you-mean, pinyin input and completions.

Built once per index generation (on first use) from the jieba words fields: each Chinese
word of two to eight characters with the number of documents it occurs in as a word, plus
the union-term dictionary's terms. Lookup structures (pinyin → words, one-character
wildcards and deletions → words) are plain dicts, so a request only does lookups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from search.pinyin_input import keys

_HAN_WORD = re.compile(r"[\u3400-\u9fff]{2,8}")
WORD_FIELDS = ("title", "body")
# Words kept, most frequent first: enough for the words people type, bounded in build
# time (pinyin readings) and memory on large indexes.
MAX_WORDS = 20000
WILDCARD = "?"


@dataclass
class Vocabulary:
    counts: dict[str, int]  # word → documents holding it as a word
    terms: frozenset[str] = frozenset()  # the union-term dictionary's terms
    by_full: dict[str, list[str]] = field(default_factory=dict)  # gonghui → [工会, …]
    by_initials: dict[str, list[str]] = field(default_factory=dict)  # gh → [工会, 国会…]
    wildcards: dict[str, list[str]] = field(default_factory=dict)  # 集体协? → [集体协商]
    deletions: dict[str, list[str]] = field(default_factory=dict)  # 带薪休假 → [带薪年休假]
    readings: dict[str, tuple[str, str]] = field(default_factory=dict)  # word → keys

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)

    @classmethod
    def build(cls, counts: dict[str, int], terms: Iterable[str] = ()) -> Vocabulary:
        terms = frozenset(t for t in terms if _HAN_WORD.fullmatch(t))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_WORDS]
        kept = dict(ranked)
        for t in terms:
            kept.setdefault(t, counts.get(t, 0))
        vocab = cls(kept, terms)
        order = sorted(kept, key=lambda w: (-kept[w], w))
        for word in order:
            full, initials = keys(word)
            vocab.readings[word] = (full, initials)
            vocab.by_full.setdefault(full, []).append(word)
            vocab.by_initials.setdefault(initials, []).append(word)
            for i in range(len(word)):
                vocab.wildcards.setdefault(word[:i] + WILDCARD + word[i + 1 :], []).append(word)
                vocab.deletions.setdefault(word[:i] + word[i + 1 :], []).append(word)
        return vocab


def word_counts(reader) -> dict[str, int]:
    """Chinese words of the words fields → documents (the larger of title and body).

    Reads each segment's term list directly: a multi-segment reader merges term infos
    one by one, which is many times slower.
    """
    counts: dict[str, int] = {}
    for fieldname in WORD_FIELDS:
        per_field: dict[str, int] = {}
        for sub, _offset in reader.leaf_readers():
            if fieldname not in sub.indexed_field_names():
                continue
            for term, info in sub.iter_field(fieldname):
                word = term.decode("utf-8") if isinstance(term, bytes) else term
                if _HAN_WORD.fullmatch(word):
                    per_field[word] = per_field.get(word, 0) + info.doc_frequency()
        for word, n in per_field.items():
            if n > counts.get(word, 0):
                counts[word] = n
    return counts
