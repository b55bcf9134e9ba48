"""``python -m bench.eval`` (``make eval``): relevance of the engine on the judged query set.

Builds a real index of the shipped corpus in a temporary folder, runs every query of
``bench/relevance/queries.toml`` through the public Searcher facade, compares the topics
stored on documents with ``bench/relevance/topics_gold.toml``, and writes ``bench/EVAL.md``.
The set and how it was built are described in bench/README.md ("Relevance").
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench import spelling_cases
from bench.relevance import metrics
from bench.relevance.judged import (
    HELDOUT_FILES,
    JudgedQuery,
    load_queries,
    load_topics_gold,
)
from union_search.config import PROJECT_ROOT

DEFAULT_OUT = PROJECT_ROOT / "bench" / "EVAL.md"
# Hand-written notes on the changes measured (steps, their gains on both sets, their cost),
# appended to the report as they are.
STEPS_FILE = PROJECT_ROOT / "bench" / "relevance" / "steps.md"
CORPUS_DOCS = PROJECT_ROOT / "corpus" / "docs"
TOPICS_FILE = PROJECT_ROOT / "corpus" / "topics.toml"
UNCLASSIFIED = "未分类"
RANK_DEPTH = 10  # hits asked for, and the depth of MRR
SNIPPET_DEPTH = 3  # the first relevant hit within this depth must show the answer
COUNT_PAGE = 100  # per_page when paging through a counting query's whole result set

# Targets of issue 11 ("Measured, not asserted").
TARGET_HIT3 = 0.90
TARGET_SNIPPET = 0.80
TARGET_F1 = 0.95


@dataclass
class QueryOutcome:
    query: JudgedQuery
    ranked: list[str]  # ids of the first page, best first
    total: int
    rank: int | None  # 1-based rank of the first relevant hit within the first page
    snippet_ok: bool | None  # None: the query has no answer text
    article_ok: bool | None  # None: no article expected, or the engine has no units
    units_seen: bool  # the engine's hits carry a units list
    # For variants: the engine offered the standard form as its suggestion; None when the
    # query has no standard form or results carry no suggestion field.
    suggested: bool | None = None
    count: metrics.SetScore | None = None
    notice: str | None = None
    error: str | None = None
    ms: float = 0.0

    @property
    def hit1(self) -> bool:
        return self.rank == 1

    @property
    def hit3(self) -> bool:
        return self.rank is not None and self.rank <= 3

    @property
    def rr(self) -> float:
        return 1.0 / self.rank if self.rank else 0.0

    def failures(self) -> list[str]:
        out = []
        if self.error:
            return [f"error: {self.error}"]
        if self.total == 0:
            out.append("empty page")
        elif not self.hit3:
            out.append(f"no relevant hit in top 3 (first at {self.rank or '>10'})")
        elif self.snippet_ok is False:  # without a relevant top-3 hit there is no snippet
            out.append("snippet lacks the answer")
        if self.suggested is False and not self.hit3:
            out.append(f"no suggestion of {self.query.standard}")
        if self.article_ok is False:
            out.append("article not in top 3")
        if self.count is not None and self.count.f1 < 1.0:
            out.append(
                f"set P {self.count.precision:.2f} R {self.count.recall:.2f} "
                f"(missing {len(self.count.missing)}, extra {len(self.count.extra)})"
            )
        return out


@dataclass
class GroupSummary:
    group: str
    n: int
    hit1: float
    hit3: float
    mrr: float
    snippet: float | None
    snippet_n: int
    article_hit3: float | None
    article_n: int
    empty: int
    count_p: float | None
    count_r: float | None
    count_f1: float | None
    count_n: int


@dataclass
class EvalReport:
    outcomes: list[QueryOutcome]
    topics: list[metrics.TopicScore] = field(default_factory=list)
    topic_docs: int = 0
    unclassified_docs: int = 0
    index_seconds: float = 0.0
    documents: int = 0

    @property
    def units_supported(self) -> bool:
        return any(o.units_seen for o in self.outcomes)

    def groups(self) -> list[GroupSummary]:
        names = list(dict.fromkeys(o.query.group for o in self.outcomes))
        return [self._summary(g, [o for o in self.outcomes if o.query.group == g]) for g in names]

    def overall(self) -> GroupSummary:
        return self._summary("all", self.outcomes)

    def _summary(self, group: str, rows: list[QueryOutcome]) -> GroupSummary:
        snip = [o.snippet_ok for o in rows if o.snippet_ok is not None]
        arts = [o.article_ok for o in rows if o.article_ok is not None]
        counts = [o.count for o in rows if o.count is not None]
        return GroupSummary(
            group=group,
            n=len(rows),
            hit1=metrics.mean(o.hit1 for o in rows) or 0.0,
            hit3=metrics.mean(o.hit3 for o in rows) or 0.0,
            mrr=metrics.mean(o.rr for o in rows) or 0.0,
            snippet=metrics.mean(snip),
            snippet_n=len(snip),
            article_hit3=metrics.mean(arts) if self.units_supported else None,
            article_n=sum(1 for o in rows if o.query.article),
            empty=sum(1 for o in rows if o.total == 0),
            count_p=metrics.mean(c.precision for c in counts),
            count_r=metrics.mean(c.recall for c in counts),
            count_f1=metrics.mean(c.f1 for c in counts),
            count_n=len(counts),
        )


# -- running -----------------------------------------------------------------


@contextlib.contextmanager
def shipped_searcher(corpus: Path = CORPUS_DOCS) -> Iterator[tuple[object, float]]:
    """A Searcher over a fresh index of ``corpus`` in a temporary folder, and the seconds
    the reindex took. The one place that knows how the engine is configured and opened."""
    from indexer.build import reindex
    from search import open_searcher
    from union_search.config import Config

    with tempfile.TemporaryDirectory(prefix="union-search-eval-") as tmp:
        config = Config(corpus_dir=corpus, index_dir=Path(tmp) / "index").with_paths_resolved()
        started = time.perf_counter()
        reindex(config)
        seconds = time.perf_counter() - started
        with open_searcher(config) as searcher:
            yield searcher, seconds


def _units(hit) -> list | None:
    """The hit's matching units (issue 12), or None when the engine does not provide them."""
    units = getattr(hit, "units", None)
    if units is None and isinstance(hit, dict):
        units = hit.get("units")
    return units


