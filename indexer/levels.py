"""效力级别: the legal authority of a document, from what is known about it.

The order of ``LEVELS`` is the order of authority (Legislation Law of the PRC): a law of
the National People's Congress binds more than an administrative regulation of the State
Council, and so on; everything that is not a legal norm (reports, news, notices, cases) is
``OTHER``. Ranking uses the order when relevance is close (see search/authority.py).
"""

from __future__ import annotations

LAW = "法律"
ADMINISTRATIVE_REGULATION = "行政法规"
JUDICIAL_INTERPRETATION = "司法解释"
DEPARTMENT_RULE = "部门规章"
LOCAL_REGULATION = "地方性法规"
OTHER = "其他"
LEVELS = (
    LAW,
    ADMINISTRATIVE_REGULATION,
    JUDICIAL_INTERPRETATION,
    DEPARTMENT_RULE,
    LOCAL_REGULATION,
    OTHER,
)

# The shipped corpus keeps each level in a folder of its own (corpus/README.md).
_FOLDERS = {
    "national-laws": LAW,
    "state-council-regulations": ADMINISTRATIVE_REGULATION,
    "judicial-interpretations": JUDICIAL_INTERPRETATION,
    "ministry-rules": DEPARTMENT_RULE,
    "local-regulations": LOCAL_REGULATION,
    "labour-cases": OTHER,
}
# Document types (indexer.metadata) that name a level outright.
_TYPES = {"法律": LAW, "司法解释": JUDICIAL_INTERPRETATION, "规章": DEPARTMENT_RULE}
# The types a regulation is issued as; a 决定 or 通知 of the same body is not one.
_REGULATION_TYPES = ("条例", "规定", "办法", "细则")
_NATIONAL_CONGRESS = ("全国人民代表大会", "全国人大")
_LOCAL_CONGRESS = ("人大常委会", "人民代表大会常务委员会", "地方性法规")


def document_level(doc_id: str, doc_type: str = "", issuer: str = "") -> str:
    """The level of a document from its corpus path, its type and its issuer."""
    for folder in doc_id.split("/")[:-1]:
        if folder in _FOLDERS:
            return _FOLDERS[folder]
    if doc_type in _TYPES:
        return _TYPES[doc_type]
    if doc_type in _REGULATION_TYPES:
        if issuer == "国务院":
            return ADMINISTRATIVE_REGULATION
        if any(c in issuer for c in _NATIONAL_CONGRESS):
            return LAW
        if any(c in issuer for c in _LOCAL_CONGRESS):
            return LOCAL_REGULATION
    return OTHER


def level_rank(level: str) -> int:
    """0 for 法律 … len(LEVELS) - 1 for 其他 (unknown values too)."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS) - 1
