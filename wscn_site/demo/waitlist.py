"""Demo waiting list: a full in-person seminar, in both languages, whose places are booked by the
lapsed demo organisation (at the full price) but one, held for the demo member organisation's
waiting-list entry (an offer to accept or decline in the portal); the Welsh-speaking colleague's
entry for two places waits behind it. Written straight to the database, once: no emails."""
import secrets
from datetime import time, timedelta

import sqlalchemy as sa

from .. import clock
from ..extensions import db
from ..models import Booking, Event, Place, User, WaitlistAttendee, WaitlistEntry
from ..events.waitlist_operations import offer_hours

FULL = dict(
    kind="in-person-seminar", title_en="In-person seminar: community cohesion in practice (demo)",
    title_cy="Seminar wyneb yn wyneb: cydlyniant cymunedol yn ymarferol (enghraifft)",
    description_en="A small seminar: it is full, and its waiting list shows how freed places are offered.",
    description_cy="Seminar bach: mae'n llawn, ac mae ei restr aros yn dangos sut mae lleoedd rhydd yn cael eu "
                   "cynnig.",
    online=False, venue_en="Pierhead, Cardiff Bay", venue_cy="Adeilad y Pierhead, Bae Caerdydd",
    address="Pierhead Street, Cardiff CF10 4PZ", capacity=4, full_price_pence=3000, member_price_pence=2000)


def _user(email):
    return db.session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()


def _entry(event, maker, position, people, status):
    now = clock.now()
    entry = WaitlistEntry(event_id=event.id, organisation_id=maker.organisation_id, created_by_id=maker.id,
                          request_key=secrets.token_urlsafe(24), language=maker.language, places=len(people),
                          position=position, status=status)
    if status == "offered":
        entry.offered_at, entry.offer_expires_at = now, now + timedelta(hours=offer_hours())
    for name, email, lang in people:
        entry.attendees.append(WaitlistAttendee(event_id=event.id, name=name, email=email, language=lang,
                                                speaks_welsh=lang == "cy"))
    db.session.add(entry)


def load_waitlist():
    """Idempotent: nothing when the full seminar exists already, or the demo people are missing."""
    if db.session.execute(sa.select(Event.id).where(Event.title_en == FULL["title_en"])).first():
        return
    lead, colleague, lapsed = _user("member@example.org"), _user("aelod@example.org"), _user("lapsed@example.org")
    if None in (lead, colleague, lapsed) or lead.organisation_id is None or lapsed.organisation_id is None:
        return
    starts = clock.london_moment(clock.today() + timedelta(days=35), time(13, 30))
    event = Event(status="published", starts_at=starts, ends_at=starts + timedelta(hours=3),
                  published_at=clock.now(), **FULL)
    db.session.add(event)
    db.session.flush()
    booking = Booking(event_id=event.id, organisation_id=lapsed.organisation_id, booked_by_id=lapsed.id,
                      request_key=secrets.token_urlsafe(24), member_terms=False,
                      total_pence=3 * FULL["full_price_pence"])
    for name, email in (("Lapsed Member", lapsed.email), ("Rhys Morgan", "rhys@example.org"),
                        ("Alex Smith", "alex@example.org")):
        booking.places.append(Place(event_id=event.id, organisation_id=lapsed.organisation_id, name=name,
                                    email=email, language="en", price_reason="full",
                                    price_pence=FULL["full_price_pence"]))
    db.session.add(booking)
    _entry(event, lead, 1, [(lead.name, lead.email, lead.language)], "offered")
    _entry(event, colleague, 2, [(colleague.name, colleague.email, colleague.language),
                                 ("Siân Evans", "sian@example.org", "cy")], "waiting")
    db.session.commit()
