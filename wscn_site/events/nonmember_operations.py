"""Non-members' bookings: held, confirmed by the emailed link, released when not confirmed in
time, cancelled by the signed link of the confirmation. Each step is one transaction under the
event's lock (booking_locks.py), the same lock members' bookings take, so held places are counted
with booked ones and never more than the capacity is taken. Every change of state is a guarded
``UPDATE ... WHERE status = ...``: a repeated or concurrent step changes nothing the second time.

Refusals (``Refused(reason)``, nothing changed): those of booking_operations ("no-attendees",
"too-many", "same-person", "not-found", "cancelled", "past", "not-open", "closed", "members-only",
"already-booked", "full", "price-changed"), and "booker-already" (this email already has a booking
at the event), "link-invalid", "hold-expired", "booking-cancelled", "too-late".
"""
import secrets
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from .. import clock, signed_links
from ..audit import Refused, audit
from ..extensions import db
from ..mail import site_urls
from ..membership.invoicing import issue
from ..models import Booking, Invoice, NonMemberBooking, Organisation, Place
from ..models.nonmember_bookings import NONMEMBER_ORGANISATION, is_placeholder
from . import nonmember_email
from .booking_locks import lock_event
from .booking_operations import _description, _refuse, check_people
from .booking_rules import Line, Quote, closed_reason, cut_off, places_taken

HOLD_HOURS = 24  # WSCN_BOOKING_HOLD_HOURS
CONFIRM, CANCEL = "nonmember-confirm", "nonmember-cancel"
#: How long the links' signatures last: the hold's own end is checked in the database (so that an
#: expired link can say so), and cancelling ends at the event's cut-off.
CONFIRM_LINK_DAYS, CANCEL_LINK_DAYS = 30, 800


@dataclass(frozen=True)
class Booker:
    name: str
    email: str
    language: str
    organisation_name: str
    billing_address: str


def hold_hours():
    return int(current_app.config.get("BOOKING_HOLD_HOURS", HOLD_HOURS))


def full_price_quote(event, emails):
    """Every place at the full price: non-members have no allowance and no member price."""
    return Quote(tuple(Line(email, "full", event.full_price_pence) for email in emails), False)


def nonmember_organisation():
    """The organisation non-members' bookings belong to (it has no people); made when first needed, once
    however many first bookings are made at once (the unique index on its flag: a second INSERT does nothing)."""
    query = sa.select(Organisation).where(is_placeholder(Organisation))
    found = db.session.execute(query).scalars().first()
    if found is None:
        insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        db.session.execute(insert(Organisation).values(**NONMEMBER_ORGANISATION, created_at=clock.now())
                           .on_conflict_do_nothing())
        found = db.session.execute(query).scalars().one()
    return found


def confirm_token(held):
    return signed_links.make(CONFIRM, held.id, signed_links.fingerprint(held.secret, CONFIRM))


def cancel_token(held):
    return signed_links.make(CANCEL, held.id, signed_links.fingerprint(held.secret, CANCEL))


def from_token(purpose, token):
    """The non-member booking a valid link of ``purpose`` names, else None (nothing is revealed)."""
    days = CONFIRM_LINK_DAYS if purpose == CONFIRM else CANCEL_LINK_DAYS
    found = signed_links.read(purpose, token, max_age=days * 86400)
    if found is None:
        return None
    held = db.session.get(NonMemberBooking, found[0])
    if held is None or found[1] != signed_links.fingerprint(held.secret, purpose):
        return None
    return held


def by_request_key(request_key):
    """The non-member booking already made with this form (a repeated submit), or None."""
    return db.session.execute(sa.select(NonMemberBooking).join(Booking, Booking.id == NonMemberBooking.booking_id)
                              .where(Booking.request_key == request_key)).scalar_one_or_none()


