"""The web front end: HTML pages and a JSON API over the search facade.

``create_app(settings)`` builds the Flask app; the one Searcher lives in
``app.extensions["searcher"]`` and views only ever call it (never Whoosh).
"""

from __future__ import annotations

import json
import logging
import threading

from flask import Flask, g, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from search import IndexUnavailable, QueryError, Settings, open_searcher
from search.errors import ERRORS, HTTP_STATUS_CODES

log = logging.getLogger(__name__)

ALLOWED_METHODS = ("GET", "HEAD")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
_SECURITY_HEADERS = tuple((name, name.lower(), value) for name, value in SECURITY_HEADERS.items())


class SafeJSONProvider(DefaultJSONProvider):
    """UTF-8 JSON in insertion order, with <, > and & written as \\u escapes.

    The escapes keep the raw body free of markup even if it were ever sniffed or
    embedded; parsed values are unchanged.
    """

    ensure_ascii = False
    sort_keys = False

    def dumps(self, obj, **kwargs) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("sort_keys", False)
        kwargs.setdefault("default", self.default)
        text = json.dumps(obj, **kwargs)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def wants_json() -> bool:
    return (
        request.path == "/api"
        or request.path.startswith("/api/")
        or request.path == "/openapi.json"
    )


def error_response(status: int, code: str, message: str, title: str | None = None):
    """The one error shape: JSON ``{"error": {...}}`` under /api, an HTML page elsewhere."""
    if wants_json():
        resp = jsonify({"error": {"code": code, "message": message}})
        resp.status_code = status
    else:
        html = render_template(
            "error.html",
            status=status,
            code=code,
            message=message,
            hint=ERRORS[code].hint if code in ERRORS else None,
            title=title or f"错误 {status}",
        )
        resp = Flask.response_class(html, status=status, mimetype="text/html")
    if status == 405:
        resp.headers["Allow"] = ", ".join(ALLOWED_METHODS)
    return resp


def _prepare_in_background(searcher) -> None:
    """Build the vocabulary and completions (seconds on a large index) while the app
    starts serving, not in the first request that needs them."""

    def run():
        try:
            searcher.prepare()
        except IndexUnavailable:
            pass  # built on first use once an index exists
        except Exception:
            log.exception("preparing completions failed; they are built on first use")

    threading.Thread(target=run, name="prepare-completions", daemon=True).start()


HTTP_TITLES = {400: "请求有误", 404: "页面不存在", 405: "不支持的请求方法", 503: "索引尚未就绪"}


def create_app(settings: Settings | None = None) -> Flask:
    """The app over ``settings`` (by default built from ``UNION_SEARCH_*`` variables)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.json = SafeJSONProvider(app)
    app.config["UNION_SEARCH"] = settings
    app.extensions["searcher"] = open_searcher(settings)
    _prepare_in_background(app.extensions["searcher"])

    from web import api, chinese_input, pages, research
    from web.openapi import bp as openapi_bp

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(research.bp)
    app.register_blueprint(chinese_input.bp)
    app.register_blueprint(openapi_bp)

    @app.before_request
    def only_read():
        if request.method not in ALLOWED_METHODS:
            raise MethodNotAllowed(valid_methods=list(ALLOWED_METHODS))

    @app.after_request
    def security_headers(resp):
        # The names a view set itself are read once: setdefault would scan the
        # response's headers three times for each of these (about 0.1 ms a request).
        present = {name.lower() for name, _ in resp.headers}
        for name, lowered, value in _SECURITY_HEADERS:
            if lowered not in present:
                resp.headers.add(name, value)
        if "access-control-allow-origin" not in present and (
            request.path.startswith("/api/") or request.path == "/openapi.json"
        ):
            resp.headers.add("Access-Control-Allow-Origin", "*")
        return resp

    @app.errorhandler(QueryError)
    def query_error(e: QueryError):
        g.query_error = e
        status = ERRORS[e.code].status
        return error_response(status, e.code, e.message, HTTP_TITLES[status])

    @app.errorhandler(IndexUnavailable)
    def index_unavailable(e: IndexUnavailable):
        log.warning("index unavailable: %s", e)
        status = ERRORS["index_unavailable"].status
        return error_response(
            status,
            "index_unavailable",
            "索引尚未建立，请先运行 union-search reindex"
            "（no index yet: run `union-search reindex`）",
            HTTP_TITLES[status],
        )

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        status = e.code or 500
        code = HTTP_STATUS_CODES.get(status, "http_error")
        message = {
            404: "找不到该地址（not found）",
            405: "只支持 GET 和 HEAD 请求（method not allowed）",
        }.get(status)
        return error_response(
            status, code, message or (e.description or e.name), HTTP_TITLES.get(status)
        )

    @app.errorhandler(Exception)
    def internal_error(e: Exception):
        log.exception("unhandled error on %s", request.path)
        return error_response(
            ERRORS["internal_error"].status,
            "internal_error",
            "服务器内部错误（internal error）",
            "服务器内部错误",
        )

    return app
