"""Did-you-mean's two sides, measured on strings drawn from the documents (issue 11).

A string typed without spaces that occurs nowhere is either a slip (劳东合同 for 劳动合同),
which should be corrected, or words the user put together that no document writes side
by side (到场当事人, drawn across 到场；当事人), whose page of the words as typed should
stay. Two seeded lists are drawn from the extracted texts, never from a judged set:

- **typos**: a real phrase (1-3 consecutive jieba words, 2-8 characters, no break
  inside) with one slip, its kind drawn per phrase: a homophone of one character (its
  pypinyin reading in the phrase; the substitute is one of the corpus's commonest
  characters read alike), one character dropped, or one doubled. Expected: the page is
  the phrase's (``SearchResult.corrected`` is the phrase).
- **joins**: the one or two jieba words before a clause break (，。；：、) and the one or
  two after it, typed without the break. Expected: not replaced (the rate); how often the
  first hit is a document holding the spot (the two sides with their break) is shown
  beside it, a matter of the fallback's ranking among documents holding both words.

Only strings found nowhere in the texts are kept (the Ctrl-F oracle: ``str.find`` over
the normalised titles and bodies). Near-shape slips are not drawn: nothing here knows
which characters look alike.

``python -m bench.spelling_cases`` measures the shipped corpus (``make eval`` prints
the same section); ``--index DIR --corpus DIR`` measures an existing index of a corpus
(the laws), opened read-only through symlinks in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.data import ExtractedDoc

SEED = 14
N_CASES = 60
BREAKS = "，。；：、"
KINDS = ("homophone", "drop", "double")
MAX_CHARS = 12  # longer strings are not typo-checked (search.spelling.MAX_WORD_CHARS)
HOMOPHONE_CHOICES = 5  # the substitute: one of this many commonest characters read alike


@dataclass(frozen=True)
class TypoCase:
    typed: str
    phrase: str  # the real phrase it was made from: the expected correction
    kind: str  # homophone | drop | double


@dataclass(frozen=True)
class JoinCase:
    typed: str
    spot: str  # the words with their break, as the document writes them
    docs: frozenset[str]  # ids of the documents holding the spot


@dataclass
class CaseOutcomes:
    typos: list[tuple[TypoCase, str | None, str | None]]  # (case, corrected, suggestion)
    joins: list[tuple[JoinCase, str | None, str | None, bool]]  # (..., spot doc first)

    @property
    def typo_rate(self) -> float:
        return sum(c == t.phrase for t, c, _ in self.typos) / max(1, len(self.typos))

    @property
    def join_rate(self) -> float:
        return sum(c is None for _, c, _, _ in self.joins) / max(1, len(self.joins))


def _chinese_word(word: str) -> bool:
    return len(word) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in word)


class _Texts:
    """The normalised titles and bodies, and what the draws need of them."""

    def __init__(self, docs: list[ExtractedDoc]) -> None:
        from indexer.analysis import normalize

        self.docs = [(d.id, normalize(d.title), normalize(d.body)) for d in docs]
        self.docs = [(i, t, b) for i, t, b in self.docs if len(b) >= 40]
        self.joined = "\x00".join(t + "\x00" + b for _, t, b in self.docs)
        self.chars = Counter(c for c in self.joined if "\u4e00" <= c <= "\u9fff")

    def occurs(self, s: str) -> bool:
        return s in self.joined

    def holding(self, s: str) -> frozenset[str]:
        return frozenset(i for i, t, b in self.docs if s in b or s in t)


def _words(analyzer, text: str, rng: random.Random) -> tuple[str, list[tuple[str, int, int]]]:
    """A 200-character window of ``text`` at a random place and its jieba words (word,
    start, end), the first one dropped (it may be cut)."""
    start = rng.randrange(0, max(1, len(text) - 200))
    window = text[start : start + 200]
    spans = [(w, s, e) for w, _, s, e in analyzer.word_spans(window)][1:]
    return window, spans


def _homophones(texts: _Texts) -> dict[str, list[str]]:
    """Reading → the corpus's characters read so, commonest first."""
    from indexer.pinyin import syllables

    by_reading: dict[str, list[str]] = {}
    for ch, _ in texts.chars.most_common():
        reading = (syllables(ch) or [""])[0]
        if reading:
            by_reading.setdefault(reading, []).append(ch)
    return by_reading


