"""Production serving: gunicorn with worker processes × threads (gthread).

The app (and so the Searcher and its Whoosh files) is built in each worker after the
fork — ``preload_app`` stays off — so no open index file is shared across processes.
The master process only supervises: it never opens the index, and it imports only
gunicorn and the settings. That is why this module lives outside the ``web`` package:
importing ``web.anything`` runs ``web/__init__`` (Flask, the search package, Whoosh,
OpenCC: ~20 MB of the master's own RSS, for modules only the workers use). The workers
import the app themselves, after the fork (``load``).
"""

from __future__ import annotations

import re
import sys

from gunicorn.app.base import BaseApplication
from gunicorn.http.message import Request
from gunicorn.http.parser import RequestParser
from gunicorn.workers.gthread import ThreadWorker

from indexer.settings import Settings
from union_search.gc_tuning import GenerationFreezer, tune_thresholds
from union_search.idle_trim import IdleTrim
from union_search.malloc_tuning import limit_arenas, release_free_memory

# Seconds a client may take to send the rest of a request it has started (or to accept
# the response) before its connection is closed. gunicorn's gthread worker reads a
# request in a pool thread with a blocking socket and no timeout, so without this a
# handful of clients that send half a request and wait would hold every thread.
CLIENT_TIMEOUT = 5.0


_NON_ASCII = re.compile(rb"[\x80-\xff]")


class Utf8TargetRequest(Request):
    """A request whose target may hold raw UTF-8, as typed into curl or a terminal.

    gunicorn (≥ 23) refuses any byte above 0x7F in the request line (RFC 9112 asks for
    percent-encoding) with an HTML 400 that echoes the bytes as latin-1. nginx passes
    such targets on, and Flask decodes percent-encoded UTF-8: so the bytes are
    percent-encoded here, before gunicorn checks the line, exactly as the client should
    have sent them. Control characters are still refused by gunicorn.
    """

    def parse_request_line(self, line_bytes):
        method, sp1, rest = line_bytes.partition(b" ")
        target, sp2, version = rest.rpartition(b" ")
        if sp1 and sp2 and _NON_ASCII.search(target):
            target = _NON_ASCII.sub(lambda m: b"%%%02X" % m.group()[0], target)
            line_bytes = method + b" " + target + b" " + version
        return super().parse_request_line(line_bytes)


class BoundedThreadWorker(ThreadWorker):
    """gthread, with a timeout on every blocking read and write of a connection, raw
    UTF-8 request targets accepted (Utf8TargetRequest), freed memory given back to the
    OS when the worker is idle (IdleTrim), and the served generation's long-lived objects
    frozen out of the cyclic gc's scans (GenerationFreezer)."""

    def init_process(self):
        # After the fork: the threads belong to this worker.
        self.gc_freezer: GenerationFreezer | None = None
        self.idle_trim = IdleTrim(self.when_idle)
        self.idle_trim.start()
        super().init_process()

    def load_wsgi(self):
        super().load_wsgi()
        tune_thresholds()
        searcher = getattr(self.wsgi, "extensions", {}).get("searcher")
        if searcher is not None:
            self.gc_freezer = GenerationFreezer(searcher, self.log_frozen)
            self.gc_freezer.freeze_when_loaded()

    def log_frozen(self, count: int, generation: str | None) -> None:
        self.log.info("gc: %d long-lived objects frozen (index %s)", count, generation)

    def when_idle(self) -> None:
        # Refreeze first: what it frees is then given back by the trim.
        if self.gc_freezer is not None:
            try:
                self.gc_freezer.refreeze_if_changed()
            except Exception:  # never stop the idle thread: the trim still runs
                self.log.exception("gc: refreezing after a new index generation failed")
        release_free_memory()

    def handle_request(self, req, conn):
        self.idle_trim.begin()
        try:
            return super().handle_request(req, conn)
        finally:
            self.idle_trim.end()

    def enqueue_req(self, conn):
        if not getattr(conn, "_bounded", False):
            init = conn.init

            def init_with_timeout():
                init()
                conn.sock.settimeout(CLIENT_TIMEOUT)
                if type(conn.parser) is RequestParser:
                    conn.parser.mesg_class = Utf8TargetRequest

            conn.init = init_with_timeout  # called before every request on the connection
            conn._bounded = True
        super().enqueue_req(conn)


class UnionSearchServer(BaseApplication):
    def __init__(self, config: Settings, options: dict | None = None):
        self.config_obj = config
        self.options = options or {}
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self):
        # Called in each worker process after fork (preload_app is False).
        from web import create_app

        return create_app(self.config_obj)


def gunicorn_options(config: Settings) -> dict:
    return {
        "bind": f"{config.host}:{config.port}",
        "workers": max(1, config.workers),
        "worker_class": "union_search.server.BoundedThreadWorker",
        "threads": max(1, config.threads),
        "preload_app": False,
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "union-search",
        # Bounds on what one request may send.
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        # gunicorn ≥ 25 opens a control socket in $HOME; several servers (tests) would
        # share it, and nothing here uses it.
        "control_socket_disable": True,
    }


def serve(config: Settings) -> None:
    """Serve until stopped (SIGINT/SIGTERM); blocks."""
    if not (config.index_dir / "CURRENT").exists():
        print(
            f"union-search serve: warning: no index in {config.index_dir}; pages answer "
            "503 until `union-search reindex` builds one",
            file=sys.stderr,
        )
    print(
        f"union-search serve: http://{config.host}:{config.port}/ "
        f"({config.workers} workers × {config.threads} threads)",
        file=sys.stderr,
    )
    limit_arenas()
    UnionSearchServer(config, gunicorn_options(config)).run()
