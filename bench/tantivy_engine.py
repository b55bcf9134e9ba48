"""tantivy (the ``tantivy`` PyPI package) over jieba-pretokenized text: what a user would
pick instead.

Title and body are stored text fields analysed by a regex tokenizer that takes the runs
between SEP, spaces and punctuation (so its words are jieba's, see ``bench/engines.py``),
lower-cased, with positions. year (i64), district, doc_type and topic (raw text,
multi-valued for topics) are indexed fast fields. A text query is one phrase query (a term
query for one word) per space-separated part, on title OR body, all parts required;
ranking is tantivy's BM25. Snippets: tantivy's own ``SnippetGenerator`` re-tokenizes the
whole stored text of each hit (1-2 ms for a law of 6,000 characters on this machine, i.e.
most of a query's time), so the snippet is cut from the stored text at the first place the
query's phrase occurs as whole consecutive words, found by ``str.find`` (exactly what the
phrase query matched, SEP-separated words being the index's tokens); the
``SnippetGenerator`` is used only when that finds nothing. Either way SEP is removed, so
``<mark>`` sits on the original characters. The counts use tantivy's aggregation API
(a ``terms`` aggregation per fast field over the same query): the library's own way of
counting facets, done in Rust in one pass, rather than fetching every matching document
id into Python.
"""

from __future__ import annotations

from pathlib import Path

from bench.data import ExtractedDoc
from bench.engines import (
    FACETS,
    MARK_CLOSE,
    MARK_OPEN,
    TOP,
    Answer,
    browse_snippet,
    query_phrases,
    render_marked,
    word_aligned_snippet,
)
from bench.queries import BenchQuery

TOKENIZER = "jieba_sep"
# Regex tokenizer: a word is whatever jieba cut between two SEPs (punctuation included,
# so a phrase does not match across a comma: closer to the literal string).
WORD_PATTERN = r"[^\x1f]+"
SNIPPET_BYTES = 200  # ~66 Chinese characters
FACET_SIZE = 10_000  # every value: counts of all years, districts, topics and types
WRITER_HEAP = 256_000_000


def _schema():
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=True, tokenizer_name=TOKENIZER)
    sb.add_text_field("body", stored=True, tokenizer_name=TOKENIZER)
    sb.add_integer_field("year", indexed=True, fast=True)
    for name in ("district", "doc_type", "topic"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True)
    return sb.build()


def _register(index) -> None:
    import tantivy

    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_PATTERN))
        .filter(tantivy.Filter.lowercase())
        .build()
    )
    index.register_tokenizer(TOKENIZER, analyzer)


def build_tantivy(
    docs: list[ExtractedDoc], texts: list[tuple[str, str]], out: Path, jobs: int = 2
) -> None:
    """One writer with ``jobs`` indexing threads; commit, then wait for its merges."""
    import tantivy

    out.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(_schema(), path=str(out), reuse=False)
    _register(index)
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=jobs)
    for d, (title, body) in zip(docs, texts, strict=True):
        doc = tantivy.Document()
        doc.add_text("id", d.id)
        doc.add_text("title", title)
        doc.add_text("body", body)
        if d.year is not None:
            doc.add_integer("year", d.year)
        if d.district:
            doc.add_text("district", d.district)
        if d.doc_type:
            doc.add_text("doc_type", d.doc_type)
        for t in d.topics:
            doc.add_text("topic", t)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()


