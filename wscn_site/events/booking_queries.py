"""What the booking pages read: an event members may book, what their organisation has left of
it, and the places a person may see (their organisation's, for its lead)."""
import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload

from .. import clock
from ..extensions import db
from ..models import Booking, Event, Place
from .booking_rules import closed_reason, event_year, free_allowance, places_taken, seminar_allowance


def event_or_404(event_id):
    """A published or cancelled event (a draft is a 404, like an id that does not exist)."""
    event = db.session.get(Event, event_id)
    if event is None or event.status == "draft":
        abort(404)
    return event


def places_left(event):
    return max(event.capacity - places_taken(event.id), 0)


def allowance_summary(event, organisation):
    """(kind, allowance, used) of the organisation's free places: "event" (per event) or "named"
    (the virtual-seminar individuals of the event's financial year); None without member terms."""
    if not organisation.is_current_member():
        return None
    if event.kind == "virtual-seminar":
        allowance, named = seminar_allowance(organisation.id, event_year(event))
        return "named", allowance, len(named)
    allowance, used = free_allowance(event, organisation.id)
    return "event", allowance, used


def visible_places(user, upcoming_only=True):
    """Booked and cancelled places ``user`` may see: all of their organisation's for its lead;
    otherwise the ones they booked or hold. Soonest event first."""
    query = (sa.select(Place).join(Booking, Place.booking_id == Booking.id).join(Event, Place.event_id == Event.id)
             .where(Place.organisation_id == user.organisation_id)
             .options(joinedload(Place.booking)).order_by(Event.starts_at, Place.id))
    if user.role != "lead":
        query = query.where(sa.or_(Booking.booked_by_id == user.id, Place.email == user.email))
    if upcoming_only:
        query = query.where(Event.ends_at >= clock.now())
    return db.session.execute(query).unique().scalars().all()


def events_of(places):
    ids = {place.event_id for place in places}
    return {event.id: event for event in db.session.execute(sa.select(Event).where(Event.id.in_(ids))).scalars()}


def booked_with_key(request_key, user_id):
    """Has this person already confirmed the form carrying ``request_key``?"""
    return bool(request_key) and db.session.execute(sa.select(Booking.id).where(
        Booking.request_key == request_key, Booking.booked_by_id == user_id)).first() is not None


def open_events(now=None, limit=20):
    """Published events members may book now, soonest first."""
    now = now or clock.now()
    events = db.session.execute(sa.select(Event).where(Event.status == "published", Event.starts_at > now)
                                .order_by(Event.starts_at).limit(limit * 2)).scalars().all()
    return [event for event in events if closed_reason(event, now) is None][:limit]
