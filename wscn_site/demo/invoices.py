"""Demo invoicing: the current member organisation's fee for this year, invoiced bilingually (Welsh
first) with a purchase-order number, so the staff tools and the lead's portal show an issued invoice.
Its PDF names the demo issuer (invoice_issuer.DEMO), marked "DEMO" in both languages."""
from decimal import Decimal

from ..clock import financial_year
from ..fees import band_for
from ..membership.invoicing import invoice_membership


def load_invoices(organisation):
    organisation.invoice_language = "both"
    organisation.po_required = True
    organisation.finance_name = "Tîm Cyllid / Finance Team (demo)"
    organisation.finance_email = "cyllid@example.org"
    membership = organisation.membership_in(financial_year())
    band = band_for(Decimal(250))
    membership.budget, membership.band, membership.fee_pence = Decimal(250), band.code, band.fee * 100
    membership.po_reference = "PO-DEMO-0042"
    invoice, reason = invoice_membership(membership)
    if invoice is None:
        raise RuntimeError(f"the demo invoice was not issued: {reason}")
    return invoice
