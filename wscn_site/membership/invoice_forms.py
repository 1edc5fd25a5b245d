"""Forms of the invoice pages: payment, cancelling with a credit note, an organisation's invoicing
preferences and a purchase-order number. Every message is the site's own, in both languages."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .. import clock, labels
from ..forms import MultiCheckboxField, SiteForm, one_email_address, options, parse_date, required_text, strip, \
    strip_spaces


class PaymentForm(SiteForm):
    paid_on = StringField(_l("Date paid"), filters=[strip],
                          validators=[DataRequired(_l("Enter the date the invoice was paid"))])
    reference = required_text(_l("Payment reference"), _l("Enter the payment reference, as the bank shows it"),
                              100, _l("Enter a reference of 100 characters or fewer"))

    def __init__(self, *args, invoice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invoice = invoice

    @property
    def day(self):
        return parse_date(self.paid_on.data)

    def validate_paid_on(self, field):
        day = parse_date(field.data)
        if day is None:
            raise ValidationError(_l("Enter the date paid as a real date, for example 15/5/2026"))
        if day > clock.today():
            raise ValidationError(_l("The date paid cannot be in the future"))
        if self.invoice is not None and day < self.invoice.issued_on:
            raise ValidationError(_l("The date paid cannot be before the invoice was issued"))


class CancelForm(SiteForm):
    reason = required_text(_l("Why is the invoice being cancelled?"),
                           _l("Enter why the invoice is being cancelled"), 1000,
                           _l("Enter a reason of 1,000 characters or fewer"), area=True)


class InvoicingForm(SiteForm):
    invoice_language = RadioField(_l("Language of its invoices"), choices=options(labels.INVOICE_LANGUAGES.items()),
                                  invalid_choice_message=_l("Select the language of its invoices"))
    po_required = MultiCheckboxField(_l("Purchase orders"), validate_choice=False,
                                     choices=options([("yes", _l("Its invoices need a purchase-order number"))]))
    finance_name = StringField(_l("Finance contact's name (optional)"), filters=[strip],
                               validators=[Length(max=200, message=_l("Enter a name of 200 characters or fewer"))])
    finance_email = StringField(_l("Finance contact's email address (optional)"), filters=[strip_spaces],
                                validators=[Optional(), one_email_address])

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, obj=organisation, **kwargs)
        if organisation is not None and not self.is_submitted():
            self.po_required.data = ["yes"] if organisation.po_required else []

    def values(self):
        return {"invoice_language": self.invoice_language.data, "po_required": "yes" in (self.po_required.data or []),
                "finance_name": self.finance_name.data or "", "finance_email": self.finance_email.data or ""}


class PurchaseOrderForm(SiteForm):
    po_reference = StringField(_l("Purchase-order number"), filters=[strip],
                               validators=[Length(max=100, message=_l("Enter a number of 100 characters or fewer"))])

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required

    def validate_po_reference(self, field):
        if self.required and not field.data:
            raise ValidationError(_l("Enter the purchase-order number"))
