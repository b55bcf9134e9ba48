"""Best-passage scoring of a query's candidate documents (search.passages), reading each
document once: the page's hits reuse what ranking read of them."""

from __future__ import annotations

from collections.abc import Callable

from indexer.textstore import TextStore
from indexer.unit_store import UnitStore
from search.document_read import DocumentRead, read_document
from search.long_passages import bounded_passages
from search.passages import best_passage, passage_bound, through_laws_wording
from search.quantity import Asked
from search.quantity_passage import stating_units, with_quantity_concept
from search.unit_spans import PassageRead, read_passage


class PassageScorer:
    """Best-passage scores of documents for one query (search.passages), read from the
    text and unit stores (search.unit_spans), or from the stored fields when the
    generation has no unit store."""

    def __init__(
        self,
        s,
        literals: list[str],
        concepts: dict[str, str],
        weights,
        texts: TextStore,
        units: UnitStore | None,
        asked: Asked | None,
        documents: Callable[[str], int | None],
        unruled: int = 0,
    ):
        self.s, self.literals, self.concepts, self.weights = s, literals, concepts, weights
        # Documents stating no rule, for a question (search.passages.through_laws_wording).
        self.unruled = unruled
        self.texts, self.units, self.asked = texts, units, asked
        # A literal's documents (title or body) as a bitset; None: not known.
        self.documents = documents
        # The hits of the page are among the candidates scored, and reuse what was read.
        self.read: dict[int, DocumentRead] = {}
        self.passages: dict[int, PassageRead] = {}

    def score(self, docnum: int) -> float:
        p = None
        if self.units is not None:
            p = read_passage(self.texts, self.units, docnum, self.literals, self.concepts)
        if p is not None:
            self.passages[docnum] = p
            found, weights = self._with_quantity(p.body, p.starts, p.ends, p.marks, p.found)
            weights = self._weighed(docnum, p.title, p.body, p.marks, weights)
            if found:  # a long section is judged by its paragraphs (search.long_passages)
                found = bounded_passages(p.body, p.starts, p.ends, p.marks, found, self.concepts)
            return best_passage(
                p.title,
                p.body,
                [],
                self.literals,
                self.concepts,
                weights,
                p.marks,
                found,
                has_units=p.has_units,
            )
        read = read_document(self.s.stored_fields, docnum, self.literals, self.concepts)
        self.read[docnum] = read
        f = read.fields
        body = f.get("body", "")
        found, weights = read.found, self.weights
        if found and read.units:  # else _with_quantity and bounded_passages change nothing
            starts, ends = [u.start for u in read.units], [u.end for u in read.units]
            found, weights = self._with_quantity(body, starts, ends, read.marks, found)
            found = bounded_passages(body, starts, ends, read.marks, found, self.concepts)
        weights = self._weighed(docnum, f.get("title", ""), body, read.marks, weights)
        return best_passage(
            f.get("title", ""),
            body,
            read.units,
            self.literals,
            self.concepts,
            weights,
            read.marks,
            found,
            has_units=bool(read.units),
        )

    def _weighed(
        self, docnum: int, title: str, body: str, marks: list[tuple[int, int]], weights: dict
    ) -> dict:
        if not self.unruled >> docnum & 1:
            return weights
        return through_laws_wording(title, body, marks, self.literals, self.concepts, weights)

    def bound(self, group: int) -> float | None:
        """No candidate of ``group`` (a bitset) has a best passage scoring more
        (search.passages.passage_bound): a concept none of whose literals any of its
        documents holds counts for none of them (a phrase's partial matches lack the
        phrase). None when a question asks a quantity: a stating unit holds one more
        concept, weighed by the document (search.quantity_passage)."""
        if self.asked is not None:
            return None

        def held(form: str) -> bool:
            found = self.documents(form)
            return found is None or bool(found & group)

        return passage_bound(self.literals, self.concepts, self.weights, held)

    def _with_quantity(self, body, starts, ends, marks, found):
        """A unit stating the quantity a question asks for holds one more concept
        (search.quantity_passage); ``found`` and the weights otherwise as they are."""
        if self.asked is None or not starts or not marks or not found:
            return found, self.weights
        stating = stating_units(body, starts, ends, marks, self.asked)
        return with_quantity_concept(found, stating, self.weights, self.asked.nouns)

    def read_for_hit(self, docnum: int) -> DocumentRead | None:
        """What ranking read of a hit of the page (None: not a candidate)."""
        p = self.passages.get(docnum)
        if p is None:
            return self.read.get(docnum)
        return read_document(
            self.s.stored_fields, docnum, self.literals, self.concepts, (p.marks, p.found)
        )
