"""Progress for long reindexes: a bar on a terminal, periodic plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(
        self,
        total: int,
        label: str = "indexing",
        stream: TextIO | None = None,
        interval: float = 2.0,
    ):
        self.total = max(total, 0)
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.interval = interval
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.tty and now - self._last >= 0.1:
            self._last = now
            self._draw_bar(now)
        elif not self.tty and (now - self._last >= self.interval or self.done == self.total):
            self._last = now
            self.stream.write(
                f"{self.label}: {self.done}/{self.total} files "
                f"({self._percent():.0f}%) {now - self.started:.1f}s\n"
            )
            self.stream.flush()

    def finish(self) -> None:
        if self.tty and self.total:
            self._draw_bar(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    def _percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 100.0

    def _draw_bar(self, now: float) -> None:
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate else 0.0
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done}/{self.total} {self._percent():3.0f}% "
            f"eta {eta:4.0f}s"
        )
        self.stream.flush()
