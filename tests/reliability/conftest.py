"""Shared helpers for the reliability tests: a real `union-search serve` subprocess,
raw HTTP over loopback, the OpenAPI document's schemas (checked with jsonschema), and a
fingerprint of an index folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.openapi_schema import assert_matches  # noqa: F401  (re-exported)
from tests.serving import (  # noqa: F401  (re-exported for the reliability tests)
    CHROMIUM,
    CHROMIUM_ARGS,
    METHODS,
    cli_env,
    free_port,
    request,
    run_cli,
    running_server,
    wait_ready,
)

# -- the app in-process ----------------------------------------------------------


@pytest.fixture(scope="session")
def openapi(shipped_app) -> dict:
    resp = shipped_app.test_client().get("/openapi.json")
    assert resp.status_code == 200
    return resp.get_json()


# -- an index folder's fingerprint --------------------------------------------------


def tree_state(root: Path) -> dict[str, tuple[int, int] | str]:
    """Every entry under ``root``: files → (size, mtime_ns), folders → "dir"."""
    state: dict[str, tuple[int, int] | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            state[os.path.relpath(os.path.join(dirpath, d), root)] = "dir"
        for f in filenames:
            st = os.stat(os.path.join(dirpath, f))
            state[os.path.relpath(os.path.join(dirpath, f), root)] = (st.st_size, st.st_mtime_ns)
    return state
