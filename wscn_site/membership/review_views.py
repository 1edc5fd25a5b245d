"""The staff queue of applications and the decisions on each (staff only: others get what the staff
area gives them, the log-in page or a 404).

Flash messages use gettext (plain strings), never lazy_gettext: a name inside a lazy string would
reach the page unescaped.
"""

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import staff_only
from ..i18n import localized_route
from ..models.membership import APPLICATION_STATUSES
from . import apply_duplicates, bp, review_operations, review_queries
from .invoice_messages import refusal_message as invoice_refusal_message
from .invoicing import AWAITING_PO
from .review_forms import ApproveForm, MessageForm

QUEUE = {"en": "/staff/applications", "cy": "/staff/ceisiadau"}
ONE = {lang: path + "/<int:application_id>" for lang, path in QUEUE.items()}



def refusal_message(reason):
    if reason == "decided":
        return _("Someone has already decided on this application.")
    if reason == "lead-exists":
        return _("The lead contact's email address already has an account. Change that account first, or "
                 "ask the applicant for another address.")
    if reason == "fee-needed":
        return _("Enter the annual fee in pounds, or 0 for no fee")
    return invoice_refusal_message(reason)


@localized_route(bp, QUEUE)
@staff_only
def review_queue():
    status = request.args.get("status", "pending")
    if status not in APPLICATION_STATUSES:
        status = "pending"
    applications = review_queries.queue(status)
    return render_template("membership/review_queue.html", status=status, counts=review_queries.counts(),
                           applications=applications, flagged=review_queries.flagged_ids(applications))


@localized_route(bp, ONE)
@staff_only
def review_application(application_id):
    return _page(review_queries.application_or_404(application_id))


def _page(application, approve_form=None, info_form=None, decline_form=None):
    return render_template(
        "membership/review_application.html", application=application,
        approve_form=approve_form or ApproveForm(needs_fee=application.band is None),
        info_form=info_form or MessageForm(prefix="info"), decline_form=decline_form or MessageForm(prefix="decline"),
        duplicate=review_queries.organisation(application.duplicate_of_id),
        organisation=review_queries.organisation(application.organisation_id),
        others=apply_duplicates.open_applications_named(application), open=application.status in
        apply_duplicates.OPEN_STATUSES)


@localized_route(bp, {lang: path + "/" + ("approve" if lang == "en" else "cymeradwyo") for lang, path in ONE.items()},
                 methods=["GET", "POST"])
@staff_only
def approve_application(application_id):
    application = review_queries.application_or_404(application_id)
    if request.method == "GET":
        return redirect(url_for("membership.review_application", application_id=application.id))
    form = ApproveForm(needs_fee=application.band is None)
    if not form.validate():
        return _page(application, approve_form=form)
    try:
        result = review_operations.approve(application, current_user, form.fee_pence, po_required=form.wants_po)
    except review_operations.Refused as refusal:
        flash(refusal_message(refusal.reason), "error")
    else:
        flash(_("The application is approved: %(organisation)s is a member and %(email)s has been invited to "
                "the members' portal.", organisation=result.organisation.name(g.lang), email=result.lead.email),
              "info")
        if result.invoice is not None:
            flash(_("Invoice %(number)s has been issued.", number=result.invoice.number), "info")
        elif result.reason == AWAITING_PO:
            flash(_("The invoice is held until the purchase-order number is entered, by staff on the "
                    "organisation's invoicing page or by its lead in the portal."), "info")
    return redirect(url_for("membership.review_application", application_id=application.id))


@localized_route(bp, {lang: path + "/" + ("needs-information" if lang == "en" else "angen-gwybodaeth")
                      for lang, path in ONE.items()}, methods=["GET", "POST"])
@staff_only
def ask_for_information(application_id):
    return _message(application_id, "info", review_operations.ask_for_information,
                    lambda email: _("Your message has been emailed to %(email)s.", email=email))


@localized_route(bp, {lang: path + "/" + ("decline" if lang == "en" else "gwrthod") for lang, path in ONE.items()},
                 methods=["GET", "POST"])
@staff_only
def decline_application(application_id):
    return _message(application_id, "decline", review_operations.decline,
                    lambda email: _("The application is declined, and your message has been emailed to %(email)s.",
                                    email=email))


def _message(application_id, prefix, operation, done):
    application = review_queries.application_or_404(application_id)
    if request.method == "GET":
        return redirect(url_for("membership.review_application", application_id=application.id))
    form = MessageForm(prefix=prefix)
    if not form.validate():
        return _page(application, **{f"{prefix}_form": form})
    try:
        operation(application, form.message.data, current_user)
    except review_operations.Refused as refusal:
        flash(refusal_message(refusal.reason), "error")
    else:
        flash(done(application.lead_email), "info")
    return redirect(url_for("membership.review_application", application_id=application.id))
