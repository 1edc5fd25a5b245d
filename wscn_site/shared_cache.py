"""Which responses a shared cache (nginx's microcache, deploy/nginx/wscn.conf) may keep.

A view whose page is the same for every anonymous visitor calls ``allow()``. The response then
goes out as ``Cache-Control: public, max-age=0, s-maxage=N`` (``SHARED_CACHE_SECONDS``): a
browser still revalidates it every time (ETag), a shared cache may answer it for N seconds, so a
change staff publish shows within N seconds. Only when all of these hold:

- a GET or HEAD with no query string, from a request without the session cookie (no logged-in
  person, no pending message, no CSRF token held), nobody logged in;
- a 200 answer that sets no cookie (checked again after the session is saved).

Anything else keeps what the view said (``no-cache``; ``private, no-store`` when logged in,
security.py). Such a response drops ``Vary: Cookie``, which Flask adds whenever the session is
read: nothing in it depends on a cookie, and ``Vary: Cookie`` would split or stop shared caches.
"""
from flask import current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

_ALLOWED = "shared_cache_allowed"
_SHARED = "shared_cache_public"


def allow():
    """Called by a view whose response is the same for every anonymous visitor."""
    g.setdefault(_ALLOWED, True)


def _anonymous_request():
    return (request.method in ("GET", "HEAD") and not request.query_string
            and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
            and not current_user.is_authenticated)


def _mark_public(response):
    seconds = current_app.config["SHARED_CACHE_SECONDS"]
    if (g.get(_ALLOWED) and seconds > 0 and response.status_code == 200
            and "Set-Cookie" not in response.headers and _anonymous_request()):
        g.setdefault("shared_cache_before", response.headers.get("Cache-Control"))
        response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
        g.setdefault(_SHARED, True)
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session; a response marked public by ``_mark_public`` keeps no
    ``Vary: Cookie``, and loses its public mark again if saving the session set a cookie."""

    def save_session(self, app, session, response):
        super().save_session(app, session, response)
        if not g.get(_SHARED):
            return
        if "Set-Cookie" in response.headers:
            before = g.get("shared_cache_before")
            if before:
                response.headers["Cache-Control"] = before
            else:
                del response.headers["Cache-Control"]
            return
        response.vary.discard("Cookie")


def init_app(app):
    app.session_interface = SessionInterface()
    app.after_request(_mark_public)
