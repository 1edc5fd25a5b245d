"""Booking places and cancelling them. Each is one transaction under the event's lock
(booking_locks.py): the checks, the counts, the places, the named individuals, the invoice, the
audit entry and the emails commit together or not at all.

Refusals (``Refused(reason)``, nothing changed): "no-organisation", "no-attendees", "too-many",
"same-person" (one email twice in the form), "not-found" (no such event, or a draft), "cancelled",
"past", "not-open", "closed", "members-only", "already-booked" (``refusal.emails``), "full"
(``refusal.left``), "price-changed" (the price computed now is not the one shown and confirmed),
"not-allowed", "too-late".
"""
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..audit import Refused, audit
from ..extensions import db
from ..membership.invoicing import issue
from ..models import Booking, Invoice, Place, SeminarIndividual
from . import booking_email
from .booking_locks import lock_event, lock_organisation
from .booking_rules import closed_reason, cut_off, event_year, max_places, members_only, places_taken, quote


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    language: str = "cy"
    access_needs: str = ""
    dietary_needs: str = ""
    speaks_welsh: bool = False


def _refuse(reason, **details):
    db.session.rollback()
    refusal = Refused(reason)
    for key, value in details.items():
        setattr(refusal, key, value)
    raise refusal


def check_attendees(actor, attendees):
    """What can be refused before the event is locked."""
    if actor is None or not actor.is_active or actor.organisation_id is None or actor.is_staff:
        raise Refused("no-organisation")
    check_people(attendees)


def check_people(attendees):
    """At least one attendee, not too many, each a different person; their emails, in lower case."""
    if not attendees:
        raise Refused("no-attendees")
    if len(attendees) > max_places():
        raise Refused("too-many")
    emails = [attendee.email.strip().lower() for attendee in attendees]
    if len(set(emails)) != len(emails):
        raise Refused("same-person")
    return emails


def book(event_id, actor, attendees, request_key, confirmed):
    """Book a place for each attendee. ``confirmed`` is the quote's fingerprint the member saw.
    Returns ``(booking, True)``, or ``(booking, False)`` when this form was already confirmed."""
    check_attendees(actor, attendees)
    event = lock_event(event_id)
    if event is None or event.status == "draft":
        _refuse("not-found")
    repeat = db.session.execute(sa.select(Booking).where(Booking.request_key == request_key)).scalar_one_or_none()
    if repeat is not None:
        if repeat.booked_by_id != actor.id:
            _refuse("not-found")
        db.session.rollback()
        return repeat, False
    if reason := closed_reason(event):
        _refuse(reason)
    organisation = lock_organisation(actor.organisation_id)
    if members_only(event, organisation):
        _refuse("members-only")
    emails = [attendee.email.strip().lower() for attendee in attendees]
    already = db.session.execute(sa.select(Place.email).where(
        Place.event_id == event.id, Place.status == "booked", Place.email.in_(emails))).scalars().all()
    if already:
        _refuse("already-booked", emails=sorted(already))
    left = event.capacity - places_taken(event.id)
    if len(emails) > left:
        _refuse("full", left=max(left, 0))
    priced = quote(event, organisation, emails)
    if priced.fingerprint != confirmed:
        _refuse("price-changed")
    return create_booking(event, organisation, actor, attendees, priced, request_key), True


