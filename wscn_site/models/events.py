"""Events the Network runs: network meetings, the annual conference, the Community Safety Awards,
seminars, training and workshops. Times are stored in UTC and shown in Europe/London; prices in pence.

Bookings, allowances and waiting lists live in the events feature's own models (bookings.py).
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow

EVENT_KINDS = ("network-meeting", "annual-conference", "awards", "virtual-seminar", "in-person-seminar",
               "training", "workshop")
#: Kinds whose member price must be at least 25% below the full price (Annex 1 of the report).
DISCOUNTED_KINDS = ("network-meeting", "annual-conference", "awards")
#: Free places per organisation per event (virtual seminars: 3 named people a financial year instead).
FREE_PLACES = {"network-meeting": 3, "annual-conference": 3, "awards": 1}
EVENT_STATUSES = ("draft", "published", "cancelled")


class Event(db.Model):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="draft")
    title_en: Mapped[str] = mapped_column(sa.String(200), default="")
    title_cy: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Markdown, sanitised when rendered (markup.py), like the rest of the site.
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    description_cy: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    online: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    venue_en: Mapped[str] = mapped_column(sa.String(200), default="")
    venue_cy: Mapped[str] = mapped_column(sa.String(200), default="")
    address: Mapped[str] = mapped_column(sa.Text, default="")
    #: For online events: only booked attendees see it (portal, confirmation and reminder emails).
    joining_link: Mapped[str] = mapped_column(sa.String(500), default="")
    capacity: Mapped[int] = mapped_column(sa.Integer)
    full_price_pence: Mapped[int] = mapped_column(sa.Integer, default=0)
    member_price_pence: Mapped[int] = mapped_column(sa.Integer, default=0)
    booking_opens_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    booking_closes_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    #: Workshops: until then only members may book (the offer's "early invite").
    members_only_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    def title(self, lang):
        return self.title_cy if lang == "cy" else self.title_en

    def description(self, lang):
        return self.description_cy if lang == "cy" else self.description_en

    def venue(self, lang):
        return self.venue_cy if lang == "cy" else self.venue_en

    @property
    def free_places(self):
        return FREE_PLACES.get(self.kind, 0)
