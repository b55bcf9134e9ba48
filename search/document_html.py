"""The document page's text as trusted HTML blocks: headings for chapters and sections,
an id on every unit, every match marked with its own id and previous/next links, and
citations of articles as links. Everything else is escaped.

The previous/next links after each match are hidden by the stylesheet unless that match
is the URL's target, so a reader without JavaScript steps through the matches with
anchors alone (web/static/matchnav.js adds the n/p keys).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import quote

from indexer.units import Unit
from search.highlight import mark_id
from search.models import Block


def _nav(i: int, total: int) -> str:
    links = []
    if i > 1:
        links.append(f'<a href="#{mark_id(i - 1)}" class="match-prev">上一处</a>')
    if i < total:
        links.append(f'<a href="#{mark_id(i + 1)}" class="match-next">下一处</a>')
    return f'<span class="match-nav">{" ".join(links)} <small>{i}/{total}</small></span>'


Link = tuple[int, int, str]  # start, end, href
Href = Callable[[str, str], str]  # (document id, anchor) → URL


def doc_path(doc_id: str) -> str:
    """The document page's address where no web request builds one (the command line),
    quoted as the web's router quotes a path (a URL path segment's safe characters)."""
    return "/doc/" + quote(doc_id, safe="!$&'()*+,/:;=@")


def doc_href(doc_id: str, anchor: str) -> str:
    """The document page's URL at ``anchor``; the web layer passes its own url_for."""
    return f"{doc_path(doc_id)}#{anchor}"


def _render(
    text: str, start: int, end: int, marks, first: int, total: int, links: list[Link]
) -> str:
    """``text[start:end]`` with marks (numbered from ``first``) and links, escaped.

    Marks never overlap marks, links never overlap links. A match inside a citation stays
    whole and outside the link (the link resumes after it), so each mark is one element
    directly followed by its 上一处 / 下一处 links, never an anchor nested in an anchor.
    """
    marks = [(max(s, start), min(e, end)) for s, e in marks]  # all inside the line
    cuts = {start, end}
    for s, e in marks:
        cuts.update((s, e))
    for s, e, _ in links:
        for p in (max(s, start), min(e, end)):
            if start <= p <= end and not any(ms < p < me for ms, me in marks):
                cuts.add(p)
    points = sorted(cuts)
    out: list[str] = []
    mi = li = 0
    for a, b in zip(points, points[1:], strict=False):
        while mi < len(marks) and marks[mi][1] <= a:
            mi += 1
        while li < len(links) and links[li][1] <= a:
            li += 1
        piece = escape(text[a:b])
        if mi < len(marks) and marks[mi][0] <= a:
            out.append(f'<mark id="{mark_id(first + mi)}">{piece}</mark>')
            out.append(_nav(first + mi, total))
        elif li < len(links) and links[li][0] <= a:
            out.append(f'<a class="cite" href="{escape(links[li][2])}">{piece}</a>')
        else:
            out.append(piece)
    return "".join(out)


def blocks(
    text: str,
    units: list[Unit],
    marks: list[tuple[int, int]],
    links: list[Link],
) -> list[Block]:
    """One block per non-empty line; a line where a unit starts carries its anchor."""
    line_start = 0
    starts = {u.start: u for u in units}
    out: list[Block] = []
    mi = li = 0
    total = len(marks)
    for line in text.split("\n"):
        end = line_start + len(line)
        if line.strip():
            unit = None
            # A unit starts at its line's first non-space character.
            for pos in range(line_start, min(end, line_start + 8) + 1):
                if pos in starts:
                    unit = starts[pos]
                    break
            m0 = mi
            while mi < len(marks) and marks[mi][0] < end:
                mi += 1
            while li < len(links) and links[li][1] <= line_start:
                li += 1
            line_links = [lk for lk in links[li:] if lk[0] < end]
            html = _render(text, line_start, end, marks[m0:mi], m0 + 1, total, line_links)
            tag = "p"
            if unit is not None and unit.is_heading:
                tag = f"h{min(unit.depth + 2, 4)}"
            out.append(Block(tag, unit.anchor if unit else None, html))
        line_start = end + 1
    return out


def citation_links(
    text: str,
    units: list[Unit],
    cites,
    resolve: Callable[[str], tuple[str, set[str]] | None],
    href: Href,
    own_id: str,
) -> list[Link]:
    """Links for the citations whose article exists in the index (ours or another law's)."""
    own = {u.anchor for u in units if u.kind == "条"}
    out: list[Link] = []
    resolved: dict[str, tuple[str, set[str]] | None] = {}
    for c in cites:
        if c.key is None:
            if c.anchor in own:
                out.append((c.start, c.end, "#" + c.anchor))
            continue
        if c.key not in resolved:
            resolved[c.key] = resolve(c.key)
        found = resolved[c.key]
        if found is None or c.anchor not in found[1]:
            continue
        doc_id = found[0]
        out.append((c.start, c.end, "#" + c.anchor if doc_id == own_id else href(doc_id, c.anchor)))
    return out
