"""The h1 and <title> of a results page.

The title names everything that makes this page differ from another one (query, filters,
page number, no results), so a browser tab, a bookmark or a screen reader's first words
tell which results these are.
"""

from __future__ import annotations

from search import SearchRequest


def search_heading(q: str) -> str:
    return f"“{q}”的搜索结果" if q else "全部文档"


def search_title(req: SearchRequest, total: int, chips: list[dict]) -> str:
    """E.g. ``“工会”的搜索结果（无结果） - 地区：南岗区、道里区；年份：2013 - 第 2 页``."""
    heading = search_heading(req.q)
    parts = [f"{heading}（无结果）" if total == 0 else heading]
    by_label: dict[str, list[str]] = {}
    for chip in chips:
        by_label.setdefault(chip["label"], []).append(str(chip["value"]))
    if by_label:
        parts.append(
            "；".join(f"{label}：{'、'.join(values)}" for label, values in by_label.items())
        )
    if req.page > 1:
        parts.append(f"第 {req.page} 页")
    return " - ".join(parts)
