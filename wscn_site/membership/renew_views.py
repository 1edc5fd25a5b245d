"""The lead's renewal page in the portal, the "renew" notice on every portal page in the grace
period, and the page shown instead of the library once access is lost.

Flash messages use gettext (plain strings), never lazy_gettext (see staff/people_views.py).
"""
import logging
from functools import wraps

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import clock, fees
from ..audit import Refused
from ..i18n import localized_route
from . import bp, invoice_files, renew_operations
from .invoice_issuer import ISSUER_NOT_CONFIGURED
from .renew_email import year_label
from .renew_forms import RenewForm
from .renew_queries import UNBANDED_KINDS, invoice_of, is_lead, leads_of, lost_access, portal_notice, renewal_for

log = logging.getLogger(__name__)


def refusal_message(reason):
    if reason == "renewed":
        return _("Your organisation's membership has already been renewed.")
    if reason == "ended":
        return _("The Network has ended your organisation's membership. To talk about it, email SaferCommunities@wlga.gov.uk.")
    if reason == "not-yet":
        return _("Renewal for next year is not open yet.")
    if reason == ISSUER_NOT_CONFIGURED:
        log.error("a renewal was refused: the invoice issuer's details are not configured")
        return _("Your renewal cannot be completed online at the moment. Nothing has been changed. Network "
                 "staff have been told; try again later, or email SaferCommunities@wlga.gov.uk.")
    return _("You are not allowed to do that.")


def lead_only(view):
    """Portal pages of an organisation's lead: anonymous visitors log in; anyone else gets a 404."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if g.get("database_unavailable"):
            abort(503)
        if not is_lead(current_user):
            abort(404)
        return view(*args, **kwargs)
    return wrapper


@bp.app_context_processor
def renewal_helpers():
    return {"renewal_notice": lambda: None if g.get("database_unavailable") else portal_notice(current_user),
            "renewal_prompt": lambda: renewal_for(current_user.organisation) if is_lead(current_user) else None,
            "year_label": year_label}


@bp.app_template_filter("year_end")
def year_end(year):
    """The last day of financial year ``year``: 31 March ``year + 1``."""
    return clock.financial_year_bounds(year)[1]


@bp.before_app_request
def renew_instead_of_library():
    """Once the grace period is over (or staff ended the membership), the library is the "renew" page."""
    if request.endpoint != "members.library_page" or g.get("database_unavailable"):
        return None
    if not lost_access(current_user):
        return None
    organisation = current_user.organisation
    return render_template("membership/renew_lapsed.html", organisation=organisation,
                           renewal=renewal_for(organisation), lead=is_lead(current_user),
                           leads=leads_of(organisation))


@localized_route(bp, {"en": "/members/renew", "cy": "/aelodau/adnewyddu"}, methods=["GET", "POST"])
@lead_only
def renew():
    organisation = current_user.organisation
    renewal = renewal_for(organisation)
    banded = organisation.kind not in UNBANDED_KINDS
    latest = renewal.latest
    typed = {"budget": f"{latest.budget:f}".rstrip("0").rstrip(".") if latest is not None and latest.budget else ""}
    form = RenewForm(banded=banded, data=None if request.method == "POST" else typed)
    if request.method == "POST" and renewal.year is None:  # renewed meanwhile, or not open
        flash(refusal_message(renewal.state), "error")
        return redirect(url_for("membership.renew"))
    if form.validate_on_submit():
        try:
            membership, _invoice, _why = renew_operations.renew(organisation, current_user, form.amount,
                                                                form.po_reference.data)
        except Refused as refusal:
            flash(refusal_message(refusal.reason), "error")
        else:
            flash(_("Your organisation's membership is renewed for %(year)s.", year=year_label(membership.year)), "info")
        return redirect(url_for("membership.renew"))
    shown = latest if latest is not None and latest.status == "member" else None
    invoice = invoice_of(shown) if shown is not None else None
    return render_template("membership/renew.html", form=form, renewal=renewal, banded=banded,
                           organisation=organisation, shown=shown, fee_bands=fees.FEE_BANDS,
                           bands_by_code={band.code: band for band in fees.FEE_BANDS},
                           invoice=invoice, invoice_pdf=invoice_files.download_name(invoice, g.lang) if invoice else None)
