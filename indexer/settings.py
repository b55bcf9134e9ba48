"""Settings: the paths and limits every part of union-search runs with.

The bottom of the package stack (``indexer < search < web < union_search``), so the core
packages take a ``Settings`` instead of importing the CLI's configuration. The CLI and the
web app factory build it with :meth:`Settings.from_env`: defaults, then environment
variables (``UNION_SEARCH_*``), then explicit overrides (command-line flags).

Default paths are relative to the current directory (``corpus/docs``, ``corpus``,
``var/index``), so they mean the same from a source checkout and from an installed
package; :meth:`Settings.require` turns a missing folder into one line naming the
setting that chooses it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from indexer.sizes import DEFAULT_FLUSH_MB, DEFAULT_MAX_FILE_BYTES

ENV_PREFIX = "UNION_SEARCH_"


class SettingsError(Exception):
    """A setting points at something unusable; the message is one line for the user."""


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("corpus/docs")
    # The corpus folder holds the resources that shape analysis: topic taxonomy,
    # union-term dictionary, synonyms, gazetteer.
    resources_dir: Path = Path("corpus")
    index_dir: Path = Path("var/index")
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
    flush_mb: int = DEFAULT_FLUSH_MB  # postings a reindex writer holds before a segment
    ocr: bool = False  # read scanned PDFs by OCR while reindexing (seconds a page)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> Settings:
        """Defaults < ``UNION_SEARCH_<NAME>`` (``UNION_SEARCH_CORPUS`` for corpus_dir …) <
        ``overrides`` that are not None; paths made absolute."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(env_name(f.name))
            if raw is None and f.name.endswith("_dir"):
                raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _convert(f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).with_paths_resolved()

    def with_paths_resolved(self) -> Settings:
        return replace(
            self,
            corpus_dir=Path(self.corpus_dir).expanduser().absolute(),
            resources_dir=Path(self.resources_dir).expanduser().absolute(),
            index_dir=Path(self.index_dir).expanduser().absolute(),
        )

    @property
    def jobs(self) -> int:
        return self.reindex_jobs or (os.cpu_count() or 1)

    @property
    def cache_dir(self) -> Path:
        """Where jieba keeps its dictionary cache (beside the index generations)."""
        return self.index_dir / "cache"

    def require(self, *names: str) -> None:
        """Raise SettingsError, naming the setting, when a folder setting is missing."""
        for name in names:
            path = Path(getattr(self, name))
            if not path.is_dir():
                label = name.removesuffix("_dir")
                flag = _FLAGS.get(name)
                how = env_name(name) + (f" or {flag}" if flag else "")
                raise SettingsError(f"{label} folder not found: {path} (set {how})")


# The command-line flags that set a folder, for error messages.
_FLAGS = {"corpus_dir": "--corpus", "index_dir": "--index"}


def env_name(field_name: str) -> str:
    """The environment variable of a setting: UNION_SEARCH_CORPUS for corpus_dir."""
    return ENV_PREFIX + field_name.removesuffix("_dir").upper()


def _convert(type_name: object, raw: str) -> object:
    name = type_name if isinstance(type_name, str) else getattr(type_name, "__name__", "")
    if name == "int":
        return int(raw)
    if name == "Path":
        return Path(raw)
    if name == "bool":
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return raw
