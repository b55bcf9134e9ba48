"""Plain records that leave the search package: no Whoosh objects cross this line."""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.units import Unit
from search.errors import QUERY_ERROR_CODES
from search.facet_set import FACET_BY_NAME
from search.limits import DEFAULT_PER_PAGE

MATCH_MODES = ("phrase", "any_order")
SPELLINGS = ("auto", "off")
SORTS = ("relevance", "newest", "oldest")


class QueryError(ValueError):
    """A request the searcher will not run; ``code`` is stable, the message is for people."""

    def __init__(self, code: str, message: str):
        if code not in QUERY_ERROR_CODES:
            raise ValueError(f"{code!r} is not a query error code in search/errors.py")
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    years: tuple[int, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    districts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    # "phrase": a word typed without spaces means that string; "any_order": its words
    # anywhere in the document (the looser set).
    match: str = "phrase"
    # "auto": a query whose misspelt words occur nowhere is corrected (and says so);
    # "off": searched exactly as typed (the "仍然搜索" link).
    spelling: str = "auto"

    def selected(self, facet: str) -> tuple:
        return getattr(self, FACET_BY_NAME[facet].request_attr)


@dataclass
class UnitHit:
    """A matching article or section of a hit: where to jump, and what it says."""

    label: str
    anchor: str
    snippet_html: str
    matches: int

    @property
    def snippet(self) -> str:
        """The name the JSON API (and bench/eval.py) use for ``snippet_html``."""
        return self.snippet_html


@dataclass
class Answer:
    """A citation (劳动法第四十四条) answered directly: the article whole, or that it is missing."""

    doc_id: str
    title: str
    date: str | None
    status: str
    cited: str  # the law as the query named it: 劳动法
    label: str  # 第四十四条
    anchor: str | None  # None when the law has no such article
    text: str  # the whole article ("" when missing)

    @property
    def found(self) -> bool:
        return self.anchor is not None

    @property
    def missing(self) -> str | None:
        """What the answer box says when the law has no such article, else None."""
        return None if self.found else f"《{self.cited}》没有{self.label}"


@dataclass(kw_only=True)
class Metadata:
    """What a hit and the document page both say of a document, from its stored fields."""

    id: str
    title: str
    date: str | None
    year: int | None
    district: str
    issuer: str
    doc_type: str
    topics: list[str]
    source_url: str
    level: str = ""
    doc_number: str = ""  # 发文字号
    ocr: bool = False  # the text was recognised from a scan and may hold misreadings


@dataclass(kw_only=True)
class Hit(Metadata):
    title_html: str
    snippet_html: str
    score: float
    units: list[UnitHit] = field(default_factory=list)
    status: str = ""  # 时效性 of a law: 现行有效 已修改 已废止 尚未生效
    # Of the words a relaxed or partial result left out (未包含), those this document does
    # not hold; None when the result left no word out for lack of documents.
    missing: list[str] | None = None


@dataclass
class FacetCount:
    value: str | int
    count: int
    selected: bool
    # Hierarchical facets (district): depth from the top (0) and the enclosing value.
    depth: int = 0
    parent: str | None = None
    # The index term the value stands for (a path such as 黑龙江省/哈尔滨市 for a district).
    key: str = ""


@dataclass(frozen=True)
class Partial:
    complete: int  # documents (after filters) holding every word: listed first
    dropped: list[str]  # words the documents listed after them need not hold


@dataclass
class SearchResult:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]
    took_ms: float
    # Set when the query could not be parsed as written and was read as plain text.
    notice: str | None = None
    # The literal strings highlighted, for carrying the highlight to the document page.
    highlight_terms: list[str] = field(default_factory=list)
    # Words of the query left out: question words, and words dropped because the query
    # found nothing with them (see README, "Questions and everyday wording").
    dropped: list[str] = field(default_factory=list)
    question_words: list[str] = field(default_factory=list)
    # (word, equivalent forms searched as well)
    expansions: list[tuple[str, list[str]]] = field(default_factory=list)
    # (word typed without spaces that occurs nowhere, the words searched instead)
    fallback: list[tuple[str, list[str]]] = field(default_factory=list)
    # True when a word was matched as typed and its words in any order would find more.
    looser_available: bool = False
    # A citation query's article, shown above the list.
    answer: Answer | None = None
    # Did you mean: a near variant of the query that finds many more documents; offered,
    # never run in the query's place.
    suggestion: str | None = None
    # The query run instead of the one typed (a pinyin query read as Chinese words).
    searched_as: str | None = None
    # The corrected query run instead of the one typed, whose misspelt words occur
    # nowhere (search.alternatives); the one typed is a link away (spelling="off").
    corrected: str | None = None
    # Set when the words together found only a few documents and those of a relaxed form
    # follow them (search.relaxation): how many hold every word, and the words the
    # following ones may lack.
    partial: Partial | None = None
    # The district values a question named as places (北京 → 北京市, search.place): their
    # documents first among close relevance, then the national ones; the words not searched.
    places: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        per = self.request.per_page
        return (self.total + per - 1) // per if per else 0

    @property
    def has_next(self) -> bool:
        return self.request.page < self.pages


@dataclass
class Block:
    """One paragraph or heading of the document page, as trusted HTML."""

    tag: str  # p h2 h3 h4
    id: str | None
    html: str


@dataclass
class OutlineEntry:
    depth: int
    label: str
    anchor: str
    matches: int


@dataclass
class Version:
    id: str
    title: str
    date: str | None
    status: str
    current: bool  # the version being shown


@dataclass(kw_only=True)
class DocumentView(Metadata):
    title_html: str
    text: str
    blocks: list[Block]
    marks: int
    attachments: list[str] = field(default_factory=list)  # ids of the files a notice links to
    attached_to: str = ""  # id of the notice this file is attached to
    outline: list[OutlineEntry] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)  # every unit, with offsets into text
    status: str = ""
    versions: list[Version] = field(default_factory=list)  # oldest first
    # The query marked when the search ran another in the one typed's place (its
    # correction or pinyin reading), as its hits are marked; "" otherwise.
    searched_as: str = ""


@dataclass
class IndexStats:
    documents: int
    generation: str | None
    built_at: str | None
    rejected: int
    facets: dict[str, list[FacetCount]]
