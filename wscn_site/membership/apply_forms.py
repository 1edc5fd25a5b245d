"""The public application form. Every message is the site's own, in both languages; what was typed
is kept when the form comes back with errors."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .. import labels
from ..forms import SiteForm, email_field, one_email_address, options, required_text, strip, strip_spaces
from ..i18n import LANGUAGE_NAMES
from .apply_rules import UNBANDED_KINDS, band_and_fee, budget_message, understand_budget

LANGUAGE_CHOICES = options([("cy", LANGUAGE_NAMES["cy"]), ("en", LANGUAGE_NAMES["en"])])
NAME_TOO_LONG = _l("Enter a name of 200 characters or fewer")

def optional_text(label, max_length, too_long):
    return StringField(label, filters=[strip], validators=[Length(max=max_length, message=too_long)])


class ApplicationForm(SiteForm):
    name_cy = optional_text(_l("Name of the organisation in Welsh"), 200, NAME_TOO_LONG)
    name_en = optional_text(_l("Name of the organisation in English"), 200, NAME_TOO_LONG)
    kind = RadioField(_l("Kind of organisation"), choices=options(labels.ORGANISATION_KINDS.items()),
                      invalid_choice_message=_l("Select the kind of organisation"))
    budget = StringField(_l("Annual budget, in millions of pounds"), filters=[strip])
    lead_name = required_text(_l("Full name"), _l("Enter the lead contact's name"), 200, NAME_TOO_LONG)
    lead_role = optional_text(_l("Job title (optional)"), 200, _l("Enter a job title of 200 characters or fewer"))
    lead_email = email_field(required=_l("Enter the lead contact's email address"))
    lead_language = RadioField(_l("Which language should we write to them in?"), choices=LANGUAGE_CHOICES,
                               invalid_choice_message=_l("Choose Welsh or English"))
    finance_name = optional_text(_l("Finance contact's name (optional)"), 200, NAME_TOO_LONG)
    finance_email = EmailField(_l("Finance contact's email address (optional)"), filters=[strip_spaces],
                               validators=[Optional(), one_email_address])
    po_reference = optional_text(_l("Purchase-order reference (optional)"), 100,
                                 _l("Enter a reference of 100 characters or fewer"))
    invoice_language = RadioField(_l("Language of the invoice"),
                                  choices=options(labels.INVOICE_LANGUAGES.items()), default="cy",
                                  invalid_choice_message=_l("Choose the language of the invoice"))
    consent = BooleanField(_l("I have read the privacy notice and agree that the Network keeps these details "
                              "to deal with this application and the membership"),
                           validators=[DataRequired(_l("Confirm that you have read the privacy notice"))])
    #: Left empty by people (it is hidden from them); software that fills every field fills it too.
    website = StringField(_l("Leave this field empty"))

    budget_value = band = fee_pence = None

    @property
    def unbanded(self):
        return self.kind.data in UNBANDED_KINDS

    @property
    def looks_automated(self):
        return bool((self.website.data or "").strip())

    def validate_name_en(self, field):
        if not field.data and not self.name_cy.data:
            raise ValidationError(_l("Enter the name of the organisation in Welsh, in English or in both"))

    def validate_budget(self, field):
        if self.unbanded and not field.data:
            return  # staff agree the fee; the budget is welcome but not needed
        budget, error = understand_budget(field.data)
        if error:
            raise ValidationError(budget_message(error))
        self.budget_value = budget
        self.band, self.fee_pence = band_and_fee(self.kind.data, budget)
