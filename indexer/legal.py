"""What a law's own text says about its identity and validity, found at indexing.

* ``law_key``: the name a citation uses: the title without 中华人民共和国 and without a
  trailing version note, so 《工会法》, 工会法 and 中华人民共和国工会法 resolve alike, and
  two versions of one law share a key.
* ``effective``: the date of 本法自…起施行 (a law not yet in force is 尚未生效).
* ``repeals``: the keys of laws the text repeals (《…》同时废止 / 予以废止).

Whether a law has been amended or repealed is a fact about *other* documents (a newer
version, a repealing text); the searcher derives it from these fields per index
generation (see search/legal_status.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.dates import first_date

_PREFIX = "中华人民共和国"
_VERSION_NOTE = re.compile(r"[（(][^（）()]{0,20}(?:修正|修订|修改|年|版)[^（）()]{0,6}[）)]$")
_EFFECTIVE = re.compile(
    r"本(?:法|条例|规定|办法|细则|决定|解释|规则)(?:[^。\n]{0,12}?)自\s*([0-9０-９]{4}\s*年[^。\n]{1,12}?日)\s*起(?:施行|生效)"
)
# 《甲》和《乙》同时废止: a run of titles (joined by 和 、 及 or a version note) before 废止.
_REPEAL_RUN = re.compile(
    r"((?:《[^《》\n]{2,60}》(?:（[^）\n]{0,30}）)?[和、及与，,]?)+)(?:同时|即行|予以|一并)?废止"
)
_TITLE = re.compile(r"《([^《》\n]{2,60})》")


def law_key(title: str) -> str:
    """中华人民共和国工会法（2021修正） → 工会法."""
    key = "".join(title.split()).strip("《》")
    key = _VERSION_NOTE.sub("", key)
    if key.startswith(_PREFIX) and len(key) > len(_PREFIX) + 1:
        key = key[len(_PREFIX) :]
    return key


@dataclass
class LegalFacts:
    key: str = ""
    effective: str | None = None  # ISO date
    repeals: list[str] = field(default_factory=list)


def legal_facts(title: str, body: str, has_articles: bool) -> LegalFacts:
    """The facts of a document that has articles (a law, regulation, rule); else empty."""
    if not has_articles:
        return LegalFacts()
    key = law_key(title)
    effective = None
    m = _EFFECTIVE.search(body)
    if m:
        effective = first_date(m.group(1).replace(" ", ""))
    repeals = []
    for run in _REPEAL_RUN.finditer(body):
        for m in _TITLE.finditer(run.group(1)):
            other = law_key(m.group(1))
            if other and other != key and other not in repeals:
                # A law replacing an older one of the same title is its newer version:
                # the version chain already says so (已修改), so it is not a repeal here.
                repeals.append(other)
    return LegalFacts(key, effective, repeals)
