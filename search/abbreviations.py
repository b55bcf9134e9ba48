"""An abbreviation a worker types, bridged to the full word the documents use.

A worker types 国企, 社保, 外企; the laws write 国有企业, 社会保险 or 社会保障, 外资企业.
Chinese shortens a compound by keeping the first character of each of its words: 国(有)企(业),
社(会)保(险). The full words are the index's own: ``AbbreviationTable`` reads the served
generation's vocabulary (every word of the titles and bodies as jieba cut them, with the
number of documents holding it) and keys each word made of two or three words of two
characters (国有 + 企业) by their first characters (国企). A typed word gets, as equivalent
forms, the words of its key that the index uses more than the typed word itself (国企 in 27
documents of the shipped corpus, 国有企业 in 42): the full form is then the corpus's usual
wording, the typed one the short way of saying it. A word the documents use as much as its
long forms (工会, 医保) is their word already and gets none.

The forms are searched as equivalent forms of the typed word (``search.wording``), shown as
such (也搜索了), rank below it (a document holding 国企 as typed first), never replace it and
never apply to a quoted string.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# The full word is two or three words of two characters (国有 + 企业), shortened to their
# first characters.
PART = 2
PARTS = (2, 3)
# The full words searched for one abbreviation, the most used first (社保: 社会保障, 社会保险).
FORMS = 2
# A full word used in fewer documents says too little to stand for the typed word.
MIN_DOCUMENTS = 2


@dataclass
class AbbreviationTable:
    """Abbreviation → the index's words it shortens, most used first; read on first use
    (``words`` gives each word of the vocabulary with its number of documents)."""

    words: Callable[[], Mapping[str, int]] = lambda: {}
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
        table: dict[str, list[tuple[str, int]]] = {}
        for word, n in counts.items():
            parts = [word[i : i + PART] for i in range(0, len(word), PART)]
            if n < MIN_DOCUMENTS or len(parts) not in PARTS or len(parts[-1]) != PART:
                continue
            if all(p in counts for p in parts):
                table.setdefault("".join(p[0] for p in parts), []).append((word, n))
        for full in table.values():
            full.sort(key=lambda wn: (-wn[1], wn[0]))
        # Only the typed words' own counts are needed after this, and only for the keys.
        self._counts = {key: counts.get(key, 0) for key in table}
        self._table = table

    def forms(self, text: str) -> list[str]:
        """The full words ``text`` abbreviates, when the index uses them more than it."""
        full = self.table().get(text)
        if not full:
            return []
        own = self._counts.get(text, 0)
        return [word for word, n in full if n > own][:FORMS]
