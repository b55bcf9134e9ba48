"""The articles the lay-term list names: which articles of a law an everyday word was read from.

``corpus/lay_terms.txt`` groups its lines under comments naming the articles each concept
was read from (``# the working day (国务院关于职工工作时间的规定 第三—七条; …)``). Read as data,
they say which articles of a found law answer a question holding one of the group's
everyday words: ``search.unit_hits`` ranks those articles first among equal scores (a
tie-break: a bounded weight lost articles on the readable judged sets, steps.md, sixteenth
round). The article numbers are those of the version in force: a version a later one
amended or repealed gets none (the searcher asks ``search.legal_status``).

The references: the text in ASCII parentheses of a group's comment (a comment may run over
several lines while a parenthesis is open), parts separated by ``;`` or a comma, each a law
title followed by article labels (第三十六条, ranges 第三—七条, lists 第五、十四、十五条 and
第十二条、第十四条, an item 第十九条第七项 names its article, a chapter 第九章 its articles),
a part without a title continuing the law before it; what follows a colon is a quotation.
A part naming no article (``安全生产法``, ``各地集体合同条例``) names no prior. A title is a
document's title, or it with 中华人民共和国 before it, or an abbreviation the file declares
once (``#: 劳动争议司法解释（一） = 最高人民法院关于…（一）``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from indexer.analysis import normalize
from indexer.numerals import NUMERAL_CHARS, parse_chinese, to_chinese
from indexer.units import Unit
from search.stored_units import kind_and_start, labelled_spans

# The state's name a national law's title starts with and a comment leaves out.
STATE_PREFIX = "中华人民共和国"
ABBREVIATION_MARK = "#:"
_LABELS = re.compile(rf"第([{NUMERAL_CHARS}]+(?:[—、][{NUMERAL_CHARS}]+)*)(条|章)")
_PARENS = re.compile(r"\(([^()]*)\)")
_PARTS = re.compile(r"[,，]")


@dataclass(frozen=True)
class Reference:
    """One law's articles a group of lines was read from, as the comment wrote them."""

    law: str  # the title as written (an abbreviation resolved)
    labels: frozenset[str]  # 第三条, 第九章
    line: int  # the comment's line in the file, 1-based


@dataclass(frozen=True)
class NamedArticles:
    """Everyday word → the references of every group it is on a line of."""

    by_word: dict[str, tuple[Reference, ...]] = field(default_factory=dict)
    # Per word, per title a document may have: the labels named (both spellings of a title).
    _by_title: dict[str, dict[str, frozenset[str]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_title: dict[str, dict[str, frozenset[str]]] = {}
        for word, refs in self.by_word.items():
            titles: dict[str, frozenset[str]] = {}
            for ref in refs:
                for title in (ref.law, STATE_PREFIX + ref.law):
                    titles[title] = titles.get(title, frozenset()) | ref.labels
            by_title[word] = titles
        object.__setattr__(self, "_by_title", by_title)

    def words(self, concepts: Iterable[str]) -> frozenset[str]:
        """Those of ``concepts`` (a query's words) that name articles."""
        return frozenset(c for c in concepts if c in self._by_title)

    def labels(self, words: Iterable[str], title: str) -> frozenset[str]:
        """The article and chapter labels of the law titled ``title`` that the groups of
        ``words`` name (``words``: as ``words`` returned them)."""
        out: frozenset[str] = frozenset()
        for w in words:
            named = self._by_title[w].get(title)
            if named:
                out |= named
        return out

    def references(self) -> list[Reference]:
        """Every reference, once, in the file's order (for checking them)."""
        seen = dict.fromkeys(r for refs in self.by_word.values() for r in refs)
        return sorted(seen, key=lambda r: (r.line, r.law))


def load_named_articles(path: Path) -> NamedArticles:
    """The references of ``lay_terms.txt``'s group comments, per everyday word."""
    if not Path(path).is_file():
        return NamedArticles()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    abbreviations: dict[str, str] = {}
    for line in lines:
        if line.startswith(ABBREVIATION_MARK):
            short, sep, full = line[len(ABBREVIATION_MARK) :].partition("=")
            if sep:
                abbreviations[short.strip()] = full.strip()
    by_word: dict[str, list[Reference]] = {}
    current: list[Reference] = []
    comment: list[str] = []  # the comment being read, while a parenthesis is open
    comment_line = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith(ABBREVIATION_MARK):
            continue
        if stripped.startswith("#"):
            if not comment:
                comment_line = number
            comment.append(stripped.lstrip("#").strip())
            text = " ".join(comment)
            if text.count("(") <= text.count(")"):
                current = _references(text, abbreviations, comment_line)
                comment = []
            continue
        comment = []
        if not stripped:
            current = []
            continue
        lays, sep, _ = stripped.partition("=>")
        if not sep or not current:
            continue
        for lay in lays.replace("，", ",").split(","):
            lay = normalize(lay.strip())
            if lay:
                by_word.setdefault(lay, [])
                by_word[lay].extend(r for r in current if r not in by_word[lay])
    return NamedArticles({w: tuple(refs) for w, refs in by_word.items()})


def _references(comment: str, abbreviations: dict[str, str], line: int) -> list[Reference]:
    out: list[Reference] = []
    for group in _PARENS.findall(comment):
        law = ""
        for clause in group.split(";"):
            clause = re.split(r"[:：]", clause, maxsplit=1)[0]
            for part in _PARTS.split(clause):
                first = _LABELS.search(part)
                title = (part[: first.start()] if first else part).strip()
                if title:
                    law = abbreviations.get(title, title)
                if first is None or not law:
                    continue
                labels = frozenset(
                    label for m in _LABELS.finditer(part) for label in _expand(m[1], m[2])
                )
                out.append(Reference(law, labels, line))
    return out


def _expand(numbers: str, unit: str) -> list[str]:
    """第五、十四、十五条 → 第五条 第十四条 第十五条; 第三—七条 → 第三条 … 第七条."""
    out: list[str] = []
    for item in numbers.split("、"):
        ends = [parse_chinese(n) for n in item.split("—")]
        if any(n is None for n in ends):
            continue
        low, high = ends[0], ends[-1]
        out.extend(f"第{to_chinese(n)}{unit}" for n in range(low, high + 1))  # type: ignore[arg-type]
    return out


def named_units(
    units: Sequence[Unit], indexes: Iterable[int], labels: frozenset[str]
) -> frozenset[int]:
    """Which of ``indexes`` (articles of ``units``) ``labels`` names: by the article's own
    label, or by the chapter it lies in."""
    chapters = []
    if any(label.endswith("章") for label in labels):
        chapters = [
            (s, e) for label, s, e in labelled_spans(units, ("章",)) if label.split()[0] in labels
        ]
    kind, start = kind_and_start(units)
    return frozenset(
        i
        for i in indexes
        if kind(i) == "条"
        and (units[i].label in labels or any(s <= start(i) < e for s, e in chapters))
    )
