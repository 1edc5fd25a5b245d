"""Serve public pages to anonymous visitors as prebuilt bytes.

A public Markdown page is the same for every visitor who is not logged in, so
the first complete response for a path is kept (status, headers, body, ETag)
and later anonymous GET/HEAD requests for it are answered here, before Flask
builds a request context. A request with a query string or the session
cookie (a logged-in member, a pending flash message) always reaches Flask.
"""
from dataclasses import dataclass

from flask import current_app, request

from . import shared_cache

ENVIRON_KEY = "wscn.page_cache"


def mark_cacheable():
    """Called by a view whose response is the same for every anonymous visitor (and never changes
    while the process runs: shared caches may keep it too, see shared_cache.py)."""
    shared_cache.allow()
    if current_app.config["PAGE_CACHE"] and request.method == "GET" and not request.query_string:
        if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
            request.environ[ENVIRON_KEY] = True


def _key(environ):
    """A response depends on the path and the script root (request_guard keeps the latter empty), never
    on the Host header (absolute URLs come from SITE_URL; request_guard refuses unknown hosts)."""
    return environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", "")


@dataclass(frozen=True)
class Entry:
    headers: list
    body: bytes
    etag: str

    def serve(self, environ, start_response):
        if self.etag and self.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            kept = [(k, v) for k, v in self.headers if k.lower() not in ("content-length", "content-type")]
            start_response("304 NOT MODIFIED", kept)
            return [b""]
        start_response("200 OK", self.headers)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else self.body]


class PageCache:
    """WSGI middleware keeping the responses that views marked with ``mark_cacheable``."""

    def __init__(self, wsgi_app, session_cookie):
        self.wsgi_app = wsgi_app
        self.session_marker = f"{session_cookie}="
        self.entries = {}
        self.hits = 0  # responses served from the cache (tests check that it is really used)

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if method in ("GET", "HEAD") and not environ.get("QUERY_STRING"):
            if self.session_marker not in environ.get("HTTP_COOKIE", ""):
                entry = self.entries.get(_key(environ))
                if entry is not None:
                    self.hits += 1
                    return entry.serve(environ, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        if environ.get(ENVIRON_KEY) and captured.get("status", "").startswith("200"):
            return self._store(_key(environ), captured["headers"], result)
        return result

    def _store(self, key, headers, result):
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if not any(k.lower() == "set-cookie" and v.startswith(self.session_marker) for k, v in headers):
            etag = next((v for k, v in headers if k.lower() == "etag"), "")
            self.entries[key] = Entry(list(headers), body, etag)
        return [body]
