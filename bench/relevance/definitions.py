"""Which failing questions the laws' own definitions could reach (a diagnosis, not a step).

A worker describes what the law names (项目干完了合同就到期: 以完成一定工作任务为期限的劳动合同).
The laws define some of their terms (本法所称X是指Y, X是指Y, X，指Y, Y（以下简称X）); read
the other way round, a question whose words cover a definition's body Y well would reach
the term X. This tool measures, before any engine change, how far that route can go:

* the definitions the legal documents hold (the shipped corpus's ``laws/`` documents as
  ``indexer.extract`` gives them, or the ``.md``/``.txt`` files of ``--laws DIR``);
* for each workers' query of a judged set: the defined terms its ``answer`` sentence holds
  (what a bridge would have to add), and the terms its words reach (the words of the
  question found in a definition's body, weighted by their inverse document frequency over
  the same legal texts, covering at least ``--cover`` of the body's weight, with at least
  ``--words`` words). A query is *reached* when a reached term occurs in its answer and
  holds no word of the question (which would match its documents already).

Run it only on the sets one may read (``python -m bench.relevance.definitions
bench/relevance/heldout5.toml --only FAILURES.txt``); clean sets are read by the eval alone.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.analysis import Analyzer, normalize

# The texts are normalised (indexer.analysis.normalize): half-width commas, （） as [].
_TERM = r"(?P<x>[\u4e00-\u9fff“”]{2,24}?)"
# The term starts after 所称 or after what is no Chinese character (an article's number).
_START = r"(?:所称的?|(?<![\u4e00-\u9fff“”]))"
_BODY = r"(?P<y>[^。;；\n]{4,200})"
_DEFINES = (
    re.compile(_START + _TERM + r",?是指" + _BODY),
    # X,指Y, but not 指导, 指定 … (verbs beginning with 指)
    re.compile(_START + _TERM + r",指(?![导定出明挥示派责南])" + _BODY),
)
_SHORT = re.compile(r"(?P<y>[\u4e00-\u9fff]{2,30})[\[(（]以下简称[“\"]?(?P<x>[^”\"）)\],]{2,12})")
_HEAD = re.compile(r"^(?:本(?:法|条例|规定|办法|条|解释)|前款|第.{1,6}条|的)")


@dataclass(frozen=True)
class Definition:
    term: str  # X
    body: str  # Y


def definitions_in(text: str) -> Iterator[Definition]:
    """The terms a normalised legal ``text`` defines or abbreviates, with their bodies."""
    for pattern in _DEFINES:
        for m in pattern.finditer(text):
            term = _HEAD.sub("", m["x"]).strip("“”").rpartition("所称")[2]
            if len(term) >= 2:
                yield Definition(term, m["y"])
    for m in _SHORT.finditer(text):
        yield Definition(m["x"], m["y"])


class Reach:
    """The definitions of ``texts``, and the terms a question's words reach through them."""

    def __init__(self, texts: list[str], split):
        self.texts = texts
        self.split = split
        self.defs = {
            (d.term, frozenset(w for w in split(d.body) if len(w) >= 2 and w != d.term))
            for t in texts
            for d in definitions_in(t)
        }
        self._df: dict[str, int] = {}

    def idf(self, word: str) -> float:
        if word not in self._df:
            self._df[word] = sum(1 for t in self.texts if word in t)
        return math.log((len(self.texts) + 1) / (self._df[word] + 1))

    def terms(self, words: Iterable[str], cover: float, min_words: int) -> list[str]:
        asked = {w for w in words if len(w) >= 2}
        scored = []
        for term, body in self.defs:
            shared = asked & body
            if len(shared) < min_words or term in asked:
                continue
            share = sum(map(self.idf, shared)) / max(1e-9, sum(map(self.idf, body)))
            if share >= cover:
                scored.append((-share, term))
        return [t for _, t in sorted(scored)]


def _legal_texts(laws: Path | None) -> list[str]:
    if laws is not None:
        files = sorted(p for p in laws.rglob("*") if p.suffix in (".md", ".txt"))
        return [normalize(p.read_text(encoding="utf-8")) for p in files]
    from bench.relevance.oracle import corpus_texts

    return [normalize(d.body) for k, d in corpus_texts().items() if k.startswith("laws/")]


def main(argv: list[str] | None = None) -> int:
    from bench.relevance.judged import load_queries
    from bench.relevance.oracle import RESOURCES

    ap = argparse.ArgumentParser(prog="python -m bench.relevance.definitions")
    ap.add_argument("sets", nargs="+", type=Path, help="judged set files one may read")
    ap.add_argument("--laws", type=Path, help="a folder of law texts instead of the corpus's")
    ap.add_argument("--only", type=Path, help="a file of query texts, one a line (the failures)")
    ap.add_argument("--cover", type=float, default=0.3)
    ap.add_argument("--words", type=int, default=2)
    args = ap.parse_args(argv)
    only = None
    if args.only:
        only = {s.strip() for s in args.only.read_text(encoding="utf-8").splitlines()}
    analyzer = Analyzer.from_resources(RESOURCES).load()
    reach = Reach(_legal_texts(args.laws), analyzer.query_words)
    terms = sorted({t for t, _ in reach.defs}, key=len, reverse=True)
    print(f"{len(reach.texts)} legal documents, {len(reach.defs)} distinct definitions")
    asked = holding = reached = 0
    for path in args.sets:
        for q in load_queries(path):
            if q.group != "workers" or only is not None and q.text not in only:
                continue
            answer = normalize(q.answer or "")
            needed = [t for t in terms if t in answer]
            words = analyzer.query_words(q.text)
            got = reach.terms(words, args.cover, args.words)
            # A term holding a word of the question (合同 of 固定期限劳动合同) adds nothing: its
            # documents match that word already, and the engine leaves such a form out.
            useful = [t for t in got if t in answer and not any(w in t for w in words)]
            asked += 1
            holding += bool(needed)
            reached += bool(useful)
            print(f"{q.text} | answer holds {needed[:4]} | reached {got[:4]} | useful {useful}")
    print(
        f"{asked} questions; {holding} answers hold a defined term; "
        f"{reached} reached one (cover >= {args.cover}, words >= {args.words})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
