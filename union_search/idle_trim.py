"""Give a worker's freed memory back to the OS once it has been idle for a moment.

A request at 100,000 documents makes corpus-sized temporaries (bitsets, lists of document
numbers, decoded stored fields, a CSV export's rows); glibc keeps what they freed inside
its heaps, so a worker's RSS stays at the high-water mark of its largest requests.
``malloc_trim`` returns those pages, but it walks the heaps (tens of ms on a busy
worker's heap, holding the arena's lock) and the next request faults the pages in again:
so it runs only when no request has been in flight for ``delay`` seconds, never between
the requests of a busy worker.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

DELAY = 1.0  # seconds without a request in flight before the worker trims


class IdleTrim:
    """``begin()``/``end()`` around every request; ``run()`` (a daemon thread, ``start``)
    calls ``trim`` once per idle spell that follows a request."""

    def __init__(
        self,
        trim: Callable[[], object],
        delay: float = DELAY,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.trim = trim
        self.delay = delay
        self.clock = clock
        self._cond = threading.Condition()
        self._in_flight = 0
        self._last_end = 0.0
        self._dirty = False  # a request ended since the last trim
        # The thread waits with no deadline (nothing pending): only then must a request's
        # end wake it. While it waits for a deadline it finds the later end itself when
        # the deadline comes, so a busy worker's requests wake it about once a delay,
        # not once each.
        self._unbounded = True

    def begin(self) -> None:
        with self._cond:
            self._in_flight += 1

    def end(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._last_end = self.clock()
            self._dirty = True
            if self._unbounded:
                self._cond.notify()

    def wait_due(self, now: float) -> float | None:
        """Seconds to wait before a trim may be due; 0 if it is due now, None if nothing
        is pending (no request ended since the last trim, or one is in flight)."""
        if not self._dirty or self._in_flight:
            return None
        return max(0.0, self._last_end + self.delay - now)

    def run(self) -> None:
        while True:
            with self._cond:
                while (wait := self.wait_due(self.clock())) != 0:
                    self._unbounded = wait is None
                    self._cond.wait(wait)
                self._dirty = False
            self.trim()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="idle-trim", daemon=True)
        thread.start()
        return thread
