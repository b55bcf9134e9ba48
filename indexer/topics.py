"""Assign taxonomy topics (corpus/topics.toml) to a document.

Rule
----
For every topic, each keyword ``k`` with weight ``w`` contributes::

    w * len(k) / 2 * (TITLE_WEIGHT * hits_in_title + hits_in_body * 1000 / max(len(body), 1000))

so longer (more specific) keywords count more, a title hit counts as much as
``TITLE_WEIGHT`` body hits per thousand characters, and body hits are a density: a long
report does not collect every topic just by being long.

A topic is tagged when its score is at least ``MIN_SCORE`` and at least
``RELATIVE_SCORE`` times the best topic's score; at most ``MAX_TOPICS`` topics are kept,
best first.
"""

from __future__ import annotations

from indexer.resources import Topic

TITLE_WEIGHT = 8.0
MIN_SCORE = 6.0
RELATIVE_SCORE = 0.2
MAX_TOPICS = 4


def score_topics(title: str, body: str, topics: tuple[Topic, ...]) -> dict[str, float]:
    per_thousand = 1000 / max(len(body), 1000)
    scores = {}
    for topic in topics:
        score = 0.0
        for keyword, weight in topic.keywords.items():
            hits = TITLE_WEIGHT * title.count(keyword) + body.count(keyword) * per_thousand
            score += weight * len(keyword) / 2 * hits
        scores[topic.name] = score
    return scores


def assign_topics(title: str, body: str, topics: tuple[Topic, ...]) -> list[str]:
    scores = score_topics(title, body, topics)
    if not scores:
        return []
    best = max(scores.values())
    chosen = [
        name
        for name, score in sorted(scores.items(), key=lambda item: -item[1])
        if score >= MIN_SCORE and score >= RELATIVE_SCORE * best
    ]
    return chosen[:MAX_TOPICS]
