"""What the engines compared with union-search have in common.

Each comparison engine (``naive.py``, ``fts5.py``, ``tantivy_engine.py``) answers a
:class:`BenchQuery` with an :class:`Answer`: the total, the top 10 ids, one snippet per hit
with ``<mark>`` on the ORIGINAL text, and year/district/topic/doc_type counts over the result
set. ``matching_ids`` gives every document a text query matches (no filters, not timed), for
recall against the Ctrl-F oracle.

FTS5 and tantivy are fed jieba-pretokenized text, as their users would have to: each title
and body is cut by jieba (precise mode, HMM off, the union dictionary: the same analysis as
union-search's word field, so the jieba bound is the same work) over the width/case-folded
text, each block's words remembered in each process as union-search's reindex does, and the
ORIGINAL text is stored with :data:`SEP` between the words. Both engines split on ``SEP``
(and on punctuation and spaces), so their words are jieba's; removing ``SEP`` from any
stored fragment gives back the original characters exactly, which is how their snippets are
mapped back onto the original text.

``python -m bench.engines build ENGINE DOCS_PICKLE OUT_DIR`` builds one engine's index in a
process of its own (so its peak RSS can be polled) and prints its timings as JSON.
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing as mp
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bench.data import ExtractedDoc
from bench.queries import BenchQuery

# Between two jieba words in the stored text; a control character, so FTS5's unicode61
# tokenizer and the tantivy regex tokenizer both treat it as a separator, and one byte.
SEP = "\x1f"
# Where an engine marks a match inside a fragment (private-use: never in the texts).
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
FACETS = ("year", "district", "topic", "doc_type")
TOP = 10
BROWSE_SNIPPET_CHARS = 120


@dataclass
class Answer:
    total: int
    ids: list[str]
    snippets: list[str]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class Engine(Protocol):
    name: str

    def search(self, bq: BenchQuery) -> Answer: ...

    def matching_ids(self, q: str) -> set[str]: ...

    def close(self) -> None: ...


@dataclass
class BuildTimes:
    jieba_s: float  # tokenizing every title and body on the pool
    write_s: float  # the engine's writer, commit included
    seconds: float  # both


# -- jieba pretokenization ----------------------------------------------------------

_pool_analyzer = None
# Each pool process's jieba words by block: union-search's reindex workers remember each
# block's words (``indexer.analysis.BlockWords``: jieba cuts a text block by block, each on
# its own, and clauses repeat across documents), and any user pretokenizing for FTS5 or
# tantivy can do the same, so the baselines get the same shortcut, bounded the same way:
# the build ratios then compare the engines, not the shortcut.
# Not ``BlockWords`` itself: it keeps only the words an index needs (punctuation and spaces
# are dropped as a block is first cut), while the stored text here needs every token
# jieba's public ``cut`` gives, for the offsets back into the original text. Serving both
# would take a keep-every-token mode inside the reindex's per-block cut, for the bench
# alone; what they would share is this dict and its bound.
_pool_blocks: dict[str, tuple[str, ...]] = {}


def _words(folded: str) -> list[str]:
    """jieba's tokens of ``folded`` (``Tokenizer.cut``, HMM off), remembered per block."""
    from indexer.analysis import BLOCK_WORDS_LIMIT
    from indexer.jieba_adapter import split_blocks

    out: list[str] = []
    for block in split_blocks(folded):
        words = _pool_blocks.get(block)
        if words is None:
            if len(_pool_blocks) >= BLOCK_WORDS_LIMIT:
                _pool_blocks.clear()
            # A block alone is cut as ``cut`` of the whole text cuts it.
            words = _pool_blocks[block] = tuple(_pool_analyzer.tokenizer().cut(block, HMM=False))
        out.extend(words)
    return out


def _cut(text: str) -> str:
    """``text`` with SEP between its jieba words (cut on the folded text, same length)."""
    from indexer.analysis import normalize

    text = text.replace(SEP, " ")
    out, pos = [], 0
    for word in _words(normalize(text)):
        out.append(text[pos : pos + len(word)])
        pos += len(word)
    return SEP.join(out)


def _cut_doc(pair: tuple[str, str]) -> tuple[str, str]:
    return _cut(pair[0]), _cut(pair[1])


