"""An abbreviation a worker types, bridged to the full word the documents use.

A worker types 国企, 社保, 外企; the laws write 国有企业, 社会保险 or 社会保障, 外资企业.
Chinese shortens a compound by keeping the first character of each of its words: 国(有)企(业),
社(会)保(险). The full words are the index's own: ``AbbreviationTable`` reads the served
generation's vocabulary (every word of the titles and bodies as jieba cut them, with the
number of documents holding it) and keys each word made of two or three words of two
characters (国有 + 企业) by their first characters (国企). A typed word gets, as equivalent
forms, the words of its key that the index uses more than the typed word itself (国企 in 27
documents of the shipped corpus, 国有企业 in 42), when it is an abbreviation: jieba's
dictionary tags its abbreviations (``j``, 简称略语: 国企, 社保, 外企, 技改). Two characters
that are first characters of some longer word are most often a word of their own (工人 is
no 工(作)人(员), 司机 no 司(法)机(关), 公安 no 公(共)安(全)): the tag tells them apart. A word
the documents use as much as its long forms (医保 in the shipped corpus) is their word
already and gets none.

The forms are searched as equivalent forms of the typed word (``search.wording``), shown as
such (也搜索了), rank below it (a document holding 国企 as typed first), never replace it and
never apply to a quoted string.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

# The full word is two or three words of two characters (国有 + 企业), shortened to their
# first characters.
PART = 2
PARTS = (2, 3)
# The full words searched for one abbreviation, the most used first (社保: 社会保障, 社会保险).
FORMS = 2
# A full word used in fewer documents says too little to stand for the typed word.
MIN_DOCUMENTS = 2
ABBREVIATION_TAG = "j"  # jieba's part-of-speech tag of an abbreviation (简称略语)


@cache
def dictionary_abbreviations() -> frozenset[str]:
    """The words jieba's dictionary tags as abbreviations (about 1,400 of its 350,000), read
    once per process. The one place that knows the file: ``jieba/dict.txt`` inside the
    installed package, one ``word frequency tag`` line per word (the dictionary the
    analysis cuts with, ``indexer.analysis``)."""
    path = resources.files("jieba").joinpath("dict.txt")
    marked: set[str] = set()
    with path.open("r", encoding="utf-8") as lines:  # line by line: the file is 5 MB
        for line in lines:
            word, _, rest = line.rstrip().partition(" ")
            if rest.endswith(" " + ABBREVIATION_TAG):
                marked.add(word)
    return frozenset(marked)


@dataclass
class AbbreviationTable:
    """Abbreviation → the index's words it shortens, most used first; read on first use
    (``words`` gives each word of the vocabulary with its number of documents)."""

    words: Callable[[], Mapping[str, int]] = lambda: {}
    abbreviations: Callable[[], frozenset[str]] = dictionary_abbreviations
    _table: dict[str, list[tuple[str, int]]] | None = None
    _counts: Mapping[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def table(self) -> dict[str, list[tuple[str, int]]]:
        if self._table is None:
            with self._lock:
                if self._table is None:
                    self._read()
        return self._table or {}

    def _read(self) -> None:
        counts = self.words()
        marked = self.abbreviations()
        table: dict[str, list[tuple[str, int]]] = {}
        for word, n in counts.items():
            parts = [word[i : i + PART] for i in range(0, len(word), PART)]
            if n < MIN_DOCUMENTS or len(parts) not in PARTS or len(parts[-1]) != PART:
                continue
            key = "".join(p[0] for p in parts)
            if key in marked and all(p in counts for p in parts):
                table.setdefault(key, []).append((word, n))
        for full in table.values():
            full.sort(key=lambda wn: (-wn[1], wn[0]))
        # Only the typed words' own counts are needed after this, and only for the keys.
        self._counts = {key: counts.get(key, 0) for key in table}
        self._table = table

    def forms(self, text: str) -> list[str]:
        """The full words ``text`` abbreviates, when it is an abbreviation and the index
        uses them more than it."""
        full = self.table().get(text)
        if not full:
            return []
        own = self._counts.get(text, 0)
        return [word for word, n in full if n > own][:FORMS]
