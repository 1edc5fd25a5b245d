"""Response headers every page carries, and safe redirects."""
from urllib.parse import urlsplit

from flask import request
from flask_login import current_user

from . import control_characters

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
#: For every response to a logged-in person: it may hold what only they may read.
LOGGED_IN_CACHE_CONTROL = "private, no-store"


def is_safe_redirect(target):
    """Only same-site paths: no scheme, no host, no protocol-relative or backslash tricks, no control
    characters (a CR or LF would split the Location header, others hide in it)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    parts = urlsplit(target)
    return (not parts.scheme and not parts.netloc and "\\" not in target
            and not control_characters.found_in(target))


def init_app(app):
    production = app.config["PRODUCTION"]

    @app.after_request
    def add_security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if production:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    @app.after_request
    def keep_logged_in_pages_out_of_caches(response):
        """No cache keeps a page made for a logged-in person: not a proxy, not the browser (so Back,
        after logging out on a shared computer, shows nothing of the portal). Static files excepted."""
        if request.endpoint != "static" and current_user.is_authenticated:
            response.headers["Cache-Control"] = LOGGED_IN_CACHE_CONTROL
        return response