class TantivyEngine:
    name = "tantivy"

    def __init__(self, index_dir: Path, analyzer):
        import tantivy

        self.t = tantivy
        self.analyzer = analyzer
        self.index = tantivy.Index.open(str(index_dir))
        _register(self.index)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def close(self) -> None:
        self.searcher = None

    def _text_query(self, q: str):
        t, schema = self.t, self.schema
        phrases = query_phrases(q, self.analyzer)
        if not phrases:
            return None
        parts = []
        for words in phrases:
            words = [w.lower() for w in words]
            per_field = [
                (
                    t.Occur.Should,
                    t.Query.term_query(schema, f, words[0])
                    if len(words) == 1
                    else t.Query.phrase_query(schema, f, words),
                )
                for f in ("title", "body")
            ]
            parts.append((t.Occur.Must, t.Query.boolean_query(per_field)))
        return t.Query.boolean_query(parts)

    def _query(self, bq: BenchQuery):
        t, schema = self.t, self.schema
        clauses = []
        if bq.q:
            text = self._text_query(bq.q)
            if text is None:
                return None
            clauses.append((t.Occur.Must, text))
        if bq.year is not None:
            clauses.append((t.Occur.Must, t.Query.term_query(schema, "year", bq.year)))
        if bq.district:
            clauses.append((t.Occur.Must, t.Query.term_query(schema, "district", bq.district)))
        if bq.topic:
            clauses.append((t.Occur.Must, t.Query.term_query(schema, "topic", bq.topic)))
        if not clauses:
            return t.Query.all_query()
        if not bq.q:  # filters only: no scores to compute
            return t.Query.const_score_query(t.Query.boolean_query(clauses), 1.0)
        return t.Query.boolean_query(clauses)

    def _counts(self, query) -> dict[str, dict[str, int]]:
        aggs = {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in FACETS}
        result = self.searcher.aggregate(query, aggs)
        return {f: {str(b["key"]): b["doc_count"] for b in result[f]["buckets"]} for f in FACETS}

    def _snippet(self, phrases, generators, doc) -> str:
        for f in ("body", "title"):
            if doc[f]:
                found = word_aligned_snippet(doc[f][0], phrases)
                if found is not None:
                    return found
        for gen in generators:
            snip = gen.snippet_from_doc(doc)
            ranges = sorted((h.start, h.end) for h in snip.highlighted())
            if not ranges:
                continue
            raw = snip.fragment().encode("utf-8")
            pieces, pos = [], 0
            for start, end in ranges:  # byte ranges into the fragment
                pieces += [raw[pos:start].decode(), MARK_OPEN, raw[start:end].decode(), MARK_CLOSE]
                pos = end
            pieces.append(raw[pos:].decode())
            return render_marked("".join(pieces))
        return browse_snippet(doc["body"][0] if doc["body"] else "")

    def search(self, bq: BenchQuery) -> Answer:
        t, s = self.t, self.searcher
        query = self._query(bq)
        if query is None:
            return Answer(0, [], [], {f: {} for f in FACETS})
        if bq.q:
            res = s.search(query, TOP)
            phrases = query_phrases(bq.q, self.analyzer)
        else:
            res = s.search(query, TOP, order_by_field="year", order=t.Order.Desc)
            phrases = []
        generators = _LazyGenerators(s, query, self.schema)
        ids, snippets = [], []
        for _, addr in res.hits:
            doc = s.doc(addr)
            ids.append(doc["id"][0])
            snippets.append(
                self._snippet(phrases, generators, doc)
                if bq.q
                else browse_snippet(doc["body"][0] if doc["body"] else "")
            )
        return Answer(res.count, ids, snippets, self._counts(query))

    def matching_ids(self, q: str) -> set[str]:
        query = self._text_query(q)
        if query is None:
            return set()
        s = self.searcher
        res = s.search(query, max(1, s.num_docs), count=False)
        return {s.doc(addr)["id"][0] for _, addr in res.hits}


class _LazyGenerators:
    """tantivy's SnippetGenerators for body and title, created on first use only."""

    def __init__(self, searcher, query, schema):
        self.args = (searcher, query, schema)
        self.made = None

    def __iter__(self):
        import tantivy

        if self.made is None:
            self.made = []
            for f in ("body", "title"):
                gen = tantivy.SnippetGenerator.create(*self.args, f)
                gen.set_max_num_chars(SNIPPET_BYTES)
                self.made.append(gen)
        return iter(self.made)
