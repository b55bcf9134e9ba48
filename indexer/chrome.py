"""Remove website chrome (navigation, bylines, toolbars, footers) from text lines.

Union and government sites put the same kinds of furniture around an article: a
navigation line at the top, a byline (作者 / 来源 / 时间 / 阅读(N)), a toolbar (打印 收藏
【字号：大 中 小】), and below the article a footer (相关标签, 相关报道, 子网站 lists, 打印本页
关闭窗口, 责任编辑).  These rules are written for those patterns, not for one page.

Bylines are not thrown away blindly: :func:`strip_chrome` returns the dates it saw in
them, because a byline date is the publication date of a web page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.dates import find_dates, is_date_line

# Lines that are only a toolbar / navigation token.
_TOKENS = {
    "下载", "打印", "全屏", "收藏", "加大", "还原", "减小", "大", "中", "小", "】", "【", "|", ">",
    ">>", "»", "×", "首页", "分享", "分享：", "分享:", "分享到:", "分享到：", "分享到微信", "来源:",
    "来源：", "时间：", "时间:", "发表时间：", "发布时间：", "阅读量：", "打印本页", "关闭窗口",
    "【关闭】", "【打印】", "[关闭]", "[打印]", "返回顶部", "扫一扫在手机打开当前页", "您的位置:",
    "您的位置：", "当前位置：", "当前位置:", "字号：", "字体：", "【字号：", "【字体：", "【字号:",
    "【字体:", "上一篇", "下一篇", "默认", "保护视力色", "微信", "微博", "QQ空间",
}  # fmt: skip
# Words that make a short line of space-separated words a navigation bar.
_NAV_WORDS = re.compile(r"首页|导航|帮助|问卷|登录|注册|网站地图|无障碍|English|设为首页|加入收藏")
# Byline fields: author, source, editor, publication time, read/comment counters.
_BYLINE = re.compile(
    r"^\W*(?:作者|来源|发布者|发布人|发布单位|供稿|撰稿|记者|通讯员|摄影|编辑|责任编辑|"
    r"发布时间|发表时间|发布日期|更新时间|时间|日期|浏览次数|点击数|点击|浏览|阅读)\s*[:：]"
)
_COUNTER = re.compile(r"(?:阅读|评论|浏览|点击)(?:次数|量)?\s*[(（:：]?\s*\d+\s*[)）]?")
_DATETIME_ONLY = re.compile(
    r"^[\s(（]*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
    r"(?:\s*\d{1,2}[:：时]\d{2}分?(?:[:：]\d{2}秒?)?)?[)）]?$"
)
_CLICK_THROUGH = re.compile(r"^[》>«»《<\s]*点击.{0,12}(?:进入|查看|阅读|浏览).{0,12}$")
_ARROWS = {">", ">>", "»", "›"}
_HEX_ID = re.compile(r"^[0-9a-f]{24,}[:：]?$")
# Lines that start the footer: whatever follows them is not the article.
_FOOTER = re.compile(
    r"^(?:相关标签|相关报道|相关文档|相关阅读|相关新闻|相关链接|相关附件|相关文章|相关稿件|"
    r"友情链接|打印本页|关闭窗口|【\s*关闭\s*】|版权所有|Copyright|©|责任编辑|编辑[:：]|"
    r"(?:区县市|区县|下属|基层)?\S{0,6}子网站|上一篇|下一篇)",
    re.IGNORECASE,
)
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")
_FULL_STOP = re.compile(r"[。；！？]")
# A list of sub-site / place links: 道里区 | 道外区 | ...
_LINK_LIST = re.compile(r"^(?:[^|｜]{1,10}\s*[|｜]\s*){3,}[^|｜]{1,10}$")


# "来源：香坊区总工会": the body a page credits; an organisation, not a newspaper or a person.
_SOURCE = re.compile(r"(?:来源|发布单位|发布机构|供稿单位)\s*[:：]\s*([^\s|｜:：]{2,30})")
_ORGANISATION = re.compile(r"(?:工会|政府|委员会|办公室|办公厅|局|厅|部|委)$")


@dataclass
class CleanText:
    lines: list[str]
    byline_dates: list[str] = field(default_factory=list)
    byline_source: str = ""  # the organisation a byline credits, for the issuer


def strip_chrome(lines: list[str]) -> CleanText:
    """Drop chrome lines; cut the footer; collect dates found in bylines.

    Two pieces of state handle chrome split over lines, as text dumps of pages have it:
    a bare label ("来源:") takes the short value on the next line with it, and items of a
    breadcrumb trail ("首页 > 要闻") are dropped after a ">" (and when repeated as the
    column heading just below).
    """
    lines = _cut_footer(lines)
    kept: list[str] = []
    dates: list[str] = []
    source = ""
    breadcrumb: set[str] = set()
    after_label = after_arrow = in_text = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        at_top = i < 40
        short = len(stripped) <= 16 and not _SENTENCE_PUNCT.search(stripped)
        drop = is_chrome_line(stripped, at_top=at_top)
        if drop and in_text and is_date_line(stripped):
            drop = False  # a date closing the text (a signing date) is content, not a byline
        if not drop and short and (after_label or (at_top and after_arrow)):
            drop = True
            if after_arrow:
                breadcrumb.add(stripped)
        elif not drop and at_top and stripped in breadcrumb:
            drop = True
        after_label = drop and stripped in _TOKENS and stripped.endswith((":", "："))
        after_arrow = drop and stripped in _ARROWS
        if drop:
            dates.extend(d for _, d in find_dates(stripped))
            source = source or _byline_source(stripped, lines[i + 1] if i + 1 < len(lines) else "")
        else:
            kept.append(line)
            in_text = in_text or bool(_FULL_STOP.search(stripped))
    return CleanText(kept, dates, source)


def _byline_source(line: str, next_line: str) -> str:
    if line in _TOKENS and line.startswith("来源"):
        line += next_line.strip()  # "来源：" alone, its value on the next line
    match = _SOURCE.search(line)
    if match is None or not _ORGANISATION.search(match.group(1)):
        return ""
    return match.group(1)


def is_chrome_line(line: str, *, at_top: bool = False) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if stripped in _TOKENS or _HEX_ID.match(stripped):
        return True
    if _DATETIME_ONLY.match(stripped) or _CLICK_THROUGH.match(stripped):
        return True
    if len(stripped) <= 60 and (_BYLINE.match(stripped) or _COUNTER.search(stripped)):
        # "来源：" inside a real sentence is content; bylines are short and unpunctuated.
        return not _FULL_STOP.search(stripped)
    if _LINK_LIST.match(stripped):
        return True
    if at_top and _looks_like_nav_bar(stripped):
        return True
    return stripped.startswith(("（来源：", "(来源：", "（来源:", "(来源:"))


def _looks_like_nav_bar(line: str) -> bool:
    words = line.split()
    return (
        len(words) >= 2
        and all(len(w) <= 8 for w in words)
        and not _SENTENCE_PUNCT.search(line)
        and bool(_NAV_WORDS.search(line))
    )


def _cut_footer(lines: list[str]) -> list[str]:
    """Cut at the first footer marker in the second half of the page.

    Half is measured both in lines and in characters, because some dumps end with one
    huge line (a repeated copy of the article) after the footer.
    """
    total_chars = sum(len(line) for line in lines) or 1
    count = len(lines)
    chars_before = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        in_second_half = i >= count / 2 or chars_before >= total_chars / 2
        if in_second_half and stripped and len(stripped) <= 40 and _FOOTER.match(stripped):
            return lines[:i]
        chars_before += len(line)
    return lines
