"""Every change staff make to an event, from the views, the CLI, the demo data and tests alike.

Each change writes an AuditEntry in its transaction. Publishing needs both languages complete (the
Briff's rule): a title, a description and, for an event in a place, the venue, in Welsh and in
English; a published event keeps to that rule when it is edited. Publishing and cancelling are
UPDATEs guarded by the status they start from, so two staff clicking at once change it once.
The prices' rule (``price_problem``) is checked here as well as in the form.

The event pages themselves are never cached (places left and booking windows change), but the
``.ics`` files and the calendar feeds are kept until the next public change: every change to a
public event calls ``public_version.bump()`` in its transaction.
"""
import sqlalchemy as sa

from ..audit import Refused, audit
from ..clock import now
from ..extensions import db
from ..models.events import DISCOUNTED_KINDS, EVENT_KINDS, Event
from ..public_version import bump as public_change
from ..readiness import NotReady, blank_fields
from .booking_locks import lock_event

TEXT_FIELDS = ("title_cy", "title_en", "description_cy", "description_en")
VENUE_FIELDS = ("venue_cy", "venue_en")
FIELDS = ("kind", *TEXT_FIELDS, "starts_at", "ends_at", "online", *VENUE_FIELDS, "address", "joining_link",
          "capacity", "full_price_pence", "member_price_pence", "booking_opens_at", "booking_closes_at",
          "members_only_until")
#: For network meetings, the conference and the awards the member price is at least this much below full.
MEMBER_DISCOUNT = 0.25


def readiness(event):
    return blank_fields(event, TEXT_FIELDS + (() if event.online else VENUE_FIELDS))


def price_problem(kind, full_pence, member_pence):
    """Why these prices break the offer: "above-full", "discount" (less than 25% off for the kinds
    that promise it) or "negative"; None when they keep to it."""
    if full_pence < 0 or member_pence < 0:
        return "negative"
    if member_pence > full_pence:
        return "above-full"
    if kind in DISCOUNTED_KINDS and full_pence > 0 and member_pence > full_pence * (1 - MEMBER_DISCOUNT):
        return "discount"
    return None


def _check(values):
    if values["kind"] not in EVENT_KINDS:
        raise Refused("kind")
    if price_problem(values["kind"], values["full_price_pence"], values["member_price_pence"]):
        raise Refused("price")
    if values["ends_at"] <= values["starts_at"]:
        raise Refused("times")
    if values["capacity"] < 1:
        raise Refused("capacity")


def _event_audit(actor, action, event, **details):
    audit(actor, action, "event", event.id, **details)


def create_event(values, actor):
    """A draft event from the form's ``values`` (every name in FIELDS)."""
    _check(values)
    event = Event(**{name: values[name] for name in FIELDS}, status="draft",
                  created_by_id=actor.id if actor is not None else None)
    db.session.add(event)
    db.session.flush()
    _event_audit(actor, "event.create", event, kind=event.kind, title=event.title_en or event.title_cy)
    db.session.commit()
    return event


def update_event(event, values, actor):
    """Save staff's changes. A cancelled event is not changed; a published one stays complete in
    both languages (NotReady, nothing saved)."""
    if event.status == "cancelled":
        raise Refused("cancelled")
    _check(values)
    new_capacity = event.status == "published" and values["capacity"] != event.capacity
    if new_capacity:  # under the bookings' lock, so places it frees reach the waiting list before any booker
        event = lock_event(event.id) or event
    changed = [name for name in FIELDS if getattr(event, name) != values[name]]
    for name in changed:
        setattr(event, name, values[name])
    if event.status == "published":
        result = readiness(event)
        if not result:
            db.session.rollback()
            raise NotReady(result)
        public_change()
    if changed:
        _event_audit(actor, "event.update", event, fields=changed)
    if new_capacity:  # freed places are offered to the waiting list in this transaction
        from .waitlist_operations import offer_places
        offer_places(event)
    db.session.commit()
    return changed


def publish(event, actor):
    """Publish a draft that is complete in both languages. False when it was published already."""
    result = readiness(event)
    if not result:
        raise NotReady(result)
    moment = now()
    done = db.session.execute(sa.update(Event).where(Event.id == event.id, Event.status == "draft")
                              .values(status="published", published_at=moment)).rowcount
    if done:
        from .invitation_email import invite  # the members' people, in their languages (their email choices)
        db.session.refresh(event)
        invited = invite(event)
        _event_audit(actor, "event.publish", event, invited=invited)
        public_change()
    db.session.commit()
    db.session.refresh(event)
    return bool(done)


def cancel(event, actor, reason=""):
    """Cancel a published event: its page, .ics and the feeds say so in both languages. A draft is
    not cancelled (it was never public). False when it was cancelled already."""
    if event.status == "draft":
        raise Refused("draft")
    done = db.session.execute(sa.update(Event).where(Event.id == event.id, Event.status == "published")
                              .values(status="cancelled", cancelled_at=now())).rowcount
    if done:
        _event_audit(actor, "event.cancel", event, reason=reason)
        public_change()
    db.session.commit()
    db.session.refresh(event)
    return bool(done)
