"""Web archives (.warc, .warc.gz): warcio, one document per HTML or office response.

The archive is only a container: each member is sniffed and extracted like a file of
its own, and its target URI becomes its id and source URL.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

from indexer.document import Rejected

MAX_RECORD_BYTES = 20 * 1024 * 1024
MAX_ARCHIVE_BYTES = 256 * 1024 * 1024  # decompressed; a gzip bomb stops here


@dataclass
class ArchiveMember:
    uri: str
    payload: bytes
    date: str  # WARC-Date, ISO; when the page was fetched, not when it was written


def read_archive(raw: bytes) -> tuple[list[ArchiveMember], str]:
    """Successful responses in archive order, the last capture of each URI only, and a
    note when the archive broke off part-way (the records before the break are kept)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    latest: dict[str, ArchiveMember] = {}
    total = 0
    try:
        for record in ArchiveIterator(io.BytesIO(raw)):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if not uri:
                continue
            if record.rec_type == "response":
                status = record.http_headers.get_statuscode() if record.http_headers else ""
                if not str(status).startswith("2"):
                    continue  # redirects and errors are not pages
            payload = record.content_stream().read(MAX_RECORD_BYTES + 1)
            total += len(payload)
            if total > MAX_ARCHIVE_BYTES:
                raise Rejected("web archive too large once decompressed")
            if len(payload) > MAX_RECORD_BYTES or not payload.strip():
                continue
            date = record.rec_headers.get_header("WARC-Date") or ""
            latest.pop(uri, None)  # keep archive order of the last captures
            latest[uri] = ArchiveMember(uri, payload, date)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        reason = f"broken web archive: {type(exc).__name__}: {str(exc)[:80]}"
        if not latest:
            raise Rejected(reason) from None
        return list(latest.values()), f"{reason} (read {len(latest)} pages before it)"
    return list(latest.values()), ""
