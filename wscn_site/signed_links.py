"""Signed, expiring links (password resets, invitations, subscription confirmations, ...).

A token carries a record's id and a fingerprint of what must not have changed since it was
sent (a password hash, a random per-record token, an address): change that and the link
stops working, so a link can be made single-use or outlived. The signature's timestamp makes
it expire. Each purpose signs with its own salt, so a link for one purpose opens nothing else.
"""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"wscn-{purpose}")


def fingerprint(*parts):
    return hashlib.sha256("|".join(str(part or "") for part in parts).encode()).hexdigest()[:20]


def make(purpose, ident, fp):
    return _serializer(purpose).dumps({"id": ident, "fp": fp})


def read(purpose, token, max_age):
    """``(id, fingerprint)`` from a valid, unexpired token of this purpose, else None."""
    if not isinstance(token, str) or len(token) > 1000:
        return None
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int) or isinstance(data.get("id"), bool):
        return None
    return data["id"], data.get("fp")
