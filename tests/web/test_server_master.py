"""gunicorn's master imports what it supervises with, not the app (union_search/server.py):
the Flask app, the search package and Whoosh are imported by each worker after the fork,
so the master's resident memory holds none of them."""

from __future__ import annotations

import json
import subprocess
import sys

from union_search.config import PROJECT_ROOT

# What the master process runs before it forks: the command line, the server module,
# gunicorn's configuration from our options and the worker class loaded from it.
SCRIPT = """
import json, sys
from gunicorn.config import Config
import union_search.cli
from union_search.server import gunicorn_options
from indexer.settings import Settings
cfg = Config()
for key, value in gunicorn_options(Settings.from_env()).items():
    if key in cfg.settings:
        cfg.set(key, value)
worker = cfg.worker_class
print(json.dumps({"worker": worker.__module__ + "." + worker.__name__,
                  "modules": sorted(m.split(".")[0] for m in sys.modules)}))
"""

APP_PACKAGES = ("web", "search", "flask", "whoosh", "jieba", "opencc")


def test_master_imports_no_app():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    report = json.loads(out.stdout)
    assert report["worker"] == "union_search.server.BoundedThreadWorker"
    assert "gunicorn" in report["modules"]
    assert [p for p in APP_PACKAGES if p in report["modules"]] == []
