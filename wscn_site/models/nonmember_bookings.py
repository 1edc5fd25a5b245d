"""Bookings by people of organisations that are not members: no account, full price.

The places are ordinary ``Place`` rows of a ``Booking`` (so they count against the event's capacity,
and one email is booked once per event, exactly as for members' places) from the moment the form is
confirmed: they are *held* until the booker opens the link emailed to them, for
``WSCN_BOOKING_HOLD_HOURS`` (24). ``flask events release-holds`` releases the holds not confirmed
in time (the places are cancelled, nothing is deleted). The booking belongs to the placeholder
organisation "non-member bookings" (``NONMEMBER_ORGANISATION``), which has no people, so no member
ever sees these places; the booker's own organisation and billing address are kept here and printed
on the invoice.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

NONMEMBER_STATUSES = ("held", "confirmed", "released", "cancelled")
#: The organisation every non-member booking and its invoice belong to (made when first needed), marked by
#: ``Organisation.holds_nonmember_bookings`` (one at most: a unique index), not by its name, which staff may change.
NONMEMBER_ORGANISATION = {"name_en": "Non-member bookings", "name_cy": "Archebion gan rai nad ydynt yn aelodau",
                          "kind": "other", "holds_nonmember_bookings": True}


def is_placeholder(organisation_class):
    """A SQL condition true for the placeholder organisation: nobody may ever be one of its people
    (they would see every non-member's places), so staff tools leave it out of their choices."""
    return organisation_class.holds_nonmember_bookings.is_(True)


class NonMemberBooking(db.Model):
    __tablename__ = "nonmember_booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(sa.ForeignKey("booking.id"), unique=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="held", index=True)
    #: The person who booked (who need not attend), as they typed it.
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    language: Mapped[str] = mapped_column(sa.String(2), default="cy")
    organisation_name: Mapped[str] = mapped_column(sa.String(200))
    billing_address: Mapped[str] = mapped_column(sa.Text)
    #: Random, in the fingerprint of the confirmation and cancellation links (signed_links.py).
    secret: Mapped[str] = mapped_column(sa.String(43))
    held_until: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    released_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    booking = relationship("Booking")
    event = relationship("Event")
