"""HTML pages: union websites, gov.cn policy fragments, anything with markup.

Every walk over the tree is iterative (``etree.iterwalk`` / ``iter``): hostile pages with
100k nested elements must not hit Python's recursion limit.  libxml2 itself stops
building the tree at a fixed depth, so when the tree holds far less text than the markup
does, a flat regex tag-stripper is used instead of losing the text.
"""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

from indexer.chrome import strip_chrome
from indexer.dates import find_dates
from indexer.docnumber import parse_doc_number
from indexer.document import Rejected
from indexer.listing import listing_reason, page_links
from indexer.metadata import infer_title
from indexer.notice import notice_parts
from indexer.parsed import Parsed, drop_leading_title, normalise_line, normalise_lines
from indexer.site_chrome import remove_site_chrome

_JUNK_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "select", "button", "input", "textarea", "nav", "head")  # fmt: skip
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "html", "li", "main", "ol", "p", "pre", "section", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
# Elements that can hold a whole article; paragraph text is credited to the nearest one.
_CONTAINERS = {"div", "td", "article", "section", "main", "body", "center", "blockquote"}
# Content areas that CMSs used by Chinese government and union sites mark explicitly.
_CONTENT_XPATH = (
    '//*[@id="UCAP-CONTENT"] | //*[contains(concat(" ", @class, " "), " TRS_Editor ")] | //article'
)
_TITLE_META = ("ArticleTitle", "og:title", "title")
_DATE_META = ("PubDate", "pubdate", "publishdate", "article:published_time", "og:release_date",
              "firstpublishedtime", "Date")  # fmt: skip
_SITE_SEPARATORS = re.compile(r"\s*(?:[-_|｜—–]+|::)\s*")
_BREADCRUMB = re.compile(r"^(?:您现在的位置|您的位置|当前位置|所在位置)")
_LINK_HEAVY = 0.6  # a line whose text is mostly link text is navigation
# gov.cn info table labels, compared with all spaces removed.
GOVCN_FIELDS = (
    "索引号",
    "主题分类",
    "发文机关",
    "成文日期",
    "标题",
    "发文字号",
    "发布日期",
    "主题词",
)


def check_not_truncated(text: str) -> None:
    tail = text.rstrip()
    if tail.rfind("<!--") > tail.rfind("-->"):
        raise Rejected("truncated HTML: ends inside a comment")
    if tail.rfind("<") > tail.rfind(">"):
        raise Rejected("truncated HTML: ends inside a tag")
    # A whole page that opened <html> or <body> but never closed either was cut off
    # (fragments such as the gov.cn ones never open them, and pass).
    lower = tail[-4096:].lower()
    head = text[:4096].lower()
    if ("<html" in head or "<body" in head) and "</body>" not in lower and "</html>" not in lower:
        raise Rejected("truncated HTML: the page never closes <body>/<html>")


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.match(r"<(?:head|body|div|table|p|meta)\b", head)
    )


