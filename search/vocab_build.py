"""Building the per-generation vocabulary and completer: from the generation's vocabulary
file (``indexer.vocab_file``, written by the reindex with every pinyin reading) or, for a
generation without one, from an open index reader."""

from __future__ import annotations

from pathlib import Path

from indexer.vocab_file import (
    VocabularyData,
    dictionary_terms,
    read_vocabulary,
    titles_and_issuers,
    word_counts,
)
from search.suggest import Completer, Completion
from search.vocabulary import Vocabulary

# Index words offered as completions need at least this many documents: rarer ones are
# more often segmentation noise than words people look for.
MIN_WORD_DOCUMENTS = 2


def build_vocabulary(reader, union_dict: Path) -> Vocabulary:
    return Vocabulary.build(word_counts(reader), dictionary_terms(union_dict))


def build_completer(reader, vocab: Vocabulary) -> Completer:
    titles, issuers = titles_and_issuers(reader)
    return completer_of(vocab, titles, issuers, vocab.readings)


def completer_of(
    vocab: Vocabulary,
    titles: list[str],
    issuers: dict[str, int],
    readings: dict[str, tuple[str, str]],
) -> Completer:
    entries: list[Completion] = []
    for word, n in vocab.counts.items():
        if word in vocab.terms:
            entries.append(Completion(word, "term", n))
        elif n >= MIN_WORD_DOCUMENTS:
            entries.append(Completion(word, "word", n))
    entries += [Completion(title, "title", 1) for title in titles]
    entries += [Completion(issuer, "issuer", n) for issuer, n in issuers.items()]
    return Completer(entries, readings)


def from_file(gen_path: Path) -> tuple[Vocabulary, Completer] | None:
    """Both, from the generation's vocabulary file; None if it has none."""
    data: VocabularyData | None = read_vocabulary(gen_path)
    if data is None:
        return None
    vocab = Vocabulary.build(data.counts, data.terms, data.readings, data.chars)
    return vocab, completer_of(vocab, data.titles, data.issuers, data.readings)
