"""The waiting list of a full event: joining it, leaving it, offers of freed places, accepting or
declining them, releasing the offers not taken in time, and staff moving entries.

Every change is one transaction under the event's lock (booking_locks.py), the same lock as
bookings and cancellations, so what is counted is what is taken:

- ``offer_places(event)`` (inside the caller's transaction, under the lock) offers the places that
  are free (capacity less booked places and places already held) to the waiting entries in order:
  an entry asking for more places than are free is skipped for now and keeps its position. Each
  offer is an UPDATE guarded by ``status = 'waiting'`` and holds its places until
  ``offer_expires_at`` (``WAITLIST_OFFER_HOURS``, 48, and never past the event's cut-off); held
  places count as taken for everyone else (booking_rules.places_taken).
- ``accept`` books the held places with the normal pricing (free allowance first, then the member
  price), computed on the server at acceptance under the lock, checked against what was shown.
- ``release_offers()`` (``flask events release-offers``, from cron) ends the offers not taken in
  time by an UPDATE guarded by ``status = 'offered' AND offer_expires_at <= now`` (the entry's maker
  is told by email, once: only the run whose UPDATE ended it writes), then offers the places to the
  next entries: two runs at once never offer one place twice.

Refusals (``Refused(reason)``, nothing changed): "no-organisation", "no-attendees", "too-many",
"same-person", "not-found", the reasons of ``closed_reason``, "members-only", "has-places"
(``refusal.left``: book instead), "already-booked" (``refusal.emails``), "already-waiting"
(``refusal.emails``), "not-allowed", "no-offer" (not offered, or offered no longer), "offer-expired",
"price-changed", "not-waiting", "staff-only".
"""
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, has_app_context

from .. import clock
from ..audit import Refused, audit
from ..extensions import db
from ..mail import site_urls
from ..models import Event, Place, WaitlistAttendee, WaitlistEntry
from ..models.waitlist import ACTIVE_STATUSES
from . import waitlist_email
from .booking_locks import lock_event, lock_organisation
from .booking_operations import _refuse, check_attendees, create_booking
from .booking_rules import closed_reason, cut_off, members_only, places_taken, quote

OFFER_HOURS = 48  # WAITLIST_OFFER_HOURS


def offer_hours():
    return int(current_app.config.get("WAITLIST_OFFER_HOURS", OFFER_HOURS)) if has_app_context() else OFFER_HOURS


def request_key_of(entry_id):
    """The booking an accepted offer makes carries this key: accepting twice books once."""
    return f"waitlist-{entry_id}"


def _emails(attendees):
    return [attendee.email.strip().lower() for attendee in attendees]


def waiting_emails(event_id, emails):
    """Which of ``emails`` are named on an entry still on the event's list."""
    return sorted(set(db.session.execute(sa.select(WaitlistAttendee.email).join(
        WaitlistEntry, WaitlistAttendee.entry_id == WaitlistEntry.id).where(
        WaitlistEntry.event_id == event_id, WaitlistEntry.status.in_(ACTIVE_STATUSES),
        WaitlistAttendee.email.in_(emails))).scalars()))


def join(event_id, actor, attendees, request_key):
    """Put ``attendees`` (booking_operations.Attendee) on the event's waiting list as one entry, last.
    Returns ``(entry, True)``, or ``(entry, False)`` when this form had already joined."""
    check_attendees(actor, attendees)
    event = lock_event(event_id)
    if event is None or event.status == "draft":
        _refuse("not-found")
    repeat = db.session.execute(sa.select(WaitlistEntry).where(
        WaitlistEntry.request_key == request_key)).scalar_one_or_none()
    if repeat is not None:
        if repeat.created_by_id != actor.id:
            _refuse("not-found")
        db.session.rollback()
        return repeat, False
    if reason := closed_reason(event):
        _refuse(reason)
    organisation = lock_organisation(actor.organisation_id)
    if members_only(event, organisation):
        _refuse("members-only")
    emails = _emails(attendees)
    left = event.capacity - places_taken(event.id)
    if len(emails) <= left:
        _refuse("has-places", left=left)
    booked = db.session.execute(sa.select(Place.email).where(
        Place.event_id == event.id, Place.status == "booked", Place.email.in_(emails))).scalars().all()
    if booked:
        _refuse("already-booked", emails=sorted(booked))
    if waiting := waiting_emails(event.id, emails):
        _refuse("already-waiting", emails=waiting)
    last = db.session.execute(sa.select(sa.func.coalesce(sa.func.max(WaitlistEntry.position), 0)).where(
        WaitlistEntry.event_id == event.id)).scalar_one()
    entry = WaitlistEntry(event_id=event.id, organisation_id=organisation.id, created_by_id=actor.id,
                          request_key=request_key, language=actor.language if actor.language in ("cy", "en") else "cy",
                          places=len(emails), position=last + 1, status="waiting")
    for attendee, email in zip(attendees, emails):
        entry.attendees.append(WaitlistAttendee(
            event_id=event.id, name=attendee.name.strip(), email=email, language=attendee.language,
            access_needs=attendee.access_needs.strip(), dietary_needs=attendee.dietary_needs.strip(),
            speaks_welsh=attendee.speaks_welsh))
    db.session.add(entry)
    db.session.flush()
    audit(actor, "waitlist.join", "waitlist_entry", entry.id, event_id=event.id, organisation_id=organisation.id,
          places=entry.places, position=entry.position)
    db.session.commit()
    return entry, True


