"""Sending the Briff's queued deliveries: one recipient at a time, resumable, safe to run twice at once.

Each delivery goes through three committed steps:

1. **claim**: ``UPDATE ... SET status='sending' WHERE id=? AND status='pending'`` (or a claim gone
   stale), counting the attempt; only the run whose UPDATE matched the row sends it, so two
   senders never send the same delivery. While a delivery is ``sending``, ``sent_at`` holds when
   it was claimed.
2. **send** over SMTP.
3. **finish**: ``sent``; or, on failure, ``last_error`` and back to ``pending`` for the next run,
   until MAX_ATTEMPTS, then ``failed``.

An interrupted run leaves what it sent marked ``sent`` and what it had not reached ``pending``,
so the next run sends to the rest only. A run killed between steps 2 and 3 leaves one delivery
``sending``: after CLAIM_TIMEOUT the next run takes it to have died and sends it again (the one
case where an email could arrive twice; nothing can tell whether the server took it, but the second
copy carries the first one's Message-ID, so mail systems that drop repeats show it once).
"""
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context

from ..access import is_entitled
from ..clock import now
from ..extensions import db
from ..mail import MailError, deliver
from ..models import BriffIssue, Delivery
from .issue_email import build_issue_email, language_of, present_items

MAX_ATTEMPTS = 3
CLAIM_TIMEOUT = timedelta(minutes=15)
MAX_ERROR = 1000


@dataclass(frozen=True)
class Outcome:
    delivery_id: int
    email: str
    status: str  # "sent", "retry" (pending again), "failed", or "skipped" (another run has it; unsubscribed)
    error: str = ""


@dataclass
class Report:
    sent: int = 0
    skipped: int = 0
    retry: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    def add(self, outcome):
        if outcome.status in ("sent", "skipped"):
            setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        else:
            getattr(self, outcome.status).append(outcome)


def _claimable(moment):
    stale = sa.and_(Delivery.status == "sending", Delivery.sent_at < moment - CLAIM_TIMEOUT,
                    Delivery.attempts < MAX_ATTEMPTS)
    return sa.or_(Delivery.status == "pending", stale)


def give_up_on_dead_claims(moment=None):
    """Deliveries whose last allowed attempt died mid-send: failed, not retried for ever."""
    moment = moment or now()
    db.session.execute(
        sa.update(Delivery).where(Delivery.status == "sending", Delivery.sent_at < moment - CLAIM_TIMEOUT,
                                  Delivery.attempts >= MAX_ATTEMPTS)
        .values(status="failed", last_error="interrupted while sending").execution_options(synchronize_session=False)
    )
    db.session.commit()


def waiting(issue_id=None, moment=None):
    """Ids of the deliveries of published issues a run should try now, oldest first."""
    query = (sa.select(Delivery.id).join(BriffIssue, BriffIssue.id == Delivery.issue_id)
             .where(BriffIssue.published_at.is_not(None), _claimable(moment or now())).order_by(Delivery.id))
    if issue_id is not None:
        query = query.where(Delivery.issue_id == issue_id)
    return list(db.session.execute(query).scalars())


def claim(delivery_id, moment=None):
    """Take the delivery for this run; False if another run has it (or it is done)."""
    moment = moment or now()
    result = db.session.execute(
        sa.update(Delivery).where(Delivery.id == delivery_id, _claimable(moment))
        .values(status="sending", sent_at=moment, attempts=Delivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _finish(delivery_id, **values):
    db.session.execute(sa.update(Delivery).where(Delivery.id == delivery_id, Delivery.status == "sending")
                       .values(**values).execution_options(synchronize_session=False))
    db.session.commit()


def send_one(delivery_id, shared=None):
    """Claim, send and finish one delivery. ``shared`` caches presented items across a run."""
    if not claim(delivery_id):
        return Outcome(delivery_id, "", "skipped")
    delivery = db.session.get(Delivery, delivery_id, populate_existing=True)
    if delivery is None:  # unsubscribed between the claim and now
        return Outcome(delivery_id, "", "skipped")
    subscriber, issue = delivery.subscriber, delivery.issue
    lang, user = language_of(subscriber), subscriber.user
    key = (issue.id, lang, is_entitled(user), user is not None)
    if shared is None or key not in shared:
        items = present_items(issue, user, lang)
        if shared is not None:
            shared[key] = items
    else:
        items = shared[key]
    try:
        deliver(build_issue_email(issue, subscriber, items))
    except MailError as error:
        status = "failed" if delivery.attempts >= MAX_ATTEMPTS else "pending"
        _finish(delivery_id, status=status, sent_at=None, last_error=str(error)[:MAX_ERROR])
        return Outcome(delivery_id, subscriber.email, "failed" if status == "failed" else "retry", str(error))
    _finish(delivery_id, status="sent", sent_at=now(), last_error="")
    return Outcome(delivery_id, subscriber.email, "sent")


@contextmanager
def _site_urls():
    """``url_for`` needs a request; the CLI has none, so build URLs as if at WSCN_SITE_URL."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context("/", base_url=current_app.config["SITE_URL"]):
        yield


def send_waiting(ids=None, issue_id=None, on_each=None):
    """Send each delivery in ``ids`` (default: ``waiting(issue_id)``) once; a Report of what happened.

    ``on_each(outcome)`` is called after each delivery is committed (the CLI's progress bar).
    """
    give_up_on_dead_claims()
    ids = waiting(issue_id) if ids is None else ids
    report, shared = Report(), {}
    with _site_urls():
        for delivery_id in ids:
            outcome = send_one(delivery_id, shared)
            report.add(outcome)
            if on_each is not None:
                on_each(outcome)
    return report
