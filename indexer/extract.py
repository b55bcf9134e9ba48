"""File on disk -> :class:`Document`, or :class:`Rejected` with a one-line reason.

Metadata precedence, strongest first: explicit ``key: value`` metadata (a .txt header
block or a ``NAME.meta`` sidecar), structured metadata inside the document (gov.cn info
table, <meta> tags, bylines, law adoption lines), then inference from the text.
"""

from __future__ import annotations

import hashlib
import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from indexer.corpus_walk import SIDECAR_SUFFIX
from indexer.dates import fallback_dates, parse_date
from indexer.decode import decode_bytes
from indexer.districts import district_chain
from indexer.docnumber import parse_doc_number
from indexer.document import Document, Rejected, Rejection
from indexer.formats import extract_content
from indexer.formats.sniff import HTML, TEXT, WARC, sniff_bytes
from indexer.formats.warc import read_archive
from indexer.html_extract import parse_html
from indexer.listing import not_a_document_by_name
from indexer.metadata import area_of, infer_district, infer_doc_type, infer_issuer
from indexer.parsed import Parsed
from indexer.resources import CorpusResources
from indexer.site_profile import SiteProfile
from indexer.sizes import DEFAULT_MAX_FILE_BYTES, read_bounded, too_large_reason
from indexer.text_extract import parse_header, parse_text
from indexer.topics import assign_topics

__all__ = [
    "extract_document",
    "extract_documents",
    "Extraction",
    "decode_bytes",
    "is_sidecar",
    "SIDECAR_SUFFIX",
]

MAX_SIDECAR_BYTES = 64 * 1024


@dataclass
class Extraction:
    """A file's documents: one, or one per page of a web archive (with the pages that
    could not be read, named ``ARCHIVE#URI``)."""

    documents: list[Document]
    rejected: list[Rejection] = field(default_factory=list)


def extract_document(
    path: Path,
    corpus_root: Path,
    resources: CorpusResources,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    ocr: bool = False,
    site: SiteProfile | None = None,
) -> Document:
    """Read and extract one file; raises only :class:`Rejected` for bad input."""
    extraction = extract_documents(path, corpus_root, resources, max_bytes, ocr, site)
    if len(extraction.documents) != 1:
        raise Rejected(f"web archive of {len(extraction.documents)} pages, not one document")
    return extraction.documents[0]


def extract_documents(
    path: Path,
    corpus_root: Path,
    resources: CorpusResources,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    ocr: bool = False,
    site: SiteProfile | None = None,
) -> Extraction:
    """Read one file into its documents; raises only :class:`Rejected` for bad input.

    ``ocr`` reads scanned PDFs by OCR (slow); without it they are rejected with a hint.
    ``site`` is what the file's mirrored site repeats and attaches (see
    :mod:`indexer.site_profile`); None outside mirrors.
    """
    path = Path(path)
    reason = not_a_document_by_name(path.name)
    if reason:
        raise Rejected(reason)
    raw = _read_bounded(path, max_bytes)
    doc_id = _doc_id(path, Path(corpus_root))
    with _rejecting_errors():
        kind = sniff_bytes(raw, path.name)
        if kind == WARC:
            return _extract_archive(raw, doc_id, resources, ocr)
        sidecar = _sidecar(path)
        doc = _extract(kind, raw, doc_id, path.stem, sidecar, resources, ocr, site)
    if site is not None:
        doc.attachments = list(site.attachments.get(doc.id, ()))
        doc.attached_to = site.attached_to.get(doc.id, "")
    return Extraction([doc])


@contextmanager
def _rejecting_errors():
    try:
        yield
    except Rejected:
        raise
    except (RecursionError, MemoryError):
        raise Rejected("document too deeply nested or too large to parse") from None
    except Exception as exc:
        # Last line of defence: one malformed file must never stop a reindex.  The
        # exception type goes into the reason so that extractor bugs stay visible.
        raise Rejected(f"cannot extract: {type(exc).__name__}: {str(exc)[:80]}") from None


def _extract_archive(
    raw: bytes, archive_id: str, resources: CorpusResources, ocr: bool
) -> Extraction:
    members, problem = read_archive(raw)
    extraction = Extraction([])
    if problem:
        extraction.rejected.append(Rejection(archive_id, problem))
    for member in members:
        try:
            with _rejecting_errors():
                kind = sniff_bytes(member.payload, member.uri.split("?", 1)[0])
                if kind in (TEXT, WARC):
                    continue  # robots.txt and plain-text answers are not pages
                name = member.uri.rstrip("/").rsplit("/", 1)[-1] or member.uri
                meta = {"source_url": member.uri}
                doc = _extract(kind, member.payload, member.uri, name, meta, resources, ocr)
        except Rejected as r:
            # Images, fonts, scripts and stylesheets are parts of pages, not lost pages.
            if "not a document" not in r.reason and not r.reason.startswith("binary file"):
                extraction.rejected.append(Rejection(f"{archive_id}#{member.uri}", r.reason))
            continue
        doc.source_file = archive_id
        extraction.documents.append(doc)
    if not extraction.documents:
        raise Rejected(problem or "web archive holds no HTML or office pages")
    return extraction


