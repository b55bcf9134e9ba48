"""Building the per-generation vocabulary and completer from an open index reader."""

from __future__ import annotations

from pathlib import Path

from search.suggest import Completer, Completion
from search.vocabulary import Vocabulary, word_counts

# Index words offered as completions need at least this many documents: rarer ones are
# more often segmentation noise than words people look for.
MIN_WORD_DOCUMENTS = 2


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


def build_vocabulary(reader, union_dict: Path) -> Vocabulary:
    return Vocabulary.build(word_counts(reader), dictionary_terms(union_dict))


def build_completer(reader, vocab: Vocabulary) -> Completer:
    entries: list[Completion] = []
    for word, n in vocab.counts.items():
        if word in vocab.terms:
            entries.append(Completion(word, "term", n))
        elif n >= MIN_WORD_DOCUMENTS:
            entries.append(Completion(word, "word", n))
    issuers: dict[str, int] = {}
    for docnum in reader.all_doc_ids():
        stored = reader.stored_fields(docnum)
        title = (stored.get("title") or "").strip()
        if title:
            entries.append(Completion(title, "title", 1))
        issuer = (stored.get("issuer") or "").strip()
        if issuer:
            issuers[issuer] = issuers.get(issuer, 0) + 1
    entries += [Completion(issuer, "issuer", n) for issuer, n in sorted(issuers.items())]
    return Completer(entries, vocab.readings)
