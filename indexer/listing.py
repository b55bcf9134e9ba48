"""Pages of a site that are not documents: column lists, home pages, robots.txt.

A mirrored site is mostly such pages.  They are skipped with a reason the reindex report
shows, never indexed: their text is other documents' titles and the site's furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

# The pager of a column list: 共 16 条记录 页次：1/1, 首页 上一页 下一页 尾页.
_PAGER = re.compile(
    r"共\s*\d+\s*条记录|页次\s*[:：]\s*\d+\s*/\s*\d+|上一页.{0,20}下一页.{0,10}(?:尾页|末页)"
)
_SENTENCE = re.compile(r"[。！？；]")
MIN_LIST_LINKS = 10
_NOT_DOCUMENTS = {"robots.txt": "robots.txt (crawler rules), not a document"}


def not_a_document_by_name(doc_id: str) -> str | None:
    """The reason a file is not a document, from its name alone."""
    return _NOT_DOCUMENTS.get(PurePosixPath(doc_id).name.lower())


@dataclass(frozen=True)
class PageLinks:
    links: int  # links with text, on the whole page (menus included)
    pager: str  # the list pager (共 16 条记录 页次：1/1), or ""


def page_links(root: etree._Element) -> PageLinks:
    """Count a page's links and find its pager; call before any chrome is removed."""
    links = sum(1 for a in root.iter("a") if (a.text_content() or "").strip())
    return PageLinks(links, pager_text(root))


def listing_reason(page: PageLinks, article_lines: list[str]) -> str | None:
    """Why an HTML page is a list or home page rather than a document, or None.

    ``article_lines`` is the page's text once chrome is removed: an article has sentences,
    a list page only titles and its pager.
    """
    if page.links < MIN_LIST_LINKS:
        return None
    if page.pager:
        return f"list page ({page.pager}, {page.links} links), not a document"
    if not any(_SENTENCE.search(line) for line in article_lines):
        return f"list or home page ({page.links} links, no article text), not a document"
    return None


def pager_text(root: etree._Element) -> str:
    """The list pager on a page (共 16 条记录 页次：1/1), or ""."""
    match = _PAGER.search(re.sub(r"\s+", " ", root.text_content() or ""))
    return match.group(0) if match else ""
