"""Waiting lists of full events: an entry (one member organisation's request for one or more
places, made by one person, in order of joining) and its named attendees.

An entry is "waiting" in its turn; "offered" while places are held for it (until
``offer_expires_at``: the held places count as taken for everyone else); then "booked" (accepted:
``booking_id``), "declined", "expired" (not taken in time), or "left" (the member left the list).
Entries are never deleted, so the audit trail and the order stay explainable.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

WAITLIST_STATUSES = ("waiting", "offered", "booked", "declined", "expired", "left")
#: Entries still on the list (in their turn, or holding an offer).
ACTIVE_STATUSES = ("waiting", "offered")


class WaitlistEntry(db.Model):
    __tablename__ = "event_waitlist_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    #: The random key of the form that joined: a repeated submit finds it and adds nothing.
    request_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The entry maker's language when they joined: their offer email is in it.
    language: Mapped[str] = mapped_column(sa.String(2), default="cy")
    places: Mapped[int] = mapped_column(sa.Integer)
    #: The order of the list (lowest first); staff move entries by swapping positions.
    position: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[str] = mapped_column(sa.String(10), default="waiting", index=True)
    offered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    offer_expires_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    booking_id: Mapped[int | None] = mapped_column(sa.ForeignKey("booking.id"))
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    attendees: Mapped[list["WaitlistAttendee"]] = relationship(back_populates="entry", order_by="WaitlistAttendee.id")
    event = relationship("Event")
    organisation = relationship("Organisation")
    created_by = relationship("User")


class WaitlistAttendee(db.Model):
    """A named person of an entry, with the fields of a booked place."""

    __tablename__ = "event_waitlist_attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("event_waitlist_entry.id"), index=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(2), default="cy")
    access_needs: Mapped[str] = mapped_column(sa.Text, default="")
    dietary_needs: Mapped[str] = mapped_column(sa.Text, default="")
    speaks_welsh: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    entry: Mapped[WaitlistEntry] = relationship(back_populates="attendees")
