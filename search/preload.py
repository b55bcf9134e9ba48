"""Work done ahead, in the background, so that no user's request pays for it unless it
comes first (and then it only waits for the rest)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


def in_background(name: str, work: Callable[[], object]) -> threading.Event:
    """Run ``work`` in a daemon thread; the event is set once it has finished. A failure
    is logged, not raised: whoever needs the result builds it again (and sees the
    error)."""
    done = threading.Event()

    def run() -> None:
        try:
            work()
        except Exception:
            log.exception("%s failed in the background; it is built on first use", name)
        finally:
            done.set()

    threading.Thread(target=run, name=name, daemon=True).start()
    return done
