from __future__ import annotations

import re

import pytest

from indexer.analysis import normalize
from search import SearchRequest


@pytest.fixture(scope="session")
def all_documents(shipped_searcher):
    """Every indexed document (metadata and text), read through the facade itself."""
    docs = []
    page = 1
    while True:
        result = shipped_searcher.search(SearchRequest(q="", per_page=100, page=page))
        docs.extend(shipped_searcher.document(h.id) for h in result.hits)
        if not result.has_next:
            return docs
        page += 1


def contains(doc, literal: str) -> bool:
    return normalize(literal) in normalize(doc.title + "\n" + doc.text)


def all_ids(searcher, **kwargs) -> list[str]:
    ids, page = [], 1
    while True:
        result = searcher.search(SearchRequest(per_page=100, page=page, **kwargs))
        ids.extend(h.id for h in result.hits)
        if not result.has_next:
            return ids
        page += 1


NUMBER_OF_DAYS = re.compile(r"[0-9一二三四五六七八九十]+[天日]")


def articles_stating_days(doc, word: str) -> set[str]:
    """Independently of the engine: the labels of the articles with a clause holding
    ``word`` and a number of days."""
    return {
        u.label
        for u in doc.units
        if u.kind == "条"
        and any(
            word in clause and NUMBER_OF_DAYS.search(clause)
            for clause in re.split(r"[。；;\n]", doc.text[u.start : u.end])
        )
    }
