"""The records that cross the indexer's boundary."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Document:
    id: str  # path relative to the corpus root, with forward slashes: stable across reindexes
    title: str
    body: str
    date: str | None = None  # ISO YYYY-MM-DD when known
    year: int | None = None
    issuer: str = ""
    district: str = ""
    # The district's ancestors then the district (黑龙江省, 哈尔滨市, 南岗区); see
    # indexer.districts.
    district_path: list[str] = field(default_factory=list)
    doc_type: str = ""
    topics: list[str] = field(default_factory=list)
    source_url: str = ""
    content_hash: str = ""
    doc_number: str = ""  # 发文字号, standard form: 国发〔2013〕8号
    attachments: list[str] = field(default_factory=list)  # ids of files a notice links to
    attached_to: str = ""  # id of the notice that links to this file
    ocr: bool = False  # the body was recognised from page images and may hold misreadings
    # The corpus file the document came from, when that is not its id (a web archive's
    # pages have their URI as id): a changed or removed file takes all of them along.
    source_file: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


class Rejected(Exception):
    """A file that cannot become a Document; ``reason`` says why in one line."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Rejection:
    path: str
    reason: str
