"""What a result says above its hits (也搜索了, 未包含, a correction, a relaxed or partial
result, a citation's answer box) and beside them (the facet counts), as plain lines in the
search page's own words, for the command line."""

from __future__ import annotations

from search.document_html import doc_href, doc_path
from search.facet_set import FACETS, shown_before_more
from search.models import FacetCount, SearchResult

# A value the search is filtered by, as the page marks a chosen facet value.
SELECTED = "✓"


def expansion_forms(result: SearchResult) -> list[str]:
    """The forms of 也搜索了: a form with parts (延长工作时间 工资报酬) needs each of them,
    shown joined by ＋; each form once (公司 and 老板 are both searched as 用人单位)."""
    return list(
        dict.fromkeys(form.replace(" ", "＋") for _, forms in result.expansions for form in forms)
    )


def notice_lines(result: SearchResult) -> list[str]:
    """The page's notices in its order and words; where the page offers a link, the
    ``--option value`` that runs it (the command line's link)."""
    req = result.request
    lines = [result.notice] if result.notice else []
    if result.dropped:
        lines.append("未包含：" + "、".join(result.dropped))
    if forms := expansion_forms(result):
        lines.append("也搜索了：" + "、".join(forms))
    if result.looser_available:
        lines.append("只显示原样包含所输入文字的文档。显示各词分散出现的文档：--match any_order")
    if req.match == "any_order":
        lines.append("正在显示各词分散出现的文档。只看原样包含的文档：--match phrase")
    if result.corrected:
        lines.append(f"已显示“{result.corrected}”的结果 · 仍然搜索“{req.q}”：--spelling off")
    if result.suggestion:
        lines.append(f"您是不是要找：{result.suggestion}")
    return lines


def answer_lines(result: SearchResult) -> list[str]:
    """The page's answer box of a citation query (劳动法第四十四条): the law and article
    with the address of the article on its document page, the date and status, then the
    article's text a paragraph a line; or that the law has no such article, and which law
    was looked in. No lines without an answer."""
    answer = result.answer
    if answer is None:
        return []
    if not answer.found:
        looked = f"查的是《{answer.title}》" + (f"（{answer.date}）" if answer.date else "")
        return [answer.missing, f"{looked} {doc_path(answer.doc_id)}"]
    head = f"《{answer.title}》{answer.label} {doc_href(answer.doc_id, answer.anchor)}"
    meta = " ".join(part for part in (answer.date, answer.status) if part)
    lines = [line for line in answer.text.split("\n") if line.strip()]
    return [head, *([meta] if meta else []), *lines]


def facet_lines(result: SearchResult) -> list[str]:
    """Each facet's counts on one line, in the page's order and labels: ``地区：全国 33篇、
    河南省 9篇（郑州市 2篇、洛阳市 1篇）…``, a value's parts in brackets after it (the
    page's indented tree), a value the search is filtered by marked ``✓``. As the page
    lists its first values before "更多", the line lists them and counts the others
    (``另有 25 个``), naming a chosen value among those. A facet without values is
    left out."""
    lines = []
    for facet in FACETS:
        values = result.facets.get(facet.name, [])
        if not values:
            continue
        shown = shown_before_more([fc.depth for fc in values])
        text = _values(values[:shown], 0, 0)[0]
        rest = values[shown:]
        chosen = [fc for fc in rest if fc.selected]
        if chosen:
            text += "、" + "、".join(f"{SELECTED}{fc.value} {fc.count}篇" for fc in chosen)
        if others := len(rest) - len(chosen):
            text += f"，另有 {others} 个"
        lines.append(f"{facet.label}：{text}")
    return lines


def _values(values: list[FacetCount], start: int, depth: int) -> tuple[str, int]:
    """The values from ``start`` at ``depth`` (each followed by its parts, one level
    deeper in the page's pre-ordered tree) joined, and where they stop."""
    parts, i = [], start
    while i < len(values) and values[i].depth >= depth:
        fc = values[i]
        text = f"{SELECTED if fc.selected else ''}{fc.value} {fc.count}篇"
        i += 1
        if i < len(values) and values[i].depth > fc.depth:
            inner, i = _values(values, i, values[i].depth)
            text += f"（{inner}）"
        parts.append(text)
    return "、".join(parts), i
