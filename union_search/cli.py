"""The ``union-search`` command: a thin click layer over the library functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from indexer.settings import Settings, SettingsError


def _fail(command: str, message: str) -> None:
    click.echo(f"union-search {command}: {message}", err=True)
    sys.exit(1)


@contextmanager
def _reading(command: str) -> Iterator[None]:
    """A command that reads the index stops with one line for a malformed query or for no
    index yet (the line says what to run), not a traceback."""
    from search import IndexUnavailable, QueryError

    try:
        yield
    except QueryError as e:
        _fail(command, f"{e.code}: {e.message}")
    except IndexUnavailable as e:
        _fail(command, str(e))


def _settings(command: str, **overrides) -> Settings:
    """The settings of a command that reads the index: the environment's, then the
    options'; the command stops with one line when the resources folder is missing."""
    settings = Settings.from_env(**overrides)
    try:
        settings.require("resources_dir")
    except SettingsError as e:
        _fail(command, str(e))
    return settings


index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    help="Index folder [env UNION_SEARCH_INDEX].",
)


@click.group()
def main() -> None:
    """union-search: search Chinese trade-union documents (工会文档检索)."""


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path),
    help="Corpus root the document id is relative to (default: the file's folder).",
)
@click.option("--ocr", is_flag=True, help="Read a scanned PDF by OCR (slow).")
def extract(path: Path, corpus_dir: Path | None, ocr: bool) -> None:
    """Print the Document extracted from PATH as JSON (what the indexer sees); a web
    archive prints the list of its pages' Documents."""
    from indexer.document import Rejected
    from indexer.extract import extract_documents
    from indexer.formats.sniff import WARC, sniff_file
    from indexer.resources import load_resources
    from indexer.site_profile import profile_for

    settings = Settings.from_env()
    root = (corpus_dir or _guess_root(path, settings)).absolute()
    try:
        doc_id = path.absolute().relative_to(root).as_posix()
    except ValueError:
        doc_id = path.name
    try:
        extraction = extract_documents(
            path.absolute(),
            root,
            load_resources(settings.resources_dir),
            max_bytes=settings.max_file_bytes,
            ocr=ocr or settings.ocr,
            # A page of a mirrored site loses what the site repeats, as in reindex.
            site=profile_for(doc_id, root, settings.max_file_bytes),
        )
        archive = sniff_file(path) == WARC
    except Rejected as r:
        click.echo(json.dumps({"rejected": str(path), "reason": r.reason}, ensure_ascii=False))
        sys.exit(1)
    docs = [d.to_dict() for d in extraction.documents]
    for r in extraction.rejected:
        click.echo(f"rejected: {r.path}: {r.reason}", err=True)
    click.echo(json.dumps(docs if archive else docs[0], ensure_ascii=False, indent=2))


def _guess_root(path: Path, settings: Settings) -> Path:
    absolute = path.absolute()
    if absolute.is_relative_to(settings.corpus_dir):
        return settings.corpus_dir
    return absolute.parent


@main.command()
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path),
    help="Folder of documents [env UNION_SEARCH_CORPUS].",
)
@index_option
@click.option("--full", is_flag=True, help="Rebuild everything instead of updating.")
@click.option("--jobs", "reindex_jobs", type=int, help="Worker processes (default: cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--ocr",
    is_flag=True,
    default=None,
    help="Read scanned PDFs by OCR (seconds a page) [env UNION_SEARCH_OCR].",
)
def reindex(corpus_dir, index_dir, full, reindex_jobs, as_json, ocr) -> None:
    """Bring the index in line with the corpus folder (incremental by default)."""
    from indexer.build import ReindexError
    from indexer.build import reindex as run_reindex

    settings = Settings.from_env(
        corpus_dir=corpus_dir, index_dir=index_dir, reindex_jobs=reindex_jobs, ocr=ocr
    )
    try:
        report = run_reindex(settings, full=full)
    except ReindexError as e:
        _fail("reindex", str(e))
    if as_json:
        click.echo(json.dumps(_report_dict(report), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))


def _report_dict(report) -> dict:
    return {
        "generation": report.generation,
        "full": report.full,
        "full_reason": report.full_reason,
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "documents": report.documents,
        "rejected": [{"path": r.path, "reason": r.reason} for r in report.rejected],
        "seconds": round(report.seconds, 3),
        "flush_runs": report.flush_runs,
    }


def format_report(report) -> str:
    kind = f"full rebuild ({report.full_reason})" if report.full else "incremental"
    lines = [
        f"reindex: {kind}, {report.seconds:.1f}s, serving {report.generation} "
        f"with {report.documents} documents",
        f"  added:     {len(report.added)}",
        f"  updated:   {len(report.updated)}",
        f"  unchanged: {report.unchanged}",
        f"  removed:   {len(report.removed)}",
        f"  rejected:  {len(report.rejected)}",
    ]
    for title, ids in (
        ("added", report.added),
        ("updated", report.updated),
        ("removed", report.removed),
    ):
        if ids and len(ids) <= 20:
            lines += [f"    {title}: {i}" for i in ids]
    lines += [f"    rejected: {r.path}: {r.reason}" for r in report.rejected]
    return "\n".join(lines)


