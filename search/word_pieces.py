"""A query word the documents are not cut into is searched as the index's words it holds.

jieba cuts a question by its own dictionary and by context, and a worker's sentence is cut
otherwise than the laws: 那段时间 gives 段时间 where the documents say 一段时间 (cut so once,
in one labour case), 扣我管理费 gives 管理费 where the laws say 管理 … 费用, 安全帽 is a word of
no document. When a string typed without spaces falls back to its words, such a word (a
word of at most ``MAX_DOCUMENTS`` documents as the index cut them: one document's cut is
jieba's context, not the corpus's vocabulary) is replaced by the pieces the index does know,
cut the way that covers the most of it with known words of two characters or more, then in
the fewest pieces, less a character left alone (段时间 → 时间, 管理费 → 管理). The fallback's
notice lists them, so the user sees what was required. The words come from the served index
alone: no list.
"""

from __future__ import annotations

from collections.abc import Callable

Documents = Callable[[str], int]  # how many documents have a string as one of their words

MIN_LENGTH = 3  # a word of two characters would fall into single characters only
MAX_PIECE = 6  # the longest known piece looked for (bounded lookups per word)
MAX_DOCUMENTS = 1  # a word of more documents than this is one of the corpus's words
LONE_CHARS = 1  # pieces of one character allowed (段 of 段时间)


def known_pieces(word: str, documents: Documents) -> list[str] | None:
    """The pieces of ``word`` (two characters or more) that are words of more than
    MAX_DOCUMENTS documents, when ``word`` is a word of at most MAX_DOCUMENTS documents
    and such pieces cover all of it but at most LONE_CHARS characters; None otherwise."""
    n = len(word)
    if n < MIN_LENGTH or documents(word) > MAX_DOCUMENTS:
        return None
    # best[i]: (characters covered by known words of 2+, -pieces) for word[i:], and the cut.
    best: list[tuple[tuple[int, int], int]] = [((0, 0), n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        (cov, neg), _ = best[i + 1]
        choice = ((cov, neg - 1), i + 1)  # one character alone
        for j in range(i + 2, min(n - (i == 0), i + MAX_PIECE) + 1):  # never the word itself
            if documents(word[i:j]) > MAX_DOCUMENTS:
                (c, g), _ = best[j]
                candidate = ((c + j - i, g - 1), j)
                if candidate[0] > choice[0]:
                    choice = candidate
        best[i] = choice
    pieces = []
    i = 0
    while i < n:
        j = best[i][1]
        pieces.append(word[i:j])
        i = j
    if best[0][0][0] == 0 or n - best[0][0][0] > LONE_CHARS:
        return None
    # A character alone says too little to stand for the word, and would be marked
    # wherever it occurs (工 of 正式工 in every 用工).
    return [p for p in pieces if len(p) > 1]
