"""The member's booking form: one block of fields per attendee, kept as typed when the price is
shown and confirmed. Every message is the site's own, in both languages."""
import re
import secrets

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

import sqlalchemy as sa

from .. import labels
from ..extensions import db
from ..forms import SiteForm, one_email_address, options, strip, strip_spaces
from ..models import Place

NEEDS_LIMIT = 1000
REQUEST_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}\Z")  # what secrets.token_urlsafe gives, and what the column holds


def new_request_key():
    return secrets.token_urlsafe(24)


class AttendeeForm(Form):
    class Meta(SiteForm.Meta):
        pass

    name = StringField(_l("Full name"), filters=[strip], validators=[
        DataRequired(_l("Enter the attendee's name")), Length(max=200, message=_l("Enter a name of 200 characters or fewer"))])
    email = StringField(_l("Email address"), filters=[strip_spaces], validators=[
        DataRequired(_l("Enter the attendee's email address")), one_email_address])
    language = RadioField(_l("Language for their emails"), default="cy",
                          choices=options((code, labels.FILE_LANGUAGES[code]) for code in ("cy", "en")),
                          invalid_choice_message=_l("Select the language they prefer"))
    speaks_welsh = BooleanField(_l("They would like to speak Welsh at the event"))
    access_needs = TextAreaField(_l("Access needs (optional)"), filters=[strip], validators=[
        Optional(), Length(max=NEEDS_LIMIT, message=_l("Enter 1,000 characters or fewer"))])
    dietary_needs = TextAreaField(_l("Dietary needs (optional)"), filters=[strip], validators=[
        Optional(), Length(max=NEEDS_LIMIT, message=_l("Enter 1,000 characters or fewer"))])


class BookingForm(SiteForm):
    attendees = FieldList(FormField(AttendeeForm), min_entries=1)
    request_key = HiddenField()
    confirmed = HiddenField()

    def __init__(self, *args, event_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event_id = event_id

    def keep_request_key(self):
        """The key that makes a repeated submit harmless, as the form carried it; a missing or altered
        one (not what ``new_request_key`` gives: NUL, which PostgreSQL refuses, or too long for its
        column) is replaced by a fresh one before any check, so the booking goes on under a key of its own."""
        if not REQUEST_KEY.match(self.request_key.data or ""):  # not text anybody typed: nothing to explain
            self.request_key.data = new_request_key()
            self.request_key.raw_data = [self.request_key.data]
        return self.request_key.data

    def validate(self, extra_validators=None):
        fields_ok = super().validate(extra_validators)
        return self.check_people(self.attendees) and fields_ok

    def check_people(self, field):
        """The same person twice in the form, or someone already booked: said beside their address."""
        seen = set()
        emails = [entry.form.email.data.lower() for entry in field.entries if entry.form.email.data]
        booked = set(db.session.execute(sa.select(Place.email).where(
            Place.event_id == self.event_id, Place.status == "booked", Place.email.in_(emails))).scalars())
        problem = False
        for entry in field.entries:
            email = (entry.form.email.data or "").lower()
            if not email or entry.form.email.errors:
                continue
            if email in seen:
                entry.form.email.errors.append(_l("This person is already in the list: each place is for a different person"))
                problem = True
            elif email in booked:
                entry.form.email.errors.append(_l("This person already has a place at this event"))
                problem = True
            seen.add(email)
        return not problem

    def attendee_errors(self):
        """(field id, message) of every attendee field in error, in the page's order (the summary)."""
        return [(sub.id, message) for entry in self.attendees.entries for sub in entry.form
                for message in sub.errors]


class SwapForm(SiteForm):
    """The person who goes instead: the same fields as an attendee of a new booking."""
    name = AttendeeForm.name
    email = AttendeeForm.email
    language = AttendeeForm.language
    speaks_welsh = AttendeeForm.speaks_welsh
    access_needs = AttendeeForm.access_needs
    dietary_needs = AttendeeForm.dietary_needs

    def attendee_errors(self):
        return [(field.id, message) for field in self for message in field.errors]
