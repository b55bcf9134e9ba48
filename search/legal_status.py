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
from dataclasses import dataclass

from search.bitsets import mask_of

IN_FORCE, AMENDED, REPEALED, NOT_YET = "现行有效", "已修改", "已废止", "尚未生效"
STATUSES = (IN_FORCE, AMENDED, REPEALED, NOT_YET)


def _today() -> int:
    return int(dt.date.today().strftime("%Y%m%d"))


@dataclass
class LegalIndex:
    versions: dict[str, list[int]]  # key → docnums, oldest first
    key_of: dict[int, str]
    status_of: dict[int, str]
    masks: dict[str, int]  # status → bitset of documents, for the facet

    @classmethod
    def build(cls, reader, live: int, today: int | None = None) -> LegalIndex:
        today = today or _today()
        size = reader.doc_count_all()
        schema = reader.schema
        if "law" not in schema:
            return cls({}, {}, {}, {})
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
        return cls(versions, key_of, status_of, {s: m for s, m in masks.items() if m})

    def status(self, docnum: int) -> str:
        return self.status_of.get(docnum, "")

    def current(self, key: str) -> int | None:
        """The version of ``key`` in force (else the newest), or None."""
        docs = self.versions.get(key)
        if not docs:
            return None
        for d in reversed(docs):
            if self.status_of.get(d) == IN_FORCE:
                return d
        return docs[-1]

    def chain(self, docnum: int) -> list[int]:
        key = self.key_of.get(docnum)
        return list(self.versions.get(key, ())) if key else []
