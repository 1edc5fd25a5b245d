"""The lead's form for inviting a colleague. Every message is the site's own, in both languages."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.validators import ValidationError

from .. import labels
from ..forms import SiteForm, email_field, options, required_text
from . import people_queries


class ColleagueForm(SiteForm):
    name = required_text(_l("Full name"), _l("Enter the person's name"), 200,
                         _l("Enter a name of 200 characters or fewer"))
    email = email_field(required=_l("Enter their email address"))
    language = RadioField(_l("Preferred language"),
                          choices=options((code, labels.FILE_LANGUAGES[code]) for code in ("cy", "en")),
                          invalid_choice_message=_l("Select the language they prefer"))

    def __init__(self, *args, organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id

    def validate_email(self, field):
        """An address already in use: said plainly when it is one of the lead's own people; otherwise
        the same words whoever holds it (another organisation, Network staff), naming nobody."""
        existing = people_queries.email_in_use(field.data)
        if existing is None:
            return
        if existing.organisation_id == self.organisation_id and not existing.is_staff:
            raise ValidationError(_l("This person is already one of your organisation's people"))
        raise ValidationError(_l("This email address cannot be invited here. If the person should join "
                                 "your organisation, email SaferCommunities@wlga.gov.uk"))
