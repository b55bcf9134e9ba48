"""What people type into the search box before they finish: prefixes for /api/suggest.

Drawn from the benchmark's own text queries: the first one to four characters of each,
the first syllables of its pinyin (gongh) and its pinyin initials (ghj), so completions
are measured on Chinese, pinyin and initials alike.
"""

from __future__ import annotations

import random
from urllib.parse import urlencode

from bench.queries import BenchQuery
from search.pinyin_input import keys


def suggest_prefixes(queries: list[BenchQuery], limit: int, seed: int = 14) -> list[str]:
    out: list[str] = []
    for bq in queries:
        text = "".join(bq.q.split())
        if not text:
            continue
        for n in (1, 2, 3, 4):
            if len(text) >= n:
                out.append(text[:n])
        full, initials = keys(text[:4])
        if full:
            out.append(full[: max(2, len(full) * 2 // 3)])
        if len(initials) >= 2:
            out.append(initials[:3])
    rng = random.Random(seed)
    rng.shuffle(out)
    return out[:limit]


def suggest_url(base: str, prefix: str) -> str:
    return f"{base}/api/suggest?{urlencode([('q', prefix)])}"
