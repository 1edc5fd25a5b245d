"""The email-preferences form: one checkbox per topic a member may turn off."""
from flask_babel import lazy_gettext as _l

from ..email_preferences import TOPICS
from ..forms import MultiCheckboxField, SiteForm, options


class EmailPreferencesForm(SiteForm):
    topics = MultiCheckboxField(_l("Emails you want from the Network"), choices=options(TOPICS.items()),
                                validate_choice=False)  # an unknown value is ignored, never stored