def is_sidecar(path: Path) -> bool:
    """True for ``NAME.ext.meta`` metadata files, which are not documents themselves."""
    return Path(path).suffix == SIDECAR_SUFFIX


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise Rejected(f"cannot stat file: {exc.strerror}") from None
    if size > max_bytes:
        raise Rejected(too_large_reason(size, max_bytes))
    try:
        with open(path, "rb") as f:
            raw = read_bounded(f, size, max_bytes)  # the file may have grown since stat
    except OSError as exc:
        raise Rejected(f"cannot read file: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise Rejected(too_large_reason(None, max_bytes))
    if not raw.strip():
        raise Rejected("empty file")
    return raw


def _extract(
    kind: str,
    raw: bytes,
    doc_id: str,
    name: str,
    explicit: dict[str, str],
    resources: CorpusResources,
    ocr: bool,
    site: SiteProfile | None = None,
) -> Document:
    """One document of a sniffed ``kind``; ``explicit`` metadata (a sidecar, an archive's
    target URI) beats what the content says, except a .txt file's own header block."""
    ocr_text = False
    if kind in (TEXT, HTML):
        text = decode_bytes(raw)
        if not text.strip():
            raise Rejected("empty file")
        if kind == TEXT:
            parsed = parse_text(text)
        elif site is not None:
            parsed = parse_html(text, site.chrome, site.site_names)
        else:
            parsed = parse_html(text)
    else:
        content = extract_content(kind, raw, ocr=ocr)
        parsed = parse_text(content.text)
        if content.title is not None:
            parsed.title = content.title or name
        ocr_text = content.ocr
    parsed.meta = {**explicit, **parsed.meta} if kind == TEXT else {**parsed.meta, **explicit}
    body = "\n".join(parsed.lines)
    if not body.strip():
        raise Rejected("no text after removing markup and page chrome")
    doc = _build(doc_id, name, resources, raw, parsed, body)
    doc.ocr = ocr_text
    return doc


def _build(
    doc_id: str,
    name: str,
    resources: CorpusResources,
    raw: bytes,
    parsed: Parsed,
    body: str,
) -> Document:
    meta = parsed.meta
    gazetteer = resources.gazetteer
    title = meta.get("title") or parsed.title or name
    date = _first_valid_date([meta.get("date", ""), *parsed.dates]) or _first_valid_date(
        fallback_dates(parsed.fallback_lines)
    )
    issuer = (
        meta.get("issuer")
        or parsed.issuer
        or infer_issuer(title, body, gazetteer, parsed.info_block)
    )
    district = meta.get("district") or infer_district(
        gazetteer,
        issuer=issuer,
        title=title,
        region=area_of(meta.get("region", ""), gazetteer) or meta.get("region", ""),
        body=body,
    )
    return Document(
        id=doc_id,
        title=title,
        body=body,
        date=date,
        year=int(date[:4]) if date else None,
        issuer=issuer,
        district=district,
        district_path=district_chain(district, gazetteer),
        doc_type=meta.get("doc_type") or infer_doc_type(title, meta.get("kind", "")),
        topics=assign_topics(title, body, resources.topics, resources.topic_matcher),
        source_url=meta.get("source_url", ""),
        content_hash=hashlib.sha256(raw).hexdigest(),
        doc_number=_doc_number(meta.get("doc_number", "")) or parsed.doc_number,
    )


def _doc_number(value: str) -> str:
    number = parse_doc_number(value)
    return number.text if number else value.strip()


def _first_valid_date(candidates: list[str]) -> str | None:
    for candidate in candidates:
        iso = parse_date(candidate) if candidate else None
        if iso:
            return iso
    return None


def _doc_id(path: Path, corpus_root: Path) -> str:
    """The path under the corpus folder as reached: a file in a linked folder is named by
    the link (as the scan names it), not by where the link points."""
    absolute, root = os.path.abspath(path), os.path.abspath(corpus_root)
    prefix = root if root.endswith(os.sep) else root + os.sep
    if absolute.startswith(prefix) and len(absolute) > len(prefix):
        # Both are normalised by abspath: the prefix test is ``relative_to`` without the
        # two Path objects it built for every file.
        return absolute[len(prefix) :].replace(os.sep, "/")
    try:
        return Path(absolute).relative_to(root).as_posix()
    except ValueError:
        pass
    # Resolved only when the path as reached is not under the folder (a file named by
    # where a link points): resolving costs a system call per folder of the path.
    try:
        return path.resolve().relative_to(corpus_root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _sidecar(path: Path) -> dict[str, str]:
    """``NAME.ext.meta``: the header-block convention for files that cannot carry one."""
    sidecar = os.fspath(path) + SIDECAR_SUFFIX
    try:
        # One stat (is_file and then stat were two, for every file, most without one).
        info = os.stat(sidecar)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SIDECAR_BYTES:
            return {}
        with open(sidecar, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return {}
    meta, _ = parse_header(text.rstrip("\n") + "\n\n")
    return {k: v for k, v in meta.items() if v}
