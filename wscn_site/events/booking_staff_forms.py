"""Staff's form for adjusting an organisation's free allowance."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField
from wtforms.validators import InputRequired, ValidationError

from ..forms import SiteForm, options, required_text


class WholeNumberField(IntegerField):
    """A whole number, with the site's own message (in the page's language) when it is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a whole number, for example 2 or -1")) from None


class AdjustmentForm(SiteForm):
    target = RadioField(_l("What to adjust"), default="event",
                        choices=options((("event", _l("Free places at one event")),
                                         ("named", _l("Named people for virtual seminars this year")))),
                        invalid_choice_message=_l("Select what to adjust"))
    event_id = SelectField(_l("Event"), coerce=int, validate_choice=False)
    change = WholeNumberField(_l("Change (for example 2, or -1)"), validators=[
        InputRequired(_l("Enter the number of places to add or take away"))],
        render_kw={"inputmode": "numeric"})  # the range is checked below: NumberRange's min/max are not valid on a text input
    reason = required_text(_l("Reason"), _l("Enter the reason"), 1000, _l("Enter 1,000 characters or fewer"), area=True)

    def validate_change(self, field):
        if field.data is None:  # not a whole number: the field has said so already
            return
        if field.data == 0:
            raise ValidationError(_l("Enter the number of places to add or take away"))
        if not -50 <= field.data <= 50:
            raise ValidationError(_l("Enter a number from -50 to 50"))

    def validate_event_id(self, field):
        if self.target.data == "event" and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Select an event"))
