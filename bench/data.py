"""Benchmark data: the real laws corpus, and a larger corpus recombined from real paragraphs.

Nothing here is written into the repository: callers pass a temporary folder.
"""

from __future__ import annotations

import bisect
import multiprocessing as mp
import os
import random
import re
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

from union_search.config import PROJECT_ROOT

# The team's shared folder sits beside the repository; UNION_SEARCH_BENCH_LAWS overrides.
LAWS_TARBALL = Path(
    os.environ.get("UNION_SEARCH_BENCH_LAWS")
    or PROJECT_ROOT.parent / "shared" / "bench-corpus" / "laws.tar.xz"
)
SHIPPED_DOCS = PROJECT_ROOT / "corpus" / "docs"

# A paragraph unit is consecutive lines of one source merged up to this many characters
# (law articles are ~60 characters a line; an article with its items is a paragraph).
UNIT_MIN_CHARS = 150
UNIT_MAX_CHARS = 1200
# Share of synthetic documents built from the shipped union corpus rather than the laws.
UNION_SHARE = 0.3

HARBIN_DISTRICTS = (
    "南岗区",
    "道里区",
    "香坊区",
    "道外区",
    "松北区",
    "平房区",
    "呼兰区",
    "阿城区",
    "双城区",
    "五常市",
    "尚志市",
    "巴彦县",
    "宾县",
    "依兰县",
    "延寿县",
    "木兰县",
    "通河县",
    "方正县",
)
PROVINCES = (
    "黑龙江省",
    "北京市",
    "上海市",
    "广东省",
    "浙江省",
    "山东省",
    "河南省",
    "江苏省",
    "重庆市",
    "四川省",
    "湖北省",
    "辽宁省",
    "吉林省",
    "天津市",
    "福建省",
    "内蒙古自治区",
)
KINDS = (
    ("union_news", 30),
    ("union_work_report", 12),
    ("union_work_summary", 8),
    ("local_regulation", 15),
    ("department_rule", 10),
    ("law", 6),
    ("judicial_interpretation", 4),
    ("case_summary", 8),
    ("government_work_report", 7),
)
YEARS = range(1995, 2027)

_HEADER_LINE = re.compile(r"^[a-z_]+:\s")


@dataclass
class CorpusInfo:
    path: Path
    files: int
    bytes: int
    description: str


def unpack_laws(dest: Path, sample: int | None = None, seed: int = 1) -> CorpusInfo:
    """Unpack laws.tar.xz into ``dest``; with ``sample``, keep a seeded sample of files."""
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(LAWS_TARBALL) as tar:
        tar.extractall(dest, filter="data")
    root = dest / "laws"
    files = sorted(root.rglob("*.md"))
    if sample is not None and sample < len(files):
        keep = set(random.Random(seed).sample(files, sample))
        for f in files:
            if f not in keep:
                f.unlink()
        files = sorted(keep)
    size = sum(f.stat().st_size for f in files)
    what = "real Chinese laws and regulations (LawRefBook/Laws), unmodified Markdown"
    if sample is not None:
        what += f"; seeded sample of {len(files)}"
    return CorpusInfo(root, len(files), size, what)


# -- the recombined scale corpus ------------------------------------------------


@dataclass
class SourceText:
    title: str
    units: list[str]


def _strip_header(text: str) -> tuple[dict[str, str], str]:
    """Split a corpus/README.md header block off a plain-text document."""
    lines = text.splitlines()
    if not lines or not _HEADER_LINE.match(lines[0]):
        return {}, text
    header: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            return header, "\n".join(lines[i + 1 :])
        key, _, value = line.partition(":")
        header[key.strip()] = value.strip()
    return header, ""


def _read_source(path: Path) -> SourceText | None:
    if path.suffix not in {".md", ".txt"}:
        return None
    text = path.read_text("utf-8", errors="replace")
    header, text = _strip_header(text)
    title = header.get("title", "")
    if "<!-- INFO END -->" in text:
        head, text = text.split("<!-- INFO END -->", 1)
        title = title or next(
            (ln.lstrip("#").strip() for ln in head.splitlines() if ln.startswith("#")), ""
        )
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#"):
            title = title or line.lstrip("#").strip()
            continue
        if len(line) >= 8:
            lines.append(line[:UNIT_MAX_CHARS])
    title = title or path.stem
    units, current, size = [], [], 0
    for line in lines:
        current.append(line)
        size += len(line)
        if size >= UNIT_MIN_CHARS:
            units.append("\n".join(current))
            current, size = [], 0
    if current and size >= UNIT_MIN_CHARS // 3:
        units.append("\n".join(current))
    return SourceText(re.sub(r"[(（]\d{4}-\d\d-\d\d[)）]$", "", title), units) if units else None


def load_sources(roots: list[Path]) -> list[SourceText]:
    sources = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and (src := _read_source(path)) is not None:
                sources.append(src)
    return sources


