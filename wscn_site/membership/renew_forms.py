"""The lead's renewal form and the staff form that ends a membership."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, StopValidation

from ..forms import SiteForm, required_text, strip
from .apply_rules import budget_message, understand_budget


class RenewForm(SiteForm):
    """Confirm or change the budget (which gives the band and the fee) and give a purchase-order
    number if there is one. ``budget.data`` is a Decimal once validated (None for unbanded kinds)."""

    budget = StringField(_l("Your organisation's annual budget, in millions of pounds"), filters=[strip])
    po_reference = StringField(_l("Purchase-order number (optional)"), filters=[strip],
                               validators=[Length(max=100, message=_l("Enter a purchase-order number of 100 characters or fewer"))])

    def __init__(self, *args, banded=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.banded = banded
        self.amount = None

    def validate_budget(self, field):
        if not self.banded:
            return
        amount, problem = understand_budget(field.data)
        if problem:
            raise StopValidation(budget_message(problem))
        self.amount = amount


class EndMembershipForm(SiteForm):
    reason = required_text(_l("Why the membership ends"), _l("Enter why the membership ends"), 2000,
                           _l("Enter the reason in 2,000 characters or fewer"), area=True)
