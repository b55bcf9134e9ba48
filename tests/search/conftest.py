from __future__ import annotations

import re

import pytest

from indexer.analysis import normalize
from search import SearchRequest
from tests.conftest import index_of_docs
from tests.laws import CONTRACT_LAW, CONTRACT_REGULATION, LABOUR_LAW


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


@pytest.fixture(scope="session")
def contract_laws(tmp_path_factory):
    """A small real index of the labour contract law, its implementing regulation and the
    labour law (read-only for tests)."""
    tmp_path = tmp_path_factory.mktemp("contract_laws")
    return index_of_docs(tmp_path, [CONTRACT_LAW, LABOUR_LAW, CONTRACT_REGULATION])


def article_text(text: str, label: str) -> str:
    """Independently of the engine: the article ``label`` of a law's text, from its line to
    the next article's."""
    found = re.search(rf"^{label}\s.*?(?=^第[零一二三四五六七八九十百]+条\s|\Z)", text, re.M | re.S)
    assert found is not None
    return found.group()


def article_of(doc, label: str) -> str:
    """The text of the article ``label`` of ``doc``, as the engine's units cut it."""
    u = next(u for u in doc.units if u.kind == "条" and u.label.split()[0] == label)
    return doc.text[u.start : u.end]


def contains(doc, literal: str) -> bool:
    return normalize(literal) in normalize(doc.title + "\n" + doc.text)


def documents_with(all_documents, literal: str) -> set[str]:
    """The ids of the documents whose title or text holds ``literal`` (Ctrl-F)."""
    return {d.id for d in all_documents if contains(d, literal)}


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
