"""Units inside real corpus documents: articles and chapters of laws, sections of reports.

Expectations are read off the texts by simpler means (line prefixes), never pinned.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.extract import extract_document
from indexer.numerals import parse_number, to_chinese
from indexer.units import split_units
from tests.laws import UNION_LAW
from tests.reports import HARBIN_REPORT

NO_HEADINGS = "gov-cn/20181203-0087.html"  # 国务院办公厅关于印发国家粮食应急预案的函
NESTED = "gov-cn/20181109-0106.html"  # 一、 → （一） → 1.
ARTICLE_LINE = re.compile(r"^第([一二三四五六七八九十百零]+)条 ")
HTML_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def body_of(corpus_root: Path, resources, doc_id: str) -> str:
    return extract_document(corpus_root / doc_id, corpus_root, resources).body


def test_numerals_round_trip():
    for n in range(1, 3000):
        assert parse_number(to_chinese(n)) == n
    assert [to_chinese(n) for n in (10, 44, 105, 110)] == ["十", "四十四", "一百零五", "一百一十"]
    assert parse_number("８２") == 82 and parse_number("四四") is None


def test_law_articles_in_order_with_exact_spans(corpus_root, resources):
    text = body_of(corpus_root, resources, UNION_LAW)
    lines = text.split("\n")
    expected = [m.group(0).strip() for line in lines if (m := ARTICLE_LINE.match(line))]
    assert len(expected) > 50
    units = split_units(text)
    articles = [u for u in units if u.kind == "条"]
    assert [u.label for u in articles] == expected
    assert [u.label for u in articles] == [
        f"第{to_chinese(i)}条" for i in range(1, len(expected) + 1)
    ]
    for a, b in zip(articles, articles[1:], strict=False):
        span = text[a.start : a.end]
        assert span.startswith(a.label + " ")
        # An article runs up to the next article or heading, whole lines, nothing lost.
        assert text[a.end] == "\n" and a.end < b.start
        assert not any(ARTICLE_LINE.match(line) for line in span.split("\n")[1:])
    chapters = [u for u in units if u.kind == "章"]
    expected_chapters = [line for line in lines if re.match(r"^第[一二三四五六七八九十]+章", line)]
    assert [c.label for c in chapters] == [" ".join(c.split()) for c in expected_chapters]
    for c in chapters:
        inside = [a for a in articles if c.start < a.start < c.end]
        assert inside and all(a.depth == c.depth + 1 and a.end <= c.end for a in inside)
    assert [a.anchor for a in articles[:3]] == ["a1", "a2", "a3"]
    assert all(HTML_ID.match(u.anchor) for u in units)
    assert len({u.anchor for u in units}) == len(units)


def test_arabic_article_numbers_give_the_same_units(corpus_root, resources):
    text = body_of(corpus_root, resources, UNION_LAW)

    def arabic(m: re.Match) -> str:
        return f"第{parse_number(m.group(1))}条 "

    # Same text with 第44条 for 第四十四条 (same length changes shift offsets: compare labels
    # by number and spans by their content).
    converted = "\n".join(ARTICLE_LINE.sub(arabic, line) for line in text.split("\n"))
    chinese = [u for u in split_units(text) if u.kind == "条"]
    arabic_units = [u for u in split_units(converted) if u.kind == "条"]
    assert [u.anchor for u in arabic_units] == [u.anchor for u in chinese]
    assert [u.label for u in arabic_units] == [
        f"第{parse_number(u.label[1:-1])}条" for u in chinese
    ]
    for a, c in zip(arabic_units, chinese, strict=True):
        assert converted[a.start : a.end].split(" ", 1)[1] == text[c.start : c.end].split(" ", 1)[1]


def test_harbin_report_sections_nest(corpus_root, resources):
    text = body_of(corpus_root, resources, HARBIN_REPORT)
    lines = [line.strip() for line in text.split("\n")]
    units = split_units(text)
    top = [u for u in units if u.depth == 0]
    assert [u.label for u in top] == [
        line for line in lines if re.match(r"^[一二三四五六七八九十]+、", line)
    ]
    parens = [line for line in lines if re.match(r"^[(（][一二三四五六七八九十]+[)）]", line)]
    leads = [line for line in lines if line.startswith("----")]
    second = [u for u in units if u.depth == 1 and u.kind == "paren"]
    assert len(second) == len(parens) >= 5
    assert [u.anchor for u in second] == [f"s2-{i}" for i in range(1, len(parens) + 1)]
    assert all(
        text[u.start : u.end].startswith(line) for u, line in zip(second, parens, strict=True)
    )
    lead_units = [u for u in units if u.kind == "lead"]
    assert len(lead_units) == len(leads) and all(u.anchor.startswith("s1-") for u in lead_units)
    for child in second + lead_units:
        parent = next(p for p in top if p.start < child.start < p.end)
        assert child.end <= parent.end
    assert top[-1].end == len(text)


def test_nested_notice_three_levels(corpus_root, resources):
    text = body_of(corpus_root, resources, NESTED)
    units = split_units(text)
    deepest = [u for u in units if u.depth == 2]
    assert deepest, "一、 → （一） → 1. expected"
    for u in deepest:
        assert re.match(r"^\d+[.．、]", text[u.start : u.end])
        assert re.fullmatch(r"s\d+-\d+-\d+", u.anchor)


def test_report_without_headings_has_no_units(corpus_root, resources):
    text = body_of(corpus_root, resources, NO_HEADINGS)
    assert not any(
        re.match(
            r"^(第[一二三四五六七八九十百]+[章条]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])",
            line.strip(),
        )
        for line in text.split("\n")
    )
    assert split_units(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "第一条 甲。\n第二十条规定的情形\n第二条 乙",  # a reference at a line start
        "一、甲\n三、不是第二节\n二、乙",  # numbering must continue
    ],
)
def test_numbering_must_continue(text):
    labels = [u.label for u in split_units(text)]
    assert labels in (["第一条", "第二条"], ["一、甲", "二、乙"])
