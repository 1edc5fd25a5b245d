"""The one sender: every queued email (resets, invitations, confirmations, the Briff, ...), delivered
once, with retries and exponential backoff. ``flask mail send`` runs it; safe from cron every minute,
to interrupt, and to run twice at once.

Each message goes through three committed steps:

1. **claim**: ``UPDATE ... SET status='sending' WHERE id=? AND status='pending' AND next_attempt_at <= now``
   (or a claim gone stale), counting the attempt; only the run whose UPDATE matched the row sends
   it, so two runs never send the same message. ``claimed_at`` says when.
2. **send** over the run's one SMTP connection, to exactly one envelope recipient.
3. **finish**: ``sent`` (a message whose link expires has its body erased); or, on failure,
   ``last_error`` and ``pending`` again with ``next_attempt_at`` 1, 2, 4 ... 64 minutes later,
   until MAX_ATTEMPTS (the eighth attempt comes over two hours after the first, so an hour's
   outage delays mail and loses none), then ``failed``: staff see it at /en/staff/email.

A message whose link has expired before it could go is not sent (``expired``). A run killed between
steps 2 and 3 leaves one message ``sending``: after CLAIM_TIMEOUT the next run takes it to have
died and sends it again (the one case where an email could arrive twice; the second copy carries
the first one's Message-ID, so mail systems that drop repeats show it once).
"""
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from .audit import audit
from .clock import as_utc, now
from .extensions import db
from .mail import MailError, message_of, site_urls
from .mail_transport import Transport
from .models import OutboxAttachment, OutboxMessage

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
CLAIM_TIMEOUT = timedelta(minutes=15)
MAX_ERROR = 1000
Message = OutboxMessage


@dataclass(frozen=True)
class Outcome:
    message_id: int
    email: str
    status: str  # "sent", "retry", "failed", "expired", or "skipped" (another run has it; withdrawn)
    error: str = ""
    unreachable: bool = False


@dataclass
class Report:
    sent: int = 0
    skipped: int = 0
    expired: int = 0
    retry: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    unreachable: bool = False
    connections: int = 0

    def add(self, outcome):
        if outcome.status in ("sent", "skipped", "expired"):
            setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        else:
            getattr(self, outcome.status).append(outcome)
        self.unreachable = self.unreachable or outcome.unreachable


def retry_delay(attempts):
    """How long after its ``attempts``-th failed attempt a message is tried again."""
    return FIRST_RETRY * 2 ** max(attempts - 1, 0)


def register_renderer(app, kind, renderer):
    """Messages of ``kind`` queued without a body are rendered at send time by ``renderer(row, shared)``
    (an EmailMessage, or None when it is no longer wanted); ``shared`` lives for one run."""
    app.extensions.setdefault("outbox_renderers", {})[kind] = renderer


def _claimable(moment):
    due = sa.and_(Message.status == "pending", Message.next_attempt_at <= moment)
    stale = sa.and_(Message.status == "sending", Message.claimed_at < moment - CLAIM_TIMEOUT,
                    Message.attempts < MAX_ATTEMPTS)
    return sa.or_(due, stale)


def give_up_on_dead_claims(moment=None):
    """Messages whose last allowed attempt died mid-send: failed, not retried for ever."""
    moment = moment or now()
    db.session.execute(
        sa.update(Message).where(Message.status == "sending", Message.claimed_at < moment - CLAIM_TIMEOUT,
                                 Message.attempts >= MAX_ATTEMPTS)
        .values(status="failed", last_error="interrupted while sending").execution_options(synchronize_session=False))
    db.session.commit()


def waiting(moment=None, kind=None, about_id=None):
    """Ids of the messages a run should try now, oldest first."""
    query = sa.select(Message.id).where(_claimable(moment or now())).order_by(Message.id)
    if kind is not None:
        query = query.where(Message.kind == kind)
    if about_id is not None:
        query = query.where(Message.about_id == about_id)
    return list(db.session.execute(query).scalars())


