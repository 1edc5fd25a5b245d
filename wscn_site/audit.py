"""The audit trail and the refusal every feature's operations share.

Each change made by staff (or by a scheduled job, with no actor) writes one ``AuditEntry`` in
the same transaction as the change, so the log never shows a change that did not happen.
"""
import json

from .extensions import db
from .models import AuditEntry

MAX_DETAILS = 2000


class Refused(Exception):
    """An operation that may not be done: ``reason`` (also ``args[0]``) says why, as a code
    ("admin-only", "self", "published", ...) that the view turns into a message."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def audit(actor, action, target_type, target_id, **details):
    text = json.dumps(details, ensure_ascii=False, default=str, sort_keys=True) if details else ""
    db.session.add(AuditEntry(actor_id=actor.id if actor is not None else None, action=action,
                              target_type=target_type, target_id=target_id, details=text[:MAX_DETAILS]))
