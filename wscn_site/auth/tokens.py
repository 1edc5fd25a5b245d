"""Signed, expiring, single-use links for password resets and invitations.

A token carries the user's id and a fingerprint of their current password hash
and session token. Setting a password changes both, so a link works once; the
signature's timestamp makes it expire.
"""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from ..models import User

PURPOSES = {"reset": "RESET_TOKEN_MAX_AGE", "invite": "INVITE_TOKEN_MAX_AGE"}


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"wscn-{purpose}")


def _fingerprint(user):
    material = f"{user.password_hash or ''}|{user.session_token}".encode()
    return hashlib.sha256(material).hexdigest()[:20]


def make_token(user, purpose):
    return _serializer(purpose).dumps({"id": user.id, "fp": _fingerprint(user)})


def user_for_token(token, purpose):
    """The user a valid token names, or None when it is expired, tampered, used or the user inactive."""
    max_age = current_app.config[PURPOSES[purpose]]
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("id")) if isinstance(data.get("id"), int) else None
    if user is None or not user.active or data.get("fp") != _fingerprint(user):
        return None
    return user