def _shown(hit) -> str:
    """The snippet HTML a reader sees for a hit: its snippet, and its best unit's snippet
    when the engine shows one (issue 12)."""
    units = _units(hit) or []
    best = units[0] if units else None
    unit_snippet = best.get("snippet") if isinstance(best, dict) else getattr(best, "snippet", None)
    return hit.snippet_html + ("\n" + unit_snippet if unit_snippet else "")


def _suggestion(result) -> str | None | bool:
    """The engine's "did you mean" text (issue 14); False when results carry no such field."""
    if not hasattr(result, "suggestion"):
        return False
    # A pinyin query read as Chinese words was run as them (searched_as): that names the
    # standard form as surely as an offered suggestion does.
    # A query corrected by itself (corrected) names it as surely too.
    value = (
        result.suggestion
        or getattr(result, "searched_as", None)
        or getattr(result, "corrected", None)
    )
    if value is None or isinstance(value, str):
        return value
    for name in ("q", "text", "query"):
        if isinstance(getattr(value, name, None), str):
            return getattr(value, name)
    return str(value)


def _label(unit) -> str:
    if isinstance(unit, dict):
        return str(unit.get("label") or "")
    return str(getattr(unit, "label", "") or "")


def run_query(searcher, q: JudgedQuery) -> QueryOutcome:
    from search import QueryError, SearchRequest

    relevant = set(q.expected)
    started = time.perf_counter()
    try:
        result = searcher.search(SearchRequest(q=q.text, per_page=RANK_DEPTH))
    except QueryError as e:
        return QueryOutcome(q, [], 0, None, None, None, False, error=f"{e.code}: {e.message}")
    ms = (time.perf_counter() - started) * 1000
    hits = result.hits
    ranked = [h.id for h in hits]
    rank = metrics.first_relevant_rank(ranked, relevant)

    snippet_ok = None
    if q.answer:
        first = next((h for h in hits[:SNIPPET_DEPTH] if h.id in relevant), None)
        snippet_ok = first is not None and metrics.shows_answer(_shown(first), q.answer, q.key)

    units_seen = any(_units(h) is not None for h in hits)
    article_ok = None
    if q.article and units_seen:
        top = [(h.id, _label(_units(h)[0]) if _units(h) else None) for h in hits]
        article_ok = metrics.article_hit(top, q.expected[0], q.article)

    suggested = None
    offered = _suggestion(result)
    if q.standard and offered is not False:
        suggested = metrics.suggests(offered, q.standard)

    count = None
    if q.kind == "count":
        count = metrics.set_scores(_all_ids(searcher, q.text), q.expected)
    return QueryOutcome(
        q,
        ranked,
        result.total,
        rank,
        snippet_ok,
        article_ok,
        units_seen,
        count=count,
        suggested=suggested,
        notice=result.notice,
        ms=ms,
    )


