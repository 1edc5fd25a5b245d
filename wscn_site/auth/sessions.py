"""Login sessions kept on the server, so logging out really ends them.

The signed Flask session holds a random key (as Flask-Login's user id); the database keeps its
SHA-256 in ``login_session`` beside the user, when it started, when it was last used and when it
ended. Each request loads the user, the session record and the user's organisation with its memberships
in ONE query. A session ends when its
user logs out (that one, or everywhere), sets a new password or is deactivated, after
``SESSION_IDLE_MINUTES`` without a request and ``SESSION_LIFETIME_HOURS`` after logging in.

The idle clock is written at most once a minute per session (``TOUCH_EVERY``), after the
response is ready, so most requests write nothing.
"""
import hashlib
import secrets
from datetime import timedelta
from functools import cache

import sqlalchemy as sa

from flask import current_app, g
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload

from .. import clock
from ..extensions import db
from ..models import LoginSession, Organisation, User
from ..portal_cache import version_column

TOUCH_EVERY = timedelta(minutes=1)


def _digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def begin(user):
    """Start a login session for ``user``; returns the key for the cookie (also as ``user.session_key``)."""
    key = secrets.token_urlsafe(32)
    _forget_old(user)
    db.session.add(LoginSession(id=_digest(key), user_id=user.id))
    user.session_key = key
    return key


def _forget_old(user):
    """Sessions of this user that ended, or began longer ago than the lifetime, are no longer kept."""
    started_before = clock.now() - timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"])
    db.session.execute(db.delete(LoginSession).where(
        LoginSession.user_id == user.id,
        LoginSession.ended_at.is_not(None) | (LoginSession.created_at < started_before)))


def _lapsed(record, now):
    config = current_app.config
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    lifetime = timedelta(hours=config["SESSION_LIFETIME_HOURS"])
    return (clock.as_utc(record.last_seen_at) + idle <= now
            or clock.as_utc(record.created_at) + lifetime <= now)


@cache
def _load_statement():
    """The user and their live session, with the organisation and its memberships that every portal
    page asks about (is it a member this year?) and the portal version, in one query; built once,
    not on every request."""
    return (db.select(User, LoginSession, version_column())
            .join(LoginSession, LoginSession.user_id == User.id)
            .where(LoginSession.id == sa.bindparam("digest"), LoginSession.ended_at.is_(None))
            .options(joinedload(User.organisation).joinedload(Organisation.memberships)))


def load(key):
    """The active user whose live login session has this key, or None. One query."""
    if not key or len(key) > 100:
        return None
    row = db.session.execute(_load_statement(), {"digest": _digest(key)}).unique().one_or_none()
    if row is None:
        return None
    user, record, g.portal_version = row  # the version: for the portal's page cache (portal_cache.py)
    now = clock.now()
    if not user.active or _lapsed(record, now):
        return None
    if clock.as_utc(record.last_seen_at) + TOUCH_EVERY <= now:
        g.login_session_seen = record.id
    user.session_key = key
    return user


def touch_after_request(response):
    """Move the idle clock of this request's session, at most once a minute (see ``load``)."""
    digest = g.pop("login_session_seen", None)
    if digest is not None:
        try:
            db.session.execute(db.update(LoginSession).where(LoginSession.id == digest)
                               .values(last_seen_at=clock.now()))
            db.session.commit()
        except OperationalError:
            db.session.rollback()
    return response


def end(key):
    """End the login session with this key (logging out in this browser)."""
    if key:
        db.session.execute(db.update(LoginSession)
                           .where(LoginSession.id == _digest(key), LoginSession.ended_at.is_(None))
                           .values(ended_at=clock.now()))
        db.session.commit()


def end_all(user):
    """Log ``user`` out everywhere: every session, in every browser, ends at its next request."""
    user.end_sessions()
    db.session.commit()