# The search filters of `search` and `export`, named as the API's query parameters and
# parsed by the API's own parser (search.request_args): the same values give the same
# request, a bad one the same error code and message.
_SEARCH_FILTERS = (
    click.option("--sort", help="search: relevance|newest|oldest; kwic: date|document|left|right."),
    click.option("--year", multiple=True, help="A year (2013, 2013年); repeatable."),
    click.option("--year-from", help="From this year on."),
    click.option("--year-to", help="Up to this year."),
    click.option("--district", multiple=True, help="A district (with its parts); repeatable."),
    click.option("--topic", multiple=True, help="A topic; repeatable."),
    click.option("--doc-type", multiple=True, help="A document type; repeatable."),
    click.option("--match", help="phrase (default): typed as written; any_order: words anywhere."),
    click.option("--spelling", help="auto (default): correct misspellings; off: as typed."),
)


def search_filters(command):
    """The options of _SEARCH_FILTERS, in their order in --help."""
    for option in reversed(_SEARCH_FILTERS):
        command = option(command)
    return command


def _search_request(settings: Settings, **params):
    """The request the API would make of the same parameters (None: not given)."""
    from werkzeug.datastructures import MultiDict

    from search.request_args import parse_search_args

    pairs = []
    for name, value in params.items():
        values = value if isinstance(value, tuple) else (value,)
        pairs += [(name, str(v)) for v in values if v is not None]
    return parse_search_args(MultiDict(pairs), settings)


@main.command()
@click.argument("query", default="")
@search_filters
@index_option
@click.option("--limit", default=10, show_default=True, help="Hits printed (the API's per_page).")
def search(query: str, index_dir, limit: int, **filters) -> None:
    """Search from the terminal: each hit as the JSON API's record (a JSON line); on
    stderr the result's notices (未包含, 也搜索了, a correction) and a citation's answer box
    before the hits, the facet counts after them."""
    from search import open_searcher
    from search.document_html import doc_path
    from search.hit_record import hit_record
    from search.notices import answer_lines, facet_lines, notice_lines

    settings = _settings("search", index_dir=index_dir)
    with _reading("search"):
        request = _search_request(settings, q=query, per_page=limit, **filters)
        with open_searcher(settings, preload=False) as searcher:
            result = searcher.search(request)
    click.echo(f"{result.total} hits ({result.took_ms:.1f} ms)", err=True)
    for line in notice_lines(result) + answer_lines(result):
        click.echo(line, err=True)
    for hit in result.hits:
        click.echo(json.dumps(hit_record(hit, doc_path(hit.id)), ensure_ascii=False))
    for line in facet_lines(result):
        click.echo(line, err=True)


@main.command()
@click.argument("kind", type=click.Choice(["search", "trends", "kwic"]))
@click.argument("queries", nargs=-1)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True
)
@click.option(
    "--by", default="year", show_default=True, help="trends: year, district, topic, doc_type."
)
@click.option("--width", default=20, show_default=True, help="kwic: characters of context.")
@search_filters
@click.option("--limit", type=int, help="At most this many rows [and never more than 100,000].")
@index_option
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-")
def export(kind, queries, fmt, by, width, sort, limit, index_dir, output, **filters) -> None:
    """Export a search's hits, a trend table or a concordance as CSV or JSON Lines.

    QUERIES: one query (search, kwic) or up to four terms (trends).
    """
    from search import open_searcher
    from search.export import run_export

    settings = _settings("export", index_dir=index_dir)
    with _reading("export"):
        request = _search_request(settings, **filters)
        with open_searcher(settings, preload=False) as searcher:
            total, chunks = run_export(
                searcher, kind, fmt, queries, request, by, width, sort, limit
            )
            for chunk in chunks:
                output.write(chunk)
    click.echo(f"{total} rows in the full result", err=True)


@main.command()
@click.option("--host", help="Address to listen on [127.0.0.1].")
@click.option("--port", type=int, help="Port [5000].")
@index_option
@click.option("--workers", type=int, help="Worker processes [2].")
@click.option("--threads", type=int, help="Threads per worker [4].")
def serve(host, port, index_dir, workers, threads) -> None:
    """Serve the web pages and the JSON API with a production WSGI server."""
    from union_search.server import serve as run_server

    settings = _settings(
        "serve", host=host, port=port, index_dir=index_dir, workers=workers, threads=threads
    )
    run_server(settings)


if __name__ == "__main__":
    main()
