"""The staff form for an event. Dates and times are entered as London wall-clock times and stored
in UTC; prices in pounds, stored in pence. Every message is the site's own, in both languages."""
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired, ValidationError

from ..forms import SiteForm, london_fields, london_moment_of, optional_text, options, parse_date, parse_time, strip
from ..models.events import EVENT_KINDS
from .pages_labels import KIND_NAMES
from .pages_operations import price_problem

_MONEY = re.compile(r"£?\s*(\d{1,6}(?:\.\d{1,2})?)")
MAX_CAPACITY = 10_000


def _pence(text):
    match = _MONEY.fullmatch((text or "").strip().replace(",", ""))
    if match is None:
        return None
    try:
        return int(Decimal(match[1]) * 100)
    except InvalidOperation:
        return None


def _pounds(pence):
    return f"{pence // 100}" if pence % 100 == 0 else f"{pence // 100}.{pence % 100:02d}"


class EventForm(SiteForm):
    kind = SelectField(_l("Kind of event"), choices=options([(k, KIND_NAMES[k]) for k in EVENT_KINDS]),
                       invalid_choice_message=_l("Select the kind of event"))
    title_cy = optional_text(_l("Title in Welsh"), 200, _l("Enter a title of 200 characters or fewer"))
    title_en = optional_text(_l("Title in English"), 200, _l("Enter a title of 200 characters or fewer"))
    description_cy = optional_text(_l("Description in Welsh"), 20000,
                                   _l("Enter a description of 20,000 characters or fewer"), area=True)
    description_en = optional_text(_l("Description in English"), 20000,
                                   _l("Enter a description of 20,000 characters or fewer"), area=True)
    starts_on = StringField(_l("Date it starts"), filters=[strip],
                            validators=[DataRequired(_l("Enter the date the event starts"))])
    starts_time = StringField(_l("Time it starts"), filters=[strip], default="09:30",
                              validators=[DataRequired(_l("Enter the time the event starts"))])
    ends_on = StringField(_l("Date it ends (if not the same day)"), filters=[strip])
    ends_time = StringField(_l("Time it ends"), filters=[strip], default="16:00",
                            validators=[DataRequired(_l("Enter the time the event ends"))])
    where = RadioField(_l("Where"), default="venue",
                       choices=options([("venue", _l("At a venue")), ("online", _l("Online"))]),
                       invalid_choice_message=_l("Select where the event takes place"))
    venue_cy = optional_text(_l("Venue in Welsh"), 200, _l("Enter a venue of 200 characters or fewer"))
    venue_en = optional_text(_l("Venue in English"), 200, _l("Enter a venue of 200 characters or fewer"))
    address = optional_text(_l("Address (optional)"), 1000, _l("Enter an address of 1,000 characters or fewer"),
                            area=True)
    joining_link = optional_text(_l("Joining link (optional)"), 500, _l("Enter a link of 500 characters or fewer"))
    capacity = StringField(_l("Places"), filters=[strip], validators=[DataRequired(_l("Enter the number of places"))])
    full_price = StringField(_l("Full price, in pounds"), filters=[strip], default="0",
                             validators=[DataRequired(_l("Enter the full price, or 0 for a free event"))])
    member_price = StringField(_l("Member price, in pounds"), filters=[strip], default="0",
                               validators=[DataRequired(_l("Enter the member price, or 0 for free"))])
    opens_on = StringField(_l("Booking opens on (optional)"), filters=[strip])
    closes_on = StringField(_l("Booking closes on (optional)"), filters=[strip])
    members_only_until = StringField(_l("Workshops: only members may book until (optional)"), filters=[strip])

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, obj=event, **kwargs)
        if event is not None and not self.is_submitted():
            self.starts_on.data, self.starts_time.data = london_fields(event.starts_at)
            end_day, self.ends_time.data = london_fields(event.ends_at)
            self.ends_on.data = "" if end_day == self.starts_on.data else end_day
            self.where.data = "online" if event.online else "venue"
            self.full_price.data, self.member_price.data = (_pounds(event.full_price_pence),
                                                            _pounds(event.member_price_pence))
            self.capacity.data = str(event.capacity)
            for name, column in (("opens_on", "booking_opens_at"), ("closes_on", "booking_closes_at"),
                                 ("members_only_until", "members_only_until")):
                value = getattr(event, column)
                getattr(self, name).data = london_fields(value)[0] if value else ""

    @property
    def starts_at(self):
        return london_moment_of(self.starts_on.data, self.starts_time.data)

    @property
    def ends_at(self):
        return london_moment_of(self.ends_on.data or self.starts_on.data, self.ends_time.data)

    def _day_start(self, name):
        text = getattr(self, name).data
        return london_moment_of(text, "00:00") if text else None

    def values(self):
        """What the operations take (pages_operations.FIELDS)."""
        online = self.where.data == "online"
        return {name: self[name].data for name in ("kind", "title_cy", "title_en", "description_cy",
                                                   "description_en", "address", "joining_link")} | {
            "venue_cy": "" if online else self.venue_cy.data, "venue_en": "" if online else self.venue_en.data,
            "online": online, "starts_at": self.starts_at, "ends_at": self.ends_at,
            "capacity": int(self.capacity.data), "full_price_pence": _pence(self.full_price.data),
            "member_price_pence": _pence(self.member_price.data),
            "booking_opens_at": self._day_start("opens_on"),
            # Booking closes at the end of the day chosen (midnight after it, London time).
            "booking_closes_at": london_moment_of(self.closes_on.data, "23:59") if self.closes_on.data else None,
            "members_only_until": self._day_start("members_only_until") if self.kind.data == "workshop" else None,
        }

    def validate_starts_on(self, field):
        if parse_date(field.data) is None:
            raise ValidationError(_l("Enter the date as a real date, for example 27/11/2026"))

    def validate_starts_time(self, field):
        if parse_time(field.data) is None or self.starts_at is None and not self.starts_on.errors:
            raise ValidationError(_l("Enter the time on the 24-hour clock, for example 09:00 or 14:30"))

    def validate_ends_on(self, field):
        if field.data and parse_date(field.data) is None:
            raise ValidationError(_l("Enter the date as a real date, for example 27/11/2026"))

    def validate_ends_time(self, field):
        if parse_time(field.data) is None or self.ends_at is None and not (self.ends_on.errors or
                                                                                self.starts_on.errors):
            raise ValidationError(_l("Enter the time on the 24-hour clock, for example 09:00 or 14:30"))
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(_l("The event must end after it starts"))

    def validate_venue_cy(self, field):
        if self.where.data == "venue" and not field.data and not self.venue_en.data:
            raise ValidationError(_l("Enter the venue, or choose online"))

    def validate_joining_link(self, field):
        parts = urlsplit(field.data or "")
        if field.data and (parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in field.data)):
            raise ValidationError(_l("Enter a web address starting with https://"))

    def validate_capacity(self, field):
        if not field.data.isdigit() or not 0 < int(field.data) <= MAX_CAPACITY:
            raise ValidationError(_l("Enter the number of places as a whole number, for example 60"))

    def validate_full_price(self, field):
        if _pence(field.data) is None:
            raise ValidationError(_l("Enter a price in pounds, for example 45 or 37.50"))

    def validate_member_price(self, field):
        member, full = _pence(field.data), _pence(self.full_price.data)
        if member is None:
            raise ValidationError(_l("Enter a price in pounds, for example 45 or 37.50"))
        problem = full is not None and price_problem(self.kind.data, full, member)
        if problem == "above-full":
            raise ValidationError(_l("The member price cannot be more than the full price"))
        if problem == "discount":
            raise ValidationError(_l("For this kind of event the member price must be at least 25 per cent below "
                                     "the full price"))

    def validate_opens_on(self, field):
        if field.data and parse_date(field.data) is None:
            raise ValidationError(_l("Enter the date as a real date, for example 27/11/2026"))

    def validate_closes_on(self, field):
        if field.data and parse_date(field.data) is None:
            raise ValidationError(_l("Enter the date as a real date, for example 27/11/2026"))
        opens = self._day_start("opens_on") if not self.opens_on.errors else None
        closes = london_moment_of(field.data, "23:59") if field.data else None
        if opens and closes and closes <= opens:
            raise ValidationError(_l("Booking must close after it opens"))

    def validate_members_only_until(self, field):
        if field.data and parse_date(field.data) is None:
            raise ValidationError(_l("Enter the date as a real date, for example 27/11/2026"))
