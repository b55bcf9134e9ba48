"""The Ctrl-F oracle: which documents literally contain a string, by ``str.find``.

Counting queries of the judged set (``kind = "count"``) expect exactly these documents.
The texts are the ones the index sees (``indexer.extract``), so the oracle and the engine
read the same characters; matching is plain ``str.find`` in the title or the body, never
the engine's own analysis.

``python -m bench.relevance.oracle 稳就业 平台经济`` prints each term's set as TOML, ready
to paste into ``queries.toml``; ``python -m bench.relevance.oracle --update`` recomputes the
sets of every counting query in ``queries.toml`` in place after the corpus changed.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from union_search.config import PROJECT_ROOT

CORPUS_DOCS = PROJECT_ROOT / "corpus" / "docs"
RESOURCES = PROJECT_ROOT / "corpus"
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class DocText:
    id: str
    title: str
    body: str


def corpus_texts(corpus: Path = CORPUS_DOCS, resources_dir: Path = RESOURCES) -> dict[str, DocText]:
    """Every indexable document under ``corpus``, extracted exactly as the indexer does."""
    from indexer.build import scan_corpus
    from indexer.document import Rejected
    from indexer.extract import extract_document
    from indexer.resources import load_resources

    resources = load_resources(resources_dir)
    sources, _rejected = scan_corpus(corpus, MAX_BYTES)
    texts: dict[str, DocText] = {}
    for src in sources:
        try:
            doc = extract_document(src.path, corpus, resources, MAX_BYTES)
        except Rejected:
            continue
        texts[doc.id] = DocText(doc.id, doc.title, doc.body)
    return texts


def ctrl_f(term: str, texts: Mapping[str, DocText]) -> list[str]:
    """Sorted ids of the documents whose title or body contains ``term`` literally."""
    if not term:
        raise ValueError("empty term")
    return sorted(i for i, d in texts.items() if d.title.find(term) >= 0 or d.body.find(term) >= 0)


def toml_block(term: str, ids: Iterable[str], group: str = "researchers") -> str:
    ids = list(ids)
    lines = [
        "[[query]]",
        f'text = "{term}"',
        f'group = "{group}"',
        'kind = "count"',
        "expected = [",
        *[f'  "{i}",' for i in ids],
        "]",
        f'answer = "{term}"',
        f'note = "Ctrl-F oracle: {len(ids)} documents contain {term} (bench/relevance/oracle.py)"',
    ]
    return "\n".join(lines) + "\n"


_BLOCK = re.compile(r"^\[\[query\]\]$", re.M)
_EXPECTED = re.compile(r"^expected = \[.*?\]$", re.M | re.S)
_COUNT_NOTE = re.compile(r"\d+ document\(s\)")


def update_counts(toml_text: str, texts: Mapping[str, DocText]) -> tuple[str, list[str]]:
    """``toml_text`` with every counting query's ``expected`` set recomputed over ``texts``
    (comments and all other queries untouched), and the texts of the queries that changed."""
    starts = [m.start() for m in _BLOCK.finditer(toml_text)]
    if not starts:
        return toml_text, []
    pieces = [toml_text[: starts[0]]]
    changed = []
    for start, end in zip(starts, [*starts[1:], len(toml_text)], strict=True):
        block = toml_text[start:end]
        q = tomllib.loads(block)["query"][0]
        if q.get("kind") == "count":
            ids = ctrl_f(q.get("term") or q["text"], texts)
            if sorted(q.get("expected", [])) != ids:
                changed.append(q["text"])
                listing = "expected = [\n" + "".join(f'  "{i}",\n' for i in ids) + "]"
                block = _EXPECTED.sub(lambda _m, new=listing: new, block, count=1)
                block = _COUNT_NOTE.sub(f"{len(ids)} document(s)", block, count=1)
        pieces.append(block)
    return "".join(pieces), changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    texts = corpus_texts()
    if args[:1] == ["--update"]:
        from bench.relevance.judged import QUERIES_FILE

        path = Path(args[1]) if len(args) > 1 else QUERIES_FILE
        new, changed = update_counts(path.read_text(encoding="utf-8"), texts)
        path.write_text(new, encoding="utf-8")
        print(f"{len(changed)} counting queries updated: {', '.join(changed) or '-'}")
        return 0
    for term in args:
        print(toml_block(term, ctrl_f(term, texts)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
