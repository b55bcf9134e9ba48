"""Export: search results, trend tables and concordances as rows, and rows as CSV or JSON
Lines, streamed a row at a time.

Every export is bounded by ``MAX_EXPORT_ROWS``; each table's columns (name, meaning) are
defined once here and documented from here (README, /openapi.json).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace

from search.highlight import plain_text
from search.kwic import DEFAULT_WIDTH, KwicLine, KwicRequest
from search.limits import MAX_EXPORT_ROWS
from search.models import Hit, QueryError, SearchRequest
from search.trends import TrendRequest, TrendResult

EXPORT_FORMATS = ("csv", "jsonl")
BOM = "\ufeff"  # so that Excel reads the CSV as UTF-8

# A document's own fields as columns, in the search table's order; the concordance table
# takes some of them.
_DOCUMENT_COLUMNS: dict[str, str] = {
    "title": "document title",
    "date": "YYYY-MM-DD, empty when unknown",
    "year": "year, empty when unknown",
    "district": "district or region",
    "issuer": "issuing body",
    "doc_type": "document type",
    "topics": "topics, separated by ';'",
    "source_url": "where the document was published",
}


def _document_columns(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, _DOCUMENT_COLUMNS[name]) for name in names)


SEARCH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("rank", "position in the result order (from 1)"),
    ("id", "document id (corpus-relative path); the page is /doc/<id>"),
    *_DOCUMENT_COLUMNS.items(),
    ("snippet", "the best fragment around the matches, plain text"),
    ("missing", "the words of a relaxed result's 未包含 this hit lacks, separated by ';'"),
)
TREND_COLUMNS: tuple[tuple[str, str], ...] = (
    ("by", "what the buckets are: year, district, doc_type or topic"),
    ("bucket", "the bucket's value; empty for documents without one"),
    ("term", "the term, as given in q"),
    ("documents_matching", "documents in the bucket whose title or text contains the term"),
    ("occurrences", "occurrences of the term in the text of the bucket's documents"),
    ("bucket_documents", "documents in the bucket (filters applied)"),
    ("bucket_characters", "characters of text in the bucket's documents"),
    ("rate_per_10k", "occurrences per 10,000 characters of the bucket's text"),
)
KWIC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "document id; the page is /doc/<id>"),
    *_document_columns("title", "date", "year", "district", "doc_type"),
    ("left", "text before the match (width characters; line breaks as spaces)"),
    ("match", "the matched text"),
    ("right", "text after the match"),
    ("offset", "character offset of the match in the document text"),
    ("mark", "the match is this mark (from 1) on the document page"),
)


def search_rows(hits: Iterable[Hit]) -> Iterator[dict]:
    for rank, h in enumerate(hits, start=1):
        yield {
            "rank": rank,
            "id": h.id,
            "title": h.title,
            "date": h.date,
            "year": h.year,
            "district": h.district,
            "issuer": h.issuer,
            "doc_type": h.doc_type,
            "topics": ";".join(h.topics),
            "source_url": h.source_url,
            "snippet": plain_text(h.snippet_html),
            "missing": ";".join(h.missing or ()),
        }


def trend_rows(result: TrendResult) -> Iterator[dict]:
    for b in result.buckets:
        for c in b.counts:
            yield {
                "by": result.request.by,
                "bucket": b.value,
                "term": c.term,
                "documents_matching": c.documents,
                "occurrences": c.occurrences,
                "bucket_documents": b.documents,
                "bucket_characters": b.characters,
                "rate_per_10k": round(c.rate, 4),
            }


def kwic_rows(lines: Iterable[KwicLine]) -> Iterator[dict]:
    for line in lines:
        yield {
            "doc_id": line.doc_id,
            "title": line.title,
            "date": line.date,
            "year": line.year,
            "district": line.district,
            "doc_type": line.doc_type,
            "left": line.left,
            "match": line.match,
            "right": line.right,
            "offset": line.start,
            "mark": line.n,
        }


def as_csv(columns: tuple[tuple[str, str], ...], rows: Iterable[dict]) -> Iterator[str]:
    """CSV text chunks: the BOM and header, then one chunk per row (None written empty)."""
    names = [name for name, _ in columns]
    buf = io.StringIO()
    writer = csv.writer(buf)

    def line(values) -> str:
        buf.seek(0)
        buf.truncate()
        writer.writerow(values)
        return buf.getvalue()

    yield BOM + line(names)
    for row in rows:
        yield line(["" if row[n] is None else row[n] for n in names])


def as_jsonl(rows: Iterable[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def encode(fmt: str, columns: tuple[tuple[str, str], ...], rows: Iterable[dict]) -> Iterator[str]:
    return as_csv(columns, rows) if fmt == "csv" else as_jsonl(rows)


def run_export(
    searcher,
    kind: str,
    fmt: str,
    queries: tuple[str, ...],
    filters: SearchRequest,
    by: str = "year",
    width: int = DEFAULT_WIDTH,
    sort: str | None = None,
    limit: int | None = None,
) -> tuple[int, Iterator[str]]:
    """One export for the command line: (rows in the full result, text chunks)."""
    limit = MAX_EXPORT_ROWS if limit is None else limit
    if not 1 <= limit <= MAX_EXPORT_ROWS:
        raise QueryError("bad_limit", f"limit must be between 1 and {MAX_EXPORT_ROWS}")
    q = " ".join(queries)
    if kind == "search":
        request = replace(filters, q=q, sort=sort or ("relevance" if q.strip() else "newest"))
        total, _, hits = searcher.export_hits(request, limit)
        return total, encode(fmt, SEARCH_COLUMNS, search_rows(hits))
    if kind == "trends":
        result = searcher.trends(TrendRequest(tuple(queries), by, filters))
        rows = list(trend_rows(result))[:limit]
        return len(rows), encode(fmt, TREND_COLUMNS, rows)
    request = KwicRequest(q=q, filters=filters, width=width, sort=sort or "date")
    result = searcher.concordance(request, limit, page_only=False)
    return result.total, encode(fmt, KWIC_COLUMNS, kwic_rows(result.lines))
