"""How common a word is in general Chinese: jieba's general-corpus IDF table.

Our corpus alone cannot tell a question's frame words (一直, 别的, 以后: how a worker tells
the situation) from terms: a word in few of our documents looks informative whether it is
rare everywhere or merely absent from reports. jieba ships an IDF table computed over a
large general corpus (``jieba/analyse/idf.txt``, one ``word idf`` line per word, about
270,000 words; the table ``jieba.analyse.TFIDF`` reads). This module is the one place that
knows that file: it relies on its path inside the installed jieba package and on that line
format, and reads the file itself rather than importing ``jieba.analyse``, which would load
the whole table into a dict at import (1.5 s, tens of MB) for every process.

Only the words common enough to matter are kept (IDF below ``CAP``, about 20,000 of them,
its value cut to one decimal: 2 MB of objects, about 0.3 s to read once per process);
any other word counts as rare in general Chinese (``CAP``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

CAP = 9.0  # a word rarer than this in general Chinese is "rare"; jieba's median is 11.95
CAP_DIGIT = str(int(CAP))  # the values kept are those of one digit before it


@dataclass(frozen=True)
class GeneralIdf:
    idf: dict[str, float]  # words with an IDF below CAP

    def of(self, word: str) -> float:
        """The word's IDF in general Chinese, at most ``CAP``."""
        return self.idf.get(word, CAP)


@cache
def general_idf() -> GeneralIdf:
    """jieba's table, read once per process (it is installed data and never changes)."""
    table: dict[str, float] = {}
    values: dict[str, float] = {}  # one float object per value, cut to 0.1
    path = resources.files("jieba").joinpath("analyse", "idf.txt")
    with path.open("r", encoding="utf-8") as lines:  # line by line: the file is 6 MB
        for line in lines:
            word, _, value = line.strip().partition(" ")
            # Most words are rarer than CAP (a value of two digits, or 9.x): not parsed.
            if value[1:2] != "." or value[:1] >= CAP_DIGIT:
                continue
            idf = values.setdefault(value[:3], float(value[:3]))
            table[word] = idf
    return GeneralIdf(table)