def pretokenize(
    docs: list[ExtractedDoc], resources_dir: Path, cache_dir: Path, jobs: int = 2
) -> list[tuple[str, str]]:
    """(title, body) of each doc with SEP between jieba words, on a fork pool of ``jobs``
    processes (the dictionary is loaded once in the parent, as union-search's reindex does)."""
    from indexer.analysis import Analyzer

    global _pool_analyzer
    _pool_analyzer = Analyzer.from_resources(resources_dir, cache_dir).load()
    pairs = [(d.title, d.body) for d in docs]
    if jobs <= 1:
        return [_cut_doc(p) for p in pairs]
    with mp.get_context("fork").Pool(jobs) as pool:
        return pool.map(_cut_doc, pairs, chunksize=16)


def query_phrases(q: str, analyzer) -> list[list[str]]:
    """One phrase (jieba words, in order) per space-separated part of ``q``: every part must
    occur, as in union-search's default phrase matching."""
    phrases = []
    for part in q.split():
        words = analyzer.query_words(part)
        if words:
            phrases.append(words)
    return phrases


# -- snippets on the original text ----------------------------------------------------


def render_marked(fragment: str) -> str:
    """A fragment of stored text with MARK_OPEN/MARK_CLOSE around matches → HTML of the
    original characters (SEP removed, escaped) with ``<mark>`` around the matches."""
    text = html.escape(fragment.replace(SEP, ""), quote=False)
    return text.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


def word_aligned_snippet(stored: str, phrases: list[list[str]], width: int = 60) -> str | None:
    """A snippet of ``stored`` (text with SEP between words) around the first place where
    one of ``phrases`` occurs as whole consecutive words, every such occurrence in it
    marked; None if there is none (or lower-casing would shift offsets).

    This is what a phrase query over SEP-separated words matched, found by C-speed
    ``str.find`` on the stored text rather than by re-tokenizing the whole document.
    """
    low = stored.lower()
    if len(low) != len(stored):
        return None
    padded = SEP + low + SEP
    needles = [SEP + SEP.join(w.lower() for w in words) + SEP for words in phrases]
    firsts = [i for i in (padded.find(n) for n in needles) if i >= 0]
    if not firsts:
        return None
    # Stored text has about one SEP per two characters: twice the width each side.
    lo = max(0, min(firsts) - 2 * width)
    hi = min(len(stored), min(firsts) + 4 * width)
    spans = []
    for n in needles:
        i = padded.find(n, lo)
        while 0 <= i < hi:
            spans.append((i, i + len(n) - 2))  # padded i+1 .. = stored i .. i+len-2
            i = padded.find(n, i + 1)
    pieces, pos = [], lo
    for start, end in sorted(spans):
        if start < pos:
            continue  # overlapping occurrences: the first one is marked
        pieces += [stored[pos:start], MARK_OPEN, stored[start:end], MARK_CLOSE]
        pos = end
    pieces.append(stored[pos:hi])
    lead = "…" if lo > 0 else ""
    tail = "…" if hi < len(stored) else ""
    return lead + render_marked("".join(pieces)) + tail


def browse_snippet(stored_body: str) -> str:
    return html.escape(stored_body.replace(SEP, "")[:BROWSE_SNIPPET_CHARS], quote=False)


# -- the build subprocess -----------------------------------------------------------


def build(engine: str, docs: list[ExtractedDoc], out: Path, resources_dir: Path, jobs: int):
    """Pretokenize ``docs`` with jieba on ``jobs`` processes, then write ``engine``'s index."""
    if engine == "naive":
        from bench import naive

        seconds = naive.build_naive(docs, out)
        return BuildTimes(0.0, seconds, seconds)
    started = time.perf_counter()
    texts = pretokenize(docs, resources_dir, out.parent / "jieba-cache", jobs)
    cut = time.perf_counter()
    if engine == "fts5":
        from bench import fts5

        fts5.build_fts5(docs, texts, out)
    elif engine == "tantivy":
        from bench import tantivy_engine

        tantivy_engine.build_tantivy(docs, texts, out, jobs)
    else:
        raise ValueError(f"unknown engine {engine!r}")
    done = time.perf_counter()
    return BuildTimes(cut - started, done - cut, done - started)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.engines")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build one engine's index and print its timings as JSON")
    b.add_argument("engine", choices=("naive", "fts5", "tantivy"))
    b.add_argument("docs", type=Path, help="pickled list of ExtractedDoc")
    b.add_argument("out", type=Path)
    b.add_argument("--resources", type=Path, required=True)
    b.add_argument("--jobs", type=int, default=2)
    args = p.parse_args(argv)
    with args.docs.open("rb") as f:
        docs = pickle.load(f)
    times = build(args.engine, docs, args.out, args.resources, args.jobs)
    json.dump(times.__dict__, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
