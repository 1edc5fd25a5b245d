"""The form toolkit every feature shares: the base form, filters, choices, dates and the email field.

Every message is the site's own, in both languages.
"""
import re
from datetime import date, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from . import clock, control_characters, email_address

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")

try:
    from wtforms import SelectChoice
except ImportError:  # WTForms before 3.3 takes (value, label) pairs
    def SelectChoice(value, label):  # noqa: N802
        return (value, label)


CONTROL_CHARACTERS = _l("The text had invisible control characters, which cannot be saved. They have been "
                        "removed: check the text and send the form again")
CONTROL_CHARACTERS_IN_PASSWORD = _l("The password had invisible control characters, which cannot be used. "
                                    "Enter it again without them")


def refuse_control_characters(field):
    """Before any of the field's own checks: a value sent with a control character (line breaks and
    tabs are allowed in a TextAreaField) is refused with one error, and shown again without them."""
    multiline = isinstance(field, TextAreaField)
    sent = [value for value in field.raw_data or () if isinstance(value, str)]
    if not any(control_characters.found_in(value, multiline) for value in sent):
        return
    if isinstance(field.data, str):
        field.data = control_characters.removed(field.data, multiline)
    raise StopValidation(CONTROL_CHARACTERS_IN_PASSWORD if isinstance(field, PasswordField) else CONTROL_CHARACTERS)


class SiteForm(FlaskForm):
    """Every form of the site: no field's value with a control character gets past validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            own_check = field.pre_validate

            def pre_validate(form):
                refuse_control_characters(field)
                own_check(form)

            field.pre_validate = pre_validate
            return field


def options(pairs):
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def strip(value):
    """Surrounding spaces go (control characters are refused by SiteForm, not silently dropped)."""
    return value.strip() if isinstance(value, str) else value


def required_text(label, message, max_length, too_long, area=False):
    field = TextAreaField if area else StringField
    return field(label, filters=[strip], validators=[DataRequired(message), Length(max=max_length, message=too_long)])


def parse_date(text):
    """A date from '2027-03-31' (what a date input sends) or '31/3/2027'; None if it is not a real date."""
    text = (text or "").strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _UK_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


ADDRESS_PROBLEMS = {
    "separator": _l("Enter one email address only, without commas or semicolons"),
    "control": _l("Enter an email address without hidden or control characters"),
    "length": _l("Enter an email address of 254 characters or fewer"),
    "format": _l("Enter an email address in the correct format, like name@example.org"),
}


def strip_spaces(value):
    """Surrounding spaces go; anything else (NUL, control characters) stays, for the check to refuse."""
    return value.strip(" \t") if isinstance(value, str) else value


def one_email_address(form, field):
    """The one check of every address field (``email_address.problem``), with the site's own messages.
    It stops the field's checks, so no later one (a database look-up) sees a refused address."""
    if reason := email_address.problem(field.data):
        raise StopValidation(ADDRESS_PROBLEMS[reason])


def email_field(label=None, required=None):
    return EmailField(
        label or _l("Email address"),
        filters=[strip_spaces],
        validators=[DataRequired(required or _l("Enter your email address")), one_email_address],
    )


def parse_time(text):
    """A time of day from '9:30', '09.30' or '17:00'; None if it is not a real one."""
    match = _TIME.fullmatch((text or "").strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def london_moment_of(day_text, time_text):
    """The UTC moment of a date and time typed in a form, read in Europe/London; None when either is not real."""
    day, at = parse_date(day_text), parse_time(time_text)
    return None if day is None or at is None else clock.london_moment(day, at)


def london_fields(moment):
    """A stored moment as a form shows it: ("27/11/2026", "09:30") in Europe/London."""
    local = clock.as_utc(moment).astimezone(clock.LONDON)
    return f"{local.day}/{local.month}/{local.year}", f"{local.hour:02d}:{local.minute:02d}"


def optional_text(label, max_length, too_long, area=False):
    """A text field that may be left empty, of ``max_length`` characters at most, spaces stripped."""
    return (TextAreaField if area else StringField)(label, filters=[strip],
                                                    validators=[Length(max=max_length, message=too_long)])
