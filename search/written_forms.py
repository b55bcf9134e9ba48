"""The ways the laws write a legal form of the wording lists, a function character apart.

A legal form of ``corpus/lay_terms.txt`` (人社局 → 人力资源社会保障行政部门) is one law's
wording; other laws write the same concept a little differently: a function character
inserted or dropped between its words (Qingdao's 人力资源和社会保障行政部门, 供养的直系亲属
for 供养直系亲属). ``WrittenForms`` finds, once per generation and on first use, the
variants of each form that the laws of the generation actually write, and keeps those that
are the form's concept, not another term a character away:

* **attested**: the variant occurs in the laws' texts;
* **no word of its own**: the variant whole is not a word of jieba's dictionary, nor a form
  or a term of the wording lists (they name it on a line of its own);
* **not defined by the laws** (``所称X``, ``X是指``): a term a law defines is its own;
* **not told apart**: the laws that write the variant mostly do not write the form too (a
  law writing both uses them for two things; a variant is one law's wording where the other
  laws write the form).

One character of a compound changed (起诉期限 / 起诉期间) was tried and left out: among the
laws' attested one-character variants of the lists' forms, about half are other concepts
(劳动合同期满 / 劳动合同期间, 未满十六周岁 / 年满十六周岁, 转移财产 / 转让财产) that
none of the tests above tells apart (bench/relevance/steps.md, seventeenth round).
The variants are searched and shown as the form's own (``search.wording``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

# Characters the laws insert or drop between the words of one term (人力资源和社会保障).
FUNCTION_CHARS = "和与及的或"
# The laws that write a variant may write the form too in at most this share of them.
TOGETHER_SHARE = 0.5
# How a law defines a term of its own: 本法所称X…, X是指…, X，是指….
DEFINING = ("所称{}", "{}是指", "{}，是指")
_FUNCTION = re.compile(f"[{FUNCTION_CHARS}]")


@dataclass
class WrittenForms:
    """The variants the laws write of each of ``forms``; read on first use.

    ``texts`` gives the normalised bodies of the documents of a legal level, ``split`` cuts
    a form into words (the query side of the index's analysis), ``dictionary`` is jieba's
    (word → frequency, 0 for a prefix only), ``listed`` the words the wording lists name."""

    forms: Iterable[str] = ()
    texts: Callable[[], Iterable[str]] = lambda: ()
    split: Callable[[str], list[str]] = list
    dictionary: Callable[[], Mapping[str, int]] = dict
    listed: frozenset[str] = frozenset()
    _variants: dict[str, tuple[str, ...]] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def variants(self, form: str) -> tuple[str, ...]:
        """The laws' other ways of writing ``form``, commonest first."""
        return self.table().get(form, ())

    def table(self) -> dict[str, tuple[str, ...]]:
        if self._variants is None:
            with self._lock:
                if self._variants is None:
                    self._variants = self._read()
        return self._variants

    def _read(self) -> dict[str, tuple[str, ...]]:
        words = self.dictionary()
        candidates: dict[str, set[str]] = {}  # variant → the forms it is a variant of
        # A variant with a character inserted is looked for where the laws write a function
        # character: by that character and its two neighbours, then confirmed in place (one
        # pass over the function characters instead of a search per variant).
        inserted: dict[str, list[tuple[str, int]]] = {}
        dropped: set[str] = set()
        for form in dict.fromkeys(self.forms):
            if " " in form or len(form) < 3:
                continue
            for variant, at in _candidates(form, self.split(form)):
                if variant in self.listed or words.get(variant):
                    continue
                if variant not in candidates:
                    if at is None:
                        dropped.add(variant)
                    else:
                        inserted.setdefault(variant[at - 1 : at + 2], []).append((variant, at))
                candidates.setdefault(variant, set()).add(form)
        if not candidates:
            return {}
        docs: dict[str, int] = {}
        together: dict[tuple[str, str], int] = {}
        defined: set[str] = set()
        for text in self.texts():
            present = {v for v in dropped if v in text}
            for m in _FUNCTION.finditer(text):
                p = m.start()
                for variant, at in inserted.get(text[p - 1 : p + 2], ()):
                    if text.startswith(variant, p - at):
                        present.add(variant)
            for variant in present:
                docs[variant] = docs.get(variant, 0) + 1
                for form in candidates[variant]:
                    if form in text:
                        together[variant, form] = together.get((variant, form), 0) + 1
                if any(d.format(variant) in text for d in DEFINING):
                    defined.add(variant)
        out: dict[str, list[str]] = {}
        for variant, n in docs.items():
            if variant in defined:
                continue
            for form in candidates[variant]:
                if together.get((variant, form), 0) <= TOGETHER_SHARE * n:
                    out.setdefault(form, []).append(variant)
        return {form: tuple(sorted(vs, key=lambda v: (-docs[v], v))) for form, vs in out.items()}


def _candidates(form: str, words: list[str]) -> Iterable[tuple[str, int | None]]:
    """The strings ``form`` might be written as, each with where the character inserted
    stands (None: one dropped): a function character inserted between two of its
    ``words``, or one dropped where it stands as a word of its own between two others."""
    if "".join(words) != form:
        return
    starts = [0]
    for w in words:
        starts.append(starts[-1] + len(w))
    for k, pos in enumerate(starts[1:-1], start=1):
        # Between two words of two characters or more: a one-character word is a part of
        # the name it ends (安全生产法 is not 安全生产的法律's 安全生产的法).
        if len(words[k - 1]) < 2 or len(words[k]) < 2:
            continue
        for c in FUNCTION_CHARS:
            yield form[:pos] + c + form[pos:], pos
    for k, w in enumerate(words):
        if w in FUNCTION_CHARS and 0 < k < len(words) - 1:
            yield form[: starts[k]] + form[starts[k + 1] :], None