class _Weighted:
    """Seeded draws from a skewed distribution (bisect over cumulative weights)."""

    def __init__(self, items: list, weights: list[float]):
        self.items = items
        self.cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


def _zipf(items, s: float = 1.0) -> _Weighted:
    items = list(items)
    return _Weighted(items, [1 / (i + 1) ** s for i in range(len(items))])


def _place_of(rng: random.Random, districts: _Weighted, provinces: _Weighted) -> tuple[str, str]:
    """(region header, district) with a skewed spread: Harbin, provinces, 全国."""
    r = rng.random()
    if r < 0.40:
        d = districts.draw(rng)
        return f"哈尔滨市{d}", d
    if r < 0.50:
        return "哈尔滨市", "哈尔滨市"
    if r < 0.80:
        p = provinces.draw(rng)
        return p, p
    return "全国", "全国"


def _issuer(rng: random.Random, region: str, kind: str) -> str:
    if region == "全国":
        return rng.choice(("中华全国总工会", "国务院", "人力资源社会保障部", "全国人大常委会"))
    if kind.startswith("union"):
        return f"{region}总工会"
    if kind == "local_regulation":
        return f"{region}人民代表大会常务委员会"
    return f"{region}人民政府"


def make_scale_corpus(dest: Path, n: int, laws_root: Path, seed: int = 7) -> CorpusInfo:
    """Write ``n`` synthetic .txt documents recombined from real paragraphs.

    Each document: a header block (title, date, issuer, region, district, kind) and 2-6
    real paragraph units drawn from random source documents; the title is a real title,
    sometimes prefixed by its region. 30 % draw from the shipped union corpus, the rest
    from the laws corpus. Deterministic for a given seed and sources.
    """
    rng = random.Random(seed)
    laws = load_sources([laws_root])
    union = load_sources([SHIPPED_DOCS])
    districts = _zipf(HARBIN_DISTRICTS, 0.8)
    provinces = _zipf(PROVINCES, 1.0)
    years = _Weighted(list(YEARS), [1 + (y - YEARS[0]) ** 1.5 for y in YEARS])
    kinds = _Weighted([k for k, _ in KINDS], [w for _, w in KINDS])
    dest.mkdir(parents=True, exist_ok=True)
    total_bytes = 0
    for i in range(n):
        pool = union if rng.random() < UNION_SHARE else laws
        title_src = rng.choice(pool)
        region, district = _place_of(rng, districts, provinces)
        kind = kinds.draw(rng)
        year = years.draw(rng)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = title_src.title
        if region != "全国" and rng.random() < 0.5 and not title.startswith(region[:2]):
            title = region.removeprefix("哈尔滨市") + title if "区" in region else region + title
        paras = []
        for _ in range(rng.randint(2, 6)):
            src = title_src if not paras else rng.choice(pool)
            paras.append(rng.choice(src.units))
        header = (
            f"title: {title}\ndate: {date}\nissuer: {_issuer(rng, region, kind)}\n"
            f"region: {region}\ndistrict: {district}\nkind: {kind}\n\n"
        )
        text = header + "\n\n".join(paras) + "\n"
        folder = dest / f"{i // 1000:03d}"
        if i % 1000 == 0:
            folder.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"doc-{i:06d}.txt").write_bytes(data)
        total_bytes += len(data)
    what = (
        f"{n:,} synthetic documents recombined from real paragraphs of the laws corpus "
        f"({len(laws):,} sources) and corpus/docs ({len(union):,} sources), seed {seed}"
    )
    return CorpusInfo(dest, n, total_bytes, what)


# -- extracted text, shared by the jieba bound, the naive baseline and the queries -------


@dataclass
class ExtractedDoc:
    id: str
    title: str
    body: str
    year: int | None
    district: str
    topics: list[str]
    doc_type: str = ""

    @property
    def chars(self) -> int:
        return len(self.title) + len(self.body)


_extract_root: Path | None = None
_extract_resources = None


def _extract_one(path: Path) -> ExtractedDoc | None:
    from indexer.document import Rejected
    from indexer.extract import extract_document

    try:
        doc = extract_document(path, _extract_root, _extract_resources)
    except Rejected:
        return None
    return ExtractedDoc(
        doc.id,
        doc.title or "",
        doc.body or "",
        doc.year,
        doc.district,
        list(doc.topics),
        doc.doc_type,
    )


def extract_all(root: Path, resources_dir: Path, jobs: int = 2) -> list[ExtractedDoc]:
    """Extract every document under ``root`` exactly as the indexer does (sorted by id)."""
    from indexer.build import scan_corpus
    from indexer.resources import load_resources

    global _extract_root, _extract_resources
    _extract_root, _extract_resources = root, load_resources(resources_dir)
    sources, _ = scan_corpus(root, 20 * 1024 * 1024)
    paths = [s.path for s in sources]
    with mp.get_context("fork").Pool(jobs) as pool:
        docs = pool.map(_extract_one, paths, chunksize=64)
    return [d for d in docs if d is not None]


def copy_tree(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest, dirs_exist_ok=True)
