"""Demo bookings: if there is no upcoming published network meeting or virtual seminar (the staff
event editor's demo data may have made them), one of each, in both languages, in the words of
the events page; then, once, a few places for the demo member organisation, priced as a member's
booking would be (free places, a named seminar person). Written straight to the database: no
emails, no invoice (both are free)."""
import secrets
from datetime import time, timedelta

import sqlalchemy as sa

from .. import clock
from ..extensions import db
from ..models import Booking, Event, Place, SeminarIndividual, User
from ..events.booking_rules import event_year, quote

LEAD = "member@example.org"
COLLEAGUE = "aelod@example.org"

MEETING = dict(
    kind="network-meeting", title_en="Network meeting, spring (demo)",
    title_cy="Cyfarfod y Rhwydwaith, y gwanwyn (enghraifft)",
    description_en="We hold network meetings twice a year. Members and partners share knowledge, learning "
                   "and best practice in community safety.",
    description_cy="Rydym yn cynnal cyfarfodydd y Rhwydwaith ddwywaith y flwyddyn. Mae aelodau a phartneriaid "
                   "yn rhannu gwybodaeth, dysgu ac arferion gorau ym maes diogelwch cymunedol.",
    online=False, venue_en="Wales Millennium Centre, Cardiff", venue_cy="Canolfan Mileniwm Cymru, Caerdydd",
    address="Bute Place, Cardiff CF10 5AL", capacity=80, full_price_pence=6000, member_price_pence=4000)
SEMINAR = dict(
    kind="virtual-seminar", title_en="Virtual seminar: the Serious Violence Duty (demo)",
    title_cy="Seminar rhithwir: y Ddyletswydd Trais Difrifol (enghraifft)",
    description_en="We run virtual seminars and in-person seminars. Members can watch recorded seminars "
                   "through the members' portal.",
    description_cy="Rydym yn cynnal seminarau rhithwir a seminarau wyneb yn wyneb. Gall aelodau wylio seminarau "
                   "wedi'u recordio drwy borth yr aelodau.",
    online=True, joining_link="https://meet.example.org/wscn-demo-seminar", capacity=200,
    full_price_pence=2500, member_price_pence=1500)


def _upcoming(kind):
    return db.session.execute(sa.select(Event).where(
        Event.kind == kind, Event.status == "published", Event.starts_at > clock.now())
        .order_by(Event.starts_at)).scalars().first()


def _event(values, days, start, hours):
    starts = clock.london_moment(clock.today() + timedelta(days=days), start)
    event = Event(status="published", starts_at=starts, ends_at=starts + timedelta(hours=hours),
                  published_at=clock.now(), **values)
    db.session.add(event)
    db.session.flush()
    return event


def _book(event, booker, people):
    organisation = booker.organisation
    priced = quote(event, organisation, [email for _name, email, _lang in people])
    booking = Booking(event_id=event.id, organisation_id=organisation.id, booked_by_id=booker.id,
                      request_key=secrets.token_urlsafe(24), member_terms=priced.member_terms,
                      total_pence=priced.total)
    for (name, email, lang), line in zip(people, priced.lines):
        booking.places.append(Place(event_id=event.id, organisation_id=organisation.id, name=name, email=email,
                                    language=lang, price_reason=line.reason, price_pence=line.pence,
                                    speaks_welsh=lang == "cy"))
    for email in priced.new_named:
        name = next(name for name, address, _lang in people if address == email)
        db.session.add(SeminarIndividual(organisation_id=organisation.id, year=event_year(event), name=name,
                                         email=email))
    db.session.add(booking)


def load_bookings():
    """Idempotent: events only when none is upcoming, bookings only when the organisation has none."""
    meeting = _upcoming("network-meeting") or _event(MEETING, 42, time(10, 0), 5)
    seminar = _upcoming("virtual-seminar") or _event(SEMINAR, 21, time(14, 0), 1.5)
    lead = db.session.execute(sa.select(User).where(User.email == LEAD)).scalar_one_or_none()
    colleague = db.session.execute(sa.select(User).where(User.email == COLLEAGUE)).scalar_one_or_none()
    if lead is None or lead.organisation is None:
        db.session.commit()
        return
    booked = db.session.execute(sa.select(Booking.id).where(Booking.organisation_id == lead.organisation_id)).first()
    if booked is None:
        people = [(lead.name, lead.email, lead.language)]
        if colleague is not None:
            people.append((colleague.name, colleague.email, colleague.language))
        _book(meeting, lead, people)
        _book(seminar, lead, [(lead.name, lead.email, lead.language)])
    db.session.commit()
