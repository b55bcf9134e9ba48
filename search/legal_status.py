"""时效性 and version chains of the laws in one index generation.

Built when a generation is opened, from columns and small postings lists only (the
``law`` key, ``date_num``, ``effective_num``, ``repeals``; see indexer/legal.py):

* versions of a law are the live documents sharing its key, oldest first;
* a version is 尚未生效 while its date of effect is after today (so this follows the
  calendar, not the reindex), the newest version in force is 现行有效, older ones
  已修改;
* a version older than a text that repeals its key (《…》同时废止) is 已废止.
"""

from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import dataclass

from search.bitsets import mask_of

IN_FORCE, AMENDED, REPEALED, NOT_YET = "现行有效", "已修改", "已废止", "尚未生效"
STATUSES = (IN_FORCE, AMENDED, REPEALED, NOT_YET)


def _today() -> int:
    return int(dt.date.today().strftime("%Y%m%d"))


@dataclass
class LegalIndex:
    # Arrays indexed by document number rather than dicts of int objects: every server
    # worker holds them, and they grow with the corpus.
    versions: dict[str, array]  # key → docnums, oldest first
    key_of: array  # docnum → 1 + the number of its key in ``keys``; 0: none
    keys: list[str]
    status_of: bytes  # docnum → 1 + its status's place in STATUSES; 0: none
    masks: dict[str, int]  # status → bitset of documents, for the facet

    @classmethod
    def build(cls, reader, live: int, today: int | None = None) -> LegalIndex:
        today = today or _today()
        size = reader.doc_count_all()
        schema = reader.schema
        if "law" not in schema:
            return cls({}, array("I"), [], b"", {})
        dates = reader.column_reader("date_num")
        effective = reader.column_reader("effective_num")
        versions: dict[str, list[int]] = {}
        key_of: dict[int, str] = {}
        for term in reader.lexicon("law"):
            key = term.decode("utf-8")
            docs = [d for d in reader.postings("law", term).all_ids() if live >> d & 1]
            if docs:
                docs.sort(key=lambda d: (dates[d] or 0, d))
                versions[key] = docs
                for d in docs:
                    key_of[d] = key
        status_of: dict[int, str] = {}
        for docs in versions.values():
            in_force_seen = False
            for d in reversed(docs):
                if (effective[d] or 0) > today:
                    status_of[d] = NOT_YET
                elif not in_force_seen:
                    status_of[d] = IN_FORCE
                    in_force_seen = True
                else:
                    status_of[d] = AMENDED
        for term in reader.lexicon("repeals"):
            key = term.decode("utf-8")
            for r in reader.postings("repeals", term).all_ids():
                if not live >> r & 1 or status_of.get(r) == NOT_YET:
                    continue
                for d in versions.get(key, ()):
                    if d != r and (dates[d] or 0) < (dates[r] or 0):
                        status_of[d] = REPEALED
        masks = {s: mask_of((d for d, v in status_of.items() if v == s), size) for s in STATUSES}
        keys = list(versions)
        number = {key: n + 1 for n, key in enumerate(keys)}
        key_codes = array("I", bytes(4 * size))
        for d, key in key_of.items():
            key_codes[d] = number[key]
        status_codes = bytearray(size)
        for d, status in status_of.items():
            status_codes[d] = STATUSES.index(status) + 1
        return cls(
            {key: array("I", docs) for key, docs in versions.items()},
            key_codes,
            keys,
            bytes(status_codes),
            {s: m for s, m in masks.items() if m},
        )

    def status(self, docnum: int) -> str:
        code = self.status_of[docnum] if docnum < len(self.status_of) else 0
        return STATUSES[code - 1] if code else ""

    def current(self, key: str) -> int | None:
        """The version of ``key`` in force (else the newest), or None."""
        docs = self.versions.get(key)
        if not docs:
            return None
        for d in reversed(docs):
            if self.status(d) == IN_FORCE:
                return d
        return docs[-1]

    def chain(self, docnum: int) -> list[int]:
        code = self.key_of[docnum] if docnum < len(self.key_of) else 0
        return list(self.versions[self.keys[code - 1]]) if code else []