def may_act(entry, actor):
    """Who may accept, decline or leave for an entry: whoever made it, their organisation's lead, staff."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_staff:
        return True
    return actor.organisation_id == entry.organisation_id and (actor.id == entry.created_by_id or actor.role == "lead")


def may_see(entry, actor):
    """Members see their organisation's entries (the lead all, others those they made or are named on)."""
    if may_act(entry, actor):
        return True
    return (actor.organisation_id == entry.organisation_id
            and any(attendee.email == actor.email.lower() for attendee in entry.attendees))


def _locked_entry(entry_id, actor):
    """The entry, after the lock of its event, read afresh; Refused("not-allowed") if not the actor's."""
    entry = db.session.get(WaitlistEntry, entry_id)
    if entry is None or not may_act(entry, actor):
        raise Refused("not-allowed")
    event = lock_event(entry.event_id)
    return db.session.get(WaitlistEntry, entry_id, populate_existing=True), event


def _close(entry, status, now):
    """Take the entry off the list, if it is still on it (guarded: False if it was not)."""
    done = db.session.execute(sa.update(WaitlistEntry).where(
        WaitlistEntry.id == entry.id, WaitlistEntry.status == entry.status,
        WaitlistEntry.status.in_(ACTIVE_STATUSES)).values(status=status, closed_at=now)).rowcount
    db.session.refresh(entry)
    return bool(done)


def leave(entry_id, actor):
    """Leave the list; places held for the entry go to the next. False if it had left already."""
    entry, event = _locked_entry(entry_id, actor)
    if entry.status not in ACTIVE_STATUSES:
        db.session.rollback()
        return False
    held = entry.status == "offered"
    _close(entry, "left", clock.now())
    audit(actor, "waitlist.leave", "waitlist_entry", entry.id, event_id=event.id, held=held)
    if held:
        offer_places(event)
    db.session.commit()
    return True


def decline(entry_id, actor):
    """Decline an offer: the entry leaves the list and the held places go to the next."""
    entry, event = _locked_entry(entry_id, actor)
    if entry.status != "offered":
        _refuse("no-offer")
    _close(entry, "declined", clock.now())
    audit(actor, "waitlist.decline", "waitlist_entry", entry.id, event_id=event.id, places=entry.places)
    offer_places(event)
    db.session.commit()
    return True


def offer_quote(entry):
    """The price of the offered places if accepted now (the normal pricing, on the server)."""
    return quote(entry.event, entry.organisation, [attendee.email for attendee in entry.attendees])


def accept(entry_id, actor, confirmed):
    """Book the offered places at the price computed now (``confirmed``: the quote's fingerprint shown).
    Returns ``(booking, True)``, or ``(booking, False)`` when it had been accepted already."""
    from ..models import Booking
    from .booking_operations import Attendee

    entry, event = _locked_entry(entry_id, actor)
    if actor.is_staff or actor.organisation_id != entry.organisation_id:
        _refuse("not-allowed")
    if entry.status == "booked":
        booking = db.session.get(Booking, entry.booking_id)
        db.session.rollback()
        return booking, False
    if entry.status != "offered":
        _refuse("no-offer")
    now = clock.now()
    if clock.as_utc(entry.offer_expires_at) <= now:
        _refuse("offer-expired")
    if reason := closed_reason(event, now):
        _refuse(reason)
    organisation = lock_organisation(entry.organisation_id)
    emails = [attendee.email for attendee in entry.attendees]
    booked = db.session.execute(sa.select(Place.email).where(
        Place.event_id == event.id, Place.status == "booked", Place.email.in_(emails))).scalars().all()
    if booked:
        _refuse("already-booked", emails=sorted(booked))
    if places_taken(event.id, except_entry_id=entry.id) + len(emails) > event.capacity:
        _refuse("full", left=0)  # never: the places were held for this entry
    priced = quote(event, organisation, emails)
    if priced.fingerprint != confirmed:
        _refuse("price-changed")
    entry.status, entry.closed_at = "booked", now  # no longer held: the places become booked ones
    db.session.flush()
    attendees = [Attendee(name=a.name, email=a.email, language=a.language, access_needs=a.access_needs,
                          dietary_needs=a.dietary_needs, speaks_welsh=a.speaks_welsh) for a in entry.attendees]
    audit(actor, "waitlist.accept", "waitlist_entry", entry.id, event_id=event.id, places=entry.places)

    def record(booking):
        entry.booking_id = booking.id

    return create_booking(event, organisation, actor, attendees, priced, request_key_of(entry.id), record), True


