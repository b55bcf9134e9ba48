"""The Whoosh schema, and turning a Document into the fields a writer adds.

Fields (see README, "Analysis"):

=============  ===========================================================
title, body    jieba words (Frequency, no positions): BM25 ranking, more-like-this.
               Stored: the text snippets and the document page are built from.
title_gram,    character bigrams, existence only: the candidates of literal (Ctrl-F)
body_gram      matching, confirmed in the generation's text store (indexer/textstore.py).
id             path relative to the corpus root; unique; column-stored (the
               newest-first order breaks date ties by id).
year, district, issuer, doc_type, topics, level
               facets: indexed terms (facet bitsets are built from postings),
               stored for display.
district_path  the district and its ancestors as path terms (黑龙江省/哈尔滨市):
               the district facet's hierarchy (indexer.districts).
date, date_num ISO date (stored) and YYYYMMDD int (column) for newest/oldest.
doc_number     发文字号 in its standard form (stored, indexed whole).
attachments,   ids of the files a notice links to / of the notice a file is
attached_to    attached to (stored).
units          the document's chapters/articles/sections as stored rows
               (indexer/units.py): character spans of the stored body.
law, repeals,  a law's citation key (column: versions and citations), the keys
effective_num  it repeals, and its date of effect (indexer/legal.py).
=============  ===========================================================
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from whoosh import fields, formats

from indexer.analysis import Analyzer, BlockWords, GramAnalyzer, WordAnalyzer, normalize
from indexer.districts import path_terms
from indexer.document import Document
from indexer.legal import legal_facts
from indexer.levels import document_level
from indexer.posting_arrays import run_starts
from indexer.units import pack_units, split_units
from indexer.whoosh_adapter import KeyedTermSet, TermCounts, TermSet, WordIdCounts

SCHEMA_VERSION = "11"

TITLE_BOOST = 3.0


class _PreAnalyzable:
    """A field that also takes postings computed ahead of time (in a worker)."""

    def index(self, value, **kwargs):
        if isinstance(value, TermSet | KeyedTermSet | TermCounts | WordIdCounts):
            return value.items()
        return super().index(value, **kwargs)


class WordField(_PreAnalyzable, fields.TEXT):
    def __init__(self, stored: bool = False, field_boost: float = 1.0):
        super().__init__(
            analyzer=WordAnalyzer(), phrase=False, stored=stored, field_boost=field_boost
        )
        self.format = formats.Frequency(field_boost=field_boost)


class GramField(_PreAnalyzable, fields.TEXT):
    def __init__(self, field_boost: float = 1.0):
        super().__init__(
            analyzer=GramAnalyzer(), phrase=False, stored=False, field_boost=field_boost
        )
        # Which documents hold a gram, nothing more: whether a literal really occurs is
        # decided in the text store, so no positions (most of the index, and of its build).
        self.format = formats.Existence(field_boost=field_boost)
        # Only matched, never scored (BM25F runs on the word fields): no field lengths to
        # store, and no length lookup for every posting written.
        self.scorable = False


def build_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        title=WordField(stored=True, field_boost=TITLE_BOOST),
        title_gram=GramField(field_boost=TITLE_BOOST),
        body=WordField(stored=True),
        body_gram=GramField(),
        date=fields.STORED(),
        date_num=fields.NUMERIC(int, bits=32, stored=False, sortable=True, signed=False),
        year=fields.ID(stored=True),
        district=fields.ID(stored=True),
        issuer=fields.ID(stored=True),
        doc_type=fields.ID(stored=True),
        level=fields.ID(stored=True),
        topics=fields.KEYWORD(stored=True, commas=True, scorable=False),
        district_path=fields.KEYWORD(commas=True, scorable=False),
        source_url=fields.STORED(),
        content_hash=fields.ID(stored=True),
        doc_number=fields.ID(stored=True),
        attachments=fields.STORED(),
        attached_to=fields.STORED(),
        units=fields.STORED(),
        law=fields.ID(stored=True, sortable=True),
        repeals=fields.KEYWORD(stored=True, commas=True, scorable=False),
        effective_num=fields.NUMERIC(int, bits=32, stored=False, sortable=True, signed=False),
        file=fields.ID(),  # the source file, for deleting every document it produced
        ocr=fields.STORED(),
    )


def _word_postings(
    words: Callable[[str], Iterable[str]], normalized: str, boost: float
) -> TermCounts | WordIdCounts:
    if isinstance(words, BlockWords):
        return _word_id_counts(words, normalized, boost)
    return TermCounts(Counter(words(normalized)), boost)


def _word_id_counts(words: BlockWords, normalized: str, boost: float) -> WordIdCounts:
    """The words of ``normalized`` counted as ids (``BlockWords.ids``) by one sort: the
    distinct ids and how often each occurs, no Python step per word."""
    # Imported here: numpy is for the indexing processes, not the server's.
    import numpy as np

    ids = np.sort(words.ids(normalized))
    length = len(ids)  # what Whoosh records for a scorable field: the words counted
    if length:
        starts = run_starts(ids)
        counts = np.diff(np.append(starts, length)).astype(np.uint32)
        ids = ids[starts]
    else:
        counts = ids
    return WordIdCounts(ids, counts, length, boost, words.vocabulary)


def _gram_postings(normalized: str, boost: float) -> KeyedTermSet:
    """The distinct grams of ``normalized`` text (those of ``analysis.gram_runs``: each
    run's bigrams and its last character), packed in integer keys by numpy
    (``gram_keys``): no Python string per gram, and the writer inverts them with one sort
    at its flush."""
    # Imported here: numpy is for the indexing processes, not the server's.
    from indexer.gram_keys import KEY_BITS, gram_keys, gram_terms

    return KeyedTermSet(gram_keys(normalized), boost, gram_terms, KEY_BITS)


def date_number(date: str | None) -> int:
    if not date:
        return 0
    digits = date.replace("-", "")
    return int(digits) if digits.isdigit() else 0


def document_fields(
    doc: Document,
    analyzer: Analyzer,
    normalized: tuple[str, str] | None = None,
    words: Callable[[str], Iterable[str]] | None = None,
) -> dict:
    """The keyword arguments for ``writer.add_document``, analysis done here.

    Runs in indexing workers, so the expensive part (jieba) is spread over cores and
    the writer only appends postings. ``normalized`` is ``normalize`` of the title and
    body when the caller already has it (the writer also hands it to the text store), so
    each text is folded once per document, not once per use. ``words``: the analyzer's
    words as a reindex remembers them per block (``Analyzer.block_words``), the same words.
    """
    title, body = doc.title or "", doc.body or ""
    title_n, body_n = normalized or (normalize(title), normalize(body))
    words = words or analyzer.words
    values = {
        "id": doc.id,
        "title": _word_postings(words, title_n, TITLE_BOOST),
        "_stored_title": title,
        "title_gram": _gram_postings(title_n, TITLE_BOOST),
        "body": _word_postings(words, body_n, 1.0),
        "_stored_body": body,
        "body_gram": _gram_postings(body_n, 1.0),
        "date": doc.date or "",
        "date_num": date_number(doc.date),
        "source_url": doc.source_url or "",
        "content_hash": doc.content_hash,
        "file": doc.source_file or doc.id,
        "ocr": doc.ocr,
        "topics": ",".join(doc.topics),
        "_stored_topics": list(doc.topics),
        "level": document_level(doc.id, doc.doc_type, doc.issuer),
        "district_path": ",".join(path_terms(doc.district_path)),
    }
    units = split_units(body)
    values["units"] = pack_units(units)
    legal = legal_facts(title, body, any(u.kind == "条" for u in units))
    if legal.key:
        values["law"] = legal.key
        values["effective_num"] = date_number(legal.effective)
        if legal.repeals:
            values["repeals"] = ",".join(r.replace(",", "，") for r in legal.repeals)
            values["_stored_repeals"] = legal.repeals
    if doc.year:
        values["year"] = str(int(doc.year))
    if doc.attachments:
        values["attachments"] = list(doc.attachments)
    if doc.attached_to:
        values["attached_to"] = doc.attached_to
    for name in ("district", "issuer", "doc_type", "doc_number"):
        if getattr(doc, name):
            values[name] = getattr(doc, name)
    return values
