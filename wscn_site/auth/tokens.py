"""Links for password resets and invitations: signed, expiring and single-use.

A token carries the user's id and a fingerprint of their current password hash and session
token. Setting a password changes both, so a link works once; the signature's timestamp makes
it expire (``signed_links``).
"""
from flask import current_app

from .. import signed_links
from ..extensions import db
from ..models import User

PURPOSES = {"reset": "RESET_TOKEN_MAX_AGE", "invite": "INVITE_TOKEN_MAX_AGE"}


def _fingerprint(user):
    return signed_links.fingerprint(user.password_hash, user.session_token)


def make_token(user, purpose):
    return signed_links.make(purpose, user.id, _fingerprint(user))


def user_for_token(token, purpose):
    """The user a valid token names, or None when it is expired, tampered, used or the user inactive."""
    found = signed_links.read(purpose, token, current_app.config[PURPOSES[purpose]])
    user = db.session.get(User, found[0]) if found else None
    if user is None or not user.active or found[1] != _fingerprint(user):
        return None
    return user
