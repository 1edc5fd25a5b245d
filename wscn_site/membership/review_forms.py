"""Staff decisions on an application: approve (with the fee where staff set it), ask for more
information, decline. Every message is the site's own, in both languages."""
import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

from ..forms import MultiCheckboxField, SiteForm, options, required_text, strip

_POUNDS = re.compile(r"£?\s*([0-9]{1,3}(,[0-9]{3})*|[0-9]+)(\.[0-9]{2})?")
MAX_FEE_PENCE = 10_000_000  # £100,000: more than any band; a typing slip beyond it is refused


class ApproveForm(SiteForm):
    fee = StringField(_l("Annual fee in pounds"), filters=[strip])
    po_required = MultiCheckboxField(_l("Purchase orders"), validate_choice=False,
                                     choices=options([("yes", _l("Its invoices need a purchase-order number"))]))

    fee_pence = None

    def __init__(self, *args, needs_fee=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_fee = needs_fee

    def validate_fee(self, field):
        if not self.needs_fee:
            return
        if not field.data:
            raise ValidationError(_l("Enter the annual fee in pounds, or 0 for no fee"))
        if not _POUNDS.fullmatch(field.data):
            raise ValidationError(_l("Enter the fee as an amount in pounds, for example 2500 or 0"))
        pence = int(Decimal(field.data.replace("£", "").replace(",", "").strip()) * 100)
        if pence > MAX_FEE_PENCE:
            raise ValidationError(_l("Enter a fee of £100,000 or less"))
        self.fee_pence = pence

    @property
    def wants_po(self):
        return "yes" in (self.po_required.data or [])


class MessageForm(SiteForm):
    message = required_text(_l("Message to the applicant"), _l("Enter the message to the applicant"), 5000,
                            _l("Enter a message of 5,000 characters or fewer"), area=True)
