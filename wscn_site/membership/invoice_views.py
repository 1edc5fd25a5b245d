"""Staff pages for invoices: the list, one invoice (download, record payment, cancel with a credit
note) and an organisation's invoicing (language, purchase orders, finance contact, invoices held).

Flash messages use gettext, never lazy strings (a lazy string counts as safe HTML)."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import labels
from ..access import staff_only
from ..audit import Refused
from ..extensions import db
from ..i18n import localized_route
from ..models import Invoice, Membership, Organisation
from . import bp, invoice_files, invoice_operations as operations, invoice_queries as queries
from .invoice_forms import CancelForm, InvoicingForm, PaymentForm, PurchaseOrderForm
from .invoice_messages import refusal_message
from .invoice_pdf import band_name, year_label

INVOICE = "/staff/invoices/<int:invoice_id>"
ANFONEB = "/staff/anfonebau/<int:invoice_id>"
INVOICING = "/staff/organisations/<int:organisation_id>/invoicing"
ANFONEBU = "/staff/sefydliadau/<int:organisation_id>/anfonebu"



@localized_route(bp, {"en": "/staff/invoices", "cy": "/staff/anfonebau"})
@staff_only
def staff_invoices():
    show = request.args.get("show", "all")
    show = show if show in ("all", "unpaid", "overdue") else "all"
    return render_template("membership/invoice_list.html", rows=queries.listing(show), show=show)


def _invoice_or_404(invoice_id):
    row = queries.one(invoice_id)
    if row is None:
        abort(404)
    return row


def _detail(row, payment_form=None):
    invoice = row.invoice
    return render_template(
        "membership/invoice_detail.html", row=row, invoice=invoice, credited=queries.credited(invoice),
        payment_form=payment_form or PaymentForm(invoice=invoice),
        download_name=invoice_files.download_name(invoice, g.lang))


@localized_route(bp, {"en": INVOICE, "cy": ANFONEB})
@staff_only
def staff_invoice(invoice_id):
    return _detail(_invoice_or_404(invoice_id))


@localized_route(bp, {"en": INVOICE + "/<name>", "cy": ANFONEB + "/<name>"})
@staff_only
def staff_invoice_pdf(invoice_id, name):
    invoice = db.get_or_404(Invoice, invoice_id)
    if name != invoice_files.download_name(invoice, g.lang):
        abort(404)
    return invoice_files.send_pdf(invoice, g.lang)


@localized_route(bp, {"en": INVOICE + "/payment", "cy": ANFONEB + "/taliad"}, methods=["GET", "POST"])
@staff_only
def record_payment(invoice_id):
    row = _invoice_or_404(invoice_id)
    if request.method == "GET":
        return redirect(url_for("membership.staff_invoice", invoice_id=invoice_id))
    form = PaymentForm(invoice=row.invoice)
    if not form.validate():
        return _detail(row, form)
    try:
        operations.record_payment(row.invoice, form.day, form.reference.data, current_user)
        flash(_("The payment of invoice %(number)s has been recorded.", number=row.invoice.number), "info")
    except Refused as refusal:
        flash(refusal_message(refusal.reason), "error")
    return redirect(url_for("membership.staff_invoice", invoice_id=invoice_id))


@localized_route(bp, {"en": INVOICE + "/cancel", "cy": ANFONEB + "/canslo"}, methods=["GET", "POST"])
@staff_only
def cancel_invoice(invoice_id):
    row = _invoice_or_404(invoice_id)
    form = CancelForm()
    if row.status not in ("unpaid", "overdue"):
        return redirect(url_for("membership.staff_invoice", invoice_id=invoice_id))
    if form.validate_on_submit():
        try:
            credit = operations.cancel_invoice(row.invoice, form.reason.data, current_user)
        except Refused as refusal:
            flash(refusal_message(refusal.reason), "error")
            return redirect(url_for("membership.staff_invoice", invoice_id=invoice_id))
        flash(_("Invoice %(number)s has been cancelled by credit note %(credit)s.", number=row.invoice.number,
                credit=credit.number), "info")
        return redirect(url_for("membership.staff_invoice", invoice_id=credit.id))
    return render_template("membership/invoice_cancel.html", row=row, form=form)


@localized_route(bp, {"en": INVOICING, "cy": ANFONEBU}, methods=["GET", "POST"])
@staff_only
def organisation_invoicing(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    form = InvoicingForm(organisation=organisation)
    if form.validate_on_submit():
        if operations.save_invoicing(organisation, form.values(), current_user):
            flash(_("How %(name)s is invoiced has been saved.", name=organisation.name(g.lang)), "info")
        return redirect(url_for("membership.organisation_invoicing", organisation_id=organisation.id))
    return _invoicing_page(organisation, form)


def _invoicing_page(organisation, form=None, po_forms=None):
    held = queries.awaiting_invoice(organisation.id)
    po_forms = po_forms or {}
    for membership in held:
        po_forms.setdefault(membership.id, PurchaseOrderForm(
            prefix=f"m{membership.id}", required=organisation.po_required,
            data={"po_reference": membership.po_reference}))
    return render_template("membership/invoicing.html", organisation=organisation,
                           form=form or InvoicingForm(organisation=organisation), held=held, po_forms=po_forms,
                           rows=queries.for_organisation(organisation.id))


@localized_route(bp, {"en": INVOICING + "/<int:membership_id>", "cy": ANFONEBU + "/<int:membership_id>"},
                 methods=["GET", "POST"])
@staff_only
def issue_held_invoice(organisation_id, membership_id):
    membership = db.get_or_404(Membership, membership_id)
    organisation = membership.organisation
    if organisation.id != organisation_id:
        abort(404)
    if request.method == "GET":
        return redirect(url_for("membership.organisation_invoicing", organisation_id=organisation_id))
    form = PurchaseOrderForm(prefix=f"m{membership.id}", required=organisation.po_required)
    if not form.validate():
        return _invoicing_page(organisation, po_forms={membership.id: form})
    try:
        invoice = operations.issue_membership_invoice(membership, form.po_reference.data, current_user)
    except Refused as refusal:
        flash(refusal_message(refusal.reason), "error")
    else:
        flash(_("Invoice %(number)s has been issued.", number=invoice.number), "info")
    return redirect(url_for("membership.organisation_invoicing", organisation_id=organisation_id))




@bp.context_processor
def invoice_helpers():
    return {"invoice_labels": labels, "membership_year_label": year_label, "band_name": band_name}