def claim(message_id, moment=None):
    """Take the message for this run; False if another run has it (or it is done, or not yet due)."""
    moment = moment or now()
    result = db.session.execute(
        sa.update(Message).where(Message.id == message_id, _claimable(moment))
        .values(status="sending", claimed_at=moment, attempts=Message.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _finish(row, claimed, erase=False, **values):
    """Record how the attempt ended, if the claim is still this run's; ``erase`` the stored body."""
    if erase:
        values.update(text_body="", html_body="")
        db.session.execute(sa.delete(OutboxAttachment).where(OutboxAttachment.message_id == row.id))
    db.session.execute(sa.update(Message).where(Message.id == row.id, Message.status == "sending",
                                                Message.claimed_at == claimed)
                       .values(**values).execution_options(synchronize_session=False))
    db.session.commit()


def _message_for(row, shared):
    renderer = current_app.extensions.get("outbox_renderers", {}).get(row.kind)
    if renderer is not None and not row.text_body:
        return renderer(row, shared)
    return message_of(row)


def send_one(message_id, transport, shared=None):
    """Claim, send and finish one message."""
    moment = now()
    if not claim(message_id, moment):
        return Outcome(message_id, "", "skipped")
    row = db.session.get(Message, message_id, populate_existing=True)
    if row is None:  # withdrawn (an unsubscribe) between the claim and now
        return Outcome(message_id, "", "skipped")
    if row.expires_at is not None and as_utc(row.expires_at) <= moment:
        _finish(row, moment, erase=True, status="expired", last_error="")
        return Outcome(message_id, row.recipient, "expired")
    message = _message_for(row, shared if shared is not None else {})
    if message is None:
        db.session.delete(row)
        db.session.commit()
        return Outcome(message_id, "", "skipped")
    try:
        transport.send(message, row.recipient)
    except MailError as error:
        final = row.attempts >= MAX_ATTEMPTS
        _finish(row, moment, status="failed" if final else "pending", last_error=str(error)[:MAX_ERROR],
                next_attempt_at=moment + retry_delay(row.attempts), subject=str(message["Subject"])[:300])
        return Outcome(message_id, row.recipient, "failed" if final else "retry", str(error), error.connection)
    _finish(row, moment, erase=row.expires_at is not None, status="sent", sent_at=now(), last_error="")
    return Outcome(message_id, row.recipient, "sent")


def send_waiting(ids=None, on_each=None):
    """Send each message in ``ids`` (default: ``waiting()``) once, over one connection; a Report.

    ``on_each(outcome)`` is called after each message is committed (the CLI's progress bar). When
    the mail server cannot be reached the run stops: the rest wait for the next run.
    """
    give_up_on_dead_claims()
    ids = waiting() if ids is None else ids
    report, shared = Report(), {}
    with site_urls(), Transport() as transport:
        for message_id in ids:
            outcome = send_one(message_id, transport, shared)
            report.add(outcome)
            if on_each is not None:
                on_each(outcome)
            if outcome.unreachable:
                break
    report.connections = transport.connections
    return report


def status_counts(kind, about_id):
    """{"pending": n, "sending": n, "sent": n, "failed": n, ...} of one feature's messages about one thing."""
    rows = db.session.execute(
        sa.select(Message.status, sa.func.count(Message.id))
        .where(Message.kind == kind, Message.about_id == about_id).group_by(Message.status)).all()
    return dict(rows)


def failed_messages():
    return db.session.execute(sa.select(Message).where(Message.status == "failed")
                              .order_by(Message.id.desc())).scalars().all()


def try_again(message_id, actor):
    """Staff: put a failed message back in the queue, with a fresh set of attempts. False if it was not failed."""
    row = db.session.get(Message, message_id)
    result = db.session.execute(
        sa.update(Message).where(Message.id == message_id, Message.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=now(), claimed_at=None)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        return False
    audit(actor, "email.retry", "email", message_id, email=row.recipient)
    db.session.commit()
    return True