def _all_ids(searcher, text: str) -> list[str]:
    """Every id the engine returns for ``text``, paging to the end."""
    from search import SearchRequest

    ids: list[str] = []
    page = 1
    while True:
        result = searcher.search(SearchRequest(q=text, per_page=COUNT_PAGE, page=page))
        ids.extend(h.id for h in result.hits)
        if not result.hits or len(ids) >= result.total:
            return ids
        page += 1


def document_topics(searcher, doc_ids: Sequence[str]) -> dict[str, list[str]]:
    out = {}
    for doc_id in doc_ids:
        view = searcher.document(doc_id)
        out[doc_id] = list(view.topics) if view is not None else []
    return out


def evaluate(
    searcher,
    queries: Sequence[JudgedQuery],
    topics_gold: dict[str, list[str]] | None = None,
    topic_names: Sequence[str] = (),
) -> EvalReport:
    report = EvalReport([run_query(searcher, q) for q in queries])
    if topics_gold:
        found = document_topics(searcher, list(topics_gold))
        # A document with no topic is counted under 未分类 on both sides, as the facet does.
        gold = {d: (t or [UNCLASSIFIED]) for d, t in topics_gold.items()}
        got = {d: (t or [UNCLASSIFIED]) for d, t in found.items()}
        report.topics = metrics.topic_scores(gold, got, [*topic_names, UNCLASSIFIED])
        report.topic_docs = len(gold)
        report.unclassified_docs = sum(1 for t in found.values() if not t or t == [UNCLASSIFIED])
    return report


# -- reporting ---------------------------------------------------------------


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _verdict(value: float | None, target: float) -> str:
    if value is None:
        return "n/a"
    return "met" if value >= target else "**missed**"


METHOD = """\
## How the set was built

`bench/relevance/queries.toml` holds {n} queries in {g} groups. The expected documents,
articles and answer strings were written **by reading the documents** (grep over the texts
as `indexer.extract` gives them, and reading the law articles), **before any query was run
through the engine**; no expected document was taken from, or changed after, the engine's
output. One rule was added after the first run showed it: an answer must occur in the
document's *body*, since snippets are cut from the body; ten answers that occurred only in a
title were replaced by sentences of the same document's body, again chosen by reading it.

- **staff**: union staff looking up reports, notices and regulations by year, district and
  subject; expected: the document(s) looked for.
- **workers**: practical questions in everyday words; expected: the 1–3 documents that answer
  (law first), with the article where one answers, and the answering sentence.
- **researchers**: counting terms typed without spaces; expected: the exact set of documents
  that literally contain the term, computed by `bench/relevance/oracle.py` with `str.find` over
  the extracted titles and bodies (the Ctrl-F oracle), never by the engine.
- **articles**: the law and the article (unit label) that answers, including citations
  (`劳动法第四十四条`, `工会法43条`).
- **variants**: traditional characters, pinyin and typos, with the same expected documents as
  their standard form (`standard`).

Metrics: hit@1/hit@3 (a relevant document at rank 1 / within 3), MRR over the first
{depth} hits; *snippet* = the snippet of the first relevant hit within the top {sd} contains
the answer text or its key phrase (tags stripped; the best unit's snippet counts too once
hits carry `units`; a query whose relevant hit is not in the top {sd} counts as a miss);
*article hit@3* = a top-3 hit is the expected law and its best unit's `label` is the
expected article (n/a until hits carry `units`); *set P/R/F1* = the engine's full result set
(all pages) against the oracle set, averaged over the counting queries; *empty* = queries
whose result is empty; *did you mean* = for variants, the result's `suggestion` names the
standard form (n/a until results carry one). Topic precision/recall compares the topics
stored on {td} hand-labelled documents (`bench/relevance/topics_gold.toml`, labelled by
reading them)
with the gold labels; a document without topics counts as 未分类 on both sides.
"""

