"""新旧对照: two versions of a law compared article by article.

Articles are aligned in order: identical texts first (difflib's matching blocks over the
article lists), then, inside each run of differing articles, pairs chosen by dynamic
programming on character-bigram similarity, in order, so a renumbered or rewritten
article is paired with its successor and not reported as removed plus added. Inside a
changed pair the differing characters are marked (difflib on characters); all text is
escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape

from indexer.units import Unit
from search.models import Version

SIMILAR = 0.35  # below this bigram similarity two articles are not one article changed
_LABEL = re.compile(r"^第\S+?条(?:之\S+?)?[\s　]*")


@dataclass
class Article:
    label: str
    anchor: str
    text: str  # without its 第N条 label


@dataclass
class DiffRow:
    kind: str  # same, changed, added, removed
    old: Article | None
    new: Article | None
    old_html: str = ""
    new_html: str = ""


@dataclass
class LawDiff:
    old: Version
    new: Version
    rows: list[DiffRow]

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)


def articles(text: str, units: list[Unit]) -> list[Article]:
    out = []
    for u in units:
        if u.kind == "条":
            body = text[u.start : u.end]
            out.append(Article(u.label, u.anchor, _LABEL.sub("", body, count=1).strip()))
    return out


def _grams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} or {s}


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _pair_run(old: list[Article], new: list[Article]) -> list[tuple[int | None, int | None]]:
    """Order-preserving pairs of a run of differing articles (None: added/removed)."""
    go = [_grams(a.text) for a in old]
    gn = [_grams(a.text) for a in new]
    n, m = len(old), len(new)
    sim = [[_similarity(go[i], gn[j]) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= SIMILAR else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= SIMILAR and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs.extend((k, None) for k in range(i, n))
    pairs.extend((None, k) for k in range(j, m))
    return pairs


def char_diff(a: str, b: str) -> tuple[str, str]:
    """Both texts escaped, with <del> / <ins> around the characters that differ."""
    old, new = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            old.append(escape(a[i1:i2]))
            new.append(escape(b[j1:j2]))
            continue
        if i2 > i1:
            old.append(f"<del>{escape(a[i1:i2])}</del>")
        if j2 > j1:
            new.append(f"<ins>{escape(b[j1:j2])}</ins>")
    return "".join(old), "".join(new)


def diff_articles(old: list[Article], new: list[Article]) -> list[DiffRow]:
    rows: list[DiffRow] = []
    matcher = SequenceMatcher(None, [a.text for a in old], [a.text for a in new], autojunk=False)
    i = j = 0
    for bi, bj, size in matcher.get_matching_blocks():
        for pi, pj in _pair_run(old[i:bi], new[j:bj]):
            a = old[i + pi] if pi is not None else None
            b = new[j + pj] if pj is not None else None
            if a and b:
                old_html, new_html = char_diff(a.text, b.text)
                kind = "same" if a.text == b.text else "changed"
                rows.append(DiffRow(kind, a, b, old_html, new_html))
            elif a:
                rows.append(DiffRow("removed", a, None, escape(a.text), ""))
            else:
                rows.append(DiffRow("added", None, b, "", escape(b.text)))
        for k in range(size):
            a, b = old[bi + k], new[bj + k]
            rows.append(DiffRow("same", a, b, escape(a.text), escape(b.text)))
        i, j = bi + size, bj + size
    return rows
