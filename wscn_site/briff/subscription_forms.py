"""The public subscription form: an address and the language of the emails."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from ..forms import SiteForm, email_field, options
from ..i18n import LANGUAGE_NAMES

#: Each language named in itself, Welsh first, as on the language switch.
LANGUAGE_CHOICES = options([("cy", LANGUAGE_NAMES["cy"]), ("en", LANGUAGE_NAMES["en"])])


class SubscribeForm(SiteForm):
    email = email_field()
    language = RadioField(_l("Which language would you like the Briff in?"), choices=LANGUAGE_CHOICES,
                          validate_choice=True)

    def validate(self, extra_validators=None):
        # A missing or unknown language gets the site's own message, not WTForms' "Not a valid choice".
        ok = super().validate(extra_validators)
        if self.language.errors:
            self.language.errors = [_l("Choose Welsh or English")]
        return ok
