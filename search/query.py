"""The query language users type, and its translation into Whoosh queries.

Grammar (AND is implied between terms)::

    query   := and ( ("OR" | "|" | "||") and )*
    and     := unary ( ["AND" | "&&"] unary )*
    unary   := ("-" | "NOT") unary | primary
    primary := "(" query ")" | [field ":"] ( "quoted phrase" | word )

A *word* is whatever the user typed without spaces (工资集体协商, 2013年, 5.1亿), less its
question words (search.wording). It matches a document that contains that string, or one
of its equivalent forms (第82条 / 第八十二条); when it occurs in no document, or with
``match=any_order``, a document that contains each of its words (search.relaxation).
A *quoted phrase* must occur literally, with no equivalent forms. A query the parser
cannot read is searched as plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from indexer.analysis import Analyzer, normalize, query_grams
from indexer.docnumber import parse_doc_number
from search.separable_verbs import Knows, joined_form, separable_spans
from search.wording import Wording

FIELDS = {"title": "title", "标题": "title", "body": "body", "正文": "body"}
# Single characters too common to require on their own when splitting a word
# into its jieba words; they still count inside the whole-word phrase.
STOP_CHARS = set("的了和与及或在是为对等之其把被也都而并")

_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」", "『": "』"}
# Inside a word, a year in parentheses followed by a serial is a document number
# (国发(2013)8号), not a group.
_TOKEN = re.compile(
    r'\s+|(?P<lp>[(（])|(?P<rp>[)）])|(?P<quote>["“”「『])|(?P<neg>-(?=\S))'
    r'|(?P<text>(?:[^\s()（）"“”「『]|[(（](?:19|20)\d\d[)）](?=\d))+)'
)


class ParseError(Exception):
    pass


# -- AST ---------------------------------------------------------------------


@dataclass
class Word:
    text: str
    field: str | None = None
    phrase: bool = False


@dataclass
class Not:
    child: object


@dataclass
class And:
    children: list = field(default_factory=list)


@dataclass
class Or:
    children: list = field(default_factory=list)


@dataclass
class ParsedQuery:
    tree: object | None
    plain: bool  # True when the syntax could not be read and the text was taken as is


# -- parsing -----------------------------------------------------------------


# Full-width forms of the operator characters: the index folds them, so must the parser
# (工会经费 －条例 excludes 条例).
_OPERATOR_FOLDS = str.maketrans({"－": "-", "＂": '"', "｜": "|", "＆": "&"})


def _tokens(q: str) -> list[tuple[str, str]]:
    q = q.translate(_OPERATOR_FOLDS)
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(q):
        m = _TOKEN.match(q, i)
        if m is None:  # cannot happen with the patterns above, but never loop
            raise ParseError(f"unexpected character {q[i]!r}")
        if m.group("quote"):
            close = _QUOTES[m.group("quote")]
            end = q.find(close, m.end())
            if end < 0 and close != '"':
                end = q.find('"', m.end())
            if end < 0:
                raise ParseError("unbalanced quote")
            out.append(("phrase", q[m.end() : end]))
            i = end + 1
            continue
        kind = m.lastgroup
        if kind == "text":
            text = m.group("text")
            out.append(
                ("op", text) if text in ("OR", "AND", "NOT", "|", "&&", "||") else ("text", text)
            )
        elif kind:
            out.append((kind, m.group()))
        i = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.toks = tokens
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self):
        node = self.or_expr()
        if self.peek() is not None:
            raise ParseError("unexpected " + self.peek()[1])
        return node

    def or_expr(self):
        parts = [self.and_expr()]
        while (tok := self.peek()) and tok[0] == "op" and tok[1] in ("OR", "|", "||"):
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(parts)

    def and_expr(self):
        parts = []
        while (
            (tok := self.peek())
            and tok[0] != "rp"
            and not (tok[0] == "op" and tok[1] in ("OR", "|", "||"))
        ):
            if tok[0] == "op" and tok[1] in ("AND", "&&"):
                self.take()
                continue
            parts.append(self.unary())
        if not parts:
            raise ParseError("empty expression")
        return parts[0] if len(parts) == 1 else And(parts)

    def unary(self):
        tok = self.take()
        if tok[0] == "neg" or tok == ("op", "NOT"):
            return Not(self.unary())
        if tok[0] == "lp":
            node = self.or_expr()
            if not self.peek() or self.take()[0] != "rp":
                raise ParseError("unbalanced parenthesis")
            return node
        if tok[0] == "phrase":
            return Word(tok[1], phrase=True)
        if tok[0] == "text":
            name, sep, rest = tok[1].partition(":")
            if not sep:
                name, sep, rest = tok[1].partition("：")
            if sep and name.lower() in FIELDS:
                target = FIELDS[name.lower()]
                if rest:
                    return Word(rest, field=target)
                nxt = self.peek()
                if nxt and nxt[0] == "phrase":
                    return Word(self.take()[1], field=target, phrase=True)
                if nxt and nxt[0] == "text":  # "title: 工会法", a space after the colon
                    return Word(self.take()[1], field=target)
                raise ParseError("field without a value")
            return Word(tok[1])
        raise ParseError("unexpected " + tok[1])


def parse_query(q: str) -> ParsedQuery:
    q = q.strip()
    if not q:
        return ParsedQuery(None, False)
    try:
        return ParsedQuery(_Parser(_tokens(q)).parse(), False)
    except (ParseError, IndexError):
        words = [
            Word(t)
            for t in re.split(r"[\s()（）\"“”「」『』]+|(?<!\S)-|\bOR\b|\bNOT\b", q)
            if t and t.strip("-|&")
        ]
        if not words:
            return ParsedQuery(None, True)
        return ParsedQuery(words[0] if len(words) == 1 else And(words), True)


def count_words(node) -> int:
    if isinstance(node, Word):
        return 1
    if isinstance(node, Not):
        return count_words(node.child)
    if isinstance(node, (And, Or)):
        return sum(count_words(c) for c in node.children)
    return 0


# -- synonyms ---------------------------------------------------------------


def synonym_map(groups) -> dict[str, list[str]]:
    """Each member of a synonym group (as ``indexer.resources`` reads them) → the others."""
    out: dict[str, list[str]] = {}
    for group in groups:
        members = list(dict.fromkeys(normalize(m) for m in group))
        for m in members:
            out.setdefault(m, [])
            out[m].extend(o for o in members if o != m and o not in out[m])
    return out


# -- compiling to Whoosh ------------------------------------------------------
#
# A query compiles into three parts:
# * ``match``: which documents match, as a tree of single Whoosh leaf queries combined by
#   AllOf / AnyOf / Without / Choice. The searcher evaluates it into a document bitset, leaf
#   by leaf: Whoosh's AndNot and nested span matchers skip wrongly over phrase matchers, so
#   boolean structure is never left to them.
# * ``signals``: for each positive word, where it occurs whole (title, body). Matches are
#   ranked in tiers by these (whole in title > whole in body > only its parts scattered).
# * ``terms``: the jieba words per field, for BM25F (title boosted) within each tier.


@dataclass
class Leaf:
    query: object  # a Whoosh query, or a RunPhrase


@dataclass(frozen=True)
class RunPhrase:
    """A literal of several runs (``"职工 书屋"``): runs break at whitespace and
    punctuation, which the index does not keep, so the runs match wherever they stand one
    after another with only such characters between them (``search.literal.runs_mask``).
    """

    fieldname: str
    grams: tuple[str, ...]  # every gram a matching document holds (its candidates)
    runs: tuple[str, ...]  # the literal's runs, confirmed in the text store
    # The last run is one character: in the document it may begin a longer run ("情况，合"
    # inside "情况，合理"), so its gram is matched as a prefix (Ctrl-F).
    prefix_last: bool = False


@dataclass
class AllOf:
    parts: list


@dataclass
class AnyOf:
    parts: list


@dataclass
class Without:
    part: object


@dataclass
class Choice:
    """A word typed without spaces: the documents holding it literally (or one of its
    equivalent forms); when it occurs nowhere, or on request (``any_order``), the
    documents holding each of its words anywhere."""

    word: str
    strict: object
    loose: object | None  # AllOf of the parts; None when the word is one word
    parts: list[tuple[str, object]] = field(default_factory=list)  # (word, its alternatives)
    loose_literals: list[str] = field(default_factory=list)
    loose_expansions: list[tuple[str, list[str]]] = field(default_factory=list)
    # Left of a question once its question words were taken out (女职工产假 of
    # 女职工产假多少天): a sentence, whose words are looked for one by one in passages.
    in_question: bool = False


@dataclass
class Signal:
    """Where one positive query word occurs whole: the ranking tiers are built from these."""

    title: object | None  # match tree: the whole literal in the title
    body: object | None  # ... in the body


@dataclass
class Compiled:
    match: object | None  # Leaf | AllOf | AnyOf | Without | Choice | None (nothing searchable)
    terms: list[tuple[str, str]]  # (field, jieba word) for BM25F within a tier
    literals: list[str]  # strings to highlight, longest first
    signals: list[Signal] = field(default_factory=list)
    # Question words taken out of what was typed (not required).
    question_words: list[str] = field(default_factory=list)
    # (word, its equivalent forms searched too) for the words matched literally.
    expansions: list[tuple[str, list[str]]] = field(default_factory=list)
    # A string typed without question words told a situation (search.wording.states_situation).
    situation: bool = False

    @property
    def asks(self) -> bool:
        """A question: question words typed, or a situation told in everyday words."""
        return bool(self.question_words) or self.situation


def _all(parts: list) -> object | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AllOf(parts)


def _any(parts: list) -> object | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AnyOf(parts)


def required_parts(match) -> list:
    """The parts every match must satisfy: ``match`` itself, or the parts of a top-level
    AllOf (nested AllOfs flattened)."""
    if isinstance(match, AllOf):
        return [q for p in match.parts for q in required_parts(p)]
    return [] if match is None else [match]


class QueryCompiler:
    """Compiles parsed queries with one Analyzer (the served index's), the synonym map
    and the wording lists (search.wording)."""

    def __init__(
        self,
        analyzer: Analyzer,
        synonyms: dict[str, list[str]] | None = None,
        wording: Wording | None = None,
    ):
        self.analyzer = analyzer
        self.wording = wording or Wording(synonyms=synonyms or {})
        self.split = analyzer.query_words  # the query side of the index's analysis

    def parts(self, text: str, knows: Knows | None = None) -> list[str]:
        """The words a word typed without spaces is made of, for its looser form; a
        separable verb told apart (怀着孕, search.separable_verbs) stays whole."""
        if knows is None:
            return _without_stop_chars(self.wording.parts(text, self.split))
        out: list[str] = []
        pos = 0
        for span in separable_spans(text, knows):
            out.extend(self.wording.parts(text[pos : span.start], self.split))
            out.append(text[span.start : span.end])
            pos = span.end
        out.extend(self.wording.parts(text[pos:], self.split))
        return _without_stop_chars(list(dict.fromkeys(out)))

    def _parts(self, text: str, acc: _Accumulator) -> list[str]:
        words = acc.parts.get(text)
        if words is None:
            words = acc.parts[text] = self.parts(text, acc.knows)
        return words

    def compile(self, tree, knows: Knows | None = None) -> Compiled:
        """``knows``: whether a word is one of the served index's words, for separable
        verbs told apart (加了三天班 → 加班); None: no such equivalent forms."""
        acc = _Accumulator(knows=knows)
        match = self._node(tree, acc)
        if match is None and acc.question_words:
            # Nothing but question words (什么): then they are what the user wants found.
            acc = _Accumulator(keep_question_words=True, knows=knows)
            match = self._node(tree, acc)
        unique = sorted(set(acc.literals), key=lambda s: (-len(s), s))
        terms = list(dict.fromkeys(acc.terms)) if match is not None else []
        return Compiled(
            match,
            terms,
            unique,
            acc.signals if match is not None else [],
            list(dict.fromkeys(acc.question_words)),
            acc.expansions,
            acc.situation,
        )

    def _node(self, node, acc: _Accumulator) -> object | None:
        if node is None:
            return None
        if isinstance(node, Word):
            return self._word(node, acc)
        if isinstance(node, Or):
            return _any([self._node(c, acc) for c in node.children])
        if isinstance(node, Not):
            excluded = self._node(node.child, _Accumulator(keep_question_words=True))
            return Without(excluded) if excluded is not None else None
        if isinstance(node, And):
            return _all([self._node(c, acc) for c in node.children])
        # The parser builds only the node types above: anything else is our bug, not a
        # bad query, so it is not a QueryError (and never a 400 with an undocumented code).
        raise TypeError(f"unknown query node {type(node).__name__}")

    def _word(self, node: Word, acc: _Accumulator) -> object | None:
        text = normalize(node.text).strip()
        fields = _fields(node)
        if node.phrase:  # quoted: exactly this string, nothing else
            if len(text.split()) > 1:
                # "职工 书屋": its runs adjacent (separated by spaces or punctuation, see
                # literal_match) or written together (职工书屋), one phrase either way.
                forms = [" ".join(text.split()), "".join(text.split())]
                per_field = {
                    f: _any([literal_match(f + "_gram", form) for form in forms]) for f in fields
                }
                acc.signals.append(Signal(per_field.get("title"), per_field.get("body")))
                return _any([self._literal(form, fields, acc, signal=False) for form in forms])
            return self._literal(text, fields, acc, signal=True)
        pieces, dropped = [text], []
        if not acc.keep_question_words:
            pieces, dropped = self.wording.strip_question_words(text)
        acc.question_words.extend(dropped)
        asks = bool(dropped)
        if not asks and not acc.keep_question_words:
            # 公司不让员工加入工会: a situation told in everyday words asks as a question does.
            asks = self.wording.states_situation(self._parts(text, acc))
            acc.situation = acc.situation or asks
        return _all([self._unspaced(p, fields, acc, asks) for p in pieces])

    def _literal(self, text: str, fields: list[str], acc: _Accumulator, signal: bool):
        """``text`` occurring literally in one of ``fields``; its words feed BM25F."""
        whole = {f: literal_match(f + "_gram", text) for f in fields}
        if all(m is None for m in whole.values()):
            return None
        acc.literals.append(text)
        acc.terms.extend((f, w) for w in _without_stop_chars(self.split(text)) for f in fields)
        if signal:
            acc.signals.append(Signal(whole.get("title"), whole.get("body")))
        return _any(list(whole.values()))

    def _alternatives(self, text: str, fields: list[str], acc: _Accumulator) -> object | None:
        """``text`` or any of its equivalent forms, each literally; records the forms."""
        forms = self.variants(text, acc.knows)
        matches = [self._literal(text, fields, acc, signal=False)]
        for form in forms:
            matches.append(_all([self._literal(p, fields, acc, False) for p in form.split()]))
        if forms:
            acc.expansions.append((text, forms))
        return _any(matches)

    def variants(self, text: str, knows: Knows | None = None, ranges: bool = True) -> list[str]:
        """The wording's equivalent forms of ``text`` (``ranges``: see Wording.variants);
        when ``text`` is a separable verb told apart (辞了职), its joined word first and
        that word's own forms (辞职 → 劳动者解除劳动合同 …)."""
        forms = self.wording.variants(text, ranges)
        joined = joined_form(text, knows) if knows is not None else None
        if joined is None:
            return forms
        own = self.wording.variants(joined, ranges)
        return list(dict.fromkeys([joined, *own, *forms]))

    def _unspaced(
        self, text: str, fields: list[str], acc: _Accumulator, in_question: bool = False
    ) -> object | None:
        """A string typed without spaces means that string (or an equivalent form)."""
        strict = self._alternatives(text, fields, acc)
        own = _own_number(text) if "title" in fields else None
        if own is not None:  # the document issued under this number ranks with titles
            strict = _any([strict, own])
        if strict is None:
            return None
        # The word whole, in any of its forms, in the title / in the body: its tiers.
        # A count's ranges are found but do not rank as the word itself (search.count_ranges).
        forms = [text, *self.variants(text, acc.knows, ranges=False)]
        whole = {
            f: _any([_all([literal_match(f + "_gram", p) for p in form.split()]) for form in forms])
            for f in fields
        }
        if own is not None:
            whole["title"] = _any([whole.get("title"), own])
        acc.signals.append(Signal(whole.get("title"), whole.get("body")))
        words = self._parts(text, acc)
        # One word of two characters or more with only stop characters around it (欠薪 of
        # 被欠薪) is the looser form, for when the string occurs nowhere as typed; one
        # character alone (过 of 过了) says too little to stand for the string.
        if not words or words == [text] or len(words) == 1 and len(words[0]) == 1:
            return Choice(text, strict, None, in_question=in_question)
        loose_acc = _Accumulator(knows=acc.knows)
        parts = [(w, self._alternatives(w, fields, loose_acc)) for w in words]
        parts = [(w, m) for w, m in parts if m is not None]
        acc.terms.extend(loose_acc.terms)
        return Choice(
            text,
            strict,
            _all([m for _, m in parts]),
            parts,
            loose_acc.literals,
            loose_acc.expansions,
            in_question,
        )


@dataclass
class _Accumulator:
    literals: list[str] = field(default_factory=list)
    terms: list[tuple[str, str]] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    question_words: list[str] = field(default_factory=list)
    expansions: list[tuple[str, list[str]]] = field(default_factory=list)
    keep_question_words: bool = False
    situation: bool = False
    knows: Knows | None = None
    # A word's parts, cut once per query (a situation is judged by them, then they are
    # the looser form): jieba is most of compiling.
    parts: dict[str, list[str]] = field(default_factory=dict)


def _own_number(text: str) -> Leaf | None:
    """The documents whose 发文字号 is ``text`` (国发[2013]8号, any brackets), if it is one."""
    number = parse_doc_number(text)
    if number is None or normalize(number.text) != text:
        return None
    return Leaf(wq.Term("doc_number", number.text))


def _fields(node: Word) -> list[str]:
    if node.field in ("title", "body"):
        return [node.field]
    return ["title", "body"]


def _without_stop_chars(words: list[str]) -> list[str]:
    return [w for w in words if not (len(w) == 1 and w in STOP_CHARS)]


def literal_match(fieldname: str, text: str) -> object | None:
    """The match tree for ``text`` occurring literally in a gram field."""
    phrases = query_grams(text)
    if not phrases:
        return None
    if len(phrases) == 1:
        grams = phrases[0]
        if len(grams) == 1 and len(grams[0]) == 1:
            return Leaf(wq.Prefix(fieldname, grams[0]))
        if len(grams) == 1:
            return Leaf(wq.Term(fieldname, grams[0]))
        return Leaf(wq.Phrase(fieldname, grams))
    # Several runs: the candidates hold each run's bigrams (or its one character) and, for
    # a run before a separator, its last character alone, the token the index puts at a
    # run's end; the text store confirms that the runs stand one after another and that
    # a run before a separator ends there ("政府，国" is not inside 人民政府和国务院).
    grams_out: list[str] = []
    for i, grams in enumerate(phrases):
        grams_out.extend(grams)
        if len(grams[0]) > 1 and i < len(phrases) - 1:
            grams_out.append(grams[-1][-1])
    last_single = len(phrases[-1]) == 1 and len(phrases[-1][0]) == 1
    runs = tuple(g[0] + "".join(x[-1] for x in g[1:]) for g in phrases)
    return Leaf(RunPhrase(fieldname, tuple(grams_out), runs, last_single))
