"""Chinese text analysis for indexing and for queries.

Two views of the same text, each a Whoosh tokenizer that keeps the Token contract
(``pos`` counts tokens, ``text[startchar:endchar] == token.text`` on the normalised
text, which has the same length as the original):

* **gram** - overlapping character bigrams over every run of letters/digits, plus the
  run's last character alone. The index keeps only which documents hold each gram: the
  documents holding every bigram of a literal are its candidates, and the text store
  (``indexer.textstore``) confirms where it occurs, by the rule the gram positions define
  (``gram_runs``, ``adjacent_runs``): the Ctrl-F floor. A one-character query is a prefix
  query over this field.
* **words** - jieba precise mode with the union-term dictionary, punctuation dropped.
  It gives BM25 meaningful words to weigh and "more like this" its key terms.

Normalisation folds full-width ASCII to half-width, ASCII case and traditional Chinese
characters to simplified ones (``indexer.variants``), character for character, so offsets
found in normalised text are offsets in the stored text.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path

from whoosh.analysis import Token, Tokenizer

from indexer.resources import UNION_DICT_FILE, dict_hash
from indexer.variants import traditional_folds

# Bump when tokenization changes: an index built by another version is rebuilt fully.
ANALYSIS_VERSION = "5"

_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width ASCII → ASCII
_FOLD[0x3000] = 0x20  # ideographic space
_FOLD.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
_FOLD.update({c: c + 32 - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ → a-z
# Brackets fold to [ ]: 国发(2013)8号 and 国发［2013］8号 find 国发〔2013〕8号 (issue 12).
_FOLD.update({c: 0x5B for c in map(ord, "〔(（［")} | {c: 0x5D for c in map(ord, "〕)）］")})
_FOLD.update(traditional_folds())  # 會 → 会, 勞 → 劳: one character for one

# A run: letters/digits (CJK included), joined by the connectors that live inside
# numbers, dates and addresses (5.1亿, 2013-03-27, 14:42, 50%).
_RUN = re.compile(r"[^\W_]+(?:[.%\-/:][^\W_]+)*%?")


FOLDS: dict[int, int] = dict(_FOLD)  # public, read-only view for highlighting


def normalize(text: str) -> str:
    """Fold width, case and traditional characters without changing length, so offsets
    stay valid."""
    return text.translate(_FOLD)


class BulkNormalize:
    """``normalize`` for an indexing process: the same folds as one numpy lookup over the
    text's code points. ``str.translate`` with a dict looks each character up in Python's
    dict (about 60 µs for a 900-character document); this reads the text as UTF-32, maps
    every code point through a table of all of them and decodes it back (about 7 µs). The
    table is 4.4 MB (``uint32`` per code point), built once per process: not for the
    server, which folds a few short queries (and does not load numpy)."""

    def __init__(self) -> None:
        import numpy as np

        self._np = np
        table = np.arange(0x110000, dtype=np.uint32)
        table[np.fromiter(_FOLD.keys(), np.uint32)] = np.fromiter(_FOLD.values(), np.uint32)
        self._table = table

    def __call__(self, text: str) -> str:
        # Lone surrogates (an undecodable file's) pass through as translate keeps them.
        codes = self._np.frombuffer(text.encode("utf-32-le", "surrogatepass"), self._np.uint32)
        return self._table[codes].tobytes().decode("utf-32-le", "surrogatepass")


def runs(text: str) -> Iterator[tuple[str, int]]:
    """Yield (run, start) for each run of searchable characters in normalised text."""
    for m in _RUN.finditer(text):
        yield m.group(), m.start()


def run_texts(text: str) -> list[str]:
    """The runs of searchable characters in normalised ``text`` (``runs`` without their
    starts), in one C call."""
    return _RUN.findall(text)


def gram_runs(text: str) -> Iterator[tuple[list[str], int, int]]:
    """Yield (grams, startchar, pos) per run of normalised ``text``: the run's grams in
    order (each bigram, then its last character alone), where the run starts, and the
    position of its first gram. The one definition of gram positions: gram ``i`` of a
    run is at ``pos + i`` and starts at ``startchar + i``; positions jump by one between
    runs so a phrase never spans punctuation.
    """
    pos = 0
    for run, start in runs(text):
        last = len(run) - 1
        yield [run[i : i + 2] for i in range(last)] + [run[last]], start, pos
        pos += last + 2


def gram_spans(text: str) -> Iterator[tuple[str, int, int, int]]:
    """Yield (gram, pos, startchar, endchar) over normalised ``text``."""
    for grams, start, pos in gram_runs(text):
        for i, gram in enumerate(grams):
            yield gram, pos + i, start + i, start + i + len(gram)


# After a run that must end where it ends in the text: no letter/digit, and no connector
# that would carry the run on (a trailing % always belongs to the run before it).
_RUN_ENDS = r"(?![^\W_]|%|[.\-/:][^\W_])"
_RUN_ENDS_AFTER_PERCENT = r"(?![^\W_])"


def adjacent_runs(runs: list[str]) -> re.Pattern:
    """Where the gram fields match the runs ``runs`` (of a literal with separators, two
    or more) one after another, as a regex over normalised text.

    The same rule as the gram positions (``gram_runs``): the first run may be the end of a
    longer run, every middle run is a whole run, the last may begin a longer one, and
    between two of them stand only characters outside runs (spaces, punctuation).
    """
    parts = []
    for i, run in enumerate(runs):
        parts.append(re.escape(run))
        if i < len(runs) - 1:
            parts.append(_RUN_ENDS_AFTER_PERCENT if run.endswith("%") else _RUN_ENDS)
            parts.append(r"[\W_]+")
    return re.compile("".join(parts))


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

_WORDISH = re.compile(r"[^\W_]")

# How many distinct blocks a ``BlockWords`` remembers before it starts afresh: about 200
# bytes each (the block and a tuple; the words are shared), so tens of MB a worker.
BLOCK_WORDS_LIMIT = 1 << 17


class Analyzer:
    """jieba precise mode with one union dictionary, plus the stateless gram analysis.

    Built from the corpus resources and passed down to whatever analyses text (the
    indexer, its workers, the query compiler); two Analyzers with different
    dictionaries live side by side in one process. ``dict_hash`` identifies the
    dictionary content actually loaded. The jieba tokenizer is built on first use, so
    constructing one is cheap; ``load()`` builds it eagerly.
    """

    normalize = staticmethod(normalize)
    runs = staticmethod(runs)
    gram_runs = staticmethod(gram_runs)
    gram_spans = staticmethod(gram_spans)
    query_grams = staticmethod(query_grams)

    def __init__(self, union_dict: bytes = b"", cache_dir: Path | None = None):
        self.union_dict = union_dict
        self.dict_hash = dict_hash(union_dict)
        self.cache_dir = cache_dir
        self._tokenizer = None
        self._lock = threading.Lock()

    @classmethod
    def from_resources(cls, resources_dir: Path, cache_dir: Path | None = None) -> Analyzer:
        """The Analyzer for the union dictionary in ``resources_dir`` (none if absent)."""
        path = Path(resources_dir) / UNION_DICT_FILE
        data = path.read_bytes() if path.is_file() else b""
        return cls(data, cache_dir)

    def load(self) -> Analyzer:
        """Build the jieba tokenizer now (before forking workers, or before serving)."""
        self.tokenizer()
        return self

    def tokenizer(self):
        tk = self._tokenizer
        if tk is not None:
            return tk
        with self._lock:
            if self._tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                if self.cache_dir is not None:
                    self.cache_dir.mkdir(parents=True, exist_ok=True)
                    tk.tmp_dir = str(self.cache_dir)
                tk.initialize()
                if self.union_dict:
                    # The bytes hashed are the bytes loaded: no race with a file edit.
                    tk.load_userdict(io.BytesIO(self.union_dict))
                self._tokenizer = tk
        return self._tokenizer

    def dictionary(self) -> Mapping[str, int]:
        """The jieba dictionary this analysis cuts with: word → frequency (the
        prefixes of its words are there too, with 0; only words above 0 are cut)."""
        return self.tokenizer().FREQ

    def word_spans(self, text: str) -> Iterator[tuple[str, int, int, int]]:
        """Yield (word, pos, startchar, endchar) from jieba precise mode over normalised
        text, punctuation and spaces dropped."""
        pos = 0
        for word, start, end in self.tokenizer().tokenize(text, HMM=False):
            if word.isspace() or _WORDISH.search(word) is None:
                continue
            yield word, pos, start, end
            pos += 1

    def words(self, text: str) -> Iterator[str]:
        """jieba words of normalised ``text``, as ``word_spans`` yields them, without
        offsets (the indexing fast path: ``filter`` in C, no generator step per word)."""
        return filter(_WORDISH.search, self.tokenizer().cut(text, HMM=False))

    def block_words(self, limit: int = BLOCK_WORDS_LIMIT) -> BlockWords:
        """``words`` remembered per block of text, for one indexing process."""
        return BlockWords(self, limit)

    def query_words(self, literal: str) -> list[str]:
        """The jieba words of a literal query string (normalised, punctuation dropped)."""
        return [w for w, *_ in self.word_spans(normalize(literal))]


class BlockWords:
    """``Analyzer.words``, with each block's words remembered: a reindex's fast path.

    jieba cuts a text block by block (runs of its word characters, and what lies between
    them), each block on its own, so a block's words are the same wherever it occurs; and
    blocks repeat across documents (clauses, headings, boilerplate: a fifth of the laws'
    run characters, a third of the recombined documents', are in a run a worker has cut
    before). A block seen
    again costs a dictionary lookup instead of jieba's per-character work. Bounded: at
    ``limit`` blocks it forgets them all and starts again (a worker's memory does not
    grow with the corpus). Not for the server: a process that cuts few texts would only
    hold the memory.

    A block is remembered as its words' ids (uint32 bytes) in a vocabulary the process
    keeps for its life (``vocabulary``: id → word), so a text's words come out as one
    numpy array of ids (``ids``): a word is looked up once per new block, not once per
    occurrence, and a document's counts are one sort (``schema``'s word postings).
    """

    def __init__(self, analyzer: Analyzer, limit: int = BLOCK_WORDS_LIMIT):
        from indexer.jieba_adapter import run_cutter, split_blocks

        self.limit = limit
        # jieba's own blocks: ``Tokenizer.cut`` cuts each run by the dictionary (HMM off)
        # and yields what lies between runs a character at a time (spaces whole), so of
        # that only the word characters are kept.
        self._split = split_blocks
        self._cut_run = run_cutter(analyzer.tokenizer())
        self._blocks: dict[str, bytes] = {"": b""}
        self.vocabulary: list[str] = []  # id → word, never forgotten: ids stay valid
        self._ids: dict[str, int] = {}

    def __call__(self, text: str) -> Iterator[str]:
        """The words of normalised ``text``: those ``Analyzer.words`` yields, in order."""
        return map(self.vocabulary.__getitem__, self.ids(text).tolist())

    def ids(self, text: str):
        """The ids of normalised ``text``'s words (``vocabulary``), in order: a read-only
        numpy uint32 array."""
        import numpy as np

        blocks = self._split(text)  # between runs at even indexes, runs at odd ones
        known = list(map(self._blocks.get, blocks))
        # Python work only for the blocks not seen yet: ``list.index`` finds them.
        i = -1
        try:
            while True:
                i = known.index(None, i + 1)
                known[i] = self._cut(blocks[i], i & 1)
        except ValueError:
            pass
        return np.frombuffer(b"".join(known), dtype=np.uint32)

    def _cut(self, block: str, is_run: int) -> bytes:
        if len(self._blocks) >= self.limit:
            self._blocks = {"": b""}
        words = filter(_WORDISH.search, self._cut_run(block) if is_run else block)
        ids, vocabulary = self._ids, self.vocabulary
        out = array("I")
        for word in words:
            i = ids.get(word)
            if i is None:
                i = ids[word] = len(vocabulary)
                vocabulary.append(word)
            out.append(i)
        data = out.tobytes()
        self._blocks[block] = data
        return data


# --- Whoosh tokenizers ----------------------------------------------------
#
# The index's schema (pickled by Whoosh into every generation) names these classes. The
# writer adds pre-analysed postings (``schema.document_fields``), so they analyse only
# when Whoosh itself is asked to; the jieba one needs an Analyzer bound for that, which
# is never pickled.


class _SpanTokenizer(Tokenizer):
    """Adapts a span generator to Whoosh's Token contract."""

    def spans(self, text: str) -> Iterator[tuple[str, int, int, int]]:
        raise NotImplementedError

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

    def spans(self, text: str) -> Iterator[tuple[str, int, int, int]]:
        return gram_spans(text)


class JiebaTokenizer(_SpanTokenizer):
    """jieba precise-mode words of ``analyzer`` (its union dictionary), exact offsets."""

    def __init__(self, analyzer: Analyzer | None = None):
        self.analyzer = analyzer

    def __getstate__(self):
        return {}  # the schema is pickled into the index: never a jieba tokenizer

    def __setstate__(self, state):
        self.analyzer = None

    def spans(self, text: str) -> Iterator[tuple[str, int, int, int]]:
        analyzer = getattr(self, "analyzer", None)
        if analyzer is None:
            raise RuntimeError("JiebaTokenizer used without an Analyzer")
        return analyzer.word_spans(text)


def GramAnalyzer():  # noqa: N802 - named like Whoosh's analyzer factories
    return GramTokenizer()


def WordAnalyzer(analyzer: Analyzer | None = None):  # noqa: N802
    return JiebaTokenizer(analyzer)
