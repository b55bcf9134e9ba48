"""A real reindex that stops at a named stage, for the crash tests to kill it there.

    python -m tests.reliability.reindex_driver STAGE [--full] [--resume]

Settings come from the ``UNION_SEARCH_*`` environment, as for ``union-search reindex``.
When the reindex reaches STAGE (see ``indexer.build.ReindexHooks``) the driver writes
``stage: STAGE`` to stderr and blocks reading stdin; the test kills it meanwhile. If
stdin closes instead, the driver exits with status 3 without finishing the reindex.
With ``--resume`` a line on stdin lets the reindex go on to the end instead (status 0),
so a test can hold a real reindex at a stage until something it waits for has happened.
"""

from __future__ import annotations

import sys

from indexer.build import ReindexHooks, reindex
from indexer.settings import Settings

ANNOUNCE = "stage: "


class StopAt(ReindexHooks):
    def __init__(self, wanted: str, resume: bool = False):
        self.wanted, self.resume, self.reached = wanted, resume, False

    def stage(self, name: str) -> None:
        if name == self.wanted:
            self.reached = True
            sys.stderr.write(f"{ANNOUNCE}{name}\n")
            sys.stderr.flush()
            if self.resume and sys.stdin.readline():
                return
            sys.stdin.read()
            raise SystemExit(3)


def main(argv: list[str]) -> int:
    stage, full, resume = argv[0], "--full" in argv[1:], "--resume" in argv[1:]
    hooks = StopAt(stage, resume)
    reindex(Settings.from_env(), full=full, hooks=hooks)
    if hooks.reached:
        return 0
    sys.stderr.write(f"reindex finished without reaching {stage}\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
