"""Queueing an issue for email: one outbox message per confirmed subscriber, never two.

The message is rendered when it is sent (``sending.py``), so members-only items follow each
reader's entitlement at that moment; the row holds the address, language and subject.
"""
import sqlalchemy as sa
from flask_babel import gettext as _

from ..extensions import db
from ..i18n import LANGUAGES, in_language
from ..models import OutboxMessage, Subscriber
from ..outbox import status_counts

KIND = "briff_issue"


def _subjects(issue):
    subjects = {}
    for lang in LANGUAGES:
        with in_language(lang):
            subjects[lang] = _("The Briff, issue %(number)s", number=issue.number)
    return subjects


def queue_issue(issue):
    """Queue ``issue`` for every confirmed subscriber not yet queued, and commit; returns how many."""
    already = sa.select(OutboxMessage.recipient_id).where(OutboxMessage.kind == KIND,
                                                          OutboxMessage.about_id == issue.id)
    subscribers = db.session.execute(
        sa.select(Subscriber).where(Subscriber.confirmed_at.is_not(None), Subscriber.id.not_in(already))
    ).scalars().all()
    subjects = _subjects(issue)
    for subscriber in subscribers:
        lang = subscriber.language if subscriber.language in LANGUAGES else "cy"
        db.session.add(OutboxMessage(kind=KIND, about_id=issue.id, recipient_id=subscriber.id,
                                     recipient=subscriber.email, language=lang, subject=subjects[lang]))
    db.session.commit()
    return len(subscribers)


def withdraw_unsent(issue):
    """An unpublished issue: its emails not yet sent are not sent (the caller commits)."""
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.kind == KIND, OutboxMessage.about_id == issue.id,
                                                      OutboxMessage.status == "pending"))


def forget_subscriber(subscriber):
    """An unsubscribe: the subscriber's Briff emails, sent or not, go with them (the caller commits)."""
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.kind == KIND,
                                                      OutboxMessage.recipient_id == subscriber.id))


def delivery_counts(issue):
    """{"pending": n, "sent": n, "failed": n} (and "sending" while a run has some) for the staff page."""
    counts = {"pending": 0, "sent": 0, "failed": 0}
    for status, count in status_counts(KIND, issue.id).items():
        if status in ("pending", "sending", "sent", "failed"):
            counts[status] = counts.get(status, 0) + count
    return counts
