"""What staff read about bookings: an event's attendees (needs, Welsh speakers, the flag for
simultaneous translation) and an organisation's ledger of free places."""
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app

from .. import clock
from ..extensions import db
from ..models import AllowanceAdjustment, Event, NonMemberBooking, Organisation, Place, SeminarIndividual
from .booking_rules import SEMINAR_INDIVIDUALS, event_year, free_allowance

#: Percentage of attendees wishing to speak Welsh at which staff book simultaneous translation.
TRANSLATION_THRESHOLD = 10  # EVENT_TRANSLATION_THRESHOLD_PERCENT


def threshold():
    return float(current_app.config.get("EVENT_TRANSLATION_THRESHOLD_PERCENT", TRANSLATION_THRESHOLD))


@dataclass(frozen=True)
class Attendees:
    places: list
    organisations: dict
    welsh: int
    needs_translation: bool
    unrenewed: set  # organisation ids without a membership for the event's financial year
    nonmembers: dict = field(default_factory=dict)  # booking id: NonMemberBooking (held or confirmed)


def attendees(event):
    places = db.session.execute(sa.select(Place).where(Place.event_id == event.id, Place.status == "booked")
                                .order_by(Place.organisation_id, Place.name)).scalars().all()
    ids = {place.organisation_id for place in places}
    organisations = {org.id: org for org in db.session.execute(
        sa.select(Organisation).where(Organisation.id.in_(ids))).scalars()}
    welsh = sum(1 for place in places if place.speaks_welsh)
    needed = bool(places) and welsh * 100 >= threshold() * len(places)
    year = event_year(event)
    nonmembers = {held.booking_id: held for held in db.session.execute(sa.select(NonMemberBooking).where(
        NonMemberBooking.booking_id.in_({place.booking_id for place in places}))).scalars()}
    unrenewed = {org_id for org_id, org in organisations.items()
                 if (row := org.membership_in(year)) is None or row.status != "member"}
    unrenewed -= {place.organisation_id for place in places if place.booking_id in nonmembers}
    return Attendees(places, organisations, welsh, needed, unrenewed, nonmembers)


@dataclass(frozen=True)
class LedgerLine:
    event: Event
    allowance: int
    used: int


def ledger(organisation):
    """Free places per event the organisation booked or has an allowance at (upcoming and this
    year's), the named virtual-seminar individuals of this year and the next, and the adjustments."""
    year = clock.financial_year()
    start = clock.london_moment(clock.financial_year_bounds(year)[0])
    events = db.session.execute(sa.select(Event).where(
        Event.starts_at >= start, Event.status != "draft",
        Event.kind.in_(("network-meeting", "annual-conference", "awards"))).order_by(Event.starts_at)).scalars()
    lines = [LedgerLine(event, *free_allowance(event, organisation.id)) for event in events]
    named = db.session.execute(sa.select(SeminarIndividual).where(
        SeminarIndividual.organisation_id == organisation.id, SeminarIndividual.year >= year)
        .order_by(SeminarIndividual.year, SeminarIndividual.id)).scalars().all()
    adjustments = db.session.execute(sa.select(AllowanceAdjustment).where(
        AllowanceAdjustment.organisation_id == organisation.id)
        .order_by(AllowanceAdjustment.created_at.desc())).scalars().all()
    seminar = SEMINAR_INDIVIDUALS + sum(a.change for a in adjustments if a.year == year and a.event_id is None)
    return lines, named, adjustments, year, seminar


def event_choices(organisation_id):
    lines = ledger(db.session.get(Organisation, organisation_id))[0]
    return [(line.event.id, line.event) for line in lines]
