"""The Whoosh segment writer, tuned for how we index.

* Postings stay in memory up to ``WRITER_MEMORY_MB`` per writer instead of being pickled
  out to sorted runs and read back (that round trip cost more than tokenizing).
* Posting blocks are written uncompressed: zlib cost more at indexing and query time than
  the disk it saved. Each block records its compression, so any index still reads.
* Segments are plain files, not one compound file: Whoosh reads a compound segment's parts
  into memory for every reader it opens (a copy of the index per searcher thread), while
  plain files are read through the OS page cache, shared by every worker.
* While writing postings Whoosh asks for the document's field length once per posting, and
  for fields without lengths (our unscored gram fields) looks for the missing column every
  time; lengths are read once per field here.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

WRITER_MEMORY_MB = 1024


def writer_codec() -> W3Codec:
    return W3Codec(compression=0)


class _FieldLengths:
    """``doc_field_length`` for add_postings, from per-field lists read once."""

    def __init__(self, per_doc_reader, doc_count: int):
        self._pdr = per_doc_reader
        self._count = doc_count
        self._lengths: dict[str, list[int] | None] = {}

    def _field(self, fieldname: str) -> list[int] | None:
        if fieldname not in self._lengths:
            column = _lenfield(fieldname)
            values = None
            if self._pdr.has_column(column):
                reader = self._pdr.column_reader(column, LENGTHS_COLUMN)
                values = [byte_to_length(reader[d]) for d in range(self._count)]
            self._lengths[fieldname] = values
        return self._lengths[fieldname]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        values = self._field(fieldname)
        return values[docnum] if values is not None else default


class FastSegmentWriter(SegmentWriter):
    def __init__(self, ix, **kwargs):
        kwargs.setdefault("limitmb", WRITER_MEMORY_MB)
        kwargs.setdefault("codec", writer_codec())
        kwargs.setdefault("compound", False)
        super().__init__(ix, **kwargs)

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _FieldLengths(pdr, self.docnum - self.docbase) if pdr else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr:
            pdr.close()
