"""A worker gives its freed memory back once idle (union_search/idle_trim.py,
union_search/malloc_tuning.py): when a trim is due, that it runs after a request, and
that glibc's malloc_trim really returns a freed heap's pages."""

from __future__ import annotations

import ctypes.util
import platform
import queue
import subprocess
import sys
import threading

import pytest

from union_search.idle_trim import IdleTrim


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_trim_is_due_only_after_an_idle_delay():
    clock = Clock()
    idle = IdleTrim(lambda: None, delay=1.0, clock=clock)
    assert idle.wait_due(clock.now) is None  # nothing served yet
    idle.begin()
    idle.begin()
    idle.end()
    assert idle.wait_due(clock.now) is None  # one request still in flight
    idle.end()
    assert idle.wait_due(clock.now) == 1.0
    clock.now += 0.4
    assert idle.wait_due(clock.now) == pytest.approx(0.6)
    idle.begin()  # a new request before the delay: not idle any more
    clock.now += 5
    assert idle.wait_due(clock.now) is None
    idle.end()
    assert idle.wait_due(clock.now) == 1.0  # counted from the last request's end
    clock.now += 1.0
    assert idle.wait_due(clock.now) == 0


def test_the_thread_trims_once_per_idle_spell():
    trimmed = threading.Semaphore(0)
    idle = IdleTrim(trimmed.release, delay=0.0)
    idle.start()
    for _ in range(2):
        idle.begin()
        idle.end()
        assert trimmed.acquire(timeout=10)
    with idle._cond:  # nothing pending once trimmed: the thread waits for a request
        assert idle.wait_due(idle.clock()) is None


class CountingCondition(threading.Condition):
    """A condition that counts its notifications and reports each wait's timeout."""

    def __init__(self) -> None:
        super().__init__()
        self.notified = 0
        self.waits: queue.Queue[float | None] = queue.Queue()

    def notify(self, n: int = 1) -> None:
        self.notified += 1
        super().notify(n)

    def wait(self, timeout: float | None = None) -> bool:
        self.waits.put(timeout)  # under the lock: the thread is waiting once it is released
        return super().wait(timeout)


def test_requests_ending_before_a_due_trim_do_not_wake_the_thread():
    idle = IdleTrim(lambda: None, delay=3600.0)
    cond = idle._cond = CountingCondition()
    idle.start()
    assert cond.waits.get(timeout=10) is None  # nothing served: it waits for a request
    idle.begin()
    idle.end()
    assert cond.waits.get(timeout=10) == pytest.approx(3600.0, abs=60)  # woken: a trim due
    for _ in range(50):
        idle.begin()
        idle.end()
    with cond:
        # It finds the later ends when its deadline comes; waking it for each would
        # cost a busy worker a thread switch per request.
        assert cond.notified == 1
        assert idle.wait_due(idle.clock()) == pytest.approx(3600.0, abs=60)


RELEASE = """
from union_search.malloc_tuning import release_free_memory
def anon_kib():
    with open("/proc/self/status") as f:
        return int(next(ln for ln in f if ln.startswith("RssAnon:")).split()[1])
blocks = [bytearray(2000) for _ in range(50_000)]  # ~100 MB inside glibc's heap
kept = blocks[-1]  # the heap's top stays in use, so free() alone returns nothing
del blocks
before = anon_kib()
assert release_free_memory()
print(before, anon_kib())
"""


glibc_only = pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc" or ctypes.util.find_library("c") is None,
    reason="malloc_trim is glibc's",
)


def _run_fresh(code: str) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter: what it prints."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)


@glibc_only
def test_release_free_memory_returns_a_freed_heap():
    out = _run_fresh(RELEASE)
    before, after = map(int, out.stdout.split())
    assert before - after > 50 * 1024  # KiB: most of the ~100 MB freed


# In a fresh process: after the first trim, later ones start no subprocess.
LOOKED_UP_ONCE = """
import subprocess
from union_search.malloc_tuning import release_free_memory
assert release_free_memory()
def refuse(*args, **kwargs):
    raise RuntimeError("a subprocess was started")
subprocess.Popen = refuse
assert release_free_memory()
print("ok")
"""


@glibc_only
def test_an_idle_trim_looks_the_c_library_up_once():
    # find_library runs `ldconfig -p` in a subprocess (a fork of the worker): an idle
    # trim did it on every idle spell.
    out = _run_fresh(LOOKED_UP_ONCE)
    assert out.stdout.strip() == "ok"