def create_booking(event, organisation, actor, attendees, priced, request_key, on_created=None):
    """The booking, its places, named individuals, invoice, audit entry and confirmations, committed;
    called under the event's and the organisation's locks with the places counted and priced.
    ``on_created(booking)`` runs before the commit (the waiting list records the booking it made)."""
    booking = Booking(event_id=event.id, organisation_id=organisation.id, booked_by_id=actor.id,
                      request_key=request_key, member_terms=priced.member_terms, total_pence=priced.total)
    for attendee, line in zip(attendees, priced.lines):
        booking.places.append(Place(
            event_id=event.id, organisation_id=organisation.id, status="booked", name=attendee.name.strip(),
            email=line.email, language=attendee.language, access_needs=attendee.access_needs.strip(),
            dietary_needs=attendee.dietary_needs.strip(), speaks_welsh=attendee.speaks_welsh,
            price_reason=line.reason, price_pence=line.pence))
    names = {a.email.strip().lower(): a.name.strip() for a in attendees}
    for email in priced.new_named:
        db.session.add(SeminarIndividual(organisation_id=organisation.id, year=event_year(event),
                                         email=email, name=names[email]))
    db.session.add(booking)
    try:
        db.session.flush()
        if priced.total:
            booking.invoice_id = _invoice(event, organisation, priced, actor).id
        audit(actor, "booking.create", "booking", booking.id, event_id=event.id, organisation_id=organisation.id,
              places=len(booking.places), total_pence=priced.total,
              prices=[line.reason for line in priced.lines])
        for place in booking.places:
            booking_email.queue_confirmation(place, event)
        if on_created is not None:
            on_created(booking)
        db.session.commit()
    except IntegrityError:  # the partial unique index: booked meanwhile (a lock makes this the last guard)
        _refuse("already-booked", emails=[])
    return booking


def _invoice(event, organisation, priced, actor):
    counts = {}
    for line in priced.lines:
        if line.pence:
            counts[(line.reason, line.pence)] = counts.get((line.reason, line.pence), 0) + 1
    lines = [(_description(event, "en", reason), _description(event, "cy", reason), quantity, pence)
             for (reason, pence), quantity in counts.items()]
    return issue(organisation, lines, language=organisation.invoice_language, actor=actor)


def _description(event, lang, reason):
    day = clock.as_utc(event.starts_at).astimezone(clock.LONDON).date().isoformat()
    if lang == "cy":
        kind = "pris aelodau" if reason == "member" else "pris llawn"
        return f"Lle yn {event.title_cy} ({day}), {kind}"[:300]
    kind = "member price" if reason == "member" else "full price"
    return f"Place at {event.title_en} ({day}), {kind}"[:300]


def may_cancel(place, actor):
    """The organisation's lead, the person who booked it, the attendee themselves, or staff."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_staff:
        return True
    return (actor.id == place.booking.booked_by_id or actor.email == place.email
            or (actor.role == "lead" and actor.organisation_id == place.organisation_id))


def cancel_place(place_id, actor):
    """Cancel one place until the cut-off (staff at any time): the place and any free allowance it
    used are free again; a paid place gets a credit note. False if it was already cancelled."""
    place = db.session.get(Place, place_id)
    if place is None or not may_cancel(place, actor):
        raise Refused("not-allowed")
    event = lock_event(place.event_id)
    place = db.session.get(Place, place_id, populate_existing=True)
    if place.status != "booked":
        db.session.rollback()
        return False
    if not actor.is_staff and clock.now() >= cut_off(event):
        _refuse("too-late")
    place.status, place.cancelled_at, place.cancelled_by_id = "cancelled", clock.now(), actor.id
    credit = None
    booking = place.booking
    if place.price_pence and booking.invoice_id:
        credit = issue(booking.organisation, [(_description(event, "en", place.price_reason),
                                               _description(event, "cy", place.price_reason), 1, place.price_pence)],
                       language=booking.organisation.invoice_language, actor=actor, kind="credit",
                       credits=db.session.get(Invoice, booking.invoice_id), partial=True)
    audit(actor, "booking.cancel", "place", place.id, event_id=event.id, email=place.email,
          organisation_id=place.organisation_id, price_reason=place.price_reason,
          credit=credit.number if credit else None)
    booking_email.queue_cancellation(place, event)
    from .waitlist_operations import offer_places  # the freed place goes to the waiting list, in this transaction
    offer_places(event)
    db.session.commit()
    return True
