"""Why an invoice operation was refused, in the page's language (gettext: plain strings for flash)."""
from flask_babel import gettext as _

from .invoice_issuer import ISSUER_NOT_CONFIGURED


def refusal_message(reason):
    if reason == "paid":
        return _("This invoice has been paid, so it cannot be cancelled here.")
    if reason == "cancelled":
        return _("This invoice has already been cancelled by a credit note.")
    if reason == "part-credited":
        return _("Places on this invoice were cancelled one at a time, each with its own credit note. Cancel the "
                 "other places from the event's attendee list instead.")
    if reason == "already-paid":
        return _("A payment has already been recorded for this invoice.")
    if reason == "not-an-invoice":
        return _("A credit note cannot be paid or cancelled.")
    if reason == "already-issued":
        return _("The invoice for this year has already been issued. To change it, cancel it with a credit note "
                 "first.")
    if reason == "nothing-owed":
        return _("Nothing is owed for this year, so no invoice is issued.")
    if reason == "po-required":
        return _("Enter the purchase-order number")
    if reason == ISSUER_NOT_CONFIGURED:
        return _("Invoices cannot be issued yet: the Network's invoicing details (address, payment details) "
                 "have not been set up. Ask the site's administrator.")
    return _("You are not allowed to do that.")
