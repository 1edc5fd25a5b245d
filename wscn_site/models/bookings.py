"""Members' bookings of events: a booking (one confirmation by one person for their organisation),
its places (one named attendee each), the three named virtual-seminar individuals an organisation
has each financial year, and staff adjustments of an organisation's free allowance.

Places are never deleted: a cancelled place keeps its row (``status="cancelled"``), so the ledger
and the invoices stay explainable. Capacity and allowance count only places with ``status="booked"``.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

PLACE_STATUSES = ("booked", "cancelled")
#: How a place was priced: from the organisation's free allowance, as one of the named
#: virtual-seminar individuals, at the member price, or at the full price.
PRICE_REASONS = ("free", "named", "member", "full")


class Booking(db.Model):
    __tablename__ = "booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    #: None for a non-member's booking (no account: models/nonmember_bookings.py).
    booked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: The random key of the form that was confirmed: a repeated submit finds it and books nothing more.
    request_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: Whether the organisation had member terms (a current membership) when it booked.
    member_terms: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    total_pence: Mapped[int] = mapped_column(sa.Integer, default=0)
    invoice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoice.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    places: Mapped[list["Place"]] = relationship(back_populates="booking", order_by="Place.id")
    event = relationship("Event")
    organisation = relationship("Organisation")
    booked_by = relationship("User")


class Place(db.Model):
    """One attendee's place. The same email is booked at most once per event (a partial unique
    index over booked places, on SQLite and PostgreSQL alike)."""

    __tablename__ = "event_place"
    __table_args__ = (
        sa.Index("uq_event_place_booked_email", "event_id", "email", unique=True,
                 sqlite_where=sa.text("status = 'booked'"), postgresql_where=sa.text("status = 'booked'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(sa.ForeignKey("booking.id"), index=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="booked")
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(2), default="cy")
    access_needs: Mapped[str] = mapped_column(sa.Text, default="")
    dietary_needs: Mapped[str] = mapped_column(sa.Text, default="")
    speaks_welsh: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    price_reason: Mapped[str] = mapped_column(sa.String(10))
    price_pence: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: None until staff mark the register on the day.
    attended: Mapped[bool | None] = mapped_column(sa.Boolean)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    cancelled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: When the reminder the day before the event was queued (``flask events remind``); a swap clears it.
    reminded_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    #: When ``flask events forget-needs`` deleted the access and dietary needs, after the event.
    needs_forgotten_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    booking: Mapped[Booking] = relationship(back_populates="places")

    @property
    def free(self):
        return self.price_reason in ("free", "named")


class SeminarIndividual(db.Model):
    """One of the named people who attend every virtual seminar free in a financial year."""

    __tablename__ = "seminar_individual"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "year", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(sa.Integer)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class AllowanceAdjustment(db.Model):
    """Staff add (or take away) free places for one organisation: at one event, or named
    virtual-seminar individuals for one financial year. Audited, with the reason."""

    __tablename__ = "allowance_adjustment"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("event.id"))
    year: Mapped[int | None] = mapped_column(sa.Integer)
    change: Mapped[int] = mapped_column(sa.Integer)
    reason: Mapped[str] = mapped_column(sa.Text)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
