"""Pure relevance metrics of the judged query set: no index, no I/O, unit-tested."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def first_relevant_rank(ranked: Sequence[str], relevant: Iterable[str]) -> int | None:
    """1-based rank of the first relevant id in ``ranked``, or None."""
    wanted = set(relevant)
    for rank, doc_id in enumerate(ranked, start=1):
        if doc_id in wanted:
            return rank
    return None


def hit_at(ranked: Sequence[str], relevant: Iterable[str], k: int) -> bool:
    rank = first_relevant_rank(ranked[:k], relevant)
    return rank is not None


def reciprocal_rank(ranked: Sequence[str], relevant: Iterable[str], depth: int = 10) -> float:
    """1/rank of the first relevant id within ``depth``; 0 when none is there."""
    rank = first_relevant_rank(ranked[:depth], relevant)
    return 1.0 / rank if rank else 0.0


@dataclass(frozen=True)
class SetScore:
    precision: float
    recall: float
    f1: float
    missing: tuple[str, ...]  # expected but not found
    extra: tuple[str, ...]  # found but not expected


def set_scores(found: Iterable[str], expected: Iterable[str]) -> SetScore:
    """Exact-set precision/recall/F1 of a full result set against the oracle set.

    An empty result has precision 1 (it claims nothing wrong) and recall 0 unless nothing
    was expected; two empty sets score 1 everywhere.
    """
    f, e = set(found), set(expected)
    tp = len(f & e)
    precision = tp / len(f) if f else 1.0
    recall = tp / len(e) if e else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SetScore(precision, recall, f1, tuple(sorted(e - f)), tuple(sorted(f - e)))


def plain_text(snippet_html: str) -> str:
    """A snippet as the reader sees it: tags removed, entities decoded."""
    return html.unescape(_TAG.sub("", snippet_html))


def shows_answer(snippet_html: str, answer: str, key: str | None = None) -> bool:
    """True when the snippet holds the answer text or its key phrase (spaces ignored)."""
    text = _SPACE.sub("", plain_text(snippet_html))
    return any(_SPACE.sub("", s) in text for s in (answer, key) if s)


def unit_label_matches(label: str, article: str) -> bool:
    """A unit label such as "第四十四条" or "第四十四条 【加班工资】" names ``article``."""
    label = label.strip()
    return label == article or label.split(maxsplit=1)[0] == article if label else False


def article_hit(
    top: Sequence[tuple[str, str | None]], doc_id: str, article: str, k: int = 3
) -> bool:
    """``top`` = (id, label of the hit's best unit or None) best first: is the expected
    document within ``k`` with ``article`` as its best unit?"""
    return any(i == doc_id and label and unit_label_matches(label, article) for i, label in top[:k])


def suggests(offered: str | None, standard: str) -> bool:
    """Does a "did you mean" suggestion name the standard form (spaces ignored)?"""
    if not offered:
        return False
    return _SPACE.sub("", standard) in _SPACE.sub("", plain_text(offered))


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class TopicScore:
    topic: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def topic_scores(
    gold: Mapping[str, Iterable[str]], found: Mapping[str, Iterable[str]], topics: Iterable[str]
) -> list[TopicScore]:
    """Per-topic counts over the gold documents (documents missing from ``found`` have no
    topics). ``topics`` fixes the order; topics met only in the data are appended."""
    order = list(dict.fromkeys(topics))
    for labels in list(gold.values()) + list(found.values()):
        for t in labels:
            if t not in order:
                order.append(t)
    scores = []
    for topic in order:
        tp = fp = fn = 0
        for doc_id, labels in gold.items():
            g = topic in set(labels)
            f = topic in set(found.get(doc_id, ()))
            tp += g and f
            fp += f and not g
            fn += g and not f
        scores.append(TopicScore(topic, tp, fp, fn))
    return scores


def micro(scores: Iterable[TopicScore]) -> TopicScore:
    scores = list(scores)
    return TopicScore(
        "micro", sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores)
    )
