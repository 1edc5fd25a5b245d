"""The public booking form of a non-member: who books (name, email, language, organisation and
billing address, for the invoice), then the attendees, with the same fields as a member's form."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .. import labels
from ..forms import one_email_address, options, strip, strip_spaces
from .booking_forms import BookingForm

ADDRESS_LIMIT = 500


class NonMemberBookingForm(BookingForm):
    booker_name = StringField(_l("Your full name"), filters=[strip], validators=[
        DataRequired(_l("Enter your name")), Length(max=200, message=_l("Enter a name of 200 characters or fewer"))])
    booker_email = StringField(_l("Your email address"), filters=[strip_spaces], validators=[
        DataRequired(_l("Enter your email address")), one_email_address])
    booker_language = RadioField(_l("Language for our emails to you"), default="cy",
                                 choices=options((code, labels.FILE_LANGUAGES[code]) for code in ("cy", "en")),
                                 invalid_choice_message=_l("Select the language you prefer"))
    organisation_name = StringField(_l("Your organisation"), filters=[strip], validators=[
        DataRequired(_l("Enter the name of your organisation")),
        Length(max=200, message=_l("Enter a name of 200 characters or fewer"))])
    billing_address = TextAreaField(_l("Billing address (for the invoice)"), filters=[strip], validators=[
        DataRequired(_l("Enter the address the invoice goes to")),
        Length(max=ADDRESS_LIMIT, message=_l("Enter 500 characters or fewer"))])

    BOOKER_FIELDS = ("booker_name", "booker_email", "booker_language", "organisation_name", "billing_address")

    def attendee_errors(self):
        """Every field in error, the booker's first, in the page's order (the error summary)."""
        booker = [(self[name].id, message) for name in self.BOOKER_FIELDS for message in self[name].errors]
        return booker + super().attendee_errors()
