"""Topic tagging: every topic some passage (or the title) substantially treats."""

from __future__ import annotations

import tomllib

from indexer.resources import Topic
from indexer.topics import (
    PASSAGE_CHARS,
    TITLE_WEIGHT,
    assign_topics,
    best_passage,
    evidence,
    score_topics,
)
from tests.laws import WOMEN_WORKERS
from tests.reports import HARBIN_REPORT
from union_search.config import PROJECT_ROOT

TOPICS = (
    Topic("女职工权益", {"女职工": 3, "产假": 3}),
    Topic("安全生产与职业健康", {"安全生产": 3, "职业病": 3}),
    Topic("劳模与先进", {"劳动模范": 3}),
)


def test_title_hit_outweighs_body_hits():
    body = "本单位安全生产形势平稳。" + "其他工作内容。" * 200
    scores = score_topics("关于保障女职工权益的通知", body, TOPICS)
    assert scores["女职工权益"] > scores["安全生产与职业健康"] > 0


def test_long_body_does_not_collect_every_topic():
    body = "全市女职工工作取得新进展，产假制度全面落实，女职工权益得到保障。" * 30
    body += "会议还提到了劳动模范。" + "各项工作稳步推进。" * 3000
    assert assign_topics("工会工作报告", body, TOPICS) == ["女职工权益"]


def test_no_topic_for_unrelated_text():
    assert assign_topics("天气预报", "明天晴，气温零下二十度。" * 50, TOPICS) == []


def test_shipped_taxonomy_is_read_whole_from_topics_toml(resources):
    # The expectation is read from the file with tomllib, not pinned to today's count.
    with open(PROJECT_ROOT / "corpus" / "topics.toml", "rb") as f:
        table = tomllib.load(f)
    assert [t.name for t in resources.topics] == list(table)
    for topic in resources.topics:
        assert topic.keywords and dict(topic.keywords) == table[topic.name]["keywords"]
    names = {t.name for t in resources.topics}
    assert {"劳动竞赛与技能", "工资与集体协商", "女职工权益", "农民工权益", "劳模与先进"} <= names


def test_real_documents_get_fitting_topics(corpus_root, resources):
    from indexer.extract import extract_document

    doc = extract_document(
        corpus_root / WOMEN_WORKERS,
        corpus_root,
        resources,
    )
    assert doc.topics[0] == "女职工权益"


FILLER = "各项工作稳步推进，经济运行总体平稳。"


def test_a_section_on_a_topic_is_found_however_long_the_document():
    section = "全力做好困难职工帮扶工作，开展送温暖活动，困难职工生活得到保障。" * 3
    for padding in (0, 20_000, 200_000):
        body = FILLER * (padding // len(FILLER)) + section + FILLER * 100
        assert "困难帮扶" in assign_topics("工作报告", body, TOPICS + (HELP,)), padding


def test_mentions_spread_thinly_over_a_long_document_are_not_a_topic():
    # The same mentions as the section above, one per passage: never substantial.
    gap = FILLER * (PASSAGE_CHARS // len(FILLER) + 1)
    body = gap.join(["困难职工"] * 6 + ["送温暖"] * 3)
    assert "困难帮扶" not in assign_topics("工作报告", body, TOPICS + (HELP,))


def test_a_long_report_gets_every_topic_it_has_a_section_on():
    sections = [
        "切实保障女职工权益，落实产假制度，女职工特殊保护不断加强。" * 2,
        "狠抓安全生产，防治职业病，安全生产形势稳定。" * 2,
        "大力弘扬劳动模范精神，表彰劳动模范，劳动模范带头作用明显。" * 2,
        "全力做好困难职工帮扶工作，开展送温暖活动，困难职工生活得到保障。" * 2,
    ]
    body = (FILLER * 150).join(sections)
    got = assign_topics("工作报告", body, TOPICS + (HELP,))
    assert set(got) == {"女职工权益", "安全生产与职业健康", "劳模与先进", "困难帮扶"}


def test_a_phrase_counts_once_not_once_per_keyword_inside_it():
    wage = Topic("工资", {"工资集体协商": 3, "集体协商": 3, "工资": 1})
    once = score_topics("", "推进工资集体协商。", (wage,))["工资"]
    assert once == 3 * 6 / 2


HELP = Topic("困难帮扶", {"困难职工": 3, "送温暖": 3, "帮扶": 2})


def test_shipped_reports_get_topics(corpus_root, resources):
    """Every provincial and State Council work report treats some topic of the taxonomy."""
    from indexer.extract import extract_document

    reports = sorted(
        p
        for folder in ("provincial-reports", "gov-reports")
        for p in (corpus_root / folder).iterdir()
        if p.suffix == ".txt"
    )
    assert reports
    untopiced = [p.name for p in reports if not extract_document(p, corpus_root, resources).topics]
    assert untopiced == []


def test_harbin_report_has_its_hardship_section(corpus_root, resources):
    from indexer.extract import extract_document

    doc = extract_document(corpus_root / HARBIN_REPORT, corpus_root, resources)
    assert "困难帮扶与就业" in doc.topics
    assert "工会组织建设" in doc.topics


def _scores_topic_by_topic(title: str, body: str, topics) -> dict[str, float]:
    """The rule applied one topic at a time, a ``str.find`` scan per keyword."""
    return {
        t.name: TITLE_WEIGHT * sum(v for _, v in evidence(title, t))
        + best_passage(evidence(body, t))
        for t in topics
    }


def test_one_pass_scores_equal_the_rule_topic_by_topic_on_every_shipped_document(
    corpus_root, resources
):
    from indexer.document import Rejected
    from indexer.extract import extract_documents
    from indexer.topic_matcher import TopicMatcher

    matcher = TopicMatcher(resources.topics)
    scored = 0
    for path in sorted(p for p in corpus_root.rglob("*") if p.is_file()):
        try:
            docs = extract_documents(path, corpus_root, resources).documents
        except Rejected:
            continue
        for doc in docs:
            title, body = doc.title or "", doc.body or ""
            expected = _scores_topic_by_topic(title, body, resources.topics)
            assert score_topics(title, body, resources.topics, matcher) == expected, doc.id
            scored += 1
    assert scored


def test_one_pass_keeps_each_topics_longest_non_overlapping_keywords():
    # A keyword shared by two topics with different weights, keywords nested in others
    # and overlapping ones (集体协商 / 协商会), repeated and at the text's edges.
    wage = Topic("工资", {"工资集体协商": 3, "集体协商": 3, "工资": 1, "协商会": 2})
    talks = Topic("协商", {"集体协商": 1, "协商": 2, "会议": 1})
    topics = (wage, talks, Topic("空", {"不出现的词": 3}))
    body = "工资集体协商会议召开，集体协商会、协商会议与工资工资。集体协商"
    title = "关于集体协商会的通知工资"
    got = score_topics(title, body, topics)
    assert got == _scores_topic_by_topic(title, body, topics)
    assert got["工资"] > 0 and got["协商"] > 0 and got["空"] == 0
