"""The corpus resource files (gazetteer, topic taxonomy, union dictionary, synonyms).

They are read once per indexing run by :func:`load_resources` and the resulting
:class:`CorpusResources` is handed to every extraction, so no extraction re-reads a file.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer.topic_matcher import TopicMatcher

GAZETTEER_FILE = "gazetteer.toml"
TOPICS_FILE = "topics.toml"
UNION_DICT_FILE = "union_terms.dict"
SYNONYMS_FILE = "synonyms.txt"


@dataclass(frozen=True)
class Topic:
    name: str
    keywords: dict[str, float]  # keyword -> weight (1 ordinary, 2 strong, 3 defining)


@dataclass(frozen=True)
class Gazetteer:
    home_city: str = "哈尔滨市"
    home_province: str = "黑龙江省"
    national: str = "全国"
    national_bodies: tuple[str, ...] = ()
    districts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 南岗区 -> (南岗,)
    provinces: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 上海市 -> (上海,)
    cities: dict[str, str] = field(default_factory=dict)  # 青岛市 -> 山东省


@dataclass(frozen=True)
class CorpusResources:
    resources_dir: Path
    gazetteer: Gazetteer
    topics: tuple[Topic, ...]
    union_dict_path: Path  # jieba user dictionary; may not exist before the first build
    synonyms_path: Path
    synonyms: tuple[tuple[str, ...], ...]  # groups; the last term is the canonical form

    @cached_property
    def topic_matcher(self) -> TopicMatcher:
        """The topics' keywords in one automaton, built on first use in each process."""
        from indexer.topic_matcher import TopicMatcher  # it imports Topic from here

        return TopicMatcher(self.topics)


def load_resources(resources_dir: Path) -> CorpusResources:
    """Read every resource file under ``resources_dir`` (missing optional files = empty)."""
    resources_dir = Path(resources_dir)
    synonyms_path = resources_dir / SYNONYMS_FILE
    return CorpusResources(
        resources_dir=resources_dir,
        gazetteer=load_gazetteer(resources_dir / GAZETTEER_FILE),
        topics=load_topics(resources_dir / TOPICS_FILE),
        union_dict_path=resources_dir / UNION_DICT_FILE,
        synonyms_path=synonyms_path,
        synonyms=load_synonyms(synonyms_path),
    )


def load_gazetteer(path: Path) -> Gazetteer:
    if not path.is_file():
        return Gazetteer()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Gazetteer(
        home_city=data.get("home_city", "哈尔滨市"),
        home_province=data.get("home_province", "黑龙江省"),
        national=data.get("national", "全国"),
        national_bodies=tuple(data.get("national_bodies", ())),
        districts={k: tuple(v) for k, v in data.get("districts", {}).items()},
        provinces={k: tuple(v) for k, v in data.get("provinces", {}).items()},
        cities=dict(data.get("cities", {})),
    )


def load_topics(path: Path) -> tuple[Topic, ...]:
    if not path.is_file():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    topics = []
    for name, table in data.items():
        keywords = {str(k): float(w) for k, w in table.get("keywords", {}).items()}
        topics.append(Topic(name=name, keywords=keywords))
    return tuple(topics)


def load_synonyms(path: Path) -> tuple[tuple[str, ...], ...]:
    """Parse ``a = b = c`` lines; ``#`` starts a comment."""
    if not path.is_file():
        return ()
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        terms = tuple(t.strip() for t in line.split("=") if t.strip())
        if len(terms) >= 2:
            groups.append(terms)
    return tuple(groups)


def dict_hash(data: bytes) -> str:
    """The identity of a union dictionary's content: sha256, or "" when there is none.

    The index records it so that a changed dictionary, which changes tokenisation, is
    noticed: by the next reindex (a full rebuild) and by searchers (a new Analyzer).
    """
    return hashlib.sha256(data).hexdigest() if data else ""


def union_dict_hash(resources_dir: Path) -> str:
    """``dict_hash`` of the union dictionary in ``resources_dir``."""
    path = Path(resources_dir) / UNION_DICT_FILE
    return dict_hash(path.read_bytes()) if path.is_file() else ""