HELDOUT_NOTE = """\
`bench/relevance/heldout.toml` holds {n} further queries (workers, articles, variants), written
the same way (answers read from the documents) and committed before the engine changes of
issue 11's second round, which were never tuned on them: they show whether a gain on the
main set generalizes. They are not part of the figures above."""

HELDOUT2_NOTE = """\
`bench/relevance/heldout2.toml` holds {n} further queries (workers, articles, staff,
researchers), written from the documents and committed before the engine changes of issue 11's
third round. The first held-out set was read while its failures were being fixed, so this one
is the clean measure of generalization: it is reported, never tuned on."""

HELDOUT3_NOTE = """\
`bench/relevance/heldout3.toml` holds {n} further queries (workers' everyday questions and
article lookups), written from the laws and committed before the engine changes of issue 11's
fourth round and before any of them was run. Like the second set, it is reported, never tuned
on."""

HELDOUT4_NOTE = """\
`bench/relevance/heldout4.toml` holds {n} further queries (workers' everyday questions over
many laws, regulations and local rules; staff looking up a figure in a report by year and
district; article lookups), written from the documents and committed in a commit of its own
before issue 11's seventh round was run on it. The three earlier sets had all been read by
developers: this one is the clean measure of that round, reported, never tuned on."""

HELDOUT5_NOTE = """\
`bench/relevance/heldout5.toml` holds {n} further queries (workers' everyday questions over
laws, regulations and local rules, avoiding the articles the earlier sets ask about; staff
looking up a figure in a report or a rule by year and district; article lookups), written from
the documents and committed in a commit of its own before issue 11's eighth round was run on
it. The four earlier sets had all been read: this one is the clean measure of that round,
reported, never tuned on."""

HELDOUT6_NOTE = """\
`bench/relevance/heldout6.toml` holds {n} further queries (workers' everyday questions over
laws, regulations, interpretations and local rules the earlier sets ask little about; staff
looking up a figure in a report or a rule by year and district; article lookups), written from
the documents and committed in a commit of its own before issue 11's ninth round was run on
it. The five earlier sets had all been read (set 5 is a diagnosis set in that round): this one
is the clean measure of that round, reported, never tuned on."""

HELDOUT7_NOTE = """\
`bench/relevance/heldout7.toml` holds {n} further queries (workers' everyday questions over
laws, interpretations and local rules the earlier sets ask little about as well as the common
ones; staff looking up what a report or a rule said by year and district; article lookups),
written from the documents and committed in a commit of its own before any of it was run, at
the start of issue 11's round in which sets 5 and 6 were read as diagnosis sets. The six earlier
sets had all been read: this one is the clean measure of that round, reported, never tuned on."""

HELDOUT8_NOTE = """\
`bench/relevance/heldout8.toml` holds {n} further queries (workers' everyday questions, some
told as a situation or with a city, over laws, regulations, interpretations and local rules the
earlier sets ask little about; staff looking up what a report or a notice said by year, district
and subject; article lookups by keywords or a citation), written from the documents and
committed in a commit of its own before any of it was run, for the rounds after set 7 was
measured. The seven earlier sets had all been read or measured: this one is the clean measure
of the next round, reported, never tuned on."""