def _slip(rng: random.Random, phrase: str, homophones: dict[str, list[str]]) -> tuple[str, str]:
    from indexer.pinyin import syllables

    kind = rng.choice(KINDS)
    pos = rng.randrange(len(phrase))
    if kind == "drop":
        return phrase[:pos] + phrase[pos + 1 :], kind
    if kind == "double":
        return phrase[: pos + 1] + phrase[pos:], kind
    readings = syllables(phrase)
    if len(readings) != len(phrase):
        return phrase, kind
    alike = [c for c in homophones.get(readings[pos], ()) if c != phrase[pos]]
    if not alike:
        return phrase, kind
    sub = rng.choice(alike[:HOMOPHONE_CHOICES])
    return phrase[:pos] + sub + phrase[pos + 1 :], kind


def _windows(texts: _Texts, analyzer, rng: random.Random, out: list, n: int):
    """A random document's window of words at a time, until ``out`` holds ``n`` cases
    (at most ``n`` × 200 draws: a small corpus may not have that many)."""
    for _ in range(n * 200):
        if len(out) >= n:
            return
        _, _, body = rng.choice(texts.docs)
        yield _words(analyzer, body, rng)


def make_typos(texts: _Texts, analyzer, n: int = N_CASES, seed: int = SEED) -> list[TypoCase]:
    rng = random.Random(seed)
    homophones = _homophones(texts)
    out: list[TypoCase] = []
    seen: set[str] = set()
    for window, spans in _windows(texts, analyzer, rng, out, n):
        k = rng.choice((1, 1, 2, 2, 3))
        for i in range(len(spans) - k):
            run = spans[i : i + k]
            joined = all(run[j][2] == run[j + 1][1] for j in range(k - 1))
            if not joined or not all(_chinese_word(w) for w, _, _ in run):
                continue
            phrase = window[run[0][1] : run[-1][2]]
            if 2 <= len(phrase) <= 8:
                break
        else:
            continue
        typed, kind = _slip(rng, phrase, homophones)
        if len(typed) < 2 or typed in seen or texts.occurs(typed):
            continue
        seen.add(typed)
        out.append(TypoCase(typed, phrase, kind))
    return out


def make_joins(texts: _Texts, analyzer, n: int = N_CASES, seed: int = SEED) -> list[JoinCase]:
    rng = random.Random(seed + 1)
    out: list[JoinCase] = []
    seen: set[str] = set()
    for window, spans in _windows(texts, analyzer, rng, out, n):
        before, after = rng.choice((1, 1, 2)), rng.choice((1, 1, 2))
        for i in range(before, len(spans) - after + 1):
            left, right = spans[i - before : i], spans[i : i + after]
            gap = window[left[-1][2] : right[0][1]]
            if len(gap) != 1 or gap not in BREAKS:
                continue
            sides = left + right
            if not all(_chinese_word(w) for w, _, _ in sides):
                continue
            if any(a[2] != b[1] for a, b in zip(left, left[1:], strict=False)) or any(
                a[2] != b[1] for a, b in zip(right, right[1:], strict=False)
            ):
                continue
            break
        else:
            continue
        typed = "".join(w for w, _, _ in sides)
        spot = window[left[0][1] : right[-1][2]]
        if len(typed) > MAX_CHARS or typed in seen or texts.occurs(typed):
            continue
        seen.add(typed)
        out.append(JoinCase(typed, spot, texts.holding(spot)))
    return out


def measure(searcher, typos: list[TypoCase], joins: list[JoinCase]) -> CaseOutcomes:
    from search.models import SearchRequest

    outcomes = CaseOutcomes([], [])
    for t in typos:
        r = searcher.search(SearchRequest(q=t.typed))
        outcomes.typos.append((t, r.corrected, r.suggestion))
    for j in joins:
        r = searcher.search(SearchRequest(q=j.typed))
        first = bool(r.hits) and r.hits[0].id in j.docs
        outcomes.joins.append((j, r.corrected, r.suggestion, first))
    return outcomes


def cases(docs: list[ExtractedDoc], analyzer, n: int = N_CASES, seed: int = SEED):
    texts = _Texts(docs)
    return make_typos(texts, analyzer, n, seed), make_joins(texts, analyzer, n, seed)


