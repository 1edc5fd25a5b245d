"""What the waiting-list pages read: the entries a member may see (with their position in the
list), an event's list for staff, and whether the waiting list is the way in (the event is full,
or has fewer places left than asked)."""
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import clock
from ..extensions import db
from ..models import Event, Organisation, WaitlistAttendee, WaitlistEntry
from ..models.waitlist import ACTIVE_STATUSES


@dataclass(frozen=True)
class Listed:
    entry: WaitlistEntry
    position: int  # 1 for the first on the list (of the entries still on it)


def _active(event_ids):
    """{event id: [entries still on the list, in order]}."""
    entries = db.session.execute(sa.select(WaitlistEntry).where(
        WaitlistEntry.event_id.in_(list(event_ids)), WaitlistEntry.status.in_(ACTIVE_STATUSES))
        .options(selectinload(WaitlistEntry.attendees))
        .order_by(WaitlistEntry.event_id, WaitlistEntry.position, WaitlistEntry.id)).scalars().all()
    found = {}
    for entry in entries:
        found.setdefault(entry.event_id, []).append(entry)
    return found


def position_of(entry):
    return next((n for n, other in enumerate(_active([entry.event_id]).get(entry.event_id, []), 1)
                 if other.id == entry.id), None)


def visible_entries(user):
    """Entries still on the list of upcoming published events that ``user`` may see: all of their organisation's
    for its lead; otherwise those they made or are named on. Soonest event first."""
    query = (sa.select(WaitlistEntry).join(Event, WaitlistEntry.event_id == Event.id)
             .where(WaitlistEntry.organisation_id == user.organisation_id,
                    WaitlistEntry.status.in_(ACTIVE_STATUSES), Event.status == "published",
                    Event.ends_at >= clock.now())
             .order_by(Event.starts_at, WaitlistEntry.position))
    if user.role != "lead":
        named = sa.select(WaitlistAttendee.entry_id).where(WaitlistAttendee.email == user.email.lower())
        query = query.where(sa.or_(WaitlistEntry.created_by_id == user.id, WaitlistEntry.id.in_(named)))
    entries = db.session.execute(query).scalars().all()
    lists = _active({entry.event_id for entry in entries})
    return [Listed(entry, [e.id for e in lists[entry.event_id]].index(entry.id) + 1) for entry in entries]


def event_list(event):
    """Staff: the event's entries still on the list, in order, and their organisations."""
    entries = _active([event.id]).get(event.id, [])
    ids = {entry.organisation_id for entry in entries}
    organisations = {org.id: org for org in db.session.execute(
        sa.select(Organisation).where(Organisation.id.in_(ids))).scalars()}
    return [Listed(entry, n) for n, entry in enumerate(entries, 1)], organisations
