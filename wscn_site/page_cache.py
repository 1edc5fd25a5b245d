"""Serve public pages to anonymous visitors as prebuilt bytes.

A public page is the same for every visitor who is not logged in, so the first
complete response for a path is kept (status, headers, body, ETag) and later
anonymous GET/HEAD requests for it are answered here, before Flask builds a
request context. A request with a query string or the session cookie (a
logged-in member, a pending flash message) always reaches Flask.

Two kinds of page are kept: those built from files read at start-up (the
Markdown pages, ``mark_cacheable``), kept until the process ends, and those
built from the database (the Briff, ``@cached_until_public_change``), kept
while the public version stays the same (``public_version.py``), so that a
change made in any process or server reaches them all within
``PAGE_CACHE_RECHECK_SECONDS``.
"""
from dataclasses import dataclass
from functools import wraps

from flask import current_app, request

from . import shared_cache
from .public_version import Generations, reader
from .request_log import ROUTE_KEY

ENVIRON_KEY = "wscn.page_cache"


def _anonymous_get():
    return (current_app.config["PAGE_CACHE"] and request.method == "GET" and not request.query_string
            and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies)


def mark_cacheable():
    """Called by a view whose response is built from files read at start-up only, and is the same for
    every anonymous visitor: it is kept until the process ends (shared caches may keep it too, see
    shared_cache.py)."""
    shared_cache.allow()
    if _anonymous_get():
        request.environ[ENVIRON_KEY] = True


def cached_until_public_change(view):
    """For a view whose response to an anonymous GET without a query string is the same for every such
    visitor until the next ``public_version.bump()``: it is kept, in every process, until then.

    The dict it is kept in is taken before the view reads anything, so a page built from data older
    than a change is never kept under the version that follows the change.
    """
    @wraps(view)
    def wrapper(*args, **kwargs):
        entries = None
        if _anonymous_get():
            entries = current_app.extensions["page_cache"].pages.current()
        response = view(*args, **kwargs)
        if entries is not None:
            request.environ[ENVIRON_KEY] = entries
        return response

    return wrapper


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

    def __init__(self, wsgi_app, session_cookie, pages):
        self.wsgi_app = wsgi_app
        self.session_marker = f"{session_cookie}="
        self.entries = {}  # pages built from files, kept until the process ends
        self.pages = pages  # pages built from the database: a public_version.Generations
        self.hits = 0  # responses served from the cache (tests check that it is really used)

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if method in ("GET", "HEAD") and not environ.get("QUERY_STRING"):
            if self.session_marker not in environ.get("HTTP_COOKIE", ""):
                key = _key(environ)
                entry = self.entries.get(key)
                if entry is None and self.pages.entries:  # the version is read only while such pages are kept
                    entry = (self.pages.current() or {}).get(key)
                if entry is not None:
                    self.hits += 1
                    environ[ROUTE_KEY] = (key[1], None)  # logged as it is: a kept page's path names no secret
                    return entry.serve(environ, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        kept_in = environ.get(ENVIRON_KEY)  # True: until the process ends; a dict: a public version's pages
        if kept_in is not None and captured.get("status", "").startswith("200"):
            return self._store(self.entries if kept_in is True else kept_in, _key(environ), captured["headers"],
                               result)
        return result

    def _store(self, entries, key, headers, result):
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if not any(k.lower() == "set-cookie" and v.startswith(self.session_marker) for k, v in headers):
            etag = next((v for k, v in headers if k.lower() == "etag"), "")
            entries[key] = Entry(list(headers), body, etag)
        return [body]


def wrap(app):
    """The app behind its page cache (``app.extensions["page_cache"]``)."""
    pages = Generations(reader(app), app.config["PAGE_CACHE_RECHECK_SECONDS"])
    cache = PageCache(app.wsgi_app, app.config["SESSION_COOKIE_NAME"], pages)
    app.extensions["page_cache"] = cache
    return cache
