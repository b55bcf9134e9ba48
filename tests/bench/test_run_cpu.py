"""bench/measure.run_with_peak reports the CPU of the process tree it ran, a forked
child's included (the reindex's workers are such children)."""

from __future__ import annotations

import sys

from bench.measure import run_with_peak

# The child forks a grandchild that spins until it has used CHILD_CPU seconds of CPU,
# waits for it, then prints its own CPU time (its parent's share, the grandchild's apart).
CHILD_CPU = 0.3
SCRIPT = f"""
import os, time
pid = os.fork()
if pid == 0:
    while time.process_time() < {CHILD_CPU}:
        pass
    os._exit(0)
os.waitpid(pid, 0)
print(time.process_time())
"""


def test_cpu_counts_the_forked_grandchild():
    r = run_with_peak([sys.executable, "-c", SCRIPT])
    assert r.returncode == 0
    own = float(r.stdout)
    # The grandchild's CPU is in the tree's: the child's own alone would fall short.
    assert r.cpu >= own + CHILD_CPU
    assert r.wall > 0


def test_failing_command_keeps_its_exit_code():
    r = run_with_peak([sys.executable, "-c", "import sys; sys.exit(3)"])
    assert r.returncode == 3
