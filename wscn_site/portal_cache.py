"""Logged-in portal pages kept per login session, and served again while nothing they show can have changed.

Rendering a portal page (the dashboard, the library, a resource) is most of its cost; the same member
asking for the same page again gets the same bytes unless the database, the day or their session has
changed. So a page is kept in this process's memory under

- the **portal version**, a number every transaction that writes anything (but a login session's own
  bookkeeping) moves before it commits, in the same transaction (``before_commit`` below: no change
  without it, none visible before it), and that each logged-in request reads in the one query that
  checks its session (auth/sessions.py), so a change made by any process or server is seen by every
  other at its next request, with no extra query;
- the **day** in London (whether an organisation is a member turns with the date, not with a write);
- the **login session's key and its CSRF secret** (the page's forms carry a token for that session
  alone): a page is only ever served to the session it was built for, after that request's own session
  check (logged out, expired or deactivated: no page);
- the **path and query string** (the language is in the path).

A page is kept only from a GET answered 200 that left the session as it was (no message shown, no
CSRF secret made) and for at most ``PORTAL_CACHE_SECONDS``; a request with a message waiting is never
served from the cache. ``PORTAL_CACHE_ENTRIES`` bounds the pages kept (least recently used go first).
"""
import threading
import time
import weakref
from collections import OrderedDict
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, make_response, request, session
from flask_login import current_user
from sqlalchemy.orm import Session

from . import clock
from .models.public_version import PORTAL_ROW_ID, PublicVersion
from .public_version import move

#: Writes that move no cached page: the login sessions' bookkeeping (the session check reads them on
#: every request anyway) and the versions themselves.
IGNORED_TABLES = frozenset({"login_session", "public_version"})
CHANGED = "wscn_portal_changed"
UNSENT_HEADERS = frozenset({"set-cookie", "content-length", "date"})


def _writes(objects):
    return any(getattr(obj, "__tablename__", None) not in IGNORED_TABLES for obj in objects)


def _pending(session):
    return _writes(session.new) or _writes(session.dirty) or _writes(session.deleted)


@sa.event.listens_for(Session, "after_flush")
def _flushed(session, context):
    if _pending(session):  # still the state before the flush, here
        session.info[CHANGED] = True


@sa.event.listens_for(Session, "do_orm_execute")
def _executed(state):
    """UPDATE, DELETE and INSERT statements (and any text that is not a SELECT) write too, when they
    touch a row: the guarded UPDATEs that cron commands and the mail sender run every few seconds
    usually match none, and must not empty every process's kept pages each time."""
    if state.is_select:
        return None
    statement = state.statement
    table = getattr(statement, "table", None)
    if getattr(table, "name", None) in IGNORED_TABLES:
        return None
    if isinstance(statement, sa.TextClause) and statement.text.lstrip()[:6].upper() == "SELECT":
        return None
    result = state.invoke_statement()  # run here, once, to see its row count; returned as the result
    if getattr(result, "rowcount", -1) != 0:
        state.session.info[CHANGED] = True
    return result


@sa.event.listens_for(Session, "before_commit")
def _committing(session):
    """Move the portal version in the transaction that wrote (before the commit's final flush)."""
    if not (session.info.pop(CHANGED, False) or _pending(session)) or not _has_versions(session):
        return
    move(session, PORTAL_ROW_ID)
    session.info.pop(CHANGED, None)


_databases_with_versions = weakref.WeakSet()  # engines known to have the table (once there, it stays)


def _has_versions(session):
    """False for a database migrated only part of the way (a migration's own steps, its tests)."""
    engine = session.get_bind()
    if engine not in _databases_with_versions:
        if not sa.inspect(session.connection()).has_table(PublicVersion.__tablename__):
            return False
        _databases_with_versions.add(engine)
    return True


@sa.event.listens_for(Session, "after_rollback")
def _rolled_back(session):
    session.info.pop(CHANGED, None)


def version_column():
    """The portal version as a column of the session check's query."""
    return (sa.select(PublicVersion.version).where(PublicVersion.id == PORTAL_ROW_ID)
            .scalar_subquery().label("portal_version"))


class PortalCache:
    def __init__(self, entries, seconds):
        self.limit, self.seconds = entries, seconds
        self.pages = OrderedDict()
        self.lock = threading.Lock()
        self.hits = 0  # pages served from here (tests check that it is really used)

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is None:
                return None
            if page[0] <= time.monotonic():
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            self.hits += 1
            return page

    def put(self, key, body, headers):
        with self.lock:
            self.pages[key] = (time.monotonic() + self.seconds, body, headers)
            self.pages.move_to_end(key)
            while len(self.pages) > self.limit:
                self.pages.popitem(last=False)


def _key():
    """This request's key, or None when its page may be neither kept nor served from the cache."""
    version = g.get("portal_version")
    if (version is None or request.method != "GET" or "_flashes" in session
            or not current_app.config["PORTAL_CACHE"] or not current_user.is_authenticated):
        return None
    return (version, clock.today(), current_user.session_key, session.get("csrf_token"),
            request.full_path)


def kept_per_session(view):
    """For a portal view whose page depends only on the database, the day, the member and the URL."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        key = _key()
        if key is None:
            return view(*args, **kwargs)
        cache = current_app.extensions["portal_cache"]
        page = cache.get(key)
        if page is not None:
            return current_app.response_class(page[1], status=200, headers=page[2])
        response = make_response(view(*args, **kwargs))
        if (response.status_code == 200 and not response.is_streamed and not session.modified
                and session.get("csrf_token") == key[3]):
            headers = [(name, value) for name, value in response.headers if name.lower() not in UNSENT_HEADERS]
            cache.put(key, response.get_data(), headers)
        return response

    return wrapper


def init_app(app):
    app.extensions["portal_cache"] = PortalCache(app.config["PORTAL_CACHE_ENTRIES"],
                                                 app.config["PORTAL_CACHE_SECONDS"])
