"""The CLI's view of the settings: ``indexer.settings.Settings`` is the one definition.

``Settings.from_env`` reads defaults, then ``UNION_SEARCH_*`` environment variables, then
the command-line flags the CLI passes as overrides. ``Config`` is kept as another name for
``Settings`` for code written against it.
"""

from __future__ import annotations

from pathlib import Path

from indexer.settings import Settings, SettingsError, env_name

Config = Settings

# The source checkout (for tests and benchmarks run from it; never a default at run time).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESOURCES = PROJECT_ROOT / "corpus"

__all__ = ["Config", "DEFAULT_RESOURCES", "PROJECT_ROOT", "Settings", "SettingsError", "env_name"]
