"""Reads for the public event pages and the staff list: upcoming and past events, one event, and
whether it can be booked now (``bookable``, the booking slice's entry point).

Places left and "booking open or closed" change with every booking and with the clock, so the
pages that show them are never kept by a cache (see pages_views.py): each request reads them here.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from .. import clock
from ..clock import as_utc
from ..extensions import db
from ..models import Place, WaitlistEntry
from ..models.events import EVENT_KINDS, Event

PUBLIC_STATUSES = ("published", "cancelled")


def _listed(kind):
    query = sa.select(Event).where(Event.status.in_(PUBLIC_STATUSES))
    return query.where(Event.kind == kind) if kind in EVENT_KINDS else query


def upcoming(kind=None, now=None):
    """Published and cancelled events that have not ended, soonest first."""
    now = now or clock.now()
    query = _listed(kind).where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)
    return db.session.execute(query).scalars().all()


def past(kind=None, now=None, limit=100):
    """Events that have ended, latest first."""
    now = now or clock.now()
    query = _listed(kind).where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id.desc()).limit(limit)
    return db.session.execute(query).scalars().all()


def public_event(event_id):
    """A published or cancelled event (drafts are not public), or None."""
    event = db.session.get(Event, event_id)
    return event if event is not None and event.status in PUBLIC_STATUSES else None


def calendar_events():
    """Every public event, for the iCalendar feed (cancelled ones say so there)."""
    query = sa.select(Event).where(Event.status.in_(PUBLIC_STATUSES)).order_by(Event.starts_at, Event.id)
    return db.session.execute(query).scalars().all()


def all_events():
    """The staff list: every event, the latest first."""
    return db.session.execute(sa.select(Event).order_by(Event.starts_at.desc(), Event.id.desc())).scalars().all()


def sitemap_ids():
    query = sa.select(Event.id).where(Event.status.in_(PUBLIC_STATUSES)).order_by(Event.id)
    return db.session.execute(query).scalars().all()


def places_taken(event_ids):
    """{event id: places booked} (booked places only: a cancelled place is free again)."""
    ids = list(event_ids)
    if not ids:
        return {}
    taken = dict(db.session.execute(
        sa.select(Place.event_id, sa.func.count(Place.id))
        .where(Place.event_id.in_(ids), Place.status == "booked").group_by(Place.event_id)).all())
    held = db.session.execute(  # places held for a waiting-list offer are taken for everyone else
        sa.select(WaitlistEntry.event_id, sa.func.sum(WaitlistEntry.places))
        .where(WaitlistEntry.event_id.in_(ids), WaitlistEntry.status == "offered").group_by(WaitlistEntry.event_id))
    for event_id, count in held:
        taken[event_id] = taken.get(event_id, 0) + int(count or 0)
    return taken


def places_left(event, taken=None):
    taken = places_taken([event.id]) if taken is None else taken
    return max(0, event.capacity - taken.get(event.id, 0))


@dataclass(frozen=True)
class Bookability:
    """Whether an event can be booked at a moment: ``reason`` is None when it can, otherwise one of
    "draft", "cancelled", "past", "not-open", "closed", "full"; ``members_only`` while a workshop's
    early invitation runs (only members may book then)."""

    reason: str | None
    members_only: bool = False
    places_left: int = 0

    @property
    def open(self):
        return self.reason is None


def bookable(event, now=None, taken=None):
    """Can ``event`` be booked at ``now``? The booking slice asks this before taking a place (and again
    under its lock); the public pages show the answer."""
    now = now or clock.now()
    left = places_left(event, taken)
    members_only = bool(event.members_only_until and now < as_utc(event.members_only_until))
    if event.status == "draft":
        reason = "draft"
    elif event.status == "cancelled":
        reason = "cancelled"
    elif now >= as_utc(event.starts_at):
        reason = "past"
    elif event.booking_opens_at and now < as_utc(event.booking_opens_at):
        reason = "not-open"
    elif event.booking_closes_at and now >= as_utc(event.booking_closes_at):
        reason = "closed"
    elif left <= 0:
        reason = "full"
    else:
        reason = None
    return Bookability(reason, members_only and reason is None, left)
