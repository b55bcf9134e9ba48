"""The gram fields' postings written in bulk are the postings Whoosh's own writer writes.

``FastSegmentWriter`` keeps the existence-only gram fields out of Whoosh's posting pool
(``TermSet`` values, ``indexer/whoosh_adapter.py``) and writes each posting list in one
go. Here the real documents of the shipped corpus, analysed once, are added to Whoosh's
own ``SegmentWriter`` and to ours (with a budget that holds everything, and with one so
small that the term sets spill many runs), and the segment files are compared byte for
byte; the gram postings are also checked against each document's text, computed
independently of the writer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer.analysis import Analyzer, gram_runs, normalize
from indexer.build import scan_corpus
from indexer.extract import extract_documents
from indexer.resources import load_resources
from indexer.schema import build_schema, document_fields
from indexer.whoosh_adapter import FastSegmentWriter, TermSet, runs_written, writer_codec
from tests.conftest import CORPUS_DOCS, RESOURCES

pytestmark = pytest.mark.slow

GRAM_FIELDS = ("title_gram", "body_gram")


@pytest.fixture(scope="module")
def shipped_fields(tmp_path_factory) -> list[dict]:
    """``document_fields`` of every document of the shipped corpus (each analysed once)."""
    analyzer = Analyzer.from_resources(RESOURCES, tmp_path_factory.mktemp("cache")).load()
    resources = load_resources(RESOURCES)
    sources, _ = scan_corpus(CORPUS_DOCS, 50 * 1024 * 1024)
    out = []
    for src in sources:
        for doc in extract_documents(src.path, CORPUS_DOCS, resources).documents:
            doc.content_hash = src.fingerprint
            out.append(document_fields(doc, analyzer))
    return out


def _whoosh_writer(ix):
    return SegmentWriter(ix, codec=writer_codec(), compound=False)


def _build(path: Path, batches: list[list[dict]], make_writer, merge: bool = False) -> Path:
    """An index of ``batches``, one commit each; with ``merge`` the last commit merges
    the segments before it into its own (the incremental reindex's path)."""
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    for i, batch in enumerate(batches):
        w = make_writer(ix)
        for values in batch:
            w.add_document(**values)
        w.commit(optimize=merge and i == len(batches) - 1)
    return path


def _segment_files(path: Path) -> dict[str, bytes]:
    """The latest generation's segment files by extension (their names hold random ids)."""
    ix = whoosh_index.open_dir(str(path))
    segments = ix._segments()
    assert len(segments) == 1
    segid = segments[0].segment_id()
    files = {p.name.split(".", 1)[1]: p.read_bytes() for p in path.glob(f"{segid}.*")}
    assert {"pst", "trm"} <= set(files)
    return files


@pytest.mark.parametrize("flush_mb", [4096, 1])
def test_same_segment_files_as_whoosh(tmp_path, shipped_fields, flush_mb):
    reference = _segment_files(_build(tmp_path / "whoosh", [shipped_fields], _whoosh_writer))
    ours = _build(tmp_path / "bulk", [shipped_fields], lambda ix: FastSegmentWriter(ix, flush_mb))
    assert _segment_files(ours) == reference


def test_spilled_runs_are_counted(tmp_path, shipped_fields):
    tmp_path.mkdir(exist_ok=True)
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    w = FastSegmentWriter(ix, 1)
    for values in shipped_fields:
        w.add_document(**values)
    w.commit()
    assert runs_written(w) > 1


def test_merge_and_boosts_same_as_whoosh(tmp_path, shipped_fields):
    """A commit that merges an earlier segment (its gram postings come back through the
    pool) and documents with a boost (gram postings of another weight)."""
    docs = [dict(v) for v in shipped_fields]
    for values in docs[::7]:
        values["_boost"] = 2.0
    batches = [docs[: len(docs) // 2], docs[len(docs) // 2 :]]
    reference = _build(tmp_path / "whoosh", batches, _whoosh_writer, merge=True)
    ours = _build(tmp_path / "bulk", batches, lambda ix: FastSegmentWriter(ix, 1), merge=True)
    # Not byte for byte here: whole-number weights are pickled as ints
    # (``whole_weights``), and a merge reads them back as ints, so which of an int and
    # the equal float a block header records depends on the order postings come back in.
    # Every posting (document, weight) and every term's statistics must be the same.
    assert _postings(ours) == _postings(reference)
    files, ref_files = _segment_files(ours), _segment_files(reference)
    assert {k for k in files if k not in ("pst", "trm")} == {
        k for k in ref_files if k not in ("pst", "trm")
    }
    for k in files:
        if k not in ("pst", "trm"):
            assert files[k] == ref_files[k], k


def _postings(path: Path) -> dict:
    """Every field's every term: (doc frequency, total weight, [(docnum, weight)])."""
    ix = whoosh_index.open_dir(str(path))
    out = {}
    with ix.reader() as r:
        for field, term in r.all_terms():
            info = r.term_info(field, term)
            m = r.postings(field, term)
            out[(field, term)] = (
                info.doc_frequency(),
                float(info.weight()),
                [(d, float(w)) for d, w in m.items_as("weight")],
            )
    return out


def test_gram_postings_match_the_texts(tmp_path, shipped_fields):
    """Each gram's documents are those whose normalised text has it, per ``gram_runs``."""
    path = _build(tmp_path / "bulk", [shipped_fields], lambda ix: FastSegmentWriter(ix, 1))
    expected: dict[tuple[str, str], set[str]] = {}
    for values in shipped_fields:
        for field, text in (("title_gram", "_stored_title"), ("body_gram", "_stored_body")):
            assert isinstance(values[field], TermSet)
            for grams, _start, _pos in gram_runs(normalize(values[text])):
                for gram in grams:
                    expected.setdefault((field, gram), set()).add(values["id"])
    found: dict[tuple[str, str], set[str]] = {}
    with whoosh_index.open_dir(str(path)).reader() as reader:
        ids = {docnum: stored["id"] for docnum, stored in reader.iter_docs()}
        for field in GRAM_FIELDS:
            for term in reader.lexicon(field):
                docs = reader.postings(field, term).all_ids()
                found[(field, term.decode("utf-8"))] = {ids[d] for d in docs}
    assert found == expected
