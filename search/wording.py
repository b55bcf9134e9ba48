"""How the words people type are understood: question words, equivalent forms, parts.

* Question and function words (``corpus/question_words.txt``: 怎么算, 多久, 吗 …) are never
  required: ``strip_question_words`` takes them out of what was typed.
* Equivalent forms are searched as literal alternatives of a word: the synonyms
  (``corpus/synonyms.txt``), everyday → legal wording (``corpus/lay_terms.txt``: 加班费 →
  加班工资 …), numbers written the other way (``search.numerals``: 第82条 → 第八十二条) and
  the ranges the laws state a count typed exactly in (``search.count_ranges``: 十七岁 →
  未满十八周岁).
* ``parts`` splits a word into the words it is made of, for when the word as typed occurs
  nowhere: known terms and counted numbers stay whole, jieba splits the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.analysis import normalize
from search.count_ranges import RangeTable, typed_spans
from search.numerals import counted_spans, numeral_forms
from search.quantity import asking_at, telling_at

QUESTION_WORDS_FILE = "question_words.txt"
# A string typed without question words tells a situation (公司不让员工加入工会) when it has
# this many words, this many of them everyday words of the lay-term list.
SITUATION_WORDS = 3
SITUATION_LAY_WORDS = 2
LAY_TERMS_FILE = "lay_terms.txt"
# A lay-term form with a space in it needs each part in the document.
FORM_PART_SEPARATOR = " "


def load_question_words(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words taken out anywhere, words taken out only at the end), longest first."""
    anywhere: list[str] = []
    final: list[str] = []
    if Path(path).is_file():
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            word = normalize(line.split("#", 1)[0].strip())
            if word.endswith("$") and len(word) > 1:
                final.append(word[:-1])
            elif word:
                anywhere.append(word)
    key = lambda w: (-len(w), w)  # noqa: E731
    return tuple(sorted(set(anywhere), key=key)), tuple(sorted(set(final), key=key))


def load_lay_terms(path: Path) -> dict[str, tuple[str, ...]]:
    """Parse ``everyday, everyday => legal, legal`` lines; ``#`` starts a comment.

    A line is one concept: each everyday word on the left reaches every legal form on the
    right (被炒, 辞退, 开除 => 解除劳动合同, 解除职工劳动合同 …); a word on several lines
    gets the forms of all of them, in order."""
    out: dict[str, tuple[str, ...]] = {}
    if not Path(path).is_file():
        return out
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        lays, sep, forms = line.partition("=>")
        if not sep:
            continue
        parsed = tuple(
            FORM_PART_SEPARATOR.join(normalize(f).split()) for f in _items(forms) if f.strip()
        )
        for lay in _items(lays):
            lay = normalize(lay.strip())
            if lay:
                out[lay] = tuple(dict.fromkeys(out.get(lay, ()) + parsed))
    return out


def _a_not_a(text: str, i: int) -> bool:
    """Whether a yes-or-no question of one character, X不X or X没X (发不发, 罚不罚, 给没给,
    合不合法), starts at ``i``: the listed 能不能, 是不是 are such questions; read as words,
    发不发工资 held the everyday term 不发工资 (unpaid wages), the opposite of what was asked."""
    return (
        i + 2 < len(text)
        and text[i + 1] in "不没"
        and text[i] == text[i + 2]
        and "\u4e00" <= text[i] <= "\u9fff"
    )


# A time limit asked for (多少日内, 几个月以内): the question is 多少 / 几 alone; the unit and
# the postposition are the limit the law states (三十日内), kept as a word.
_LIMIT_AFTER = ("以内", "之内", "内")
_ASKING_HEADS = ("多少个", "多少", "几个", "几")
# The auxiliary verbs (能, 会, 要, 可, 该, 敢, 肯, 愿, 得) and the predicates of a bare yes-or-no
# (是, 有, 行, 好, 对): their A-not-A (行不行, 好不好) asks yes or no and says nothing else.
_MODAL = set("能会要可该敢肯愿得是有行好对")


def _items(text: str) -> list[str]:
    return text.replace("，", ",").split(",")


