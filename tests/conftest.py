"""Shared fixtures: real indexes built from real documents in temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.settings import Settings
from union_search.config import PROJECT_ROOT

CORPUS_DOCS = PROJECT_ROOT / "corpus" / "docs"
RESOURCES = PROJECT_ROOT / "corpus"


def make_config(tmp: Path, corpus: Path, **overrides) -> Settings:
    overrides.setdefault("resources_dir", RESOURCES)
    return Settings(corpus_dir=corpus, index_dir=tmp / "index", **overrides).with_paths_resolved()


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory) -> Settings:
    """The whole shipped corpus, indexed once per test session (read-only for tests)."""
    from indexer.build import reindex

    tmp = tmp_path_factory.mktemp("shipped")
    config = make_config(tmp, CORPUS_DOCS)
    reindex(config)
    return config


@pytest.fixture(scope="session")
def shipped_searcher(shipped_index):
    from search import open_searcher

    with open_searcher(shipped_index) as searcher:
        yield searcher


@pytest.fixture(scope="session")
def shipped_app(shipped_index):
    """The Flask app over the shipped index, built once per session."""
    from web import create_app

    app = create_app(shipped_index)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def shipped_client(shipped_app):
    return shipped_app.test_client()


def copy_docs(root: Path, rels: list[str]) -> Path:
    """A writable copy of the shipped documents ``rels`` (paths under ``corpus/docs``), with
    their ``.meta`` sidecars."""
    for rel in rels:
        src = CORPUS_DOCS / rel
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        sidecar = src.with_name(src.name + ".meta")
        if sidecar.is_file():
            shutil.copy2(sidecar, dest.with_name(dest.name + ".meta"))
    return root


def index_of_docs(tmp_path: Path, rels: list[str]) -> Settings:
    """A small real index of the shipped documents ``rels`` (``copy_docs``), built in
    ``tmp_path``."""
    from indexer.build import reindex

    config = make_config(tmp_path, copy_docs(tmp_path / "corpus", rels))
    reindex(config)
    return config


def normalized_texts(searcher, ids: list[str]) -> dict[str, str]:
    """Each document's title and text as the engine matches them (normalised): to check
    by brute force what a search should have found."""
    from indexer.analysis import normalize

    return {d: normalize(searcher.document(d).title + searcher.document(d).text) for d in ids}


def copy_sample(root: Path, picks: dict[str, int]) -> Path:
    """A writable copy of the first ``count`` documents of each shipped folder in
    ``picks`` (with their ``.meta`` sidecars), for tests that need several formats."""
    for folder, count in picks.items():
        files = sorted(
            p for p in (CORPUS_DOCS / folder).rglob("*") if p.is_file() and p.suffix != ".meta"
        )[:count]
        copy_docs(root, [str(f.relative_to(CORPUS_DOCS)) for f in files])
    return root


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """A writable copy of a handful of real documents, for tests that edit files."""
    corpus = tmp_path / "corpus"
    picks = ["hrbgh", "laws/national-laws"]
    for pick in picks:
        src = CORPUS_DOCS / pick
        if src.is_dir():
            files = sorted(p for p in src.iterdir() if p.is_file())[:4]
            for f in files:
                dest = corpus / pick / f.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, dest)
    return corpus


def change_each_way(corpus: Path) -> None:
    """Give an incremental reindex each kind of change: the corpus's first file removed,
    its second given a new article, a copy of its third added."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    files[0].unlink()
    with files[1].open("a", encoding="utf-8") as f:
        f.write("\n第九十九条 工会经费由基层工会依法管理，职工代表大会监督。\n")
    shutil.copy2(files[2], files[2].with_name("copy-" + files[2].name))


@pytest.fixture(scope="session")
def corpus_root() -> Path:
    """The shipped documents folder (read-only for tests)."""
    return CORPUS_DOCS


@pytest.fixture(scope="session")
def resources():
    """The shipped corpus resources (gazetteer, topics, union dictionary), loaded once."""
    from indexer.resources import load_resources

    return load_resources(PROJECT_ROOT / "corpus")
