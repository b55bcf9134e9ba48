"""Chinese text analysis for indexing and for queries.

Two views of the same text, each a Whoosh tokenizer that keeps the Token contract
(``pos`` counts tokens, ``text[startchar:endchar] == token.text`` on the normalised
text, which has the same length as the original):

* **gram** - overlapping character bigrams over every run of letters/digits, plus the
  run's last character alone. Each character position carries exactly one token, so a
  phrase of bigrams matches exactly where the literal string occurs: the Ctrl-F floor.
  A one-character query is a prefix query over this field.
* **words** - jieba precise mode with the union-term dictionary, punctuation dropped.
  It gives BM25 meaningful words to weigh and "more like this" its key terms.

Normalisation folds full-width ASCII to half-width and ASCII case, character for
character, so offsets found in normalised text are offsets in the stored text.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from whoosh.analysis import Token, Tokenizer

from indexer.resources import UNION_DICT_FILE

# Bump when tokenization changes: an index built by another version is rebuilt fully.
ANALYSIS_VERSION = "3"

_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width ASCII → ASCII
_FOLD[0x3000] = 0x20  # ideographic space
_FOLD.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
_FOLD.update({c: c + 32 - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ → a-z

# A run: letters/digits (CJK included), joined by the connectors that live inside
# numbers, dates and addresses (5.1亿, 2013-03-27, 14:42, 50%).
_RUN = re.compile(r"[^\W_]+(?:[.%\-/:][^\W_]+)*%?")


FOLDS: dict[int, int] = dict(_FOLD)  # public, read-only view for highlighting


def normalize(text: str) -> str:
    """Fold width and case without changing length, so offsets stay valid."""
    return text.translate(_FOLD)


def runs(text: str) -> Iterator[tuple[str, int]]:
    """Yield (run, start) for each run of searchable characters in normalised text."""
    for m in _RUN.finditer(text):
        yield m.group(), m.start()


def gram_spans(text: str) -> Iterator[tuple[str, int, int, int]]:
    """Yield (gram, pos, startchar, endchar) over normalised ``text``.

    Positions jump by one between runs so a phrase never spans punctuation.
    """
    pos = 0
    for run, start in runs(text):
        last = len(run) - 1
        for i in range(last):
            yield run[i : i + 2], pos + i, start + i, start + i + 2
        yield run[last], pos + last, start + last, start + last + 1
        pos += last + 2


def query_grams(literal: str) -> list[list[str]]:
    """The gram phrases a literal query string must match, one list per run.

    A run of n ≥ 2 characters needs its n-1 bigrams consecutively; a single
    character is returned alone and is searched as a prefix.
    """
    phrases = []
    for run, _ in runs(normalize(literal)):
        if len(run) == 1:
            phrases.append([run])
        else:
            phrases.append([run[i : i + 2] for i in range(len(run) - 1)])
    return phrases


# --- jieba -----------------------------------------------------------------

_jieba_lock = threading.Lock()
_tokenizer = None
_tokenizer_dict: str | None = None
_cache_dir: Path | None = None


def configure_jieba(union_dict: Path | None, cache_dir: Path | None = None) -> None:
    """Choose the union dictionary and where jieba keeps its cache.

    Called by the indexer and the searcher before any analysis; the tokenizer is
    built lazily so that importing this module stays cheap.
    """
    global _tokenizer, _tokenizer_dict, _cache_dir
    path = str(union_dict) if union_dict else None
    with _jieba_lock:
        if path != _tokenizer_dict or cache_dir != _cache_dir:
            _tokenizer = None
        _tokenizer_dict = path
        _cache_dir = cache_dir


def use_resources(resources_dir: Path, cache_dir: Path | None = None) -> Path:
    """Analyse with the union dictionary found in ``resources_dir``; returns its path."""
    union_dict = Path(resources_dir) / UNION_DICT_FILE
    configure_jieba(union_dict if union_dict.exists() else None, cache_dir)
    return union_dict


def jieba_tokenizer():
    global _tokenizer
    if _tokenizer is not None:
        return _tokenizer
    with _jieba_lock:
        if _tokenizer is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            if _cache_dir is not None:
                _cache_dir.mkdir(parents=True, exist_ok=True)
                tk.tmp_dir = str(_cache_dir)
            tk.initialize()
            if _tokenizer_dict:
                tk.load_userdict(_tokenizer_dict)
            _tokenizer = tk
    return _tokenizer


_WORDISH = re.compile(r"[^\W_]")


def _is_word(token: str) -> bool:
    return _WORDISH.search(token) is not None


def word_spans(text: str) -> Iterator[tuple[str, int, int, int]]:
    """Yield (word, pos, startchar, endchar) from jieba precise mode over normalised text."""
    tk = jieba_tokenizer()
    pos = 0
    for word, start, end in tk.tokenize(text, HMM=False):
        if word.isspace() or not _is_word(word):
            continue
        yield word, pos, start, end
        pos += 1


def words(text: str) -> Iterator[str]:
    """jieba words of normalised ``text``, as ``word_spans`` yields them, without offsets
    (the indexing fast path)."""
    is_word = _WORDISH.search
    for word in jieba_tokenizer().cut(text, HMM=False):
        if is_word(word) is not None:
            yield word


def query_words(literal: str) -> list[str]:
    """The jieba words of a literal query string (normalised, punctuation dropped)."""
    return [w for w, *_ in word_spans(normalize(literal))]


# --- Whoosh tokenizers ----------------------------------------------------


class _SpanTokenizer(Tokenizer):
    """Adapts a span generator to Whoosh's Token contract."""

    spans = staticmethod(gram_spans)

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = normalize(value)
        if not tokenize:
            t.original = t.text = text
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for term, pos, start, end in self.spans(text):
            t.text = term
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class GramTokenizer(_SpanTokenizer):
    """Character bigrams (plus each run's last character) with exact offsets."""

    spans = staticmethod(gram_spans)


class JiebaTokenizer(_SpanTokenizer):
    """jieba precise-mode words with the union dictionary, exact offsets."""

    spans = staticmethod(word_spans)


def GramAnalyzer():  # noqa: N802 - named like Whoosh's analyzer factories
    return GramTokenizer()


def WordAnalyzer():  # noqa: N802
    return JiebaTokenizer()
