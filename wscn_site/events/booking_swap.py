"""Swapping the person named on a booked place: someone else goes instead. The place keeps its
price and what it took from the allowance (a free place stays one free place; a virtual-seminar
place stays with the organisation's named people of the year, who are not changed), so a swap
costs nothing more. One transaction under the event's lock, like booking: the checks, the
change, the audit entry (with who held the place before) and the emails commit together.

Who may swap: the organisation's lead, the person who booked the place, or staff (staff at any
time, members until the cut-off). Refusals (``Refused``): "not-allowed", "not-booked" (the place
was cancelled), "too-late", "already-booked" (the new person already has a place at the event),
"same-person" (the new person is the one already named).
"""
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..audit import Refused, audit
from ..extensions import db
from ..models import Place
from . import booking_email
from .booking_locks import lock_event
from .booking_rules import cut_off


def may_swap(place, actor):
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_staff:
        return True
    return (actor.id == place.booking.booked_by_id
            or (actor.role == "lead" and actor.organisation_id == place.organisation_id))


def _refuse(reason):
    db.session.rollback()
    raise Refused(reason)


def swap_place(place_id, actor, attendee):
    """Name ``attendee`` (booking_operations.Attendee) on the place instead of its holder."""
    place = db.session.get(Place, place_id)
    if place is None or not may_swap(place, actor):
        raise Refused("not-allowed")
    event = lock_event(place.event_id)
    place = db.session.get(Place, place_id, populate_existing=True)
    if place.status != "booked":
        _refuse("not-booked")
    if not actor.is_staff and clock.now() >= cut_off(event):
        _refuse("too-late")
    email = attendee.email.strip().lower()
    if email == place.email.lower():
        _refuse("same-person")
    taken = db.session.execute(sa.select(Place.id).where(
        Place.event_id == event.id, Place.status == "booked", sa.func.lower(Place.email) == email)).first()
    if taken is not None:
        _refuse("already-booked")
    before = {"name": place.name, "email": place.email, "language": place.language}
    place.name, place.email, place.language = attendee.name.strip(), email, attendee.language
    place.access_needs, place.dietary_needs = attendee.access_needs.strip(), attendee.dietary_needs.strip()
    place.speaks_welsh, place.attended = attendee.speaks_welsh, None
    place.reminded_at = None  # the new attendee gets the reminder the day before
    audit(actor, "booking.swap", "place", place.id, event_id=event.id, organisation_id=place.organisation_id,
          before={"name": before["name"], "email": before["email"]}, after={"name": place.name, "email": place.email}, price_reason=place.price_reason)
    booking_email.queue_swapped_out(before, place, event)
    booking_email.queue_confirmation(place, event)
    try:
        db.session.commit()
    except IntegrityError:  # the partial unique index: booked meanwhile
        _refuse("already-booked")
    return place
