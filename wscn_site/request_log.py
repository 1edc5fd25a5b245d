"""One log line per request, page-cache hits included, and a request id on every response.

``RequestLog`` wraps the whole WSGI app (host guard, page cache, Flask). It takes the client's
``X-Request-ID`` when it is a safe token (``[A-Za-z0-9._-]{1,64}``, e.g. nginx's ``$request_id``),
else makes one; sends it back as ``X-Request-ID``; and holds it in ``logs.current_request_id`` so
every record of the request carries it. The line holds the time, request id, method, path (never the
query string), status, duration in ms and the logged-in user's id, and nothing else: no address,
cookie, header or body, so no password, email address or session.

The path is what ``request_path`` makes of it: a URL argument that is not a number, a language or a
content page's slug (a reset, invitation, confirmation or unsubscribe token; a file name) is shown as
its name, ``/en/account/reset/<token>``, so new routes with a string argument are redacted unless
listed here. A path no route matched (a 404) has each segment that could be a token or an address
replaced by ``<redacted>``. A page-cache hit's path is a cached content
page's, logged as it is.
"""
import itertools
import logging
import os
import re
import time

from .logs import ACCESS_LOGGER, current_request_id, write_request_line

log = logging.getLogger(ACCESS_LOGGER)
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
ROUTE_KEY = "wscn.logged_route"  # (path as logged, user id), set by Flask's after_request
#: URL arguments whose values are logged: they name public things, never a person or a secret.
SAFE_ARGUMENTS = {"lang_code", "slug"}
SAFE_CONVERTERS = {"int", "lang"}
_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
#: In a path no route answered: a segment with an @, of 32 characters or more, or of 16 or more with a
#: digit or a capital letter (a random token; content slugs are lower-case words).
_SUSPECT_SEGMENT = re.compile(r"(?<=/)(?:[^/]*@[^/]*|[^/]{32,}|(?=[^/]*[0-9A-Z])[^/]{16,})")


def _rule_template(rule):
    """``rule.rule`` as a format string: safe arguments filled in, the others left as ``<name>``."""
    def field(match):
        converter, name = match.group(1), match.group(2)
        if converter in SAFE_CONVERTERS or name in SAFE_ARGUMENTS:
            return "{" + name + "}"
        return "<" + name + ">"

    return _ARGUMENT.sub(field, rule.replace("{", "{{").replace("}", "}}"))


_templates = {}


class _Arguments(dict):
    def __missing__(self, name):  # an argument a preprocessor took (``lang_code``): its name
        return f"<{name}>"


def path_for_route(rule, view_args, raw_path):
    template = _templates.get(rule)
    if template is None:
        template = _templates[rule] = _rule_template(rule)
    if "<" not in template:
        return raw_path  # every argument may be logged: the path as the client sent it
    return template.format_map(_Arguments(view_args))


def suspect_segments_redacted(path):
    return _SUSPECT_SEGMENT.sub("<redacted>", path)


def request_path(request, status=None):
    """The path of Flask's current request as it may be logged. A 404 counts as no route: the content
    pages' rule (``/<lang>/<path:slug>``) matches every path under ``/en/`` and ``/cy/``."""
    logged = request.environ.get(ROUTE_KEY)
    if logged is not None:
        return logged[0]
    if request.url_rule is None or status == 404:
        return suspect_segments_redacted(request.path)
    return path_for_route(request.url_rule.rule, request.view_args or {}, request.path)


def note_route(response):
    """Flask ``after_request``: the route's redacted path and the logged-in user's id, for the log line.
    Reads the user only if this request already loaded one: logging costs no database query."""
    from flask import g, request

    user = g.get("_login_user")
    user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
    request.environ[ROUTE_KEY] = (request_path(request, response.status_code), user_id)
    return response


_id_prefix = [os.urandom(4).hex()]
_id_count = itertools.count()
os.register_at_fork(after_in_child=lambda: _id_prefix.__setitem__(0, os.urandom(4).hex()))


def new_request_id():
    """16 hex digits: 8 random ones per process (made afresh in each forked worker), then a counter,
    so ids differ across processes and servers without reading the system's random source per request."""
    return f"{_id_prefix[0]}{next(_id_count) & 0xFFFFFFFF:08x}"


class RequestLog:
    """WSGI middleware around everything: the request id, and the line once the response is done."""

    def __init__(self, wsgi_app, cached_paths):
        self.wsgi_app = wsgi_app
        self.cached_paths = cached_paths  # the page cache's entries: their paths are content pages

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        request_id = environ.get("HTTP_X_REQUEST_ID", "")
        if not SAFE_REQUEST_ID.fullmatch(request_id):
            request_id = new_request_id()
        current_request_id.set(request_id)
        statuses = []

        def start(status, headers, exc_info=None):
            statuses.append(status)
            return start_response(status, [*headers, ("X-Request-ID", request_id)], exc_info)

        try:
            result = self.wsgi_app(environ, start)
        except BaseException:
            statuses.append("500")
            self.write(environ, request_id, statuses, started)
            raise
        wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(result, list) or (isinstance(wrapper, type) and isinstance(result, wrapper)):
            # Complete (or handed to the server's sendfile): the line now, the time to the headers.
            self.write(environ, request_id, statuses, started)
            return result
        return LoggedBody(result, self, environ, request_id, statuses, started)

    def write(self, environ, request_id, statuses, started):
        try:
            if log.isEnabledFor(logging.INFO):
                route = environ.get(ROUTE_KEY)
                if route is not None:
                    path, user_id = route
                else:
                    path = environ.get("PATH_INFO", "")
                    if ("", path) not in self.cached_paths:  # not a cached content page
                        path = suspect_segments_redacted(path)
                    user_id = None
                write_request_line({
                    "request_id": request_id, "method": environ.get("REQUEST_METHOD", ""), "path": path,
                    "status": int(statuses[-1][:3]) if statuses else None,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2), "user_id": user_id,
                })
        finally:
            current_request_id.set(None)


class LoggedBody:
    """A streamed response: the line is written when the server closes it (the body sent)."""

    def __init__(self, result, request_log, *args):
        self.result, self.request_log, self.args = result, request_log, args

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            self.request_log.write(*self.args)
