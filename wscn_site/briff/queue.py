"""Queueing an issue for email: one Delivery row per confirmed subscriber, never two."""
import sqlalchemy as sa

from ..extensions import db
from ..models import Delivery, Subscriber


def queue_issue(issue):
    """Add a pending delivery of ``issue`` for every confirmed subscriber not yet queued; returns how many."""
    already = sa.select(Delivery.subscriber_id).where(Delivery.issue_id == issue.id)
    subscribers = db.session.execute(
        sa.select(Subscriber.id).where(Subscriber.confirmed_at.is_not(None), Subscriber.id.not_in(already))
    ).scalars().all()
    db.session.add_all(Delivery(issue_id=issue.id, subscriber_id=sid, status="pending") for sid in subscribers)
    db.session.commit()
    return len(subscribers)


def delivery_counts(issue):
    """{"pending": n, "sent": n, "failed": n} for the staff page's progress count."""
    rows = db.session.execute(
        sa.select(Delivery.status, sa.func.count(Delivery.id)).where(Delivery.issue_id == issue.id)
        .group_by(Delivery.status)
    ).all()
    counts = {"pending": 0, "sent": 0, "failed": 0}
    counts.update(dict(rows))
    return counts