def report_lines(o: CaseOutcomes, examples: int = 0, seed: int = SEED) -> list[str]:
    """The eval report's section: the two rates, and what happened to the rest."""
    typo_n, join_n = len(o.typos), len(o.joins)
    by_kind = Counter(t.kind for t, _, _ in o.typos)
    fixed = Counter(t.kind for t, c, _ in o.typos if c == t.phrase)
    other = sum(c is not None and c != t.phrase for t, c, _ in o.typos)
    offered = sum(c is None and s == t.phrase for t, c, s in o.typos)
    replaced = sum(c is not None for _, c, _, _ in o.joins)
    kept_first = sum(c is None and first for _, c, _, first in o.joins)
    kept_offered = sum(c is None and s is not None for _, c, s, _ in o.joins)
    lines = [
        f"Two seeded lists drawn from the documents (`bench/spelling_cases.py`, seed {seed}): "
        f"{typo_n} real phrases with one slip each, found nowhere "
        f"({', '.join(f'{k} {by_kind[k]}' for k in KINDS)}), and {join_n} strings drawn "
        f"across a clause break ({BREAKS}) and typed without it, found nowhere.",
        "",
        "| list | expected | rate | other outcomes |",
        "| --- | --- | ---: | --- |",
        f"| typos | corrected to the phrase | **{o.typo_rate:.2f}** ({sum(fixed.values())}/"
        f"{typo_n}: {', '.join(f'{k} {fixed[k]}/{by_kind[k]}' for k in KINDS)}) | "
        f"corrected to another string {other}; only offered {offered} |",
        f"| joins | not replaced (the page of their words) | **{o.join_rate:.2f}** "
        f"({join_n - replaced}/{join_n}) | kept with the correction offered {kept_offered}; "
        f"kept with the spot's document first {kept_first} |",
    ]
    if examples:
        lines += [
            "",
            "| typed | expected | corrected | suggestion | ok |",
            "| --- | --- | --- | --- | --- |",
        ]
        for t, c, s in o.typos[:examples]:
            lines.append(
                f"| {t.typed} ({t.kind}) | {t.phrase} | {c or ''} | {s or ''} | {c == t.phrase} |"
            )
        for j, c, s, first in o.joins[:examples]:
            lines.append(
                f"| {j.typed} | {j.spot} kept | {c or ''} | {s or ''} | {c is None and first} |"
            )
    return lines


def corpus_lines(
    searcher, corpus: Path, n: int = N_CASES, examples: int = 0, seed: int = SEED
) -> list[str]:
    """Both lists drawn from ``corpus`` and measured on ``searcher`` (an index of it)."""
    from bench import data
    from indexer.analysis import Analyzer
    from union_search.config import Config

    resources = Config(corpus_dir=corpus).with_paths_resolved().resources_dir
    docs = data.extract_all(corpus, resources)
    with tempfile.TemporaryDirectory(prefix="union-search-spelling-") as tmp:
        analyzer = Analyzer.from_resources(resources, Path(tmp) / "jieba").load()
        typos, joins = cases(docs, analyzer, n, seed)
    return report_lines(measure(searcher, typos, joins), examples, seed)


def _open_readonly(index: Path, tmp: Path) -> Path:
    """A folder of symlinks to ``index``'s generations, so nothing is written into it."""
    link = tmp / "index"
    link.mkdir()
    for p in index.iterdir():
        if p.name.startswith("gen-") or p.name == "CURRENT":
            (link / p.name).symlink_to(p.resolve())
    return link


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.spelling_cases", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--index", type=Path, help="an existing index of --corpus (read only)")
    ap.add_argument("--corpus", type=Path, help="the corpus the index was built from")
    ap.add_argument("--n", type=int, default=N_CASES)
    ap.add_argument("--seed", type=int, default=SEED, help="another seed draws new lists")
    ap.add_argument("--examples", type=int, default=0, help="print this many cases of each list")
    args = ap.parse_args(argv)

    from bench.eval import CORPUS_DOCS, shipped_searcher
    from search import open_searcher
    from union_search.config import Config

    corpus = args.corpus or CORPUS_DOCS
    if args.index:
        with tempfile.TemporaryDirectory(prefix="union-search-spelling-") as tmp:
            config = Config(
                corpus_dir=corpus, index_dir=_open_readonly(args.index, Path(tmp))
            ).with_paths_resolved()
            with open_searcher(config) as searcher:
                lines = corpus_lines(searcher, corpus, args.n, args.examples, args.seed)
    else:
        with shipped_searcher(corpus) as (searcher, _):
            lines = corpus_lines(searcher, corpus, args.n, args.examples, args.seed)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
