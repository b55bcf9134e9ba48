"""Assign taxonomy topics (corpus/topics.toml) to a document.

Rule (see corpus/README.md, "How topics are assigned")
------------------------------------------------------
A document is tagged with every topic it *substantially treats*: some passage of it
holds enough evidence for the topic, or its title names the topic.

* Evidence: each occurrence of one of the topic's keywords is worth
  ``weight * len(keyword) / 2``. Occurrences are counted longest first and never overlap
  (工资集体协商 counts once, not also as 集体协商 and 工资), so one phrase is one piece of
  evidence.
* Passage: the best run of :data:`PASSAGE_CHARS` characters, i.e. about one section of a
  report. A short document is a single passage, so the rule is its density; in a long
  report each section is judged on its own, and a topic treated in one section is found
  however long the rest of the report is. The threshold is therefore a density that scales
  with length: ``MIN_EVIDENCE`` per ``min(len(body), PASSAGE_CHARS)`` characters.
* Title: evidence in the title counts ``TITLE_WEIGHT`` times.

``score = TITLE_WEIGHT × title evidence + best passage evidence``; a topic is tagged when
``score ≥ MIN_EVIDENCE`` and ``score ≥ RELATIVE_SCORE × the best topic's score`` (a law
that lists 工资、工时、女职工 in passing is not about all of them), best first. There is no
cap on the number of topics: a work report that has a section on ten topics gets ten.
"""

from __future__ import annotations

from indexer.resources import Topic
from indexer.topic_matcher import TopicMatcher, non_overlapping

TITLE_WEIGHT = 4.0
PASSAGE_CHARS = 2000
# Two mentions of a defining four-character term (困难职工) in one passage, four of a
# defining two-character one (劳模), or twelve of an ordinary word (就业).
MIN_EVIDENCE = 12.0
RELATIVE_SCORE = 0.2


def evidence(text: str, topic: Topic) -> list[tuple[int, float]]:
    """(position, value) of each non-overlapping keyword occurrence, longest keyword first.

    The rule for one topic; :class:`TopicMatcher` gives the same for all topics at once.
    """
    found: list[tuple[int, int, float]] = []
    for keyword, weight in topic.keywords.items():
        start = text.find(keyword)
        while start != -1:
            found.append((start, len(keyword), weight * len(keyword) / 2))
            start = text.find(keyword, start + 1)
    return non_overlapping(found)


def best_passage(found: list[tuple[int, float]], width: int = PASSAGE_CHARS) -> float:
    """The largest evidence total of occurrences starting within ``width`` characters."""
    best = total = 0.0
    first = 0
    for pos, value in found:
        total += value
        while found[first][0] <= pos - width:
            total -= found[first][1]
            first += 1
        best = max(best, total)
    return best


def score_topics(
    title: str, body: str, topics: tuple[Topic, ...], matcher: TopicMatcher | None = None
) -> dict[str, float]:
    """Each topic's score; ``matcher`` is ``topics``' own (built here when not given)."""
    matcher = matcher or TopicMatcher(topics)
    in_title, in_body = matcher.evidence(title), matcher.evidence(body)
    scores = {}
    for index, name in enumerate(matcher.names):
        title_total = sum(value for _, value in in_title.get(index, ()))
        scores[name] = TITLE_WEIGHT * title_total + best_passage(in_body.get(index, []))
    return scores


def assign_topics(
    title: str, body: str, topics: tuple[Topic, ...], matcher: TopicMatcher | None = None
) -> list[str]:
    scores = score_topics(title, body, topics, matcher)
    floor = max(MIN_EVIDENCE, RELATIVE_SCORE * max(scores.values(), default=0.0))
    return [
        name for name, score in sorted(scores.items(), key=lambda item: -item[1]) if score >= floor
    ]
