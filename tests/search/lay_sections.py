"""What the tests of a round's section of ``corpus/lay_terms.txt`` check the same way: the
section's entries, the laws' texts its forms come from, and a family word reaching the
law that holds the concept."""

from __future__ import annotations

from pathlib import Path

from indexer.analysis import normalize
from search import SearchRequest, open_searcher
from search.wording import load_lay_terms
from tests.conftest import CORPUS_DOCS, RESOURCES


def section_terms(tmp_path: Path, first_line: str) -> dict[str, tuple[str, ...]]:
    """The entries of the shipped list from the comment line ``first_line`` on."""
    listed = (RESOURCES / "lay_terms.txt").read_text(encoding="utf-8")
    assert first_line in listed
    path = tmp_path / "lay_terms.txt"
    path.write_text(listed.split(first_line, 1)[1], encoding="utf-8")
    return load_lay_terms(path)


def texts(folder: Path = CORPUS_DOCS / "laws") -> dict[str, str]:
    """Each shipped document's normalised text under ``folder``, by file name."""
    return {p.name: normalize(p.read_text(encoding="utf-8")) for p in folder.rglob("*.txt")}


def unread_forms(terms: dict[str, tuple[str, ...]]) -> list[str]:
    """The legal forms of ``terms`` no law of the corpus holds (each part of a form)."""
    laws = texts().values()
    forms = {f for fs in terms.values() for f in fs}
    return [f for f in forms if not any(all(p in t for p in f.split()) for t in laws)]


def assert_reaches(config, query: str, word: str, law: str) -> None:
    """``query`` names ``word``, which ``law`` never says; the page names a form the law
    holds, and the law is in the top 3."""
    with open_searcher(config) as searcher:
        doc = searcher.document(law)
        text = normalize(doc.title + doc.text)
        result = searcher.search(SearchRequest(q=query))
    forms = dict(result.expansions)[word]
    assert word not in text
    assert any(all(p in text for p in f.split()) for f in forms)
    assert law in [h.id for h in result.hits[:3]]