def parse_html(
    text: str, chrome: frozenset[str] = frozenset(), site_names: frozenset[str] = frozenset()
) -> Parsed:
    """One page; ``chrome`` and ``site_names`` are what its site repeats on every page
    (block fingerprints, <title> parts; see :mod:`indexer.site_profile`)."""
    check_not_truncated(text)
    root = _parse_tree(text)
    title_parts = _title_parts(root, site_names)
    head_title = _head_title(title_parts)
    meta = _meta_values(root)
    _drop_junk(root)
    info = govcn_info(root)
    # Bylines are read before the site's repeated blocks go: a byline can look the same on
    # every page (来源：香坊区总工会) and still carry this page's date and issuer.
    whole_page = _block_lines(root)
    links = page_links(root)
    byline = strip_chrome(whole_page) if chrome else None
    flat = _flat_text_lines(text)
    # Link text counts on both sides: a page of links is not a parser failure.
    parsed_ok = _dense_chars(root.text_content()) >= 0.5 * _dense_chars("".join(flat))
    removed = remove_site_chrome(root, chrome) if parsed_ok else 0
    heading = _heading(root, title_parts)
    container = _content_element(root)
    lines = _block_lines(container)
    page_lines = _block_lines(root) if removed else whole_page
    if not parsed_ok:
        lines = page_lines = flat  # the parser gave up (depth limit, broken markup)
    clean = strip_chrome(lines)
    # Bylines often sit outside the content block: read their dates from the whole page.
    page_clean = strip_chrome(page_lines) if page_lines is not lines else clean
    page_dates = page_clean.byline_dates if page_lines is not lines else []
    if not clean.lines:
        if removed:
            raise Rejected("only the site's repeated blocks (menu, footer), no article text")
        raise Rejected("HTML has markup but no extractable text")
    # A sentence anywhere outside the menus makes the page an article, even when the
    # densest block was not the one holding it: better indexed with chrome than lost.
    reason = listing_reason(links, clean.lines + page_clean.lines)
    if reason:
        raise Rejected(reason)
    if byline is not None:
        page_dates = page_dates + byline.byline_dates
    known_title = info.get("标题") or meta.get("articletitle") or ""
    meta_dates = [d for key in _DATE_META for _, d in find_dates(meta.get(key.lower(), ""))]
    notice = notice_parts(clean.lines, known_title, meta_dates + clean.byline_dates + page_dates)
    title = known_title or notice.title or heading or head_title or infer_title(clean.lines)
    dates = [d for key in ("成文日期", "发布日期") for _, d in find_dates(info.get(key, ""))]
    number = parse_doc_number(info.get("发文字号", ""))
    return Parsed(
        title=normalise_line(title),
        lines=notice.lines if notice.title else drop_leading_title(clean.lines, title),
        dates=dates + notice.dates,
        fallback_lines=clean.lines,
        issuer=info.get("发文机关", "")
        or notice.issuer
        or clean.byline_source
        or page_clean.byline_source
        or (byline.byline_source if byline else ""),
        meta={"govcn_" + k: v for k, v in info.items()},
        doc_number=number.text if number else notice.doc_number,
    )