HELDOUT9_NOTE = """\
`bench/relevance/heldout9.toml` holds {n} further queries (workers' everyday questions, often
told as a situation, some with a city, over laws, regulations, interpretations and local rules
the readable sets ask little about: minimum wage, social insurance and housing fund,
occupational disease, work injury, dispatch, part-time work, women and underage workers, union
membership, collective contracts, dispute mediation; staff looking up a figure in a national or
provincial report or a notice by year, district and subject; article lookups by keywords or a
citation), written from the documents and committed in a commit of its own before any of it was
run, for the rounds after set 8 was measured. The eight earlier sets had all been read or
measured: this one is the clean measure of the next round, reported, never tuned on."""

HELDOUT10_NOTE = """\
`bench/relevance/heldout10.toml` holds {n} further queries (workers' everyday questions, often
told as a situation, some with a city or a kind of employer, spread over national laws, State
Council regulations, judicial interpretations, labour cases and local regulations, leaning on
the laws and articles the readable sets ask little about: wages and minimum wage, working
hours, social insurance and housing fund, occupational disease, work injury, dispatch,
part-time work, women and underage workers, union membership and funds, collective contracts,
dispute mediation; staff looking up a figure in a national or provincial report or a notice by
year, district and subject; article lookups by keywords or a citation), written from the
documents without running any of them or reading the engine's vocabulary lists, and committed
in a commit of its own before any of it was run, for the rounds after set 9 was measured. The
nine earlier sets had all been read or measured: this one is the clean measure of the next
round, reported, never tuned on."""

HELDOUT11_NOTE = """\
`bench/relevance/heldout11.toml` holds {n} further queries (workers' everyday questions, often
told as a situation, some with a city, over national laws, State Council regulations, judicial
interpretations, a labour case and local regulations, on articles neither the readable sets nor
set 10 ask: wages, working hours and leave, social insurance and housing fund, occupational
disease, work injury, dispatch, part-time work, women workers, union membership and funds,
collective contracts and wage bargaining, mediation and arbitration, safety at work; staff
looking up a figure in a national or provincial report or a rule by year, district and subject;
article lookups by keywords or a citation), written from the documents without running any of
them or reading the engine's vocabulary lists, and committed in commits of their own before any
of it was run, for the rounds after set 10 was measured. The ten earlier sets had all been read
or measured: this one is the clean measure of the next round, reported, never tuned on."""

HELDOUT12_NOTE = """\
`bench/relevance/heldout12.toml` holds {n} further queries (workers' everyday questions as people
type them, with numerals, typos, whole sentences and situations without a question word, some
with a city or province, on laws and articles the readable sets ask little about: refusing to
pay wages, the wage total, the 1953 labour insurance regulation, the labour disputes
interpretations, sexual harassment at work, coal mines, work safety, arbitration, local labour
inspection, union and democratic-rights regulations; staff looking up a figure in a national or
provincial report; article lookups by keywords or a citation), written from the documents and
committed alone before any of it was run. It is a READABLE DIAGNOSIS set (sets 5 and 6 being
worn): its failures are read to find causes, so it measures nothing a change was designed on."""

HELDOUT13_NOTE = """\
`bench/relevance/heldout13.toml` holds {n} further queries (workers' everyday questions, often
a situation told without a question word, some with a city or a kind of employer, on laws and
articles neither the readable sets nor sets 10 and 11 (as steps.md names them) ask: child
labour, dispatch, individual contractors, collective contracts, arbitration, union membership
and the union's role, safety at work, women's promotion and forbidden posts, occupational
disease, work injury, migrant wages, deductions and leave pay, social insurance, paid leave,
the housing fund; staff looking up a figure in a national or provincial report or a State
Council document by year, district and subject; article lookups by keywords or a citation),
written from the documents without running any of them or reading the engine's vocabulary
lists, and committed alone before any of it was run, for the rounds after set 12. It was the
clean measure of the rounds after it until issue 11's twenty-fourth round, which read it as a
READABLE DIAGNOSIS set (sets 5, 6 and 12 being worn): its failures are read to find causes, so
it measures nothing a change of that round or later was designed on."""

