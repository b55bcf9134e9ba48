"""Export: search results, trend tables and concordances as rows, and rows as CSV or JSON
Lines, streamed a row at a time.

Every export is bounded by ``MAX_EXPORT_ROWS``; each table's columns (name, meaning) are
defined once here and documented from here (README, /openapi.json).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from html import unescape

from search.kwic import KwicLine
from search.models import Hit
from search.trends import TrendResult

EXPORT_FORMATS = ("csv", "jsonl")
BOM = "\ufeff"  # so that Excel reads the CSV as UTF-8

SEARCH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("rank", "position in the result order (from 1)"),
    ("id", "document id (corpus-relative path); the page is /doc/<id>"),
    ("title", "document title"),
    ("date", "YYYY-MM-DD, empty when unknown"),
    ("year", "year, empty when unknown"),
    ("district", "district or region"),
    ("issuer", "issuing body"),
    ("doc_type", "document type"),
    ("topics", "topics, separated by ';'"),
    ("source_url", "where the document was published"),
    ("snippet", "the best fragment around the matches, plain text"),
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
    ("title", "document title"),
    ("date", "YYYY-MM-DD, empty when unknown"),
    ("year", "year, empty when unknown"),
    ("district", "district or region"),
    ("doc_type", "document type"),
    ("left", "text before the match (width characters; line breaks as spaces)"),
    ("match", "the matched text"),
    ("right", "text after the match"),
    ("offset", "character offset of the match in the document text"),
    ("mark", "the match is this mark (from 1) on the document page"),
)

_TAGS = re.compile(r"</?mark[^>]*>")


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
            "snippet": unescape(_TAGS.sub("", h.snippet_html)),
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
