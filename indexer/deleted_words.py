"""The words of the deleted documents still in a segment: what the vocabulary's word
counts take off Whoosh's document frequencies.

Whoosh counts a deleted document in its segment's document frequencies until the segment
is merged, and an incremental reindex merges only small segments: a file edited or
removed leaves its old document counted in a large segment for every later reindex until
a full one. A deleted document's stored title and body stay in the segment too; its word
postings are the words of those texts, cut by the analyzer that wrote them (a changed
dictionary rebuilds the whole index, ``indexer.build``; ``indexer.schema.document_fields``
makes the postings the same way).

Cutting the deleted documents again costs jieba's time on their text (about 10 ms for a
law of 15,000 characters), so each is cut once, by the reindex that deletes it: each
segment's tally is kept in the generation's ``deleted_words.json`` for the next reindex,
which cuts only the documents deleted since. A segment's docnums and stored texts never
change while it exists, and a deleted document stays deleted, so a tally holds as long as
its segment does; one naming a docnum that is not deleted (a file that does not belong to
this index) is not used.

    {"format": 1,
     "segments": {segment id: {"docs": [deleted docnums tallied],
                               "words": {field: {word: deleted documents holding it}}}}}
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from indexer.analysis import Analyzer, normalize

FILE = "deleted_words.json"
FORMAT = 1


@dataclass(frozen=True)
class SegmentTally:
    docs: frozenset[int]  # the segment's deleted docnums counted here
    words: dict[str, Counter[str]]  # field → word → those of them holding the word


def segment_tallies(
    reader,
    analyzer: Analyzer,
    fields: Iterable[str],
    keep: Callable[[str], object],
    known: Mapping[str, SegmentTally] | None = None,
) -> dict[str, SegmentTally]:
    """Each segment with deleted documents, by id → its tally over ``fields``: from
    ``known`` (the previous generation's) for the documents it counted, the others'
    stored texts cut by ``analyzer``; only the words ``keep`` (a predicate) accepts."""
    fields = tuple(fields)
    out: dict[str, SegmentTally] = {}
    for sub, _offset in reader.leaf_readers():
        if not sub.has_deletions():
            continue
        sid = sub.segment().segment_id()
        deleted = frozenset(d for d in range(sub.doc_count_all()) if sub.is_deleted(d))
        tally = (known or {}).get(sid)
        if tally is None or not tally.docs <= deleted:
            tally = SegmentTally(frozenset(), {})
        words = {name: Counter(tally.words.get(name) or {}) for name in fields}
        for docnum in sorted(deleted - tally.docs):
            stored = sub.stored_fields(docnum)
            for name in fields:
                cut = analyzer.words(normalize(stored.get(name) or ""))
                words[name].update({w for w in cut if keep(w)})
        out[sid] = SegmentTally(deleted, words)
    return out


def payload(tallies: Mapping[str, SegmentTally]) -> dict:
    segments = {
        sid: {
            "docs": sorted(t.docs),
            "words": {name: dict(sorted(c.items())) for name, c in t.words.items()},
        }
        for sid, t in sorted(tallies.items())
    }
    return {"format": FORMAT, "segments": segments}


def read_tallies(gen_path: Path) -> dict[str, SegmentTally]:
    """The generation's tallies by segment id; empty when it has no file, or one of
    another format, or one that does not parse (every deleted document is cut then)."""
    try:
        raw = json.loads((Path(gen_path) / FILE).read_text("utf-8"))
        if raw.get("format") != FORMAT:
            return {}
        return {
            str(sid): SegmentTally(
                frozenset(int(d) for d in seg["docs"]),
                {
                    str(name): Counter({str(w): int(n) for w, n in words.items()})
                    for name, words in seg["words"].items()
                },
            )
            for sid, seg in raw["segments"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
