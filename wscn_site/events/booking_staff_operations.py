"""What staff change about bookings: an organisation's free allowance (with a reason) and the
register on the day. Each writes its audit entry in the same transaction."""
from ..audit import Refused, audit
from ..extensions import db
from ..models import AllowanceAdjustment, Place
from .booking_locks import lock_event


def _check_staff(actor):
    if actor is None or not actor.is_active or not actor.is_staff:
        raise Refused("staff-only")


def adjust_allowance(organisation_id, change, reason, actor, event_id=None, year=None):
    """Add (or, with a negative ``change``, take away) free places at one event, or named
    virtual-seminar individuals in financial year ``year``. Under the event's lock when there is one."""
    _check_staff(actor)
    if (event_id is None) == (year is None) or not change or not reason.strip():
        raise Refused("invalid")
    if event_id is not None and lock_event(event_id) is None:
        db.session.rollback()
        raise Refused("invalid")
    row = AllowanceAdjustment(organisation_id=organisation_id, event_id=event_id, year=year, change=change,
                              reason=reason.strip(), actor_id=actor.id)
    db.session.add(row)
    db.session.flush()
    audit(actor, "allowance.adjust", "organisation", organisation_id, event_id=event_id, year=year,
          change=change, reason=row.reason)
    db.session.commit()
    return row


def mark_attendance(event_id, attended_ids, actor):
    """The register: the booked places in ``attended_ids`` attended, every other booked place did not."""
    _check_staff(actor)
    places = db.session.query(Place).filter(Place.event_id == event_id, Place.status == "booked").all()
    attended_ids = set(attended_ids)
    for place in places:
        place.attended = place.id in attended_ids
    audit(actor, "booking.attendance", "event", event_id, attended=len(attended_ids & {p.id for p in places}),
          booked=len(places))
    db.session.commit()
    return len(places)
