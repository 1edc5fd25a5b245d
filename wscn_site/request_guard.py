"""What a request may say about where it came from: the proxies believed, the hosts answered, the script root.

``guard(app)`` wraps the whole WSGI app, page cache included, so nothing behind it sees a forged value:

- X-Forwarded-For and X-Forwarded-Proto are believed from ``TRUSTED_PROXIES`` proxy hops (Werkzeug's
  ProxyFix), and ignored when it is 0 (the default). X-Forwarded-Host and -Prefix are never believed.
- Only the host of ``SITE_URL`` and the ``HOST_ALIASES`` are answered (and, outside production, localhost
  and 127.0.0.1, for ``make run`` and the tests). Any other Host gets the bilingual 400 page: the request
  goes on to Flask with the site's own host put in its place, so no URL, redirect or cached page is ever
  built from the forged one, and is refused before any view or form reading.
- The script root is always the configured one: the site lives at the root of its host. A SCRIPT_NAME the
  server took from the request (gunicorn maps a ``SCRIPT_NAME:`` header into the environ) is put back into
  the path, so it can neither prefix the links of a page nor split a path to reach the page cache.
"""
from urllib.parse import urlsplit

from flask import abort, g, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wsgi import get_host

REFUSED_HOST = "wscn.refused_host"
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def allowed_hosts(config):
    hosts = [urlsplit(config["SITE_URL"]).hostname, *config["HOST_ALIASES"]]
    if not config["PRODUCTION"]:
        hosts += LOCAL_HOSTS
    return [host for host in hosts if host]


class RequestGuard:
    """WSGI middleware: the configured script root, and only allowed hosts (others marked refused)."""

    KNOWN_HOSTS = 64  # Host headers remembered as allowed (a port may vary): a bounded set

    def __init__(self, wsgi_app, hosts, site_host, refuse):
        self.wsgi_app, self.hosts, self.site_host, self.refuse = wsgi_app, hosts, site_host, refuse
        self.known = set()  # Host header values already checked and allowed: one set look-up per request

    def __call__(self, environ, start_response):
        script_name = environ.get("SCRIPT_NAME", "")
        if script_name:
            environ["PATH_INFO"] = script_name + environ.get("PATH_INFO", "")
            environ["SCRIPT_NAME"] = ""
        host = environ.get("HTTP_HOST")
        if host not in self.known:
            if not host_is_trusted(get_host(environ), self.hosts):
                environ[REFUSED_HOST] = environ.get("HTTP_HOST", "")
                environ["HTTP_HOST"] = self.site_host
                return self.refuse(environ, start_response)
            if host is not None and len(self.known) < self.KNOWN_HOSTS:
                self.known.add(host)  # the answer depends on the header's text alone
        return self.wsgi_app(environ, start_response)


def _refuse_forged_host():
    if REFUSED_HOST in request.environ:
        g.pop("lang", None)  # the page is bilingual, and remembers no language
        abort(400)


def is_refused_host():
    return REFUSED_HOST in request.environ


def guard(app, wsgi_app):
    """``wsgi_app`` (the app behind its page cache) behind the host check and, if configured, ProxyFix.
    Refused hosts go straight to Flask (``app.wsgi_app`` as it was), never to the page cache."""
    config = app.config
    site_host = urlsplit(config["SITE_URL"]).netloc
    wrapped = RequestGuard(wsgi_app, allowed_hosts(config), site_host, refuse=app.wsgi_app)
    hops = config["TRUSTED_PROXIES"]
    if hops:
        wrapped = ProxyFix(wrapped, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)
    return wrapped


def init_app(app):
    """Register the refusal first, so it comes before CSRF checks, rate limits and every view."""
    app.before_request(_refuse_forged_host)
