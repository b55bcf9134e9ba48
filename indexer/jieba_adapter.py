"""The one module that touches jieba internals (jieba 0.42).

Everything else uses jieba's public API (``Tokenizer.cut``). What is used here, and why:

* ``jieba.re_han_default``: the pattern ``Tokenizer.cut`` splits a text with (runs of its
  word characters and the connectors ``+#&._%-``; what lies between). Each run is cut on
  its own, so a run's words are the same wherever it occurs: a reindex remembers them per
  block (``indexer.analysis.BlockWords``).
* ``Tokenizer._Tokenizer__cut_DAG_NO_HMM``: the cutter ``Tokenizer.cut(..., HMM=False)``
  applies to one run, called directly to skip the generator layers of ``cut`` for a run
  known to be one block. When it is missing, ``cut`` of the run is used (the same words).

``tests/indexer/test_jieba_adapter.py`` checks both against ``Tokenizer.cut`` on whole texts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import jieba


def split_blocks(text: str) -> list[str]:
    """``text`` in jieba's blocks: between runs at even indexes, runs at odd ones."""
    return jieba.re_han_default.split(text)


def run_cutter(tokenizer: jieba.Tokenizer) -> Callable[[str], Iterable[str]]:
    """jieba's words (HMM off) of one run, as ``tokenizer.cut`` gives them."""
    cut = getattr(tokenizer, "_Tokenizer__cut_DAG_NO_HMM", None)
    return cut or (lambda run: tokenizer.cut(run, HMM=False))