def offer_places(event, now=None):
    """Offer the free places of ``event`` to the waiting entries they fit, in order. Called under the
    event's lock, in the caller's transaction (the caller commits). Returns the entries offered."""
    now = now or clock.now()
    if closed_reason(event, now) is not None:
        return []
    free = event.capacity - places_taken(event.id)
    offered = []
    if free <= 0:
        return offered
    waiting = db.session.execute(sa.select(WaitlistEntry).where(
        WaitlistEntry.event_id == event.id, WaitlistEntry.status == "waiting")
        .order_by(WaitlistEntry.position, WaitlistEntry.id)).scalars().all()
    expires = min(now + timedelta(hours=offer_hours()), cut_off(event))
    for entry in waiting:
        if free <= 0:
            break
        if entry.places > free:
            continue  # skipped for now: keeps its position
        done = db.session.execute(sa.update(WaitlistEntry).where(
            WaitlistEntry.id == entry.id, WaitlistEntry.status == "waiting").values(
            status="offered", offered_at=now, offer_expires_at=expires)).rowcount
        if not done:
            continue
        db.session.refresh(entry)
        free -= entry.places
        audit(None, "waitlist.offer", "waitlist_entry", entry.id, event_id=event.id, places=entry.places,
              expires=expires.isoformat())
        with site_urls():
            waitlist_email.queue_offer(entry, event)
        offered.append(entry)
    return offered


def release_offers(now=None):
    """End the offers not taken in time and offer their places to the next entries; also offer any
    free places to waiting entries (a capacity raised, a cancellation the list missed). Safe to run
    as often as cron likes, and twice at once. Returns (entries released, entries offered)."""
    now = now or clock.now()
    released, offered = [], []
    event_ids = db.session.execute(sa.select(WaitlistEntry.event_id).join(
        Event, WaitlistEntry.event_id == Event.id).where(
        WaitlistEntry.status.in_(ACTIVE_STATUSES), Event.status == "published", Event.ends_at > now)
        .distinct()).scalars().all()
    db.session.rollback()
    for event_id in sorted(event_ids):
        event = lock_event(event_id)
        expired = db.session.execute(sa.select(WaitlistEntry.id).where(
            WaitlistEntry.event_id == event_id, WaitlistEntry.status == "offered",
            WaitlistEntry.offer_expires_at <= now)).scalars().all()
        for entry_id in expired:
            done = db.session.execute(sa.update(WaitlistEntry).where(
                WaitlistEntry.id == entry_id, WaitlistEntry.status == "offered",
                WaitlistEntry.offer_expires_at <= now).values(status="expired", closed_at=now)).rowcount
            if done:
                audit(None, "waitlist.expire", "waitlist_entry", entry_id, event_id=event_id)
                with site_urls():
                    waitlist_email.queue_lapsed(db.session.get(WaitlistEntry, entry_id), event)
                released.append(entry_id)
        offered += [entry.id for entry in offer_places(event, now)]
        db.session.commit()
    return released, offered


def move(entry_id, direction, actor):
    """Staff move a waiting entry one place up (``direction`` "up") or down the list, swapping positions
    with its neighbour among the entries still on the list. False when it is already first (last)."""
    if actor is None or not actor.is_active or not actor.is_staff:
        raise Refused("staff-only")
    if direction not in ("up", "down"):
        raise Refused("invalid")
    entry = db.session.get(WaitlistEntry, entry_id)
    if entry is None:
        raise Refused("not-found")
    lock_event(entry.event_id)
    entry = db.session.get(WaitlistEntry, entry_id, populate_existing=True)
    if entry.status not in ACTIVE_STATUSES:
        _refuse("not-waiting")
    ordered = db.session.execute(sa.select(WaitlistEntry).where(
        WaitlistEntry.event_id == entry.event_id, WaitlistEntry.status.in_(ACTIVE_STATUSES))
        .order_by(WaitlistEntry.position, WaitlistEntry.id)).scalars().all()
    index = ordered.index(entry)
    other_index = index - 1 if direction == "up" else index + 1
    if other_index < 0 or other_index >= len(ordered):
        db.session.rollback()
        return False
    other = ordered[other_index]
    entry.position, other.position = other.position, entry.position
    if entry.position == other.position:  # equal positions (never made here): make them distinct
        entry.position += -1 if direction == "up" else 1
    audit(actor, "waitlist.move", "waitlist_entry", entry.id, event_id=entry.event_id, direction=direction,
          position=index + 1, now=other_index + 1, past=other.id)
    db.session.commit()
    return True
