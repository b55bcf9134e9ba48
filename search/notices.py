"""What a result says above its hits (也搜索了, 未包含, a correction, a relaxed or partial
result), as plain lines in the search page's own words, for the command line."""

from __future__ import annotations

from search.models import SearchResult


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
