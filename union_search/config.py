"""One configuration object for every part of union-search.

Values come from, in rising precedence: the defaults below, environment variables
(``UNION_SEARCH_*``), then command-line flags (applied by the CLI with ``replace``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from indexer.sizes import DEFAULT_MAX_FILE_BYTES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The shipped corpus folder holds both the documents (docs/) and the resources
# that shape analysis: topic taxonomy, union-term dictionary, synonyms, gazetteer.
DEFAULT_RESOURCES = PROJECT_ROOT / "corpus"


@dataclass(frozen=True)
class Config:
    corpus_dir: Path = DEFAULT_RESOURCES / "docs"
    resources_dir: Path = DEFAULT_RESOURCES
    index_dir: Path = PROJECT_ROOT / "var" / "index"
    host: str = "127.0.0.1"
    port: int = 5000
    workers: int = 2
    threads: int = 4
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    # Bounds that keep one hostile query from costing unbounded work.
    max_query_chars: int = 500
    max_query_terms: int = 32
    max_page: int = 1000
    reindex_jobs: int = 0  # 0 = one per core

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> Config:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"UNION_SEARCH_{f.name.upper()}")
            if raw is None and f.name.endswith("_dir"):
                raw = env.get(f"UNION_SEARCH_{f.name[:-4].upper()}")
            if raw is not None and raw != "":
                values[f.name] = _convert(f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        config = cls(**values)
        return config.with_paths_resolved()

    def with_paths_resolved(self) -> Config:
        return replace(
            self,
            corpus_dir=Path(self.corpus_dir).expanduser().absolute(),
            resources_dir=Path(self.resources_dir).expanduser().absolute(),
            index_dir=Path(self.index_dir).expanduser().absolute(),
        )

    @property
    def jobs(self) -> int:
        return self.reindex_jobs or (os.cpu_count() or 1)


def _convert(type_name: object, raw: str) -> object:
    name = type_name if isinstance(type_name, str) else getattr(type_name, "__name__", "")
    if name == "int":
        return int(raw)
    if name == "Path":
        return Path(raw)
    return raw
