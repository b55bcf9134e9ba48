"""Blocks a site repeats on its pages (header, menu, login box, counters, footer).

A block is an HTML element, fingerprinted by its place in the page (the tag, class and id
of it and its ancestors) and its own text outside links (link text is navigation and is
dropped line by line anyway), with digits folded so that a visitor counter or a
copyright year taken at another moment still matches.  The place matters: a notice
signed 哈尔滨市香坊区总工会 keeps its signature although the site's logo says the same.
A block whose fingerprint is on many pages of one site is that site's chrome (see
:mod:`indexer.site_profile`, which learns them); :func:`remove_site_chrome` takes those
blocks out of a page's tree before its article is looked for.
"""

from __future__ import annotations

import hashlib
import re

from lxml import etree

from indexer.parsed import normalise_line

_DIGITS = re.compile(r"\d+")
# Elements that hold blocks of a page; html and body are the page itself.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "li", "main", "ol", "p", "section", "span", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "font", "b", "strong",
}  # fmt: skip


_MAX_BLOCK_CHARS = 2000  # chrome blocks are short; longer text is never fingerprinted


def _fingerprints(root: etree._Element) -> dict[etree._Element, str]:
    """Each block's fingerprint, in one pass over the tree (no re-walk per element)."""
    found: dict[etree._Element, str] = {}
    # [element, text parts (None once too long), inside a link, path from the root]
    stack: list[list] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            in_link = el.tag == "a" or (bool(stack) and stack[-1][2])
            parts: list[str] | None = []
            if not in_link and el.text:
                parts.append(el.text)
            path = (stack[-1][3] if stack else "") + "/" + _step(el)
            stack.append([el, parts, in_link, path])
            continue
        _, parts, in_link, path = stack.pop()
        text = None if parts is None else normalise_line(" ".join(parts))
        if text is not None and len(text) > _MAX_BLOCK_CHARS:
            text = None
        if text is not None and el.tag in _BLOCKS:
            folded = _DIGITS.sub("0", text)
            if len(folded.replace(" ", "")) >= 2:
                key = f"{path}\0{folded}".encode()
                found[el] = hashlib.sha1(key).hexdigest()[:16]
        if stack:
            parent = stack[-1]
            if parent[1] is not None:
                if text is None:
                    parent[1] = None
                else:
                    if not in_link:
                        parent[1].append(text)
                    if el.tail and not parent[2]:
                        parent[1].append(el.tail)
    return found


def _step(el: etree._Element) -> str:
    """One step of a block's place in the page: tag, class and id (not its index, so
    that a footer keeps its place whatever the article above it holds)."""
    return f"{el.tag}.{el.get('class', '')}#{el.get('id', '')}"


def block_fingerprints(root: etree._Element) -> set[str]:
    """The fingerprints of every block on a page (each counted once per page)."""
    return set(_fingerprints(root).values())


def remove_site_chrome(root: etree._Element, chrome: frozenset[str]) -> int:
    """Drop the outermost blocks whose fingerprint is in ``chrome``; returns how many."""
    if not chrome:
        return 0
    fps = _fingerprints(root)
    doomed = []
    inside = None
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if inside is not None:
            if event == "end" and el is inside:
                inside = None
            continue
        if event == "start" and fps.get(el) in chrome:
            doomed.append(el)
            inside = el
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return len(doomed)
