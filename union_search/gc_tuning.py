"""Python's cyclic garbage collector in a server worker: long-lived objects frozen out of
its scans, and fewer young collections.

A worker holds ~70,000 container objects that live as long as the index generation does
(Whoosh readers, the app, imported code, the derived tables). CPython 3.11 scans all of
them on every full (generation-2) collection, which requests trigger every ~100 of them
under load: ~35 ms of CPU each on the laws, holding the GIL, so every thread of the
worker waits. ``gc.freeze()`` moves what exists once the generation is loaded into the
permanent generation, which collections skip. Frozen objects are still freed by reference
counting; only cycles among them would stay, so when the served generation changes the
worker unfreezes, collects (the old generation's cycles) and freezes again, once idle.

Young collections: the default threshold (700 allocations) ran about one per request,
each re-scanning the in-flight requests' live objects and promoting them towards the
long-lived generation; 10,000 makes them ~60× rarer for a few MB of garbage at most
(bench/PERFORMANCE-LOG.md, The server under load).
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

YOUNG_THRESHOLD = 10_000  # allocations between young collections (CPython's default: 700)


def tune_thresholds() -> None:
    """Rarer young collections; the older generations' ratios stay CPython's."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)


def freeze_long_lived() -> int:
    """Collect, then freeze everything alive now out of future collections (what was
    frozen before is collected again first). Returns how many objects are frozen."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


class GenerationFreezer:
    """Freezes a worker's long-lived objects once the searcher's served generation is
    loaded, and again after it changes. ``searcher`` needs ``prepare()``,
    ``wait_preloaded(timeout)`` and ``store.current_token()`` (search.Searcher)."""

    def __init__(
        self,
        searcher,
        on_frozen: Callable[[int, str | None], object] | None = None,
        load_timeout: float = 300.0,
    ):
        self.searcher = searcher
        self.on_frozen = on_frozen  # (objects frozen, generation token)
        self.load_timeout = load_timeout
        self.frozen_token: str | None = None
        self.frozen = threading.Event()  # set after each freeze
        self._lock = threading.Lock()

    def freeze_when_loaded(self) -> threading.Thread:
        """In a daemon thread: wait for the generation's vocabulary and completions
        (loading in the background since the app started), then freeze."""
        thread = threading.Thread(target=self._first, name="gc-freeze", daemon=True)
        thread.start()
        return thread

    def _first(self) -> None:
        token = self.searcher.store.current_token()
        try:
            self.searcher.prepare()
            self.searcher.wait_preloaded(self.load_timeout)
        except Exception:  # no index yet, or a broken one: freeze what is loaded
            log.info("gc freeze: the index is not loaded; freezing what is", exc_info=True)
            token = None
        self._freeze(token)

    def refreeze_if_changed(self) -> bool:
        """When idle: if the served generation changed since the last freeze and its
        preload is done, freeze again (freeing the old generation's cycles first)."""
        token = self.searcher.store.current_token()
        if token is None or token == self.frozen_token or not self.frozen.is_set():
            return False
        try:
            loaded = self.searcher.wait_preloaded(0)
        except Exception:
            return False
        if not loaded:
            return False  # next idle spell
        self._freeze(token)
        return True

    def _freeze(self, token: str | None) -> None:
        with self._lock:
            count = freeze_long_lived()
            self.frozen_token = token
        self.frozen.set()
        if self.on_frozen is not None:
            self.on_frozen(count, token)
