"""The lock every booking and cancellation of one event takes before it counts anything.

PostgreSQL: ``SELECT ... FOR UPDATE`` on the event's row (and on the organisation's row, for the
virtual-seminar individuals that span events): a second booker waits until the first commits,
then counts what the first took (READ COMMITTED reads afresh at each statement).
SQLite: a write that changes nothing (``UPDATE event SET capacity = capacity``) takes the
database's write lock at once, which is what ``BEGIN IMMEDIATE`` would do; the driver starts
the transaction there, and every other writer waits (the connection's busy timeout) until
this one commits. Counting happens only after the lock, never from what a page showed.
"""
import sqlalchemy as sa

from ..extensions import db
from ..models import Event, Organisation


def _postgres():
    return db.session.get_bind().dialect.name == "postgresql"


def lock_event(event_id):
    """The event, read afresh under the lock held until the transaction ends; None if there is none."""
    if _postgres():
        found = db.session.execute(sa.select(Event.id).where(Event.id == event_id).with_for_update()).first()
    else:
        found = db.session.execute(sa.text("UPDATE event SET capacity = capacity WHERE id = :id"),
                                   {"id": event_id}).rowcount
    if not found:
        return None
    return db.session.get(Event, event_id, populate_existing=True)


def lock_organisation(organisation_id):
    """Held with the event's lock (always after it, so two bookers never wait on each other)."""
    if _postgres():
        db.session.execute(sa.select(Organisation.id).where(Organisation.id == organisation_id).with_for_update())
    return db.session.get(Organisation, organisation_id, populate_existing=True)
