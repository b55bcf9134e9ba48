"""Shared helpers for the reliability tests: a real `union-search serve` subprocess,
raw HTTP over loopback, a small JSON-schema checker for the OpenAPI document, and a
fingerprint of an index folder."""

from __future__ import annotations

import http.client
import json
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

import pytest

from union_search.config import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


# -- a real server -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_env(**values: str) -> dict[str, str]:
    """The environment for a `union-search` subprocess, UNION_SEARCH_* from the caller cleared."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("UNION_SEARCH_") or k == "UNION_SEARCH_SKIP_BROWSER"}
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
def running_server(index_dir: Path, log: Path, *, workers: int = 2,
                   threads: int = 4) -> Iterator[str]:
    """`union-search serve` on a free loopback port over ``index_dir``; yields its base URL.

    The server runs in its own session, so stopping it signals gunicorn and its workers
    (and nothing else) by that process group.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "union_search.cli", "serve", "--host", "127.0.0.1",
           "--port", str(port), "--index", str(index_dir), "--workers", str(workers),
           "--threads", str(threads)]
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                env=cli_env())
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


def request(base: str, method: str, path: str, *, timeout: float = 10,
            body: bytes | None = None, headers: dict | None = None):
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


def run_cli(*args: str, env: dict[str, str] | None = None,
            timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "union_search.cli", *args], cwd=PROJECT_ROOT,
                          env=env or cli_env(), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


# -- the app in-process ----------------------------------------------------------


@pytest.fixture(scope="session")
def shipped_app(shipped_index):
    from web import create_app

    app = create_app(shipped_index)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def shipped_client(shipped_app):
    return shipped_app.test_client()


@pytest.fixture(scope="session")
def openapi(shipped_app) -> dict:
    resp = shipped_app.test_client().get("/openapi.json")
    assert resp.status_code == 200
    return resp.get_json()


# -- JSON schema (the subset web/openapi.py uses) ----------------------------------

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def schema_errors(value, schema: dict, spec: dict, where: str = "$") -> list[str]:
    """Why ``value`` does not match ``schema`` (refs resolved in ``spec``); [] if it does."""
    if "$ref" in schema:
        node = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        return schema_errors(value, node, spec, where)
    errors: list[str] = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](value) for t in types):
            return [f"{where}: {value!r:.80} is not {types}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r:.80} not in {schema['enum']}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{where}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{where}: {value} > {schema['maximum']}")
    if isinstance(value, str) and "maxLength" in schema and len(value) > schema["maxLength"]:
        errors.append(f"{where}: longer than {schema['maxLength']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{where}: missing {key!r}")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += schema_errors(item, props[key], spec, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}: unexpected {key!r}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], spec, f"{where}[{i}]")
    return errors


def assert_matches(value, schema_name: str, spec: dict) -> None:
    errors = schema_errors(value, {"$ref": f"#/components/schemas/{schema_name}"}, spec)
    assert not errors, (errors[:5], json.dumps(value, ensure_ascii=False)[:500])


# -- an index folder's fingerprint --------------------------------------------------


def tree_state(root: Path) -> dict[str, tuple[int, int] | str]:
    """Every entry under ``root``: files → (size, mtime_ns), folders → "dir"."""
    state: dict[str, tuple[int, int] | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            state[os.path.relpath(os.path.join(dirpath, d), root)] = "dir"
        for f in filenames:
            st = os.stat(os.path.join(dirpath, f))
            state[os.path.relpath(os.path.join(dirpath, f), root)] = (st.st_size,
                                                                       st.st_mtime_ns)
    return state
