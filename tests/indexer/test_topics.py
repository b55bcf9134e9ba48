"""Topic tagging: title hits weigh most, body hits are a density, few topics per doc."""

from __future__ import annotations

import tomllib

from indexer.resources import Topic
from indexer.topics import MAX_TOPICS, assign_topics, score_topics
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
        corpus_root / "laws/state-council-regulations/0172-女职工劳动保护特别规定.txt",
        corpus_root,
        resources,
    )
    assert doc.topics[0] == "女职工权益"
    assert len(doc.topics) <= MAX_TOPICS