def hold(event_id, booker, attendees, request_key, confirmed):
    """Hold a place at the full price for each attendee until the booker confirms by the emailed link.
    Returns ``(held, True)``, or ``(held, False)`` when this form was already sent."""
    emails = check_people(attendees)
    event = lock_event(event_id)
    if event is None or event.status == "draft":
        _refuse("not-found")
    repeat = db.session.execute(sa.select(Booking.id).where(Booking.request_key == request_key)).first()
    if repeat is not None:
        found = by_request_key(request_key)
        if found is None:
            _refuse("not-found")
        db.session.rollback()
        return found, False
    if reason := closed_reason(event):
        _refuse(reason)
    until = clock.as_utc(event.members_only_until)
    if until is not None and clock.now() < until:
        _refuse("members-only")
    booker_email = booker.email.strip().lower()
    if db.session.execute(sa.select(NonMemberBooking.id).where(
            NonMemberBooking.event_id == event.id, NonMemberBooking.email == booker_email,
            NonMemberBooking.status.in_(("held", "confirmed")))).first():
        _refuse("booker-already")
    already = db.session.execute(sa.select(Place.email).where(
        Place.event_id == event.id, Place.status == "booked", Place.email.in_(emails))).scalars().all()
    if already:
        _refuse("already-booked", emails=sorted(already))
    left = event.capacity - places_taken(event.id)
    if len(emails) > left:
        _refuse("full", left=max(left, 0))
    priced = full_price_quote(event, emails)
    if priced.fingerprint != confirmed:
        _refuse("price-changed")
    organisation = nonmember_organisation()
    booking = Booking(event_id=event.id, organisation_id=organisation.id, booked_by_id=None,
                      request_key=request_key, member_terms=False, total_pence=priced.total)
    for attendee, line in zip(attendees, priced.lines):
        booking.places.append(Place(
            event_id=event.id, organisation_id=organisation.id, status="booked", name=attendee.name.strip(),
            email=line.email, language=attendee.language, access_needs=attendee.access_needs.strip(),
            dietary_needs=attendee.dietary_needs.strip(), speaks_welsh=attendee.speaks_welsh,
            price_reason=line.reason, price_pence=line.pence))
    held = NonMemberBooking(
        booking=booking, event_id=event.id, status="held", name=booker.name.strip(), email=booker_email,
        language=booker.language, organisation_name=booker.organisation_name.strip(),
        billing_address=booker.billing_address.strip(), secret=secrets.token_urlsafe(32)[:43],
        held_until=clock.now() + timedelta(hours=hold_hours()))
    db.session.add(booking)
    db.session.add(held)
    try:
        db.session.flush()
        audit(None, "booking.hold", "nonmember_booking", held.id, event_id=event.id, places=len(booking.places),
              total_pence=priced.total, held_until=held.held_until)
        nonmember_email.queue_hold(held, event, confirm_token(held))
        db.session.commit()
    except IntegrityError:  # the partial unique index on booked emails: the last guard
        _refuse("already-booked", emails=[])
    return held, True


def _guarded(held, new_status, column, now, *where):
    """Move ``held`` to ``new_status`` only if it is still as expected; True if this call did it."""
    done = db.session.execute(sa.update(NonMemberBooking).where(NonMemberBooking.id == held.id, *where)
                              .values(status=new_status, **{column: now})
                              .execution_options(synchronize_session=False)).rowcount == 1
    db.session.expire(held)
    return done


def bill_to(held):
    """The addressee the invoice's PDF prints: the booker's organisation, name, address and email."""
    address = ", ".join(line.strip() for line in held.billing_address.splitlines() if line.strip())
    return SimpleNamespace(id=held.booking.organisation_id, name=lambda lang: held.organisation_name,
                           finance_name=f"{held.name}, {address}" if address else held.name,
                           finance_email=held.email)


def _lines(event, booking):
    counts = {}
    for place in booking.places:
        if place.price_pence:
            counts[place.price_pence] = counts.get(place.price_pence, 0) + 1
    return [(_description(event, "en", "full"), _description(event, "cy", "full"), quantity, pence)
            for pence, quantity in counts.items()]


def _locked(held_id):
    """The non-member booking and its event, read afresh under the event's lock."""
    found = db.session.get(NonMemberBooking, held_id)
    if found is None:
        raise Refused("link-invalid")
    event = lock_event(found.event_id)
    return db.session.get(NonMemberBooking, held_id, populate_existing=True), event


