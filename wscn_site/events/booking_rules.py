"""What a member's booking may be and what it costs, computed on the server and nothing else.

``closed_reason(event, now)`` says why an event cannot be booked now (None when it can);
``quote(...)`` prices each attendee: free places first (the organisation's allowance for the
event, or the three named virtual-seminar individuals of the financial year), then the member
price, or the full price when the organisation has no current membership. Both read the counts
they need; ``booking_operations.book`` calls them again under the event's lock, so what is taken
is what was counted.
"""
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, has_app_context

from .. import clock
from ..extensions import db
from ..models import AllowanceAdjustment, Place, SeminarIndividual, WaitlistEntry

#: Named individuals per organisation per financial year who attend every virtual seminar free.
SEMINAR_INDIVIDUALS = 3
MAX_PLACES = 10  # EVENT_MAX_PLACES_PER_BOOKING


def max_places():
    return int(current_app.config.get("EVENT_MAX_PLACES_PER_BOOKING", MAX_PLACES)) if has_app_context() else MAX_PLACES


def cut_off(event):
    """Bookings and cancellations end when booking closes, or when the event starts."""
    closes = clock.as_utc(event.booking_closes_at)
    starts = clock.as_utc(event.starts_at)
    return min(closes, starts) if closes is not None else starts


def closed_reason(event, now=None):
    """"draft", "cancelled", "past", "not-open" or "closed"; None when members may book now."""
    now = now or clock.now()
    if event.status == "cancelled":
        return "cancelled"
    if event.status != "published":
        return "draft"
    if clock.as_utc(event.starts_at) <= now:
        return "past"
    opens = clock.as_utc(event.booking_opens_at)
    if opens is not None and now < opens:
        return "not-open"
    if now >= cut_off(event):
        return "closed"
    return None


def members_only(event, organisation, now=None):
    """True while only members may book (a workshop's early invite) and ``organisation`` is not one."""
    until = clock.as_utc(event.members_only_until)
    return until is not None and (now or clock.now()) < until and not organisation.is_current_member()


def event_year(event):
    return clock.financial_year(clock.as_utc(event.starts_at).astimezone(clock.LONDON).date())


def places_held(event_id, except_entry_id=None):
    """Places held for waiting-list entries that were offered them (taken for everyone else)."""
    query = sa.select(sa.func.coalesce(sa.func.sum(WaitlistEntry.places), 0)).where(
        WaitlistEntry.event_id == event_id, WaitlistEntry.status == "offered")
    if except_entry_id is not None:
        query = query.where(WaitlistEntry.id != except_entry_id)
    return db.session.execute(query).scalar_one()


def places_taken(event_id, except_entry_id=None):
    """Booked places, and places held for a waiting-list offer (but those of ``except_entry_id``)."""
    booked = db.session.execute(sa.select(sa.func.count(Place.id)).where(
        Place.event_id == event_id, Place.status == "booked")).scalar_one()
    return booked + places_held(event_id, except_entry_id)


def _adjustments(organisation_id, **where):
    return db.session.execute(sa.select(sa.func.coalesce(sa.func.sum(AllowanceAdjustment.change), 0)).where(
        AllowanceAdjustment.organisation_id == organisation_id,
        *(getattr(AllowanceAdjustment, key) == value for key, value in where.items()))).scalar_one()


def free_allowance(event, organisation_id):
    """(allowance, used) of free places at ``event`` (not virtual seminars)."""
    allowance = event.free_places + _adjustments(organisation_id, event_id=event.id)
    used = db.session.execute(sa.select(sa.func.count(Place.id)).where(
        Place.event_id == event.id, Place.organisation_id == organisation_id, Place.status == "booked",
        Place.price_reason == "free")).scalar_one()
    return max(allowance, 0), used


def seminar_allowance(organisation_id, year):
    """(allowance, named emails) of the virtual-seminar individuals of financial year ``year``."""
    allowance = SEMINAR_INDIVIDUALS + _adjustments(organisation_id, year=year, event_id=None)
    named = db.session.execute(sa.select(SeminarIndividual.email).where(
        SeminarIndividual.organisation_id == organisation_id, SeminarIndividual.year == year)).scalars().all()
    return max(allowance, 0), list(named)


@dataclass(frozen=True)
class Line:
    email: str
    reason: str  # "free", "named", "member", "full" (models.bookings.PRICE_REASONS)
    pence: int


@dataclass(frozen=True)
class Quote:
    lines: tuple
    member_terms: bool
    new_named: tuple = ()  # virtual seminars: people who become named individuals with this booking

    @property
    def total(self):
        return sum(line.pence for line in self.lines)

    @property
    def fingerprint(self):
        """What the member saw and confirmed, compared again under the lock."""
        return ",".join(f"{line.reason}:{line.pence}" for line in self.lines)


def quote(event, organisation, emails, day=None):
    """The price of a place for each of ``emails`` (in order), for ``organisation`` booking on ``day``."""
    member = organisation.is_current_member(day)
    price_reason, price = ("member", event.member_price_pence) if member else ("full", event.full_price_pence)
    lines, new_named = [], []
    if not member:
        return Quote(tuple(Line(e, "full", event.full_price_pence) for e in emails), False)
    if event.kind == "virtual-seminar":
        allowance, named = seminar_allowance(organisation.id, event_year(event))
        named = [email.lower() for email in named]
        for email in emails:
            if email.lower() in named:
                lines.append(Line(email, "named", 0))
            elif len(named) < allowance:
                named.append(email.lower())
                new_named.append(email)
                lines.append(Line(email, "named", 0))
            else:
                lines.append(Line(email, price_reason, price))
    else:
        allowance, used = free_allowance(event, organisation.id)
        left = allowance - used
        for email in emails:
            if left > 0:
                left -= 1
                lines.append(Line(email, "free", 0))
            else:
                lines.append(Line(email, price_reason, price))
    return Quote(tuple(lines), True, tuple(new_named))