def _drop_junk(root: etree._Element) -> None:
    for el in list(root.iter(*_JUNK_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()


def _parse_tree(text: str) -> etree._Element:
    # Bytes + explicit encoding: lxml refuses str input that carries an XML declaration.
    parser = lxml_html.HTMLParser(
        encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True
    )
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise Rejected(f"unparseable HTML: {str(exc).splitlines()[0][:80]}") from None
    if root is None:
        raise Rejected("unparseable HTML: empty document")
    return root


def page_tree(text: str) -> tuple[etree._Element, list[str]]:
    """A page's tree without scripts, styles and the other junk elements (the <head>
    included), and the parts of its <title>."""
    root = _parse_tree(text)
    parts = title_parts(root)
    _drop_junk(root)
    return root, parts


def title_parts(root: etree._Element) -> list[str]:
    """The parts of <title> (站名--标题, 标题_站名, 标题 - 栏目 - 站名)."""
    for el in root.iter("title"):
        return [p for p in _SITE_SEPARATORS.split(normalise_line(el.text_content())) if p]
    return []


def _title_parts(root: etree._Element, site_names: frozenset[str]) -> list[str]:
    parts = title_parts(root)
    return [p for p in parts if p not in site_names] or parts


def _head_title(parts: list[str]) -> str:
    if not parts:
        return ""
    # "文章标题 - 栏目 - 网站名": the article title is the first part, unless trivial.
    return parts[0] if len(parts[0]) >= 4 else max(parts, key=len)


def _meta_values(root: etree._Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or "").strip().lower()
        if key and el.get("content"):
            values.setdefault(key, el.get("content").strip())
    return values


def govcn_info(root: etree._Element) -> dict[str, str]:
    """Read (and remove) a gov.cn style info table: label cell ending in ：, value cell after."""
    info: dict[str, str] = {}
    tables = set()
    for cell in list(root.iter("td", "th")):
        label = re.sub(r"\s+", "", cell.text_content()).rstrip("：:")
        if label not in GOVCN_FIELDS or label in info:
            continue
        value_cell = cell.getnext()
        if value_cell is None:
            continue
        info[label] = normalise_line(value_cell.text_content())
        table = next(cell.iterancestors("table"), None)
        if table is not None:
            tables.add(table)
    if len(info) >= 3:
        for table in tables:
            # The 主题词 row sits in a sibling table of the same info box.
            box = table.getparent()
            if table.getparent() is not None:
                table.drop_tree()
            for sibling in list(box.iterchildren("table")) if box is not None else []:
                if "主题词" in re.sub(r"\s+", "", sibling.text_content()):
                    sibling.drop_tree()
        return info
    return {}


def _heading(root: etree._Element, title_parts: list[str]) -> str:
    """The article heading: an h1/h2/.title element, preferring one the <title> confirms
    (any part of it: 站名--标题 puts the title second)."""
    candidates = []
    for el in root.iter("h1", "h2", "h3", "div", "td", "span", "p"):
        marker = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if el.tag in ("div", "td", "span", "p") and "title" not in marker:
            continue
        text = normalise_line(el.text_content())
        if 4 <= len(text) <= 120 and not _is_link_only(el) and not _BREADCRUMB.match(text):
            candidates.append(text)
    parts = [p for p in title_parts if len(p) >= 4]
    confirmed = [c for c in candidates if any(c in p or p in c for p in parts)]
    if confirmed:
        return max(confirmed, key=len)
    return candidates[0] if candidates else ""


def _is_link_only(el: etree._Element) -> bool:
    total = len(el.text_content().strip())
    links = sum(len(a.text_content().strip()) for a in el.iter("a"))
    return total > 0 and links / total > _LINK_HEAVY


def _content_element(root: etree._Element) -> etree._Element:
    explicit = [el for el in root.xpath(_CONTENT_XPATH) if len(el.text_content().strip()) > 20]
    if explicit:
        return max(explicit, key=lambda el: len(el.text_content()))
    return _densest_container(root)


def _densest_container(root: etree._Element) -> etree._Element:
    """Credit each element's own non-link text to its nearest container and half of it to
    the next container up; the best-scoring container holds the article, not the menus."""
    scores: dict[etree._Element, float] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag == "a" or _inside_link(el):
            continue
        own = len((el.text or "").strip()) + sum(
            len((child.tail or "").strip()) for child in el if child.tag != "a"
        )
        if own == 0:
            continue
        container = _nearest_container(el)
        if container is None:
            continue
        scores[container] = scores.get(container, 0) + own
        parent = _nearest_container(container.getparent())
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + own / 2
    if not scores:
        return root
    return max(scores, key=scores.get)


def _inside_link(el: etree._Element) -> bool:
    return any(True for _ in el.iterancestors("a"))


def _nearest_container(el: etree._Element | None) -> etree._Element | None:
    while el is not None and el.tag not in _CONTAINERS:
        el = el.getparent()
    return el


def _block_lines(container: etree._Element) -> list[str]:
    """Text of ``container`` with a line break at every block boundary and <br>.

    Lines made mostly of link text (menus, related-article lists) are dropped.
    """
    lines: list[str] = []
    buf: list[str] = []
    link_chars = 0
    link_depth = 0

    def flush() -> None:
        nonlocal link_chars
        text = normalise_line("".join(buf))
        if text and link_chars / len(text) <= _LINK_HEAVY:
            lines.append(text)
        buf.clear()
        link_chars = 0

    def add(text: str | None) -> None:
        nonlocal link_chars
        if text:
            buf.append(text)
            if link_depth:
                link_chars += len(text.strip())

    for event, el in etree.iterwalk(container, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS or tag == "br":
                flush()
            if tag == "a" and not _is_attachment(el):
                link_depth += 1
            add(el.text)
        else:
            if tag == "a" and not _is_attachment(el):
                link_depth -= 1
            if tag in _BLOCK_TAGS:
                flush()
            if el is not container:
                add(el.tail)
    flush()
    return lines


_WHITESPACE = re.compile(r"\s+")
_ATTACHMENT = re.compile(r"\.(?:docx?|wps|pdf|xlsx?|et|odt|rtf|zip|rar)(?:[?#]|$)", re.I)


def _is_attachment(a: etree._Element) -> bool:
    """A link to a file (附件：统计表.docx) is part of the text, not navigation."""
    return bool(_ATTACHMENT.search(a.get("href") or ""))


_FLAT_DROP = re.compile(
    r"<(script|style|noscript|template|head)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S
)
_FLAT_BREAK = re.compile(r"</?(?:p|div|br|tr|li|h[1-6]|table|section|article)\b[^>]*>", re.I)
_FLAT_TAG = re.compile(r"<[^>]*>")


def _flat_text_lines(text: str) -> list[str]:
    """Markup-agnostic fallback: strip tags with regexes (linear, no tree, no recursion)."""
    text = _FLAT_DROP.sub(" ", text)
    text = _FLAT_TAG.sub("", _FLAT_BREAK.sub("\n", text))
    return normalise_lines(html.unescape(text).split("\n"))


def _dense_chars(text: str) -> int:
    """Characters other than whitespace (layout differs between the two extractions)."""
    return len(_WHITESPACE.sub("", text))
