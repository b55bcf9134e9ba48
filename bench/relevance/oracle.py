"""The Ctrl-F oracle: which documents literally contain a string, by ``str.find``.

Counting queries of the judged set (``kind = "count"``) expect exactly these documents.
The texts are the ones the index sees (``indexer.extract``), so the oracle and the engine
read the same characters; matching is plain ``str.find`` in the title or the body, never
the engine's own analysis.

``python -m bench.relevance.oracle 稳就业 平台经济`` prints each term's set as TOML, ready
to paste into ``queries.toml``.
"""

from __future__ import annotations

import sys
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


def main(argv: list[str] | None = None) -> int:
    terms = sys.argv[1:] if argv is None else argv
    texts = corpus_texts()
    for term in terms:
        print(toml_block(term, ctrl_f(term, texts)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