HELDOUT14_NOTE = """\
`bench/relevance/heldout14.toml` holds {n} further queries (workers' everyday questions, often
a situation told without a question word, some with a city or a kind of employer, on articles
neither the readable sets nor sets 10, 11 and 13 (as steps.md names them) ask: a second job,
reinstatement, workplace rules made with the union, the contract text, the double wage,
retirement and termination conditions, non-compete pay, affiliated employers, arbitration
procedure, the union's say and union staff, refusing to bargain, gas alarms and accidents,
toxic workplaces, subcontractors' and wage cards' rules for migrant wages, paid leave, labour
inspection, women workers, local union and collective-contract rules; staff looking up a
figure in a national or provincial report or a State Council letter by year, district and
subject; article lookups by keywords or a citation), written from the documents without
running any of them or reading the engine's vocabulary lists, and committed alone before any of
it was run, for the rounds after set 13. The earlier sets had all been read or measured: this
one is the clean measure of the next round, reported, never tuned on."""

HELDOUT15_NOTE = """\
`bench/relevance/heldout15.toml` holds {n} further queries (workers' everyday questions, often
a situation told without a question word, some with a city or province or a kind of employer,
on articles neither the readable sets nor sets 10, 11, 13 and 14 (as steps.md names them) ask:
confidentiality damages, unlicensed dispatch, searches of workers, collective contracts without
a union, social insurance across regions, the survivors' allowance, the union's legal aid and
premises, warning signs, the workers' mental state, shared work areas, arbitration hearings
(private, postponed, the record) and public institutions, public-welfare posts, winter and
summer holidays against paid leave, toxic containers, residues and labels, migrant wages on an
unlawful project, women's federations, female workers' safety training, foreigners without a
work permit, contracted-out workshops, local workers' congress, union labour-law supervision,
collective-contract, wage-bargaining and workers' education rules; staff looking up a figure in
a national or provincial report or the Harbin union's report by year, district and subject;
article lookups by keywords or a citation), written from the documents without running any of
them or reading the engine's vocabulary lists, and committed alone before any of it was run,
for the rounds after set 14. The earlier sets had all been read or measured: this one is the
clean measure of the next round, reported, never tuned on."""

HELDOUT16_NOTE = """\
`bench/relevance/heldout16.toml` holds {n} further queries (workers' everyday questions, often
a situation told without a question word, some with a city or province or a kind of employer,
on articles neither the readable sets nor sets 10, 11, 14 and 15 (as steps.md names them) ask:
compensation years before 2008, ethnic discrimination, retaliation against an informant,
emergency drills, accident reports, discipline for breaking the operating rules, compensation
when the head has fled, a missing statement of defence, the ten years counted before 2008, an
award for several workers, unpaid non-compete pay, piece-rate overtime, migrant wages when the
employer cannot be reached, toxic workplaces' maintenance plans, test results and protective
equipment, surplus workers resigning, labour-service enterprises, local rules on union work
time, the union and social insurance, a contract's real start date, personal information,
pre-job training, job advertisements, the workers' congress, forced overtime fines, years
counted after a forced resignation, the minimum wage share, wage delays, inspection time limits,
fines heard by the union, arbitration agents and witnesses, dispatched workers' bargaining and
a raise when profits grow; staff looking up a figure in a national or provincial report or the
Harbin union's report by year, district and subject; article lookups by keywords or a
citation), written from the documents without running any of them or reading the engine's
vocabulary lists, and committed alone before any of it was run, for the rounds after set 15.
The earlier sets had all been read or measured: this one is the clean measure of the next
round, reported, never tuned on."""
# One note per file of judged.HELDOUT_FILES, in its order.
HELDOUT_NOTES = (
    HELDOUT_NOTE,
    HELDOUT2_NOTE,
    HELDOUT3_NOTE,
    HELDOUT4_NOTE,
    HELDOUT5_NOTE,
    HELDOUT6_NOTE,
    HELDOUT7_NOTE,
    HELDOUT8_NOTE,
    HELDOUT9_NOTE,
    HELDOUT10_NOTE,
    HELDOUT11_NOTE,
    HELDOUT12_NOTE,
    HELDOUT13_NOTE,
    HELDOUT14_NOTE,
    HELDOUT15_NOTE,
    HELDOUT16_NOTE,
)


