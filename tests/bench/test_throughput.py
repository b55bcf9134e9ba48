"""bench/throughput.py reads the server's CPU time and page faults from /proc: checked on
a child process whose work is known."""

from __future__ import annotations

import os
import subprocess
import sys

from bench.throughput import ProcCost, proc_cost


def test_proc_cost_counts_a_processs_cpu_and_faults():
    # A child that burns CPU, then touches 32 MiB of fresh memory, then waits to be read.
    code = (
        "import sys, time\n"
        "t = time.process_time()\n"
        "while time.process_time() - t < 0.3: pass\n"
        "b = bytearray(32 << 20)\n"
        "b[::4096] = b'x' * len(b[::4096])\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        cost = proc_cost([child.pid])
        # At least the CPU it burnt (ticks are 10 ms), and a fault per page it touched.
        assert cost.cpu_s >= 0.28
        assert cost.minor_faults >= (32 << 20) // os.sysconf("SC_PAGE_SIZE")
        # Counted in a set of processes: this one's own CPU adds to the child's.
        both = proc_cost([child.pid, os.getpid()])
        assert both.cpu_s >= cost.cpu_s + 0.01 and both.minor_faults > cost.minor_faults
    finally:
        child.stdin.write("\n")
        child.stdin.flush()
        child.wait(timeout=30)
    # A process that is gone counts nothing.
    assert proc_cost([child.pid]) == ProcCost(0.0, 0, 0)
