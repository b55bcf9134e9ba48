"""Query words an article only mentions while citing another article.

An article that answers states its subject in its own words; other articles name it again
while pointing at it: 第三十八条 of the labour contract law lists "因本法第二十六条第一款规定的
情形致使劳动合同无效的" among its grounds, and 第四十六条 says "劳动者依照本法第三十八条规定解除
劳动合同的". For `劳动合同无效 情形` the answer is 第二十六条 (下列劳动合同无效…), though the
citing articles hold more of the query's words. So, when a document's units are ranked
(``search.unit_hits.rank_units``), a query concept a unit holds only after a citation of
another article by number, in the same clause (依照本法第三十八条规定解除劳动合同的: done as
that article says), counts CITED_SHARE of its weight. Before the citation it is what the
clause is about (延长工作时间不受本法第四十一条规定的限制) and counts whole. It changes neither what
matches nor what is marked.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping

from search.concepts import MatchedConcepts

CITED_SHARE = 0.5  # what a concept named only while citing another article is worth

_NUMBER = "[零〇一二三四五六七八九十百千0-9０-９]+"
# A numbered article of this text or another one, cited: 本法第三十八条, 劳动合同法第八十七条,
# 《工会法》第四十三条, 本条第一款. An article's own label (第二十六条 at its start) is preceded
# by none of these, so it is not a citation.
CITATION = re.compile(rf"[本法例定则》]第{_NUMBER}条|本条第{_NUMBER}款")
# The same citations found from their 第: a pattern starting with a literal is searched
# for at C speed, while CITATION's leading character class is tried at every position
# (a long law: about 2.7 → 0.07 ms). The lookbehinds check what precedes the 第.
_FROM_DI = re.compile(rf"第(?:(?<=[本法例定则》]第){_NUMBER}条|(?<=本条第){_NUMBER}款)")
CITED_CLAUSE_ENDS = "，,；;。：:\n！？!?"
_CLAUSE_END = re.compile(f"[{re.escape(CITED_CLAUSE_ENDS)}]")
CLAUSE_REACH = 300  # a citation further before a match than this is not of its clause


def citation_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) of each ``CITATION`` match within ``text[start:end]``, in order:
    exactly ``CITATION.finditer(text, start, end)``'s spans."""
    end = len(text) if end is None else end
    out = []
    for m in _FROM_DI.finditer(text, start, end):
        # 本条第N款 starts two characters before its 第, the others one.
        begin = m.start() - (2 if text[m.end() - 1] == "款" else 1)
        if begin >= start:  # the lookbehind may read before ``start``; CITATION may not
            out.append((begin, m.end()))
    return out


def cited_only(
    text: str,
    marks: list[tuple[int, int]],
    unit_at: Callable[[int], int | None],
    unit_span: Callable[[int], tuple[int, int]],
    found: Mapping[int, tuple[set[str], int]],
    concepts: Mapping[str, str] | None = None,
) -> dict[int, set[str]]:
    """Per unit of ``found``: the concepts it holds only after a citation of another
    article in the same clause. ``unit_at(pos)``: the innermost unit holding ``pos``
    (None outside any); ``unit_span(i)``: where unit ``i`` starts and ends, so a citation
    is never read across a unit's head (its label).

    Only the marks that follow a citation within its clause are looked up one by one,
    then the other marks of the few units holding such a mark: a long law matched
    thousands of times by a common word cites far fewer times."""
    if not found or not marks:
        return {}
    # Only the text from the first unit holding a match to the last match can hold a
    # citation that counts; in most reports it holds none, and that is all that is read.
    lowest = unit_span(min(found))[0]  # units come in document order
    citations = citation_spans(text, lowest, marks[-1][1])
    if not citations:
        return {}
    concepts = concepts or {}
    starts = [s for s, _ in marks]
    memo = MatchedConcepts(concepts)

    def concept(k: int) -> str:
        return memo[text[starts[k] : marks[k][1]]]

    after: dict[int, set[int]] = {}  # unit → its marks that follow a citation
    for j, citation in enumerate(citations):
        # A mark follows citation j when j is the last citation ending at or before it,
        # within CLAUSE_REACH and with no clause end between them.
        begin, end = citation
        last = end + CLAUSE_REACH
        if j + 1 < len(citations):
            last = min(last, citations[j + 1][1] - 1)
        clause = _CLAUSE_END.search(text, end, last)
        if clause is not None:
            last = clause.start()
        for k in range(bisect_left(starts, end), bisect_right(starts, last)):
            i = unit_at(starts[k])
            if i is not None and i in found and begin >= unit_span(i)[0]:
                after.setdefault(i, set()).add(k)
    out: dict[int, set[str]] = {}
    for i, ks in after.items():
        start, end = unit_span(i)
        inside = range(bisect_left(starts, start), bisect_left(starts, max(end, start + 1)))
        plain = {concept(k) for k in inside if k not in ks and unit_at(starts[k]) == i}
        only = {concept(k) for k in ks} - plain
        if only:
            out[i] = only
    return out
