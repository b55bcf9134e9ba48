"""The postings written in bulk are the postings Whoosh's own writer writes.

``FastSegmentWriter`` keeps the existence-only gram fields (``TermSet`` values) and the
word fields (``TermCounts``: frequencies) out of Whoosh's posting pool
(``indexer/whoosh_adapter.py``) and writes each posting list in one go. Here the real
documents of the shipped corpus, analysed once, are added to Whoosh's own
``SegmentWriter`` and to ours (with a budget that holds everything, and with one so small
that the term sets spill many runs), and the segment files are compared byte for byte;
the gram and word postings are also checked against each document's text, computed
independently of the writer and read through Whoosh's public reader API, and BM25 scores
of real queries are compared on both indexes.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Or, Term
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from indexer.analysis import Analyzer, gram_runs, normalize
from indexer.build import scan_corpus
from indexer.extract import extract_documents
from indexer.resources import load_resources
from indexer.schema import TITLE_BOOST, build_schema, document_fields
from indexer.whoosh_adapter import (
    FastSegmentWriter,
    KeyedTermSet,
    TermCounts,
    WordIdCounts,
    runs_written,
    writer_codec,
)
from search.ranking import FieldLengths, bm25f
from tests.conftest import CORPUS_DOCS, RESOURCES

pytestmark = pytest.mark.slow

GRAM_FIELDS = ("title_gram", "body_gram")
WORD_FIELDS = ("title", "body")


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory) -> Analyzer:
    return Analyzer.from_resources(RESOURCES, tmp_path_factory.mktemp("cache")).load()


@pytest.fixture(scope="module")
def shipped_fields(analyzer) -> list[dict]:
    """``document_fields`` of every document of the shipped corpus (each analysed once)."""
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


def _boosted(fields: list[dict]) -> list[dict]:
    """The documents with a document boost on every 7th and field boosts on every 11th
    (postings of other weights: whole, and not whole; a word, a gram, an ``ID`` field
    indexed whole and a keyword field through the pool)."""
    docs = [dict(v) for v in fields]
    for values in docs[::7]:
        values["_boost"] = 2.0
    for values in docs[::11]:
        values["_title_boost"] = 1.5
        values["_body_gram_boost"] = 0.5
        values["_id_boost"] = 3.0
        values["_topics_boost"] = 0.75
    return docs


@pytest.fixture(scope="module")
def one_commit(tmp_path_factory, shipped_fields) -> dict[str, Path]:
    """The shipped corpus in one commit by Whoosh's writer and by ours with a 1 MiB
    budget (many spilled runs)."""
    tmp = tmp_path_factory.mktemp("one-commit")
    return {
        "whoosh": _build(tmp / "whoosh", [shipped_fields], _whoosh_writer),
        "bulk": _build(tmp / "bulk", [shipped_fields], lambda ix: FastSegmentWriter(ix, 1)),
    }


@pytest.fixture(scope="module")
def merged(tmp_path_factory, shipped_fields) -> dict[str, Path]:
    """Two commits of boosted documents, the second merging the first into its segment
    (the first segment's postings come back through the pool), by both writers."""
    docs = _boosted(shipped_fields)
    batches = [docs[: len(docs) // 2], docs[len(docs) // 2 :]]
    tmp = tmp_path_factory.mktemp("merged")
    return {
        "whoosh": _build(tmp / "whoosh", batches, _whoosh_writer, merge=True),
        "bulk": _build(tmp / "bulk", batches, lambda ix: FastSegmentWriter(ix, 1), merge=True),
    }


def test_same_segment_files_as_whoosh(one_commit):
    assert _segment_files(one_commit["bulk"]) == _segment_files(one_commit["whoosh"])


@pytest.mark.parametrize("flush_mb", [4096, 1])
def test_same_segment_files_as_whoosh_boosted(tmp_path, shipped_fields, flush_mb):
    """One budget that holds everything, one that spills; documents with boosts."""
    docs = _boosted(shipped_fields)
    reference = _segment_files(_build(tmp_path / "whoosh", [docs], _whoosh_writer))
    ours = _build(tmp_path / "bulk", [docs], lambda ix: FastSegmentWriter(ix, flush_mb))
    assert _segment_files(ours) == reference


def test_spilled_runs_are_counted(tmp_path, shipped_fields):
    tmp_path.mkdir(exist_ok=True)
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    w = FastSegmentWriter(ix, 1)
    for values in shipped_fields:
        w.add_document(**values)
    w.commit()
    assert runs_written(w) > 1


def test_merge_and_boosts_same_as_whoosh(merged):
    """A commit that merges an earlier segment (its postings come back through the
    pool) and documents with boosts (postings of other weights)."""
    ours, reference = merged["bulk"], merged["whoosh"]
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
                info.min_length(),
                info.max_length(),
                float(info.max_weight()),
                [(d, float(w)) for d, w in _weights(m)],
            )
    return out


def test_gram_postings_match_the_texts(one_commit, shipped_fields):
    """Each gram's documents are those whose normalised text has it, per ``gram_runs``."""
    path = one_commit["bulk"]
    expected: dict[tuple[str, str], set[str]] = {}
    for values in shipped_fields:
        for field, text in (("title_gram", "_stored_title"), ("body_gram", "_stored_body")):
            assert isinstance(values[field], KeyedTermSet)
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


def _weights(m) -> list[tuple[int, float]]:
    """(docnum, stored weight) of every posting, through the public Matcher API."""
    out = []
    while m.is_active():
        out.append((m.id(), m.weight()))
        m.next()
    return out


def test_word_postings_match_the_texts(one_commit, shipped_fields, analyzer):
    """Each word field's postings, term statistics and field lengths, read through
    Whoosh's public reader API, are what the documents' texts give (jieba's words counted
    here): a posting weighs the frequency times the field's boost and carries the
    frequency; lengths are Whoosh's one-byte approximation of the word count."""
    boosts = {"title": TITLE_BOOST, "body": 1.0}
    with whoosh_index.open_dir(str(one_commit["bulk"])).reader() as reader:
        docnum = {stored["id"]: d for d, stored in reader.iter_docs()}
        for field, boost in boosts.items():
            counts: dict[bytes, dict[int, int]] = {}
            lengths: dict[int, int] = {}
            for values in shipped_fields:
                assert isinstance(values[field], TermCounts)
                words = Counter(analyzer.words(normalize(values[f"_stored_{field}"])))
                d = docnum[values["id"]]
                lengths[d] = sum(words.values())
                for word, freq in words.items():
                    counts.setdefault(word.encode("utf-8"), {})[d] = freq
            assert counts
            approx = {d: byte_to_length(length_to_byte(n)) for d, n in lengths.items()}
            assert reader.field_length(field) == sum(lengths.values())
            assert {d: reader.doc_field_length(d, field) for d in lengths} == approx
            assert set(reader.lexicon(field)) == set(counts)
            for term, by_doc in counts.items():
                expected = [(d, by_doc[d] * boost) for d in sorted(by_doc)]
                assert _weights(reader.postings(field, term)) == expected
                freqs = dict(reader.postings(field, term).items_as("frequency"))
                assert freqs == by_doc
                info = reader.term_info(field, term)
                assert info.doc_frequency() == len(by_doc)
                assert info.weight() == sum(w for _d, w in expected)
                assert info.max_weight() == max(w for _d, w in expected)
                assert info.min_length() == min(approx[d] for d in by_doc)
                assert info.max_length() == max(approx[d] for d in by_doc)
                assert (info.min_id(), info.max_id()) == (min(by_doc), max(by_doc))


@pytest.mark.parametrize("case", ["one_commit", "merged"])
def test_bm25_scores_same_as_whoosh(request, case, shipped_fields, analyzer):
    """BM25F scores of real queries (every 5th document's title, as words) on the index
    written by Whoosh's writer and on ours: the project's ranking (``search.ranking``,
    what the Searcher scores a tier with) and Whoosh's own searcher."""
    paths = request.getfixturevalue(case)
    queries = [v["_stored_title"] for v in shipped_fields[::5] if v["_stored_title"]]
    assert queries
    results: dict[str, list] = {}
    for name, path in paths.items():
        ix = whoosh_index.open_dir(str(path))
        with ix.searcher(weighting=BM25F()) as searcher:
            reader = searcher.reader()
            lengths = FieldLengths(reader)
            every = set(range(reader.doc_count_all()))
            ids = {d: s["id"] for d, s in reader.iter_docs()}
            out = []
            for q in queries:
                words = list(dict.fromkeys(analyzer.words(normalize(q))))
                terms = [(f, w) for w in words for f in WORD_FIELDS]
                ours = bm25f(reader, lengths, terms, every)
                assert ours  # a title's words are in its own document
                hits = searcher.search(Or([Term(f, w) for f, w in terms]), limit=None)
                whoosh = [(ids[h.docnum], h.score) for h in hits]
                assert whoosh
                out.append((sorted((ids[d], s) for d, s in ours.items()), whoosh))
            results[name] = out
    assert results["bulk"] == results["whoosh"]


@pytest.fixture(scope="module")
def block_fields(analyzer) -> list[dict]:
    """``document_fields`` as a reindex worker makes them: the words counted as ids of one
    ``BlockWords`` (``WordIdCounts``), its blocks forgotten and cut again along the way."""
    resources = load_resources(RESOURCES)
    sources, _ = scan_corpus(CORPUS_DOCS, 50 * 1024 * 1024)
    words = analyzer.block_words(limit=64)
    out = []
    for src in sources:
        for doc in extract_documents(src.path, CORPUS_DOCS, resources).documents:
            doc.content_hash = src.fingerprint
            out.append(document_fields(doc, analyzer, words=words))
    return out


@pytest.mark.parametrize("flush_mb", [4096, 1])
def test_word_id_counts_same_segment_files_as_whoosh(
    tmp_path, shipped_fields, block_fields, flush_mb
):
    """The word fields given as ids (inverted by one sort at the flush, or spilled in
    runs) write the same bytes as Whoosh's own writer given the words counted, with boosts;
    and Whoosh's writer given the ids writes them too."""
    assert all(isinstance(v[f], WordIdCounts) for v in block_fields for f in WORD_FIELDS)
    reference = _segment_files(
        _build(tmp_path / "whoosh", [_boosted(shipped_fields)], _whoosh_writer)
    )
    docs = _boosted(block_fields)
    ours = _build(tmp_path / "bulk", [docs], lambda ix: FastSegmentWriter(ix, flush_mb))
    assert _segment_files(ours) == reference
    if flush_mb == 1:
        theirs = _build(tmp_path / "whoosh-ids", [docs], _whoosh_writer)
        assert _segment_files(theirs) == reference
