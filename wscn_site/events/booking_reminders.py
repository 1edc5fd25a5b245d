"""Scheduled booking work, safe from cron however often it runs, and concurrently:

- ``remind()``: the reminder the day before the event (Europe/London) to each booked attendee, in
  their language, with the joining link of an online event. Each place is claimed by an UPDATE
  guarded by ``reminded_at IS NULL`` in the transaction that queues its email, so two runs never
  send one twice (on PostgreSQL the second waits on the row, then finds it claimed). A swap clears
  ``reminded_at``, so the new attendee is reminded too.
- ``forget_needs()``: access and dietary needs are deleted ``EVENT_NEEDS_RETENTION_DAYS`` (30) days
  after the event ends, as the privacy notice says; one UPDATE, audited with the count.
"""
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from .. import clock
from ..audit import audit
from ..extensions import db
from ..mail import site_urls
from ..models import Event, NonMemberBooking, Place, WaitlistAttendee
from . import booking_email

NEEDS_RETENTION_DAYS = 30


def retention_days():
    return int(current_app.config.get("EVENT_NEEDS_RETENTION_DAYS", NEEDS_RETENTION_DAYS))


def _tomorrow_bounds(now):
    tomorrow = now.astimezone(clock.LONDON).date() + timedelta(days=1)
    return clock.london_moment(tomorrow), clock.london_moment(tomorrow + timedelta(days=1))


def due_places(now=None):
    """Ids of booked places, not yet reminded, at published events starting tomorrow in London; a
    non-member's places only once confirmed (a hold is not yet a booking)."""
    now = now or clock.now()
    start, end = _tomorrow_bounds(now)
    unconfirmed = sa.exists().where(NonMemberBooking.booking_id == Place.booking_id,
                                    NonMemberBooking.status != "confirmed")
    return db.session.execute(sa.select(Place.id).join(Event, Place.event_id == Event.id).where(
        Event.status == "published", Event.starts_at >= start, Event.starts_at < end, Event.starts_at > now,
        Place.status == "booked", Place.reminded_at.is_(None), ~unconfirmed).order_by(Place.id)).scalars().all()


def remind(now=None):
    """Queue each due reminder once; returns the (email, event title) of those queued by this run."""
    now = now or clock.now()
    with site_urls():
        return _remind(now)


def _remind(now):
    sent = []
    for place_id in due_places(now):
        claimed = db.session.execute(sa.update(Place).where(
            Place.id == place_id, Place.status == "booked", Place.reminded_at.is_(None)).values(reminded_at=now))
        if claimed.rowcount != 1:  # another run took it, or it was cancelled meanwhile
            db.session.rollback()
            continue
        place = db.session.get(Place, place_id, populate_existing=True)
        event = db.session.get(Event, place.event_id)
        booking_email.queue_reminder(place, event, link=_nonmember_link(place))
        db.session.commit()
        sent.append((place.email, event.title_en))
    return sent


def _nonmember_link(place):
    """A non-member attendee has no bookings page: their reminder carries the signed cancellation
    link of their confirmation instead (None for members' places)."""
    held = db.session.execute(sa.select(NonMemberBooking).where(
        NonMemberBooking.booking_id == place.booking_id)).scalar_one_or_none()
    if held is None:
        return None
    from .nonmember_operations import cancel_token

    return current_app.config["SITE_URL"] + url_for("events.nonmember_cancel", lang_code=place.language,
                                                    token=cancel_token(held))


def forget_needs(now=None, days=None):
    """Delete the needs of places at events that ended more than ``days`` days ago; returns how many."""
    now = now or clock.now()
    days = retention_days() if days is None else days
    ended = sa.select(Event.id).where(Event.ends_at < now - timedelta(days=days))
    result = db.session.execute(sa.update(Place).where(
        Place.event_id.in_(ended), sa.or_(Place.access_needs != "", Place.dietary_needs != ""))
        .values(access_needs="", dietary_needs="", needs_forgotten_at=now))
    count = result.rowcount
    db.session.execute(sa.update(WaitlistAttendee).where(  # and of the people on the waiting list
        WaitlistAttendee.event_id.in_(ended), sa.or_(WaitlistAttendee.access_needs != "",
                                                     WaitlistAttendee.dietary_needs != ""))
        .values(access_needs="", dietary_needs=""))
    if count:
        audit(None, "booking.forget_needs", "event_place", None, places=count, days=days)
    db.session.commit()
    return count
