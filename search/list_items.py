"""Query words an article holds only inside the items it lists as conditions.

An article that lists cases (有下列情形之一的，用人单位可以解除劳动合同：（一）在试用期间被证明
不符合录用条件的；…) is about what its head says; its numbered items are the conditions
under which that applies. 第三十九条 of the labour contract law names 试用期 only in its
first item, while 第二十一条 is about the trial period (在试用期中，…用人单位不得解除劳动合同):
for `试用期公司能随便开除人吗` both hold the same concepts and the list article, repeating
用人单位, won on occurrences. So, when a document's articles are ranked
(``search.unit_hits.rank_units``), a query concept an article holds only inside its numbered
items (（一）, (二)… each up to its line's, clause's or sentence's end) counts CITED_SHARE of
its weight, as one named only while citing another article does (``search.cited_clauses``),
when another matched article of the document states it outside any item.

The rest keeps an item's concepts whole, all of it read from the law itself:
- a concept no article states outside an item: the condition is the case asked
  (`公司不给交社保怎么办`: 第三十八条 (三) 未依法为劳动者缴纳社会保险费, no head says it);
- an item holding ANSWERING_ITEM or more query concepts of two characters or more that the
  rest of its article does not hold: it is itself what was asked;
- an article whose head holds no query concept but those it names only while citing: there
  is no rule of its own its items would be conditions of (`生病请假期间会被辞退吗`: 第四十二条,
  用人单位不得依照本法第四十条…解除劳动合同：…（三）患病或者非因工负伤，在规定的医疗期内的).

Nothing changes what matches or what is marked.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping

from search.concepts import MatchedConcepts

ANSWERING_ITEM = 2  # concepts of its own that make an item the answer, not a condition

# A numbered item, up to its line's, clause's or sentence's end.
NUMBERED = re.compile(r"[（(][一二三四五六七八九十]+[）)][^\n；;。]*")
# An item's number opens a line or follows the colon or semicolon ending the text before it.
ITEM_OPENS = "\n：:；;"
ITEM_ENDS = "\n；;。"  # what NUMBERED's items stop at


def opens_item(text: str, at: int) -> bool:
    """Does the number at ``at`` open an item (not 依照本条（一）项 inside a sentence)?"""
    while at > 0 and text[at - 1] in " \u3000":
        at -= 1
    return at == 0 or text[at - 1] in ITEM_OPENS


def item_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of each numbered item within ``text[start:end]``, in order: from
    its number to its line's end, its ；or its 。, whichever comes first."""
    return [m.span() for m in NUMBERED.finditer(text, start, end) if opens_item(text, m.start())]


def items_only(
    text: str,
    marks: list[tuple[int, int]],
    unit_span: Callable[[int], tuple[int, int]],
    found: Mapping[int, tuple[set[str], int]],
    is_article: Callable[[int], bool],
    concepts: Mapping[str, str] | None = None,
    cited: Mapping[int, set[str]] | None = None,
) -> dict[int, set[str]]:
    """Per article of ``found`` (``is_article(i)``): the concepts of ``found`` it holds
    only inside numbered items that are conditions of its head, and another article
    states. ``unit_span(i)``: where unit ``i`` starts and ends; ``cited``: per unit, the
    concepts it names only while citing (``search.cited_clauses.cited_only``)."""
    concepts = concepts or {}
    cited = cited or {}
    articles = [(i, *unit_span(i)) for i in found if is_article(i)]
    if len(articles) < 2:
        return {}  # one article alone is not ranked against another
    # The items of every matched article, found in one pass over each run of them (not
    # over the articles between). Numbers inside a sentence are told from items only
    # where a match falls (few do).
    items = [m.span() for a, b in _runs(text, articles) for m in NUMBERED.finditer(text, a, b)]
    if not items:
        return {}
    opening: dict[int, bool] = {}
    item_starts = [s for s, _ in items]
    starts = [s for s, _ in marks]
    concept = MatchedConcepts(concepts)

    def _opens(j: int) -> bool:
        o = opening.get(j)
        if o is None:
            o = opening[j] = opens_item(text, item_starts[j])
        return o

    heads: dict[int, set[str]] = {}  # article → the concepts it states outside its items
    listed: dict[int, list[set[str]]] = {}  # article → the concepts of each of its items
    for i, a, b in articles:
        held = found[i][0]
        if bisect_left(item_starts, a) == bisect_left(item_starts, b):
            heads[i] = held - cited.get(i, set())  # no items: all it holds is its head's
            continue
        per_item: dict[int, set[str]] = {}
        head: set[str] = set()
        for k in range(bisect_left(starts, a), bisect_left(starts, b)):
            s, e = marks[k]
            c = concept[text[s:e]]
            j = bisect_right(item_starts, s) - 1
            if j >= 0 and item_starts[j] >= a and s < items[j][1] and _opens(j):
                per_item.setdefault(j, set()).add(c)
            else:
                head.add(c)
        heads[i] = (head & held) - cited.get(i, set())
        if per_item:
            listed[i] = [(cs & held) - head for cs in per_item.values()]
    stated = {c for head in heads.values() for c in head}
    out: dict[int, set[str]] = {}
    for i, owns in listed.items():
        if not heads[i]:
            continue
        answering = {
            c for own in owns if sum(len(c) > 1 for c in own) >= ANSWERING_ITEM for c in own
        }
        only = {c for own in owns for c in own if c in stated} - answering
        if only:
            out[i] = only
    return out


def _runs(text: str, articles: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The spans to read items in: the articles in order, an article joined to the run
    before it unless a line, clause or sentence ends just before it (an item never
    crosses one, so a pass from there finds exactly the items one pass over all of them
    would: the articles between hold none of a matched article's items)."""
    runs: list[list[int]] = []
    for _, a, b in sorted(articles, key=lambda t: t[1]):
        if runs and (a <= runs[-1][1] or text[a - 1] not in ITEM_ENDS):
            runs[-1][1] = max(runs[-1][1], b)
        else:
            runs.append([a, b])
    return [(a, b) for a, b in runs]
