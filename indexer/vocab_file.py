"""The index's vocabulary and completion texts with their pinyin, written into each
generation at reindex time (``vocabulary.json``).

Serving reads it instead of scanning the index's terms and stored fields and reading
every word and title with pypinyin in each worker (seconds per worker, and pypinyin's
~50 MB of dictionaries, on the first request that needs the vocabulary). An incremental
reindex, full or incremental, reuses the served generation's readings when they were
read under the same ``indexer.pinyin.stamp()`` (pypinyin's version and how we call it),
so it reads only new texts. A generation without the file (built before it existed) is
served by building the same data from the index, as before.

    {"format": 1,
     "counts": {word: documents},        # the kept vocabulary (vocabulary.ranked_words)
     "terms": [union-dictionary terms],
     "titles": [title, …],                 # one per live document, stripped
     "issuers": {issuer: documents},
     "readings": {text: [full pinyin, initials]},   # every word and completion key
     "chars": {character: syllable},  # optional: pypinyin's reading of each character
                                      # alone, so that serving reads typed words without it
     "pinyin": stamp}                 # optional: what the readings were read under

Beside it, ``labels.json`` keeps each live document's title and issuer by id, for the
next reindex only (serving never reads it): an incremental reindex takes the labels of
the documents it did not write from there instead of reading their stored fields back
(each read decompresses the whole record, body included: 0.32 s of the 1.35 s of an
incremental reindex of the laws with one file changed). The file records the Whoosh TOC
generation it was written for, and one that does not match its folder's index is ignored
(a reindex by a version before this file hard-links the previous generation's into the
new one unchanged). A generation without it, or with one that does not match or parse,
is read from the stored fields, as before.

    {"format": 1, "toc": Whoosh TOC generation, "docs": {id: [title, issuer]}}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from whoosh import index as whoosh_index

from indexer import deleted_words
from indexer.analysis import Analyzer, normalize
from indexer.deleted_words import SegmentTally
from indexer.durable import write_json
from indexer.pinyin import char_readings, keys_of_all, stamp

VOCAB_FILE = "vocabulary.json"
FORMAT = 1
LABELS_FILE = "labels.json"
LABELS_FORMAT = 1
HAN_WORD = re.compile(r"[\u3400-\u9fff]{2,8}")
WORD_FIELDS = ("title", "body")
# Words kept, most frequent first: enough for the words people type, bounded in build
# time (pinyin readings) and memory on large indexes.
MAX_WORDS = 20000
# Titles are completed from their start: only this much of one is read in pinyin.
TITLE_PINYIN_CHARS = 16


@dataclass
class VocabularyData:
    counts: dict[str, int]  # kept word → documents holding it as a word
    terms: list[str]  # the union-term dictionary's terms
    titles: list[str]
    issuers: dict[str, int]
    readings: dict[str, tuple[str, str]]
    chars: dict[str, str] = field(default_factory=dict)  # character → its reading alone
    pinyin: str = ""  # indexer.pinyin.stamp() the readings were read under; "" unknown
    # Each live document's labels by id (``labels.json``; not read back by serving)
    labels: dict[str, DocLabels] = field(default_factory=dict)
    # The words of the deleted documents still in a segment (``deleted_words.json``)
    deleted: dict[str, SegmentTally] = field(default_factory=dict)


def dictionary_terms(path: Path) -> list[str]:
    """The terms of a jieba user dictionary (``term [freq] [tag]`` per line)."""
    if not path.exists():
        return []
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.split(" ", 1)[0].strip()
        if term and not term.startswith("#"):
            terms.append(term)
    return terms


def word_counts(reader, deleted: Mapping[str, SegmentTally] | None = None) -> dict[str, int]:
    """Chinese words of the words fields → documents (the larger of title and body).

    Reads each segment's term list directly: a multi-segment reader merges term infos
    one by one, which is many times slower. Whoosh's document frequencies still count a
    deleted document until its segment is merged: ``deleted``, by segment id, the words
    of those still in one (``indexer.deleted_words``), are taken off, so that the counts
    are a full reindex's. Without it (serving a generation built before the vocabulary
    file) they are Whoosh's.
    """
    counts: dict[str, int] = {}
    for fieldname in WORD_FIELDS:
        per_field: dict[str, int] = {}
        for sub, _offset in reader.leaf_readers():
            if fieldname not in sub.indexed_field_names():
                continue
            gone = deleted.get(sub.segment().segment_id()) if deleted else None
            off = gone.words.get(fieldname, {}) if gone else {}
            for term, info in sub.iter_field(fieldname):
                word = term.decode("utf-8") if isinstance(term, bytes) else term
                if HAN_WORD.fullmatch(word):
                    n = info.doc_frequency() - off.get(word, 0)
                    if n > 0:  # a word of deleted documents only is no word of the index
                        per_field[word] = per_field.get(word, 0) + n
        for word, n in per_field.items():
            if n > counts.get(word, 0):
                counts[word] = n
    return counts


def ranked_words(counts: dict[str, int], terms: Iterable[str]) -> dict[str, int]:
    """The kept vocabulary: the MAX_WORDS most frequent words, then every term."""
    kept = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_WORDS])
    for t in terms:
        if HAN_WORD.fullmatch(t):
            kept.setdefault(t, counts.get(t, 0))
    return kept


class DocLabels(NamedTuple):
    """What the vocabulary needs of one document, handed over by the writer that indexed
    it (the stored fields hold the same, with the body: far more to read back). A tuple:
    a worker hands over one per document, and the parent unpickles them serially."""

    title: str
    issuer: str


def labels_of(reader, known: Mapping[str, DocLabels] | None = None) -> dict[str, DocLabels]:
    """Each live document's title and issuer by id, in id order (document numbers
    differ between a full reindex and an incremental one; the files must not): from
    ``known`` (by document id, read from the ``id`` column) where it has the document,
    else from the stored fields."""
    out: dict[str, DocLabels] = {}
    ids = reader.column_reader("id")
    for docnum in reader.all_doc_ids():
        doc_id = ids[docnum]
        labels = known.get(doc_id) if known else None
        if labels is None:
            stored = reader.stored_fields(docnum)
            labels = DocLabels(stored.get("title") or "", stored.get("issuer") or "")
        out[doc_id] = labels
    return dict(sorted(out.items()))


def tally(labels: Iterable[DocLabels]) -> tuple[list[str], dict[str, int]]:
    """The non-empty titles, in order, and documents per issuer (sorted by issuer)."""
    titles: list[str] = []
    issuers: dict[str, int] = {}
    for doc in labels:
        title, issuer = doc.title.strip(), doc.issuer.strip()
        if title:
            titles.append(title)
        if issuer:
            issuers[issuer] = issuers.get(issuer, 0) + 1
    return titles, dict(sorted(issuers.items()))


def titles_and_issuers(
    reader, known: Mapping[str, DocLabels] | None = None
) -> tuple[list[str], dict[str, int]]:
    """Each live document's title, and documents per issuer: from ``known`` (by document
    id) where it has the document, else from the stored fields."""
    return tally(labels_of(reader, known).values())


def pinyin_key_text(text: str, kind: str) -> str:
    """The text a completion's pinyin keys are read from (a title's start only)."""
    text = normalize(text.strip())
    return text[:TITLE_PINYIN_CHARS] if kind == "title" else text


def collect(
    reader,
    union_dict: Path,
    known: dict[str, tuple[str, str]],
    labels: Mapping[str, DocLabels] | None = None,
    known_chars: dict[str, str] | None = None,
    jobs: int = 1,
    analyzer: Analyzer | None = None,
    known_deleted: Mapping[str, SegmentTally] | None = None,
) -> VocabularyData:
    """Everything the files hold, from an open reader; ``known`` readings are reused, and
    the ``labels`` known by document id (the writers', and those the previous generation
    kept: other documents' are read from their stored fields); ``known_chars``, the
    previous generation's character readings, are reused too; the rest are read on
    ``jobs`` processes. With ``analyzer`` the word counts leave out the deleted
    documents still in a segment, cut again unless ``known_deleted`` (the previous
    generation's tallies) has them."""
    terms = dictionary_terms(union_dict)
    deleted = (
        deleted_words.segment_tallies(
            reader, analyzer, WORD_FIELDS, HAN_WORD.fullmatch, known_deleted
        )
        if analyzer is not None
        else {}
    )
    counts = ranked_words(word_counts(reader, deleted), terms)
    doc_labels = labels_of(reader, labels)
    titles, issuers = tally(doc_labels.values())
    texts = [
        *counts,
        *(pinyin_key_text(t, "title") for t in titles),
        *(pinyin_key_text(i, "issuer") for i in issuers),
    ]
    readings: dict[str, tuple[str, str]] = {text: known.get(text) for text in texts}
    unread = [text for text, reading in readings.items() if not reading]
    readings.update(zip(unread, keys_of_all(unread, jobs), strict=True))
    chars = known_chars or char_readings()
    return VocabularyData(
        counts, terms, titles, issuers, readings, chars, stamp(), doc_labels, deleted
    )


def write_vocabulary(
    building: Path,
    union_dict: Path,
    previous: Path | None,
    labels: Mapping[str, DocLabels] | None = None,
    jobs: int = 1,
    analyzer: Analyzer | None = None,
) -> None:
    """Write the files of the committed, unpublished generation ``building``; readings
    of ``previous`` (the served generation, if any, also for a full rebuild) are reused
    when read under the same pinyin stamp; the ``labels`` of the documents this reindex
    wrote, and for the others those ``previous`` kept (only documents in neither have
    their stored fields read). ``analyzer``, the one that indexed the documents, cuts the
    deleted documents still in a segment again (those ``previous`` did not tally), to
    leave them out of the word counts."""
    old = read_vocabulary(previous) if previous is not None else None
    if old is not None and old.pinyin != stamp():
        old = None  # read under another pypinyin or scheme: read everything again
    # A document this reindex did not write is the previous generation's, unchanged
    # (hard-linked segments): its labels there are its stored ones. After a full rebuild
    # the writers' labels cover every document.
    kept = read_labels(previous) if previous is not None else {}
    ix = whoosh_index.open_dir(str(building))
    toc = ix.latest_generation()
    with ix.reader() as reader:
        data = collect(
            reader,
            union_dict,
            old.readings if old else {},
            {**kept, **(labels or {})},
            old.chars if old else None,
            jobs,
            analyzer,
            deleted_words.read_tallies(previous) if previous is not None else None,
        )
    payload = {
        "format": FORMAT,
        "counts": data.counts,
        "terms": data.terms,
        "titles": data.titles,
        "issuers": data.issuers,
        "readings": data.readings,
        "chars": data.chars,
        "pinyin": data.pinyin,
    }
    write_json(building / VOCAB_FILE, payload)
    docs = {doc_id: [d.title, d.issuer] for doc_id, d in data.labels.items()}
    write_json(building / LABELS_FILE, {"format": LABELS_FORMAT, "toc": toc, "docs": docs})
    write_json(building / deleted_words.FILE, deleted_words.payload(data.deleted))


def read_labels(gen_path: Path) -> dict[str, DocLabels]:
    """The generation's ``labels.json`` by document id; empty when it has none, or one
    written for another state of its index, or of another format, or one that does not
    parse (the stored fields are read then)."""
    try:
        raw = json.loads((Path(gen_path) / LABELS_FILE).read_text("utf-8"))
        if raw.get("format") != LABELS_FORMAT:
            return {}
        if raw.get("toc") != whoosh_index.open_dir(str(gen_path)).latest_generation():
            return {}
        return {doc_id: DocLabels(str(t), str(i)) for doc_id, (t, i) in raw["docs"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def read_vocabulary(gen_path: Path) -> VocabularyData | None:
    """The generation's file, or None if it has none, or one of another format, or one
    that does not parse (the caller then builds the same data from the index)."""
    try:
        raw = json.loads((Path(gen_path) / VOCAB_FILE).read_text("utf-8"))
        if raw.get("format") != FORMAT:
            return None
        return VocabularyData(
            raw["counts"],
            raw["terms"],
            raw["titles"],
            raw["issuers"],
            {text: (r[0], r[1]) for text, r in raw["readings"].items()},
            dict(raw.get("chars") or {}),
            str(raw.get("pinyin") or ""),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
