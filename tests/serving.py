"""A real `union-search serve` on loopback for tests: start, wait, stop; raw HTTP;
the CLI as a subprocess. Shared by the browser, reliability and indexer tests."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from union_search.config import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


# -- a real server -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_env(**values: str) -> dict[str, str]:
    """The environment for a `union-search` subprocess, UNION_SEARCH_* from the caller cleared."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("UNION_SEARCH_") or k == "UNION_SEARCH_SKIP_BROWSER"
    }
    env.update(values)
    return env


def wait_ready(base: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()}")
        try:
            status, _, _ = request(base, "GET", "/api/search?per_page=1", timeout=5)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server not ready after {timeout}s:\n{log.read_text()}")


@contextmanager
def running_server(
    index_dir: Path, log: Path, *, workers: int = 2, threads: int = 4
) -> Iterator[str]:
    """`union-search serve` on a free loopback port over ``index_dir``; yields its base URL.

    The server runs in its own session, so stopping it signals gunicorn and its workers
    (and nothing else) by that process group.
    """
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "union_search.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--index",
        str(index_dir),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=PROJECT_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=cli_env(),
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, proc, log)
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def request(
    base: str,
    method: str,
    path: str,
    *,
    timeout: float = 10,
    body: bytes | None = None,
    headers: dict | None = None,
):
    """Send ``path`` as given (no normalisation; only non-ASCII is percent-encoded);
    returns (status, headers, body)."""
    path = quote(path, safe="!#$%&'()*+,/:;=?@[]~\\")
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    finally:
        conn.close()


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 240, cwd: Path = PROJECT_ROOT
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "union_search.cli", *args],
        cwd=cwd,
        env=env or cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
