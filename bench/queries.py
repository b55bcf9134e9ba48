"""A fixed, seeded query set drawn from the indexed texts themselves."""

from __future__ import annotations

import random
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.data import ExtractedDoc

# How often a query carries each filter (taken from the document it was drawn from, so
# most filtered queries still have hits).
P_YEAR = 0.2
P_DISTRICT = 0.2
P_TOPIC = 0.1


@dataclass(frozen=True)
class BenchQuery:
    q: str
    year: int | None = None
    district: str | None = None
    topic: str | None = None

    def params(self, per_page: int = 10) -> str:
        pairs: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        if self.year is not None:
            pairs.append(("year", str(self.year)))
        if self.district:
            pairs.append(("district", self.district))
        if self.topic:
            pairs.append(("topic", self.topic))
        pairs.append(("per_page", str(per_page)))
        return urlencode(pairs)

    def label(self) -> str:
        parts = [repr(self.q)]
        parts += [f"{k}={v}" for k in ("year", "district", "topic") if (v := getattr(self, k))]
        return " ".join(parts)


def _is_chinese_word(word: str) -> bool:
    return len(word) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in word)


def _phrase(rng: random.Random, doc: ExtractedDoc, analyzer) -> str | None:
    """1-6 consecutive Chinese jieba words from a random spot of ``doc``."""
    from indexer.analysis import normalize

    text = doc.body or doc.title
    if len(text) < 20:
        return None
    start = rng.randrange(0, max(1, len(text) - 200))
    words = [w for w, *_ in analyzer.word_spans(normalize(text[start : start + 200]))][1:]
    n = rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5, 6))
    for i in range(len(words) - n):
        window = words[i : i + n]
        if all(_is_chinese_word(w) for w in window):
            # Mostly a phrase typed as it reads; sometimes words separated by spaces.
            return " ".join(window) if n > 1 and rng.random() < 0.3 else "".join(window)
    return None


def _filters(rng: random.Random, doc: ExtractedDoc) -> dict:
    f: dict = {}
    if doc.year and rng.random() < P_YEAR:
        f["year"] = doc.year
    if doc.district and rng.random() < P_DISTRICT:
        f["district"] = doc.district
    if doc.topics and rng.random() < P_TOPIC:
        f["topic"] = doc.topics[0]
    return f


def make_queries(docs: list[ExtractedDoc], n: int, analyzer, seed: int = 11) -> list[BenchQuery]:
    """``n`` text queries: real phrases of 1-6 jieba words (as ``analyzer`` splits them),
    some with filters."""
    rng = random.Random(seed)
    out: list[BenchQuery] = []
    seen: set[BenchQuery] = set()
    attempts = 0
    while len(out) < n and attempts < n * 50:
        attempts += 1
        doc = rng.choice(docs)
        phrase = _phrase(rng, doc, analyzer)
        if not phrase:
            continue
        q = BenchQuery(phrase, **_filters(rng, doc))
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def make_browse(docs: list[ExtractedDoc], n: int, seed: int = 13) -> list[BenchQuery]:
    """``n`` browse requests (no text): the bare front page, then filter combinations."""
    rng = random.Random(seed)
    out = [BenchQuery("")]
    while len(out) < n:
        doc = rng.choice(docs)
        f: dict = {}
        r = rng.random()
        if doc.year and r < 0.6:
            f["year"] = doc.year
        if doc.district and (r >= 0.3 or not f):
            f["district"] = doc.district
        if doc.topics and rng.random() < 0.2:
            f["topic"] = doc.topics[0]
        out.append(BenchQuery("", **f))
    return out
