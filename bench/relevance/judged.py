"""The judged query set and the hand-labelled topics, read from their TOML files."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.relevance.oracle import DocText, ctrl_f

HERE = Path(__file__).resolve().parent
QUERIES_FILE = HERE / "queries.toml"
# Written before the engine changes it measures, reported apart (bench/EVAL.md).
HELDOUT_FILE = HERE / "heldout.toml"
# Written before the third round's engine changes and never used to tune them.
HELDOUT2_FILE = HERE / "heldout2.toml"
HELDOUT3_FILE = HERE / "heldout3.toml"
# Written from the documents before issue 11's seventh round and before any of it was run.
HELDOUT4_FILE = HERE / "heldout4.toml"
# Written from the documents before issue 11's eighth round and committed before any of it was run.
HELDOUT5_FILE = HERE / "heldout5.toml"
# Written from the documents for issue 11's ninth round and committed before any of it was run.
HELDOUT6_FILE = HERE / "heldout6.toml"
# Written from the documents before the round of issue 11 that read sets 5 and 6 as diagnosis
# sets, and committed before any of it was run.
HELDOUT7_FILE = HERE / "heldout7.toml"
# Written from the documents for the rounds after set 7 was measured, and committed alone
# before any of it was run.
HELDOUT8_FILE = HERE / "heldout8.toml"
# Written from the documents for the rounds after set 8 was measured, and committed alone
# before any of it was run.
HELDOUT9_FILE = HERE / "heldout9.toml"
# Written from the documents for the rounds after set 9 was measured, and committed alone
# before any of it was run.
HELDOUT10_FILE = HERE / "heldout10.toml"
# Written from the documents for the rounds after set 10 was measured, away from the articles
# set 10 asks, and committed alone before any of it was run.
HELDOUT11_FILE = HERE / "heldout11.toml"
# Written from the documents as a readable diagnosis set (sets 5 and 6 being worn), and
# committed alone before any of it was run.
HELDOUT12_FILE = HERE / "heldout12.toml"
# Written from the documents as a clean set for the rounds after set 12, and committed alone
# before any of it was run.
HELDOUT13_FILE = HERE / "heldout13.toml"
# Written from the documents as a clean set for the rounds after set 13, and committed alone
# before any of it was run.
HELDOUT14_FILE = HERE / "heldout14.toml"
# Written from the documents as a clean set for the rounds after set 14, and committed alone
# before any of it was run.
HELDOUT15_FILE = HERE / "heldout15.toml"
# Written from the documents as a clean set for the rounds after set 15, and committed alone
# before any of it was run.
HELDOUT16_FILE = HERE / "heldout16.toml"
# Every held-out set, in the order `make eval` reports them (set 1, the unnumbered file, first).
HELDOUT_FILES = (
    HELDOUT_FILE,
    HELDOUT2_FILE,
    HELDOUT3_FILE,
    HELDOUT4_FILE,
    HELDOUT5_FILE,
    HELDOUT6_FILE,
    HELDOUT7_FILE,
    HELDOUT8_FILE,
    HELDOUT9_FILE,
    HELDOUT10_FILE,
    HELDOUT11_FILE,
    HELDOUT12_FILE,
    HELDOUT13_FILE,
    HELDOUT14_FILE,
    HELDOUT15_FILE,
    HELDOUT16_FILE,
)
TOPICS_GOLD_FILE = HERE / "topics_gold.toml"
KINDS = ("rank", "count")
FIELDS = {
    *("text", "group", "expected", "kind", "term"),
    *("article", "answer", "key", "standard", "note"),
}


@dataclass(frozen=True)
class JudgedQuery:
    text: str
    group: str
    expected: tuple[str, ...]
    kind: str = "rank"
    term: str | None = None
    article: str | None = None
    answer: str | None = None
    key: str | None = None
    standard: str | None = None
    note: str = ""

    @property
    def counted(self) -> str:
        """The literal string whose documents a counting query must return."""
        return self.term or self.text


def load_queries(path: Path = QUERIES_FILE) -> list[JudgedQuery]:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh).get("query", [])
    queries = []
    for i, q in enumerate(raw, start=1):
        unknown = set(q) - FIELDS
        if unknown:
            raise ValueError(f"query {i} ({q.get('text')!r}): unknown fields {sorted(unknown)}")
        queries.append(JudgedQuery(**{**q, "expected": tuple(q.get("expected", ()))}))
    return queries


def load_topics_gold(path: Path = TOPICS_GOLD_FILE) -> dict[str, list[str]]:
    with open(path, "rb") as fh:
        return {k: list(v) for k, v in tomllib.load(fh)["docs"].items()}


def problems(queries: list[JudgedQuery], texts: Mapping[str, DocText]) -> list[str]:
    """Everything wrong with the set against the documents: unknown ids, answers that are
    not in their document, oracle sets that differ from a fresh Ctrl-F count."""
    out = []
    seen = set()
    for q in queries:
        where = f"{q.group}: {q.text!r}"
        if (q.group, q.text) in seen:
            out.append(f"{where}: duplicate query")
        seen.add((q.group, q.text))
        if not q.text.strip():
            out.append(f"{where}: empty text")
        if q.kind not in KINDS:
            out.append(f"{where}: kind must be one of {KINDS}")
        if not q.expected and q.kind != "count":
            out.append(f"{where}: no expected document")
        for doc_id in q.expected:
            if doc_id not in texts:
                out.append(f"{where}: {doc_id} is not a document of the corpus")
        primary = texts.get(q.expected[0]) if q.expected else None
        # Snippets are cut from the body, so an answer found only in the title could
        # never be shown by one.
        if q.answer and primary is not None and q.answer not in primary.body:
            out.append(f"{where}: answer {q.answer!r} is not in the body of {primary.id}")
        if q.key and (not q.answer or q.key not in q.answer):
            out.append(f"{where}: key {q.key!r} is not part of the answer")
        if q.article and primary is not None and q.article not in primary.body:
            out.append(f"{where}: article {q.article} is not in {primary.id}")
        if q.kind == "count":
            oracle = ctrl_f(q.counted, texts)
            if sorted(q.expected) != oracle:
                out.append(
                    f"{where}: expected set differs from the Ctrl-F oracle of {q.counted!r} "
                    f"(missing {sorted(set(oracle) - set(q.expected))}, "
                    f"extra {sorted(set(q.expected) - set(oracle))})"
                )
    return out