@dataclass(frozen=True)
class Wording:
    question_words: tuple[str, ...] = ()
    final_particles: tuple[str, ...] = ()
    lay_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    ranges: RangeTable | None = None  # the laws' ranges of the served generation
    # Per request, only the words that can start at a character are tried: question words
    # by their first character, in their order; lay terms by first character with their
    # rank in longest-first order (parts keeps that order).
    _question_at: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _lay_at: dict[str, tuple[tuple[int, str], ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        question_at: dict[str, list[str]] = {}
        for w in self.question_words:
            question_at.setdefault(w[0], []).append(w)
        lay_at: dict[str, list[tuple[int, str]]] = {}
        for rank, lay in enumerate(sorted(self.lay_terms, key=len, reverse=True)):
            lay_at.setdefault(lay[0], []).append((rank, lay))
        object.__setattr__(self, "_question_at", {c: tuple(w) for c, w in question_at.items()})
        object.__setattr__(self, "_lay_at", {c: tuple(t) for c, t in lay_at.items()})

    @classmethod
    def load(cls, resources_dir: Path, synonyms: dict[str, list[str]] | None = None) -> Wording:
        anywhere, final = load_question_words(Path(resources_dir) / QUESTION_WORDS_FILE)
        return cls(
            anywhere, final, load_lay_terms(Path(resources_dir) / LAY_TERMS_FILE), synonyms or {}
        )

    def strip_question_words(self, text: str) -> tuple[list[str], list[str]]:
        """(the pieces of ``text`` left, the question words taken out), in order.

        ``text`` is normalised. 加班费怎么算 → (['加班费'], ['怎么算']). What a question
        word does in the sentence decides, not its string alone: 几 telling a quantity
        (那几天, 十几个人) stays; an A-not-A question of a verb (罚不罚) leaves its A (罚)
        where it stands; a time limit asked (多少日内) leaves its unit (日内).
        """
        pieces: list[str] = []
        found: list[str] = []
        current = ""  # the piece being read
        typed_last = False  # whether the text ends in typed words, not a question word
        i = 0
        while i < len(text):
            word = next(
                (w for w in self._question_at.get(text[i], ()) if text.startswith(w, i)), None
            )
            # 几个小时, 多少次 …: every phrase asking for a counted quantity, not only those
            # listed (the list's 几天, 多少天 are such phrases too), the longer one winning.
            asking = asking_at(text, i)
            if asking > len(word or ""):
                word = text[i : i + asking]
            if word is not None and telling_at(text, i):
                word = None  # 几天 of 那几天: a quantity told (search.quantity)
            kept = ""  # what of ``word`` starts the next piece
            if word is None and _a_not_a(text, i) and text[i] not in _MODAL:
                # 罚不罚: the question is 不罚; 罚, what is asked about, stays where it
                # stands, the statement's form (还发不发工资 → 还发工资, 合不合法 → 合法).
                found.append(text[i + 1 : i + 3])
                current += text[i]
                typed_last = True
                i += 3
                continue
            if word is None and _a_not_a(text, i):
                word = question = text[i : i + 3]  # 行不行: a bare yes or no
            elif word is not None and text.startswith(_LIMIT_AFTER, i + len(word)):
                question = next(
                    (h for h in _ASKING_HEADS if word.startswith(h) and len(h) < len(word)), word
                )
                kept = word[len(question) :]
            else:
                question = word
            if word is None:
                current += text[i]
                typed_last = True
                i += 1
                continue
            if current:
                pieces.append(current)
            found.append(question)
            current = kept
            typed_last = False
            i += len(word)
        if current:
            pieces.append(current)
        # Final particles (吗, 呢) only at the very end of what was typed.
        dropped: list[str] = []
        changed = typed_last
        while changed and pieces:
            changed = False
            for p in self.final_particles:
                if pieces[-1].endswith(p):
                    pieces[-1] = pieces[-1][: -len(p)]
                    dropped.insert(0, p)
                    changed = True
                    break
            if not pieces[-1]:
                pieces.pop()
        return pieces, found + dropped

    def states_situation(self, words: list[str]) -> bool:
        """Whether a string typed without question words, made of ``words``, tells a
        worker's situation (公司不让员工加入工会) rather than names a term (实施工会法办法):
        several words, at least SITUATION_LAY_WORDS of them everyday words of the lay-term
        list. It is then read as a question is (``search.query.Choice.in_question``)."""
        lay = sum(1 for w in words if w in self.lay_terms)
        return len(words) >= SITUATION_WORDS and lay >= SITUATION_LAY_WORDS

    def bridges(self, word: str) -> bool:
        """Whether the lay-term list bridges ``word`` to the laws' wording (押金 → 收取财物):
        an everyday word that names what a law says (search.relaxation._told)."""
        return word in self.lay_terms

    def is_question_word(self, text: str) -> bool:
        return text in self.question_words or text in self.final_particles

    def variants(self, text: str, ranges: bool = True) -> list[str]:
        """Equivalent forms of ``text`` (normalised) to search as alternatives of it.

        A form that contains ``text`` itself adds nothing (its matches are ``text``'s) and
        is left out; a form may have parts separated by a space (all needed). ``ranges``:
        with the ranges a count falls in (未满十八周岁 of 十七岁), which hold it without
        saying it, so they do not rank with it (``search.query``).
        """
        forms = [
            *self.synonyms.get(text, ()),
            *self.lay_terms.get(text, ()),
            *numeral_forms(text),
            *(self.ranges.forms(text) if self.ranges is not None and ranges else ()),
        ]
        out = []
        for form in dict.fromkeys(forms):
            if form and form != text and not any(text in p for p in form.split()):
                out.append(form)
        return out

    def parts(self, text: str, split: Callable[[str], list[str]]) -> list[str]:
        """The words ``text`` is made of: counted numbers (第82条, 2%) and the everyday
        terms of the lay-term list stay whole (a term holding a number whole, 干满一年,
        before the number), ``split`` (the query side of the index's
        jieba analysis) splits the rest; question words are left out."""
        counted = counted_spans(text)
        # A count typed exactly (三百来人) stays whole, to reach the ranges it falls in.
        typed = typed_spans(text)
        counted += [(s, e) for s, e in typed if all(e <= a or s >= b for a, b in counted)]
        counted.sort()
        spans: list[tuple[int, int]] = []
        starting = [t for c in set(text) for t in self._lay_at.get(c, ())]
        for _, lay in sorted(starting):
            pos = text.find(lay)
            while pos >= 0:
                end = pos + len(lay)
                # An everyday term holding a counted number whole (干满一年) is the term;
                # one cutting a number in two is not.
                if all(pos >= e or end <= s for s, e in spans) and all(
                    pos >= e or end <= s or pos <= s and e <= end for s, e in counted
                ):
                    spans.append((pos, end))
                pos = text.find(lay, pos + 1)
        spans += [(s, e) for s, e in counted if all(e <= a or s >= b for a, b in spans)]
        spans.sort()
        out: list[str] = []
        pos = 0
        for s, e in spans + [(len(text), len(text))]:
            out.extend(split(text[pos:s]))
            if e > s:
                out.append(text[s:e])
            pos = e
        return [w for w in dict.fromkeys(out) if not self.is_question_word(w)]
