"""Which of the words a relaxed or partial result left out each hit lacks.

未包含 names every word that one of the listed ways of keeping the query's words left out
(search.relaxation): true of the page, but a reader of one hit cannot tell which of them
that hit lacks. The relaxation already evaluated each word's documents as a bitset, so a
hit's own list is one bit test per word: no text is read again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LeftOut:
    # Each word left out for lack of documents, as the page names it, in the page's
    # order → the documents holding it as searched (its equivalent forms included).
    held: dict[str, int]

    def lacked_by(self, docnum: int) -> list[str] | None:
        """The words of ``held`` the document does not hold; None when no word was
        left out (the result was not relaxed: nothing to say per hit)."""
        if not self.held:
            return None
        return [word for word, docs in self.held.items() if not docs >> docnum & 1]


def left_out(names: list[str], held: dict[str, int]) -> LeftOut:
    """``names`` (the relaxation's words, then the partial matches') that have documents
    recorded, each once, in order."""
    return LeftOut({w: held[w] for w in dict.fromkeys(names) if w in held})