def confirm(held_id):
    """Confirm a hold (the emailed link): the invoice to the booker's organisation and billing
    address, and the confirmation to each attendee with the calendar entry. Returns ``(held, True)``,
    or ``(held, False)`` when it was already confirmed."""
    held, event = _locked(held_id)
    now = clock.now()
    if held.status == "confirmed":
        db.session.rollback()
        return held, False
    if held.status == "cancelled":
        _refuse("booking-cancelled")
    if held.status == "released" or clock.as_utc(held.held_until) <= now:
        _refuse("hold-expired")
    if (reason := closed_reason(event, now)) in ("cancelled", "past", "closed"):
        _refuse(reason)
    if not _guarded(held, "confirmed", "confirmed_at", now, NonMemberBooking.status == "held",
                    NonMemberBooking.held_until > now):
        _refuse("hold-expired")
    booking = held.booking
    invoice = None
    if booking.total_pence:
        try:
            invoice = issue(bill_to(held), _lines(event, booking), language=held.language, actor=None)
        except Refused as refusal:  # no issuer's details: nothing is confirmed
            _refuse(refusal.reason)
        booking.invoice_id = invoice.id
    audit(None, "booking.confirm", "nonmember_booking", held.id, event_id=event.id, places=len(booking.places),
          total_pence=booking.total_pence, invoice=invoice.number if invoice else None)
    token = cancel_token(held)
    nonmember_email.queue_confirmed(held, event, token, invoice)
    for place in booking.places:
        nonmember_email.queue_attendee(place, event, token)
    db.session.commit()
    return held, True


def _free_places(held, now):
    """Cancel the booking's booked places (they and their emails are free for others again)."""
    db.session.execute(sa.update(Place).where(Place.booking_id == held.booking_id, Place.status == "booked")
                       .values(status="cancelled", cancelled_at=now).execution_options(synchronize_session=False))
    for place in held.booking.places:
        db.session.expire(place)


def release_expired(now=None):
    """Release every hold not confirmed in time: its places are free again. Safe to run again and
    alongside bookings and confirmations (each hold is released under its event's lock, by a guarded
    UPDATE). Returns the ids of the holds this call released."""
    now = now or clock.now()
    with site_urls():  # links in the emails
        return _release(now)


def _release(now):
    candidates = db.session.execute(sa.select(NonMemberBooking.id, NonMemberBooking.event_id).where(
        NonMemberBooking.status == "held", NonMemberBooking.held_until <= now)
        .order_by(NonMemberBooking.id)).all()
    db.session.rollback()
    released = []
    for held_id, event_id in candidates:
        event = lock_event(event_id)
        held = db.session.get(NonMemberBooking, held_id, populate_existing=True)
        if _guarded(held, "released", "released_at", now, NonMemberBooking.status == "held",
                    NonMemberBooking.held_until <= now):
            _free_places(held, now)
            audit(None, "booking.release", "nonmember_booking", held.id, event_id=event.id)
            nonmember_email.queue_released(held, event)
            released.append(held_id)
        db.session.commit()
    return released


def cancel(held_id):
    """Cancel a confirmed booking by the link in its confirmation, until the event's cut-off: the
    places are free again and an invoice is cancelled by a credit note. False if already cancelled."""
    held, event = _locked(held_id)
    now = clock.now()
    if held.status == "cancelled":
        db.session.rollback()
        return False
    if held.status != "confirmed":
        _refuse("link-invalid")
    if now >= cut_off(event):
        _refuse("too-late")
    if not _guarded(held, "cancelled", "cancelled_at", now, NonMemberBooking.status == "confirmed"):
        db.session.rollback()
        return False
    _free_places(held, now)
    booking = held.booking
    credit = None
    invoice = db.session.get(Invoice, booking.invoice_id) if booking.invoice_id else None
    credited = invoice is not None and db.session.execute(
        sa.select(Invoice.id).where(Invoice.credits_id == invoice.id, Invoice.partial.is_(False))).first() is not None
    if invoice is not None and not credited:
        lines = [(line.description_en, line.description_cy, line.quantity, line.unit_pence) for line in invoice.lines]
        try:
            credit = issue(bill_to(held), lines, language=invoice.language, actor=None, kind="credit",
                           credits=invoice)
        except Refused as refusal:
            _refuse(refusal.reason)
    audit(None, "booking.cancel", "nonmember_booking", held.id, event_id=event.id,
          places=len(booking.places), credit=credit.number if credit else None)
    nonmember_email.queue_cancelled(held, event, credit)
    db.session.commit()
    return True