def _group_table(report: EvalReport) -> list[str]:
    lines = [
        "| group | queries | hit@1 | hit@3 | MRR | snippet shows answer | article hit@3 "
        "| set P | set R | set F1 | empty pages |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in [*report.groups(), report.overall()]:
        name = f"**{s.group}**" if s.group == "all" else s.group
        lines.append(
            f"| {name} | {s.n} | {_f(s.hit1)} | {_f(s.hit3)} | {_f(s.mrr)} "
            f"| {_f(s.snippet)} ({s.snippet_n}) "
            f"| {_f(s.article_hit3) if s.article_n else '–'} ({s.article_n}) "
            f"| {_f(s.count_p)} | {_f(s.count_r)} | {_f(s.count_f1)} ({s.count_n}) | {s.empty} |"
        )
    lines.append("")
    lines.append("Numbers in parentheses: how many queries the column is computed over.")
    with_standard = [o for o in report.outcomes if o.query.standard]
    if with_standard:
        offered = [o.suggested for o in with_standard if o.suggested is not None]
        if offered:
            lines.append(
                f"Did you mean: the suggestion names the standard form for "
                f"{sum(offered)} of {len(offered)} variant queries."
            )
        else:
            lines.append("Did you mean: n/a, results carry no `suggestion` yet (issue 14).")
    if not report.units_supported:
        lines.append("Article hit@3 is n/a: the engine's hits carry no `units` yet (issue 12).")
    return lines


def _targets(report: EvalReport) -> list[str]:
    overall = report.overall()
    lines = ["| target | value | verdict |", "| --- | --- | --- |"]
    for s in report.groups():
        verdict = _verdict(s.hit3, TARGET_HIT3)
        lines.append(f"| hit@3 ≥ {TARGET_HIT3:.2f}: {s.group} | {_f(s.hit3)} | {verdict} |")
    lines.append(
        f"| snippet shows the answer ≥ {TARGET_SNIPPET:.2f} (all) | {_f(overall.snippet)} "
        f"| {_verdict(overall.snippet, TARGET_SNIPPET)} |"
    )
    if overall.count_n:
        lines.append(
            f"| exact-set F1 ≥ {TARGET_F1:.2f} (counting queries) | {_f(overall.count_f1)} "
            f"| {_verdict(overall.count_f1, TARGET_F1)} |"
        )
    verdict = "met" if overall.empty == 0 else "**missed**"
    lines.append(f"| no empty page | {overall.empty} empty | {verdict} |")
    return lines


def _failures(report: EvalReport) -> list[str]:
    failed = [o for o in report.outcomes if o.failures()]
    if not failed:
        return ["None."]
    lines = [
        "| group | query | expected (first) | top 3 | what failed |",
        "| --- | --- | --- | --- | --- |",
    ]
    for o in failed:
        top3 = "<br>".join(_short(i) for i in o.ranked[:3]) or "–"
        exp = _short(o.query.expected[0]) if o.query.expected else "–"
        if o.query.kind == "count":
            exp = f"{len(o.query.expected)} documents (oracle)"
        elif o.query.article:
            exp += f" {o.query.article}"
        why = "; ".join(o.failures())
        lines.append(f"| {o.query.group} | `{o.query.text}` | {exp} | {top3} | {why} |")
    return lines


def render(
    report: EvalReport,
    seconds: float | None = None,
    held: Sequence[EvalReport | None] = (),
    drawn: list[str] | None = None,
) -> str:
    lines = ["# Relevance evaluation (`make eval`)", ""]
    lines.append(
        f"Index of the shipped corpus built in {report.index_seconds:.1f} s; "
        f"{len(report.outcomes)} judged queries"
        + (f"; whole run {seconds:.0f} s" if seconds is not None else "")
        + "."
    )
    lat = sorted(o.ms for o in report.outcomes if not o.error)
    load = hasattr(os, "getloadavg")
    if lat:
        p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))]
        lines.append(
            f"Searcher time per query (first page, snippets, facets): "
            f"mean {sum(lat) / len(lat):.1f} ms, p95 {p95:.1f} ms"
            + (f" (load average {os.getloadavg()[0]:.1f} on this machine)." if load else ".")
        )
    lines += ["", "## Results per group", ""]
    lines += _group_table(report)
    lines += ["", "## Targets (issue 11)", ""]
    lines += _targets(report)
    if report.topics:
        lines += [
            "",
            "## Topic labelling",
            "",
            f"{report.topic_docs} hand-labelled documents; the engine left "
            f"{report.unclassified_docs} of them without a topic.",
            "",
            "| topic | gold docs | labelled by engine | correct | precision | recall |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        real = [t for t in report.topics if t.topic != UNCLASSIFIED]
        for t in [*report.topics, metrics.micro(real)]:
            name = f"**micro, without {UNCLASSIFIED}**" if t.topic == "micro" else t.topic
            lines.append(
                f"| {name} | {t.tp + t.fn} | {t.tp + t.fp} | {t.tp} "
                f"| {_f(t.precision)} | {_f(t.recall)} |"
            )

    if drawn:
        lines += ["", "## Did-you-mean on strings drawn from the documents", "", *drawn]
    lines += ["", "## Failures", ""]
    lines += _failures(report)
    for i, (note, one) in enumerate(zip(HELDOUT_NOTES, held, strict=False)):
        if one is None:
            continue
        title = f"Held-out set {i + 1}" if i else "Held-out set"
        name = title if i else "Held-out"
        lines += ["", f"## {title}", "", note.format(n=len(one.outcomes)), ""]
        lines += _group_table(one)
        lines += ["", f"### Targets on the {title.lower()}", ""]
        lines += _targets(one)
        lines += ["", f"### {name} failures", ""]
        lines += _failures(one)
    return "\n".join(lines) + "\n"


def _short(doc_id: str, width: int = 24) -> str:
    """A document's file name without its extension, cut to ``width`` characters."""
    name = doc_id.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if name.endswith((".txt", ".md")) else name
    return stem if len(stem) <= width else stem[: width - 1] + "…"


def _commit() -> str | None:
    """The working tree's commit, so that a committed report says what it measured."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.eval", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report file (Markdown)")
    ap.add_argument("--group", action="append", help="only these groups (repeatable)")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    queries = load_queries()
    if args.group:
        queries = [q for q in queries if q.group in set(args.group)]
    with open(TOPICS_FILE, "rb") as fh:
        topic_names = list(tomllib.load(fh))
    held_sets = [load_queries(f) for f in HELDOUT_FILES]
    if args.group:
        held_sets = [[q for q in qs if q.group in set(args.group)] for qs in held_sets]
    with shipped_searcher() as (searcher, index_seconds):
        report = evaluate(searcher, queries, load_topics_gold(), topic_names)
        held = [evaluate(searcher, qs) if qs else None for qs in held_sets]
        drawn = None if args.group else spelling_cases.corpus_lines(searcher, CORPUS_DOCS)
    report.index_seconds = index_seconds
    text = render(report, time.perf_counter() - started, held, drawn=drawn)
    commit = _commit()
    if commit:
        text = text.replace("\n\n", f"\n\nMeasured on commit `{commit}`.\n", 1)
    text = text.replace(
        "## Results per group",
        METHOD.format(
            n=len(queries),
            g=len({q.group for q in queries}),
            depth=RANK_DEPTH,
            sd=SNIPPET_DEPTH,
            td=report.topic_docs,
        )
        + "\n## Results per group",
        1,
    )
    if STEPS_FILE.is_file():
        text += "\n" + STEPS_FILE.read_text(encoding="utf-8")
    args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
