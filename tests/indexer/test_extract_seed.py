"""The founding document: a raw hrbgh.org page dump, extracted by general rules."""

from __future__ import annotations

import pytest

from indexer.extract import extract_document
from tests.reports import HARBIN_REPORT

SEED = HARBIN_REPORT
TITLE = "市人大副主任、市总工会主席朴逸在市总工会十六届四次全委(扩大)会议上的工作报告"
CHROME = ("网站使用帮助", "哈工导航", "作者:admin", "阅读(7132)", "评论(0)", "相关标签",
          "区县市总工会子网站", "道里区 | 道外区")  # fmt: skip


@pytest.fixture(scope="module")
def seed(corpus_root, resources):
    return extract_document(corpus_root / SEED, corpus_root, resources)


def test_seed_metadata(seed):
    assert seed.id == SEED
    assert seed.title == TITLE
    assert seed.date == "2013-03-27"
    assert seed.year == 2013
    assert seed.issuer == "哈尔滨市总工会"
    assert seed.district == "哈尔滨市"
    assert seed.doc_type == "工作报告"
    assert len(seed.content_hash) == 64


def test_seed_body_has_no_chrome(seed):
    assert seed.body.startswith("以党的十八大精神为统领")
    assert seed.body.endswith("做出新的更大贡献!")
    for chrome in CHROME:
        assert chrome not in seed.body
    assert TITLE not in seed.body.splitlines()[:3]


def test_seed_body_keeps_paragraphs_and_fullwidth_punctuation(seed):
    lines = seed.body.splitlines()
    assert len(lines) > 20
    assert all(line == line.strip() and line for line in lines)
    assert "“面对面、心贴心、实打实服务职工在基层”" in seed.body


def test_seed_topics_are_its_main_ones(seed, resources):
    assert "劳动竞赛与技能" in seed.topics
    assert "工会组织建设" in seed.topics
    # Every topic the report has a section on (its section on 困难职工帮扶 included), not all.
    assert "困难帮扶与就业" in seed.topics
    assert len(seed.topics) < len(resources.topics)


def test_gbk_copy_extracts_like_utf8(seed, corpus_root, resources, tmp_path):
    raw = (corpus_root / SEED).read_text(encoding="utf-8")
    copy = tmp_path / "hrbgh" / "gbk-report.txt"
    copy.parent.mkdir()
    # GBK has no "•" (U+2022) nor no-break space: the page would have used "·" and " ".
    copy.write_bytes(raw.replace("•", "·").replace("\xa0", " ").encode("gbk"))
    doc = extract_document(copy, tmp_path, resources)
    assert doc.id == "hrbgh/gbk-report.txt"
    assert (doc.title, doc.date, doc.body) == (seed.title, seed.date, seed.body)
    assert doc.content_hash != seed.content_hash
