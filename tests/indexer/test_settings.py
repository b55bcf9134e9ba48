"""Settings: defaults, environment, flags; missing folders named in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.settings import Settings, SettingsError
from tests.serving import run_cli


def test_environment_then_overrides(tmp_path):
    env = {
        "UNION_SEARCH_CORPUS": str(tmp_path / "docs"),
        "UNION_SEARCH_INDEX_DIR": str(tmp_path / "ix"),
        "UNION_SEARCH_MAX_PAGE": "7",
    }
    s = Settings.from_env(env, max_page=None, port=8080)
    assert s.corpus_dir == tmp_path / "docs"
    assert s.index_dir == tmp_path / "ix"
    assert s.cache_dir == tmp_path / "ix" / "cache"
    assert (s.max_page, s.port) == (7, 8080)
    assert Settings.from_env(env, max_page=3).max_page == 3


def test_default_paths_are_relative_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = Settings.from_env({})
    assert s.corpus_dir == tmp_path / "corpus" / "docs"
    assert s.resources_dir == tmp_path / "corpus"
    assert s.index_dir == tmp_path / "var" / "index"


def test_a_missing_folder_names_its_setting(tmp_path):
    (tmp_path / "docs").mkdir()
    s = Settings.from_env({}, corpus_dir=tmp_path / "docs", resources_dir=tmp_path / "res")
    s.require("corpus_dir")
    with pytest.raises(SettingsError) as e:
        s.require("corpus_dir", "resources_dir")
    assert str(e.value) == (
        f"resources folder not found: {tmp_path / 'res'} (set UNION_SEARCH_RESOURCES)"
    )


def test_reindex_outside_a_checkout_says_which_setting_to_set(tmp_path):
    # Run from an empty folder, as an installed package would be: the default corpus
    # folder is ./corpus/docs, which is missing.
    done = run_cli("reindex", cwd=tmp_path, timeout=120)
    assert done.returncode == 1
    missing = Path(tmp_path).resolve() / "corpus" / "docs"
    assert done.stderr.splitlines() == [
        f"union-search reindex: corpus folder not found: {missing} "
        "(set UNION_SEARCH_CORPUS or --corpus)"
    ]
