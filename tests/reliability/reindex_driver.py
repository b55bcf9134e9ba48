"""A real reindex that stops at a named stage, for the crash tests to kill it there.

    python -m tests.reliability.reindex_driver STAGE [--full]

Settings come from the ``UNION_SEARCH_*`` environment, as for ``union-search reindex``.
When the reindex reaches STAGE (see ``indexer.build.ReindexHooks``) the driver writes
``stage: STAGE`` to stderr and blocks reading stdin; the test kills it meanwhile. If
stdin closes instead, the driver exits with status 3 without finishing the reindex.
"""

from __future__ import annotations

import sys

from indexer.build import ReindexHooks, reindex
from indexer.settings import Settings

ANNOUNCE = "stage: "


class StopAt(ReindexHooks):
    def __init__(self, wanted: str):
        self.wanted = wanted

    def stage(self, name: str) -> None:
        if name == self.wanted:
            sys.stderr.write(f"{ANNOUNCE}{name}\n")
            sys.stderr.flush()
            sys.stdin.read()
            raise SystemExit(3)


def main(argv: list[str]) -> int:
    stage, full = argv[0], "--full" in argv[1:]
    reindex(Settings.from_env(), full=full, hooks=StopAt(stage))
    sys.stderr.write(f"reindex finished without reaching {stage}\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
