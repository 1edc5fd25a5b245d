"""The organisation's lead, in the members' portal: its invoices and credit notes, their PDFs, and the
purchase-order number an invoice is waiting for. Anyone else (another organisation's lead, a member,
an anonymous visitor) gets a 404 for an invoice: existing or not, the answer is the same."""
from functools import wraps

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import Refused
from ..extensions import db
from ..i18n import localized_route
from ..models import Membership
from . import bp, invoice_files, invoice_operations as operations, invoice_queries as queries
from .invoice_forms import PurchaseOrderForm
from .invoice_messages import refusal_message

INVOICES = {"en": "/members/invoices", "cy": "/aelodau/anfonebau"}


def lead_only(view=None, log_in_first=False):
    """The organisation's active lead; the database must be reachable; anyone else gets a 404
    (an anonymous visitor is sent to log in first where ``log_in_first``: the list of invoices)."""
    if view is None:
        return lambda view: lead_only(view, log_in_first)

    @wraps(view)
    def checked(*args, **kwargs):
        if g.get("database_unavailable"):
            abort(503)
        user = current_user
        if log_in_first and not user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not (user.is_authenticated and user.is_active and user.role == "lead" and user.organisation_id):
            abort(404)
        return view(*args, **kwargs)
    return checked


def _page(po_forms=None):
    organisation = current_user.organisation
    held = queries.awaiting_invoice(organisation.id) if organisation.po_required else []
    po_forms = po_forms or {}
    for membership in held:
        po_forms.setdefault(membership.id, PurchaseOrderForm(
            prefix=f"m{membership.id}", required=organisation.po_required,
            data={"po_reference": membership.po_reference}))
    rows = queries.for_organisation(organisation.id)
    return render_template("membership/portal_invoices.html", organisation=organisation, rows=rows, held=held,
                           po_forms=po_forms,
                           names={row.invoice.id: invoice_files.download_name(row.invoice, g.lang) for row in rows})


@localized_route(bp, INVOICES)
@lead_only(log_in_first=True)
def portal_invoices():
    return _page()


@localized_route(bp, {"en": INVOICES["en"] + "/<int:invoice_id>/<name>",
                      "cy": INVOICES["cy"] + "/<int:invoice_id>/<name>"})
@lead_only
def portal_invoice_pdf(invoice_id, name):
    invoice = queries.lead_invoice(current_user, invoice_id)
    if invoice is None or name != invoice_files.download_name(invoice, g.lang):
        abort(404)
    return invoice_files.send_pdf(invoice, g.lang)


@localized_route(bp, {"en": INVOICES["en"] + "/purchase-order/<int:membership_id>",
                      "cy": INVOICES["cy"] + "/archeb-brynu/<int:membership_id>"}, methods=["GET", "POST"])
@lead_only
def portal_purchase_order(membership_id):
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != current_user.organisation_id:
        abort(404)
    if not membership.organisation.po_required:  # only an invoice held for its purchase order is the lead's to issue
        return redirect(url_for("membership.portal_invoices"))
    if request.method == "GET":
        return redirect(url_for("membership.portal_invoices"))
    form = PurchaseOrderForm(prefix=f"m{membership.id}", required=True)
    if not form.validate():
        return _page({membership.id: form})
    try:
        invoice = operations.issue_membership_invoice(membership, form.po_reference.data, current_user)
    except Refused as refusal:
        flash(refusal_message(refusal.reason), "error")
    else:
        flash(_("Thank you: invoice %(number)s has been issued with your purchase-order number.",
                number=invoice.number), "info")
    return redirect(url_for("membership.portal_invoices"))
