"""Smoke test: the benchmark runs end to end on a tiny sample and writes its report."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import data, measure
from bench.queries import make_browse, make_queries


def test_percentile():
    assert measure.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert measure.percentile([5.0], 95) == 5.0
    assert measure.percentile(list(map(float, range(101))), 99) == 99.0


@pytest.mark.skipif(not data.LAWS_TARBALL.exists(), reason="bench corpus not available")
def test_bench_runs_end_to_end(tmp_path: Path):
    from bench.run import main

    out = tmp_path / "RESULTS.md"
    assert (
        main(
            [
                "--quick",
                "--only",
                "laws",
                "--laws",
                "40",
                "--queries",
                "8",
                "--skip-naive",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    for needle in (
        "## Machine",
        "## Indexing",
        "## Queries",
        "## Targets",
        "http/search",
        "searcher/browse",
        "incremental, nothing changed",
        "http/suggest",
        "HTTP suggest p95",
        "| SQLite FTS5 + jieba |",
        "| tantivy + jieba |",
        "generations kept after two full reindexes",
        "reindex ÷ that bound",
        "full reindex, CPU (user + sys of the tree)",
        "SQLite FTS5 + jieba build, CPU (user + sys of the tree)",
        "| 100k | HTTP search p95 | — |",
    ):
        assert needle in text
    for path in ("http", "searcher", "fts5", "tantivy"):
        assert f"| laws | {path}/search | 8 |" in text
    # The cold pass: each index's pages dropped, its text queries once more (HTTP for
    # union-search; the Searcher shares its index).
    for path in ("http", "fts5", "tantivy"):
        assert f"| laws | {path}/search-cold | 8 |" in text
    assert "searcher/search-cold" not in text
    assert "page cache left after the cold pass's drop" in text


@pytest.mark.skipif(not data.LAWS_TARBALL.exists(), reason="bench corpus not available")
def test_scale_corpus_is_deterministic_and_sized(tmp_path: Path):
    from union_search.config import PROJECT_ROOT

    laws = data.unpack_laws(tmp_path / "src", sample=60)
    a = data.make_scale_corpus(tmp_path / "a", 50, laws.path, seed=5)
    b = data.make_scale_corpus(tmp_path / "b", 50, laws.path, seed=5)
    files_a = sorted(p.relative_to(a.path) for p in a.path.rglob("*.txt"))
    assert len(files_a) == 50
    assert all((a.path / f).read_bytes() == (b.path / f).read_bytes() for f in files_a)
    first = (a.path / files_a[0]).read_text(encoding="utf-8")
    assert first.startswith("title: ") and "\ndistrict: " in first

    docs = data.extract_all(a.path, PROJECT_ROOT / "corpus")
    assert len(docs) == 50 and all(d.year and d.district for d in docs)
    from indexer.analysis import Analyzer

    analyzer = Analyzer.from_resources(PROJECT_ROOT / "corpus", tmp_path / "cache")
    queries = make_queries(docs, 10, analyzer)
    assert len(queries) == 10 and queries == make_queries(docs, 10, analyzer)
    assert make_browse(docs, 5)[0].q == ""


def test_formats_report_has_a_row_per_format(tmp_path: Path):
    from bench.formats import main

    out = tmp_path / "RESULTS-formats.md"
    assert main(["--repeat", "1", "--out", str(out)]) == 0
    rows = [line for line in out.read_text("utf-8").splitlines() if line.startswith("| .")]
    labels = [row.split("|")[1].strip() for row in rows]
    assert labels == [
        ".docx",
        ".pdf (text layer)",
        ".pdf (scan, OCR)",
        ".xlsx",
        ".xls",
        ".odt",
        ".warc.gz (2 pages + 1 .docx)",
    ]
    # Every format produced text (a format that extracted nothing would show 0).
    assert all(int(row.split("|")[3].strip().replace(",", "")) > 0 for row in rows)
